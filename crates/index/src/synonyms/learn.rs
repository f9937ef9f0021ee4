//! Learning synonym pairs from one record: an intervention's name ↔ each of its other
//! names, and the abbreviations a record defines in its titles, acronym, conditions,
//! keywords, intervention names and brief summary.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use trialdex_model::{ProtocolSection, Study};

use super::abbreviations::find_definitions;
use super::curated::phrase;
use super::{MAX_LEARNED_WORDS, Synonyms};

/// Words that make a name describe an arm rather than a product ("oral placebo",
/// "treatment arm", "physician's choice medications", "non applicable").
const GENERIC_WORDS: &[&str] =
    &["placebo", "placebos", "sham", "arm", "arms", "group", "cohort", "applicable", "choice", "comparator"];

/// Names of a kind of arm rather than of a product: pairing them would make "placebo"
/// a synonym of every drug some trial compared with a placebo.
const GENERIC_NAMES: &[&str] = &[
    "placebo",
    "placebos",
    "matching placebo",
    "placebo comparator",
    "sham",
    "vehicle",
    "control",
    "controls",
    "control group",
    "standard of care",
    "standard care",
    "usual care",
    "standard treatment",
    "standard therapy",
    "best supportive care",
    "treatment as usual",
    "no intervention",
    "no treatment",
    "observation",
    "comparator",
    "active comparator",
    "drug",
    "drugs",
    "medication",
    "study drug",
    "investigational product",
    "treatment",
    "therapy",
    "intervention",
    "procedure",
    "device",
    "other",
    "none",
    "not applicable",
    "n a",
    "unknown",
    "saline",
    "normal saline",
    "tablet",
    "tablets",
    "capsule",
    "capsules",
    "injection",
    "infusion",
    "surgery",
    "chemotherapy",
    "radiation",
    "radiotherapy",
    "behavioral",
    "behavioural",
    "biological",
    "dietary supplement",
    "questionnaire",
    "survey",
    "study treatment",
    "experimental",
    "exercise",
];

impl Synonyms {
    /// Learns from one record. A pair counts once per record however often the record
    /// repeats it, so counts are numbers of records.
    pub fn learn(&mut self, study: &Study) {
        let Some(protocol) = study.protocol_section.as_ref() else { return };
        let mut other_name_pairs = HashSet::new();
        for (name, other_name) in other_name_pairs_of(protocol) {
            if let Some(pair) = learnable_pair(&name, &other_name) {
                other_name_pairs.insert(pair);
            }
        }
        let mut abbreviation_pairs = HashSet::new();
        for text in defining_texts(protocol) {
            for definition in find_definitions(text) {
                if let Some(pair) = learnable_pair(&definition.long_form, &definition.short_form) {
                    abbreviation_pairs.insert(pair);
                }
            }
        }
        if other_name_pairs.is_empty() && abbreviation_pairs.is_empty() {
            return;
        }
        for pair in other_name_pairs {
            let counts = self.learned.entry(pair).or_default();
            counts.other_names = counts.other_names.saturating_add(1);
        }
        for pair in abbreviation_pairs {
            let counts = self.learned.entry(pair).or_default();
            counts.abbreviations = counts.abbreviations.saturating_add(1);
        }
        self.lookup = OnceLock::new();
    }
}

/// Both phrases normalized, in sorted order, if they make a useful pair: different, at
/// most `MAX_LEARNED_WORDS` words each, with a letter, not generic, and neither holding
/// the other ("methotrexate" ↔ "methotrexate sodium" finds nothing new one way and
/// loses precision the other).
pub(super) fn learnable_pair(a: &str, b: &str) -> Option<(String, String)> {
    let a = phrase(a)?;
    let b = phrase(b)?;
    let usable = |p: &str| {
        p.split(' ').count() <= MAX_LEARNED_WORDS
            && p.chars().any(char::is_alphabetic)
            && p.chars().filter(|c| *c != ' ').count() >= 2
            && !GENERIC_NAMES.contains(&p)
            && !p.split(' ').any(|word| GENERIC_WORDS.contains(&word))
    };
    if a == b || !usable(&a) || !usable(&b) || holds(&a, &b) || holds(&b, &a) {
        return None;
    }
    Some(if a < b { (a, b) } else { (b, a) })
}

