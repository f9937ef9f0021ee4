//! Records as the ctrdata R package stores them (../shared/corpus/ctrdata): CT.gov
//! legacy (CTGOV), CT.gov v2 (CTGOV2), EU CTR, CTIS and ISRCTN, one JSON per record.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;
use trialdex_ingest::{Parsed, SourceFormat, parse_as};
use trialdex_model::{Registry, Sex, StandardAge, Status, Study};

use super::common::*;

/// Every file under ../shared/corpus/ctrdata, recursively, sorted.
fn all_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![shared("corpus/ctrdata")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() { pending.push(path) } else { out.push(path) }
        }
    }
    out.sort();
    out
}

/// Read as ctrdata's format: detection alone does not yet send every ctrdata file here
/// (see the sniff change proposed with this reader).
fn read(path: &Path) -> Parsed {
    parse_as(SourceFormat::CtrdataJson, &std::fs::read(path).unwrap())
}

fn one(rel: &str) -> (Study, Value) {
    let path = shared(&format!("corpus/ctrdata/{rel}"));
    let parsed = read(&path);
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    assert_eq!(parsed.records.len(), 1, "{rel}");
    let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    (parsed.records.into_iter().next().unwrap(), json)
}

fn s(v: &Value, path: &[&str]) -> String {
    path.iter().fold(v, |v, k| &v[k]).as_str().unwrap_or_else(|| panic!("{path:?} is no string")).to_owned()
}

#[test]
fn every_file_reads_without_error_and_counts_match_per_register() {
    let mut by_register = std::collections::BTreeMap::<String, usize>::new();
    for path in all_files() {
        let parsed = read(&path);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let register = path.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        *by_register.entry(register).or_default() += parsed.records.len();
        if path.ends_with("meta/meta-info.json") {
            assert!(parsed.records.is_empty());
            assert!(
                parsed.diagnostics.iter().any(|d| d.message.contains("holds no trial")),
                "{:?}",
                parsed.diagnostics
            );
        }
        for study in &parsed.records {
            let section = study.registry_section.as_ref().unwrap();
            assert!(section.registry_id.as_deref().is_some_and(|id| !id.starts_with("LOCAL-")), "{}", path.display());
        }
    }
    let expected: Vec<(&str, usize)> =
        vec![("CTGOV", 48), ("CTGOV2", 10), ("CTIS", 9), ("EUCTR", 25), ("ISRCTN", 10), ("meta", 0)];
    let found: Vec<(&str, usize)> = by_register.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(found, expected);
}

#[test]
fn ctgov_legacy_record_reads_like_the_xml_it_came_from() {
    let (study, json) = one("CTGOV/NCT00506441.json");
    let p = study.protocol_section.as_ref().unwrap();
    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.nct_id.as_deref(), Some(s(&json, &["id_info", "nct_id"]).as_str()));
    assert_eq!(id.brief_title.as_deref(), Some(s(&json, &["brief_title"]).as_str()));
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("MCI-196-A05"));
    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Completed));
    assert_eq!(status.start_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2007-09");
    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["PHASE3"]);
    assert_eq!(
        p.outcomes_module.as_ref().unwrap().secondary_outcomes.len(),
        json["secondary_outcome"].as_array().unwrap().len()
    );
    // ctrdata kept the XML's references as text; they are resolved, not shown.
    let summary = p.description_module.as_ref().unwrap().brief_summary.as_deref().unwrap();
    assert!(!summary.contains("&#xD;") && summary.starts_with("This is a phase III multi-centre study"), "{summary}");
    assert_eq!(
        p.sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap().name.as_deref(),
        Some("Mitsubishi Tanabe Pharma Corporation")
    );
    assert!(study.results_section.is_some());
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Ctgov));
    assert_eq!(section.source_format, Some(SourceFormat::CtrdataJson));
    let extra = &section.registry_fields.as_ref().unwrap().extra;
    assert_eq!(extra["ctrname"], "CTGOV");
    assert_eq!(extra["record_last_import"], json["record_last_import"]);
}

