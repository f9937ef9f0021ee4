//! Synonyms for search: word sequences and the alternative word sequences a query may
//! also match (ITP ↔ immune thrombocytopenia, IL-2 ↔ interleukin-2 ↔ aldesleukin,
//! anemia ↔ anaemia), as ClinicalTrials.gov's `EXPANSION[Concept]` does. The query
//! layer turns each match into extra clauses with a small score penalty.
//!
//! Two sources:
//! - `curated.tsv`, written for trialdex and compiled in: equivalence groups; always used.
//! - pairs learned from records ([`Synonyms::learn`]): an intervention's name and each of
//!   its other names, and abbreviations defined in the text ("non-small cell lung cancer
//!   (NSCLC)"). A pair is used once seen in enough records ([`MIN_OTHER_NAME_RECORDS`],
//!   [`MIN_SHORT_OTHER_NAME_RECORDS`], [`MIN_ABBREVIATION_RECORDS`]); a key gets at most
//!   [`MAX_ALTERNATIVES`], curated first, then the most often seen.
//!
//! Keys and alternatives are phrases of normalized words ([`normalize_words`]), so
//! "IL-2", "IL 2" and "il-2" are one key. Matching is symmetric within a curated group and
//! a learned pair, and never transitive: AD (Alzheimer's disease) and AD (atopic
//! dermatitis) both expand from "AD", but Alzheimer's never expands to eczema.
//!
//! Ambiguity rule: a one-word key that is an everyday English word (`ambiguous.txt`:
//! all, aids, cat, net, prep, …) or has at most two characters (MS, PD, AD, IV) expands
//! only where the query wrote it in capitals ("ALL patients", not "all patients"), and
//! such a word is never offered as an alternative, because the lower-cased index would
//! match every "all" and every "Ms." Use [`Synonyms::expand_text`] or
//! [`Synonyms::expand_cased`] to give the capitals; [`Synonyms::expand`] has none, so
//! ambiguous keys never expand there.

mod abbreviations;
mod curated;
mod learn;
mod lookup;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use abbreviations::{Definition, find_definitions};
pub use words::{CasedWord, cased_words, normalize_words};

use lookup::{Lookup, capitals_of};

/// Most alternatives one key expands to. Curated alternatives are never dropped, so a
/// key from a big curated group may have more; learned ones only fill up to this.
pub const MAX_ALTERNATIVES: usize = 8;
/// Records that must give a name ↔ other-name pair before it is used: an intervention's
/// other names are the registrant's own statement that they name the same thing.
pub const MIN_OTHER_NAME_RECORDS: u32 = 1;
/// The same when one side is one word of at most [`SHORT_FORM_CHARS`] characters: short
/// forms are the least certain ("Flu" for fludarabine would expand every "flu").
pub const MIN_SHORT_OTHER_NAME_RECORDS: u32 = 2;
/// Longest one-word phrase that counts as a short form for [`MIN_SHORT_OTHER_NAME_RECORDS`].
pub const SHORT_FORM_CHARS: usize = 3;
/// Records that must define an abbreviation the same way before it is used: one record's
/// trial acronym ("SPORT (Spine Patient Outcomes Research Trial)") is not a synonym.
pub const MIN_ABBREVIATION_RECORDS: u32 = 2;
/// Longest learned phrase, in words; longer "names" are sentences, not names.
pub const MAX_LEARNED_WORDS: usize = 8;

/// Version of the JSON written by [`Synonyms::to_json`].
const FORMAT_VERSION: u32 = 1;

/// The synonym table: the curated groups plus what was learned from records.
#[derive(Debug, Clone)]
pub struct Synonyms {
    learned: LearnedPairs,
    /// Built on first use and dropped by every change.
    lookup: OnceLock<Lookup>,
}

/// Learned pairs keyed by their two phrases in sorted order.
type LearnedPairs = HashMap<(String, String), PairCounts>;

/// In how many records a learned pair was found, by source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairCounts {
    /// Records naming an intervention one way and giving the other as one of its other names.
    pub other_names: u32,
    /// Records defining one as the abbreviation of the other.
    pub abbreviations: u32,
}

impl PairCounts {
    fn records(self) -> u32 {
        self.other_names + self.abbreviations
    }

    /// Seen in enough records for the pair `a` ↔ `b` to be used.
    fn is_usable(self, a: &str, b: &str) -> bool {
        let is_short = |p: &str| !p.contains(' ') && p.chars().count() <= SHORT_FORM_CHARS;
        let min_other_names =
            if is_short(a) || is_short(b) { MIN_SHORT_OTHER_NAME_RECORDS } else { MIN_OTHER_NAME_RECORDS };
        self.other_names >= min_other_names || self.abbreviations >= MIN_ABBREVIATION_RECORDS
    }

    fn add(&mut self, other: PairCounts) {
        self.other_names = self.other_names.saturating_add(other.other_names);
        self.abbreviations = self.abbreviations.saturating_add(other.abbreviations);
    }
}

/// One expansion: `words[start..end]` may also be written as any of `alternatives`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymMatch {
    pub start: usize,
    pub end: usize,
    pub alternatives: Vec<Vec<String>>,
}

