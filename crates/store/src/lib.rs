//! The versioned record store: every version of every record trialdex has read,
//! with its raw source bytes, behind a monotonically increasing change sequence that
//! later readers (the search index, replicas) follow.
//!
//! A record's key is (`registry`, `registryId`). Reading the same content again adds
//! nothing; changed content adds version N+1; a version whose source says it is older
//! than the current one is kept in the history without becoming current.
//!
//! `Store` is the contract; `SqliteStore` the embedded backend. Every backend runs the
//! same test suite (`tests/suite/`).

mod codec;
mod error;
mod lookup;
mod sqlite;
mod types;

pub use error::{Error, Result};
pub use lookup::{Lookup, find};
pub use sqlite::SqliteStore;
pub use types::*;

/// Calls `visit` with every current record, in key order, reading `page` records at a time.
pub fn for_each_current<E: From<Error>>(
    store: &dyn Store,
    page: usize,
    mut visit: impl FnMut(StoredVersion) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut after = None;
    loop {
        let records = store.current_records(after.as_ref(), page)?;
        let Some(last) = records.last() else { return Ok(()) };
        after = Some(last.key.clone());
        records.into_iter().try_for_each(&mut visit)?;
    }
}

/// A version in a record's history with the modules it changed from the version
/// before it (oldest first; none for the first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub info: VersionInfo,
    pub changed_modules: Vec<String>,
}

/// The versions to compare by default: the current one and the one before it in the
/// history — by the source's own dates, not by number (an older version read later
/// has a higher number but an earlier place).
pub fn default_comparison(history: &[VersionInfo]) -> (u32, u32) {
    let at = history.iter().position(|v| v.is_current).unwrap_or(history.len().saturating_sub(1));
    let current = history.get(at).map_or(1, |v| v.version);
    let before = at.checked_sub(1).and_then(|i| history.get(i)).map_or(current, |v| v.version);
    (before, current)
}

/// The history of `key`, each version with the modules that differ from the one before.
pub fn history_with_changes(store: &dyn Store, key: &RecordKey) -> Result<Vec<HistoryEntry>> {
    let mut previous: Option<serde_json::Value> = None;
    let mut entries = Vec::new();
    for info in store.history(key)? {
        let stored = store
            .version(key, info.version)?
            .ok_or_else(|| Error::Corrupt(format!("{key} version {} is listed but missing", info.version)))?;
        let value = serde_json::to_value(&stored.study)
            .map_err(|e| Error::Corrupt(format!("{key} version {} does not serialize: {e}", info.version)))?;
        let changed_modules = previous
            .as_ref()
            .map(|before| trialdex_model::changed_modules(&trialdex_model::diff(before, &value)))
            .unwrap_or_default();
        entries.push(HistoryEntry { info, changed_modules });
        previous = Some(value);
    }
    Ok(entries)
}

/// One version of `key` (the current one when `version` is None) with its history
/// entry: only it and the version before it are read, not the whole history.
pub fn version_with_changes(
    store: &dyn Store,
    key: &RecordKey,
    version: Option<u32>,
) -> Result<Option<(HistoryEntry, StoredVersion)>> {
    let history = store.history(key)?;
    let at = match version {
        Some(n) => history.iter().position(|v| v.version == n),
        None => history.iter().position(|v| v.is_current),
    };
    let Some(at) = at else { return Ok(None) };
    let load = |info: &VersionInfo| -> Result<(StoredVersion, serde_json::Value)> {
        let stored = store
            .version(key, info.version)?
            .ok_or_else(|| Error::Corrupt(format!("{key} version {} is listed but missing", info.version)))?;
        let value = serde_json::to_value(&stored.study)
            .map_err(|e| Error::Corrupt(format!("{key} version {} does not serialize: {e}", info.version)))?;
        Ok((stored, value))
    };
    let (stored, value) = load(&history[at])?;
    let changed_modules = match at.checked_sub(1) {
        Some(before) => trialdex_model::changed_modules(&trialdex_model::diff(&load(&history[before])?.1, &value)),
        None => Vec::new(),
    };
    Ok(Some((HistoryEntry { info: history[at].clone(), changed_modules }, stored)))
}

/// What every storage backend provides. Writes are batched: one call, one transaction,
/// so a crash leaves either the whole batch or none of it.
pub trait Store: Send + Sync {
    /// Stores each record as a new version unless an identical version exists.
    fn put(&self, batch: &[NewVersion]) -> Result<Vec<PutOutcome>>;

    /// The record an id names: its own registry id or any id it carries, any case.
    fn resolve(&self, id: &str) -> Result<Vec<RecordKey>>;

    /// The current version of a record.
    fn current(&self, key: &RecordKey) -> Result<Option<StoredVersion>>;

    /// One version of a record, by number (1 = first read).
    fn version(&self, key: &RecordKey, version: u32) -> Result<Option<StoredVersion>>;

    /// Every version of a record, ordered by the source's own date, then by arrival.
    fn history(&self, key: &RecordKey) -> Result<Vec<VersionInfo>>;

    /// The raw source bytes a version was read from, byte for byte.
    fn raw(&self, key: &RecordKey, version: u32) -> Result<Option<Vec<u8>>>;

    /// Versions stored after change `after`, in sequence order, at most `limit`.
    fn changes(&self, after: u64, limit: usize) -> Result<Vec<Change>>;

    /// The position of the latest change; 0 when the store is empty.
    fn last_seq(&self) -> Result<u64>;

    /// Every current record, in key order, `limit` at a time after `after` (a key).
    fn current_records(&self, after: Option<&RecordKey>, limit: usize) -> Result<Vec<StoredVersion>>;

    /// Counts for `trialdex stats`.
    fn counts(&self) -> Result<Counts>;

    /// Checks the database's own integrity and that every version is whole.
    fn check(&self) -> Result<()>;
}
