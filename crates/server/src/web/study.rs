//! `/study/{id}` (everything a record holds, in the order a CT.gov reader knows) and
//! `/study/{id}/history` (its versions and a side-by-side diff of any two).

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use trialdex_model::pieces::{PIECES, PieceKind};
use trialdex_store::{RecordKey, Store, history_with_changes};

use super::view::{label, readable, registry_label, registry_page, safe_url, study_href};
use super::{error_page, html};
use crate::api::records::resolve;
use crate::blocking;
use crate::{ApiError, AppState};

#[derive(Template)]
#[template(path = "study.html")]
struct StudyPage {
    head: Head,
    summary: String,
    /// English beside the registry's own language, for bilingual records.
    language: String,
    bilingual: Vec<Bilingual>,
    inclusion: Vec<String>,
    exclusion: Vec<String>,
    other_criteria: Vec<String>,
    sections: Vec<Section>,
    warnings: Vec<String>,
    versions: usize,
}

/// What heads both pages of a record.
struct Head {
    registry: String,
    id: String,
    title: String,
    official_title: String,
    status: String,
    status_class: String,
    phases: String,
    study_href: String,
    registry_url: Option<String>,
}

struct Bilingual {
    label: &'static str,
    english: String,
    original: String,
}

struct Section {
    title: String,
    rows: Vec<Row>,
}

/// One line of a section: a field and its values, or (no values) the heading of the
/// fields nested under it (`depth` deeper).
struct Row {
    depth: usize,
    label: String,
    values: Vec<Cell>,
}

struct Cell {
    text: String,
    href: Option<String>,
}

/// The modules of `protocolSection` in the order of CT.gov's study page, with its titles.
const MODULES: [(&str, &str); 13] = [
    ("identificationModule", "Identification"),
    ("statusModule", "Status and dates"),
    ("descriptionModule", "Description"),
    ("conditionsModule", "Conditions and keywords"),
    ("designModule", "Design"),
    ("armsInterventionsModule", "Arms and interventions"),
    ("outcomesModule", "Outcome measures"),
    ("eligibilityModule", "Eligibility"),
    ("contactsLocationsModule", "Contacts and locations"),
    ("sponsorCollaboratorsModule", "Sponsors and investigators"),
    ("oversightModule", "Oversight"),
    ("referencesModule", "References and links"),
    ("ipdSharingStatementModule", "Sharing of individual participant data"),
];

/// The other top-level sections, after the protocol.
const SECTIONS: [(&str, &str); 5] = [
    ("resultsSection", "Results"),
    ("derivedSection", "MeSH terms and derived data"),
    ("documentSection", "Documents"),
    ("annotationSection", "Annotations"),
    ("registrySection", "The registry's record"),
];

/// Shown elsewhere on the page (criteria as lists, the original language beside the
/// English, warnings at the end), so not repeated in the field lists.
const SHOWN_APART: [&str; 3] = ["eligibilityCriteria", "originalLanguage", "warnings"];

pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let found = blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let current = state.store.current(&key)?.ok_or_else(|| ApiError::not_found(format!("no record {key}")))?;
        let versions = state.store.history(&key)?.len();
        Ok((key, current.study, versions))
    })
    .await;
    match found {
        Ok((key, study, versions)) => match serde_json::to_value(&study) {
            Ok(record) => html(StatusCode::OK, &study_page(&key, &record, versions)),
            Err(err) => error_page(ApiError::internal(err)),
        },
        Err(err) => error_page(err),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(text).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn head(key: &RecordKey, record: &Value) -> Head {
    let ident = &record["protocolSection"]["identificationModule"];
    let status = text(&record["protocolSection"]["statusModule"]["overallStatus"]);
    let phases = record["protocolSection"]["designModule"]["phases"]
        .as_array()
        .map(|p| p.iter().map(|v| label(&text(v))).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let registry = key.registry.as_str();
    // The brief title, else the official one, the acronym, or at last the id.
    let title = ["briefTitle", "officialTitle", "acronym"]
        .iter()
        .map(|k| readable(&text(&ident[*k])))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| key.registry_id.clone());
    Head {
        registry: registry_label(registry),
        id: key.registry_id.clone(),
        official_title: readable(&text(&ident["officialTitle"])),
        title,
        status_class: status.to_ascii_lowercase().replace('_', "-"),
        status: if status.is_empty() { String::new() } else { label(&status) },
        phases,
        study_href: study_href(registry, &key.registry_id),
        registry_url: registry_page(registry, &key.registry_id, record["registrySection"]["sourceUrl"].as_str()),
    }
}

fn study_page(key: &RecordKey, record: &Value, versions: usize) -> StudyPage {
    let criteria = trialdex_model::criteria::split(
        record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"].as_str().unwrap_or_default(),
    );
    let mut sections = Vec::new();
    let protocol = record["protocolSection"].as_object();
    for (module, title) in MODULES {
        if let Some(value) = protocol.and_then(|p| p.get(module)) {
            sections.push(section(title, value, &format!("protocolSection.{module}")));
        }
    }
    // Modules CT.gov's page does not list, should a record have them.
    for (module, value) in protocol.into_iter().flatten() {
        if !MODULES.iter().any(|(m, _)| m == module) {
            sections.push(section(&humanize(module), value, &format!("protocolSection.{module}")));
        }
    }
    for (name, title) in SECTIONS {
        if let Some(value) = record.get(name) {
            sections.push(section(title, value, name));
        }
    }
    if let Some(has_results) = record.get("hasResults").and_then(Value::as_bool) {
        let answer = if has_results { "Yes" } else { "No" };
        sections.push(Section {
            title: "Results posted".to_owned(),
            rows: vec![Row {
                depth: 0,
                label: "Has results".to_owned(),
                values: vec![Cell { text: answer.to_owned(), href: None }],
            }],
        });
    }
    sections.retain(|s| !s.rows.is_empty());
    let warnings = record["registrySection"]["warnings"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|w| [text(&w["field"]), text(&w["message"])].join(": ").trim_start_matches(": ").to_owned())
                .collect()
        })
        .unwrap_or_default();
    let original = &record["registrySection"]["originalLanguage"];
    StudyPage {
        head: head(key, record),
        summary: readable(&text(&record["protocolSection"]["descriptionModule"]["briefSummary"])),
        language: text(&original["language"]),
        bilingual: bilingual(record, original),
        inclusion: criteria.inclusion.iter().map(|c| readable(c)).collect(),
        exclusion: criteria.exclusion.iter().map(|c| readable(c)).collect(),
        other_criteria: criteria.other.iter().map(|c| readable(c)).collect(),
        sections,
        warnings,
        versions,
    }
}

