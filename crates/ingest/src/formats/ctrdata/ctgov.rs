//! ctrdata's CTGOV records: CT.gov's legacy `<clinical_study>` XML turned into JSON
//! (`@attributes` for attributes, repeated elements as arrays or one object, text
//! blocks as `{"textblock": …}` or plain strings). The JSON is written back as that XML
//! and read by the legacy XML reader, so a study reads the same from either form.
//! ctrdata's CTGOV2 records are plain API v2 studies, read by the v2 reader.

use serde_json::{Map, Value};
use trialdex_model::{SourceFormat, Study, Warning};

use super::{CTRDATA_KEYS, is_empty};
use crate::Diagnostic;
use crate::formats::{ctgov_json, ctgov_xml};

/// Deeper than any CT.gov record; the XML reader refuses deeper trees anyway.
const MAX_DEPTH: usize = 64;

pub(crate) fn read(mut object: Map<String, Value>) -> Result<(Vec<Study>, Vec<Diagnostic>), String> {
    let ctrdata: Map<String, Value> =
        CTRDATA_KEYS.iter().filter_map(|k| object.shift_remove(*k).map(|v| ((*k).to_owned(), v))).collect();
    let mut writer = XmlWriter::default();
    // The search rank is an attribute of the root in the XML; ctrdata may keep it as a key.
    if let Some(rank) = object.shift_remove("rank") {
        let attributes = object.entry("@attributes").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(attributes) = attributes {
            attributes.entry("rank").or_insert(rank);
        }
    }
    writer.element("clinical_study", &Value::Object(object), "", 0);
    let mut parsed = ctgov_xml::parse(writer.xml.as_bytes());
    for study in &mut parsed.records {
        let section = study.registry_section.get_or_insert_with(Default::default);
        section.source_format = Some(SourceFormat::CtrdataJson);
        section.warnings.extend(writer.warnings.iter().cloned());
        let fields = section.registry_fields.get_or_insert_with(Default::default);
        fields.extra.extend(ctrdata.iter().filter(|(_, v)| !is_empty(v)).map(|(k, v)| (k.clone(), v.clone())));
        fields.extra.extend(writer.unwritten.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if parsed.records.is_empty() && parsed.errors().next().is_none() {
        return Err("expected a CT.gov study in the CTGOV record, found none".to_owned());
    }
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    if parsed.records.is_empty() {
        return Err(format!("the CTGOV record could not be read as CT.gov XML: {}", errors.join("; ")));
    }
    Ok((parsed.records, parsed.diagnostics))
}

/// A CTGOV2 record is a v2 study with ctrdata's keys beside its sections; those keys
/// stay in the study's `extra`, as the v2 reader keeps every key it does not model.
/// ctrdata (through R) writes a one-item list as the item and an empty list as `{}`;
/// each list the v2 reader finds so written is boxed back and the record read again.
pub(crate) fn read_v2(object: Map<String, Value>) -> Result<(Vec<Study>, Vec<Diagnostic>), String> {
    let mut value = Value::Object(object);
    for _ in 0..8 {
        let raw = serde_json::to_string(&value).map_err(|e| format!("the CTGOV2 record: {e}"))?;
        let study = ctgov_json::read_study(&raw)?;
        let unboxed: Vec<String> = study
            .registry_section
            .iter()
            .flat_map(|s| &s.warnings)
            .filter(|w| w.message.as_deref().is_some_and(|m| m.contains("expected a sequence")))
            .filter_map(|w| w.field.clone())
            .collect();
        if unboxed.is_empty() || !unboxed.iter().all(|path| box_at(&mut value, path)) {
            let mut study = study;
            let section = study.registry_section.get_or_insert_with(Default::default);
            section.source_format = Some(SourceFormat::CtrdataJson);
            return Ok((vec![study], Vec::new()));
        }
    }
    Err("the CTGOV2 record nests unboxed lists deeper than any CT.gov study".to_owned())
}

/// Wraps the value at a dotted path ("a.b[2].c") in a list; `{}` becomes `[]`.
fn box_at(value: &mut Value, path: &str) -> bool {
    let mut target = value;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = target.get_mut(key) else { return false };
        target = match index {
            Some(i) => match next.get_mut(i) {
                Some(item) => item,
                None => return false,
            },
            None => next,
        };
    }
    let boxed = match target.take() {
        Value::Object(map) if map.is_empty() => Vec::new(),
        Value::Array(items) => items,
        other => vec![other],
    };
    *target = Value::Array(boxed);
    true
}

/// Writes the JSON form back as XML text.
#[derive(Default)]
struct XmlWriter {
    xml: String,
    /// Keys that cannot be XML element names, kept verbatim by their JSON path.
    unwritten: Map<String, Value>,
    warnings: Vec<Warning>,
}

impl XmlWriter {
    fn element(&mut self, name: &str, value: &Value, parent: &str, depth: usize) {
        let path = if parent.is_empty() { name.to_owned() } else { format!("{parent}/{name}") };
        if !is_xml_name(name) || depth > MAX_DEPTH {
            self.keep(path, value, "is no XML element name, or lies deeper than any CT.gov record");
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.element(name, item, parent, depth + 1);
                }
            }
            Value::Object(map) => {
                if map.values().all(is_empty) {
                    return;
                }
                self.xml.push('<');
                self.xml.push_str(name);
                if let Some(Value::Object(attributes)) = map.get("@attributes") {
                    for (key, value) in attributes {
                        match super::scalar_text(value) {
                            Some(text) if is_xml_name(key) => {
                                self.xml.push_str(&format!(" {key}=\""));
                                escape_into(&text, &mut self.xml);
                                self.xml.push('"');
                            }
                            _ => self.keep(format!("{path}/@{key}"), value, "is no XML attribute"),
                        }
                    }
                }
                self.xml.push('>');
                for (key, child) in map {
                    match key.as_str() {
                        "@attributes" => {}
                        // Mixed content: the element's own text beside its children.
                        "#text" | "text" if child.is_string() => {
                            escape_into(child.as_str().unwrap_or(""), &mut self.xml)
                        }
                        _ => self.element(key, child, &path, depth + 1),
                    }
                }
                self.close(name);
            }
            Value::Null => {}
            scalar => {
                let text = match scalar {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if text.is_empty() {
                    return;
                }
                self.xml.push('<');
                self.xml.push_str(name);
                self.xml.push('>');
                escape_into(&text, &mut self.xml);
                self.close(name);
            }
        }
    }

    fn close(&mut self, name: &str) {
        self.xml.push_str("</");
        self.xml.push_str(name);
        self.xml.push('>');
    }

    fn keep(&mut self, path: String, value: &Value, why: &str) {
        self.warnings.push(Warning::new(
            format!("registrySection.registryFields.{path}"),
            format!("the key {why}; kept verbatim under registryFields"),
        ));
        self.unwritten.insert(path, value.clone());
    }
}

