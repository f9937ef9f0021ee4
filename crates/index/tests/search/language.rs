//! The query language and the filters agree with a direct count over the records.

use std::collections::HashSet;

use serde_json::Value;
use trialdex_index::request::{Filter, SearchRequest};

use crate::fixture::{count, fixture, records, request};

fn json_records() -> Vec<Value> {
    records().iter().map(|s| serde_json::to_value(s).expect("json")).collect()
}

fn strings<'a>(record: &'a Value, pointer: &str, key: &str) -> Vec<&'a str> {
    match record.pointer(pointer) {
        Some(Value::Array(items)) => {
            items.iter().filter_map(|i| i.get(key).or(Some(i))).filter_map(Value::as_str).collect()
        }
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

fn has_word(value: &str, word: &str) -> bool {
    value.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case(word))
}

fn direct(predicate: impl Fn(&Value) -> bool) -> u64 {
    json_records().iter().filter(|r| predicate(r)).count() as u64
}

const LOCATIONS: &str = "/protocolSection/contactsLocationsModule/locations";

#[test]
fn area_and_counts_agree_with_the_records() {
    let expected = direct(|r| {
        strings(r, "/protocolSection/designModule/phases", "").contains(&"PHASE2")
            && strings(r, LOCATIONS, "country").iter().any(|c| has_word(c, "china"))
    });
    assert!(expected > 0, "the corpus has phase 2 trials in China");
    assert_eq!(count("AREA[Phase]PHASE2 AND AREA[LocationCountry]China"), expected);
}

/// Year of a date as the records write it ("2020", "2020-03", "2020-03-18").
fn year(date: &str) -> Option<u32> {
    date.get(..4)?.parse().ok()
}

#[test]
fn date_ranges_agree_with_the_records() {
    let expected = direct(|r| {
        r.pointer("/protocolSection/statusModule/startDateStruct/date").and_then(Value::as_str).and_then(year)
            == Some(2020)
    });
    assert!(expected > 0);
    assert_eq!(count("AREA[StartDate]RANGE[2020-01-01, 2020-12-31]"), expected);
    assert_eq!(count("AREA[StartDate]RANGE[01/01/2020, 12/31/2020]"), expected, "CT.gov's US dates");
    let since = direct(|r| {
        r.pointer("/protocolSection/statusModule/startDateStruct/date").and_then(Value::as_str).and_then(year)
            >= Some(2020)
    });
    assert_eq!(count("AREA[StartDate]RANGE[2020, MAX]"), since);
}

/// An age limit in years, read independently of the index.
fn age_years(text: &str) -> Option<f64> {
    let mut words = text.split_whitespace();
    let number: f64 = words.next()?.parse().ok()?;
    let unit = words.next().unwrap_or("years").to_ascii_lowercase();
    Some(match unit.trim_end_matches('s') {
        "year" => number,
        "month" => number / 12.0,
        "week" => number * 7.0 / 365.25,
        "day" => number / 365.25,
        "hour" => number / 24.0 / 365.25,
        "minute" => number / 1440.0 / 365.25,
        _ => return None,
    })
}

fn min_age(r: &Value) -> Option<f64> {
    r.pointer("/protocolSection/eligibilityModule/minimumAge").and_then(Value::as_str).and_then(age_years)
}

fn max_age(r: &Value) -> Option<f64> {
    r.pointer("/protocolSection/eligibilityModule/maximumAge").and_then(Value::as_str).and_then(age_years)
}