/// English text beside the registry's own, field by field.
fn bilingual(record: &Value, original: &Value) -> Vec<Bilingual> {
    let protocol = &record["protocolSection"];
    let names = |list: &Value, key: &str| {
        list.as_array()
            .map(|items| items.iter().map(|i| text(&i[key])).collect::<Vec<_>>().join("; "))
            .unwrap_or_default()
    };
    let criteria = trialdex_model::criteria::split(
        protocol["eligibilityModule"]["eligibilityCriteria"].as_str().unwrap_or_default(),
    );
    let pairs = [
        ("Title", text(&protocol["identificationModule"]["briefTitle"]), "briefTitle"),
        ("Official title", text(&protocol["identificationModule"]["officialTitle"]), "officialTitle"),
        ("Acronym", text(&protocol["identificationModule"]["acronym"]), "acronym"),
        ("Summary", text(&protocol["descriptionModule"]["briefSummary"]), "briefSummary"),
        ("Conditions", text(&protocol["conditionsModule"]["conditions"]), "conditions"),
        ("Interventions", names(&protocol["armsInterventionsModule"]["interventions"], "name"), "interventions"),
        ("Arms", names(&protocol["armsInterventionsModule"]["armGroups"], "label"), "armGroups"),
        ("Outcomes", names(&protocol["outcomesModule"]["primaryOutcomes"], "measure"), "outcomes"),
        ("Inclusion criteria", criteria.inclusion.join("; "), "inclusionCriteria"),
        ("Exclusion criteria", criteria.exclusion.join("; "), "exclusionCriteria"),
        ("Sponsor", text(&protocol["sponsorCollaboratorsModule"]["leadSponsor"]["name"]), "leadSponsor"),
    ];
    pairs
        .into_iter()
        .map(|(label, english, key)| Bilingual {
            label,
            english: readable(&english),
            original: readable(&text(&original[key])),
        })
        .filter(|pair| !pair.original.is_empty())
        .collect()
}

/// Paths of enum pieces: their values are shown with CT.gov's labels.
static ENUM_PATHS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| PIECES.iter().filter(|p| p.kind == PieceKind::Enum).map(|p| p.path).collect());

fn section(title: &str, value: &Value, path: &str) -> Section {
    let mut rows = Vec::new();
    walk(value, path, 0, &mut rows);
    Section { title: title.to_owned(), rows }
}

fn walk(value: &Value, path: &str, depth: usize, rows: &mut Vec<Row>) {
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        if SHOWN_APART.contains(&key.as_str()) {
            continue;
        }
        let child_path = format!("{path}.{key}");
        let name = humanize(key);
        match child {
            Value::Null => {}
            Value::Object(inner) if inner.contains_key("date") && inner.keys().all(|k| k == "date" || k == "type") => {
                // A date with its kind: "2021-03 (actual)".
                let kind =
                    inner.get("type").map(text).map(|t| format!(" ({})", label(&t).to_lowercase())).unwrap_or_default();
                rows.push(Row {
                    depth,
                    label: name,
                    values: vec![Cell { text: format!("{}{kind}", text(&inner["date"])), href: None }],
                });
            }
            Value::Object(_) => {
                rows.push(Row { depth, label: name, values: Vec::new() });
                walk(child, &child_path, depth + 1, rows);
            }
            Value::Array(items) if items.iter().any(Value::is_object) => {
                let single = singular(&name);
                for (at, item) in items.iter().enumerate() {
                    rows.push(Row { depth, label: format!("{single} {}", at + 1), values: Vec::new() });
                    walk(item, &child_path, depth + 1, rows);
                }
            }
            Value::Array(items) => {
                let values =
                    items.iter().map(|v| cell(v, &child_path)).filter(|c| !c.text.is_empty()).collect::<Vec<_>>();
                if !values.is_empty() {
                    rows.push(Row { depth, label: name, values });
                }
            }
            scalar => {
                let cell = cell(scalar, &child_path);
                if !cell.text.is_empty() {
                    rows.push(Row { depth, label: name, values: vec![cell] });
                }
            }
        }
    }
}

