//! WHO ICTRP export XML: `<Trials_downloaded_from_ICTRP>` holding one `<Trial>` per
//! trial, each field a child element. The mapping is shared with the CSV reader
//! (`ictrp/`).
//!
//! Each `<Trial>` is cut out and read on its own, so one malformed trial costs only
//! that trial: the XML reader would otherwise stop at the first error.

use trialdex_model::SourceFormat;

use super::ctgov_xml::tree;
use super::ictrp::{RawTrial, to_study};
use crate::{Diagnostic, Parsed, decode::decode};

const ROOT: &str = "<Trials_downloaded_from_ICTRP";

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let starts = trial_starts(&text);
    let prolog = &text[..starts.first().copied().unwrap_or(text.len())];
    if prolog.contains("<!ENTITY") {
        parsed.diagnostics.push(Diagnostic::error(
            "the DOCTYPE declares entities; trialdex does not expand DTD entities (an entity bomb looks like this)",
        ));
        return parsed;
    }
    if !prolog.contains(ROOT) || starts.is_empty() {
        parsed.diagnostics.push(Diagnostic::error(format!(
            "expected {ROOT}> holding <Trial> elements (WHO ICTRP export), found {}",
            if prolog.contains(ROOT) { "no <Trial>" } else { "another document" }
        )));
        return parsed;
    }
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        let locator = |raw: Option<String>| raw.unwrap_or_else(|| format!("Trial[{index}]"));
        match read_trial(chunk) {
            Ok(raw) => {
                let at = locator(raw.trial_id());
                match to_study(raw, SourceFormat::IctrpXml) {
                    Ok(study) => parsed.records.push(study),
                    Err(e) => parsed.diagnostics.push(Diagnostic::error(e).at(at)),
                }
            }
            Err(e) => parsed.diagnostics.push(Diagnostic::error(e).at(locator(trial_id_by_search(chunk)))),
        }
    }
    parsed
}

/// Byte offsets of every `<Trial>` start tag. Text cannot hold a literal "<", so every
/// match is a tag.
fn trial_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("<Trial")) {
        let at = from + found;
        from = at + "<Trial".len();
        if text[from..].starts_with(['>', ' ', '\t', '\r', '\n']) {
            starts.push(at);
        }
    }
    starts
}

/// One `<Trial>…</Trial>` (plus whatever follows it up to the next trial).
fn read_trial(chunk: &str) -> Result<RawTrial, String> {
    let close = chunk.rfind("</Trial>").ok_or("the <Trial> is not closed before the next one starts")?;
    let doc = tree::read(&chunk[..close + "</Trial>".len()]);
    if let Some(error) = doc.error {
        return Err(error);
    }
    let trial = doc.roots.first().ok_or("the <Trial> holds no XML")?;
    let mut raw = RawTrial::default();
    for field in &trial.children {
        raw.push(&field.name, field.text.clone());
    }
    Ok(raw)
}

/// The TrialID of a trial that is not well-formed XML, for the diagnostic.
fn trial_id_by_search(chunk: &str) -> Option<String> {
    let start = chunk.find("<TrialID>")? + "<TrialID>".len();
    let end = start + chunk[start..].find('<')?;
    Some(chunk[start..end].trim().to_owned()).filter(|id| !id.is_empty() && id.len() < 80)
}
