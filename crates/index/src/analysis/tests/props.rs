//! Any text: no panic, offsets on char boundaries, positions in order.

use proptest::prelude::*;

use tantivy::tokenizer::{AsciiFoldingFilter, Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream};

use super::search::assert_query_terms_are_indexed;
use super::{analyzed, raw_tokens};
use crate::analysis::filters::MEMO_TOKENS;
use crate::analysis::{TrialTokenizer, text_analyzer};

/// Text mixing Chinese, kana, hangul, Latin with accents, digits, punctuation and
/// anything else, so runs of every kind meet each other.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\u{4e00}-\u{9fa5}]{1,8}",
        "(再生障碍性贫血|非小细胞肺癌|帕博利珠单抗|患者|治疗)",
        "[ぁ-んァ-ン가-힣]{1,4}",
        "[a-zA-Z0-9éöÅß]{1,8}",
        "(running|studies|treated|anemias|syndrome|patients|the|of)",
        "[ ,.;:()\\-/（），、。\u{3000}]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn check_stream(text: &str) {
    let mut last = 0;
    for token in analyzed(text) {
        let (from, to) = (token.offset_from, token.offset_to);
        assert!(from < to && to <= text.len(), "{token:?} outside {text:?}");
        assert!(text.is_char_boundary(from) && text.is_char_boundary(to), "{token:?} not on char boundaries");
        assert!(token.position >= last, "{token:?} before position {last}");
        assert!(token.position_length >= 1);
        last = token.position;
    }
    for token in raw_tokens(text) {
        assert_eq!(&text[token.offset_from..token.offset_to], token.text);
    }
}

/// The analyzer with tantivy's filters themselves, which the memo must not change.
fn unmemoized() -> TextAnalyzer {
    let analyzer = TextAnalyzer::builder(TrialTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter);
    analyzer.filter(Stemmer::new(Language::English)).build()
}

fn tokens_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyzer.token_stream(text).process(&mut |t| out.push(t.clone()));
    out
}

#[test]
fn memo_gives_the_filters_terms_when_it_fills_and_starts_again() {
    let (mut memoized, mut plain) = (text_analyzer(), unmemoized());
    // the same words twice (from the memo the second time), over more words than it holds
    let words: Vec<String> = (0..MEMO_TOKENS + 500).map(|i| format!("running{i}s studies{}", i % 7)).collect();
    for text in words.iter().chain(&words) {
        assert_eq!(tokens_of(&mut memoized, text), tokens_of(&mut plain, text));
    }
    let text = "Randomized studies of patients treated with Sjögren's syndromes; 随机对照试验 and trials";
    for _ in 0..3 {
        assert_eq!(tokens_of(&mut memoized, text), tokens_of(&mut plain, text));
    }
}

#[test]
fn numbers_and_short_words_only_change_case() {
    use crate::analysis::filters::only_case_changes;
    let mut plain = unmemoized();
    let alnum: Vec<char> = ('0'..='9').chain('a'..='z').chain('A'..='Z').collect();
    let short = alnum
        .iter()
        .map(|a| a.to_string())
        .chain(alnum.iter().flat_map(|a| alnum.iter().map(move |b| format!("{a}{b}"))));
    let numbers = (0..20_000).map(|n| n.to_string()).chain(["007", "2020031800000000000000", "0000"].map(String::from));
    for text in short.chain(numbers) {
        assert!(only_case_changes(&text));
        let term: Vec<String> = tokens_of(&mut plain, &text).into_iter().map(|t| t.text).collect();
        assert_eq!(term, [text.to_ascii_lowercase()], "{text}");
    }
    for text in ["", "abc", "'s", "1a2", "é", "癌", "a-"] {
        assert!(!only_case_changes(text), "{text}");
    }
}

#[test]
fn filters_leave_every_cjk_character_alone() {
    use crate::analysis::filters::all_cjk;
    use crate::analysis::tokenizer::is_cjk;
    let mut chain = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    let mut checked = 0;
    for c in (0..=0x3FFFF).filter_map(char::from_u32).filter(|&c| is_cjk(c)) {
        let text = c.to_string();
        assert!(all_cjk(&text));
        let terms: Vec<String> = tokens_of(&mut chain, &text).into_iter().map(|t| t.text).collect();
        assert_eq!(terms, [text], "U+{:04X}", c as u32);
        checked += 1;
    }
    assert!(checked > 100_000, "{checked}");
    // and words: the medical dictionary's
    for line in crate::analysis::medical_entries().lines() {
        let word = line.split(' ').next().unwrap();
        assert!(all_cjk(word));
        let terms: Vec<String> = tokens_of(&mut chain, word).into_iter().map(|t| t.text).collect();
        assert_eq!(terms, [word]);
    }
    for text in ["", "癌a", "a癌", "癌-"] {
        assert!(!all_cjk(text), "{text}");
    }
}

proptest! {
    #[test]
    fn any_unicode_text(text in any::<String>()) {
        check_stream(&text);
    }

    #[test]
    fn memo_is_invisible(texts in prop::collection::vec(mixed_text(), 1..4)) {
        let (mut memoized, mut plain) = (text_analyzer(), unmemoized());
        for text in texts.iter().chain(&texts) {
            prop_assert_eq!(tokens_of(&mut memoized, text), tokens_of(&mut plain, text));
        }
    }

    #[test]
    fn mixed_scripts(text in mixed_text()) {
        check_stream(&text);
        assert_query_terms_are_indexed(&text);
    }
}