fn cell(value: &Value, path: &str) -> Cell {
    let raw = match value {
        Value::Bool(true) => "Yes".to_owned(),
        Value::Bool(false) => "No".to_owned(),
        other => text(other),
    };
    let shown = if ENUM_PATHS.contains(path) { label(&raw) } else { readable(&raw) };
    Cell { href: safe_url(&raw).filter(|_| !raw.contains(char::is_whitespace)), text: shown }
}

/// "briefTitle" → "Brief title", "nctIdAliases" → "NCT id aliases", "startDateStruct" → "Start date".
fn humanize(key: &str) -> String {
    let key = key.strip_suffix("Struct").unwrap_or(key);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in key.chars() {
        if c.is_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    words.push(word);
    let words: Vec<String> = words
        .iter()
        .map(|w| match w.to_lowercase().as_str() {
            "nct" => "NCT".to_owned(),
            "ipd" => "IPD".to_owned(),
            "url" => "URL".to_owned(),
            "pmid" => "PMID".to_owned(),
            "mesh" | "meshes" => "MeSH".to_owned(),
            "fda" => "FDA".to_owned(),
            "dmc" => "DMC".to_owned(),
            lower => lower.to_owned(),
        })
        .collect();
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// "Locations" → "Location": the heading of one item of a list.
fn singular(name: &str) -> String {
    name.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| name.strip_suffix('s').map(str::to_owned))
        .unwrap_or_else(|| name.to_owned())
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    head: Head,
    versions: Vec<VersionRow>,
    from: u32,
    to: u32,
    changes: Vec<ChangeRow>,
}

struct VersionRow {
    number: u32,
    current: bool,
    read_at: String,
    source_updated: String,
    source: String,
    changed: String,
}

struct ChangeRow {
    field: String,
    before: String,
    after: String,
}

#[derive(Debug, Deserialize)]
pub struct Compare {
    from: Option<u32>,
    to: Option<u32>,
}

pub async fn history(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(compare): Query<Compare>,
) -> Response {
    let built = blocking(move || history_page(&*state.store, &id, compare)).await;
    match built {
        Ok(page) => html(StatusCode::OK, &page),
        Err(err) => error_page(err),
    }
}

fn history_page(store: &dyn Store, id: &str, compare: Compare) -> Result<HistoryPage, ApiError> {
    let key = resolve(store, id)?;
    let entries = history_with_changes(store, &key)?;
    let infos: Vec<_> = entries.iter().map(|e| e.info.clone()).collect();
    let (before, current) = trialdex_store::default_comparison(&infos);
    let (from, to) = (compare.from.unwrap_or(before), compare.to.unwrap_or(current));
    let load = |n: u32| -> Result<Value, ApiError> {
        let stored = store.version(&key, n)?.ok_or_else(|| ApiError::not_found(format!("{key} has no version {n}")))?;
        serde_json::to_value(&stored.study).map_err(ApiError::internal)
    };
    let record = load(current)?;
    let changes = if from == to {
        Vec::new()
    } else {
        trialdex_model::diff(&load(from)?, &load(to)?)
            .into_iter()
            .map(|c| ChangeRow {
                field: c.path,
                before: c.before.as_ref().map(compact).unwrap_or_default(),
                after: c.after.as_ref().map(compact).unwrap_or_default(),
            })
            .collect()
    };
    let versions = entries
        .iter()
        .map(|e| VersionRow {
            number: e.info.version,
            current: e.info.is_current,
            read_at: jiff::Timestamp::from_millisecond(e.info.read_at_ms)
                .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
            source_updated: e.info.source_updated.map(|d| d.to_string()).unwrap_or_default(),
            source: e.info.source_format.map(|f| f.as_str().to_owned()).unwrap_or_default(),
            changed: e
                .changed_modules
                .iter()
                .map(|m| humanize(m.rsplit('.').next().unwrap_or(m)))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    Ok(HistoryPage { head: head(&key, &record), versions, from, to, changes })
}

/// A changed value as one readable line: text as it is, structures as compact JSON.
fn compact(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(humanize("briefTitle"), "Brief title");
        assert_eq!(humanize("nctIdAliases"), "NCT id aliases");
        assert_eq!(humanize("startDateStruct"), "Start date");
        assert_eq!(singular("Locations"), "Location");
        assert_eq!(singular("Secondary id infos"), "Secondary id info");
        assert_eq!(singular("References"), "Reference");
    }
}
