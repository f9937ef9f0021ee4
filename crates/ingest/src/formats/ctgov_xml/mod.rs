//! ClinicalTrials.gov legacy `<clinical_study>` XML (the AllPublicXML bulk download,
//! schema public.xsd, 2007–2024), mapped into the API v2 shape the way CT.gov's own
//! v2 API shows the same study: display labels become v2 enum values ("Parallel
//! Assignment" → PARALLEL), "Month Day, Year" dates become ISO dates at their
//! precision, the legacy P1/B1/O1/E1 result group ids become FG000/BG000/OG000/EG000.
//!
//! What the format holds and v2 has no place for is kept in the nearest module's
//! `extra` (number_of_arms, location_countries, safety_issue…); any element the mapper
//! did not read is named in a note diagnostic, never dropped silently.

mod adverse_events;
mod derived;
mod design;
mod people;
mod protocol;
mod results;
pub(crate) mod tree;

use trialdex_model::{DateStruct, DateType, PartialDate, SourceFormat, Study, Warning};

use crate::{Diagnostic, Parsed, decode::decode, finish::finish};
use tree::Element;

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let doc = tree::read(&text);
    for root in &doc.roots {
        if root.name == "clinical_study" {
            let (study, unread) = read_study(root);
            let locator = nct_id_of(&study).unwrap_or_else(|| format!("clinical_study[{}]", parsed.records.len()));
            if !unread.is_empty() {
                parsed.diagnostics.push(
                    Diagnostic::note(format!("elements with no mapping were left out: {}", unread.join(", ")))
                        .at(locator),
                );
            }
            parsed.records.push(study);
        }
    }
    if !doc.unknown_entities.is_empty() {
        let names: Vec<String> = doc.unknown_entities.iter().map(|e| format!("&{e};")).collect();
        parsed.diagnostics.push(Diagnostic::warning(format!(
            "entity references XML does not define were kept as text: {}",
            names.join(", ")
        )));
    }
    match (doc.error, parsed.records.is_empty()) {
        (Some(error), _) => parsed.diagnostics.push(Diagnostic::error(error)),
        (None, true) => {
            let found = match doc.roots.first() {
                Some(root) => format!("<{}>", root.name),
                None => "no element at all".to_owned(),
            };
            parsed.diagnostics.push(Diagnostic::error(format!(
                "expected a <clinical_study> root element (CT.gov legacy XML), found {found}"
            )));
        }
        (None, false) => {}
    }
    parsed
}

/// One `<clinical_study>` → one study, and the paths of the elements left unread.
fn read_study(root: &Element) -> (Study, Vec<String>) {
    let mut warnings = Vec::new();
    let mut study = Study { protocol_section: Some(protocol::read(root, &mut warnings)), ..Study::default() };
    derived::read(root, &mut study, &mut warnings);
    if let Some(results) = root.child("clinical_results") {
        study.results_section = Some(results::read(results, &mut warnings));
    }
    study.has_results = Some(study.results_section.is_some());
    // The header says when CT.gov wrote the file and where the record lives; the
    // record's page is set by `finish` from the NCT id. A search download's rank is
    // the study's place in that search, not part of the record.
    if let Some(header) = root.child("required_header") {
        header.skip();
    }
    let section = study.registry_section.get_or_insert_with(Default::default);
    section.warnings.extend(warnings);
    finish(&mut study, SourceFormat::CtgovXml);
    (study, root.unread())
}

fn nct_id_of(study: &Study) -> Option<String> {
    study.protocol_section.as_ref()?.identification_module.as_ref()?.nct_id.clone()
}

/// Reads a display label into a v2 enum; a label that maps to nothing is kept
/// verbatim (`Unlisted`) with a warning.
pub(crate) fn label<T>(
    value: Option<String>,
    from_label: fn(&str) -> Option<T>,
    unlisted: fn(String) -> T,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Option<T> {
    let value = value?;
    match from_label(&value) {
        Some(mapped) => Some(mapped),
        None => {
            warnings.push(Warning::new(field, format!("{value:?} is no CT.gov value; kept as written")));
            Some(unlisted(value))
        }
    }
}

/// "Yes"/"No" (and the "true"/"false" some old records carry).
pub(crate) fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// A yes/no child, with a warning when it holds anything else.
pub(crate) fn flag(parent: &Element, name: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<bool> {
    let value = parent.text_of(name)?;
    let read = yes_no(&value);
    if read.is_none() {
        warnings.push(Warning::new(field, format!("expected Yes or No, found {value:?}; left out")));
    }
    read
}

/// A date child ("March 2012", "November 3, 1999"), with a warning when it is no date.
pub(crate) fn date(parent: &Element, name: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<PartialDate> {
    let value = parent.text_of(name)?;
    match read_date(&value) {
        Some(date) => Some(date),
        None => {
            warnings.push(Warning::new(field, format!("expected a date, found {value:?}; left out")));
            None
        }
    }
}

/// A date with its `type` attribute ("Actual", "Anticipated", "Estimate"). A date
/// without one keeps no type: CT.gov's older records did not say.
pub(crate) fn date_struct(
    parent: &Element,
    name: &str,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Option<DateStruct> {
    let date = date(parent, name, &format!("{field}.date"), warnings)?;
    let kind = parent.child(name).and_then(|e| e.attr("type")).and_then(crate::text::non_empty);
    let kind = label(kind, DateType::from_label, DateType::Unlisted, &format!("{field}.type"), warnings);
    Some(DateStruct { date: Some(date), kind, ..DateStruct::default() })
}

/// The date spellings of the format, plus "12/2020" (month/year) used by results posting dates.
pub(crate) fn read_date(value: &str) -> Option<PartialDate> {
    if let Ok(date) = PartialDate::parse(value) {
        return Some(date);
    }
    let (month, year) = value.trim().split_once('/')?;
    let (month, year) = (month.parse::<u8>().ok()?, year.parse::<u16>().ok()?);
    let iso = format!("{year:04}-{month:02}");
    PartialDate::parse(&iso).ok()
}

/// An integer child ("112"); a warning when it is not one.
pub(crate) fn integer(parent: &Element, name: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<i64> {
    let value = parent.text_of(name)?;
    let read = value.replace(',', "").parse::<i64>().ok();
    if read.is_none() {
        warnings.push(Warning::new(field, format!("expected a whole number, found {value:?}; left out")));
    }
    read
}
