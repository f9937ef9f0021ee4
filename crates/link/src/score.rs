//! How alike two registrations are, and the evidence for it: each feature a number
//! from 0 to 1, their weighted sum the score.

use serde::{Deserialize, Serialize};

use crate::profile::{Profile, WordHash, WordRarity};

/// A similarity link needs at least this score (chosen on ../shared/linking's
/// development groups, see bench/README.md "Linking").
pub const SIMILARITY_THRESHOLD: f64 = 0.45;

/// One reason two records are linked, with the values a reviewer would check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "feature", rename_all = "camelCase")]
pub enum Evidence {
    /// One record declares the other's id.
    Id {
        id: String,
        declared_by: String,
    },
    /// One record names the other's id in its text (not as an id).
    Mention {
        id: String,
        mentioned_by: String,
        /// Where: "protocolSection.descriptionModule.briefSummary".
        field: String,
    },
    /// Both give this sponsor protocol number (normalized: letters and digits only).
    ProtocolNumber {
        number: String,
    },
    /// Rarity-weighted share of words in common, and the rarest of them.
    Title {
        similarity: f64,
        shared: Vec<String>,
    },
    Criteria {
        similarity: f64,
    },
    Sponsor {
        similarity: f64,
        shared: Vec<String>,
    },
    Interventions {
        similarity: f64,
        shared: Vec<String>,
    },
    Conditions {
        similarity: f64,
    },
    /// Names of investigators or contacts in common.
    People {
        similarity: f64,
        shared: Vec<String>,
    },
    /// A contact e-mail address both give.
    Email {
        email: String,
    },
    /// Share of site countries in common.
    Countries {
        similarity: f64,
    },
    TargetSize {
        a: u64,
        b: u64,
    },
    StartDate {
        days_apart: i64,
    },
    Registered {
        days_apart: i64,
    },
    /// A person's decision.
    Manual {
        same: bool,
    },
}

/// Evidence in a reader's words: "titles 0.77 (inotersen, transthyretin)".
impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Evidence::Id { id, declared_by } => write!(f, "{declared_by} gives the id {id}"),
            Evidence::Mention { id, mentioned_by, field } => write!(f, "{mentioned_by} names {id} in {field}"),
            Evidence::ProtocolNumber { number } => write!(f, "both give the protocol number {number}"),
            Evidence::Title { similarity, shared } => write!(f, "titles {similarity:.2} ({})", shared.join(", ")),
            Evidence::Criteria { similarity } => write!(f, "criteria {similarity:.2}"),
            Evidence::Sponsor { similarity, shared } => write!(f, "sponsor {similarity:.2} ({})", shared.join(", ")),
            Evidence::Interventions { similarity, shared } => {
                write!(f, "interventions {similarity:.2} ({})", shared.join(", "))
            }
            Evidence::Conditions { similarity } => write!(f, "conditions {similarity:.2}"),
            Evidence::People { similarity, shared } => write!(f, "people {similarity:.2} ({})", shared.join(", ")),
            Evidence::Email { email } => write!(f, "both give the contact {email}"),
            Evidence::Countries { similarity } => write!(f, "countries {similarity:.2}"),
            Evidence::TargetSize { a, b } => write!(f, "target size {a} / {b}"),
            Evidence::StartDate { days_apart } => write!(f, "start dates {days_apart} days apart"),
            Evidence::Registered { days_apart } => write!(f, "registered {days_apart} days apart"),
            Evidence::Manual { same: true } => write!(f, "marked the same trial by hand"),
            Evidence::Manual { same: false } => write!(f, "marked not the same trial by hand"),
        }
    }
}

const TITLE: f64 = 0.35;
const CRITERIA: f64 = 0.25;
const SPONSOR: f64 = 0.12;
const INTERVENTIONS: f64 = 0.10;
const CONDITIONS: f64 = 0.05;
const TARGET_SIZE: f64 = 0.08;
const DATES: f64 = 0.05;
// Evidence fewer records carry, added on top (the score is capped at 1).
// Kept small: one investigator leads, and one address answers for, several trials.
const PEOPLE: f64 = 0.04;
const EMAIL: f64 = 0.06;
const COUNTRIES: f64 = 0.03;

