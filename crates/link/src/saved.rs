//! The clusters last computed, kept in `links.json` in the database directory with
//! the store change they reflect, so pages and `trialdex show` can say "also
//! registered as" without linking every record again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use trialdex_store::RecordKey;

use crate::{Cluster, Link};

pub const FILE: &str = "links.json";
/// People's decisions, kept apart from the computed links so relinking never loses them.
pub const DECISIONS_FILE: &str = "link-decisions.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedLinks {
    /// The store's change sequence when the links were computed.
    pub seq: u64,
    pub min_score: f64,
    /// Every link computed, before people's decisions and the guard: where the next
    /// computation starts from when few records changed. None in files of trialdex
    /// versions that did not keep them (the next computation is a full one).
    #[serde(default)]
    pub links: Option<Vec<Link>>,
    /// What readers show: the clusters the links make with people's decisions.
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
        write_whole(&Self::path(db), &serde_json::to_vec(self).map_err(std::io::Error::other)?)
    }

    /// People's decisions in `db`, none when there are none.
    pub fn decisions(db: &Path) -> std::io::Result<Vec<crate::Decision>> {
        match std::fs::read(db.join(DECISIONS_FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(std::io::Error::other),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(err) => Err(err),
        }
    }

    /// Records `decision`, replacing an earlier one about the same two records.
    pub fn decide(db: &Path, decision: crate::Decision) -> std::io::Result<()> {
        let mut decisions = Self::decisions(db)?;
        let pair =
            |d: &crate::Decision| if d.a <= d.b { (d.a.clone(), d.b.clone()) } else { (d.b.clone(), d.a.clone()) };
        decisions.retain(|d| pair(d) != pair(&decision));
        decisions.push(decision);
        write_whole(&db.join(DECISIONS_FILE), &serde_json::to_vec_pretty(&decisions).map_err(std::io::Error::other)?)
    }

    /// The cluster holding `key`, if it is linked to anything.
    pub fn cluster_of(&self, key: &RecordKey) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.members.contains(key))
    }
}

/// Writes `bytes` to `path` through a temporary file of this process renamed over it,
/// so a reader, or another process writing at the same time, never sees half a file.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(partial, path)
}
