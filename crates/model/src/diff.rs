//! Field-level difference between two versions of a record, for `history` and `diff`.

use serde::Serialize;
use serde_json::Value;

/// One field that differs: its dotted path and the value before and after
/// (`None` when the field is absent on that side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every field that differs between `before` and `after`. Objects are compared key by
/// key, lists of objects item by item; a list of plain values (conditions, phases) is
/// one field, since a reader compares it as a whole.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", Some(before), Some(after), &mut out);
    out
}

/// The modules a list of changes touches ("protocolSection.statusModule"), in order.
pub fn changed_modules(changes: &[FieldChange]) -> Vec<String> {
    let mut modules: Vec<String> = Vec::new();
    for change in changes {
        let module: String = change.path.split(['.', '[']).take(2).collect::<Vec<_>>().join(".");
        if !modules.contains(&module) {
            modules.push(module);
        }
    }
    modules
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().collect();
            keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                walk(&join(path, key), a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if has_objects(a) || has_objects(b) => {
            for i in 0..a.len().max(b.len()) {
                walk(&format!("{path}[{i}]"), a.get(i), b.get(i), out);
            }
        }
        (a, b) if a != b => out.push(FieldChange { path: path.to_owned(), before: a.cloned(), after: b.cloned() }),
        _ => {}
    }
}

fn has_objects(items: &[Value]) -> bool {
    items.iter().any(|v| v.is_object() || v.is_array())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reports_exactly_the_edited_fields() {
        let a = json!({"protocolSection": {"identificationModule": {"briefTitle": "A", "nctId": "NCT1"},
            "conditionsModule": {"conditions": ["x", "y"]},
            "armsInterventionsModule": {"armGroups": [{"label": "L1"}, {"label": "L2"}]}}});
        let b = json!({"protocolSection": {"identificationModule": {"briefTitle": "B", "nctId": "NCT1"},
            "conditionsModule": {"conditions": ["x"]},
            "armsInterventionsModule": {"armGroups": [{"label": "L1"}]}},
            "hasResults": true});
        let changes = diff(&a, &b);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "protocolSection.identificationModule.briefTitle",
                "protocolSection.conditionsModule.conditions",
                "protocolSection.armsInterventionsModule.armGroups[1]",
                "hasResults"
            ]
        );
        assert_eq!(changes[0].before, Some(json!("A")));
        assert_eq!(changes[3].before, None);
        assert_eq!(
            changed_modules(&changes),
            [
                "protocolSection.identificationModule",
                "protocolSection.conditionsModule",
                "protocolSection.armsInterventionsModule",
                "hasResults"
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }
}
