//! Expansion of curated groups, the ambiguity rule, learning (from made-up records and
//! from the real records in ../shared/corpus/ctgov-v2), persistence, and never panicking.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::json;
use trialdex_model::Study;

use super::*;

const CTGOV_V2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/ctgov-v2");

/// The alternatives of the match covering exactly `words[start..end]` of `text`, joined by spaces.
fn alternatives_at(synonyms: &Synonyms, text: &str, start: usize, end: usize) -> Vec<String> {
    let matches = synonyms.expand_text(text);
    let found = matches.iter().find(|m| m.start == start && m.end == end);
    let found = found.unwrap_or_else(|| panic!("no match {start}..{end} in {text:?}: {matches:?}"));
    found.alternatives.iter().map(|words| words.join(" ")).collect()
}

fn study(value: serde_json::Value) -> Study {
    serde_json::from_value(value).expect("test record is a valid Study")
}

fn intervention_study(name: &str, other_names: &[&str]) -> Study {
    study(json!({"protocolSection": {"armsInterventionsModule": {"interventions": [
        {"type": "DRUG", "name": name, "otherNames": other_names}
    ]}}}))
}

fn condition_study(condition: &str) -> Study {
    study(json!({"protocolSection": {"conditionsModule": {"conditions": [condition]}}}))
}

#[test]
fn normalizing_words() {
    assert_eq!(normalize_words("IL-2 Sjögren"), ["il", "2", "sjogren"]);
    assert_eq!(normalize_words("interleukin-2"), ["interleukin", "2"]);
    assert_eq!(normalize_words("ＩＬ－２, Non-Hodgkin's"), ["il", "2", "non", "hodgkin", "s"]);
    assert_eq!(normalize_words("非小细胞肺癌NSCLC（晚期）"), ["非小细胞肺癌", "nsclc", "晚期"]);
    assert_eq!(normalize_words("がん İstanbul Æ"), ["がん", "istanbul", "æ"]);
    assert!(normalize_words(" -- ").is_empty());
    let cased = cased_words("B-ALL All all 5-FU");
    let caps: Vec<bool> = cased.iter().map(|word| word.all_caps).collect();
    assert_eq!(caps, [true, true, false, false, false, true]);
}

#[test]
fn curated_groups_expand_both_ways() {
    let synonyms = Synonyms::curated();
    let from_itp = alternatives_at(&synonyms, "ITP", 0, 1);
    assert!(from_itp.contains(&"immune thrombocytopenia".to_string()), "{from_itp:?}");
    assert!(from_itp.contains(&"idiopathic thrombocytopenic purpura".to_string()), "{from_itp:?}");
    let back = alternatives_at(&synonyms, "Immune Thrombocytopenia in adults", 0, 2);
    assert!(back.contains(&"itp".to_string()), "{back:?}");
    assert!(alternatives_at(&synonyms, "anemia", 0, 1).contains(&"anaemia".to_string()));
    assert!(alternatives_at(&synonyms, "anaemia", 0, 1).contains(&"anemia".to_string()));
    assert!(alternatives_at(&synonyms, "ALS", 0, 1).contains(&"amyotrophic lateral sclerosis".to_string()));
}

#[test]
fn il_2_and_sjogren() {
    let synonyms = Synonyms::curated();
    let matches = synonyms.expand_text("IL-2 Sjögren");
    assert_eq!(matches.len(), 1, "{matches:?}");
    let il_2 = alternatives_at(&synonyms, "IL-2 Sjögren", 0, 2);
    assert!(il_2.contains(&"interleukin 2".to_string()) && il_2.contains(&"aldesleukin".to_string()), "{il_2:?}");
    // "IL 2" and "il2" spell the same key or a member of its group.
    assert!(alternatives_at(&synonyms, "il 2", 0, 2).contains(&"aldesleukin".to_string()));
    assert!(alternatives_at(&synonyms, "IL2", 0, 1).contains(&"interleukin 2".to_string()));
}

