//! The registers ctrdata stores, one module each, and what they share: reading values
//! out of a JSON object so that whatever is not read stays behind to be kept verbatim.

pub(crate) mod ctgov;
pub(crate) mod ctis;
pub(crate) mod euctr;
mod euctr_places;
pub(crate) mod isrctn;

use serde_json::{Map, Value};
use trialdex_model::{PartialDate, Registry, RegistryFields, SourceFormat, Study, Warning};

use crate::finish::finish;

/// ctrdata's own bookkeeping keys, added to every record it stores.
pub(crate) const CTRDATA_KEYS: [&str; 3] = ["ctrname", "record_last_import", "comment"];

/// A record's fields, taken out one by one as they are mapped; what is left at the end
/// was not mapped and is kept as it came.
pub(crate) struct Fields {
    map: Map<String, Value>,
    pub warnings: Vec<Warning>,
}

impl Fields {
    pub fn new(map: Map<String, Value>) -> Self {
        Fields { map, warnings: Vec::new() }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.map.shift_remove(key)
    }

    /// A scalar value on one line. An object or array is left in place (kept verbatim);
    /// an empty value is taken, since it says nothing.
    pub fn text(&mut self, key: &str) -> Option<String> {
        let read = scalar_text(self.map.get(key)?);
        if read.is_some() || is_empty(self.map.get(key)?) {
            self.take(key);
        }
        read
    }

    /// A text block, line breaks kept.
    pub fn block(&mut self, key: &str) -> Option<String> {
        let read = match self.map.get(key)? {
            Value::String(s) => crate::text::non_empty_block(s),
            other => scalar_text(other),
        };
        if read.is_some() || is_empty(self.map.get(key)?) {
            self.take(key);
        }
        read
    }

    /// "Yes"/"No"; anything else stays in place and is warned about.
    pub fn yes_no(&mut self, key: &str, field: &str) -> Option<bool> {
        let value = self.text(key)?;
        match yes_no(&value) {
            Some(answer) => Some(answer),
            None => {
                self.warnings.push(Warning::new(field, format!("{key}: expected Yes or No, found {value:?}; kept")));
                self.map.insert(key.to_owned(), Value::String(value));
                None
            }
        }
    }

    /// A date ("2012-11-28", "2013-07-28T00:00:00+02:00"); an unreadable one stays in
    /// place and is warned about.
    pub fn date(&mut self, key: &str, field: &str) -> Option<PartialDate> {
        let value = self.text(key)?;
        match PartialDate::parse(&value) {
            Ok(date) => Some(date),
            Err(_) => {
                self.warnings.push(Warning::new(field, format!("{key}: expected a date, found {value:?}; kept")));
                self.map.insert(key.to_owned(), Value::String(value));
                None
            }
        }
    }

    /// Puts a value back, to be kept with what was not mapped.
    pub fn put(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }

    /// What was not taken.
    pub fn rest(self) -> (Map<String, Value>, Vec<Warning>) {
        (self.map, self.warnings)
    }
}

/// A string, number or boolean as one line of text; `None` for anything else or blank.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => crate::text::non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `null`, `""`, `{}` and `[]`: ctrdata's ways of writing an empty field.
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

pub(crate) fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// A value at a path of object keys.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// The items of a value that ctrdata writes as one object or as an array of them.
pub(crate) fn items(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// Text at a path, on one line.
pub(crate) fn text_at(value: &Value, path: &[&str]) -> Option<String> {
    at(value, path).and_then(scalar_text)
}

/// The last step for a record of a register other than CT.gov: its registry and id,
/// what was not mapped kept under `registryFields`, then the common `finish`.
pub(crate) fn complete(
    mut study: Study,
    registry: Registry,
    id: Option<String>,
    fields: Fields,
    mut registry_fields: RegistryFields,
) -> Study {
    let (rest, warnings) = fields.rest();
    registry_fields.extra.extend(rest.into_iter().filter(|(_, v)| !is_empty(v)));
    let section = study.registry_section.get_or_insert_with(Default::default);
    section.registry = Some(registry);
    section.registry_id = id;
    section.warnings.extend(warnings);
    if registry_fields != RegistryFields::default() {
        section.registry_fields = Some(registry_fields);
    }
    finish(&mut study, SourceFormat::CtrdataJson);
    study
}
