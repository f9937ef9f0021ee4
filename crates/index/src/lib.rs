//! Search over every registry's records: ClinicalTrials.gov's search areas and query
//! language, English and Chinese text, filters, facets, sorting and paging.
//!
//! The index is derived from the store and rebuildable from it at any time
//! (`SearchIndex::rebuild`); `SearchIndex::sync` keeps it current by following the
//! store's change sequence. One document per record: its current version.

pub mod analysis;
pub mod areas;
pub mod baseline;
mod collapse;
mod compile;
mod document;
mod error;
mod filter;
mod index;
pub mod query;
pub mod request;
pub mod schema;
mod search;
pub mod synonyms;
mod term_stats;
pub mod values;
mod years;

pub use error::{Error, Result};
pub use index::{SearchIndex, SyncStats};