/// ctrdata writes a one-item list as the item and an empty list as `{}`; for comparing
/// with its files, the model's output is written the same way.
fn unboxed(value: &Value) -> Option<Value> {
    match value {
        Value::Array(items) if items.len() == 1 => unboxed(&items[0]),
        Value::Array(items) if items.is_empty() => None,
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(unboxed).collect())),
        Value::Object(map) => {
            let kept: serde_json::Map<String, Value> =
                map.iter().filter_map(|(k, v)| unboxed(v).map(|v| (k.clone(), v))).collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        other => Some(other.clone()),
    }
}

/// Paths where two JSON values differ.
fn differences(a: Option<&Value>, b: Option<&Value>, path: String) -> Vec<String> {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().flat_map(|k| differences(x.get(k), y.get(k), format!("{path}.{k}"))).collect()
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .flat_map(|(i, (u, v))| differences(Some(u), Some(v), format!("{path}[{i}]")))
            .collect(),
        (x, y) if x == y => Vec::new(),
        _ => vec![path],
    }
}

#[test]
fn ctgov2_records_read_losslessly_with_ctrdata_keys_kept() {
    for path in files("corpus/ctrdata/CTGOV2") {
        let bytes = std::fs::read(&path).unwrap();
        let parsed = parse_as(SourceFormat::CtrdataJson, &bytes);
        assert!(parsed.errors().next().is_none());
        let study = &parsed.records[0];
        let section = study.registry_section.as_ref().unwrap();
        assert!(section.warnings.is_empty(), "{}: {:?}", path.display(), section.warnings);
        let mut out = serde_json::to_value(study).unwrap();
        out.as_object_mut().unwrap().remove("registrySection");
        let input: Value = serde_json::from_slice(&bytes).unwrap();
        let differing = differences(unboxed(&out).as_ref(), unboxed(&input).as_ref(), String::new());
        assert!(differing.is_empty(), "{}: {differing:?}", path.display());
        assert_eq!(study.extra["ctrname"], "CTGOV2");
        assert_eq!(section.registry_id.as_deref(), input["protocolSection"]["identificationModule"]["nctId"].as_str());
    }
}

#[test]
fn euctr_record_maps_the_text_download_keys() {
    let (study, json) = one("EUCTR/2012-003632-23-AT.json");
    let p = study.protocol_section.as_ref().unwrap();
    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.official_title.as_deref(), Some(s(&json, &["a3_full_title_of_the_trial"]).as_str()));
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("NI-0501-04"));
    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Completed));
    assert_eq!(status.study_first_submit_date.unwrap().to_string(), "2012-11-28");
    assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2019-01-04");
    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["PHASE2"]);
    assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(10));
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.allocation.as_ref().unwrap().as_str(), "NON_RANDOMIZED");
    assert_eq!(info.masking_info.as_ref().unwrap().masking.as_ref().unwrap().as_str(), "NONE");
    let e = p.eligibility_module.as_ref().unwrap();
    assert_eq!(e.sex, Some(Sex::All));
    assert_eq!(e.std_ages, [StandardAge::Child, StandardAge::Adult]);
    assert_eq!(
        p.conditions_module.as_ref().unwrap().conditions,
        [s(&json, &["e11_medical_conditions_being_investigated"])]
    );
    let interventions = &p.arms_interventions_module.as_ref().unwrap().interventions;
    assert_eq!(interventions[0].name.as_deref(), Some("NI-0501"));
    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert!(outcomes.primary_outcomes[0].measure.as_deref().unwrap().starts_with("Safety parameters"));
    assert_eq!(outcomes.primary_outcomes[0].time_frame.as_deref(), Some("See E.5.1."));
    assert_eq!(
        p.sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap().name.as_deref(),
        Some("NovImmune SA")
    );
    assert!(study.results_section.as_ref().unwrap().extra.contains_key("endPoints"));
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Euctr));
    assert_eq!(section.registry_id.as_deref(), Some("2012-003632-23"));
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.member_state.as_deref(), Some("AT"));
    assert_eq!(fields.countries, ["Austria"]);
    assert_eq!(section.original_language.as_ref().unwrap().language.as_deref(), Some("de"));
    assert!(section.other_ids.iter().any(|o| o.id == "NCT01818492"), "{:?}", section.other_ids);
    // Unmapped keys are kept, never dropped.
    assert!(fields.extra.contains_key("dimp") && fields.extra.contains_key("e112_therapeutic_area"));
}

