//! CT.gov classic API JSON (../shared/corpus/ctgov-classic-json): the records agree with
//! their source, read independently here with plain JSON lookups.

use serde_json::Value;
use trialdex_ingest::{Parsed, Severity, SourceFormat};
use trialdex_model::{Registry, Study, criteria};

use super::common::*;

const FOLDER: &str = "corpus/ctgov-classic-json";

fn parse_file(name: &str) -> Parsed {
    let bytes = std::fs::read(shared(FOLDER).join(name)).expect("read corpus file");
    trialdex_ingest::parse(&bytes).expect("format recognised")
}

fn source(name: &str) -> Value {
    let bytes = std::fs::read(shared(FOLDER).join(name)).expect("read corpus file");
    serde_json::from_slice(&bytes).expect("corpus file is JSON")
}

fn json(study: &Study) -> Value {
    serde_json::to_value(study).expect("a study serializes")
}

/// The classic label as CT.gov v2 spells it: "Not yet recruiting" → "NOT_YET_RECRUITING".
fn wire(label: &str) -> String {
    match label {
        "Unknown status" => "UNKNOWN".into(),
        "Not Applicable" => "NA".into(),
        "Anticipated" | "Estimate" => "ESTIMATED".into(),
        _ => {
            let words: Vec<String> =
                label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
            // "Phase 2" → "PHASE2", "Early Phase 1" → "EARLY_PHASE1"
            words.join("_").replace("PHASE_", "PHASE")
        }
    }
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect()).unwrap_or_default()
}

#[test]
fn every_file_in_the_folder_parses_without_errors() {
    let mut classic_records = 0;
    for path in files(FOLDER) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parsed = parse_file(&name);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        for record in &parsed.records {
            let section = record.registry_section.as_ref().unwrap();
            let id = section.registry_id.as_deref().unwrap_or_else(|| panic!("{name}: a record without id"));
            if id.starts_with("LOCAL-") {
                // v2 fragments with no nctId: a content-derived id, and a warning saying so.
                assert!(
                    section.warnings.iter().any(|w| w.field.as_deref() == Some("registrySection.registryId")),
                    "{name}"
                );
            }
            if section.source_format == Some(SourceFormat::CtgovClassicJson) {
                classic_records += 1;
            }
        }
        if let Some(studies) = source(&name).pointer("/FullStudiesResponse/FullStudies").and_then(Value::as_array) {
            assert_eq!(parsed.records.len(), studies.len(), "{name}: one record per study");
        }
    }
    // 1 + 1 + 1 single-study files, covid-19-search (100), results_1 (100), results_2 (3), study fields (2).
    assert_eq!(classic_records, 208);
}

