//! WHO ICTRP exports (../shared/corpus/ictrp): two XML exports and one CSV export.
//!
//! Counts and raw values are taken from the files with plain string search (and the
//! `csv` crate for the CSV), so the parser is checked against the files, not itself.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::{Value, json};
use trialdex_ingest::{Parsed, SourceFormat, parse_as};

use super::common::*;

const XML_2020: &str = "corpus/ictrp/ICTRP-Results_2020-03-18.xml";
const XML_2024: &str = "corpus/ictrp/ICTRP-Results_2024-06-09.xml";
const CSV_2020: &str = "corpus/ictrp/ICTRP-COVID19_2020-04-07.csv";

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(shared(rel)).expect("read corpus file")
}

fn read(rel: &str) -> Parsed {
    trialdex_ingest::parse(&bytes(rel)).expect("format recognised")
}

fn records(parsed: &Parsed) -> Vec<Value> {
    parsed.records.iter().map(|r| serde_json::to_value(r).expect("records serialize")).collect()
}

fn by_id<'a>(records: &'a [Value], registry_id: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["registrySection"]["registryId"] == registry_id)
        .unwrap_or_else(|| panic!("no record {registry_id}"))
}

/// Each trial's fields as the file writes them, found by string search (XML) or the
/// csv crate (CSV): lower-case names with underscores → trimmed raw value.
fn raw_trials(rel: &str) -> Vec<BTreeMap<String, String>> {
    let text = String::from_utf8(bytes(rel)).expect("utf-8");
    if rel.ends_with(".csv") {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> =
            reader.headers().unwrap().iter().map(|h| h.to_lowercase().replace(' ', "_")).collect();
        return reader
            .records()
            .map(|row| headers.iter().cloned().zip(row.unwrap().iter().map(|v| v.trim().to_owned())).collect())
            .collect();
    }
    text.split("<Trial>")
        .skip(1)
        .map(|trial| {
            let mut fields = BTreeMap::new();
            for name in
                ["TrialID", "Recruitment_Status", "Phase", "Inclusion_agemin", "Inclusion_agemax", "Inclusion_gender"]
            {
                let open = format!("<{name}>");
                if let Some(at) = trial.find(&open) {
                    let rest = &trial[at + open.len()..];
                    let value = &rest[..rest.find(&format!("</{name}>")).unwrap()];
                    let value = value.replace("&lt;", "<").replace("&gt;", ">");
                    let value = value.replace("&#x20;", " ").replace("&#x09;", " ").replace("&#x0D;", " ");
                    fields.insert(name.to_lowercase(), value.trim().to_owned());
                }
            }
            fields
        })
        .collect()
}

/// Registry key from a TrialID prefix, as a reviewer would tell them apart.
fn registry_of_prefix(id: &str) -> &'static str {
    let prefixes = [
        ("NCT", "ctgov"),
        ("ChiCTR", "chictr"),
        ("EUCTR", "euctr"),
        ("CTIS", "ctis"),
        ("ISRCTN", "isrctn"),
        ("DRKS", "drks"),
        ("JPRN", "jprn"),
        ("KCT", "cris"),
        ("CTRI", "ctri"),
        ("IRCT", "irct"),
        ("ACTRN", "anzctr"),
        ("NL", "nltr"),
        ("PACTR", "pactr"),
        ("TCTR", "tctr"),
        ("RBR", "rebec"),
        ("SLCTR", "slctr"),
        ("LBCTR", "lbctr"),
        ("PER", "repec"),
    ];
    prefixes.iter().find(|(p, _)| id.starts_with(p)).map_or("other", |(_, r)| r)
}

fn count_by<I: IntoIterator<Item = String>>(items: I) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for item in items {
        *out.entry(item).or_insert(0) += 1;
    }
    out
}

