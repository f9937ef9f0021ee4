//! ClinicalTrials.gov API v2 JSON: one study, a `{"studies":[…],"nextPageToken":…}` page,
//! a JSON array (the site's `ctg-studies.json` download), or NDJSON (one study per line,
//! as `trialdex parse --json` writes them).
//!
//! Lossless: every key CT.gov sends is kept, modelled or not. A value of the wrong type
//! (a number where a date belongs) is left out with a warning naming its path, and the
//! rest of the record is kept.

use serde::Deserialize;
use serde_json::value::RawValue;
use trialdex_model::{SourceFormat, Study, Warning};

use crate::{Diagnostic, Parsed, decode::decode, finish::finish};

/// How many bad values one record may have before it is given up.
const MAX_REPAIRS: usize = 64;

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('[') {
        match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(items) => read_all(items.iter().enumerate().map(|(i, raw)| (format!("[{i}]"), raw.get())), &mut parsed),
            Err(e) => parsed.diagnostics.push(Diagnostic::error(format!("invalid JSON array of studies: {e}"))),
        }
    } else if is_page(text) {
        #[derive(Deserialize)]
        struct Page<'a> {
            #[serde(borrow, default)]
            studies: Vec<&'a RawValue>,
        }
        match serde_json::from_str::<Page>(text) {
            Ok(page) => read_all(
                page.studies.iter().enumerate().map(|(i, raw)| (format!("studies[{i}]"), raw.get())),
                &mut parsed,
            ),
            Err(e) => parsed.diagnostics.push(Diagnostic::error(format!("invalid JSON page of studies: {e}"))),
        }
    } else {
        read_stream(text, &mut parsed);
    }
    parsed
}

/// A page's first key is one of the page's own.
fn is_page(text: &str) -> bool {
    let Some(after_brace) = text.strip_prefix('{') else { return false };
    let after_brace = after_brace.trim_start();
    ["\"studies\"", "\"nextPageToken\"", "\"totalCount\""].iter().any(|k| after_brace.starts_with(k))
}

fn read_all<'a>(items: impl Iterator<Item = (String, &'a str)>, parsed: &mut Parsed) {
    for (locator, raw) in items {
        push(parsed, read_study(raw), || locator);
    }
}

/// One study or many, whitespace- or newline-separated, deserialized straight into
/// the model (no pre-pass over the text). A value that does not fit the model is
/// re-read as raw text and repaired; after a syntax error the reader resumes at the
/// next line that starts an object, so one bad line in an NDJSON file costs only that line.
fn read_stream(text: &str, parsed: &mut Parsed) {
    let mut offset = 0;
    'restart: while offset < text.len() {
        let mut stream = serde_json::Deserializer::from_str(&text[offset..]).into_iter::<Study>();
        loop {
            let start = offset + stream.byte_offset();
            let outcome = match stream.next() {
                None => return,
                Some(Ok(study)) => checked(study),
                Some(Err(e)) if e.is_data() => {
                    // Re-read just this value as text and take the slow path.
                    let mut raw = serde_json::Deserializer::from_str(&text[start..]).into_iter::<&RawValue>();
                    if let Some(Ok(value)) = raw.next() {
                        let outcome = read_study(value.get());
                        push(parsed, outcome, || line_of(text, start));
                        offset = start + raw.byte_offset();
                        continue 'restart;
                    }
                    Err(format!("invalid JSON: {e}"))
                }
                Some(Err(e)) => {
                    parsed.diagnostics.push(Diagnostic::error(format!("invalid JSON: {e}")).at(line_of(text, start)));
                    let failed_at = (offset + stream.byte_offset()).min(text.len());
                    match text[failed_at..].find("\n{") {
                        Some(next) => {
                            offset = failed_at + next + 1;
                            continue 'restart;
                        }
                        None => return,
                    }
                }
            };
            push(parsed, outcome, || line_of(text, start));
        }
    }
}

fn push(parsed: &mut Parsed, outcome: Result<Study, String>, locator: impl FnOnce() -> String) {
    match outcome {
        Ok(study) => parsed.records.push(study),
        Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(locator())),
    }
}

fn line_of(text: &str, offset: usize) -> String {
    let skipped = text[offset.min(text.len())..].len() - text[offset.min(text.len())..].trim_start().len();
    format!("line {}", text.as_bytes()[..offset + skipped].iter().filter(|&&b| b == b'\n').count() + 1)
}

