//! The WHO trial registration data set as JSON, as TCTR publishes it: one trial
//! object (`{"main": {"trial_id": …}, "contacts": […], …}`) or an array of them. The
//! mapping is shared with the XML form (`who_trds/`).

use serde_json::Value;
use trialdex_model::SourceFormat;

use super::json;
use super::who_trds::{Node, trial_to_study};
use crate::{Diagnostic, Parsed};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(trials) = json::records(bytes, "a WHO data set trial", &mut parsed) else { return parsed };
    for (i, trial) in trials.iter().enumerate() {
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
