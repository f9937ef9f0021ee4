//! Keeping the saved links current: they follow the store's change sequence as the
//! search index does; only the records that changed are read (the others' profiles
//! are kept in `link-profiles.bin`) and only pairs with one of them are scored again.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use trialdex_store::{RecordKey, Store};

use crate::saved::SavedLinks;
use crate::{Profile, Rescore, SIMILARITY_THRESHOLD, clusters, link_profiles, profile_cache};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] trialdex_store::Error),
    #[error("cannot read or write {}: {source}", path.display())]
    File { path: PathBuf, source: std::io::Error },
}

/// What bringing the saved links up to date took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// No record changed since they were computed (people's decisions are applied
    /// again all the same: that costs nothing).
    NoRecordChanged,
    /// Pairs with one of this many changed records were scored again.
    Incremental { changed: usize },
    /// Every pair was scored.
    Full,
}

/// Changes read from the store per query.
const CHANGES_PAGE: usize = 10_000;

/// Brings the links saved in `db` up to the store's latest change, saves and returns
/// them. `full` scores every pair again, word rarities included; otherwise only pairs
/// with a record changed since the last computation are, and the others keep theirs.
pub fn update(store: &dyn Store, db: &Path, full: bool) -> Result<(SavedLinks, Updated), Error> {
    let decisions = SavedLinks::decisions(db)
        .map_err(|source| Error::File { path: db.join(crate::saved::DECISIONS_FILE), source })?;
    let seq = store.last_seq()?;
    let saved = SavedLinks::load(db).filter(|s| s.min_score == SIMILARITY_THRESHOLD && s.seq <= seq && !full);
    let (links, updated, previous_clusters) = match saved.and_then(|s| Some((s.seq, s.links?, s.clusters))) {
        Some((from, links, clusters)) if from == seq => (links, Updated::NoRecordChanged, Some(clusters)),
        Some((from, previous, _)) => {
            let changed = changed_since(store, from)?;
            let profiles = profiles_after(store, db, from, &changed)?;
            let links = link_profiles(
                &profiles,
                SIMILARITY_THRESHOLD,
                Rescore::Changed { previous: &previous, changed: &changed },
            );
            keep_profiles(db, seq, &profiles)?;
            (links, Updated::Incremental { changed: changed.len() }, None)
        }
        None => {
            let profiles = read_profiles(store)?;
            let links = link_profiles(&profiles, SIMILARITY_THRESHOLD, Rescore::All);
            keep_profiles(db, seq, &profiles)?;
            (links, Updated::Full, None)
        }
    };
    let clusters = clusters(&links, &decisions);
    // Nothing to write when neither the records nor people's decisions changed anything.
    let unchanged = previous_clusters.as_ref() == Some(&clusters);
    let saved = SavedLinks { seq, min_score: SIMILARITY_THRESHOLD, links: Some(links), clusters };
    if !unchanged {
        saved.save(db).map_err(|source| Error::File { path: SavedLinks::path(db), source })?;
    }
    Ok((saved, updated))
}

/// Records with a version stored after change `after`.
fn changed_since(store: &dyn Store, mut after: u64) -> Result<HashSet<RecordKey>, Error> {
    let mut changed = HashSet::new();
    loop {
        let changes = store.changes(after, CHANGES_PAGE)?;
        let Some(last) = changes.last() else { return Ok(changed) };
        after = last.seq;
        changed.extend(changes.into_iter().map(|c| c.key));
    }
}

/// Every current record's profile, in key order: the profiles saved at change `from`
/// with those of the records changed since made again, or all of them made from the
/// store when none were saved or most records changed (one pass over the store is
/// then faster than looking each one up).
fn profiles_after(
    store: &dyn Store,
    db: &Path,
    from: u64,
    changed: &HashSet<RecordKey>,
) -> Result<Vec<Profile>, Error> {
    let Some(mut profiles) = profile_cache::load(db, from).filter(|p| changed.len() <= p.len() / 4) else {
        return read_profiles(store);
    };
    profiles.retain(|p| !changed.contains(&p.key));
    for key in changed {
        if let Some(version) = store.current(key)? {
            profiles.extend(Profile::of(&version.study));
        }
    }
    profiles.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    Ok(profiles)
}

fn keep_profiles(db: &Path, seq: u64, profiles: &[Profile]) -> Result<(), Error> {
    profile_cache::save(db, seq, profiles).map_err(|source| Error::File { path: profile_cache::path(db), source })
}

/// Profiles of every current record, in key order. One thread reads and decodes records, another
/// makes their profiles: the two halves of the work take about as long.
pub fn read_profiles(store: &dyn Store) -> Result<Vec<Profile>, Error> {
    const PAGE: usize = 500;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(PAGE);
        let reader = scope.spawn(move || {
            trialdex_store::for_each_current(store, PAGE, |version| -> Result<(), Error> {
                // The receiver only hangs up when it is done.
                let _ = send.send(version);
                Ok(())
            })
        });
        let mut profiles: Vec<Profile> = receive.iter().filter_map(|version| Profile::of(&version.study)).collect();
        reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        profiles.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        Ok(profiles)
    })
}
