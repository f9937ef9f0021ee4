//! A term in the text pieces of an area, as CT.gov's EXPANSION levels describe it:
//!
//! - `None`, `Term`: the words as a phrase;
//! - `Concept`: the phrase, or a synonym of it (scored a little lower);
//! - `Relaxation` (the default): every word somewhere in the area, a synonym standing in
//!   for the words it replaces; records holding the words as a phrase score higher;
//! - `Lossy`: any of the words, more of them scoring higher; a word common in a long
//!   text piece is not looked for there.
//!
//! A quoted term is a phrase (with synonyms). `COVERAGE[StartsWith|EndsWith|FullMatch]`
//! anchors the phrase on the markers written around each short value.

use tantivy::Term;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::{Compiler, Scope};
use crate::analysis::{QueryPart, query_parts};
use crate::document::{VALUE_END, VALUE_START};
use crate::query::{Coverage, Expansion};
use crate::synonyms::normalize_words;

/// Synonyms and relaxed matches score below the words as written.
const SYNONYM_WEIGHT: f32 = 0.9;
/// A word found in several pieces scores as its best piece plus this share of the
/// others, so a word repeated across a record's many fields does not outweigh the
/// other words of the query.
const PIECE_TIE_BREAKER: f32 = 0.6;
/// Bounds so that a pasted page of text cannot make an unbounded query.
const MAX_WORDS: usize = 256;
const MAX_PHRASE_WORDS: usize = 16;
/// The heaviest pieces of an area (titles, conditions, intervention names, ids),
/// short values whose words say what a record is about. The phrase bonus is looked
/// for in them only: a phrase is the costliest query there is (positions read for
/// every record holding all its words), and in the long text pieces it moved
/// rankings little for most of the time of a multi-word query.
const HEAVY_PIECE_WEIGHT: f32 = 0.8;
const MAX_ALTERNATIVES: usize = 16;
/// A word of a pasted description held by more than this share of the records (and by
/// more than `LOSSY_COMMON_MIN_RECORDS`) in a piece lighter than `HEAVY_PIECE_WEIGHT`
/// is left out of that piece: there it says little about the patient (BM25 gives it
/// little weight) and its long postings were most of the time of such a search. Chosen
/// with `trialdex bench relevance`: TREC 2022 NDCG@10 0.357 → 0.385, SIGIR 0.215 → 0.249.
const LOSSY_COMMON_SHARE: f64 = 0.01;
const LOSSY_COMMON_MIN_RECORDS: u64 = 50;
/// Words that carry no meaning in a pasted description (`EXPANSION[Lossy]`).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
    "but", "by", "came", "can", "did", "does", "during", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "if", "in", "into", "is", "it", "its", "last", "no", "not", "of", "on", "or", "other", "our", "over", "she",
    "since", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "up", "was", "were", "what", "when", "which", "while", "who", "with", "would", "you", "your",
];

