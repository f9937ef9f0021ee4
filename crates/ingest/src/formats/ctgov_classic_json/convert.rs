//! Classic JSON → v2 JSON, one object at a time, driven by the field table.
//!
//! The result is v2-shaped JSON whose values already fit the model (dates in ISO form,
//! counts as numbers, enum labels as wire spellings), so turning it into a `Study`
//! cannot fail on a value. What does not fit is kept under its classic name in the
//! nearest v2 object (the model keeps unknown keys in `extra`) with a warning.

use std::borrow::Cow;

use serde_json::{Map, Value};
use trialdex_model::macros::fold_label;
use trialdex_model::{PartialDate, Warning};

use super::fields::{Field, Kind, field_in};
use crate::formats::json::kind;

/// Converts classic objects, collecting warnings about what did not fit.
#[derive(Default)]
pub(super) struct Converter {
    pub warnings: Vec<Warning>,
}

impl Converter {
    /// Converts the classic object called `name` whose v2 form lives at `path`.
    pub fn object(&mut self, name: &str, classic: &Map<String, Value>, path: &str) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in classic {
            match field_in(name, key) {
                Some(field) => self.field(field, value, path, &mut out),
                None => {
                    self.warn(
                        join(path, key),
                        format!("{key} is no field the classic API lists in {name}; kept as it came"),
                    );
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        out
    }

    fn field(&mut self, field: &Field, value: &Value, path: &str, out: &mut Map<String, Value>) {
        if value.is_null() {
            return;
        }
        let here = join(path, field.v2);
        match field.kind {
            Kind::Keep => {
                out.insert(field.classic.to_owned(), value.clone());
            }
            Kind::Object => match value {
                Value::Object(map) => {
                    let converted = self.object(field.classic, map, &here);
                    put(out, field.v2, Value::Object(converted));
                }
                other => {
                    self.keep_as_is(field, other, &here, format!("expected an object, found {}", kind(other)), out)
                }
            },
            Kind::List => {
                let items = self.list(field, value, &here, out);
                if !items.is_empty() {
                    put(out, field.v2, Value::Array(items));
                }
            }
            Kind::FirstOf => {
                let mut items = self.list(field, value, &here, out).into_iter();
                if let Some(first) = items.next() {
                    put(out, field.v2, first);
                }
                if items.next().is_some() {
                    let reason = "holds several values where v2 has room for one; the first is used".to_owned();
                    self.keep_as_is(field, value, &here, reason, out);
                }
            }
            _ => match self.value(field, value, &here) {
                Ok(Some(converted)) => put(out, field.v2, converted),
                Ok(None) => {}
                Err(reason) => self.keep_as_is(field, value, &here, reason, out),
            },
        }
    }

    /// The converted items of `XxxList: {Xxx: [...]}`. Items that cannot be read are
    /// kept under the list's classic name.
    fn list(&mut self, wrapper: &Field, value: &Value, path: &str, out: &mut Map<String, Value>) -> Vec<Value> {
        let Value::Object(map) = value else {
            let reason = format!("expected {{\"{0}\": {{…: [...]}}}}, found {1}", wrapper.classic, kind(value));
            self.keep_as_is(wrapper, value, path, reason, out);
            return Vec::new();
        };
        let mut items = Vec::new();
        let mut unread = Map::new();
        for (key, inner) in map {
            let Some(item) = field_in(wrapper.classic, key) else {
                self.warn(
                    path,
                    format!("{key} is no field the classic API lists in {}; kept as it came", wrapper.classic),
                );
                unread.insert(key.clone(), inner.clone());
                continue;
            };
            let elements = match inner {
                Value::Array(elements) => elements.as_slice(),
                single => std::slice::from_ref(single),
            };
            for element in elements {
                let item_path = format!("{path}[{}]", items.len());
                let converted = match (item.kind, element) {
                    (_, Value::Null) => Ok(None),
                    (Kind::Object, Value::Object(fields)) => {
                        Ok(Some(Value::Object(self.object(item.classic, fields, &item_path))))
                    }
                    (Kind::Object, other) => Err(format!("expected an object, found {}", kind(other))),
                    _ => self.value(item, element, &item_path),
                };
                match converted {
                    Ok(Some(converted)) => items.push(converted),
                    Ok(None) => {}
                    Err(reason) => {
                        self.warn(&item_path, format!("{reason}; kept as it came under {}", wrapper.classic));
                        push_item(&mut unread, key, element.clone());
                    }
                }
            }
        }
        if !unread.is_empty() {
            out.insert(wrapper.classic.to_owned(), Value::Object(unread));
        }
        items
    }

    /// One value in its v2 form; `None` when empty; `Err` (why) when it cannot be read.
    fn value(&mut self, field: &Field, value: &Value, path: &str) -> Result<Option<Value>, String> {
        let text: Cow<str> = match value {
            Value::String(s) => Cow::Borrowed(s),
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::Bool(b) => Cow::Borrowed(if *b { "Yes" } else { "No" }),
            Value::Null => return Ok(None),
            other => return Err(format!("expected text, found {}", kind(other))),
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let converted = match field.kind {
            Kind::Text => Value::String(text.into_owned()),
            Kind::Int => match trimmed.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(format!("expected a whole number, found {trimmed:?}")),
            },
            Kind::Bool => match fold_label(trimmed).as_str() {
                "yes" | "true" | "acceptshealthyvolunteers" => Value::Bool(true),
                "no" | "false" => Value::Bool(false),
                _ => return Err(format!("expected Yes or No, found {trimmed:?}")),
            },
            Kind::Date => match PartialDate::parse(trimmed) {
                Ok(date) => Value::String(date.to_string()),
                Err(e) => return Err(e.to_string()),
            },
            Kind::DateTime => match us_date_time(trimmed) {
                Some(iso) => Value::String(iso),
                None => {
                    return Err(format!("expected a date and time like 11/04/2022 09:17, found {trimmed:?}"));
                }
            },
            Kind::Enum(name, label) => match label(trimmed) {
                Some(wire) => Value::String(wire),
                None => {
                    self.warn(path, format!("{trimmed:?} is no CT.gov {name} value; kept as it came"));
                    Value::String(trimmed.to_owned())
                }
            },
            Kind::Object | Kind::List | Kind::FirstOf | Kind::Keep => {
                return Err(format!("expected {}, found text", field.classic));
            }
        };
        Ok(Some(converted))
    }

    /// Keeps a value that has no readable v2 form under its classic name, and says why.
    fn keep_as_is(&mut self, field: &Field, value: &Value, path: &str, reason: String, out: &mut Map<String, Value>) {
        self.warn(path, format!("{reason}; kept as it came under {}", field.classic));
        out.insert(field.classic.to_owned(), value.clone());
    }

    fn warn(&mut self, path: impl Into<String>, message: String) {
        self.warnings.push(Warning::new(path, message));
    }
}

/// `path.key`, or `key` at the root; a key with dots nests.
pub(super) fn join(path: &str, key: &str) -> String {
    match (path.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (_, true) => path.to_owned(),
        _ => format!("{path}.{key}"),
    }
}

/// Inserts `value` at `key`, creating the objects a dotted key names.
fn put(out: &mut Map<String, Value>, key: &str, value: Value) {
    match key.split_once('.') {
        Some((head, rest)) => {
            let inner = out.entry(head).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                put(inner, rest, value);
            }
        }
        None => {
            out.insert(key.to_owned(), value);
        }
    }
}

fn push_item(unread: &mut Map<String, Value>, key: &str, item: Value) {
    let slot = unread.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = slot {
        items.push(item);
    }
}

/// "11/04/2022 09:17" (month first, as the classic API writes upload times) →
/// "2022-11-04T09:17", v2's form.
fn us_date_time(s: &str) -> Option<String> {
    let (date, time) = s.split_once(' ')?;
    let mut parts = date.split('/');
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let year: u16 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let date = PartialDate::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()?;
    let (hour, minute) = time.trim().split_once(':')?;
    let (hour, minute): (u8, u8) = (hour.parse().ok()?, minute.parse().ok()?);
    (hour < 24 && minute < 60).then(|| format!("{date}T{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn convert(classic: Value) -> (Value, Vec<String>) {
        let mut converter = Converter::default();
        let Value::Object(map) = classic else { panic!("an object") };
        let out = converter.object(super::super::fields::STUDY, &map, "");
        let warnings = converter
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.field.as_deref().unwrap_or(""), w.message.as_deref().unwrap_or("")))
            .collect();
        (Value::Object(out), warnings)
    }

