//! CRIS JSON: one record object (`cris_registration_number`, …), or an array of them.
//! The mapping is shared with the record page (`cris/`).

use serde_json::Value;
use trialdex_model::SourceFormat;

use super::cris::to_study;
use super::json;
use crate::{Diagnostic, Parsed};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(records) = json::records(bytes, "a CRIS record", &mut parsed) else { return parsed };
    for (i, record) in records.into_iter().enumerate() {
        let at = record
            .get("cris_registration_number")
            .and_then(Value::as_str)
            .map_or_else(|| format!("records[{i}]"), |id| id.trim().to_owned());
        let Value::Object(fields) = record else {
            parsed
                .diagnostics
                .push(Diagnostic::error("expected a CRIS record object, found another JSON value").at(at));
            continue;
        };
        match to_study(fields, SourceFormat::CrisJson) {
            Ok(study) => parsed.records.push(study),
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(at)),
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_or_idless_records_are_errors() {
        assert_eq!(parse(b"{\"cris_registration_number\": ").errors().count(), 1);
        let parsed = parse(br#"[{"acronym": "x"}, {"cris_registration_number": "KCT0000001"}, 3]"#);
        assert_eq!((parsed.records.len(), parsed.errors().count()), (1, 2));
    }
}
