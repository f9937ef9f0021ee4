//! The database every store command works on, and finding a record in it by any id.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use trialdex_store::{RecordKey, SqliteStore, Store};

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
}

/// The one record `id` names (any registry id, any case).
pub fn resolve_one(store: &dyn Store, id: &str) -> Result<RecordKey> {
    let mut keys = store.resolve(id)?;
    match keys.len() {
        0 => bail!("no record with id {id:?}"),
        1 => Ok(keys.remove(0)),
        _ => {
            let listed: Vec<String> = keys.iter().map(ToString::to_string).collect();
            bail!("{id:?} names {} records: {}; use the record's own registry id", keys.len(), listed.join(", "))
        }
    }
}
