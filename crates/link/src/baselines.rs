//! The plain ways to link that trialdex must beat, for `trialdex bench linking`:
//! the same public title, and public titles sharing most of their words.

use std::collections::{HashMap, HashSet};

use trialdex_model::Study;
use trialdex_store::RecordKey;

use crate::joiner::Joiner;
use crate::profile::words;
use crate::{Cluster, Evidence, Link, LinkKind};

/// Records whose public titles are the same, letter for letter (case and spacing aside).
pub fn exact_title(studies: &[Study]) -> Vec<Cluster> {
    let mut by_title: HashMap<String, Vec<RecordKey>> = HashMap::new();
    for study in studies {
        let (Ok(key), Some(title)) = (RecordKey::of(study), public_title(study)) else { continue };
        let folded = title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        by_title.entry(folded).or_default().push(key);
    }
    by_title
        .into_values()
        .filter(|members| members.len() > 1)
        .map(|mut members| {
            members.sort();
            let links = members[1..].iter().map(|m| link(&members[0], m, 1.0)).collect();
            Cluster { members, links }
        })
        .collect()
}

/// Records whose public titles share at least `threshold` of their words (Jaccard),
/// joined transitively. Compares every pair: fine for a few thousand records.
pub fn title_jaccard(studies: &[Study], threshold: f64) -> Vec<Cluster> {
    let titled: Vec<(RecordKey, HashSet<String>)> = studies
        .iter()
        .filter_map(|s| Some((RecordKey::of(s).ok()?, words(public_title(s)?).into_iter().collect::<HashSet<_>>())))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut joiner = Joiner::new(titled.len());
    let mut links = Vec::new();
    for i in 0..titled.len() {
        for j in i + 1..titled.len() {
            let (a, b) = (&titled[i].1, &titled[j].1);
            let jaccard = a.intersection(b).count() as f64 / a.union(b).count() as f64;
            if jaccard >= threshold {
                let (ri, rj) = (joiner.root(i), joiner.root(j));
                joiner.join(ri, rj);
                links.push((i, link(&titled[i].0, &titled[j].0, jaccard)));
            }
        }
    }
    let keys: Vec<&RecordKey> = titled.iter().map(|(key, _)| key).collect();
    joiner.clusters(&keys, links)
}

fn public_title(study: &Study) -> Option<&str> {
    let ident = study.protocol_section.as_ref()?.identification_module.as_ref()?;
    ident.brief_title.as_deref().filter(|t| !t.trim().is_empty())
}

fn link(a: &RecordKey, b: &RecordKey, score: f64) -> Link {
    Link {
        a: a.clone(),
        b: b.clone(),
        kind: LinkKind::Similarity,
        score,
        evidence: vec![Evidence::Title { similarity: score, shared: Vec::new() }],
    }
}
