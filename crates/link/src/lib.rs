//! Cross-registry linking: clusters of records that describe the same trial, each
//! link with its kind, score and the evidence that made it.
//!
//! - *Id links*: a record declares another's own id (a secondary id), or names it in
//!   its text, or records of two registries give the same sponsor protocol number —
//!   the last two only when the records agree a little besides. Score 1.
//! - *Similarity links*: no id joins them, but their titles, criteria, sponsor,
//!   interventions, conditions, people, contact e-mails, countries, target size and
//!   start date agree. The score weighs each by the
//!   rarity of the words shared (a shared drug name says more than a shared "covid").
//! - *Guard*: a cluster never holds two different registrations of one registry — two
//!   NCT ids are two trials, however alike — so one shared secondary id cannot pull
//!   several trials together (unless a person said they are the same).

pub mod baselines;
pub mod eval;
mod joiner;
mod profile;
mod profile_cache;
pub mod saved;
mod score;
mod update;

use std::collections::{BTreeMap, HashMap, HashSet};

use joiner::Joiner;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use trialdex_model::Study;
use trialdex_store::RecordKey;

pub use profile::{Profile, WordRarity, words};
pub use score::{Evidence, SIMILARITY_THRESHOLD, similarity};
pub use update::{Error, Updated, read_profiles, update};

/// Why two records are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    Id,
    Similarity,
    /// A person said these are the same trial.
    Manual,
}

/// A person's decision about two records; it overrides the machine and is kept apart
/// from computed links, so relinking never loses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub a: RecordKey,
    pub b: RecordKey,
    /// The same trial (joined whatever the scores say) or not (never joined).
    pub same: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub a: RecordKey,
    pub b: RecordKey,
    pub kind: LinkKind,
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

/// Records that describe one trial, and the links that joined them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub members: Vec<RecordKey>,
    pub links: Vec<Link>,
}

/// Words of a title held by at most this many records propose candidate pairs.
const CANDIDATE_WORD_MAX_HOLDERS: u32 = 200;
/// A record proposes pairs through its rarest title words, at most this many.
const CANDIDATE_WORDS: usize = 12;
/// One shared title word this rare (a drug code, an acronym) is enough to compare.
const TELLING_WORD_MAX_HOLDERS: u32 = 5;

/// Links and clusters of `studies` (current versions; one per key).
pub fn link(studies: &[Study], min_score: f64) -> Vec<Cluster> {
    let profiles: Vec<Profile> = studies.iter().filter_map(Profile::of).collect();
    clusters(&link_profiles(&profiles, min_score, Rescore::All), &[])
}

/// Which pairs a computation scores.
pub enum Rescore<'a> {
    /// Every candidate pair.
    All,
    /// Only pairs with a record in `changed`: a pair of unchanged records keeps the
    /// link it had in `previous` (an earlier computation's `links`), so a
    /// relink after an import costs what the import changed. Word rarities move a
    /// little as records come and go; a full computation catches up with them.
    Changed { previous: &'a [Link], changed: &'a HashSet<RecordKey> },
}

/// Every link between `profiles` (one per pair, before people's decisions and the
/// guard: `clusters` applies them). Profiles can be made while reading records one at
/// a time: a profile is a small part of its record, so a large database links without
/// holding every record in memory.
pub fn link_profiles(profiles: &[Profile], min_score: f64, rescore: Rescore) -> Vec<Link> {
    let rarity = WordRarity::new(profiles);
    let rescored = |a: &RecordKey, b: &RecordKey| match &rescore {
        Rescore::All => true,
        Rescore::Changed { changed, .. } => changed.contains(a) || changed.contains(b),
    };
    // Id and protocol-number links are cheap: found again over every record each time,
    // so a record whose id another declares, or a number whose holders change, is never
    // missed. Pairs of unchanged records keep their earlier links besides.
    let mut links: Vec<Link> = id_links(profiles, &rarity);
    links.extend(protocol_number_links(profiles, &rarity));
    if let Rescore::Changed { previous, .. } = &rescore {
        let present: HashSet<&RecordKey> = profiles.iter().map(|p| &p.key).collect();
        links.extend(
            previous
                .iter()
                .filter(|l| !rescored(&l.a, &l.b) && l.score >= min_score)
                .filter(|l| present.contains(&l.a) && present.contains(&l.b))
                .cloned(),
        );
    }
    let wanted = |i: usize, j: usize| {
        let (a, b) = (&profiles[i].key, &profiles[j].key);
        a.registry != b.registry && rescored(a, b)
    };
    // Scoring is most of the work, and each pair is scored on its own: every core helps.
    links.par_extend(candidates(profiles, &rarity, wanted).into_par_iter().filter_map(|(i, j)| {
        let (score, evidence) = similarity(&profiles[i], &profiles[j], &rarity);
        (score >= min_score).then(|| Link {
            a: profiles[i].key.clone(),
            b: profiles[j].key.clone(),
            kind: LinkKind::Similarity,
            score,
            evidence,
        })
    }));
    one_per_pair(links)
}

