//! The table `expand` reads: every key's alternatives, indexed by the key's first word
//! so a query of n words costs n hash lookups plus a few slice comparisons.

use std::collections::HashMap;

use super::curated::{curated_groups, is_ambiguous};
use super::words::CasedWord;
use super::{LearnedPairs, MAX_ALTERNATIVES, SynonymMatch};

#[derive(Debug, Clone, Default)]
pub(super) struct Lookup {
    by_first_word: HashMap<String, Vec<Entry>>,
    keys: usize,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The key's words after the first.
    rest: Vec<String>,
    /// The key is ambiguous (`is_ambiguous`): it matches only words written in capitals.
    needs_capitals: bool,
    alternatives: Vec<Vec<String>>,
}

impl Lookup {
    /// Curated groups first and whole; learned pairs then fill each key up to
    /// `MAX_ALTERNATIVES`, most often seen first. Ambiguous phrases are never alternatives.
    pub(super) fn build(learned: &LearnedPairs) -> Lookup {
        let mut alternatives: HashMap<&str, Vec<&str>> = HashMap::new();
        for group in curated_groups() {
            for key in group {
                let list = alternatives.entry(key).or_default();
                for other in group {
                    if other != key && !is_ambiguous(other) && !list.contains(&other.as_str()) {
                        list.push(other);
                    }
                }
            }
        }

        let mut learned_by_key: HashMap<&str, Vec<(u32, &str)>> = HashMap::new();
        for ((a, b), counts) in learned {
            if counts.is_usable(a, b) {
                learned_by_key.entry(a).or_default().push((counts.records(), b));
                learned_by_key.entry(b).or_default().push((counts.records(), a));
            }
        }
        for (key, mut others) in learned_by_key {
            others.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1)));
            let list = alternatives.entry(key).or_default();
            for (_, other) in others {
                if list.len() >= MAX_ALTERNATIVES {
                    break;
                }
                if !is_ambiguous(other) && !list.contains(&other) {
                    list.push(other);
                }
            }
        }

        let mut lookup = Lookup::default();
        for (key, list) in alternatives {
            if list.is_empty() {
                continue;
            }
            let mut words = split_phrase(key);
            let first = words.remove(0);
            let alternatives = list.into_iter().map(split_phrase).collect();
            let entry = Entry { rest: words, needs_capitals: is_ambiguous(key), alternatives };
            lookup.by_first_word.entry(first).or_default().push(entry);
            lookup.keys += 1;
        }
        for entries in lookup.by_first_word.values_mut() {
            entries.sort_by(|a, b| b.rest.len().cmp(&a.rest.len()).then_with(|| a.rest.cmp(&b.rest)));
        }
        lookup
    }

    /// How many keys expand to something.
    pub(super) fn keys(&self) -> usize {
        self.keys
    }

    /// Non-overlapping matches, longest first (ties: leftmost), returned in text order.
    /// `capitals(i)` says whether word `i` was written in capitals.
    pub(super) fn expand(&self, words: &[&str], capitals: impl Fn(usize) -> bool) -> Vec<SynonymMatch> {
        let mut candidates: Vec<(usize, usize, &Entry)> = Vec::new();
        for (start, first) in words.iter().enumerate() {
            let Some(entries) = self.by_first_word.get(*first) else { continue };
            for entry in entries {
                let end = start + 1 + entry.rest.len();
                let fits = end <= words.len() && entry.rest.iter().zip(&words[start + 1..end]).all(|(a, b)| a == b);
                if fits && (!entry.needs_capitals || capitals(start)) {
                    candidates.push((start, end, entry));
                }
            }
        }
        candidates.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then_with(|| a.0.cmp(&b.0)));

        let mut taken = vec![false; words.len()];
        let mut matches = Vec::new();
        for (start, end, entry) in candidates {
            if taken[start..end].iter().any(|&t| t) {
                continue;
            }
            taken[start..end].iter_mut().for_each(|t| *t = true);
            matches.push(SynonymMatch { start, end, alternatives: entry.alternatives.clone() });
        }
        matches.sort_by_key(|m| m.start);
        matches
    }
}

/// Capitals of cased words, for `Lookup::expand`.
pub(super) fn capitals_of(words: &[CasedWord]) -> impl Fn(usize) -> bool + '_ {
    |index| words.get(index).is_some_and(|word| word.all_caps)
}

fn split_phrase(phrase: &str) -> Vec<String> {
    phrase.split(' ').map(str::to_string).collect()
}
