//! What the JSON readers share: reading an input that holds one record object or an
//! array of them, and naming a JSON value's kind in error messages.

use serde_json::Value;

use crate::{Diagnostic, Parsed, decode::decode};

/// The record values of a JSON input holding one record or an array of records.
/// `None`, with the error in `parsed`, when the input is not JSON; `what` names the
/// expected record ("a CRIS record") for that message.
pub(crate) fn records(bytes: &[u8], what: &str, parsed: &mut Parsed) -> Option<Vec<Value>> {
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(Value::Array(items)) => Some(items),
        Ok(other) => Some(vec![other]),
        Err(e) => {
            parsed.diagnostics.push(Diagnostic::error(format!("expected {what} JSON object, found invalid JSON: {e}")));
            None
        }
    }
}

/// "a string", "an object", … for messages that say what was found.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
