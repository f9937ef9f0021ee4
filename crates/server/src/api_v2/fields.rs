//! `fields=`: the parts of each record a response keeps. A name is a piece
//! (`NCTId`, `LocationCity`), a section, module or field by its JSON key in any case
//! (`ProtocolSection`, `ConditionsModule`, `Reference` for `references`), a dotted
//! path (`protocolSection.designModule.phases`), a search area (`ConditionSearch`:
//! its pieces) or `@query` (the pieces of the areas the request searched).

use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::LazyLock;
use trialdex_index::areas::area;

use trialdex_model::pieces::{PIECES, piece};

use crate::ApiError;

/// What to keep: whole paths from the record's root, and keys kept wherever they appear.
#[derive(Debug, Default)]
pub struct Selection {
    paths: Vec<Vec<String>>,
    /// Folded keys (lower case): `ConditionsModule` keeps `conditionsModule`.
    keys: Vec<String>,
}

impl Selection {
    pub fn new(names: &[String], queried_areas: &[String]) -> Result<Selection, ApiError> {
        let mut selection = Selection::default();
        for name in names {
            if name == "@query" {
                queried_areas.iter().filter_map(|param| area(param)).for_each(|a| selection.add_area(a.pieces));
            } else if name.contains('.') {
                selection.paths.push(name.split('.').map(str::to_owned).collect());
            } else if let Some(piece) = piece(name) {
                selection.paths.push(piece.path.split('.').map(str::to_owned).collect());
            } else if let Some(found) = area(name).filter(|a| a.name.eq_ignore_ascii_case(name)) {
                selection.add_area(found.pieces);
            } else if is_known_key(name) {
                selection.keys.push(name.to_ascii_lowercase());
            } else {
                return Err(ApiError::bad_request(format!(
                    "fields: unknown field {name:?}; give a piece name (see /studies/metadata), a module or field name, a dotted path, or an area name"
                )));
            }
        }
        Ok(selection)
    }

    /// True when nothing was selected (`@query` without a query).
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.keys.is_empty()
    }

    fn add_area(&mut self, pieces: &[(&str, f32)]) {
        for (name, _) in pieces {
            if let Some(piece) = piece(name) {
                self.paths.push(piece.path.split('.').map(str::to_owned).collect());
            }
        }
    }

    /// The parts of `record` the selection names; None when it names none of them.
    pub fn apply(&self, record: &Value) -> Option<Value> {
        let paths: Vec<&[String]> = self.paths.iter().map(Vec::as_slice).collect();
        keep(record, &paths, &self.keys)
    }
}

/// Property names of CT.gov's data model (from its OpenAPI document, read at build
/// time), and the path segments of the pieces trialdex knows.
static KNOWN_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let from_spec = include_str!(concat!(env!("OUT_DIR"), "/ctgov-field-keys.txt")).lines();
    let from_pieces = PIECES.iter().flat_map(|p| p.path.split('.'));
    from_spec.chain(from_pieces).map(str::to_ascii_lowercase).collect()
});

/// A name that is a key of a record (any case; CT.gov's singular for a list: Reference).
fn is_known_key(name: &str) -> bool {
    let folded = name.to_ascii_lowercase();
    name.chars().all(|c| c.is_ascii_alphanumeric())
        && (KNOWN_KEYS.contains(&folded) || KNOWN_KEYS.contains(&format!("{folded}s")))
}

/// `paths` are relative to `node`; an empty path keeps the whole node.
fn keep(node: &Value, paths: &[&[String]], keys: &[String]) -> Option<Value> {
    if paths.iter().any(|p| p.is_empty()) {
        return Some(node.clone());
    }
    match node {
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(|item| keep(item, paths, keys)).collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        Value::Object(map) => {
            let mut kept = Map::new();
            for (key, value) in map {
                let folded = key.to_ascii_lowercase();
                // CT.gov's names are singular where the key is a list: Reference → references.
                if keys.iter().any(|k| *k == folded || format!("{k}s") == folded) {
                    kept.insert(key.clone(), value.clone());
                    continue;
                }
                let below: Vec<&[String]> =
                    paths.iter().filter(|p| p[0].eq_ignore_ascii_case(key)).map(|p| &p[1..]).collect();
                if below.is_empty() && keys.is_empty() {
                    continue;
                }
                if let Some(value) = keep(value, &below, keys) {
                    kept.insert(key.clone(), value);
                }
            }
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn select(names: &[&str], record: &Value) -> Value {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        Selection::new(&names, &[]).unwrap().apply(record).unwrap_or(Value::Null)
    }

    #[test]
    fn pieces_modules_paths_and_keys_select_their_parts() {
        let record = json!({
            "protocolSection": {
                "identificationModule": {"nctId": "NCT00000001", "briefTitle": "T"},
                "conditionsModule": {"conditions": ["A"], "keywords": ["k"]},
                "contactsLocationsModule": {"locations": [{"city": "Wuhan", "country": "China"}]},
                "referencesModule": {"references": [{"pmid": "1"}]}
            },
            "hasResults": false
        });
        assert_eq!(
            select(&["NCTId", "HasResults"], &record),
            json!({"protocolSection": {"identificationModule": {"nctId": "NCT00000001"}}, "hasResults": false})
        );
        assert_eq!(
            select(&["ConditionsModule"], &record),
            json!({"protocolSection": {"conditionsModule": {"conditions": ["A"], "keywords": ["k"]}}})
        );
        assert_eq!(
            select(&["LocationCity"], &record),
            json!({"protocolSection": {"contactsLocationsModule": {"locations": [{"city": "Wuhan"}]}}})
        );
        assert_eq!(
            select(&["protocolSection.conditionsModule.keywords"], &record),
            json!({"protocolSection": {"conditionsModule": {"keywords": ["k"]}}})
        );
        assert_eq!(
            select(&["Reference"], &record),
            json!({"protocolSection": {"referencesModule": {"references": [{"pmid": "1"}]}}})
        );
    }

    #[test]
    fn a_name_that_is_no_field_is_refused() {
        assert!(Selection::new(&["Brief Title!".to_owned()], &[]).is_err());
        assert!(Selection::new(&["Foo".to_owned()], &[]).is_err());
    }
}
