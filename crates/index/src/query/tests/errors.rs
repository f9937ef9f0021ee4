//! What a user reads when a query cannot be parsed: why, and at which (1-based) character.

use super::check_error;
use crate::query::{MAX_DEPTH, MAX_QUERY_CHARS, MAX_TERMS, QueryError, parse};

#[test]
fn error_displays_message_then_position() {
    let err = QueryError { position: 5, message: "unclosed quote starting".into() };
    assert_eq!(err.to_string(), "unclosed quote starting at position 5");
}

#[test]
fn empty_query() {
    check_error("", "empty query at position 1");
    check_error("  \t ", "empty query at position 1");
}

#[test]
fn quotes() {
    check_error("pain \"back", "unclosed quote starting at position 6");
    check_error("再生 \"障碍", "unclosed quote starting at position 4");
    check_error("\"ends in escaped quote\\\"", "unclosed quote starting at position 1");
    check_error("a \"\" b", "empty quotes at position 3");
}

#[test]
fn parentheses() {
    check_error("a OR b) AND c", "unexpected \")\" at position 7");
    check_error(")", "unexpected \")\" at position 1");
    check_error("a (b OR c", "missing \")\" for \"(\" at position 3");
    check_error("((a)", "missing \")\" for \"(\" at position 1");
    check_error("a ()", "empty parentheses at position 3");
    check_error("(", "missing \")\" for \"(\" at position 1");
}

#[test]
fn binary_operators_need_both_sides() {
    check_error("AND a", "AND needs an expression on both sides at position 1");
    check_error("a AND", "AND needs an expression on both sides at position 3");
    check_error("a OR", "OR needs an expression on both sides at position 3");
    check_error("OR a", "OR needs an expression on both sides at position 1");
    check_error("a AND OR b", "AND needs an expression on both sides at position 3");
    check_error("a OR AND b", "OR needs an expression on both sides at position 3");
    check_error("(a AND) b", "AND needs an expression on both sides at position 4");
    check_error("(OR a)", "OR needs an expression on both sides at position 2");
}

#[test]
fn unary_operators_need_an_operand() {
    check_error("a NOT", "NOT needs an expression after it at position 3");
    check_error("NOT AND a", "NOT needs an expression after it at position 1");
    check_error("(NOT) a", "NOT needs an expression after it at position 2");
    check_error("AREA[LocationCity]", "AREA[…] needs an expression after it at position 1");
    check_error("a AND AREA[X] OR b", "AREA[…] needs an expression after it at position 7");
}

#[test]
fn bracketed_operators() {
    check_error("FOO[x] bar", "unknown operator FOO[…] at position 1");
    check_error("a AREA[LocationCity", "missing \"]\" for \"[\" of AREA at position 7");
    check_error(
        "AREA[]aspirin",
        "AREA needs a parameter in its brackets, as in AREA[ConditionSearch]asthma at position 6",
    );
    check_error(
        "AREA [LocationCity]Bethesda",
        "AREA must be followed directly by \"[\", as in AREA[ConditionSearch]asthma at position 1",
    );
    check_error(
        "COVERAGE[Foo]pain",
        "unknown COVERAGE \"Foo\": expected FullMatch, StartsWith, EndsWith or Contains at position 10",
    );
    check_error(
        "EXPANSION[Synonyms]pain",
        "unknown EXPANSION \"Synonyms\": expected None, Term, Concept, Relaxation or Lossy at position 11",
    );
    // The parameter is checked before the (missing) expression after it: errors in reading order.
    check_error(
        "COVERAGE[Foo]",
        "unknown COVERAGE \"Foo\": expected FullMatch, StartsWith, EndsWith or Contains at position 10",
    );
}

#[test]
fn range() {
    let usage = "RANGE needs two values, as in RANGE[2020-01-01, MAX]";
    check_error("RANGE[2020]", &format!("{usage} at position 1"));
    check_error("a RANGE[1, 2, 3]", &format!("{usage} at position 3"));
    check_error("RANGE[, MAX]", &format!("{usage} at position 1"));
    check_error("RANGE[]", &format!("{usage} at position 1"));
    check_error(
        "RANGE[MAX, 5]",
        "MAX can only be the second value of RANGE, as in RANGE[2020-01-01, MAX] at position 7",
    );
    check_error("RANGE[5, MIN]", "MIN can only be the first value of RANGE, as in RANGE[MIN, 18 years] at position 10");
}

#[test]
fn distance() {
    let limits = "DISTANCE radius must be between 1 mile (1 km) and 500 miles (805 km)";
    check_error("DISTANCE[39.0, -77.1, 501mi]", &format!("{limits} at position 23"));
    check_error("DISTANCE[39.0, -77.1, 806km]", &format!("{limits} at position 23"));
    check_error("DISTANCE[39.0, -77.1, 0.5km]", &format!("{limits} at position 23"));
    check_error("DISTANCE[39.0, -77.1, -5mi]", &format!("{limits} at position 23"));
    check_error(
        "DISTANCE[39.0, -77.1]",
        "DISTANCE needs a latitude, a longitude and a radius, as in DISTANCE[39.0, -77.1, 25mi] at position 1",
    );
    check_error(
        "DISTANCE[91, 0, 5mi]",
        "DISTANCE latitude must be a number between -90 and 90, found \"91\" at position 10",
    );
    check_error(
        "DISTANCE[0, NaN, 5mi]",
        "DISTANCE longitude must be a number between -180 and 180, found \"NaN\" at position 13",
    );
    check_error(
        "DISTANCE[0, 0, 25]",
        "DISTANCE radius needs a unit, mi or km, as in 25mi, found \"25\" at position 16",
    );
    check_error(
        "DISTANCE[0, 0, far]",
        "DISTANCE radius must be a number followed by mi or km, as in 25mi, found \"far\" at position 16",
    );
}

#[test]
fn limits_are_errors_not_crashes() {
    let long = "a".repeat(MAX_QUERY_CHARS + 1);
    check_error(&long, "query is longer than 10000 characters at position 10001");
    assert!(parse(&"a".repeat(MAX_QUERY_CHARS)).is_ok());

    let nested = |depth: usize| format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    check_error(&nested(MAX_DEPTH + 1), "query nests deeper than 50 levels at position 51");
    check_error(&nested(4_000), "query nests deeper than 50 levels at position 51");

    let nots = |depth: usize| format!("{}a", "NOT ".repeat(depth));
    assert!(parse(&nots(MAX_DEPTH)).is_ok());
    check_error(&nots(MAX_DEPTH + 1), "query nests deeper than 50 levels at position 201");
    check_error(&nots(2_000), "query nests deeper than 50 levels at position 201");
    check_error(&"AREA[X]".repeat(1_400), "query nests deeper than 50 levels at position 351");

    let terms = |count: usize| vec!["a"; count].join(" OR ");
    assert!(parse(&terms(MAX_TERMS)).is_ok());
    check_error(&terms(MAX_TERMS + 1), "query has more than 1000 terms at position 5001");
    // A long run of words is one term.
    assert!(parse(&vec!["a"; 4_000].join(" ")).is_ok());
}
