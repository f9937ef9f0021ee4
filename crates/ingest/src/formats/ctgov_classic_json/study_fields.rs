//! `StudyFieldsResponse`: the classic API's `study_fields` endpoint gives, per study,
//! only the fields asked for, each as a flat list of values under its classic name
//! (`{"Rank": 1, "NCTId": ["NCT…"], "Condition": ["Asthma", "COPD"]}`).
//!
//! Each entry is rebuilt as a classic record (the table knows where every field sits)
//! and converted like a full record. A field inside a repeated group (`LocationCity`
//! of each `Location`) comes as one list for all groups, with nothing saying which value
//! belongs to which group; it is kept as listed in the nearest v2 object, with a warning.

use serde_json::{Map, Value};
use trialdex_model::{SourceFormat, Study, Warning};

use super::convert::{Converter, join};
use super::fields::{Field, Kind, STUDY, field_named};
use super::{entries, into_study};
use crate::formats::json::kind;
use crate::{Diagnostic, Parsed, finish::finish};

pub(super) fn read(response: &Value, parsed: &mut Parsed) {
    let Some(studies) = entries(response, "StudyFields", parsed) else {
        return;
    };
    let asked_for: Vec<&str> = match response.get("FieldList") {
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for (i, entry) in studies.iter().enumerate() {
        match read_entry(entry, &asked_for) {
            Ok(study) => parsed.records.push(study),
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(format!("StudyFields[{i}]"))),
        }
    }
}

/// A field's values that have no single place in the rebuilt record: the v2 object
/// they are kept in, and why.
struct Unplaced {
    v2_path: Vec<&'static str>,
    name: String,
    values: Value,
    reason: String,
}

fn read_entry(entry: &Value, asked_for: &[&str]) -> Result<Study, String> {
    let Value::Object(entry) = entry else {
        return Err(format!("expected a study's fields as an object, found {}", kind(entry)));
    };
    let mut classic = Map::new();
    let mut unplaced = Vec::new();
    for (name, values) in entry.iter().filter(|(name, _)| name.as_str() != "Rank") {
        let values = match values {
            Value::Array(values) => values.clone(),
            Value::Null => Vec::new(),
            single => vec![single.clone()],
        };
        if values.is_empty() {
            continue;
        }
        match field_named(name) {
            Some(field) => place(field, values, &mut classic, &mut unplaced),
            None => unplaced.push(Unplaced {
                v2_path: Vec::new(),
                name: name.clone(),
                values: Value::Array(values),
                reason: "is no field of the classic API".into(),
            }),
        }
    }
    let mut converter = Converter::default();
    let mut v2 = converter.object(STUDY, &classic, "");
    for field in unplaced {
        let at = field.v2_path.join(".");
        let message = format!("{} {}; kept as listed under {}", field.name, field.reason, join(&at, &field.name));
        converter.warnings.push(Warning::new(at, message));
        insert_at(&mut v2, &field.v2_path, field.name, field.values);
    }
    let names: Vec<&str> = if asked_for.is_empty() {
        entry.keys().map(String::as_str).filter(|name| *name != "Rank").collect()
    } else {
        asked_for.to_vec()
    };
    let message = format!(
        "read from a study_fields response, which holds only the fields asked for ({}); the rest of the record is not in the source",
        names.join(", ")
    );
    converter.warnings.push(Warning::new("protocolSection", message));
    let mut study = into_study(v2, converter.warnings)?;
    finish(&mut study, SourceFormat::CtgovClassicJson);
    Ok(study)
}

/// Puts one field's values where a full classic record would hold them, or records
/// why they have no single place.
fn place(field: &'static Field, values: Vec<Value>, classic: &mut Map<String, Value>, unplaced: &mut Vec<Unplaced>) {
    let chain = ancestors(field);
    let in_list = |f: &Field| field_named(f.parent).is_some_and(|p| matches!(p.kind, Kind::List | Kind::FirstOf));
    // The first object that repeats (an item of a list) above the field.
    let repeated = chain.iter().position(|f| matches!(f.kind, Kind::Object) && in_list(f));
    let reason = match repeated {
        Some(at) => format!(
            "values belong to separate {} entries, which a study_fields response does not pair up",
            chain[at].classic
        ),
        None if !matches!(field.kind, Kind::Object | Kind::List | Kind::FirstOf) => {
            let leaf = if in_list(field) {
                Some(Value::Array(values.clone()))
            } else if values.len() == 1 {
                values.first().cloned()
            } else {
                None
            };
            if let (Some(leaf), Some(node)) = (leaf, object_at(classic, &chain)) {
                node.insert(field.classic.to_owned(), leaf);
                return;
            }
            format!("holds {} values where the record has room for one", values.len())
        }
        None => "is a group of fields, not a value".to_owned(),
    };
    // Kept in the nearest v2 object above any repeated group (and above list wrappers).
    let kept_in = chain[..repeated.unwrap_or(chain.len())]
        .iter()
        .take_while(|f| matches!(f.kind, Kind::Object))
        .flat_map(|f| f.v2.split('.'))
        .collect();
    unplaced.push(Unplaced { v2_path: kept_in, name: field.classic.to_owned(), values: Value::Array(values), reason });
}

