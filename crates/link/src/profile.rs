//! What linking compares of a record: its ids and sponsor protocol numbers, words of
//! its titles, sponsor, interventions, conditions and criteria, the names, e-mail
//! addresses and countries of its people and sites, its target size and start date.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::LazyLock;

use trialdex_model::date::days_from_civil;
use trialdex_model::{Registry, Study};
use trialdex_store::RecordKey;
use unicode_normalization::UnicodeNormalization;

/// A record as linking sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub key: RecordKey,
    /// Ids of other registrations the record declares (secondary ids, not mentions).
    pub declared: Vec<(Registry, String)>,
    /// Ids of other registrations its text names, with the field they are in.
    pub mentioned: Vec<(Registry, String, String)>,
    /// The sponsor's own protocol numbers, normalized ("ISIS 420915-CS2" → "isis420915cs2").
    pub protocol_numbers: Vec<String>,
    // Words of each field, sorted and distinct. Fields whose shared words are shown as
    // evidence keep them as text; the long ones keep hashes (a profile of half a
    // million records' criteria as text would take gigabytes).
    pub title: Vec<String>,
    pub sponsor: Vec<String>,
    pub interventions: Vec<String>,
    pub conditions: Vec<WordHash>,
    pub criteria: Vec<WordHash>,
    /// Words of the names of the people leading it or answering for it.
    pub people: Vec<String>,
    /// Contact e-mail addresses, lower-cased.
    pub emails: Vec<String>,
    /// Countries of its sites, lower-cased.
    pub countries: Vec<String>,
    pub target_size: Option<u64>,
    /// Days since 1970 of the start date, when given to the day or month.
    pub start_day: Option<i64>,
    /// Days since 1970 of its registration, likewise.
    pub registered_day: Option<i64>,
}

/// Words too common in trial text to say two records are the same trial.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "the",
    "of",
    "in",
    "on",
    "for",
    "to",
    "with",
    "by",
    "at",
    "or",
    "as",
    "is",
    "be",
    "are",
    "from",
    "study",
    "trial",
    "clinical",
    "patients",
    "patient",
    "randomized",
    "randomised",
    "controlled",
    "effect",
    "effects",
    "efficacy",
    "safety",
    "treatment",
    "evaluation",
    "evaluate",
    "phase",
    "open",
    "label",
    "multicenter",
    "versus",
    "vs",
    "hospital",
    "university",
    "college",
    "medical",
    "school",
    "center",
    "centre",
    "department",
    "institute",
    "health",
    "disease",
    "covid",
    "19",
    "sars",
    "cov",
    "2",
    "coronavirus",
    "novel",
    "pneumonia",
];

/// Lower-case word tokens of `text` (NFKC, letters and digits; CJK characters one by one).
pub fn words(text: &str) -> Vec<String> {
    // NFKC leaves ASCII as it is; most registry text is ASCII, and folding it char by
    // char was a tenth of a relink.
    let folded =
        if text.is_ascii() { text.to_ascii_lowercase() } else { text.nfkc().collect::<String>().to_lowercase() };
    let mut out = Vec::new();
    let mut word = String::new();
    for c in folded.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut out);
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn flush(word: &mut String, out: &mut Vec<String>) {
    static STOP_WORDS: LazyLock<HashSet<&str>> = LazyLock::new(|| STOP.iter().copied().collect());
    if !word.is_empty() && !STOP_WORDS.contains(word.as_str()) {
        out.push(std::mem::take(word));
    }
    word.clear();
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3040}'..='\u{30ff}' | '\u{ac00}'..='\u{d7af}')
}

/// The most criteria words compared: the opening of the text, where protocols copied
/// between registries agree most.
const CRITERIA_WORDS: usize = 300;

