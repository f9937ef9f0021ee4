//! Text analysis: one analyzer for every text field, so any field is searchable
//! in English and in Chinese, and one for ids and enum values.
//!
//! [`TEXT`] is [`TrialTokenizer`] → `LowerCaser` → `AsciiFoldingFilter` → English
//! `Stemmer`, all tantivy's, behind a memo of their results (`filters.rs`). The
//! tokenizer cuts the text into runs:
//!
//! - a run of alphanumeric characters that are not CJK is one token, so every
//!   other character splits: `IL-2` → `il` `2`, `Sjögren's` → `sjogren` `s`;
//! - a run of CJK characters (Han, kana, hangul) of n characters takes positions
//!   `base..base + n`: its jieba words, each at `base` + its first character's
//!   index in the run, and its overlapping bigrams, the one starting at
//!   character i at `base + i`. A two-character word is its bigram and is
//!   indexed once; a one-character run is that character. The next token after
//!   the run is at `base + n`.
//!
//! So a Chinese name jieba cuts wrongly is still found by a phrase of its
//! bigrams, and a jieba word by a term query. Jieba holds a medical user
//! dictionary (`medical_zh.txt`) of terms its own dictionary cuts apart.
//!
//! [`query_parts`] gives a query builder the same terms for query text.

mod filters;
mod query;
mod tokenizer;

use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::Index;
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer, Tokenizer};

use filters::TextFilters;

pub use query::{QueryPart, query_parts};
pub use tokenizer::{TrialTokenStream, TrialTokenizer};

/// The analyzer of every text field: English and Chinese words.
pub const TEXT: &str = "trialdex_text";
/// The analyzer of ids and enum values: the whole value, lower-cased.
pub const KEYWORD: &str = "trialdex_keyword";

/// Registers [`TEXT`] and [`KEYWORD`] on `index`, and loads the Chinese
/// dictionary now rather than on the first document.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(TEXT, text_analyzer());
    manager.register(KEYWORD, keyword_analyzer());
    jieba();
}

/// The [`TEXT`] analyzer.
pub fn text_analyzer() -> TextAnalyzer {
    with_text_filters(TrialTokenizer::default())
}

/// The [`KEYWORD`] analyzer.
pub fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build()
}

/// The filters of [`TEXT`] after `tokenizer`; the query side puts them after a
/// one-token tokenizer, so its terms are the index's by construction.
fn with_text_filters<T: Tokenizer>(tokenizer: T) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer).filter(TextFilters).build()
}

/// The medical user dictionary, in jieba's `word freq tag` format plus `#` comments.
const MEDICAL_ZH: &str = include_str!("medical_zh.txt");

/// The one jieba instance (its dictionary is ~350,000 words), built on first use.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        // The file is part of the crate and a test loads it, so it cannot fail here.
        jieba.load_dict(&mut medical_entries().as_bytes()).expect("medical_zh.txt is a jieba dictionary");
        jieba
    })
}

/// The lines of `medical_zh.txt` jieba reads: no comments, no blank lines.
fn medical_entries() -> String {
    MEDICAL_ZH
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .flat_map(|l| [l, "\n"])
        .collect()
}

#[cfg(test)]
mod tests;
