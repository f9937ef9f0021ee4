//! Linking at scale: many records of many registries, some of them registered twice,
//! made by recombining what linking compares of real records (titles, criteria,
//! sponsors, interventions, conditions, target sizes, start dates). Every twin is
//! known, so the run says how many it found and how many pairs it wrongly made, as
//! well as how long it took and how much memory it needed.

use std::collections::HashSet;
use std::time::Instant;

use trialdex_link::{Profile, Rescore, SIMILARITY_THRESHOLD, clusters, link_profiles};
use trialdex_model::Registry;
use trialdex_store::RecordKey;

use crate::dice::Dice;

/// Registries generated records are spread over (one twin in each of two).
const REGISTRIES: [Registry; 8] = [
    Registry::Ctgov,
    Registry::Chictr,
    Registry::Euctr,
    Registry::Isrctn,
    Registry::Drks,
    Registry::Ctri,
    Registry::Irct,
    Registry::Jprn,
];

/// Generates `count` records from `donors`, `twin_percent` of them registered a second
/// time in another registry, links them and prints the figures.
pub fn run(donors: &[Profile], count: usize, twin_percent: usize) {
    let started = Instant::now();
    let mut dice = Dice::new(count as u64);
    let mut profiles = Vec::with_capacity(count + count * twin_percent / 100);
    let mut twins = HashSet::new();
    for n in 0..count {
        let trial = recombined(donors, n, &mut dice);
        if dice.chance(twin_percent) {
            let twin = registered_again(&trial, n, &mut dice);
            twins.insert(pair(&trial.key, &twin.key));
            profiles.push(twin);
        }
        profiles.push(trial);
    }
    let records = profiles.len();
    let made = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let clusters = clusters(&link_profiles(&profiles, SIMILARITY_THRESHOLD, Rescore::All), &[]);
    let seconds = started.elapsed().as_secs_f64();
    let mut found = HashSet::new();
    for cluster in &clusters {
        for (x, a) in cluster.members.iter().enumerate() {
            found.extend(cluster.members[x + 1..].iter().map(|b| pair(a, b)));
        }
    }
    let correct = found.intersection(&twins).count();
    println!(
        "\ngenerated {records} records ({} registered twice) in {made:.1} s; linking: {seconds:.1} s, {} clusters, \
         twins found {correct} of {} (recall {:.3}), pairs made {} (precision {:.3}); peak memory {}",
        twins.len(),
        clusters.len(),
        twins.len(),
        correct as f64 / twins.len().max(1) as f64,
        found.len(),
        correct as f64 / found.len().max(1) as f64,
        peak_memory().unwrap_or_else(|| "unknown".to_owned()),
    );
}

fn pair(a: &RecordKey, b: &RecordKey) -> (RecordKey, RecordKey) {
    if a <= b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) }
}

/// A new trial: each part from a different real record, its title changed a little
/// (a word from another title, sometimes an acronym of its own) so titles are as
/// varied as a large registry's.
fn recombined(donors: &[Profile], n: usize, dice: &mut Dice) -> Profile {
    let mut pick = || &donors[dice.below(donors.len())];
    let (titled, criteria, sponsor, interventions, conditions, sized) =
        (pick(), pick(), pick(), pick(), pick(), pick());
    let mut title = titled.title.clone();
    let other_title = &pick().title;
    if !title.is_empty() && !other_title.is_empty() {
        let at = dice.below(title.len());
        title[at] = other_title[dice.below(other_title.len())].clone();
    }
    if dice.chance(50) {
        let acronym: String = (0..5).map(|_| (b'a' + dice.below(26) as u8) as char).collect();
        title.push(acronym);
    }
    // A profile's words are sorted and distinct.
    title.sort_unstable();
    title.dedup();
    Profile {
        key: RecordKey { registry: REGISTRIES[dice.below(REGISTRIES.len())], registry_id: format!("GEN{n:07}") },
        declared: Vec::new(),
        mentioned: Vec::new(),
        protocol_numbers: Vec::new(),
        title,
        sponsor: sponsor.sponsor.clone(),
        interventions: interventions.interventions.clone(),
        conditions: conditions.conditions.clone(),
        criteria: criteria.criteria.clone(),
        people: sponsor.people.clone(),
        emails: sponsor.emails.clone(),
        countries: sponsor.countries.clone(),
        target_size: sized.target_size,
        // 2015 to 2025.
        start_day: Some(16_436 + dice.below(3_650) as i64),
        registered_day: None,
    }
}

/// The same trial in another registry, as registries copy one another: a title word
/// lost, the criteria shortened, the target size and start date sometimes moved.
fn registered_again(trial: &Profile, n: usize, dice: &mut Dice) -> Profile {
    let mut twin = trial.clone();
    let others: Vec<Registry> = REGISTRIES.into_iter().filter(|r| *r != trial.key.registry).collect();
    twin.key = RecordKey { registry: others[dice.below(others.len())], registry_id: format!("TWIN{n:07}") };
    if twin.title.len() > 3 {
        let at = dice.below(twin.title.len());
        twin.title.remove(at);
    }
    twin.criteria.truncate(twin.criteria.len() * 4 / 5);
    if dice.chance(30) {
        twin.target_size = twin.target_size.map(|n| n + n / 20);
    }
    if dice.chance(50) {
        twin.start_day = twin.start_day.map(|d| d + dice.below(60) as i64);
    }
    twin
}

/// The process's peak resident memory, as Linux reports it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{} MiB", kib / 1024))
}
