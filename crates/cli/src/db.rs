//! The database every store command works on, and finding a record in it by any id.

use std::path::PathBuf;

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use trialdex_index::SearchIndex;
use trialdex_store::{Lookup, RecordKey, SqliteStore, Store};

#[derive(clap::Args)]
pub struct DbArgs {
    /// Database directory.
    #[arg(long, env = "TRIALDEX_DB", default_value = "./trialdex-data", value_name = "DIR")]
    pub db: PathBuf,
}

impl DbArgs {
    pub fn open(&self) -> Result<SqliteStore> {
        SqliteStore::open(&self.db).with_context(|| format!("cannot use database {}", self.db.display()))
    }

    /// Opens an existing database; a mistyped `--db` should not create an empty one.
    pub fn open_existing(&self) -> Result<SqliteStore> {
        if !self.db.join("trialdex.sqlite").exists() {
            bail!(
                "no trialdex database in {} (run `trialdex import --db {} PATH…` first)",
                self.db.display(),
                self.db.display()
            );
        }
        self.open()
    }

    /// The search index beside the store, brought up to the store's latest change
    /// (which also heals an index left behind by a crash). When another process holds
    /// the index for writing, it is searched as it is.
    pub fn open_index(&self, store: &dyn Store) -> Result<SearchIndex> {
        let index = self.open_index_as_is()?;
        if let Err(err) = sync_index(&index, store) {
            if !matches!(err.downcast_ref(), Some(trialdex_index::Error::Busy(_))) {
                return Err(err);
            }
            eprintln!("trialdex: {err:#}; searching the index as it is");
        }
        Ok(index)
    }

    /// The search index in the database directory, without bringing it up to date.
    pub fn open_index_as_is(&self) -> Result<SearchIndex> {
        let dir = self.db.join("index");
        SearchIndex::open(&dir).with_context(|| format!("cannot open search index {}", dir.display()))
    }
}

/// Indexes what the store has beyond the index, with a line of progress on a terminal.
fn sync_index(index: &SearchIndex, store: &dyn Store) -> Result<trialdex_index::SyncStats> {
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let mut last_shown = Instant::now();
    let stats = index.sync(store, &mut |done| {
        if terminal && last_shown.elapsed().as_millis() > 200 {
            eprint!("\rindexing: {done} records");
            last_shown = Instant::now();
        }
    })?;
    if terminal && stats.indexed > 0 {
        eprint!("\r\x1b[K");
    }
    if stats.indexed > 0 {
        let rate = stats.indexed as f64 / started.elapsed().as_secs_f64().max(1e-3);
        let how = if stats.rebuilt { "built the search index" } else { "updated the search index" };
        eprintln!("{how}: {} records in {:.1}s ({rate:.0} records/s)", stats.indexed, started.elapsed().as_secs_f64());
    }
    Ok(stats)
}

/// The one record `id` names: any registry id it has or declares, any case, or its key
/// `registry:registryId` (see `trialdex_store::find`).
pub fn resolve_one(store: &dyn Store, id: &str) -> Result<RecordKey> {
    let listed = |keys: &[RecordKey]| keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match trialdex_store::find(store, id)? {
        Lookup::Found(key) => Ok(key),
        Lookup::Ambiguous(keys) => {
            bail!("{id:?} names {} records: {}; use one of these keys instead", keys.len(), listed(&keys))
        }
        Lookup::NotFound { mentioned_by } if mentioned_by.is_empty() => bail!("no record with id {id:?}"),
        Lookup::NotFound { mentioned_by } => {
            bail!("no record has id {id:?}; it is only mentioned in the text of {}", listed(&mentioned_by))
        }
    }
}