#[test]
fn whole_exports_read_without_errors_one_record_per_trial_by_registry() {
    for (rel, format, expected) in [
        (XML_2020, SourceFormat::IctrpXml, 578),
        (XML_2024, SourceFormat::IctrpXml, 95),
        (CSV_2020, SourceFormat::IctrpCsv, 927),
    ] {
        assert_eq!(trialdex_ingest::sniff(&bytes(rel)), Ok(format), "{rel}");
        let parsed = read(rel);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        assert_eq!(parsed.records.len(), expected, "{rel}");
        let raw = raw_trials(rel);
        assert_eq!(raw.len(), expected, "{rel}: trials counted by string search");
        let expected_by_registry = count_by(raw.iter().map(|t| registry_of_prefix(&t["trialid"]).to_owned()));
        let records = records(&parsed);
        let got_by_registry =
            count_by(records.iter().map(|r| r["registrySection"]["registry"].as_str().unwrap().to_owned()));
        assert_eq!(got_by_registry, expected_by_registry, "{rel}");
        assert!(!got_by_registry.contains_key("other"), "{rel}: every TrialID belongs to a registry");
        for (record, trial) in records.iter().zip(&raw) {
            let section = &record["registrySection"];
            assert_eq!(section["sourceFormat"], format.as_str());
            // The id is the TrialID, normalized: EUCTR's prefix and member state, JPRN's prefix go.
            let id = section["registryId"].as_str().unwrap();
            assert!(trial["trialid"].to_lowercase().contains(&id.to_lowercase()), "{id} vs {}", trial["trialid"]);
            assert!(section["otherIds"].as_array().unwrap().iter().any(|o| o["id"] == id));
            let titled = record["protocolSection"]["identificationModule"]["briefTitle"].is_string();
            assert!(titled || warned(record, "protocolSection.identificationModule.briefTitle"), "{id}");
        }
    }
}

fn warned(record: &Value, field: &str) -> bool {
    record["registrySection"]["warnings"].as_array().is_some_and(|w| w.iter().any(|w| w["field"] == field))
}