#[test]
fn key_fields_agree_with_the_source_for_every_classic_study() {
    let mut checked = 0;
    for path in files(FOLDER) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = source(&name);
        let Some(studies) = src.pointer("/FullStudiesResponse/FullStudies").and_then(Value::as_array) else {
            continue;
        };
        let parsed = parse_file(&name);
        for (entry, record) in studies.iter().zip(&parsed.records) {
            let s = |pointer: &str| {
                entry.pointer(&format!("/Study/ProtocolSection{pointer}")).cloned().unwrap_or(Value::Null)
            };
            let r = json(record);
            let p = |pointer: &str| r.pointer(&format!("/protocolSection{pointer}")).cloned().unwrap_or(Value::Null);
            let nct = s("/IdentificationModule/NCTId");
            let at = format!("{name} {nct}");
            assert_eq!(record.registry_section.as_ref().unwrap().registry_id.as_deref(), nct.as_str(), "{at}");
            assert_eq!(p("/identificationModule/nctId"), nct, "{at}");
            assert_eq!(p("/identificationModule/briefTitle"), s("/IdentificationModule/BriefTitle"), "{at}");
            assert_eq!(p("/identificationModule/officialTitle"), s("/IdentificationModule/OfficialTitle"), "{at}");
            assert_eq!(
                p("/statusModule/overallStatus"),
                wire(s("/StatusModule/OverallStatus").as_str().unwrap()),
                "{at}"
            );
            let phases: Vec<String> = strings(&s("/DesignModule/PhaseList/Phase")).iter().map(|p| wire(p)).collect();
            assert_eq!(strings(&p("/designModule/phases")), phases, "{at}");
            match s("/DesignModule/EnrollmentInfo/EnrollmentCount").as_str() {
                Some(count) => {
                    assert_eq!(p("/designModule/enrollmentInfo/count"), count.parse::<i64>().unwrap(), "{at}")
                }
                None => assert_eq!(p("/designModule/enrollmentInfo/count"), Value::Null, "{at}"),
            }
            match s("/DesignModule/EnrollmentInfo/EnrollmentType").as_str() {
                Some(kind) => {
                    assert_eq!(p("/designModule/enrollmentInfo/type"), wire(kind), "{at}")
                }
                None => assert_eq!(p("/designModule/enrollmentInfo/type"), Value::Null, "{at}"),
            }
            for (classic, v2) in [
                ("StartDate", "startDateStruct"),
                ("CompletionDate", "completionDateStruct"),
                ("PrimaryCompletionDate", "primaryCompletionDateStruct"),
            ] {
                let date = s(&format!("/StatusModule/{classic}Struct/{classic}"));
                let kind = s(&format!("/StatusModule/{classic}Struct/{classic}Type"));
                let expected_date = date.as_str().map_or(Value::Null, |d| Value::from(iso(d)));
                let expected_kind = kind.as_str().map_or(Value::Null, |k| Value::from(wire(k)));
                assert_eq!(p(&format!("/statusModule/{v2}/date")), expected_date, "{at} {classic}");
                assert_eq!(p(&format!("/statusModule/{v2}/type")), expected_kind, "{at} {classic}");
            }
            assert_eq!(p("/eligibilityModule/minimumAge"), s("/EligibilityModule/MinimumAge"), "{at}");
            assert_eq!(p("/eligibilityModule/maximumAge"), s("/EligibilityModule/MaximumAge"), "{at}");
            let sex = s("/EligibilityModule/Gender").as_str().map_or(Value::Null, |g| Value::from(wire(g)));
            assert_eq!(p("/eligibilityModule/sex"), sex, "{at}");
            assert_eq!(
                strings(&p("/conditionsModule/conditions")),
                strings(&s("/ConditionsModule/ConditionList/Condition")),
                "{at}"
            );
            assert_eq!(record.has_results, Some(entry.pointer("/Study/ResultsSection").is_some()), "{at}");
            checked += 1;
        }
    }
    assert_eq!(checked, 206);
}

