//! CT.gov legacy `<clinical_study>` XML and the CT.gov search RSS feed, read from
//! ../shared/corpus/ctgov-xml and ctgov-xml-edge.
//!
//! The folder test reads the expected values straight out of each file with plain
//! string search (`Source`), so it checks the parser against the XML, not against itself.

use serde_json::{Value, json};
use trialdex_ingest::{Parsed, SourceFormat, parse_as};

use super::common::*;

mod hostile;
mod rss;

fn to_json(parsed: &Parsed) -> Vec<Value> {
    parsed.records.iter().map(|r| serde_json::to_value(r).expect("records serialize")).collect()
}

fn read(rel: &str) -> Parsed {
    let bytes = std::fs::read(shared(rel)).expect("read corpus file");
    trialdex_ingest::parse(&bytes).expect("format recognised")
}

fn record(rel: &str) -> Value {
    let bytes = std::fs::read(shared(rel)).expect("read corpus file");
    serde_json::to_value(one_record(&bytes)).expect("record serializes")
}

/// The parts of a `<clinical_study>` file a reader checks, found by string search.
struct Source<'a>(&'a str);

impl<'a> Source<'a> {
    /// Every `<name …>inner</name>`: (attributes, inner text).
    fn all(&self, name: &str) -> Vec<(&'a str, &'a str)> {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        let mut out = Vec::new();
        let mut rest = self.0;
        while let Some(at) = rest.find(&open) {
            let after = &rest[at + open.len()..];
            let Some(tag_end) = after.find('>') else {
                break;
            };
            let attrs = &after[..tag_end];
            let is_this_name = attrs.is_empty() || attrs.starts_with(' ');
            if is_this_name && !attrs.ends_with('/') {
                let body = &after[tag_end + 1..];
                let Some(end) = body.find(&close) else { break };
                out.push((attrs, &body[..end]));
            }
            rest = &after[tag_end..];
        }
        out
    }

    fn text(&self, name: &str) -> Option<String> {
        self.all(name).first().map(|(_, inner)| unescape(inner)).filter(|t| !t.is_empty())
    }

    fn type_attr(&self, name: &str) -> Option<String> {
        let (attrs, _) = *self.all(name).first()?;
        let at = attrs.find("type=\"")? + 6;
        Some(attrs[at..at + attrs[at..].find('"')?].to_owned())
    }
}