fn one_line(s: &str) -> String {
    s.replace("<br>", " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every distinct status, phase, age and sex value of the three exports is either
/// mapped to a CT.gov value or kept as written with a warning on its field.
#[test]
fn status_phase_age_and_sex_values_are_mapped_or_kept_and_warned() {
    let is_listed = |v: &Value, all: &[&str]| v.as_str().is_some_and(|s| all.contains(&s));
    let statuses = ["RECRUITING", "NOT_YET_RECRUITING", "COMPLETED", "ACTIVE_NOT_RECRUITING", "WITHDRAWN"];
    let phases = ["NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"];
    let no_limit = ["N/A", "None", "No limit", "no limit", "Not applicable", "no maximum age"];
    let age_pattern = regex::Regex::new(r"^\d+ (Year|Month|Week|Day|Hour)s?$").unwrap();
    let mut distinct: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for rel in [XML_2020, XML_2024, CSV_2020] {
        let records = records(&read(rel));
        for (record, trial) in records.iter().zip(raw_trials(rel)) {
            let p = &record["protocolSection"];
            let fields = &record["registrySection"]["registryFields"];
            let raw = |name: &str| trial.get(name).map(|v| one_line(v)).filter(|v| !v.is_empty());
            let id = &trial["trialid"];

            let status = &p["statusModule"]["overallStatus"];
            match raw("recruitment_status") {
                None => {
                    assert!(status.is_null() && warned(record, "protocolSection.statusModule.overallStatus"), "{id}")
                }
                Some(text) => {
                    distinct.entry("status").or_default().insert(text.clone());
                    let kept = fields["recruitmentStatusText"] == text.as_str()
                        && warned(record, "protocolSection.statusModule.overallStatus");
                    assert!(is_listed(status, &statuses) || kept, "{id}: status {text:?}");
                }
            }

            let mapped_phases = p["designModule"]["phases"].as_array().cloned().unwrap_or_default();
            if let Some(text) = raw("phase") {
                distinct.entry("phase").or_default().insert(text.clone());
                let kept =
                    fields["studyPhaseText"].is_string() && warned(record, "protocolSection.designModule.phases");
                let mapped = !mapped_phases.is_empty() && mapped_phases.iter().all(|v| is_listed(v, &phases));
                assert!(mapped || kept, "{id}: phase {text:?}");
                assert!(!(text == "0" && mapped), "{id}: ChiCTR's default phase 0 is not read as a phase");
            } else {
                assert!(mapped_phases.is_empty(), "{id}");
            }

            for (name, key) in [("inclusion_agemin", "minimumAge"), ("inclusion_agemax", "maximumAge")] {
                let Some(text) = raw(name) else { continue };
                distinct.entry(name).or_default().insert(text.clone());
                let value = &p["eligibilityModule"][key];
                let mapped = value.as_str().is_some_and(|v| age_pattern.is_match(v));
                let kept = fields[format!("{key}Text")] == text.as_str()
                    && warned(record, &format!("protocolSection.eligibilityModule.{key}"));
                let none = value.is_null() && no_limit.contains(&text.as_str());
                assert!(mapped || kept || none, "{id}: {name} {text:?} → {value}");
            }

            if let Some(text) = raw("inclusion_gender") {
                distinct.entry("sex").or_default().insert(text.clone());
                let sex = &p["eligibilityModule"]["sex"];
                let kept = warned(record, "protocolSection.eligibilityModule.sex");
                assert!(is_listed(sex, &["ALL", "FEMALE", "MALE"]) || kept, "{id}: sex {text:?}");
            }
        }
    }
    // The corpus holds the spellings the issue names; the loop above saw every one.
    let seen = |kind: &str, value: &str| distinct[kind].contains(value);
    assert!(seen("status", "Not Recruiting") && seen("status", "Authorised"));
    assert!(seen("phase", "Phase 2/Phase 3") && seen("phase", "Not Applicable") && seen("phase", "0"));
    assert!(seen("inclusion_agemin", "18 Years") && seen("inclusion_agemax", "No limit"));
    assert!(seen("sex", "Both") && seen("sex", "Female: yes Male: yes"));
    assert!(distinct["phase"].len() > 20, "{:?}", distinct["phase"]);
}

#[test]
fn chictr_trial_as_ictrp_gives_it() {
    let records = records(&read(XML_2020));
    let r = by_id(&records, "ChiCTR2000029953");
    let p = &r["protocolSection"];
    let section = &r["registrySection"];
    assert_eq!(section["registry"], "chictr");
    assert_eq!(section["sourceUrl"], "http://www.chictr.org.cn/showproj.aspx?proj=49217");
    // ICTRP exports ChiCTR trials in English only: no Chinese text to keep.
    assert!(section["originalLanguage"].is_null());
    assert_eq!(
        p["identificationModule"]["briefTitle"],
        "Construction and Analysis of Prognostic Predictive Model of Novel Coronavirus Pneumonia (COVID-19)"
    );
    // The export pads the scientific title with hundreds of spaces.
    assert_eq!(p["identificationModule"]["officialTitle"], p["identificationModule"]["briefTitle"]);
    assert_eq!(p["sponsorCollaboratorsModule"]["leadSponsor"]["name"], "Zhongnan Hospital of Wuhan University");
    assert_eq!(p["statusModule"]["startDateStruct"]["date"], "2020-02-01");
    assert!(p["statusModule"]["overallStatus"].is_null());
    assert_eq!(section["registryFields"]["recruitmentStatusText"], "Not Recruiting");
    assert_eq!(section["registryFields"]["registrationDate"], "2020-02-17");
    assert_eq!(section["registryFields"]["registrationStatus"], "Prospective registration");
    assert_eq!(p["designModule"]["studyType"], "OBSERVATIONAL");
    assert_eq!(p["designModule"]["phases"], json!(["NA"]));
    // "survival group:200;died:200;" → two groups, 400 in all.
    assert_eq!(p["designModule"]["enrollmentInfo"]["count"], 400);
    assert_eq!(section["registryFields"]["groupSizes"][1], json!({"label": "died", "size": 200}));
    // "Factorial" for an observational study is kept as text, not made an intervention model.
    assert!(p["designModule"]["designInfo"].is_null());
    assert_eq!(section["registryFields"]["studyDesignText"], "Factorial");
    assert_eq!(p["eligibilityModule"]["sex"], "ALL");
    let criteria = p["eligibilityModule"]["eligibilityCriteria"].as_str().unwrap();
    assert!(criteria.starts_with("Inclusion Criteria:\n\n2019-nCoV-infected pneumonia"), "{criteria}");
    assert!(criteria.contains("\n\nExclusion Criteria:\n\nPatients diagnosed with pneumonia of age <15 years"));
    assert_eq!(p["outcomesModule"]["primaryOutcomes"].as_array().unwrap().len(), 4);
    let contact = &p["contactsLocationsModule"]["centralContacts"][0];
    assert_eq!(contact["name"], "Yan Zhao");
    assert_eq!(contact["email"], "doctoryanzhao@whu.edu.cn");
    insta::assert_json_snapshot!("ictrp_xml_chictr", r);
}

#[test]
fn nct_trial_with_criteria_in_entity_soup() {
    let records = records(&read(XML_2024));
    let r = by_id(&records, "NCT06360289");
    let p = &r["protocolSection"];
    assert_eq!(r["registrySection"]["registry"], "ctgov");
    assert_eq!(p["identificationModule"]["nctId"], "NCT06360289");
    assert_eq!(p["identificationModule"]["secondaryIdInfos"][0]["id"], "ALN-TTR-NT-003");
    assert_eq!(p["statusModule"]["overallStatus"], "RECRUITING");
    assert_eq!(p["statusModule"]["startDateStruct"]["date"], "2024-04-25");
    // "08/04/2024" is day first; Date_registration3 says 20240408.
    assert_eq!(r["registrySection"]["registryFields"]["registrationDate"], "2024-04-08");
    assert_eq!(p["designModule"]["enrollmentInfo"]["count"], 500);
    assert_eq!(p["armsInterventionsModule"]["interventions"][0], json!({"type": "OTHER", "name": "Standard of Care"}));
    assert_eq!(p["conditionsModule"]["conditions"].as_array().unwrap().len(), 2);
    assert!(p["eligibilityModule"]["minimumAge"].is_null(), "N/A is no limit");
    let criteria = p["eligibilityModule"]["eligibilityCriteria"].as_str().unwrap();
    assert!(!criteria.contains("<br>") && !criteria.contains('\r') && !criteria.contains("&lt;"), "{criteria}");
    assert!(criteria.starts_with("Inclusion Criteria:\n\n- Carrier of a documented"), "{criteria}");
    assert!(criteria.contains("\n\nExclusion Criteria:\n\n") && criteria.contains("(eGFR) <45 milliliters"));
    insta::assert_json_snapshot!("ictrp_xml_nct", r);
}

#[test]
fn eu_ctr_and_ctis_trials() {
    let records = records(&read(XML_2024));
    let eu = by_id(&records, "2021-000037-14");
    let p = &eu["protocolSection"];
    let fields = &eu["registrySection"]["registryFields"];
    assert_eq!(eu["registrySection"]["registry"], "euctr");
    assert_eq!(fields["memberState"], "ES");
    assert_eq!(fields["recruitmentStatusText"], "Authorised");
    assert!(warned(eu, "protocolSection.statusModule.overallStatus"));
    assert_eq!(p["designModule"]["studyType"], "INTERVENTIONAL");
    assert_eq!(p["designModule"]["phases"], json!(["PHASE3"]));
    assert!(fields["studyPhaseText"].as_str().unwrap().starts_with("Human pharmacology (Phase I): no"));
    assert_eq!(p["designModule"]["designInfo"]["allocation"], "RANDOMIZED");
    assert_eq!(p["designModule"]["designInfo"]["maskingInfo"]["masking"], "DOUBLE");
    assert_eq!(fields["countries"].as_array().unwrap().len(), 20);
    assert_eq!(fields["ethicsApprovals"][0]["approvalDate"], "2021-05-28");
    insta::assert_json_snapshot!("ictrp_xml_euctr", eu);

    let ctis = by_id(&records, "2023-507385-11-00");
    assert_eq!(ctis["registrySection"]["registry"], "ctis");
    let other_ids: Vec<String> = ctis["registrySection"]["otherIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{}:{}", o["registry"].as_str().unwrap(), o["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        other_ids,
        ["ctis:2023-507385-11-00", "other:U1111-1296-5487", "euctr:2022-003405-30", "ctgov:NCT05697861"]
    );
    assert_eq!(ctis["protocolSection"]["sponsorCollaboratorsModule"]["collaborators"][0]["name"], "Medpace Finland Oy");
    // "65+" is no upper limit trialdex can write as CT.gov does: kept and warned.
    assert_eq!(ctis["registrySection"]["registryFields"]["maximumAgeText"], "65+");
    insta::assert_json_snapshot!("ictrp_xml_ctis", ctis);
}

#[test]
fn csv_irct_trial_with_a_keyed_design() {
    let records = records(&read(CSV_2020));
    let r = by_id(&records, "IRCT20100228003449N28");
    let p = &r["protocolSection"];
    assert_eq!(r["registrySection"]["registry"], "irct");
    assert_eq!(p["statusModule"]["overallStatus"], "RECRUITING");
    assert_eq!(p["designModule"]["phases"], json!(["PHASE2", "PHASE3"]));
    let design = &p["designModule"]["designInfo"];
    assert_eq!(design["allocation"], "RANDOMIZED");
    assert_eq!(design["interventionModel"], "PARALLEL");
    assert_eq!(design["primaryPurpose"], "TREATMENT");
    assert_eq!(design["maskingInfo"]["masking"], "NONE");
    assert_eq!(p["eligibilityModule"]["minimumAge"], "18 Years");
    assert_eq!(p["eligibilityModule"]["maximumAge"], "75 Years");
    let criteria = p["eligibilityModule"]["eligibilityCriteria"].as_str().unwrap();
    assert!(criteria.contains("Exclusion Criteria:\n\nHistory of drug allergy\nUncontrolled"), "{criteria}");
    insta::assert_json_snapshot!("ictrp_csv_irct", r);

    // A CT.gov record in the CSV: "Drug: X;Drug: Y" are typed interventions.
    let nct = by_id(&records, "NCT04246242");
    let interventions = nct["protocolSection"]["armsInterventionsModule"]["interventions"].as_array().unwrap();
    assert_eq!(interventions.len(), 3);
    assert!(interventions.iter().all(|i| i["type"] == "DRUG"));
    assert_eq!(interventions[1]["name"], "arbidol,200mg,tid");
    assert_eq!(nct["protocolSection"]["statusModule"]["startDateStruct"]["date"], "2020-01-25");
}

#[test]
fn one_broken_trial_costs_only_that_trial() {
    let text = String::from_utf8(bytes(XML_2024)).unwrap();
    let third = text.match_indices("<Trial>").nth(2).unwrap().0;
    let close = third + text[third..].find("</Public_title>").unwrap();
    let broken = format!("{}</Public_titl>{}", &text[..close], &text[close + "</Public_title>".len()..]);
    let parsed = parse_as(SourceFormat::IctrpXml, broken.as_bytes());
    assert_eq!(parsed.records.len(), 94);
    let errors: Vec<_> = parsed.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let broken_id = raw_trials(XML_2024)[2]["trialid"].clone();
    assert_eq!(errors[0].record.as_deref(), Some(broken_id.as_str()));
    // A trial cut off before its end tag costs that trial too, not the one after it.
    let cut = text.replacen("</Trial>", "", 1);
    let parsed = parse_as(SourceFormat::IctrpXml, cut.as_bytes());
    assert_eq!((parsed.records.len(), parsed.errors().count()), (94, 1));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn damaged_exports_never_panic(cut in 0usize..40_000, at in 0usize..40_000, byte in any::<u8>()) {
        for rel in [XML_2024, CSV_2020] {
            let mut input = bytes(rel);
            input.truncate(40_000);
            if let Some(b) = input.get_mut(at) {
                *b = byte;
            }
            input.truncate(cut);
            let format = if rel.ends_with(".csv") { SourceFormat::IctrpCsv } else { SourceFormat::IctrpXml };
            let _ = parse_as(format, &input);
        }
    }
}
