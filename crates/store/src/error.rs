use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot open database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "database {path} was written by a newer trialdex (schema {found}, this trialdex reads up to {supported}); upgrade trialdex"
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error("database directory {path}: {source}")]
    Directory { path: PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("record has no {0} in registrySection")]
    MissingKey(&'static str),
}
