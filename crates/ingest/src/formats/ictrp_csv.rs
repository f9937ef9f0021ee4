//! WHO ICTRP export CSV: a header row naming the same fields as the XML export, with
//! spaces for underscores ("Date enrollement"), then one row per trial. Quoted fields
//! may span lines (criteria with `<br>`). The mapping is shared with the XML reader.

use trialdex_model::SourceFormat;

use super::ictrp::{RawTrial, to_study};
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Parsed::failed(format!("the CSV header row cannot be read: {e}")),
    };
    if !headers.iter().any(|h| h.trim().eq_ignore_ascii_case("TrialID")) {
        parsed.diagnostics.push(Diagnostic::error("expected a TrialID column (WHO ICTRP export CSV)"));
        return parsed;
    }
    for (index, row) in reader.records().enumerate() {
        // Row 1 is the header; the CSV reader knows the line a multi-line row starts on.
        let line = |row: &csv::StringRecord| {
            row.position().map_or(format!("row {}", index + 2), |p| format!("line {}", p.line()))
        };
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                parsed
                    .diagnostics
                    .push(Diagnostic::error(format!("the row cannot be read: {e}")).at(format!("row {}", index + 2)));
                continue;
            }
        };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if row.len() != headers.len() {
            parsed.diagnostics.push(
                Diagnostic::warning(format!("{} fields where the header names {}", row.len(), headers.len()))
                    .at(line(&row)),
            );
        }
        let mut raw = RawTrial::default();
        for (name, value) in headers.iter().zip(row.iter()) {
            raw.push(name, value.to_owned());
        }
        let at = raw.trial_id().unwrap_or_else(|| line(&row));
        match to_study(raw, SourceFormat::IctrpCsv) {
            Ok(study) => parsed.records.push(study),
            Err(e) => parsed.diagnostics.push(Diagnostic::error(e).at(at)),
        }
    }
    if parsed.records.is_empty() && parsed.errors().next().is_none() {
        parsed.diagnostics.push(Diagnostic::error("the CSV holds a header row and no trials"));
    }
    parsed
}