/// The score of a pair and its evidence (features that count, strongest first).
pub fn similarity(a: &Profile, b: &Profile, rarity: &WordRarity) -> (f64, Vec<Evidence>) {
    let mut score = 0.0;
    let mut evidence = Vec::new();
    let (title, shared) = dice(&a.title, &b.title, rarity);
    score += TITLE * title;
    if title > 0.0 {
        evidence.push(Evidence::Title { similarity: round(title), shared });
    }
    let criteria = hashed_dice(&a.criteria, &b.criteria, rarity);
    score += CRITERIA * criteria;
    if criteria > 0.0 {
        evidence.push(Evidence::Criteria { similarity: round(criteria) });
    }
    // Sponsor and intervention names differ in length between registries ("Tongji
    // Hospital" / "Tongji Hospital of Tongji Medical College"): the shorter decides.
    let (sponsor, shared) = containment(&a.sponsor, &b.sponsor, rarity);
    score += SPONSOR * sponsor;
    if sponsor > 0.0 {
        evidence.push(Evidence::Sponsor { similarity: round(sponsor), shared });
    }
    let (interventions, shared) = containment(&a.interventions, &b.interventions, rarity);
    score += INTERVENTIONS * interventions;
    if interventions > 0.0 {
        evidence.push(Evidence::Interventions { similarity: round(interventions), shared });
    }
    let conditions = hashed_dice(&a.conditions, &b.conditions, rarity);
    score += CONDITIONS * conditions;
    if conditions > 0.0 {
        evidence.push(Evidence::Conditions { similarity: round(conditions) });
    }
    let (people, shared) = dice(&a.people, &b.people, rarity);
    score += PEOPLE * people;
    if people > 0.0 {
        evidence.push(Evidence::People { similarity: round(people), shared });
    }
    if let Some(email) = a.emails.iter().find(|e| b.emails.binary_search(e).is_ok()) {
        score += EMAIL;
        evidence.push(Evidence::Email { email: email.clone() });
    }
    if !a.countries.is_empty() && !b.countries.is_empty() {
        let both = a.countries.iter().filter(|c| b.countries.binary_search(c).is_ok()).count();
        let agreement = 2.0 * both as f64 / (a.countries.len() + b.countries.len()) as f64;
        score += COUNTRIES * agreement;
        if agreement > 0.0 {
            evidence.push(Evidence::Countries { similarity: round(agreement) });
        }
    }
    if let (Some(x), Some(y)) = (a.target_size, b.target_size) {
        let agreement = if x == y {
            1.0
        } else if x.abs_diff(y) * 20 <= x.max(y) {
            0.5
        } else {
            0.0
        };
        score += TARGET_SIZE * agreement;
        if agreement > 0.0 {
            evidence.push(Evidence::TargetSize { a: x, b: y });
        }
    }
    // Start and registration dates say the same thing (when the trial began): the
    // registration date stands in when a start date is missing, so a record without
    // one is not the poorer; it is shown either way.
    let start = days_apart(a.start_day, b.start_day);
    if let Some((apart, _)) = start {
        evidence.push(Evidence::StartDate { days_apart: apart });
    }
    let registered = days_apart(a.registered_day, b.registered_day);
    if let Some((apart, _)) = registered {
        evidence.push(Evidence::Registered { days_apart: apart });
    }
    let both_started = a.start_day.is_some() && b.start_day.is_some();
    let dates = if both_started { start } else { registered };
    score += DATES * dates.map_or(0.0, |(_, agreement)| agreement);
    (round(score.min(1.0)), evidence)
}

/// Days between two dates and how well that agrees: within a month 1, four months 0.5;
/// None when either is missing or they are further apart.
fn days_apart(a: Option<i64>, b: Option<i64>) -> Option<(i64, f64)> {
    let apart = (a? - b?).abs();
    match apart {
        0..=31 => Some((apart, 1.0)),
        32..=120 => Some((apart, 0.5)),
        _ => None,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Items both sorted, distinct slices hold.
fn common<'a, T: Ord>(a: &'a [T], b: &[T]) -> Vec<&'a T> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(&a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Shared weight over the two records' weights (Dice), and the rarest shared words.
fn dice(a: &[String], b: &[String], rarity: &WordRarity) -> (f64, Vec<String>) {
    let (wa, wb) = (total(a, rarity), total(b, rarity));
    if wa + wb <= 0.0 {
        return (0.0, Vec::new());
    }
    let (shared, weight) = shared(a, b, rarity);
    (2.0 * weight / (wa + wb), shared)
}

/// Shared weight over the lighter record's weight.
fn containment(a: &[String], b: &[String], rarity: &WordRarity) -> (f64, Vec<String>) {
    let lighter = total(a, rarity).min(total(b, rarity));
    if lighter <= 0.0 {
        return (0.0, Vec::new());
    }
    let (shared, weight) = shared(a, b, rarity);
    ((weight / lighter).min(1.0), shared)
}

fn total(words: &[String], rarity: &WordRarity) -> f64 {
    words.iter().map(|w| rarity.weight(w)).sum()
}

/// Words both hold, rarest first (at most five named), and their total weight.
fn shared(a: &[String], b: &[String], rarity: &WordRarity) -> (Vec<String>, f64) {
    let mut both: Vec<(&String, f64)> = common(a, b).into_iter().map(|w| (w, rarity.weight(w))).collect();
    let weight = both.iter().map(|(_, weight)| weight).sum();
    both.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    (both.into_iter().take(5).map(|(w, _)| w.clone()).collect(), weight)
}

/// Dice over hashed words (the long fields, whose words are not named as evidence).
fn hashed_dice(a: &[WordHash], b: &[WordHash], rarity: &WordRarity) -> f64 {
    let total = |words: &[WordHash]| words.iter().map(|w| rarity.weight_of(*w)).sum::<f64>();
    let (wa, wb) = (total(a), total(b));
    if wa + wb <= 0.0 {
        return 0.0;
    }
    2.0 * common(a, b).into_iter().map(|w| rarity.weight_of(*w)).sum::<f64>() / (wa + wb)
}
