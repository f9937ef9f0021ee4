//! Records as the ctrdata R package stores them: one JSON object per record per
//! register, named by its `ctrname` (CTGOV, CTGOV2, EUCTR, CTIS, ISRCTN). Each register
//! keeps its own shape, so each has its own module in `ctrdata/`; ctrdata's query log
//! (`meta-info.json`) holds no trial and reads as none.

use serde_json::{Map, Value};

use super::ctrdata::{ctgov, ctis, euctr, isrctn};
use crate::formats::json::kind;
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            parsed
                .diagnostics
                .push(Diagnostic::error(format!("expected a ctrdata JSON record, found invalid JSON: {e}")));
            return parsed;
        }
    };
    match value {
        Value::Object(object) => read_object(object, None, &mut parsed),
        // A list of records, as a ctrdata export of several records would hold them.
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(object) => read_object(object, Some(format!("[{i}]")), &mut parsed),
                    other => parsed.diagnostics.push(
                        Diagnostic::error(format!("expected a ctrdata record object, found {}", kind(&other)))
                            .at(format!("[{i}]")),
                    ),
                }
            }
        }
        other => parsed
            .diagnostics
            .push(Diagnostic::error(format!("expected a ctrdata record object, found {}", kind(&other)))),
    }
    parsed
}

fn read_object(object: Map<String, Value>, locator: Option<String>, parsed: &mut Parsed) {
    let at = |d: Diagnostic| match &locator {
        Some(l) => d.at(l.clone()),
        None => d,
    };
    let register = object.get("ctrname").and_then(Value::as_str).map(str::to_owned);
    let result = match register.as_deref() {
        Some("CTGOV") => ctgov::read(object),
        Some("CTGOV2") => ctgov::read_v2(object),
        Some("EUCTR") => euctr::read(object).map(|s| (vec![s], Vec::new())),
        Some("CTIS") => ctis::read(object).map(|s| (vec![s], Vec::new())),
        Some("ISRCTN") => isrctn::read(object).map(|s| (vec![s], Vec::new())),
        Some(other) => Err(format!(
            "expected ctrname CTGOV, CTGOV2, EUCTR, CTIS or ISRCTN, found {other:?}: a register this reader does not know"
        )),
        None if object.contains_key("queries") => {
            parsed.diagnostics.push(at(Diagnostic::note(
                "ctrdata's query log (meta-info): it lists the searches that loaded records and holds no trial",
            )));
            return;
        }
        None => Err("expected a ctrdata record with a \"ctrname\" key, found none".to_owned()),
    };
    match result {
        Ok((records, diagnostics)) => {
            parsed.records.extend(records);
            parsed.diagnostics.extend(diagnostics.into_iter().map(at));
        }
        Err(message) => parsed.diagnostics.push(at(Diagnostic::error(message))),
    }
}