/// The clusters `links` make once people's `decisions` are applied: a "same" joins
/// whatever the scores and the guard say, a "not the same" holds against any link.
/// Cheap: a new decision clusters the saved links again without reading a record.
pub fn clusters(links: &[Link], decisions: &[Decision]) -> Vec<Cluster> {
    let mut joined = links.to_vec();
    joined.extend(decisions.iter().filter(|d| d.same).map(|d| Link {
        a: d.a.clone(),
        b: d.b.clone(),
        kind: LinkKind::Manual,
        score: 1.0,
        evidence: vec![Evidence::Manual { same: true }],
    }));
    let apart: Vec<(&RecordKey, &RecordKey)> = decisions.iter().filter(|d| !d.same).map(|d| (&d.a, &d.b)).collect();
    cluster(joined, &apart)
}

/// One link per pair of records: the strongest kind (an id over similarity), with the
/// evidence of every link found between the two, each feature once (a link kept from
/// an earlier computation may weigh a feature a little differently).
fn one_per_pair(mut links: Vec<Link>) -> Vec<Link> {
    let pair = |l: &Link| if l.a <= l.b { (l.a.clone(), l.b.clone()) } else { (l.b.clone(), l.a.clone()) };
    links.sort_by(|x, y| pair(x).cmp(&pair(y)).then_with(|| (y.kind == LinkKind::Id).cmp(&(x.kind == LinkKind::Id))));
    let mut merged: Vec<Link> = Vec::with_capacity(links.len());
    for link in links {
        match merged.last_mut() {
            Some(last) if pair(last) == pair(&link) => {
                for evidence in link.evidence {
                    let feature = std::mem::discriminant(&evidence);
                    if !last.evidence.iter().any(|e| std::mem::discriminant(e) == feature) {
                        last.evidence.push(evidence);
                    }
                }
            }
            _ => merged.push(link),
        }
    }
    merged
}

/// A record declaring another's own id.
fn id_links(profiles: &[Profile], rarity: &WordRarity) -> Vec<Link> {
    let by_id: HashMap<(trialdex_model::Registry, String), usize> =
        profiles.iter().enumerate().map(|(at, p)| (p.trial_id(), at)).collect();
    let mut links = Vec::new();
    for profile in profiles {
        for declared in &profile.declared {
            if let Some(&other) = by_id.get(declared) {
                let other = &profiles[other];
                if other.key != profile.key {
                    links.push(Link {
                        a: profile.key.clone(),
                        b: other.key.clone(),
                        kind: LinkKind::Id,
                        score: 1.0,
                        evidence: vec![Evidence::Id { id: declared.1.clone(), declared_by: profile.key.to_string() }],
                    });
                }
            }
        }
        // Text names other trials too ("a follow-up of NCT…"): a mention links only
        // records that agree a little besides.
        for (registry, id, field) in &profile.mentioned {
            let Some(&other) = by_id.get(&(*registry, id.clone())) else { continue };
            let other = &profiles[other];
            if other.key.registry == profile.key.registry {
                continue;
            }
            let (support, mut evidence) = similarity(profile, other, rarity);
            if support >= MENTION_SUPPORT_NEEDED {
                let mention =
                    Evidence::Mention { id: id.clone(), mentioned_by: profile.key.to_string(), field: field.clone() };
                evidence.insert(0, mention);
                links.push(Link {
                    a: profile.key.clone(),
                    b: other.key.clone(),
                    kind: LinkKind::Id,
                    score: 1.0,
                    evidence,
                });
            }
        }
    }
    links
}

/// A protocol number held by more records than this is not one trial's (one trial is
/// rarely in more registries).
const PROTOCOL_NUMBER_MAX_HOLDERS: usize = 6;
/// What else two records must agree on when what joins them is weaker than a declared
/// id: sponsors reuse short protocol codes ("FX-005"), and text names other trials.
const SUPPORT_NEEDED: f64 = 0.2;
/// More for an id named in text: eligibility criteria name trials a patient must not
/// be in, and such a trial often has the same sponsor.
const MENTION_SUPPORT_NEEDED: f64 = 0.3;

