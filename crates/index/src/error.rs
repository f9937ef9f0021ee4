use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the index. A query's own mistakes are `Query` (CT.gov answers
/// them with HTTP 400); the rest are the operator's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error("{0}")]
    Request(String),
    #[error("search index {0} is being updated by another trialdex process; try again when it has finished")]
    Busy(PathBuf),
    #[error("search index {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("record {0} does not serialize: {1}")]
    Record(String, serde_json::Error),
    #[error(transparent)]
    Store(#[from] trialdex_store::Error),
}