pub(super) fn text_query(
    compiler: &Compiler,
    text: &str,
    quoted: bool,
    scope: &Scope,
    pieces: &[(Field, f32)],
) -> Box<dyn Query> {
    let mut words = normalize_words(text);
    words.truncate(MAX_WORDS);
    if words.is_empty() {
        return Box::new(EmptyQuery);
    }
    let mut synonyms = match scope.expansion {
        Expansion::None | Expansion::Term => Vec::new(),
        _ => compiler.synonyms.expand_text(text),
    };
    synonyms.retain(|found| found.end <= words.len());
    let phrase_only = quoted
        || scope.coverage != Coverage::Contains
        || matches!(scope.expansion, Expansion::None | Expansion::Term | Expansion::Concept);
    if phrase_only {
        // The words as written, then each synonym standing in for the words it replaces.
        let mut alternatives = vec![(words.clone(), 1.0)];
        for found in &synonyms {
            for synonym in &found.alternatives {
                let mut replaced = words[..found.start].to_vec();
                replaced.extend(synonym.iter().cloned());
                replaced.extend(words[found.end..].iter().cloned());
                alternatives.push((replaced, SYNONYM_WEIGHT));
            }
        }
        alternatives.truncate(MAX_ALTERNATIVES);
        let clauses = alternatives
            .iter()
            .map(|(w, weight)| (Occur::Should, boost(phrase_in(compiler, w, pieces, scope.coverage), *weight)));
        return Box::new(BooleanQuery::new(clauses.collect()));
    }
    let lossy = scope.expansion == Expansion::Lossy;
    if lossy {
        // A pasted description: each distinct content word once.
        words.retain(|w| !STOP_WORDS.contains(&w.as_str()) && w.chars().count() > 1);
        words.sort();
        words.dedup();
        if words.is_empty() {
            return Box::new(EmptyQuery);
        }
    }
    // Each word (or run of words a synonym covers) must be found somewhere in the area.
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut at = 0;
    let mut matches = synonyms.iter().peekable();
    while at < words.len() {
        let occur = if lossy { Occur::Should } else { Occur::Must };
        if let Some(found) = matches.next_if(|m| m.start == at && !lossy) {
            let mut options = vec![(Occur::Should, all_words(compiler, &words[found.start..found.end], pieces))];
            for synonym in found.alternatives.iter().take(MAX_ALTERNATIVES) {
                options.push((
                    Occur::Should,
                    boost(phrase_in(compiler, synonym, pieces, Coverage::Contains), SYNONYM_WEIGHT),
                ));
            }
            clauses.push((occur, Box::new(BooleanQuery::new(options))));
            at = found.end;
        } else if lossy {
            clauses.extend(informative_word(compiler, &words[at], pieces).map(|query| (occur, query)));
            at += 1;
        } else {
            clauses.push((occur, all_words(compiler, &words[at..=at], pieces)));
            at += 1;
        }
    }
    if (2..=MAX_PHRASE_WORDS).contains(&words.len()) && !lossy {
        let heavy: Vec<(Field, f32)> =
            pieces.iter().copied().filter(|&(_, weight)| weight >= HEAVY_PIECE_WEIGHT).collect();
        if !heavy.is_empty() {
            clauses.push((Occur::Should, phrase_in(compiler, &words, &heavy, Coverage::Contains)));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

fn boost(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if weight == 1.0 { query } else { Box::new(BoostQuery::new(query, weight)) }
}

/// Every word, each in any of the pieces.
fn all_words(compiler: &Compiler, words: &[String], pieces: &[(Field, f32)]) -> Box<dyn Query> {
    let parts = query_parts(&words.join(" "));
    let clauses = parts.iter().map(|part| {
        let per_piece = pieces.iter().map(|&(field, weight)| boost(part_in(compiler, part, field), weight));
        let best_piece = DisjunctionMaxQuery::with_tie_breaker(per_piece.collect(), PIECE_TIE_BREAKER);
        (Occur::Must, Box::new(best_piece) as Box<dyn Query>)
    });
    Box::new(BooleanQuery::new(clauses.collect()))
}

/// A word of a pasted description, in its best piece (as `all_words`), leaving out
/// the light pieces where it is common; None when no piece is left.
fn informative_word(compiler: &Compiler, word: &str, pieces: &[(Field, f32)]) -> Option<Box<dyn Query>> {
    let records = compiler.stats.records();
    let common = |field: Field, word: &str| {
        let held = compiler.stats.doc_freq(&Term::from_field_text(field, word)).unwrap_or(0);
        held > LOSSY_COMMON_MIN_RECORDS && held as f64 > LOSSY_COMMON_SHARE * records as f64
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for part in query_parts(word) {
        let per_piece: Vec<Box<dyn Query>> = pieces
            .iter()
            .filter(|&&(field, weight)| match &part {
                QueryPart::Word(word) => weight >= HEAVY_PIECE_WEIGHT || !common(field, word),
                QueryPart::Cjk { .. } => true,
            })
            .map(|&(field, weight)| boost(part_in(compiler, &part, field), weight))
            .collect();
        if per_piece.is_empty() {
            return None;
        }
        clauses.push((Occur::Must, Box::new(DisjunctionMaxQuery::with_tie_breaker(per_piece, PIECE_TIE_BREAKER))));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// One analysed part in one field: a word, or a Chinese run as its bigram phrase or all its words.
fn part_in(compiler: &Compiler, part: &QueryPart, field: Field) -> Box<dyn Query> {
    match part {
        QueryPart::Word(word) => term(compiler, field, word),
        QueryPart::Cjk { words, bigrams, .. } => {
            let as_bigrams =
                phrase(compiler, field, bigrams.iter().enumerate().map(|(i, b)| (i, b.as_str())).collect());
            if words.len() <= 1 {
                return as_bigrams;
            }
            let as_words = words.iter().map(|w| (Occur::Must, term(compiler, field, w)));
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, as_bigrams),
                (Occur::Should, Box::new(BooleanQuery::new(as_words.collect()))),
            ]))
        }
    }
}

/// The words as a phrase in any of the pieces, anchored as `coverage` says.
fn phrase_in(compiler: &Compiler, words: &[String], pieces: &[(Field, f32)], coverage: Coverage) -> Box<dyn Query> {
    let parts = query_parts(&words.join(" "));
    let mut positioned: Vec<(usize, String)> = Vec::new();
    let mut cursor = 0;
    if matches!(coverage, Coverage::StartsWith | Coverage::FullMatch) {
        positioned.push((0, marker(VALUE_START)));
        cursor = 1;
    }
    for part in &parts {
        match part {
            QueryPart::Word(word) => {
                positioned.push((cursor, word.clone()));
                cursor += 1;
            }
            // A Chinese run takes one position per character; bigram i sits at its start + i.
            QueryPart::Cjk { bigrams, text, .. } => {
                positioned.extend(bigrams.iter().enumerate().map(|(i, b)| (cursor + i, b.clone())));
                cursor += text.chars().count();
            }
        }
    }
    if matches!(coverage, Coverage::EndsWith | Coverage::FullMatch) {
        positioned.push((cursor, marker(VALUE_END)));
    }
    let per_piece = pieces.iter().map(|&(field, weight)| {
        let terms = positioned.iter().map(|(at, t)| (*at, t.as_str())).collect();
        (Occur::Should, boost(phrase(compiler, field, terms), weight))
    });
    Box::new(BooleanQuery::new(per_piece.collect()))
}

/// How the index analyser writes a value marker.
fn marker(word: &str) -> String {
    match query_parts(word).into_iter().next() {
        Some(QueryPart::Word(w)) => w,
        _ => word.to_owned(),
    }
}

fn phrase(compiler: &Compiler, field: Field, terms: Vec<(usize, &str)>) -> Box<dyn Query> {
    let terms: Vec<(usize, Term)> = terms.into_iter().map(|(at, t)| (at, Term::from_field_text(field, t))).collect();
    if terms.iter().any(|(_, t)| !held(compiler, t)) {
        return Box::new(EmptyQuery);
    }
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

fn term(compiler: &Compiler, field: Field, word: &str) -> Box<dyn Query> {
    let term = Term::from_field_text(field, word);
    if !held(compiler, &term) {
        return Box::new(EmptyQuery);
    }
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// Whether any record holds `term`. A term none holds becomes `EmptyQuery`: tantivy
/// would look it up again in every segment to find nothing (synonyms searched in
/// every piece of an area are mostly such terms), and its weight needs the count
/// anyway, which `TermStats` keeps.
fn held(compiler: &Compiler, term: &Term) -> bool {
    compiler.stats.doc_freq(term).map_or(true, |held| held > 0)
}