#[test]
fn longest_match_wins_and_matches_do_not_overlap() {
    let synonyms = Synonyms::curated();
    let matches = synonyms.expand_text("non-small cell lung cancer and type 2 diabetes");
    let spans: Vec<(usize, usize)> = matches.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(spans, [(0, 5), (6, 9)], "{matches:?}");
    assert!(alternatives_at(&synonyms, "non-small cell lung cancer", 0, 5).contains(&"nsclc".to_string()));
}

#[test]
fn ambiguous_keys_need_capitals() {
    let synonyms = Synonyms::curated();
    assert_eq!(synonyms.expand_text("all patients"), []);
    assert_eq!(synonyms.expand_text("All patients"), []);
    let leukemia = alternatives_at(&synonyms, "ALL patients", 0, 1);
    assert!(leukemia.contains(&"acute lymphoblastic leukemia".to_string()), "{leukemia:?}");
    assert_eq!(synonyms.expand_text("ms"), []);
    assert!(alternatives_at(&synonyms, "MS", 0, 1).contains(&"multiple sclerosis".to_string()));
    // Without capitals (plain `expand`), an ambiguous key never expands.
    assert_eq!(synonyms.expand(&normalize_words("ALL")), []);
    // Two-word keys are not ambiguous: "B-ALL" expands however it is written.
    assert!(!synonyms.expand_text("b-all").is_empty());
}

#[test]
fn ambiguous_words_are_never_alternatives() {
    let synonyms = Synonyms::curated();
    for text in
        ["acute lymphoblastic leukemia", "multiple sclerosis", "Alzheimer's disease", "prostate-specific antigen"]
    {
        for m in synonyms.expand_text(text) {
            for alternative in &m.alternatives {
                assert!(!curated::is_ambiguous(&alternative.join(" ")), "{text} → {alternative:?}");
            }
        }
    }
}

#[test]
fn groups_are_not_joined() {
    // "AD" is in the Alzheimer's group and in the atopic dermatitis group.
    let synonyms = Synonyms::curated();
    let ad = alternatives_at(&synonyms, "AD", 0, 1);
    assert!(ad.contains(&"alzheimer disease".to_string()) && ad.contains(&"atopic dermatitis".to_string()));
    let alzheimer = alternatives_at(&synonyms, "Alzheimer disease", 0, 2);
    assert!(!alzheimer.contains(&"atopic dermatitis".to_string()), "{alzheimer:?}");
}

#[test]
fn learned_other_names_expand_both_ways() {
    let mut synonyms = Synonyms::curated();
    synonyms.learn(&intervention_study("Tegavivint", &["BC-2059", "Placebo", "Tegavivint", "Tegavivint tablets"]));
    assert_eq!(alternatives_at(&synonyms, "tegavivint", 0, 1), ["bc 2059"]);
    assert_eq!(alternatives_at(&synonyms, "BC 2059", 0, 2), ["tegavivint"]);
    let pairs: Vec<(&str, &str)> = synonyms.learned_pairs(false).iter().map(|(a, b, _)| (*a, *b)).collect();
    assert_eq!(pairs, [("bc 2059", "tegavivint")], "placebo, itself and supersets are not synonyms");
}

#[test]
fn other_name_lists_are_split() {
    let mut synonyms = Synonyms::curated();
    synonyms.learn(&intervention_study("Zorbitamab", &["Zorbix®, Zorbanol™ and ZX-11. Old name; zorbitamab alfa"]));
    let alternatives = alternatives_at(&synonyms, "zorbitamab", 0, 1);
    assert_eq!(alternatives, ["old name", "zorbanol", "zorbix", "zx 11"]);
}

