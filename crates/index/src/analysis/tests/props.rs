//! Any text: no panic, offsets on char boundaries, positions in order.

use proptest::prelude::*;

use super::search::assert_query_terms_are_indexed;
use super::{analyzed, raw_tokens};

/// Text mixing Chinese, kana, hangul, Latin with accents, digits, punctuation and
/// anything else, so runs of every kind meet each other.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\u{4e00}-\u{9fa5}]{1,8}",
        "(再生障碍性贫血|非小细胞肺癌|帕博利珠单抗|患者|治疗)",
        "[ぁ-んァ-ン가-힣]{1,4}",
        "[a-zA-Z0-9éöÅß]{1,8}",
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

proptest! {
    #[test]
    fn any_unicode_text(text in any::<String>()) {
        check_stream(&text);
    }

    #[test]
    fn mixed_scripts(text in mixed_text()) {
        check_stream(&text);
        assert_query_terms_are_indexed(&text);
    }
}