#[test]
fn age_ranges_and_the_age_filter_agree_with_the_records() {
    let adults_only = direct(|r| min_age(r).is_some_and(|a| a >= 18.0));
    assert!(adults_only > 0);
    assert_eq!(count("AREA[MinimumAge]RANGE[18 years, MAX]"), adults_only);
    let children = direct(|r| max_age(r).is_some_and(|a| a < 1.0));
    assert_eq!(count("AREA[MaximumAge]RANGE[MIN, 11 months]"), children);

    // Trials whose limits include the age, or that have none; 18 and 65 are common limits
    // themselves (a limit equal to the age includes it), 0 has no maximum below it.
    for age in [0.0, 18.0, 65.0, 70.0] {
        let expected = direct(|r| min_age(r).is_none_or(|a| a <= age) && max_age(r).is_none_or(|a| a >= age));
        let request = SearchRequest { filter: Filter { age_years: Some(age), ..Filter::default() }, ..request(&[], 1) };
        assert_eq!(fixture().index.search(&request).unwrap().total, expected, "age {age}");
    }
}

#[test]
fn missing_finds_exactly_the_records_without_the_field() {
    let without_results_date =
        direct(|r| r.pointer("/protocolSection/statusModule/resultsFirstPostDateStruct/date").is_none());
    assert_eq!(count("AREA[ResultsFirstPostDate]MISSING"), without_results_date);
    let without_conditions =
        direct(|r| strings(r, "/protocolSection/conditionsModule/conditions", "").iter().all(|c| c.trim().is_empty()));
    assert!(without_conditions > 0 && without_conditions < records().len() as u64);
    assert_eq!(count("AREA[Condition]MISSING"), without_conditions);
}

#[test]
fn filters_agree_with_the_records() {
    let filtered = |filter: Filter| fixture().index.search(&SearchRequest { filter, ..request(&[], 1) }).unwrap().total;
    let recruiting = direct(|r| strings(r, "/protocolSection/statusModule/overallStatus", "") == ["RECRUITING"]);
    assert_eq!(filtered(Filter { statuses: vec!["recruiting".into()], ..Filter::default() }), recruiting);
    let chictr = direct(|r| r.pointer("/registrySection/registry") == Some(&Value::from("chictr")));
    assert!(chictr > 0);
    assert_eq!(filtered(Filter { registries: vec!["chictr".into()], ..Filter::default() }), chictr);
}

#[test]
fn same_site_conditions_are_met_by_one_site() {
    let one_site = |r: &Value, city: &str, state: &str| match r.pointer(LOCATIONS) {
        Some(Value::Array(sites)) => sites.iter().any(|s| {
            s.get("city").and_then(Value::as_str).is_some_and(|c| has_word(c, city))
                && s.get("state").and_then(Value::as_str).is_some_and(|c| has_word(c, state))
        }),
        _ => false,
    };
    let expected = direct(|r| one_site(r, "Houston", "Texas"));
    assert!(expected > 0);
    assert_eq!(count("SEARCH[Location](AREA[LocationCity]Houston AND AREA[LocationState]Texas)"), expected);
    let anywhere = count("AREA[LocationCity]Houston AND AREA[LocationState]Texas");
    assert!(anywhere >= expected);
}

#[test]
fn paging_reaches_every_match_once() {
    let mut seen = HashSet::new();
    let mut token = None;
    let mut total = None;
    loop {
        let request = SearchRequest { page_token: token.clone(), ..request(&[("cond", "cancer")], 37) };
        let page = fixture().index.search(&request).unwrap();
        total.get_or_insert(page.total);
        for hit in &page.hits {
            assert!(seen.insert(hit.key.clone()), "{} twice", hit.key);
        }
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(Some(seen.len() as u64), total);
}

#[test]
fn facets_count_the_result_set() {
    let request = SearchRequest { facets: true, ..request(&[("cond", "cancer")], 1) };
    let results = fixture().index.search(&request).unwrap();
    let registry = results.facets.iter().find(|f| f.name == "registry").expect("registry facet");
    assert_eq!(registry.values.iter().map(|(_, n)| n).sum::<u64>(), results.total, "one registry per record");
    let results_facet = results.facets.iter().find(|f| f.name == "results").expect("results facet");
    assert_eq!(results_facet.values.iter().map(|(_, n)| n).sum::<u64>(), results.total);
}