#[test]
fn short_other_names_need_two_records() {
    let mut synonyms = Synonyms::curated();
    synonyms.learn(&intervention_study("Fludarabine", &["Flu"]));
    assert!(!alternatives_at(&synonyms, "flu", 0, 1).contains(&"fludarabine".to_string()));
    synonyms.learn(&intervention_study("Fludarabine", &["Flu"]));
    assert!(alternatives_at(&synonyms, "flu", 0, 1).contains(&"fludarabine".to_string()));
}

#[test]
fn combination_labels_are_not_synonyms() {
    let mut synonyms = Synonyms::curated();
    let regimen = study(json!({"protocolSection": {"armsInterventionsModule": {"interventions": [
        {"name": "Bleomycin", "otherNames": ["ABVD", "Blenoxane"]},
        {"name": "Vinblastine", "otherNames": ["ABVD"]},
        {"name": "ATG", "otherNames": ["Vinblastine"]},
    ]}}}));
    synonyms.learn(&regimen);
    let pairs: Vec<(&str, &str)> = synonyms.learned_pairs(false).iter().map(|(a, b, _)| (*a, *b)).collect();
    assert_eq!(pairs, [("blenoxane", "bleomycin")]);
}

#[test]
fn text_abbreviations_need_two_records() {
    let mut synonyms = Synonyms::curated();
    synonyms.learn(&condition_study("Chronic Widget Syndrome (CWS)"));
    assert_eq!(synonyms.expand_text("CWS"), [], "one record is not enough");
    synonyms.learn(&condition_study("Chronic Widget Syndrome (CWS)"));
    assert_eq!(alternatives_at(&synonyms, "CWS", 0, 1), ["chronic widget syndrome"]);
    assert_eq!(alternatives_at(&synonyms, "chronic widget syndrome", 0, 3), ["cws"]);
}

#[test]
fn a_record_counts_once() {
    let mut synonyms = Synonyms::curated();
    let twice = study(json!({"protocolSection": {
        "identificationModule": {"briefTitle": "Chronic Widget Syndrome (CWS) study"},
        "conditionsModule": {"conditions": ["Chronic Widget Syndrome (CWS)"]}
    }}));
    synonyms.learn(&twice);
    assert_eq!(synonyms.expand_text("CWS"), []);
}

#[test]
fn learned_alternatives_are_capped_most_frequent_first() {
    let mut synonyms = Synonyms::curated();
    for (index, code) in
        ["qa 1", "qa 2", "qa 3", "qa 4", "qa 5", "qa 6", "qa 7", "qa 8", "qa 9", "qa 10"].iter().enumerate()
    {
        for _ in 0..=index {
            synonyms.learn(&intervention_study("Quuxomab", &[code]));
        }
    }
    let alternatives = alternatives_at(&synonyms, "quuxomab", 0, 1);
    assert_eq!(alternatives, ["qa 10", "qa 9", "qa 8", "qa 7", "qa 6", "qa 5", "qa 4", "qa 3"]);
}

#[test]
fn curated_alternatives_come_first_and_stay() {
    let mut synonyms = Synonyms::curated();
    synonyms.learn(&intervention_study("Pembrolizumab", &["Keytruda", "Pembro-X"]));
    let alternatives = alternatives_at(&synonyms, "pembrolizumab", 0, 1);
    assert_eq!(alternatives.first().map(String::as_str), Some("keytruda"));
    assert!(alternatives.contains(&"lambrolizumab".to_string()) && alternatives.contains(&"pembro x".to_string()));
}

#[test]
fn json_round_trip_and_merge() {
    let mut first = Synonyms::curated();
    first.learn(&intervention_study("Tegavivint", &["BC-2059"]));
    first.learn(&condition_study("Chronic Widget Syndrome (CWS)"));
    let mut second = Synonyms::curated();
    second.learn(&condition_study("Chronic Widget Syndrome (CWS)"));
    first.merge(second);
    assert_eq!(alternatives_at(&first, "CWS", 0, 1), ["chronic widget syndrome"]);

    let json = first.to_json();
    let loaded = Synonyms::from_json(&json).expect("own JSON loads");
    assert_eq!(loaded.learned_pairs(false), first.learned_pairs(false));
    assert_eq!(loaded.stats(), first.stats());
    assert_eq!(loaded.to_json(), json);
    assert_eq!(loaded.expand_text("CWS BC-2059 ITP"), first.expand_text("CWS BC-2059 ITP"));
}

