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
    let chunks = match tree::record_chunks(&text, "Trial") {
        Ok(chunks) => chunks,
        Err(refusal) => {
            parsed.diagnostics.push(Diagnostic::error(refusal));
            return parsed;
        }
    };
    if !text.contains(ROOT) || chunks.is_empty() {
        parsed.diagnostics.push(Diagnostic::error(format!(
            "expected {ROOT}> holding <Trial> elements (WHO ICTRP export), found {}",
            if text.contains(ROOT) { "no <Trial>" } else { "another document" }
        )));
        return parsed;
    }
    for (index, chunk) in chunks.iter().enumerate() {
        let locator = |raw: Option<String>| raw.unwrap_or_else(|| format!("Trial[{index}]"));
        match read_trial(chunk) {
            Ok(raw) => {
                let at = locator(raw.trial_id());
                match to_study(raw, SourceFormat::IctrpXml) {
                    Ok(study) => parsed.records.push(study),
                    Err(e) => parsed.diagnostics.push(Diagnostic::error(e).at(at)),
                }
            }
            Err(e) => parsed.diagnostics.push(Diagnostic::error(e).at(locator(tree::text_by_search(chunk, "TrialID")))),
        }
    }
    parsed
}

/// One `<Trial>…</Trial>`.
fn read_trial(chunk: &str) -> Result<RawTrial, String> {
    if !chunk.ends_with("</Trial>") {
        return Err("the <Trial> is not closed before the next one starts".into());
    }
    let doc = tree::read(chunk);
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