    #[test]
    fn fields_move_to_their_v2_homes_with_v2_values() {
        let (v2, warnings) = convert(json!({"ProtocolSection": {
            "StatusModule": {"OverallStatus": "Not yet recruiting", "StartDateStruct": {"StartDate": "March 4, 2021", "StartDateType": "Anticipated"}},
            "DesignModule": {"PhaseList": {"Phase": ["Phase 1", "Phase 2"]}, "EnrollmentInfo": {"EnrollmentCount": "168"},
                "DesignInfo": {"DesignObservationalModelList": {"DesignObservationalModel": ["Case-Control"]}}},
            "EligibilityModule": {"HealthyVolunteers": "Accepts Healthy Volunteers", "Gender": "Female"}},
            "ResultsSection": {"MoreInfoModule": {"LimitationsAndCaveatsDescription": "Small sample."}}}));
        assert_eq!(
            v2,
            json!({"protocolSection": {
            "statusModule": {"overallStatus": "NOT_YET_RECRUITING", "startDateStruct": {"date": "2021-03-04", "type": "ESTIMATED"}},
            "designModule": {"phases": ["PHASE1", "PHASE2"], "enrollmentInfo": {"count": 168},
                "designInfo": {"observationalModel": "CASE_CONTROL"}},
            "eligibilityModule": {"healthyVolunteers": true, "sex": "FEMALE"}},
            "resultsSection": {"moreInfoModule": {"limitationsAndCaveats": {"description": "Small sample."}}}})
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn what_does_not_fit_is_kept_under_its_classic_name_with_a_warning() {
        let (v2, warnings) = convert(json!({"ProtocolSection": {
            "StatusModule": {"OverallStatus": "Sort of recruiting", "StatusVerifiedDate": "soon", "NewThing": 1},
            "DesignModule": {"EnrollmentInfo": {"EnrollmentCount": "about 20"}}}}));
        assert_eq!(
            v2,
            json!({"protocolSection": {
            "statusModule": {"overallStatus": "Sort of recruiting", "StatusVerifiedDate": "soon", "NewThing": 1},
            "designModule": {"enrollmentInfo": {"EnrollmentCount": "about 20"}}}})
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings.iter().any(|w| w.starts_with(
            "protocolSection.statusModule.overallStatus: \"Sort of recruiting\" is no CT.gov Status value"
        )));
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("protocolSection.designModule.enrollmentInfo.count: expected a whole number"))
        );
    }

    #[test]
    fn upload_times_are_month_first() {
        assert_eq!(us_date_time("11/04/2022 09:17").as_deref(), Some("2022-11-04T09:17"));
        assert_eq!(us_date_time("13/04/2022 09:17"), None);
        assert_eq!(us_date_time("11/04/2022"), None);
    }
}
