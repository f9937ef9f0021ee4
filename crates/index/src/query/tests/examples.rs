//! The examples of CT.gov's "Constructing Complex Search Queries" page, and the readings
//! the page implies for words, precedence and escapes.

use super::{check, spans};
use crate::query::{Coverage, Expansion, Expr, Span, parse};

fn term(text: &str, start: usize, end: usize) -> Expr {
    Expr::Term { text: text.into(), quoted: false, span: Span::new(start, end) }
}

#[test]
fn boolean_operators() {
    check("youth OR teen", "or('youth', 'teen')");
    check("heart AND attack", "and('heart', 'attack')");
    check("bethesda NOT maryland", "and('bethesda', not('maryland'))");
}

#[test]
fn grouping_operators() {
    check("\"back pain\"", "\"back pain\"");
    check(
        "(acetaminophen OR aspirin) AND NOT (heart failure OR heart attack)",
        "and(or('acetaminophen', 'aspirin'), not(or('heart failure', 'heart attack')))",
    );
}

#[test]
fn context_operators() {
    check("COVERAGE[FullMatch]pain", "coverage[FullMatch]('pain')");
    check("EXPANSION[None]SLE", "expansion[None]('SLE')");
    check("AREA[InterventionName]aspirin", "area[InterventionName]('aspirin')");
    check(
        "heart attack AND SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)",
        "and('heart attack', search[Location](and(area[LocationCity]('Portland'), area[LocationState]('Maine'))))",
    );
    check(
        "heart attack AND SEARCH[Location](AREA[LocationCountry]United States AND AREA[LocationStatus]Recruiting)",
        "and('heart attack', search[Location](and(area[LocationCountry]('United States'), \
         area[LocationStatus]('Recruiting'))))",
    );
    check(
        "heart attack AND AREA[LocationCountry]United States AND AREA[LocationStatus]Recruiting",
        "and('heart attack', area[LocationCountry]('United States'), area[LocationStatus]('Recruiting'))",
    );
}

#[test]
fn source_operators() {
    check("AREA[ResultsFirstPostDate]MISSING", "area[ResultsFirstPostDate](missing)");
    check("AREA[ResultsFirstPostDate]RANGE[01/01/2015, MAX]", "area[ResultsFirstPostDate](range(01/01/2015, *))");
    check(
        "AREA[LocationGeoPoint] DISTANCE[39.0019296, -77.1044561, 25mi]",
        "area[LocationGeoPoint](distance(39.0019296, -77.1044561, 40.234km))",
    );
    check(
        "AREA[LocationGeoPoint] DISTANCE[39.0019296, -77.1044561, 3.098km]",
        "area[LocationGeoPoint](distance(39.0019296, -77.1044561, 3.098km))",
    );
    check("ALL", "all");
}

#[test]
fn scoring_operators() {
    check("TILT[StudyFirstPostDate]\"heart attack\"", "tilt[StudyFirstPostDate](\"heart attack\")");
}

#[test]
fn search_terms_escape_operators_and_quotes() {
    check("\\MISSING", "'MISSING'");
    check("rock \\AND roll", "'rock AND roll'");
    check("\\\"sleep deprivation\"\\", "'\"sleep deprivation\"'");
    check("\\\"sleep deprivation\\\"", "'\"sleep deprivation\"'");
    check("\"say \\\"ah\\\" please\"", "\"say \"ah\" please\"");
    check("\\(R\\)-ketamine", "'(R)-ketamine'");
    check("\\AREA[X]y", "'AREA[X]y'");
    check("C:\\temp \\", "'C:\\temp \\'");
}

#[test]
fn source_expressions() {
    check("exhaustion", "'exhaustion'");
    check("RANGE[21 years,MAX]", "range(21 years, *)");
    check("RANGE[2025-03-20, 2025-03-31]", "range(2025-03-20, 2025-03-31)");
    check("(exhaustion OR sleep deprivation)", "or('exhaustion', 'sleep deprivation')");
    check("MISSING", "missing");
}

#[test]
fn operator_expressions() {
    check("NOT exhaustion", "not('exhaustion')");
    check(
        "EXPANSION[Concept] NOT (exhaustion OR sleep deprivation)",
        "expansion[Concept](not(or('exhaustion', 'sleep deprivation')))",
    );
    check(
        "heart attack AND SEARCH[Location](AREA[LocationCity] Bethesda AND AREA[LocationState] Maryland)",
        "and('heart attack', search[Location](and(area[LocationCity]('Bethesda'), area[LocationState]('Maryland'))))",
    );
    check("dizziness AND NOT exhaustion", "and('dizziness', not('exhaustion'))");
    check("dizziness AND NOT exhaustio AND stroke", "and('dizziness', not('exhaustio'), 'stroke')");
}

#[test]
fn or_expressions() {
    check("heart attack OR stroke", "or('heart attack', 'stroke')");
    check(
        "heart attack OR stroke OR dizziness AND shortness of breath",
        "or('heart attack', 'stroke', and('dizziness', 'shortness of breath'))",
    );
}

#[test]
fn precedence() {
    check("a OR b AND c", "or('a', and('b', 'c'))");
    check("a AND b OR c", "or(and('a', 'b'), 'c')");
    check("NOT a AND b", "and(not('a'), 'b')");
    check(
        "AREA[Phase]PHASE2 AND AREA[LocationCountry]China",
        "and(area[Phase]('PHASE2'), area[LocationCountry]('China'))",
    );
    check("AREA[MinimumAge]RANGE[MIN, 18 years]", "area[MinimumAge](range(*, 18 years))");
    check("AREA[X]a OR b", "or(area[X]('a'), 'b')");
    check("NOT AREA[X]COVERAGE[StartsWith]a", "not(area[X](coverage[StartsWith]('a')))");
    check("(a AND b) AND c", "and(and('a', 'b'), 'c')");
}