/// An XML name as CT.gov's elements are spelled: a letter or `_`, then letters, digits, `_`, `-`, `.`.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Escapes text for XML. ctrdata kept the XML's text as written, references
/// (`&apos;`, `&lt;`, `&#xD;`) and all; they are passed through so the XML reader
/// resolves them as it would have. A bare `&` or `<` is escaped.
fn escape_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        match tail.as_bytes().first() {
            Some(b'<') => out.push_str("&lt;"),
            Some(b'>') => out.push_str("&gt;"),
            Some(b'"') => out.push_str("&quot;"),
            _ if reference_len(tail) > 0 => {
                let len = reference_len(tail);
                out.push_str(tail.get(..len).unwrap_or(""));
                rest = tail.get(len..).unwrap_or("");
                continue;
            }
            _ => out.push_str("&amp;"),
        }
        rest = tail.get(1..).unwrap_or("");
    }
    out.push_str(rest);
}

/// The length of an entity or character reference XML resolves by itself (`&lt;`,
/// `&#13;`, `&#xD;`) at the start of `text`, or 0.
fn reference_len(text: &str) -> usize {
    for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"] {
        if text.starts_with(entity) {
            return entity.len();
        }
    }
    let Some(body) = text.strip_prefix("&#") else { return 0 };
    let (digits, hex) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, true),
        None => (body, false),
    };
    let count = digits.chars().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
    let valid = (1..=6).contains(&count) && digits.get(count..).is_some_and(|r| r.starts_with(';'));
    if !valid {
        return 0;
    }
    let value = u32::from_str_radix(digits.get(..count).unwrap_or(""), if hex { 16 } else { 10 }).ok();
    // A reference to a character XML forbids would fail the whole record.
    let allowed = value.and_then(char::from_u32).is_some_and(|c| matches!(c, '\t' | '\n' | '\r') || c >= ' ');
    if allowed { 2 + usize::from(hex) + count + 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_passes_character_references() {
        let mut out = String::new();
        escape_into("a < b & c &#xD; &#0; \"q\" &apos;&amp;", &mut out);
        assert_eq!(out, "a &lt; b &amp; c &#xD; &amp;#0; &quot;q&quot; &apos;&amp;");
    }
}
