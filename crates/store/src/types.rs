//! The values that cross the `Store` boundary.

use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};
use trialdex_model::{PartialDate, Registry, SourceFormat, Study};

use crate::codec::compress;

/// A record's identity: its registry and its id there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordKey {
    pub registry: Registry,
    pub registry_id: String,
}

impl RecordKey {
    /// The key a parsed record carries in its registrySection.
    pub fn of(study: &Study) -> crate::Result<Self> {
        let section = study.registry_section.as_ref().ok_or(crate::Error::MissingKey("registrySection"))?;
        Ok(RecordKey {
            registry: section.registry.ok_or(crate::Error::MissingKey("registry"))?,
            registry_id: section.registry_id.clone().ok_or(crate::Error::MissingKey("registryId"))?,
        })
    }
}

impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}:{}", self.registry, self.registry_id)
    }
}

impl std::str::FromStr for RecordKey {
    type Err = crate::Error;

    /// Reads the `registry:registryId` form `Display` writes.
    fn from_str(key: &str) -> crate::Result<Self> {
        let damaged = || crate::Error::Corrupt(format!("{key:?} is not a record key (registry:id)"));
        let (registry, id) = key.split_once(':').ok_or_else(damaged)?;
        Ok(RecordKey { registry: Registry::from_key(registry).ok_or_else(damaged)?, registry_id: id.to_owned() })
    }
}

/// A source file's bytes made ready to store: hashed and compressed once, shared by
/// every record read from the file (an ICTRP export holds hundreds).
#[derive(Debug)]
pub struct Source {
    pub(crate) hash: [u8; 32],
    pub(crate) len: u64,
    pub(crate) compressed: Vec<u8>,
}

impl Source {
    pub fn new(raw: &[u8]) -> crate::Result<Arc<Self>> {
        Ok(Arc::new(Source { hash: Sha256::digest(raw).into(), len: raw.len() as u64, compressed: compress(raw)? }))
    }
}

/// One record made ready to store: serialized, hashed and compressed. None of this
/// needs the database, so an importer prepares versions on every core and the one
/// writer only runs SQL.
#[derive(Debug)]
pub struct NewVersion {
    pub(crate) key: RecordKey,
    pub(crate) content_hash: [u8; 32],
    pub(crate) study_compressed: Vec<u8>,
    pub(crate) source: Arc<Source>,
    pub(crate) source_format: Option<SourceFormat>,
    pub(crate) source_path: Option<String>,
    pub(crate) read_at_ms: i64,
    pub(crate) source_updated: Option<PartialDate>,
    /// The record's own id and every id it carries, for lookup.
    pub(crate) ids: Vec<String>,
}

impl NewVersion {
    /// `read_at_ms`: when the source was read, Unix milliseconds.
    pub fn new(study: &Study, source: Arc<Source>, source_path: Option<&str>, read_at_ms: i64) -> crate::Result<Self> {
        let key = RecordKey::of(study)?;
        let json =
            serde_json::to_vec(study).map_err(|e| crate::Error::Corrupt(format!("record does not serialize: {e}")))?;
        let section = study.registry_section.as_ref();
        let mut ids = vec![key.registry_id.clone()];
        ids.extend(section.iter().flat_map(|s| &s.other_ids).map(|o| o.id.clone()));
        Ok(NewVersion {
            content_hash: Sha256::digest(&json).into(),
            study_compressed: compress(&json)?,
            source,
            source_format: section.and_then(|s| s.source_format),
            source_path: source_path.map(str::to_owned),
            read_at_ms,
            source_updated: source_updated(study),
            ids,
            key,
        })
    }
}

/// What `put` did with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum PutOutcome {
    /// A record not seen before: version 1.
    NewRecord { version: u32 },
    /// Changed content: a new version that became current.
    NewVersion { version: u32 },
    /// Changed content whose source is older than the current version: kept in the history, not current.
    OlderVersion { version: u32 },
    /// The same content as an existing version: nothing stored.
    Unchanged { version: u32 },
}

/// About one stored version, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub version: u32,
    /// Position in the store's change sequence.
    pub seq: u64,
    pub is_current: bool,
    /// SHA-256 of the normalized record, hex.
    pub content_hash: String,
    pub source_format: Option<SourceFormat>,
    pub source_path: Option<String>,
    pub read_at_ms: i64,
    /// The source's own "last updated" date, when it gives one.
    pub source_updated: Option<PartialDate>,
    pub raw_size: u64,
}

/// A stored version with its record.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVersion {
    pub key: RecordKey,
    pub info: VersionInfo,
    pub study: Study,
}

/// One entry of the change sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub seq: u64,
    pub key: RecordKey,
    pub version: u32,
}

/// Totals for `trialdex stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub records: u64,
    pub versions: u64,
    pub raw_sources: u64,
    pub raw_bytes: u64,
    pub stored_bytes: u64,
    pub by_registry: Vec<(String, u64)>,
    pub by_format: Vec<(String, u64)>,
}

/// The source's own "last updated" date: CT.gov's last update posted, or a registry's
/// last refreshed date. Orders versions read out of order.
pub fn source_updated(study: &Study) -> Option<PartialDate> {
    let ctgov = study
        .protocol_section
        .as_ref()
        .and_then(|p| p.status_module.as_ref())
        .and_then(|s| s.last_update_post_date_struct.as_ref().and_then(|d| d.date).or(s.last_update_submit_date));
    ctgov.or_else(|| {
        let refreshed = study.registry_section.as_ref()?.registry_fields.as_ref()?.last_refreshed.as_deref()?;
        PartialDate::parse(refreshed).ok()
    })
}