/// `outer` contains `inner` as whole words.
fn holds(outer: &str, inner: &str) -> bool {
    format!(" {outer} ").contains(&format!(" {inner} "))
}

/// (intervention name, one other name) of a record, without parenthesised notes, lists
/// split. A combination's label is not a synonym of its parts, so an other name is skipped
/// when it is another intervention's name in the record ("ATG" listing "Busulfan") or the
/// record gives it to several differently named interventions ("ABVD" on each of four drugs).
fn other_name_pairs_of(protocol: &ProtocolSection) -> Vec<(String, String)> {
    let interventions = || protocol.arms_interventions_module.iter().flat_map(|module| &module.interventions);
    let names: HashSet<Option<String>> =
        interventions().filter_map(|intervention| intervention.name.as_deref()).map(phrase).collect();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for intervention in interventions() {
        let Some(name) = intervention.name.as_deref() else { continue };
        for other_name in &intervention.other_names {
            for single in split_name_list(other_name) {
                pairs.push((without_parentheses(name), without_parentheses(single)));
            }
        }
    }
    let mut names_per_other: HashMap<Option<String>, HashSet<Option<String>>> = HashMap::new();
    for (name, other) in &pairs {
        names_per_other.entry(phrase(other)).or_default().insert(phrase(name));
    }
    pairs.retain(|(_, other)| {
        let other = phrase(other);
        !names.contains(&other) && names_per_other.get(&other).is_none_or(|names| names.len() < 2)
    });
    pairs
}

/// Fields where registrants define abbreviations.
fn defining_texts(protocol: &ProtocolSection) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    if let Some(identification) = &protocol.identification_module {
        let fields = [&identification.brief_title, &identification.official_title, &identification.acronym];
        texts.extend(fields.into_iter().filter_map(|field| field.as_deref()));
    }
    if let Some(conditions) = &protocol.conditions_module {
        texts.extend(conditions.conditions.iter().chain(&conditions.keywords).map(String::as_str));
    }
    if let Some(interventions) = &protocol.arms_interventions_module {
        for intervention in &interventions.interventions {
            texts.extend(intervention.name.as_deref());
            texts.extend(intervention.other_names.iter().map(String::as_str));
        }
    }
    if let Some(description) = &protocol.description_module {
        texts.extend(description.brief_summary.as_deref());
    }
    texts
}

/// Registrants put several names in one "other name":
/// "Otrexup™, Rasuvo®, Rheumatrex® and Trexall™. MTX, Amethopterin". One comma
/// separates names only between single words or around a code ("Tagrisso, AZD9291");
/// otherwise it inverts one name ("Radiation, External Beam"). A slash without spaces
/// joins one product ("sacubitril/valsartan").
fn split_name_list(other_name: &str) -> Vec<&str> {
    let single_comma_list = other_name.split_once(',').is_some_and(|(left, right)| {
        let single_words = left.split_whitespace().count() == 1 && right.split_whitespace().count() == 1;
        single_words || other_name.chars().any(|c| c.is_ascii_digit())
    });
    let is_list = other_name.contains(';')
        || other_name.matches(',').count() >= 2
        || other_name.contains(". ")
        || single_comma_list;
    if !is_list {
        return other_name.split(" / ").collect();
    }
    other_name
        .split([';', ','])
        .flat_map(|part| part.split(" / "))
        .flat_map(|part| part.split(". "))
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" or "))
        .map(|part| part.trim().trim_end_matches('.').trim())
        .filter(|part| !part.is_empty())
        .collect()
}

/// "Computerized axial tomography (procedure)" → "Computerized axial tomography ":
/// parenthesised notes are not part of the name (their abbreviations are learned apart).
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}
