//! The WHO trial registration data set as JSON, as TCTR publishes it: one trial
//! object (`{"main": {"trial_id": …}, "contacts": […], …}`) or an array of them. The
//! mapping is shared with the XML form (`who_trds/`).

use serde_json::Value;
use trialdex_model::SourceFormat;

use super::who_trds::{Node, trial_to_study};
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(value) => value,
        Err(e) => {
            parsed
                .diagnostics
                .push(Diagnostic::error(format!("expected a JSON trial object, found invalid JSON: {e}")));
            return parsed;
        }
    };
    let trials: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for (i, trial) in trials.into_iter().enumerate() {
        let name = trial
            .pointer("/main/trial_id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map_or_else(|| format!("trials[{i}]"), str::to_owned);
        if !trial.is_object() {
            parsed.diagnostics.push(Diagnostic::error("expected a trial object, found another JSON value").at(name));
            continue;
        }
        match trial_to_study(&Node::from_json("trial", trial), SourceFormat::WhoTrdsJson) {
            Ok(study) => parsed.records.push(study),
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(name)),
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trial_without_main_is_an_error_and_the_rest_go_on() {
        let json = r#"[{"contacts": []}, {"main": {"trial_id": "TCTR20180508003", "public_title": "A"}}]"#;
        let parsed = parse(json.as_bytes());
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.errors().count(), 1);
        assert_eq!(parse(b"{\"main\": ").errors().count(), 1);
    }
}
