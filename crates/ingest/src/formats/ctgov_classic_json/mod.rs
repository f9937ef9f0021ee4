//! ClinicalTrials.gov's retired classic API JSON (`/api/query/…`, 2017–2023):
//!
//! - `FullStudiesResponse`: whole records, PascalCase keys, `XxxList: {Xxx: [...]}`
//!   wrappers, display labels ("Not yet recruiting", "Phase 2"), dates like
//!   "March 4, 2021", counts and booleans as text ("168", "Yes");
//! - `StudyFieldsResponse`: chosen fields of each study, every value a list;
//! - `StudyStatistics`: statistics about the fields; no trial records.
//!
//! Each record is converted to the v2 shape by one table of classic fields (`fields*.rs`)
//! and read into the model. A classic field with no v2 home is kept under its classic
//! name in the nearest v2 object, so nothing the source says is lost.

mod convert;
mod fields;
mod fields_protocol;
mod fields_results;
mod study_fields;

use crate::formats::json::kind;
use serde_json::{Map, Value};
use trialdex_model::{SourceFormat, Study, Warning};

use crate::{Diagnostic, Parsed, decode::decode, finish::finish};
use convert::Converter;

/// The sections of a classic record.
const SECTIONS: [&str; 5] =
    ["ProtocolSection", "ResultsSection", "AnnotationSection", "DocumentSection", "DerivedSection"];

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let root: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(root) => root,
        Err(e) => {
            parsed.diagnostics.push(Diagnostic::error(format!("invalid JSON: {e}")));
            return parsed;
        }
    };
    let Value::Object(root) = root else {
        let message = format!("expected a classic API response object, found {}", kind(&root));
        parsed.diagnostics.push(Diagnostic::error(message));
        return parsed;
    };
    if let Some(response) = root.get("FullStudiesResponse") {
        read_full_studies(response, &mut parsed);
    } else if let Some(response) = root.get("StudyFieldsResponse") {
        study_fields::read(response, &mut parsed);
    } else if root.contains_key("StudyStatistics") {
        let message = "the file holds statistics about the classic API's fields (StudyStatistics), not trial records";
        parsed.diagnostics.push(Diagnostic::note(message));
    } else {
        let keys: Vec<&str> = root.keys().map(String::as_str).take(5).collect();
        let message =
            format!("expected FullStudiesResponse, StudyFieldsResponse or StudyStatistics, found keys {keys:?}");
        parsed.diagnostics.push(Diagnostic::error(message));
    }
    parsed
}

fn read_full_studies(response: &Value, parsed: &mut Parsed) {
    let Some(studies) = entries(response, "FullStudies", parsed) else {
        return;
    };
    for (i, entry) in studies.iter().enumerate() {
        match read_full_study(entry) {
            Ok(study) => parsed.records.push(study),
            Err(message) => {
                let locator = nct_id_of(entry).map_or_else(|| format!("FullStudies[{i}]"), str::to_owned);
                parsed.diagnostics.push(Diagnostic::error(message).at(locator));
            }
        }
    }
}

/// The entries of a response's list (`FullStudies`, `StudyFields`). A response with
/// no list found nothing; a note says so, and also when the response's own count
/// disagrees with what it holds.
fn entries<'a>(response: &'a Value, list: &str, parsed: &mut Parsed) -> Option<&'a Vec<Value>> {
    let returned = response.get("NStudiesReturned").and_then(Value::as_u64);
    match response.get(list) {
        Some(Value::Array(entries)) => {
            if let Some(returned) = returned.filter(|&n| n != entries.len() as u64) {
                let message = format!("the response says it returns {returned} studies but holds {}", entries.len());
                parsed.diagnostics.push(Diagnostic::note(message));
            }
            Some(entries)
        }
        None | Some(Value::Null) => {
            let found = response.get("NStudiesFound").and_then(Value::as_u64).unwrap_or(0);
            parsed
                .diagnostics
                .push(Diagnostic::note(format!("the response holds no studies ({found} found by its query)")));
            None
        }
        Some(other) => {
            let message = format!("expected {list} to be an array of studies, found {}", kind(other));
            parsed.diagnostics.push(Diagnostic::error(message));
            None
        }
    }
}

