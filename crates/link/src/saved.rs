//! The clusters last computed, kept in `links.json` in the database directory with
//! the store change they reflect, so pages and `trialdex show` can say "also
//! registered as" without linking every record again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use trialdex_store::RecordKey;

use crate::Cluster;

pub const FILE: &str = "links.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedLinks {
    /// The store's change sequence when the links were computed.
    pub seq: u64,
    pub min_score: f64,
    pub clusters: Vec<Cluster>,
}

impl SavedLinks {
    pub fn path(db: &Path) -> PathBuf {
        db.join(FILE)
    }

    /// The saved links, or None when there are none or the file cannot be read (a
    /// damaged file is recomputed, never trusted).
    pub fn load(db: &Path) -> Option<SavedLinks> {
        let bytes = std::fs::read(Self::path(db)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the file whole or not at all (a temporary file renamed over it).
    pub fn save(&self, db: &Path) -> std::io::Result<()> {
        let path = Self::path(db);
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, serde_json::to_vec(self).map_err(std::io::Error::other)?)?;
        std::fs::rename(partial, path)
    }

    /// The cluster holding `key`, if it is linked to anything.
    pub fn cluster_of(&self, key: &RecordKey) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.members.contains(key))
    }
}