impl Profile {
    pub fn of(study: &Study) -> Option<Profile> {
        let key = RecordKey::of(study).ok()?;
        let section = study.registry_section.as_ref();
        let declared = section
            .map(|s| {
                s.other_ids
                    .iter()
                    .filter(|o| o.found_in.is_none() && !o.id.eq_ignore_ascii_case(&key.registry_id))
                    .map(|o| (o.registry, o.id.to_ascii_uppercase()))
                    .collect()
            })
            .unwrap_or_default();
        let mentioned = section
            .map(|s| {
                s.other_ids
                    .iter()
                    .filter_map(|o| Some((o.registry, o.id.to_ascii_uppercase(), o.found_in.clone()?)))
                    .filter(|(_, id, _)| !id.eq_ignore_ascii_case(&key.registry_id))
                    .collect()
            })
            .unwrap_or_default();
        let protocol = study.protocol_section.as_ref();
        let ident = protocol.and_then(|p| p.identification_module.as_ref());
        let protocol_numbers = ident.map(protocol_numbers).unwrap_or_default();
        let title = distinct(
            ident
                .iter()
                .flat_map(|i| [i.brief_title.as_deref(), i.official_title.as_deref()])
                .flatten()
                .flat_map(words),
        );
        let sponsor = distinct(
            protocol
                .and_then(|p| p.sponsor_collaborators_module.as_ref())
                .and_then(|s| s.lead_sponsor.as_ref())
                .and_then(|l| l.name.as_deref())
                .into_iter()
                .flat_map(words),
        );
        let interventions = distinct(
            protocol
                .and_then(|p| p.arms_interventions_module.as_ref())
                .into_iter()
                .flat_map(|m| m.interventions.iter().filter_map(|i| i.name.as_deref()))
                .flat_map(words),
        );
        let conditions = hashes(study.conditions().iter().flat_map(|c| words(c)));
        let criteria = protocol
            .and_then(|p| p.eligibility_module.as_ref())
            .and_then(|e| e.eligibility_criteria.as_deref())
            .map(|text| hashes(words(text).into_iter().take(CRITERIA_WORDS)))
            .unwrap_or_default();
        let (people, emails, countries) = contacts(study);
        let design = protocol.and_then(|p| p.design_module.as_ref());
        let target_size =
            design.and_then(|d| d.enrollment_info.as_ref()).and_then(|e| e.count).filter(|n| *n > 0).map(|n| n as u64);
        let status = protocol.and_then(|p| p.status_module.as_ref());
        let start_day = day(status.and_then(|s| s.start_date_struct.as_ref()).and_then(|d| d.date));
        // The registry's own registration date, else CT.gov's first submission.
        let registered = section.and_then(|s| s.registry_fields.as_ref()).and_then(|f| f.registration_date);
        let registered_day = day(registered.or_else(|| status.and_then(|s| s.study_first_submit_date)));
        Some(Profile {
            key,
            declared,
            mentioned,
            protocol_numbers,
            title,
            sponsor,
            interventions,
            conditions,
            criteria,
            people,
            emails,
            countries,
            target_size,
            start_day,
            registered_day,
        })
    }

    /// The trial a registration belongs to within its registry: one trial has one id
    /// per registry (EU CTR's member-state copies share their EudraCT number).
    pub fn trial_id(&self) -> (Registry, String) {
        (self.key.registry, self.key.registry_id.to_ascii_uppercase())
    }
}

/// Days since 1970 of a date given to the day or month (a year alone says too little).
fn day(date: Option<trialdex_model::PartialDate>) -> Option<i64> {
    let date = date.filter(|d| d.month.is_some())?;
    Some(days_from_civil(i64::from(date.year), i64::from(date.month.unwrap_or(1)), i64::from(date.day.unwrap_or(15))))
}

