mod dictionary;
mod props;
mod search;
mod tokens;

use tantivy::tokenizer::{TokenStream, Tokenizer};

use super::{TrialTokenizer, text_analyzer};

/// `(term, position)` of every token [`super::TEXT`] makes of `text`.
fn terms(text: &str) -> Vec<(String, usize)> {
    analyzed(text).into_iter().map(|t| (t.text, t.position)).collect()
}

fn analyzed(text: &str) -> Vec<tantivy::tokenizer::Token> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |token| out.push(token.clone()));
    out
}

/// Tokens of the bare tokenizer (no filters): offsets and original text.
fn raw_tokens(text: &str) -> Vec<tantivy::tokenizer::Token> {
    let mut tokenizer = TrialTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    stream.process(&mut |token| out.push(token.clone()));
    out
}

/// Asserts the `(term, position)` list of `text`.
#[track_caller]
fn check(text: &str, expected: &[(&str, usize)]) {
    let expected: Vec<(String, usize)> = expected.iter().map(|&(t, p)| (t.to_owned(), p)).collect();
    assert_eq!(terms(text), expected, "tokens of {text:?}");
}

/// The bigrams of `text`, each with its position when the run starts at `base`.
fn bigrams(text: &str, base: usize) -> Vec<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().map(|(i, w)| (w.iter().collect(), base + i)).collect()
}
