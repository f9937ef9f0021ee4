//! The CRIS record page ("Records View"): tables of `<th>` label and `<td>` value rows.
//! A heading row (`th.tbtit`, or a `th.tbtit01` spanning rows) opens a group: "Contact
//! Person for Public Queries", "Recruitment Status by Participating Study Site 3",
//! "Arm 1"; its rows ("- Name", "Arm Label") are the group's fields.
//!
//! The page is read into the CRIS JSON's shape (a heading with a number is one item
//! of a list, one without a number an object), and mapped by the same code (`cris/`).

use scraper::{ElementRef, Html, Selector};
use serde_json::{Map, Value};
use trialdex_model::SourceFormat;

use super::cris::to_study;
use crate::text::{clean_inline, html_fragment_to_text};
use crate::{Diagnostic, Parsed, decode::decode};

/// Page labels whose JSON key is not their plain snake case.
const KEYS: &[(&str, &str)] = &[
    ("public/brief title", "public_or_brief_title"),
    ("target number of participant", "target_number_of_participants"),
    ("blinding/masking", "blinding_or_masking"),
    ("condition(s)/problem(s)", "conditions_problems"),
    ("contact person for principal investigator / scientific queries", "contact_for_scientific_queries"),
    ("contact person for public queries", "contact_for_public_queries"),
    ("contact person for updating information", "contact_for_updating_information"),
    ("recruitment status by participating study site", "sites"),
    ("source of monetary/material support", "source_of_monetary_or_material_support"),
    ("sponsor organization", "sponsor_organisation"),
    ("primary outcome(s)", "primary_Outcome"),
    ("secondary outcome(s)", "secondary_Outcome"),
];

/// "Public/Brief Title" → "public_or_brief_title"; otherwise lower case, words joined by "_".
fn key(label: &str) -> String {
    let lower = label.trim().trim_start_matches('-').trim().to_lowercase();
    if let Some((_, key)) = KEYS.iter().find(|(l, _)| *l == lower) {
        return (*key).to_owned();
    }
    let words: Vec<String> =
        lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    words.join("_")
}

/// Where the rows being read go: the record itself, or a group in it.
enum Group {
    Top,
    Object(String),
    /// The last item of the list under this key.
    ListItem(String),
}

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let html = Html::parse_document(&text);
    let record = read(&html);
    if !record.contains_key("cris_registration_number") {
        parsed
            .diagnostics
            .push(Diagnostic::error("expected a CRIS record page with a CRIS Registration Number, found none"));
        return parsed;
    }
    match to_study(record, SourceFormat::CrisHtml) {
        Ok(study) => parsed.records.push(study),
        Err(message) => parsed.diagnostics.push(Diagnostic::error(message)),
    }
    parsed
}

fn read(html: &Html) -> Map<String, Value> {
    let mut record = Map::new();
    let (Ok(rows), Ok(headers), Ok(cells)) = (Selector::parse("tr"), Selector::parse("th"), Selector::parse("td"))
    else {
        return record;
    };
    let mut group = Group::Top;
    for row in html.select(&rows) {
        let heads: Vec<ElementRef> = row.select(&headers).collect();
        let value = row.select(&cells).next().map(cell_text);
        for head in &heads {
            let class = head.value().attr("class").unwrap_or_default();
            if class.contains("tbtit") && !class.contains("tbtit02") {
                group = open_group(&mut record, &heading_text(head));
            }
        }
        let Some(label) = heads.last().map(heading_text) else { continue };
        let Some(value) = value.filter(|_| !is_group_heading(heads.last())) else { continue };
        let sub_field = label.starts_with('-') || heads.last().is_some_and(|h| has_class(h, "tbtit02"));
        if !sub_field {
            group = Group::Top;
        }
        let target = match &group {
            Group::Top => Some(&mut record),
            Group::Object(name) => record.get_mut(name).and_then(Value::as_object_mut),
            Group::ListItem(name) => record
                .get_mut(name)
                .and_then(Value::as_array_mut)
                .and_then(|l| l.last_mut())
                .and_then(Value::as_object_mut),
        };
        if let Some(target) = target {
            target.entry(key(&label)).or_insert(Value::from(value));
        }
    }
    record
}

fn has_class(element: &ElementRef, class: &str) -> bool {
    element.value().attr("class").unwrap_or_default().split_whitespace().any(|c| c == class)
}

fn is_group_heading(head: Option<&ElementRef>) -> bool {
    head.is_some_and(|h| has_class(h, "tbtit") || has_class(h, "tbtit01"))
}

/// "Arm 2" opens the second item of `arm`; "Institutional Review Board" an object.
fn open_group(record: &mut Map<String, Value>, heading: &str) -> Group {
    let name = heading.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let numbered = name.len() < heading.len();
    let key = key(name);
    if numbered {
        let list = record.entry(key.clone()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list {
            items.push(Value::Object(Map::new()));
        }
        Group::ListItem(key)
    } else {
        record.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
        Group::Object(key)
    }
}

/// A value cell as text, `<br>` kept as line breaks; the source's own line break after
/// each `<br>` does not make an empty line.
fn cell_text(cell: ElementRef) -> String {
    let text = html_fragment_to_text(&cell.inner_html());
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// A heading cell on one line ("Inclusion<br>Criteria" → "Inclusion Criteria").
fn heading_text(head: &ElementRef) -> String {
    clean_inline(&html_fragment_to_text(&head.inner_html()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_the_json_keys() {
        assert_eq!(key("Public/Brief Title"), "public_or_brief_title");
        assert_eq!(key("- Name of Study Site"), "name_of_study_site");
        assert_eq!(key("Sponsor Organization"), "sponsor_organisation");
    }

    #[test]
    fn a_page_without_a_record_is_an_error() {
        let parsed = parse(b"<html><head><title>Records View</title></head><body>cris.nih.go.kr</body></html>");
        assert_eq!(parsed.errors().count(), 1);
    }
}