fn unescape(s: &str) -> String {
    let s = s
        .replace("&#xD;", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Active, not recruiting" → "ACTIVE_NOT_RECRUITING".
fn wire(label: &str) -> String {
    if label == "Unknown status" {
        return "UNKNOWN".into();
    }
    let upper: String =
        label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { ' ' }).collect();
    upper.split_whitespace().collect::<Vec<_>>().join("_")
}

fn phases(label: &str) -> Vec<String> {
    if label == "N/A" {
        return vec!["NA".into()];
    }
    label
        .split('/')
        .map(|p| match p.trim() {
            "Early Phase 1" => "EARLY_PHASE1".to_owned(),
            other => other.replace("Phase ", "PHASE"),
        })
        .collect()
}

fn kind(type_attr: Option<String>) -> Value {
    match type_attr.as_deref() {
        None => Value::Null,
        Some("Actual") => json!("ACTUAL"),
        Some("Anticipated" | "Estimate" | "Estimated") => json!("ESTIMATED"),
        Some(other) => panic!("unexpected type {other:?}"),
    }
}

/// What the XML says, in the JSON shape a reader of the record sees.
fn expected(xml: &str) -> Vec<(&'static str, Value)> {
    let src = Source(xml);
    let text = |name: &str| src.text(name).map_or(Value::Null, Value::String);
    let date = |name: &str| src.text(name).map_or(Value::Null, |d| json!(iso(&d)));
    let age = |name: &str| src.text(name).filter(|a| a != "N/A").map_or(Value::Null, Value::String);
    let sex = match src.text("gender").as_deref() {
        Some("All" | "Both") => json!("ALL"),
        Some(other) => json!(other.to_ascii_uppercase()),
        None => Value::Null,
    };
    let enrollment = src.text("enrollment").map(|n| n.parse::<i64>().expect("enrollment count"));
    vec![
        ("/protocolSection/identificationModule/nctId", text("nct_id")),
        ("/protocolSection/identificationModule/briefTitle", text("brief_title")),
        ("/protocolSection/identificationModule/officialTitle", text("official_title")),
        (
            "/protocolSection/statusModule/overallStatus",
            src.text("overall_status").map_or(Value::Null, |s| json!(wire(&s))),
        ),
        ("/protocolSection/designModule/phases", src.text("phase").map_or(Value::Null, |p| json!(phases(&p)))),
        ("/protocolSection/designModule/enrollmentInfo/count", enrollment.map_or(Value::Null, |n| json!(n))),
        ("/protocolSection/designModule/enrollmentInfo/type", kind(src.type_attr("enrollment"))),
        ("/protocolSection/statusModule/startDateStruct/date", date("start_date")),
        ("/protocolSection/statusModule/startDateStruct/type", kind(src.type_attr("start_date"))),
        ("/protocolSection/statusModule/completionDateStruct/date", date("completion_date")),
        ("/protocolSection/statusModule/completionDateStruct/type", kind(src.type_attr("completion_date"))),
        ("/protocolSection/statusModule/primaryCompletionDateStruct/date", date("primary_completion_date")),
        (
            "/protocolSection/statusModule/primaryCompletionDateStruct/type",
            kind(src.type_attr("primary_completion_date")),
        ),
        ("/protocolSection/eligibilityModule/minimumAge", age("minimum_age")),
        ("/protocolSection/eligibilityModule/maximumAge", age("maximum_age")),
        ("/protocolSection/eligibilityModule/sex", sex),
        ("/protocolSection/conditionsModule/conditions", {
            let conditions: Vec<String> = src.all("condition").iter().map(|(_, c)| unescape(c)).collect();
            if conditions.is_empty() { Value::Null } else { json!(conditions) }
        }),
    ]
}

#[test]
fn every_legacy_xml_file_gives_one_record_that_agrees_with_its_source() {
    let files = files("corpus/ctgov-xml");
    assert!(files.len() >= 2000, "expected the 2,029 files of corpus/ctgov-xml, found {}", files.len());
    let mut mismatches = Vec::new();
    let mut with_results = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let study = serde_json::to_value(one_record(&bytes)).expect("serialize");
        let xml = String::from_utf8(bytes).expect("corpus files are UTF-8");
        for (pointer, want) in expected(&xml) {
            let got = study.pointer(pointer).cloned().unwrap_or(Value::Null);
            if got != want {
                mismatches.push(format!("{}: {pointer}: got {got}, source says {want}", path.display()));
            }
        }
        if xml.contains("<clinical_results>") {
            with_results += 1;
            let results = &study["resultsSection"];
            for module in ["participantFlowModule", "baselineCharacteristicsModule", "outcomeMeasuresModule"] {
                if results[module].is_null() {
                    mismatches.push(format!("{}: results without {module}", path.display()));
                }
            }
        }
        assert_eq!(study["registrySection"]["registryId"], study["protocolSection"]["identificationModule"]["nctId"]);
    }
    assert!(with_results >= 120, "expected the 122 files with results, found {with_results}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first ones:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(20)].join("\n")
    );
}

/// The one study in both corpus folders: the fields legacy XML and v2 both hold agree.
#[test]
fn a_study_in_both_formats_maps_as_ctgov_v2_shows_it() {
    let from_xml = record("corpus/ctgov-xml/NCT00007696.xml");
    let v2: Value =
        serde_json::from_slice(&std::fs::read(shared("corpus/ctgov-v2/NCT00007696.json")).unwrap()).unwrap();
    for pointer in [
        "/protocolSection/identificationModule/nctId",
        "/protocolSection/identificationModule/orgStudyIdInfo",
        "/protocolSection/identificationModule/briefTitle",
        "/protocolSection/identificationModule/officialTitle",
        "/protocolSection/identificationModule/organization/fullName",
        "/protocolSection/statusModule/statusVerifiedDate",
        "/protocolSection/statusModule/overallStatus",
        "/protocolSection/statusModule/expandedAccessInfo",
        "/protocolSection/statusModule/startDateStruct",
        "/protocolSection/statusModule/studyFirstSubmitDate",
        "/protocolSection/statusModule/studyFirstSubmitQcDate",
        "/protocolSection/statusModule/studyFirstPostDateStruct",
        "/protocolSection/statusModule/lastUpdateSubmitDate",
        "/protocolSection/statusModule/lastUpdatePostDateStruct",
        "/protocolSection/sponsorCollaboratorsModule/responsibleParty",
        "/protocolSection/sponsorCollaboratorsModule/leadSponsor",
        "/protocolSection/oversightModule",
        "/protocolSection/conditionsModule",
        "/protocolSection/designModule/studyType",
        "/protocolSection/designModule/enrollmentInfo",
        "/protocolSection/armsInterventionsModule",
        "/protocolSection/eligibilityModule/eligibilityCriteria",
        "/protocolSection/eligibilityModule/healthyVolunteers",
        "/protocolSection/eligibilityModule/sex",
        "/protocolSection/eligibilityModule/minimumAge",
        "/protocolSection/eligibilityModule/maximumAge",
        "/protocolSection/eligibilityModule/stdAges",
        "/protocolSection/contactsLocationsModule/overallOfficials",
        "/protocolSection/contactsLocationsModule/locations/0/facility",
        "/protocolSection/contactsLocationsModule/locations/0/city",
        "/protocolSection/contactsLocationsModule/locations/0/zip",
        "/derivedSection/conditionBrowseModule/meshes/0/term",
        "/hasResults",
    ] {
        assert_eq!(from_xml.pointer(pointer), v2.pointer(pointer), "{pointer}");
    }
}