/// The classic objects and lists above `field`, outermost first (`ProtocolSection`, …).
fn ancestors(field: &'static Field) -> Vec<&'static Field> {
    let mut chain = Vec::new();
    let mut parent = field.parent;
    // Bounded by the table's depth; the bound guards against a cycle in a bad table.
    while parent != STUDY && chain.len() < 16 {
        let Some(up) = field_named(parent) else { break };
        chain.push(up);
        parent = up.parent;
    }
    chain.reverse();
    chain
}

/// The classic object the chain names, created as needed.
fn object_at<'a>(root: &'a mut Map<String, Value>, chain: &[&Field]) -> Option<&'a mut Map<String, Value>> {
    let mut node = root;
    for field in chain {
        node = node.entry(field.classic).or_insert_with(|| Value::Object(Map::new())).as_object_mut()?;
    }
    Some(node)
}

/// Inserts `value` under `name` in the v2 object at `path`, creating objects as needed;
/// at the root when the path is taken by something that is not an object.
fn insert_at(v2: &mut Map<String, Value>, path: &[&str], name: String, value: Value) {
    let mut node = &mut *v2;
    for key in path {
        let next = node.entry(*key).or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(map) => node = map,
            _ => {
                v2.insert(name, value);
                return;
            }
        }
    }
    node.insert(name, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_one(fields: Value) -> Study {
        let response = json!({"FieldList": [], "StudyFields": [fields]});
        let mut parsed = Parsed::default();
        read(&response, &mut parsed);
        assert!(parsed.errors().next().is_none(), "{:?}", parsed.diagnostics);
        parsed.records.remove(0)
    }

    #[test]
    fn fields_go_where_a_full_record_holds_them() {
        let study = read_one(json!({"Rank": 1, "NCTId": ["NCT01234567"], "Condition": ["Asthma", "COPD"],
            "Phase": ["Phase 2", "Phase 3"], "StartDate": ["March 2020"], "EnrollmentCount": ["40"]}));
        let v2 = serde_json::to_value(&study).unwrap();
        let protocol = &v2["protocolSection"];
        assert_eq!(protocol["identificationModule"]["nctId"], "NCT01234567");
        assert_eq!(protocol["conditionsModule"]["conditions"], json!(["Asthma", "COPD"]));
        assert_eq!(protocol["designModule"]["phases"], json!(["PHASE2", "PHASE3"]));
        assert_eq!(protocol["statusModule"]["startDateStruct"], json!({"date": "2020-03"}));
        assert_eq!(protocol["designModule"]["enrollmentInfo"]["count"], 40);
    }

    #[test]
    fn fields_of_repeated_groups_are_kept_as_listed_with_a_warning() {
        let study = read_one(json!({"NCTId": ["NCT01234567"], "LocationCity": ["Leuven", "Paris"], "Nonsense": ["x"]}));
        let v2 = serde_json::to_value(&study).unwrap();
        assert_eq!(v2["protocolSection"]["contactsLocationsModule"]["LocationCity"], json!(["Leuven", "Paris"]));
        assert_eq!(v2["Nonsense"], json!(["x"]));
        let warnings = &study.registry_section.as_ref().unwrap().warnings;
        let messages: Vec<&str> = warnings.iter().filter_map(|w| w.message.as_deref()).collect();
        assert!(messages.contains(&"LocationCity values belong to separate Location entries, which a study_fields response does not pair up; kept as listed under protocolSection.contactsLocationsModule.LocationCity"), "{messages:?}");
        assert!(
            messages.contains(&"Nonsense is no field of the classic API; kept as listed under Nonsense"),
            "{messages:?}"
        );
    }
}