#[test]
fn nct04780763_reads_as_its_page_shows_it() {
    let parsed = parse_file("NCT04780763.json");
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let study = &parsed.records[0];
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!((section.registry, section.registry_id.as_deref()), (Some(Registry::Ctgov), Some("NCT04780763")));
    assert!(section.warnings.is_empty(), "{:?}", section.warnings);
    let r = json(study);
    let p = |pointer: &str| r.pointer(&format!("/protocolSection{pointer}")).cloned().unwrap_or(Value::Null);

    assert_eq!(p("/identificationModule/acronym"), "Tara");
    assert_eq!(p("/identificationModule/secondaryIdInfos/0/id"), "S64737");
    assert_eq!(p("/identificationModule/secondaryIdInfos/0/type"), "OTHER");
    assert_eq!(
        p("/sponsorCollaboratorsModule/leadSponsor"),
        serde_json::json!({"name": "Danone Research", "class": "INDUSTRY"})
    );
    assert_eq!(p("/statusModule/statusVerifiedDate"), "2021-02");
    assert_eq!(p("/statusModule/startDateStruct"), serde_json::json!({"date": "2021-03-04", "type": "ESTIMATED"}));
    assert_eq!(p("/oversightModule/oversightHasDmc"), false);

    // Design
    assert_eq!(p("/designModule/studyType"), "INTERVENTIONAL");
    assert_eq!(p("/designModule/phases"), serde_json::json!(["NA"]));
    assert_eq!(p("/designModule/enrollmentInfo"), serde_json::json!({"count": 168, "type": "ESTIMATED"}));
    assert_eq!(p("/designModule/designInfo/allocation"), "RANDOMIZED");
    assert_eq!(p("/designModule/designInfo/interventionModel"), "PARALLEL");
    assert_eq!(p("/designModule/designInfo/primaryPurpose"), "SUPPORTIVE_CARE");
    assert_eq!(p("/designModule/designInfo/maskingInfo/masking"), "QUADRUPLE");
    assert_eq!(
        p("/designModule/designInfo/maskingInfo/whoMasked"),
        serde_json::json!(["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"])
    );

    // Arms and the intervention given in both
    let arms = p("/armsInterventionsModule/armGroups");
    let arm_types: Vec<&str> = arms.as_array().unwrap().iter().map(|a| a["type"].as_str().unwrap()).collect();
    assert_eq!(arm_types, ["ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR"]);
    assert!(arms[0]["label"].as_str().unwrap().starts_with("Arm 1, Test: Fermented milk product"));
    assert_eq!(
        arms[1]["interventionNames"],
        serde_json::json!(["Other: Milk product fermented by lactic bacteria or not fermented"])
    );
    let intervention = p("/armsInterventionsModule/interventions/0");
    assert_eq!(intervention["type"], "OTHER");
    assert_eq!(intervention["description"], "2 bottles of 100g consumed daily during 28 days");
    assert_eq!(intervention["armGroupLabels"].as_array().unwrap().len(), 2);

    // Outcomes
    let outcomes = study.protocol_section.as_ref().unwrap().outcomes_module.as_ref().unwrap();
    assert_eq!((outcomes.primary_outcomes.len(), outcomes.secondary_outcomes.len()), (1, 4));
    assert!(outcomes.primary_outcomes[0].measure.as_deref().unwrap().contains("State-Trait Anxiety Inventory (STAI)"));
    assert_eq!(
        outcomes.primary_outcomes[0].time_frame.as_deref(),
        Some("At Baseline and after stress challenge (4 weeks after baseline).")
    );

    // Eligibility
    let eligibility = study.protocol_section.as_ref().unwrap().eligibility_module.as_ref().unwrap();
    assert_eq!(p("/eligibilityModule/healthyVolunteers"), true);
    assert_eq!(p("/eligibilityModule/sex"), "FEMALE");
    assert_eq!(p("/eligibilityModule/genderBased"), true);
    assert_eq!(
        (p("/eligibilityModule/minimumAge"), p("/eligibilityModule/maximumAge")),
        ("20 Years".into(), "30 Years".into())
    );
    assert_eq!(p("/eligibilityModule/stdAges"), serde_json::json!(["ADULT"]));
    let split = criteria::split(eligibility.eligibility_criteria.as_deref().unwrap());
    assert_eq!((split.inclusion.len(), split.exclusion.len()), (8, 8), "{split:?}");
    assert!(split.inclusion[1].starts_with("SI02: Women of 20 to 30 years of age"));
    assert!(split.exclusion[7].starts_with("SE9: Pregnant woman"));

    // Contacts and the one site
    assert_eq!(p("/contactsLocationsModule/centralContacts/1/email"), "Jennifer.lourenco@danone.com");
    assert_eq!(p("/contactsLocationsModule/overallOfficials/0/role"), "STUDY_CHAIR");
    let site = p("/contactsLocationsModule/locations/0");
    assert_eq!(
        (site["facility"].as_str(), site["city"].as_str(), site["country"].as_str()),
        (Some("UZ/KU Leuven"), Some("Leuven"), Some("Belgium"))
    );
    assert_eq!(site["contacts"][1]["role"], "PRINCIPAL_INVESTIGATOR");

    // MeSH terms
    assert_eq!(
        r["derivedSection"]["conditionBrowseModule"]["meshes"],
        serde_json::json!([{"id": "D000001008", "term": "Anxiety Disorders"}])
    );
    assert_eq!(r["derivedSection"]["interventionBrowseModule"]["browseLeaves"][0]["name"], "Acidophilus");
    assert_eq!(r["hasResults"], false);
    insta::assert_json_snapshot!("nct04780763", study);
}

