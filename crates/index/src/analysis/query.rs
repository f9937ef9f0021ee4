//! Query text cut the way the index cut the documents, for a query builder.

use tantivy::tokenizer::{RawTokenizer, TextAnalyzer};

use super::tokenizer::{BIGRAM, MAX_WORD_BYTES, RunBuffers, SegmentKind, WORD, next_segment};
use super::{jieba, with_text_filters};

/// One run of query text, with the terms [`super::TEXT`] indexes for it.
///
/// Positions, for phrases across parts: a `Word` takes one position, a `Cjk`
/// part as many as `text` has characters; its bigram i and a word starting at
/// character i sit at the part's first position + i.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryPart {
    /// A Latin or number word, as indexed (lower-cased, folded, stemmed).
    Word(String),
    /// A run of CJK characters: find it as the phrase of `bigrams` (consecutive
    /// positions) or as all of `words`.
    Cjk {
        /// The run as it stands in the query.
        text: String,
        /// Its jieba words, in text order.
        words: Vec<String>,
        /// Its overlapping bigrams in text order; for a one-character run, that
        /// character (so the phrase is a term).
        bigrams: Vec<String>,
    },
}

/// `text` cut into parts in text order, with exactly the terms the [`super::TEXT`]
/// analyzer produces for the same text. A word longer than the index keeps
/// (100 bytes) gives no part.
pub fn query_parts(text: &str) -> Vec<QueryPart> {
    let mut filters = with_text_filters(RawTokenizer::default());
    let mut run = RunBuffers::default();
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(segment) = next_segment(text, at) {
        at = segment.to;
        let raw = &text[segment.from..segment.to];
        match segment.kind {
            SegmentKind::Word if raw.len() > MAX_WORD_BYTES => {}
            SegmentKind::Word => parts.push(QueryPart::Word(filtered(&mut filters, raw))),
            SegmentKind::Cjk => {
                run.segment(jieba(), raw);
                let terms = |kind: u8, filters: &mut TextAnalyzer| -> Vec<String> {
                    let pieces = run.pieces.iter().filter(|p| p.kind & kind != 0);
                    pieces
                        .map(|&p| {
                            let (from, to) = run.byte_range(p);
                            filtered(filters, &raw[from..to])
                        })
                        .collect()
                };
                let words = terms(WORD, &mut filters);
                let bigrams = terms(BIGRAM, &mut filters);
                parts.push(QueryPart::Cjk { text: raw.to_owned(), words, bigrams });
            }
        }
    }
    parts
}

/// `raw` as one token through the filters of [`super::TEXT`].
fn filtered(filters: &mut TextAnalyzer, raw: &str) -> String {
    let mut stream = filters.token_stream(raw);
    let mut out = String::new();
    if stream.advance() {
        std::mem::swap(&mut out, &mut stream.token_mut().text);
    }
    out
}