#[test]
fn results_take_v2_group_ids_totals_and_agreement_choices() {
    let study = record("corpus/ctgov-xml/NCT00000125.xml");
    let results = &study["resultsSection"];
    assert_eq!(study["hasResults"], true);
    let flow = &results["participantFlowModule"];
    assert_eq!(flow["groups"][0], json!({"id": "FG000", "title": "Observation", "description": "Close Observation"}));
    let milestones = &flow["periods"][0]["milestones"];
    assert_eq!(milestones[0]["type"], "STARTED");
    assert_eq!(milestones[0]["achievements"][1], json!({"groupId": "FG001", "numSubjects": "817"}));
    assert_eq!(milestones[2]["achievements"][0]["comment"], "Completed OHTS Phase 2, through March 2009");
    let baseline = &results["baselineCharacteristicsModule"];
    assert_eq!(baseline["groups"][2]["title"], "Total");
    assert_eq!(baseline["denoms"][0]["counts"][2], json!({"groupId": "BG002", "value": "1636"}));
    assert_eq!(baseline["measures"][0]["paramType"], "MEAN");
    assert_eq!(baseline["measures"][0]["dispersionType"], "STANDARD_DEVIATION");
    assert_eq!(baseline["measures"][0]["classes"][0]["categories"][0]["measurements"][0]["spread"], "9.7");
    let outcome = &results["outcomeMeasuresModule"]["outcomeMeasures"][0];
    assert_eq!(outcome["type"], "PRIMARY");
    assert_eq!(outcome["reportingStatus"], "POSTED");
    assert_eq!(outcome["unitOfMeasure"], "percent of participants");
    assert_eq!(outcome["classes"][1]["categories"][0]["measurements"][1], json!({"groupId": "OG001", "value": "14.1"}));
    // "Total, serious adverse events" is the group's total, not an event.
    let events = &results["adverseEventsModule"];
    assert_eq!(events["eventGroups"][0]["seriousNumAffected"], 12);
    assert_eq!(events["eventGroups"][0]["seriousNumAtRisk"], 819);
    assert_eq!(events["eventGroups"][1]["otherNumAffected"], 570);
    assert!(events["seriousEvents"].as_array().unwrap().iter().all(|e| e["organSystem"] != "Total"));
    assert_eq!(events["seriousEvents"][0]["assessmentType"], "SYSTEMATIC_ASSESSMENT");
    assert_eq!(
        results["moreInfoModule"]["certainAgreement"],
        json!({"piSponsorEmployee": false, "restrictiveAgreement": false})
    );
    assert_eq!(study["documentSection"]["largeDocumentModule"]["largeDocs"][0]["typeAbbrev"], "ICF");
}

#[test]
fn statistical_analyses_keep_their_groups_and_estimates() {
    let study = record("corpus/ctgov-xml/NCT00002540.xml");
    let outcomes = study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"].as_array().unwrap();
    let deaths = outcomes.iter().find(|o| o["title"] == "Prostate Cancer Deaths").unwrap();
    assert_eq!(
        deaths["analyses"][0],
        json!({
            "groupIds": ["OG000", "OG001"],
            "nonInferiorityType": "SUPERIORITY_OR_OTHER_LEGACY",
            "paramType": "Hazard Ratio (HR)",
            "paramValue": "1.09",
            "ciPctValue": "95",
            "ciNumSides": "TWO_SIDED",
            "ciLowerLimit": "0.87",
            "ciUpperLimit": "1.36"
        })
    );
}

#[test]
fn nothing_in_the_folder_is_left_unmapped() {
    for path in files("corpus/ctgov-xml") {
        let parsed = trialdex_ingest::parse(&std::fs::read(&path).unwrap()).unwrap();
        let said: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
        assert!(said.is_empty(), "{}: {said:?}", path.display());
    }
}