/// One `{"Rank": 1, "Study": {...}}` entry of a FullStudiesResponse.
fn read_full_study(entry: &Value) -> Result<Study, String> {
    let Value::Object(entry) = entry else {
        return Err(format!("expected a study entry {{\"Rank\", \"Study\"}}, found {}", kind(entry)));
    };
    let study = match entry.get("Study") {
        Some(Value::Object(study)) => study,
        Some(other) => {
            return Err(format!("expected Study to be an object, found {}", kind(other)));
        }
        None => {
            return Err(format!("expected a Study object, found keys {:?}", first_keys(entry)));
        }
    };
    if !SECTIONS.iter().any(|section| study.contains_key(*section)) {
        return Err(format!("expected a Study with ProtocolSection, found keys {:?}", first_keys(study)));
    }
    let mut converter = Converter::default();
    let mut v2 = converter.object(fields::STUDY, study, "");
    // A full record carries every section CT.gov holds, so no ResultsSection means no results.
    v2.insert("hasResults".into(), Value::Bool(study.contains_key("ResultsSection")));
    for (key, value) in entry.iter().filter(|(key, _)| !matches!(key.as_str(), "Rank" | "Study")) {
        converter
            .warnings
            .push(Warning::new(key.clone(), format!("{key} beside Study is no classic API field; kept as it came")));
        v2.insert(key.clone(), value.clone());
    }
    let mut study = into_study(v2, converter.warnings)?;
    warn_if_missing(&mut study);
    finish(&mut study, SourceFormat::CtgovClassicJson);
    Ok(study)
}

/// Reads converted v2 JSON into the model and adds the conversion's warnings.
fn into_study(v2: Map<String, Value>, warnings: Vec<Warning>) -> Result<Study, String> {
    let mut study: Study = serde_json::from_value(Value::Object(v2))
        .map_err(|e| format!("the converted record does not fit the study model: {e}"))?;
    study.registry_section.get_or_insert_with(Default::default).warnings.extend(warnings);
    Ok(study)
}

/// Every full classic record has a title and a status; say so when one does not.
fn warn_if_missing(study: &mut Study) {
    let protocol = study.protocol_section.as_ref();
    let identification = protocol.and_then(|p| p.identification_module.as_ref());
    let status = protocol.and_then(|p| p.status_module.as_ref());
    let mut warnings = Vec::new();
    if identification.and_then(|m| m.brief_title.as_ref()).is_none() {
        warnings
            .push(Warning::new("protocolSection.identificationModule.briefTitle", "the record gives no brief title"));
    }
    if status.and_then(|m| m.overall_status.as_ref()).is_none() {
        warnings.push(Warning::new("protocolSection.statusModule.overallStatus", "the record gives no overall status"));
    }
    study.registry_section.get_or_insert_with(Default::default).warnings.extend(warnings);
}

fn nct_id_of(entry: &Value) -> Option<&str> {
    entry.pointer("/Study/ProtocolSection/IdentificationModule/NCTId")?.as_str()
}

fn first_keys(map: &Map<String, Value>) -> Vec<&str> {
    map.keys().map(String::as_str).take(5).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(studies: &str) -> String {
        format!(r#"{{"FullStudiesResponse":{{"APIVrs":"1.01.05","NStudiesReturned":2,"FullStudies":[{studies}]}}}}"#)
    }

    #[test]
    fn a_broken_study_is_an_error_and_the_others_go_on() {
        let good = r#"{"Rank":2,"Study":{"ProtocolSection":{"IdentificationModule":{"NCTId":"NCT00000002","BriefTitle":"T"},
            "StatusModule":{"OverallStatus":"Completed"}}}}"#;
        let parsed = parse(full(&format!(r#"{{"Rank":1,"Study":"oops"}},{good}"#)).as_bytes());
        assert_eq!(parsed.records.len(), 1);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert_eq!(errors, ["FullStudies[0]: expected Study to be an object, found a string"]);
        let section = parsed.records[0].registry_section.as_ref().unwrap();
        assert_eq!(section.registry_id.as_deref(), Some("NCT00000002"));
        assert_eq!(section.source_format, Some(SourceFormat::CtgovClassicJson));
        assert!(section.warnings.is_empty(), "{:?}", section.warnings);
    }

    #[test]
    fn not_json_or_not_classic_is_an_error() {
        assert!(parse(b"{\"FullStudiesResponse\":").errors().next().unwrap().message.starts_with("invalid JSON"));
        let parsed = parse(br#"{"studies":[]}"#);
        assert_eq!(
            parsed.errors().next().unwrap().message,
            r#"expected FullStudiesResponse, StudyFieldsResponse or StudyStatistics, found keys ["studies"]"#
        );
    }

    #[test]
    fn an_empty_response_is_a_note() {
        let parsed = parse(br#"{"FullStudiesResponse":{"NStudiesFound":0,"NStudiesReturned":0}}"#);
        assert!(parsed.records.is_empty() && parsed.errors().next().is_none());
        assert_eq!(parsed.diagnostics[0].message, "the response holds no studies (0 found by its query)");
    }
}
