//! CT.gov API v2 JSON: lossless over the whole corpus, and the shapes CT.gov serves.

use serde_json::Value;
use trialdex_model::{Registry, SourceFormat};

use super::common::*;

const SECTIONS: [&str; 6] =
    ["protocolSection", "derivedSection", "resultsSection", "documentSection", "annotationSection", "hasResults"];

/// parse → model → JSON gives back every section of every v2 file, key for key.
#[test]
fn every_v2_record_round_trips_losslessly() {
    let files = files("corpus/ctgov-v2");
    assert!(files.len() > 900, "expected the ~900 v2 records, found {}", files.len());
    let mut mismatches = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let source: Value = serde_json::from_slice(&bytes).unwrap();
        let study = one_record(&bytes);
        let warnings = &study.registry_section.as_ref().unwrap().warnings;
        assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
        let ours = serde_json::to_value(&study).unwrap();
        for section in SECTIONS {
            if source.get(section) != ours.get(section) {
                mismatches.push(format!("{}: {section}", path.display()));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} sections differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn registry_section_names_the_trial_and_its_page() {
    let bytes = std::fs::read(shared("corpus/ctgov-v2/NCT00000410.json")).unwrap();
    let study = one_record(&bytes);
    let section = study.registry_section.unwrap();
    assert_eq!(section.registry, Some(Registry::Ctgov));
    assert_eq!(section.registry_id.as_deref(), Some("NCT00000410"));
    assert_eq!(section.source_format, Some(SourceFormat::CtgovJson));
    assert_eq!(section.source_url.as_deref(), Some("https://clinicaltrials.gov/study/NCT00000410"));
    assert_eq!(section.other_ids[0].id, "NCT00000410");
}

/// A page, an array and NDJSON of the same records read the same as the files one by one.
#[test]
fn pages_arrays_and_ndjson_read_like_single_files() {
    let paths: Vec<_> = files("corpus/ctgov-v2").into_iter().take(25).collect();
    let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let compact: Vec<String> =
        texts.iter().map(|t| serde_json::to_string(&serde_json::from_str::<Value>(t).unwrap()).unwrap()).collect();
    let singles: Vec<_> = texts.iter().map(|t| one_record(t.as_bytes())).collect();
    let page = format!(r#"{{"studies":[{}],"nextPageToken":"NF0g5JGBlPMuwQY"}}"#, compact.join(","));
    let array = format!("[{}]", texts.join(",\n"));
    let ndjson = compact.join("\n");
    for (shape, input) in [("page", page), ("array", array), ("ndjson", ndjson)] {
        let parsed = trialdex_ingest::parse(input.as_bytes()).unwrap();
        assert_eq!(parsed.errors().count(), 0, "{shape}");
        assert_eq!(parsed.records, singles, "{shape}");
    }
}

/// The edge fixtures: trimmed records and copies under made-up ids. Each is read;
/// an id that is not NCT + 8 digits is kept as the record's id with a warning, and
/// a value of the wrong type is left out with a warning that names it.
#[test]
fn edge_fixtures_are_read_and_odd_ids_warned_about() {
    for path in files("corpus/ctgov-v2-edge") {
        let bytes = std::fs::read(&path).unwrap();
        let study = one_record(&bytes);
        let section = study.registry_section.as_ref().unwrap();
        let file_id = path.file_stem().unwrap().to_string_lossy().to_string();
        assert_eq!(section.registry_id.as_deref(), Some(file_id.as_str()), "{}", path.display());
        let warned: Vec<&str> = section.warnings.iter().filter_map(|w| w.field.as_deref()).collect();
        let source: Value = serde_json::from_slice(&bytes).unwrap();
        let mut expected = Vec::new();
        if source.pointer("/protocolSection/designModule/patientRegistry").is_some_and(Value::is_string) {
            expected.push("protocolSection.designModule.patientRegistry");
        }
        if file_id.len() != 11 {
            expected.push("protocolSection.identificationModule.nctId");
        }
        assert_eq!(warned, expected, "{}: {:?}", path.display(), section.warnings);
    }
    let study = one_record(&std::fs::read(shared("corpus/ctgov-v2-edge/NCT55555555.json")).unwrap());
    let message = study.registry_section.unwrap().warnings[0].message.clone().unwrap();
    assert!(message.contains(r#"invalid type: string "YES", expected a boolean"#), "{message}");
    let study = one_record(&std::fs::read(shared("corpus/ctgov-v2-edge/NCT00465595.json")).unwrap());
    let other_ids: Vec<_> = study.registry_section.unwrap().other_ids.into_iter().map(|o| o.id).collect();
    assert_eq!(other_ids, ["NCT00465595", "NCT00850967"], "the alias is listed as another id");
}

#[test]
fn model_output_is_stable() {
    let study = one_record(&std::fs::read(shared("corpus/ctgov-v2-edge/NCT41300001.json")).unwrap());
    insta::assert_json_snapshot!(study);
}

/// Ids in free text are kept, marked with where they were found: a mention is weaker
/// evidence than an id field (here the mentions are the parent studies, not this trial).
#[test]
fn ids_mentioned_in_text_are_kept_and_marked() {
    let study = one_record(&std::fs::read(shared("corpus/ctgov-v2/NCT05816382.json")).unwrap());
    let ids = study.registry_section.unwrap().other_ids;
    let mentioned: Vec<(&str, Option<&str>)> =
        ids.iter().filter(|o| o.found_in.is_some()).map(|o| (o.id.as_str(), o.found_in.as_deref())).collect();
    assert_eq!(
        mentioned,
        [
            ("NCT05687903", Some("protocolSection.descriptionModule.briefSummary")),
            ("NCT05687916", Some("protocolSection.descriptionModule.briefSummary")),
        ]
    );
    assert_eq!(ids[0].id, "NCT05816382");
    assert_eq!(ids[0].found_in, None, "the record's own id is an id field");
}