#[test]
fn euctr_member_state_copies_share_the_eudract_number() {
    let copies: Vec<Study> = files("corpus/ctrdata/EUCTR")
        .iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("2014-002606-20-"))
        .map(|p| read(p).records.remove(0))
        .collect();
    assert_eq!(copies.len(), 7);
    let states: Vec<String> = copies
        .iter()
        .map(|s| {
            let section = s.registry_section.as_ref().unwrap();
            assert_eq!(section.registry_id.as_deref(), Some("2014-002606-20"));
            section.registry_fields.as_ref().unwrap().member_state.clone().unwrap_or_default()
        })
        .collect();
    assert_eq!(states, ["3RD", "AT", "DE", "ES", "GB", "IT", "PT"]);
}

#[test]
fn ctis_record_maps_overview_and_part_one() {
    let (study, json) = one("CTIS/2022-500244-37-00.json");
    let p = study.protocol_section.as_ref().unwrap();
    let id = p.identification_module.as_ref().unwrap();
    let title = trialdex_ingest::text::clean_inline(&s(&json, &["title"]));
    assert_eq!(id.official_title.as_deref(), Some(title.as_str()));
    assert_eq!(id.acronym.as_deref(), Some("KIN001-204"));
    assert_eq!(p.status_module.as_ref().unwrap().overall_status, Some(Status::NotYetRecruiting));
    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["PHASE2"]);
    assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(150));
    let e = p.eligibility_module.as_ref().unwrap();
    assert_eq!(e.sex, Some(Sex::All));
    assert_eq!(e.std_ages, [StandardAge::OlderAdult, StandardAge::Adult]);
    assert!(e.eligibility_criteria.as_deref().unwrap().contains("Diagnosis of symptomatic COVID-19"));
    assert_eq!(p.conditions_module.as_ref().unwrap().conditions, ["COVID-19"]);
    assert!(
        p.arms_interventions_module
            .as_ref()
            .unwrap()
            .interventions
            .iter()
            .any(|i| i.name.as_deref() == Some("Pioglitazone Placebo"))
    );
    let secondary = &json["authorizedPartI"]["trialDetails"]["trialInformation"]["endPoint"]["secondaryEndPoints"];
    assert_eq!(p.outcomes_module.as_ref().unwrap().secondary_outcomes.len(), secondary.as_array().unwrap().len());
    assert_eq!(
        p.sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap().name.as_deref(),
        Some("Kinarus AG")
    );
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Ctis));
    assert_eq!(section.registry_id.as_deref(), Some("2022-500244-37-00"));
    assert_eq!(section.registry_fields.as_ref().unwrap().countries, ["DE"]);
}

#[test]
fn ctis_newer_layout_and_carried_ids() {
    let (study, _) = one("CTIS/2023-505613-24-00.json");
    let p = study.protocol_section.as_ref().unwrap();
    assert!(p.identification_module.as_ref().unwrap().official_title.is_some());
    let section = study.registry_section.as_ref().unwrap();
    let ids: Vec<&str> = section.other_ids.iter().map(|o| o.id.as_str()).collect();
    assert!(ids.contains(&"NCT04665037") && ids.contains(&"2019-003842-34"), "{ids:?}");
    assert_eq!(section.registry_fields.as_ref().unwrap().countries, ["Poland", "Belgium", "Greece"]);
}

