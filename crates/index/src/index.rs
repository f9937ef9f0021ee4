//! The search index on disk: opened beside the store, kept current by following the
//! store's change sequence, rebuilt from the store whenever it is missing, stale or
//! of another format.
//!
//! The position in the change sequence the index has applied is saved with each
//! commit (tantivy's commit payload), in the same atomic step as the documents, so a
//! crash between the store and the index is healed by the next `sync`: it replays
//! whatever the store has beyond that position.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use trialdex_store::{RecordKey, Store, StoredVersion, for_each_current};

use crate::schema::Fields;
use crate::synonyms::Synonyms;
use crate::{Error, Result, analysis, document::document};

/// Bumped whenever documents would be built differently (fields, analysis, synonyms'
/// inputs): an index of another format is rebuilt, never searched.
const FORMAT: &str = "trialdex-index 1";
const FORMAT_FILE: &str = "FORMAT";
/// Synonyms learned from the indexed records (intervention other names, abbreviations
/// defined in text), saved before each commit so they cover what the index holds.
const SYNONYMS_FILE: &str = "synonyms.json";
/// Records read from the store per step, and how often a long sync commits.
const BATCH: usize = 1000;
const COMMIT_EVERY: usize = 100_000;
const WRITER_MEMORY: usize = 200_000_000;

