//! Whatever a user sends, the parser answers with a tree or an error that points into the query.

use proptest::prelude::*;

use super::spans;
use crate::query::parse;

/// Pieces that exercise every branch: operators, brackets, escapes, quotes, CJK, stray punctuation.
fn operator_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("AND"),
        Just("OR"),
        Just("NOT"),
        Just("MISSING"),
        Just("ALL"),
        Just("AREA[LocationCity]"),
        Just("AREA["),
        Just("SEARCH[Location]"),
        Just("COVERAGE[FullMatch]"),
        Just("EXPANSION[Lossy]"),
        Just("TILT[StudyFirstPostDate]"),
        Just("RANGE[1, MAX]"),
        Just("RANGE[MIN,"),
        Just("DISTANCE[39.0, -77.1, 25mi]"),
        Just("DISTANCE[1,2,3km"),
        Just("FOO[x]"),
        Just("("),
        Just(")"),
        Just("\""),
        Just("\\"),
        Just("\\\""),
        Just("\"\\"),
        Just("["),
        Just("]"),
        Just(","),
        Just("heart attack"),
        Just("Sjögren's"),
        Just("再生障碍性贫血"),
        Just("\u{3000}"),
        Just("é\u{301}"),
    ];
    let separator = prop_oneof![Just(""), Just(" "), Just("  ")];
    prop::collection::vec((piece, separator), 0..24)
        .prop_map(|pieces| pieces.into_iter().map(|(piece, sep)| format!("{piece}{sep}")).collect())
}

fn answers_within_input(input: &str) -> Result<(), TestCaseError> {
    let len = input.chars().count();
    match parse(input) {
        Ok(expr) => {
            for span in spans(&expr) {
                prop_assert!(span.start <= span.end && span.end <= len, "span {span:?} outside {input:?}");
            }
        }
        Err(err) => {
            prop_assert!((1..=len + 1).contains(&err.position), "position {} outside {input:?}: {err}", err.position);
            prop_assert!(!err.message.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn any_string(input in any::<String>()) {
        answers_within_input(&input)?;
    }

    #[test]
    fn any_operator_soup(input in operator_soup()) {
        answers_within_input(&input)?;
    }

    #[test]
    fn any_mix_of_syntax_characters(input in "[a-zA-Z0-9 ()\\[\\]\"\\\\,.:'-]{0,64}") {
        answers_within_input(&input)?;
    }
}