#[test]
fn json_errors_say_what_is_wrong() {
    let newer = Synonyms::from_json(br#"{"version": 2, "learned": []}"#).unwrap_err();
    assert_eq!(newer.to_string(), "synonyms file has format version 2, expected 1");
    let garbage = Synonyms::from_json(b"[1, 2]").unwrap_err();
    assert!(garbage.to_string().starts_with("synonyms file is not valid JSON"), "{garbage}");
    let junk = br#"{"version": 1, "learned": [{"a": "x", "b": "x", "other_names": 3, "abbreviations": 0}]}"#;
    assert_eq!(Synonyms::from_json(junk).unwrap().stats().learned_pairs, 0, "a pair of equals is dropped");
}

fn ctgov_v2_files() -> Vec<PathBuf> {
    let dir = Path::new(CTGOV_V2);
    assert!(
        dir.is_dir(),
        "{} is missing: the synonym tests learn from real records in ../shared/corpus/ctgov-v2 beside the project checkout",
        dir.display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read ../shared/corpus/ctgov-v2")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn learning_from_real_records() {
    let mut synonyms = Synonyms::curated();
    let files = ctgov_v2_files();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let record: Study = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        synonyms.learn(&record);
    }
    let stats = synonyms.stats();
    println!("{} records: {stats:?}", files.len());
    for (a, b, counts) in synonyms.learned_pairs(true).iter() {
        println!("{a:>45} ↔ {b:<45} {counts:?}");
    }

    assert!(stats.usable_learned_pairs > 300, "{stats:?}");
    for (a, b, _) in synonyms.learned_pairs(false) {
        assert_ne!(a, b);
        for side in [a, b] {
            assert!(side.split(' ').count() <= MAX_LEARNED_WORDS, "too long: {side:?}");
            assert_eq!(normalize_words(side).join(" "), side, "not normalized: {side:?}");
        }
    }
    let teclistamab = alternatives_at(&synonyms, "teclistamab", 0, 1);
    assert!(teclistamab.contains(&"tecvayli".to_string()), "other name: {teclistamab:?}");
    let ech = alternatives_at(&synonyms, "ECH", 0, 1);
    assert!(ech.contains(&"episodic cluster headache".to_string()), "abbreviation: {ech:?}");
    for (a, b, _) in synonyms.learned_pairs(false) {
        assert!(!["placebo", "standard of care", "control"].iter().any(|generic| [a, b].contains(generic)));
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,60}", extra in proptest::collection::vec(any::<char>(), 0..20)) {
        let synonyms = Synonyms::curated();
        let text: String = text.chars().chain(extra).collect();
        let words = normalize_words(&text);
        for word in &words {
            prop_assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric), "{word:?}");
        }
        for m in synonyms.expand_text(&text).into_iter().chain(synonyms.expand(&words)) {
            prop_assert!(m.start < m.end && m.end <= words.len());
            prop_assert!(!m.alternatives.is_empty());
        }
        let _ = find_definitions(&text);
    }

    #[test]
    fn known_phrases_inside_arbitrary_text(prefix in "[a-zA-Z (),.-]{0,30}", suffix in "[a-zA-Z (),.-]{0,30}") {
        let synonyms = Synonyms::curated();
        let text = format!("{prefix} IL-2 {suffix}");
        let words = normalize_words(&text);
        let matches = synonyms.expand_text(&text);
        let mut last_end = 0;
        for m in &matches {
            prop_assert!(m.start >= last_end, "overlap in {:?}", matches);
            last_end = m.end;
            prop_assert!(m.end <= words.len());
        }
    }
}
