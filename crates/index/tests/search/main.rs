//! Search over the real records: the seeds and ../shared/corpus imported into a store,
//! indexed once for the whole test binary.

mod fixture;
mod language;
mod patient;
mod sync;

use fixture::{count, ids, search, search_err};

#[test]
fn a_condition_is_found_by_name_and_by_abbreviation() {
    let top = ids(&search(&[("cond", "immune thrombocytopenia")], 3));
    assert!(top.contains(&"NCT05281068".to_owned()), "top 3 for immune thrombocytopenia: {top:?}");
    let by_abbreviation = ids(&search(&[("cond", "ITP")], 20));
    assert!(by_abbreviation.contains(&"NCT05281068".to_owned()), "ITP: {by_abbreviation:?}");
}

#[test]
fn a_drug_abbreviation_and_a_name_with_a_diacritic_are_found_together() {
    let found = ids(&search(&[("term", "IL-2 Sjögren")], 10));
    assert!(found.contains(&"NCT02464319".to_owned()), "IL-2 Sjögren: {found:?}");
}

#[test]
fn a_chinese_trial_is_found_in_chinese_and_in_english() {
    for query in ["再生障碍性贫血", "severe aplastic anemia"] {
        let found = ids(&search(&[("term", query)], 10));
        assert!(found.contains(&"ChiCTR2600117810".to_owned()), "{query}: {found:?}");
    }
}

#[test]
fn bad_queries_say_what_is_wrong() {
    for (query, expected) in [
        ("(heart attack", "missing \")\""),
        ("AREA[NoSuchField]x", "unknown search area or field"),
        ("AREA[StartDate]RANGE[yesterday, MAX]", "is not a date"),
        ("AREA[BriefTitle]RANGE[2020, MAX]", "RANGE needs a date, number or age field"),
        ("\"unclosed", "unclosed quote"),
    ] {
        let message = search_err(&[("term", query)], None);
        assert!(message.contains(expected), "{query}: {message}");
    }
}

#[test]
fn a_page_token_only_continues_its_own_query() {
    let first = search(&[("cond", "cancer")], 5);
    let token = first.next_page_token.expect("more than five cancer trials");
    let message = search_err(&[("cond", "diabetes")], Some(token));
    assert!(message.contains("pageToken"), "{message}");
    assert!(count("AREA[Condition]cancer") > 5);
}