/// Words of the names of a record's officials and contacts, their e-mail addresses,
/// and the countries of its sites (or, from an ICTRP export, the countries it lists).
fn contacts(study: &Study) -> (Vec<String>, Vec<String>, Vec<String>) {
    let module = study.protocol_section.as_ref().and_then(|p| p.contacts_locations_module.as_ref());
    let contacts =
        module.into_iter().flat_map(|m| m.central_contacts.iter().chain(m.locations.iter().flat_map(|l| &l.contacts)));
    let names = module.into_iter().flat_map(|m| m.overall_officials.iter().filter_map(|o| o.name.as_deref()));
    // Titles and job names are not names: "Dr", "Clinical Trials", "Project Manager".
    const NOT_NAMES: [&str; 14] = [
        "dr",
        "prof",
        "md",
        "phd",
        "mph",
        "msc",
        "trials",
        "manager",
        "project",
        "regulatory",
        "information",
        "contact",
        "central",
        "office",
    ];
    let mut people: Vec<String> = names
        .chain(contacts.clone().filter_map(|c| c.name.as_deref()))
        .flat_map(words)
        .filter(|w| !NOT_NAMES.contains(&w.as_str()))
        .collect();
    let mut emails: Vec<String> = contacts
        .filter_map(|c| c.email.as_deref())
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'))
        .collect();
    let listed = study
        .registry_section
        .as_ref()
        .and_then(|s| s.registry_fields.as_ref())
        .and_then(|f| f.extra.get("countries"))
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str());
    let mut countries: Vec<String> = module
        .into_iter()
        .flat_map(|m| m.locations.iter().filter_map(|l| l.country.as_deref()))
        .chain(listed)
        .map(|c| c.trim().to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    for list in [&mut people, &mut emails, &mut countries] {
        list.sort_unstable();
        list.dedup();
    }
    (people, emails, countries)
}

/// The sponsor's protocol numbers of a record: its organization's study id and
/// secondary ids that are neither another registry's id nor a grant number (a grant
/// funds many trials). Only numbers with letters and digits, five characters or more
/// once normalized: "1" or "2020-01" would join trials of different sponsors.
fn protocol_numbers(ident: &trialdex_model::IdentificationModule) -> Vec<String> {
    use trialdex_model::SecondaryIdType;
    let own = ident.org_study_id_info.as_ref().filter(|o| o.kind.is_none()).and_then(|o| o.id.as_deref());
    let secondary = ident
        .secondary_id_infos
        .iter()
        .filter(|s| matches!(s.kind, None | Some(SecondaryIdType::Other)))
        .filter_map(|s| s.id.as_deref());
    let mut numbers: Vec<String> = own
        .into_iter()
        .chain(secondary)
        .filter(|id| trialdex_model::ids::registry_of(id.trim()).is_none())
        .map(|id| id.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase())
        .filter(|n| n.len() >= 5 && n.chars().any(|c| c.is_ascii_digit()) && n.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// A word as the long fields keep it: a 64-bit hash of its text.
pub type WordHash = u64;

/// The hash of a word's text (SipHash with fixed keys: the same in every run).
pub fn word_hash(word: &str) -> WordHash {
    let mut hasher = std::hash::DefaultHasher::new();
    word.hash(&mut hasher);
    hasher.finish()
}

/// `words` sorted, each once.
pub fn distinct(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The hashes of `words`, sorted, each once.
pub fn hashes<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Vec<WordHash> {
    let mut hashes: Vec<WordHash> = words.into_iter().map(|w| word_hash(w.as_ref())).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with it; this is for completeness.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// How many records hold each word, for weighting words by rarity.
#[derive(Debug, Default)]
pub struct WordRarity {
    holders: HashMap<WordHash, u32, BuildHasherDefault<PassThrough>>,
    records: u32,
}

impl WordRarity {
    pub fn new<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> WordRarity {
        let mut rarity = WordRarity::default();
        for profile in profiles {
            rarity.records += 1;
            let mut seen: Vec<WordHash> = profile
                .title
                .iter()
                .chain(&profile.sponsor)
                .chain(&profile.interventions)
                .chain(&profile.people)
                .map(|w| word_hash(w))
                .chain(profile.conditions.iter().copied())
                .chain(profile.criteria.iter().copied())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for word in seen {
                *rarity.holders.entry(word).or_default() += 1;
            }
        }
        rarity
    }

    /// Inverse document frequency: rare words weigh most.
    pub fn weight(&self, word: &str) -> f64 {
        self.weight_of(word_hash(word))
    }

    pub fn weight_of(&self, word: WordHash) -> f64 {
        let holders = f64::from(self.holders.get(&word).copied().unwrap_or(0));
        ((f64::from(self.records) + 1.0) / (holders + 1.0)).ln()
    }

    pub fn holders(&self, word: &str) -> u32 {
        self.holders.get(&word_hash(word)).copied().unwrap_or(0)
    }
}