#[test]
fn results_agree_with_the_source() {
    let src = source("NCT00023673.json");
    let results = &src["FullStudiesResponse"]["FullStudies"][0]["Study"]["ResultsSection"];
    let parsed = parse_file("NCT00023673.json");
    let r = json(&parsed.records[0]);
    assert_eq!(r["hasResults"], true);
    let v2 = &r["resultsSection"];
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    assert_eq!(
        count(&v2["participantFlowModule"]["groups"]),
        count(&results["ParticipantFlowModule"]["FlowGroupList"]["FlowGroup"])
    );
    let measures = &results["OutcomeMeasuresModule"]["OutcomeMeasureList"]["OutcomeMeasure"];
    assert_eq!(count(&v2["outcomeMeasuresModule"]["outcomeMeasures"]), count(measures));
    assert_eq!(v2["outcomeMeasuresModule"]["outcomeMeasures"][0]["title"], measures[0]["OutcomeMeasureTitle"]);
    assert_eq!(
        v2["outcomeMeasuresModule"]["outcomeMeasures"][0]["type"],
        wire(measures[0]["OutcomeMeasureType"].as_str().unwrap())
    );
    let groups = &results["AdverseEventsModule"]["EventGroupList"]["EventGroup"];
    let at_risk: i64 = groups[0]["EventGroupSeriousNumAtRisk"].as_str().unwrap().parse().unwrap();
    assert_eq!(v2["adverseEventsModule"]["eventGroups"][0]["seriousNumAtRisk"], at_risk);
    let serious = &results["AdverseEventsModule"]["SeriousEventList"]["SeriousEvent"];
    assert_eq!(count(&v2["adverseEventsModule"]["seriousEvents"]), count(serious));
    assert_eq!(v2["adverseEventsModule"]["seriousEvents"][0]["term"], serious[0]["SeriousEventTerm"]);
}

#[test]
fn a_study_fields_response_gives_one_record_per_study_with_only_the_fields_asked_for() {
    let parsed = parse_file("ctg_api_all.json");
    assert!(parsed.errors().next().is_none(), "{:?}", parsed.diagnostics);
    let ids: Vec<&str> =
        parsed.records.iter().map(|s| s.registry_section.as_ref().unwrap().registry_id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["NCT02028676", "NCT00023673"]);
    for study in &parsed.records {
        let status = json(study)["protocolSection"]["statusModule"].clone();
        assert_eq!(
            status,
            serde_json::json!({"studyFirstPostDateStruct": {"date": "2021-08-03"}, "lastUpdatePostDateStruct": {"date": "2021-08-03"}})
        );
        let warnings = &study.registry_section.as_ref().unwrap().warnings;
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .as_deref()
                .unwrap()
                .contains("only the fields asked for (NCTId, StudyFirstPostDate, LastUpdatePostDate)")
        );
    }
    insta::assert_json_snapshot!("study_fields_first", parsed.records[0]);
}

#[test]
fn study_statistics_hold_no_records_and_say_so() {
    let parsed = parse_file("study_statistics.json");
    assert!(parsed.records.is_empty());
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].severity, Severity::Note);
    assert!(parsed.diagnostics[0].message.contains("not trial records"), "{}", parsed.diagnostics[0]);
}

mod never_panics {
    use proptest::prelude::*;
    use serde_json::Value;
    use trialdex_ingest::{SourceFormat, parse_as};

    use super::source;

    /// Every position in NCT04780763's source, as a JSON pointer.
    fn positions(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| positions(v, format!("{at}/{k}"), out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| positions(v, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[A-Za-z]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_anywhere_in_a_classic_record_is_read_or_reported(pick in any::<prop::sample::Index>(), value in any_json()) {
            let mut record = source("NCT04780763.json");
            let mut all = Vec::new();
            positions(&record, String::new(), &mut all);
            let at = pick.get(&all).clone();
            match record.pointer_mut(&at) {
                Some(slot) => *slot = value,
                None => record = value,
            }
            let parsed = parse_as(SourceFormat::CtgovClassicJson, &serde_json::to_vec(&record).unwrap());
            prop_assert!(parsed.records.len() <= 1);
            prop_assert!(!parsed.records.is_empty() || !parsed.diagnostics.is_empty(), "{at}: nothing read and nothing said");
            for study in &parsed.records {
                serde_json::to_string(study).unwrap();
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_as(SourceFormat::CtgovClassicJson, &bytes);
            let mut prefixed = br#"{"FullStudiesResponse":{"FullStudies":[{"Study":"#.to_vec();
            prefixed.extend(bytes);
            let _ = parse_as(SourceFormat::CtgovClassicJson, &prefixed);
        }
    }
}
