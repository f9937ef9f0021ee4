//! Pair precision and recall against hand-checked groups of registrations (each group
//! one trial), as ../shared/linking/README.md defines them.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use trialdex_store::RecordKey;

use crate::Cluster;

#[derive(Debug, Clone, Serialize)]
pub struct PairScores {
    /// Registrations listed in the groups, and how many of them the records hold.
    pub listed: usize,
    pub found: usize,
    /// Pairs inside a group (true links), pairs predicted among listed registrations,
    /// and the predicted pairs that are true.
    pub true_pairs: usize,
    pub predicted_pairs: usize,
    pub correct_pairs: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The record a listed registration id names: its key's id in any case; an EU CTR
/// member-state id ("EUCTR2020-001571-32-FR") names the EudraCT number's record.
pub fn registration_key<'a>(id: &str, keys: &'a HashMap<String, RecordKey>) -> Option<&'a RecordKey> {
    let upper = id.trim().to_ascii_uppercase();
    keys.get(&upper).or_else(|| {
        let eudract = upper.strip_prefix("EUCTR")?;
        keys.get(eudract.get(..14)?)
    })
}

/// `groups`: (group, registration id) rows. `keys`: every record's key by its id in upper case.
pub fn pair_scores(clusters: &[Cluster], groups: &[(String, String)], keys: &HashMap<String, RecordKey>) -> PairScores {
    let mut group_of: HashMap<&RecordKey, &str> = HashMap::new();
    let mut members: HashMap<&str, HashSet<&RecordKey>> = HashMap::new();
    for (group, id) in groups {
        if let Some(key) = registration_key(id, keys) {
            group_of.insert(key, group);
            members.entry(group).or_default().insert(key);
        }
    }
    let true_pairs: usize = members.values().map(|m| m.len() * m.len().saturating_sub(1) / 2).sum();
    let (mut predicted, mut correct) = (0, 0);
    for cluster in clusters {
        let listed: Vec<&RecordKey> = cluster.members.iter().filter(|k| group_of.contains_key(k)).collect();
        for (i, a) in listed.iter().enumerate() {
            for b in &listed[i + 1..] {
                predicted += 1;
                if group_of[a] == group_of[b] {
                    correct += 1;
                }
            }
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    let (precision, recall) = (ratio(correct, predicted), ratio(correct, true_pairs));
    PairScores {
        listed: groups.len(),
        found: group_of.len(),
        true_pairs,
        predicted_pairs: predicted,
        correct_pairs: correct,
        precision,
        recall,
        f1: if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 },
    }
}