/// What a `sync` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncStats {
    /// Records (re)indexed.
    pub indexed: u64,
    /// True when the index was built from scratch.
    pub rebuilt: bool,
    /// The change sequence position the index now reflects.
    pub seq: u64,
}

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) synonyms: RwLock<Synonyms>,
    /// Which linked documents of the current searcher are in which cluster, for
    /// collapsed searches (built once per searcher and set of clusters).
    pub(crate) linked_docs: std::sync::Mutex<Option<std::sync::Arc<crate::collapse::LinkedDocs>>>,
    dir: PathBuf,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent or of another format.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let fields = Fields::new();
        let current = std::fs::read_to_string(dir.join(FORMAT_FILE)).ok();
        let mut index = if current.as_deref() == Some(FORMAT) {
            Index::open_in_dir(dir)?
        } else {
            if dir.exists() {
                std::fs::remove_dir_all(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
            }
            std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
            let index = Index::create_in_dir(dir, fields.schema.clone())?;
            std::fs::write(dir.join(FORMAT_FILE), FORMAT).map_err(|e| Error::Io(dir.to_owned(), e))?;
            index
        };
        analysis::register(&index);
        // One search walks its segments on every core: a request waits less, and a
        // server under many requests is no worse off than with one thread each.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        index.set_multithread_executor(threads)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let mut synonyms = Synonyms::curated();
        if let Ok(bytes) = std::fs::read(dir.join(SYNONYMS_FILE)) {
            // A damaged file costs the learned synonyms until the next rebuild, not the index.
            if let Ok(learned) = Synonyms::from_json(&bytes) {
                synonyms.merge(learned);
            }
        }
        Ok(SearchIndex {
            index,
            reader,
            fields,
            synonyms: RwLock::new(synonyms),
            linked_docs: Default::default(),
            dir: dir.to_owned(),
        })
    }

    /// The store change the index reflects: every change up to it is indexed.
    pub fn applied_seq(&self) -> Result<u64> {
        let payload = self.index.load_metas()?.payload;
        Ok(payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Brings the index up to the store's latest change. `progress` is called with
    /// the number of records indexed so far.
    pub fn sync(&self, store: &dyn Store, progress: &mut dyn FnMut(u64)) -> Result<SyncStats> {
        let target = store.last_seq()?;
        let applied = self.applied_seq()?;
        if applied == target {
            // Another process (an import) may have brought the index up to date.
            self.refresh()?;
            return Ok(SyncStats { indexed: 0, rebuilt: false, seq: applied });
        }
        let mut writer = self.writer()?;
        // An index ahead of its store belongs to another database: start over.
        let stats = if applied == 0 || applied > target {
            self.rebuild_with(&mut writer, store, progress)?
        } else {
            self.follow(&mut writer, store, applied, progress)?
        };
        self.reader.reload()?;
        Ok(stats)
    }

    /// Makes what has been committed to the index, by this process or another, visible
    /// to searches.
    pub fn refresh(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Drops every document and indexes the store's current records again.
    pub fn rebuild(&self, store: &dyn Store, progress: &mut dyn FnMut(u64)) -> Result<SyncStats> {
        let mut writer = self.writer()?;
        let stats = self.rebuild_with(&mut writer, store, progress)?;
        self.reader.reload()?;
        Ok(stats)
    }

    /// Merges the index's segments into at most one per core: a search walks each
    /// segment (in parallel, one per core) and looks every term up in each, so an index
    /// rebuilt in many segments answers slower than it needs to (at 500k records,
    /// 8 segments merged into 2 halved the median query time).
    fn merge_segments(&self, writer: &mut IndexWriter<TantivyDocument>) -> Result<()> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut segments = self.index.searchable_segment_metas()?;
        if segments.len() <= cores {
            return Ok(());
        }
        // Largest first, each to the group holding fewest documents so far.
        segments.sort_by_key(|s| std::cmp::Reverse(s.num_docs()));
        let mut groups: Vec<(u32, Vec<tantivy::index::SegmentId>)> = vec![(0, Vec::new()); cores];
        for segment in segments {
            let lightest = groups.iter_mut().min_by_key(|(docs, _)| *docs).expect("at least one core");
            lightest.0 += segment.num_docs();
            lightest.1.push(segment.id());
        }
        for (_, ids) in groups.iter().filter(|(_, ids)| ids.len() > 1) {
            // A merge keeps the commit's payload (the store change reached).
            writer.merge(ids).wait()?;
        }
        self.refresh()
    }

    fn writer(&self) -> Result<IndexWriter<TantivyDocument>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        self.index.writer_with_num_threads(threads, WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy(self.dir.clone()),
            other => other.into(),
        })
    }

    fn rebuild_with(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        store: &dyn Store,
        progress: &mut dyn FnMut(u64),
    ) -> Result<SyncStats> {
        // Changes made while the records are read are replayed by the next sync.
        let target = store.last_seq()?;
        // Segments are merged once, at the end (`merge_segments`), not while indexing:
        // merging the same documents again and again would double the work.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        writer.delete_all_documents()?;
        *self.synonyms.write().unwrap_or_else(|p| p.into_inner()) = Synonyms::curated();
        let mut indexed = 0u64;
        for_each_current(store, BATCH, |version| -> Result<()> {
            writer.add_document(self.document(&version)?)?;
            indexed += 1;
            if indexed.is_multiple_of(BATCH as u64) {
                progress(indexed);
            }
            if indexed.is_multiple_of(COMMIT_EVERY as u64) {
                // Bounds what the writer holds. The commit carries no position, so a
                // rebuild interrupted after it starts over on the next sync.
                writer.commit()?;
            }
            Ok(())
        })?;
        progress(indexed);
        self.commit(writer, target)?;
        self.merge_segments(writer)?;
        Ok(SyncStats { indexed, rebuilt: true, seq: target })
    }

    fn follow(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        store: &dyn Store,
        mut applied: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<SyncStats> {
        let mut indexed = 0u64;
        let mut since_commit = 0usize;
        loop {
            let changes = store.changes(applied, BATCH)?;
            let Some(last) = changes.last() else { break };
            let mut keys: Vec<&RecordKey> = changes.iter().map(|c| &c.key).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                writer.delete_term(Term::from_field_text(self.fields.key, &key.to_string()));
                if let Some(current) = store.current(key)? {
                    writer.add_document(self.document(&current)?)?;
                    indexed += 1;
                    since_commit += 1;
                }
            }
            applied = last.seq;
            progress(indexed);
            if since_commit >= COMMIT_EVERY {
                self.commit(writer, applied)?;
                since_commit = 0;
            }
        }
        self.commit(writer, applied)?;
        Ok(SyncStats { indexed, rebuilt: false, seq: applied })
    }

    fn document(&self, version: &StoredVersion) -> Result<TantivyDocument> {
        self.synonyms.write().unwrap_or_else(|p| p.into_inner()).learn(&version.study);
        let record = serde_json::to_value(&version.study).map_err(|e| Error::Record(version.key.to_string(), e))?;
        Ok(document(&self.fields, &version.key.to_string(), &record))
    }

    /// Number of records the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Saves the learned synonyms, then commits the documents with the change they reach.
    fn commit(&self, writer: &mut IndexWriter<TantivyDocument>, seq: u64) -> Result<()> {
        let learned = self.synonyms.read().unwrap_or_else(|p| p.into_inner()).to_json();
        let path = self.dir.join(SYNONYMS_FILE);
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, learned)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|e| Error::Io(path, e))?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        Ok(())
    }
}