/// Records of different registries giving the same sponsor protocol number, when their
/// titles, sponsor or design agree a little too. A number two records of one registry
/// give is no trial's own: it links nothing.
fn protocol_number_links(profiles: &[Profile], rarity: &WordRarity) -> Vec<Link> {
    let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (at, profile) in profiles.iter().enumerate() {
        for number in &profile.protocol_numbers {
            holders.entry(number).or_default().push(at);
        }
    }
    let mut links = Vec::new();
    for (number, held) in holders {
        let registries: HashSet<_> = held.iter().map(|&at| profiles[at].key.registry).collect();
        if !(2..=PROTOCOL_NUMBER_MAX_HOLDERS).contains(&held.len()) || registries.len() < held.len() {
            continue;
        }
        for (x, &i) in held.iter().enumerate() {
            for &j in &held[x + 1..] {
                let (a, b) = (&profiles[i], &profiles[j]);
                let (support, mut evidence) = similarity(a, b, rarity);
                if support >= SUPPORT_NEEDED {
                    evidence.insert(0, Evidence::ProtocolNumber { number: number.to_ascii_uppercase() });
                    links.push(Link { a: a.key.clone(), b: b.key.clone(), kind: LinkKind::Id, score: 1.0, evidence });
                }
            }
        }
    }
    links
}

/// Pairs of records sharing two rare words of their titles, sponsors or interventions,
/// or one very rare one: the only pairs worth scoring (comparing every pair of half a
/// million records is not possible).
/// Only pairs `wanted` says are worth it are counted (not two records of one registry;
/// when relinking, not two unchanged records).
fn candidates(profiles: &[Profile], rarity: &WordRarity, wanted: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize)> {
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut telling: HashSet<&str> = HashSet::new();
    for (at, profile) in profiles.iter().enumerate() {
        // Titles say most; a sponsor's or a drug's rare name finds the twin whose title
        // is in another language.
        let fields = [(&profile.title, CANDIDATE_WORDS), (&profile.sponsor, 3), (&profile.interventions, 3)];
        let mut proposing: Vec<&String> = Vec::new();
        for (words, most) in fields {
            let mut rare: Vec<&String> =
                words.iter().filter(|w| (2..=CANDIDATE_WORD_MAX_HOLDERS).contains(&rarity.holders(w))).collect();
            rare.sort_unstable_by(|a, b| rarity.holders(a).cmp(&rarity.holders(b)).then_with(|| a.cmp(b)));
            rare.dedup();
            proposing.extend(rare.into_iter().take(most));
        }
        proposing.sort_unstable();
        proposing.dedup();
        for word in proposing {
            by_word.entry(word).or_default().push(at);
            if rarity.holders(word) <= TELLING_WORD_MAX_HOLDERS {
                telling.insert(word);
            }
        }
    }
    let mut shared: HashMap<(usize, usize), u32> = HashMap::new();
    for (word, holders) in &by_word {
        // A telling word counts as two.
        let weight = if telling.contains(word) { 2 } else { 1 };
        for (x, &i) in holders.iter().enumerate() {
            for &j in &holders[x + 1..] {
                if wanted(i, j) {
                    *shared.entry((i.min(j), i.max(j))).or_default() += weight;
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = shared.into_iter().filter(|(_, n)| *n >= 2).map(|(pair, _)| pair).collect();
    pairs.sort_unstable();
    pairs
}

/// Joins linked records, strongest links first, never putting two registrations of
/// one registry into one cluster.
fn cluster(mut links: Vec<Link>, apart: &[(&RecordKey, &RecordKey)]) -> Vec<Cluster> {
    // A person's "same" first, then the strongest links.
    links.sort_by(|a, b| {
        (b.kind == LinkKind::Manual)
            .cmp(&(a.kind == LinkKind::Manual))
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a.a.cmp(&b.a))
            .then_with(|| a.b.cmp(&b.b))
    });
    // Only linked records can share a cluster.
    let keys: Vec<RecordKey> = links
        .iter()
        .flat_map(|l| [&l.a, &l.b])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    let index: HashMap<&RecordKey, usize> = keys.iter().enumerate().map(|(at, key)| (key, at)).collect();
    let apart: Vec<(usize, usize)> = apart.iter().filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?))).collect();
    let mut joiner = Joiner::new(keys.len());
    // Per cluster root: the registry ids it holds.
    let mut registries: Vec<BTreeMap<trialdex_model::Registry, String>> =
        keys.iter().map(|k| BTreeMap::from([(k.registry, k.registry_id.clone())])).collect();
    let mut kept = Vec::new();
    for link in links {
        let (a, b) = (index[&link.a], index[&link.b]);
        let (ra, rb) = (joiner.root(a), joiner.root(b));
        if ra == rb {
            kept.push((a, link));
            continue;
        }
        // A person's "same" overrides the guard; their "not the same" holds against anything.
        let conflict = link.kind != LinkKind::Manual
            && registries[rb]
                .iter()
                .any(|(registry, id)| registries[ra].get(registry).is_some_and(|other| other != id));
        let kept_apart = apart.iter().any(|&(x, y)| {
            let (rx, ry) = (joiner.root(x), joiner.root(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        });
        if conflict || kept_apart {
            continue;
        }
        let moved = std::mem::take(&mut registries[rb]);
        registries[ra].extend(moved);
        joiner.join(ra, rb);
        kept.push((a, link));
    }
    let keys: Vec<&RecordKey> = keys.iter().collect();
    joiner.clusters(&keys, kept)
}