/// Reads one study object. The fast path deserializes straight into the model; only a
/// record with a bad value takes the slow path that finds and drops the bad values.
pub(crate) fn read_study(raw: &str) -> Result<Study, String> {
    match serde_json::from_str::<Study>(raw) {
        Ok(study) => checked(study),
        Err(e) if e.is_data() => checked(repair(raw)?),
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// A study object must hold at least one of the Study sections; then its
/// registrySection is completed.
fn checked(mut study: Study) -> Result<Study, String> {
    if study.protocol_section.is_none()
        && study.results_section.is_none()
        && study.derived_section.is_none()
        && study.document_section.is_none()
        && study.annotation_section.is_none()
        && study.registry_section.is_none()
    {
        let keys: Vec<&str> = study.extra.keys().map(String::as_str).take(5).collect();
        return Err(format!("expected a study object with protocolSection, found keys {keys:?}"));
    }
    finish(&mut study, SourceFormat::CtgovJson);
    Ok(study)
}

/// Drops each value that does not fit the model, one at a time, with a warning.
fn repair(raw: &str) -> Result<Study, String> {
    let mut value: serde_json::Value = serde_json::from_str(raw).map_err(|e| format!("invalid JSON: {e}"))?;
    if !value.is_object() {
        return Err(format!("expected a study object, found {}", super::json::kind(&value)));
    }
    let mut warnings = Vec::new();
    for _ in 0..MAX_REPAIRS {
        match serde_path_to_error::deserialize::<_, Study>(&value) {
            Ok(mut study) => {
                let section = study.registry_section.get_or_insert_with(Default::default);
                section.warnings.extend(warnings);
                return Ok(study);
            }
            Err(e) => {
                let path = e.path().clone();
                let message = e.into_inner().to_string();
                if !remove_at(&mut value, &path) {
                    return Err(format!("{path}: {message}"));
                }
                warnings.push(Warning::new(path.to_string(), format!("{message}; the value was left out")));
            }
        }
    }
    Err(format!("more than {MAX_REPAIRS} values do not fit the study model"))
}

fn remove_at(value: &mut serde_json::Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else { return false };
    let mut node = value;
    for segment in parents {
        node = match (segment, node) {
            (Segment::Map { key }, serde_json::Value::Object(map)) => match map.get_mut(key) {
                Some(next) => next,
                None => return false,
            },
            (Segment::Seq { index }, serde_json::Value::Array(items)) => match items.get_mut(*index) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Segment::Map { key }, serde_json::Value::Object(map)) => map.remove(key).is_some(),
        (Segment::Seq { index }, serde_json::Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(parsed: &Parsed) -> Vec<String> {
        parsed.records.iter().map(|s| s.registry_section.as_ref().unwrap().registry_id.clone().unwrap()).collect()
    }

    const A: &str = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT00000001"}}}"#;
    const B: &str = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT00000002"}}}"#;

    #[test]
    fn reads_every_shape() {
        assert_eq!(ids(&parse(A.as_bytes())), ["NCT00000001"]);
        assert_eq!(ids(&parse(format!("[{A},{B}]").as_bytes())), ["NCT00000001", "NCT00000002"]);
        assert_eq!(
            ids(&parse(format!(r#"{{"studies":[{A},{B}],"nextPageToken":"abc"}}"#).as_bytes())),
            ["NCT00000001", "NCT00000002"]
        );
        assert_eq!(ids(&parse(format!("{A}\n{B}\n").as_bytes())), ["NCT00000001", "NCT00000002"]);
    }

    #[test]
    fn a_broken_ndjson_line_costs_only_that_line() {
        let parsed = parse(format!("{A}\n{{\"protocolSection\": {{\n{B}\n").as_bytes());
        assert_eq!(ids(&parsed), ["NCT00000001", "NCT00000002"]);
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("line 2: invalid JSON"), "{errors:?}");
    }

    #[test]
    fn a_bad_value_is_dropped_with_a_warning_and_the_rest_kept() {
        let raw = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT00000001","briefTitle":"T"},
            "statusModule":{"overallStatus":"RECRUITING","startDateStruct":{"date":"soon"}}}}"#;
        let parsed = parse(raw.as_bytes());
        let study = &parsed.records[0];
        let protocol = study.protocol_section.as_ref().unwrap();
        assert_eq!(protocol.identification_module.as_ref().unwrap().brief_title.as_deref(), Some("T"));
        let status = protocol.status_module.as_ref().unwrap();
        assert_eq!(status.overall_status, Some(trialdex_model::Status::Recruiting));
        assert_eq!(status.start_date_struct.as_ref().unwrap().date, None);
        let warning = &study.registry_section.as_ref().unwrap().warnings[0];
        assert_eq!(warning.field.as_deref(), Some("protocolSection.statusModule.startDateStruct.date"));
        assert!(warning.message.as_deref().unwrap().contains("found \"soon\""));
    }

    #[test]
    fn truncated_json_is_an_error_not_a_panic() {
        let parsed = parse(&A.as_bytes()[..A.len() - 3]);
        assert!(parsed.records.is_empty());
        assert!(parsed.errors().next().unwrap().message.contains("EOF"));
    }

    #[test]
    fn a_record_without_id_gets_a_stable_local_id() {
        let raw = r#"{"protocolSection":{"conditionsModule":{"conditions":["Asthma"]}}}"#;
        let first = ids(&parse(raw.as_bytes()));
        assert!(first[0].starts_with("LOCAL-"), "{first:?}");
        assert_eq!(first, ids(&parse(raw.as_bytes())));
    }
}