/// Sizes, for logs and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynonymStats {
    pub curated_groups: usize,
    /// Distinct pairs learned, used or not yet.
    pub learned_pairs: usize,
    /// Learned pairs seen in enough records to be used.
    pub usable_learned_pairs: usize,
    /// Keys that expand to at least one alternative (= [`Synonyms::len`]).
    pub keys: usize,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynonymError {
    #[error("synonyms file is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    #[error("synonyms file has format version {found}, expected {expected}")]
    UnsupportedVersion { found: u32, expected: u32 },
}

/// What [`Synonyms::to_json`] writes: only the learned pairs, since the curated groups
/// are part of the program and a newer program brings newer ones.
#[derive(Serialize, Deserialize)]
struct SynonymsFile {
    version: u32,
    learned: Vec<LearnedPairRecord>,
}

#[derive(Serialize, Deserialize)]
struct LearnedPairRecord {
    a: String,
    b: String,
    other_names: u32,
    abbreviations: u32,
}

impl Synonyms {
    /// The curated groups only (the repo file), nothing learned yet.
    pub fn curated() -> Synonyms {
        Synonyms { learned: HashMap::new(), lookup: OnceLock::new() }
    }

    /// Adds what `other` learned (counts add up).
    pub fn merge(&mut self, other: Synonyms) {
        for (pair, counts) in other.learned {
            self.learned.entry(pair).or_default().add(counts);
        }
        self.lookup = OnceLock::new();
    }

    /// The learned pairs as JSON, to persist beside the index.
    pub fn to_json(&self) -> Vec<u8> {
        let mut learned: Vec<LearnedPairRecord> = self
            .learned
            .iter()
            .map(|((a, b), counts)| LearnedPairRecord {
                a: a.clone(),
                b: b.clone(),
                other_names: counts.other_names,
                abbreviations: counts.abbreviations,
            })
            .collect();
        learned.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        let file = SynonymsFile { version: FORMAT_VERSION, learned };
        serde_json::to_vec(&file).expect("synonym pairs serialize: strings and integers only")
    }

    /// The curated groups plus the learned pairs of a [`Synonyms::to_json`] file. Pairs
    /// are normalized and filtered again, so a hand-edited file cannot add junk keys.
    pub fn from_json(bytes: &[u8]) -> Result<Synonyms, SynonymError> {
        let file: SynonymsFile = serde_json::from_slice(bytes)?;
        if file.version != FORMAT_VERSION {
            return Err(SynonymError::UnsupportedVersion { found: file.version, expected: FORMAT_VERSION });
        }
        let mut synonyms = Synonyms::curated();
        for record in file.learned {
            let counts = PairCounts { other_names: record.other_names, abbreviations: record.abbreviations };
            if let Some(pair) = learn::learnable_pair(&record.a, &record.b) {
                synonyms.learned.entry(pair).or_default().add(counts);
            }
        }
        Ok(synonyms)
    }

    /// Alternatives for the word sequences found in `words` (already normalized by
    /// [`normalize_words`]): non-overlapping matches, longest first, each with its span in
    /// `words` and its alternatives as word sequences. Without the original capitals,
    /// ambiguous keys ("all", "ms") do not expand; see [`Synonyms::expand_text`].
    pub fn expand(&self, words: &[String]) -> Vec<SynonymMatch> {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        self.lookup().expand(&words, |_| false)
    }

    /// [`Synonyms::expand`] for words that remember their capitals ([`cased_words`]):
    /// ambiguous keys expand only where written in capitals.
    pub fn expand_cased(&self, words: &[CasedWord]) -> Vec<SynonymMatch> {
        let texts: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
        self.lookup().expand(&texts, capitals_of(words))
    }

    /// Expands raw query text; spans index into `normalize_words(text)`.
    pub fn expand_text(&self, text: &str) -> Vec<SynonymMatch> {
        self.expand_cased(&cased_words(text))
    }

    /// Keys that expand to at least one alternative.
    pub fn len(&self) -> usize {
        self.lookup().keys()
    }

    /// Never true while the curated file has groups; here for the `len` convention.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sizes of the table; see [`SynonymStats`].
    pub fn stats(&self) -> SynonymStats {
        SynonymStats {
            curated_groups: curated::curated_groups().len(),
            learned_pairs: self.learned.len(),
            usable_learned_pairs: self.learned.iter().filter(|((a, b), counts)| counts.is_usable(a, b)).count(),
            keys: self.len(),
        }
    }

    /// Every learned pair with its counts, most often seen first (for reports and tests);
    /// `usable_only` leaves out pairs not yet seen in enough records to be used.
    pub fn learned_pairs(&self, usable_only: bool) -> Vec<(&str, &str, PairCounts)> {
        let mut pairs: Vec<(&str, &str, PairCounts)> = self
            .learned
            .iter()
            .filter(|((a, b), counts)| !usable_only || counts.is_usable(a, b))
            .map(|((a, b), counts)| (a.as_str(), b.as_str(), *counts))
            .collect();
        pairs.sort_by(|x, y| y.2.records().cmp(&x.2.records()).then_with(|| (x.0, x.1).cmp(&(y.0, y.1))));
        pairs
    }

    fn lookup(&self) -> &Lookup {
        self.lookup.get_or_init(|| Lookup::build(&self.learned))
    }
}
