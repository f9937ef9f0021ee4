//! The JSON shapes of trialdex's own API, with their OpenAPI schemas.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use trialdex_store::{Counts, HistoryEntry, PutOutcome, RecordKey};
use utoipa::ToSchema;

/// A record's key: its registry and its id there.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Key {
    /// `ctgov`, `chictr`, `euctr`, `isrctn`, … (lower case).
    pub registry: String,
    pub registry_id: String,
}

impl From<&RecordKey> for Key {
    fn from(key: &RecordKey) -> Key {
        Key { registry: key.registry.as_str().to_owned(), registry_id: key.registry_id.clone() }
    }
}

/// One version of a record: the record as normalized, and where it came from.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordVersion {
    #[serde(flatten)]
    pub key: Key,
    pub version: Version,
    /// The record: ClinicalTrials.gov's `Study` shape plus `registrySection`.
    #[schema(value_type = Object)]
    pub record: Value,
}

/// What the store knows of a version.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub version: u32,
    /// Its place in the store's change sequence.
    pub seq: u64,
    pub is_current: bool,
    /// SHA-256 of the normalized record.
    pub content_hash: String,
    /// How it was read (`ctgov-v2-json`, `chictr-html`, …).
    pub source_format: Option<String>,
    /// The file or URL it was read from.
    pub source_path: Option<String>,
    /// When trialdex read it (UTC, RFC 3339).
    pub read_at: String,
    /// The source's own "last updated" date, at the precision it gave.
    pub source_updated: Option<String>,
    /// Bytes of the raw source it was read from.
    pub raw_size: u64,
    /// Modules that differ from the version before it in the history.
    pub changed_modules: Vec<String>,
}

impl From<&HistoryEntry> for Version {
    fn from(entry: &HistoryEntry) -> Version {
        let info = &entry.info;
        Version {
            version: info.version,
            seq: info.seq,
            is_current: info.is_current,
            content_hash: info.content_hash.clone(),
            source_format: info.source_format.map(|f| f.as_str().to_owned()),
            source_path: info.source_path.clone(),
            read_at: jiff::Timestamp::from_millisecond(info.read_at_ms).map(|t| t.to_string()).unwrap_or_default(),
            source_updated: info.source_updated.map(|d| d.to_string()),
            raw_size: info.raw_size,
            changed_modules: entry.changed_modules.clone(),
        }
    }
}

/// Every version of a record, oldest first (by the source's own date).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct History {
    #[serde(flatten)]
    pub key: Key,
    pub versions: Vec<Version>,
}

/// The fields that differ between two versions.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    #[serde(flatten)]
    pub key: Key,
    pub from: u32,
    pub to: u32,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    /// Dotted path of the field (`protocolSection.statusModule.overallStatus`).
    pub path: String,
    /// Absent when the field is new.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub before: Option<Value>,
    /// Absent when the field was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub after: Option<Value>,
}

/// `GET /search` query parameters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Other terms (CT.gov's BasicSearch area, Chinese text and every registry's ids included).
    pub q: Option<String>,
    /// Conditions or disease.
    pub cond: Option<String>,
    /// Intervention / treatment.
    pub intr: Option<String>,
    pub titles: Option<String>,
    pub outc: Option<String>,
    pub spons: Option<String>,
    pub lead: Option<String>,
    /// Study ids of any registry.
    pub id: Option<String>,
    /// City, state, country or facility.
    pub locn: Option<String>,
    /// A patient's description as plain text: any of its words count.
    pub patient: Option<String>,
    /// Overall statuses, comma- or pipe-separated (`RECRUITING,NOT_YET_RECRUITING`).
    pub status: Option<String>,
    /// Registries, comma-separated (`ctgov,chictr`).
    pub registry: Option<String>,
    /// Phases, comma-separated (`PHASE2,PHASE3`; `NA` also matches records giving none).
    pub phase: Option<String>,
    pub study_type: Option<String>,
    /// `FEMALE`, `MALE`, `ALL`.
    pub sex: Option<String>,
    /// Countries with a site, comma-separated.
    pub country: Option<String>,
    /// A patient's age in years: trials whose limits include it.
    pub age: Option<f64>,
    pub healthy_volunteers: Option<bool>,
    pub has_results: Option<bool>,
    /// Start date range `FROM..TO`, either end optional.
    pub start: Option<String>,
    /// Last update range `FROM..TO`.
    pub updated: Option<String>,
    /// `distance(lat,lon,50mi)` or `lat,lon,50km`.
    pub geo: Option<String>,
    /// Any further condition in CT.gov's query language.
    pub advanced: Option<String>,
    /// Count the results by status, phase, study type, registry, country, sex, age group, results.
    pub facets: Option<bool>,
    /// `@relevance`, or a date or number piece with `:asc` or `:desc`.
    pub sort: Option<String>,
    /// Default (and 0) 10; more than 1000 is 1000.
    pub page_size: Option<usize>,
    pub page_token: Option<String>,
    /// One result per trial: registrations linked as the same trial (`trialdex links`)
    /// shown once, by the best placed; `total` then counts trials.
    pub collapse: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Records matching, over all pages (trials, when collapsed).
    pub total: u64,
    /// When collapsed: the registrations matching, of which `total` are distinct trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrations: Option<u64>,
    pub hits: Vec<SearchHit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<Facet>,
}

/// A result: the record's key, its relevance and what a result list shows of it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    #[serde(flatten)]
    pub key: Key,
    pub score: f32,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub phases: Vec<String>,
    pub conditions: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Facet {
    /// `status`, `phase`, `studyType`, `registry`, `country`, `sex`, `ageGroup`, `results`.
    pub name: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// What the database holds.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub records: u64,
    pub versions: u64,
    /// Distinct raw source files kept, and their size before and after compression.
    pub raw_sources: u64,
    pub raw_bytes: u64,
    pub stored_bytes: u64,
    /// Records in the search index.
    pub indexed: u64,
    pub by_registry: Vec<FacetValue>,
    pub by_format: Vec<FacetValue>,
}

impl Stats {
    pub fn new(counts: Counts, indexed: u64) -> Stats {
        let list =
            |pairs: Vec<(String, u64)>| pairs.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
        Stats {
            records: counts.records,
            versions: counts.versions,
            raw_sources: counts.raw_sources,
            raw_bytes: counts.raw_bytes,
            stored_bytes: counts.stored_bytes,
            indexed,
            by_registry: list(counts.by_registry),
            by_format: list(counts.by_format),
        }
    }
}

/// What storing a record did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stored {
    #[serde(flatten)]
    pub key: Key,
    /// `newRecord`, `newVersion`, `olderVersion` (kept in the history, not current) or `unchanged`.
    pub outcome: String,
    pub version: u32,
}

impl Stored {
    pub fn new(key: &RecordKey, outcome: PutOutcome) -> Stored {
        let (outcome, version) = match outcome {
            PutOutcome::NewRecord { version } => ("newRecord", version),
            PutOutcome::NewVersion { version } => ("newVersion", version),
            PutOutcome::OlderVersion { version } => ("olderVersion", version),
            PutOutcome::Unchanged { version } => ("unchanged", version),
        };
        Stored { key: key.into(), outcome: outcome.to_owned(), version }
    }
}