#[test]
fn pre_2017_records_read_their_one_line_design_and_old_results() {
    let study = record("corpus/ctgov-xml/NCT01101477_datahub.xml");
    assert_eq!(
        study["protocolSection"]["designModule"]["designInfo"],
        json!({
            "allocation": "RANDOMIZED",
            "interventionModel": "PARALLEL",
            "primaryPurpose": "TREATMENT",
            "maskingInfo": {"masking": "DOUBLE", "whoMasked": ["PARTICIPANT", "CARE_PROVIDER"]}
        })
    );
    assert!(
        study["registrySection"]["registryFields"]["studyDesignText"]
            .as_str()
            .unwrap()
            .contains("Endpoint Classification: Safety/Efficacy Study")
    );
    // Its outcome's first measure, "Number of Participants", is who was analyzed.
    let outcome = &study["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0];
    assert_eq!(outcome["denoms"][0]["units"], "Participants");
    assert_eq!(outcome["denoms"][0]["counts"][0], json!({"groupId": "OG000", "value": "44"}));
    assert_eq!(outcome["classes"][0]["categories"][0]["measurements"][0], json!({"groupId": "OG000", "value": "29"}));
    let baseline = &study["resultsSection"]["baselineCharacteristicsModule"];
    assert_eq!(baseline["denoms"][0]["counts"][3], json!({"groupId": "BG003", "value": "144"}));
    assert_eq!(baseline["measures"][0]["title"], "Age");
    assert_eq!(baseline["measures"][0]["classes"][0]["categories"][0]["title"], "<=18 years");
    let cohort = record("corpus/ctgov-xml-edge/NCT00513591_mod.xml");
    assert_eq!(
        cohort["protocolSection"]["designModule"]["designInfo"],
        json!({"observationalModel": "COHORT", "timePerspective": "PROSPECTIVE"})
    );
}

#[test]
fn every_edge_file_parses_without_panicking() {
    for path in files("corpus/ctgov-xml-edge") {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let is_study = String::from_utf8_lossy(&bytes).contains("<clinical_study");
        let format = if is_study { SourceFormat::CtgovXml } else { SourceFormat::CtgovRss };
        assert_eq!(trialdex_ingest::sniff(&bytes), Ok(format), "{name}");
        let parsed = parse_as(format, &bytes);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        if is_study {
            assert_eq!(parsed.records.len(), 1, "{name}");
        }
    }
}

#[test]
fn a_file_named_for_its_alias_keeps_its_own_id() {
    let study = record("corpus/ctgov-xml-edge/NCT00980226-id-mismatch.xml");
    let ids = &study["protocolSection"]["identificationModule"];
    assert_eq!(ids["nctId"], "NCT00081588");
    assert_eq!(ids["nctIdAliases"], json!(["NCT00980226"]));
    let section = &study["registrySection"];
    assert_eq!(section["registryId"], "NCT00081588");
    assert!(section["otherIds"].as_array().unwrap().contains(&json!({"registry": "ctgov", "id": "NCT00980226"})));
}

#[test]
fn modified_copies_show_their_own_content() {
    let original = record("corpus/ctgov-xml-edge/NCT02028676.xml");
    let modified = record("corpus/ctgov-xml-edge/NCT02028676_modified.xml");
    let sponsors = "/protocolSection/sponsorCollaboratorsModule/collaborators";
    assert_eq!(original.pointer(sponsors).unwrap().as_array().unwrap().len(), 3);
    assert_eq!(modified.pointer(sponsors), None);
    assert_eq!(
        modified.pointer("/protocolSection/oversightModule/authorities/0").unwrap(),
        "Uganda: National Council for Science and Technology"
    );
    assert_eq!(modified["derivedSection"]["miscInfoModule"]["versionHolder"], "2016-12-06");
    assert_eq!(original["derivedSection"]["miscInfoModule"]["versionHolder"], "2018-05-11");
}

#[test]
fn a_search_download_with_a_rank_reads_like_any_other() {
    let study = record("corpus/ctgov-xml-edge/example_study.xml");
    assert_eq!(study["protocolSection"]["identificationModule"]["nctId"], "NCT00002475");
    assert_eq!(study["protocolSection"]["designModule"]["designInfo"]["primaryPurpose"], "TREATMENT");
}

#[test]
fn snapshot_an_observational_study() {
    insta::assert_json_snapshot!("ctgov_xml_NCT00000105", record("corpus/ctgov-xml/NCT00000105.xml"));
}

#[test]
fn snapshot_a_study_with_results() {
    insta::assert_json_snapshot!("ctgov_xml_NCT00000125", record("corpus/ctgov-xml/NCT00000125.xml"));
}

#[test]
fn snapshot_an_old_format_study() {
    insta::assert_json_snapshot!("ctgov_xml_example_study", record("corpus/ctgov-xml-edge/example_study.xml"));
}

#[test]
fn snapshot_rss_items() {
    insta::assert_json_snapshot!("ctgov_rss_covid_search", to_json(&read("corpus/ctgov-xml-edge/covid_search.xml")));
}
