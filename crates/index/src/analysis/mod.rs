//! TEMPORARY stand-in until the analysis branch lands (English only).
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer,
};

pub const TEXT: &str = "trialdex_text";
pub const KEYWORD: &str = "trialdex_keyword";

pub enum QueryPart {
    Word(String),
    Cjk { text: String, words: Vec<String>, bigrams: Vec<String> },
}

fn text() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(TEXT, text());
    index.tokenizers().register(KEYWORD, TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build());
}

pub fn query_parts(s: &str) -> Vec<QueryPart> {
    let mut analyzer = text();
    let mut stream = analyzer.token_stream(s);
    let mut parts = Vec::new();
    while let Some(token) = stream.next() {
        parts.push(QueryPart::Word(token.text.clone()));
    }
    parts
}