#[test]
fn isrctn_record_maps_the_api_sections() {
    let (study, json) = one("ISRCTN/12949496.json");
    let p = study.protocol_section.as_ref().unwrap();
    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.brief_title.as_deref(), Some(s(&json, &["trialDescription", "title"]).as_str()));
    assert_eq!(id.acronym.as_deref(), Some("MINT"));
    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Terminated));
    assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2020-02-01");
    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["PHASE3"]);
    assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(9));
    assert_eq!(p.eligibility_module.as_ref().unwrap().sex, Some(Sex::All));
    assert_eq!(
        p.conditions_module.as_ref().unwrap().conditions,
        [s(&json, &["conditions", "condition", "description"])]
    );
    assert_eq!(p.arms_interventions_module.as_ref().unwrap().interventions[0].name.as_deref(), Some("Milrinone"));
    assert_eq!(p.contacts_locations_module.as_ref().unwrap().locations.len(), 2);
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Isrctn));
    assert_eq!(section.registry_id.as_deref(), Some("ISRCTN12949496"));
    assert!(
        section.other_ids.iter().any(|o| o.registry == Registry::Euctr && o.id == "2014-002988-16"),
        "{:?}",
        section.other_ids
    );
    assert_eq!(section.registry_fields.as_ref().unwrap().countries, ["Ireland"]);
}

/// A snapshot per register, with the bulky unmapped remainder reduced to its keys.
fn snapshot_of(study: &Study) -> Value {
    let mut value = serde_json::to_value(study).unwrap();
    if let Some(extra) = value.pointer_mut("/registrySection/registryFields") {
        let obj = extra.as_object_mut().unwrap();
        let known = trialdex_model::RegistryFields::KEYS;
        let kept: Vec<String> = obj.keys().filter(|k| !known.contains(&k.as_str())).cloned().collect();
        for k in &kept {
            obj.remove(k);
        }
        obj.insert("keptKeys".into(), kept.into());
    }
    if let Some(results) = value.get_mut("resultsSection") {
        let keys: Vec<String> = results.as_object().unwrap().keys().cloned().collect();
        *results = serde_json::json!({ "keptKeys": keys });
    }
    value
}

#[test]
fn snapshots_one_record_per_register() {
    for rel in [
        "CTGOV/NCT00506441.json",
        "EUCTR/2012-003632-23-AT.json",
        "CTIS/2022-500244-37-00.json",
        "ISRCTN/12949496.json",
    ] {
        let (study, _) = one(rel);
        let name = format!("ctrdata_{}", rel.replace(['/', '.'], "_"));
        insta::assert_json_snapshot!(name, snapshot_of(&study));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn damaged_ctrdata_records_never_panic(
        which in 0usize..5,
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let rels = ["CTGOV/NCT01035190.json", "EUCTR/2013-000615-24-BE.json", "CTIS/2023-508143-51-01.json", "ISRCTN/13281214.json", "meta/meta-info.json"];
        let mut bytes = std::fs::read(shared(&format!("corpus/ctrdata/{}", rels[which]))).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let _ = parse_as(SourceFormat::CtrdataJson, &bytes);
    }
}

/// Structurally damaged records (values of the wrong type everywhere) still never panic.
#[test]
fn wrong_types_never_panic() {
    for path in all_files() {
        let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Value::Object(map) = value else { continue };
        for replacement in [
            Value::Null,
            Value::from(7),
            Value::from("x"),
            serde_json::json!([{"a": 1}]),
            serde_json::json!({"@attributes": 1}),
        ] {
            let damaged: serde_json::Map<String, Value> = map
                .iter()
                .map(|(k, v)| if k == "ctrname" { (k.clone(), v.clone()) } else { (k.clone(), replacement.clone()) })
                .collect();
            let _ = parse_as(SourceFormat::CtrdataJson, &serde_json::to_vec(&damaged).unwrap());
        }
    }
}