#[test]
fn adjacent_words_are_one_term_and_other_neighbours_an_implicit_and() {
    check("heart attack AND stroke", "and('heart attack', 'stroke')");
    check("  heart    attack  ", "'heart attack'");
    check("\"back pain\" NOT (a OR b)", "and(\"back pain\", not(or('a', 'b')))");
    check("\"back pain\" relief", "and(\"back pain\", 'relief')");
    check("a (b) c", "and('a', 'b', 'c')");
    check("pain AREA[Phase]PHASE3", "and('pain', area[Phase]('PHASE3'))");
    check("RANGE[1, 2]MISSING", "and(range(1, 2), missing)");
    check("\"a\" \"b\"", "and(\"a\", \"b\")");
    check("a\"b c\"", "and('a', \"b c\")");
    check("heart NOT attack OR AREA[X]\"y\" z", "or(and('heart', not('attack')), and(area[X](\"y\"), 'z'))");
}

#[test]
fn operators_are_upper_case_whole_words() {
    check("rock and roll", "'rock and roll'");
    check("not or And", "'not or And'");
    check("ANDROGEN ORAL NOTCH", "'ANDROGEN ORAL NOTCH'");
    check("area under curve", "'area under curve'");
    check("AREA UNDER CURVE", "'AREA UNDER CURVE'");
    check("range[1,2]", "'range[1,2]'");
    check("NOT(a)", "not('a')");
}

#[test]
fn punctuation_and_unicode_belong_to_words() {
    check("IL-2 OR COVID-19", "or('IL-2', 'COVID-19')");
    check("Sjögren's syndrome", "'Sjögren's syndrome'");
    check("5-FU, leucovorin/oxaliplatin 2.5 mg", "'5-FU, leucovorin/oxaliplatin 2.5 mg'");
    check("[18F]FDG", "'[18F]FDG'");
    check("再生障碍性贫血", "'再生障碍性贫血'");
    check("再生障碍性贫血 OR 白血病", "or('再生障碍性贫血', '白血病')");
    check("再生障碍性贫血\u{3000}儿童", "'再生障碍性贫血 儿童'");
}

#[test]
fn lenient_where_unambiguous() {
    check("AREA[ LocationCity ]  Bethesda", "area[LocationCity]('Bethesda')");
    check("COVERAGE[fullmatch]pain", "coverage[FullMatch]('pain')");
    check("EXPANSION[concept]pain", "expansion[Concept]('pain')");
    check("RANGE[ min , max ]", "range(*, *)");
    check("DISTANCE[0,0,10 miles]", "distance(0, 0, 16.093km)");
    check("DISTANCE[0,0,1KM]", "distance(0, 0, 1.000km)");
    check("DISTANCE[0,0,805km]", "distance(0, 0, 805.000km)");
    check("DISTANCE[-90,180,500mi]", "distance(-90, 180, 804.672km)");
}

#[test]
fn trees_carry_what_was_written_and_where() {
    assert_eq!(
        parse("AREA[LocationCity] Bethesda  Maryland").unwrap(),
        Expr::Area {
            area: "LocationCity".into(),
            span: Span::new(5, 17),
            expr: Box::new(term("Bethesda Maryland", 19, 37)),
        }
    );
    assert_eq!(
        parse("SEARCH[ Study ]COVERAGE[EndsWith]EXPANSION[Lossy]TILT[StudyFirstPostDate]\"a\\\"b\"").unwrap(),
        Expr::Search {
            scope: "Study".into(),
            span: Span::new(8, 13),
            expr: Box::new(Expr::Coverage {
                coverage: Coverage::EndsWith,
                expr: Box::new(Expr::Expansion {
                    expansion: Expansion::Lossy,
                    expr: Box::new(Expr::Tilt {
                        field: "StudyFirstPostDate".into(),
                        span: Span::new(54, 72),
                        expr: Box::new(Expr::Term { text: "a\"b".into(), quoted: true, span: Span::new(73, 79) }),
                    }),
                }),
            }),
        }
    );
    assert_eq!(
        parse("再生 AND RANGE[MIN, 5] MISSING").unwrap(),
        Expr::And(vec![
            term("再生", 0, 2),
            Expr::Range { min: None, max: Some("5".into()), span: Span::new(7, 20) },
            Expr::Missing { span: Span::new(21, 28) },
        ])
    );
    let Expr::Distance { lat, lon, radius_km, span } = parse("DISTANCE[39.0019296, -77.1044561, 25mi]").unwrap() else {
        panic!("not a distance")
    };
    assert_eq!((lat, lon, span), (39.0019296, -77.1044561, Span::new(0, 39)));
    assert!((radius_km - 40.2336).abs() < 1e-9);
}

#[test]
fn spans_point_at_what_they_name() {
    let input = "heart attack AND SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)";
    let chars: Vec<char> = input.chars().collect();
    let mut written: Vec<String> =
        spans(&parse(input).unwrap()).iter().map(|s| chars[s.start..s.end].iter().collect()).collect();
    written.sort();
    assert_eq!(written, ["Location", "LocationCity", "LocationState", "Maine", "Portland", "heart attack"]);
}

#[test]
fn choices_read_back_by_name() {
    for coverage in Coverage::ALL {
        assert_eq!(Coverage::from_name(coverage.name()), Some(coverage));
    }
    for expansion in Expansion::ALL {
        assert_eq!(Expansion::from_name(expansion.name()), Some(expansion));
    }
}
