//! `/study/{id}`: everything a record holds, in the order of CT.gov's study page — the
//! summary, the original language beside the English, eligibility (criteria as
//! lists with sex, ages and healthy volunteers), then each module, sites as a table,
//! posted results closed until opened, and the notes from reading it.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use trialdex_store::RecordKey;

use super::fields::{Cell, Row, Section, section, text};
use super::view::{label, readable, registry_label, registry_page, status_class, study_href};
use super::{error_page, html};
use crate::api::records::resolve;
use crate::{ApiError, AppState, blocking};

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
    /// Sex, ages, healthy volunteers: read with the criteria.
    eligibility: Vec<(String, String)>,
    sites: Vec<Site>,
    /// The same trial in other registries (from the links `trialdex links` saved).
    twins: Vec<Twin>,
    sections: Vec<Section>,
    warnings: Vec<String>,
    versions: usize,
}

/// What heads both pages of a record.
pub struct Head {
    pub registry: String,
    pub id: String,
    pub title: String,
    pub official_title: String,
    pub status: String,
    pub status_class: String,
    pub phases: String,
    pub study_href: String,
    pub registry_url: Option<String>,
}

struct Bilingual {
    label: &'static str,
    english: String,
    original: String,
}

/// Another registration of the same trial, and why trialdex thinks so.
struct Twin {
    registry: String,
    id: String,
    href: String,
    why: String,
}

/// A site, one row of the sites table.
struct Site {
    country: String,
    place: String,
    facility: String,
    status: String,
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
    ("eligibilityModule", "More on eligibility"),
    ("contactsLocationsModule", "Contacts"),
    ("sponsorCollaboratorsModule", "Sponsors and investigators"),
    ("oversightModule", "Oversight"),
    ("referencesModule", "References and links"),
    ("ipdSharingStatementModule", "Sharing of individual participant data"),
];

/// The other top-level sections, after the protocol.
const SECTIONS: [(&str, &str); 5] = [
    ("resultsSection", "Results as posted"),
    ("derivedSection", "MeSH terms and derived data"),
    ("documentSection", "Documents"),
    ("annotationSection", "Annotations"),
    ("registrySection", "The registry's record"),
];

/// Shown elsewhere on the page, so not repeated in the field lists.
const SHOWN_APART: [&str; 10] = [
    "briefSummary",
    "eligibilityCriteria",
    "sex",
    "minimumAge",
    "maximumAge",
    "stdAges",
    "healthyVolunteers",
    "locations",
    "originalLanguage",
    "warnings",
];

pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let found = blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let current = state.store.current(&key)?.ok_or_else(|| ApiError::not_found(format!("no record {key}")))?;
        let versions = state.store.history(&key)?.len();
        let twins = twins(&state, &key);
        Ok((key, current.study, versions, twins))
    })
    .await;
    match found {
        Ok((key, study, versions, twins)) => match serde_json::to_value(&study) {
            Ok(record) => html(StatusCode::OK, &StudyPage { twins, ..study_page(&key, &record, versions) }),
            Err(err) => error_page(ApiError::internal(err)),
        },
        Err(err) => error_page(err),
    }
}

pub fn head(key: &RecordKey, record: &Value) -> Head {
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
        status_class: status_class(&status),
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
            sections.push(section(title, value, &format!("protocolSection.{module}"), &SHOWN_APART));
        }
    }
    // Modules CT.gov's page does not list, should a record have them.
    for (module, value) in protocol.into_iter().flatten() {
        if !MODULES.iter().any(|(m, _)| m == module) {
            let title = super::fields::humanize(module);
            sections.push(section(&title, value, &format!("protocolSection.{module}"), &SHOWN_APART));
        }
    }
    for (name, title) in SECTIONS {
        if let Some(value) = record.get(name) {
            let mut part = section(title, value, name, &SHOWN_APART);
            part.collapsed = name == "resultsSection";
            sections.push(part);
        }
    }
    if let Some(has_results) = record.get("hasResults").and_then(Value::as_bool) {
        let answer = if has_results { "Yes" } else { "No" };
        if let Some(status) = sections.iter_mut().find(|s| s.title == "Status and dates") {
            status.rows.push(Row {
                depth: 0,
                label: "Results posted".to_owned(),
                values: vec![Cell::text(answer.to_owned())],
            });
        }
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
        bilingual: bilingual(record, original, &criteria),
        inclusion: criteria.inclusion.iter().map(|c| readable(c)).collect(),
        exclusion: criteria.exclusion.iter().map(|c| readable(c)).collect(),
        other_criteria: criteria.other.iter().map(|c| readable(c)).collect(),
        eligibility: eligibility(&record["protocolSection"]["eligibilityModule"]),
        sites: sites(&record["protocolSection"]["contactsLocationsModule"]["locations"]),
        twins: Vec::new(),
        sections,
        warnings,
        versions,
    }
}

/// English text beside the registry's own, field by field.
fn bilingual(record: &Value, original: &Value, criteria: &trialdex_model::criteria::Criteria) -> Vec<Bilingual> {
    let protocol = &record["protocolSection"];
    let names = |list: &Value, key: &str| {
        list.as_array()
            .map(|items| items.iter().map(|i| text(&i[key])).collect::<Vec<_>>().join("; "))
            .unwrap_or_default()
    };
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

/// Who may take part, as CT.gov's page says it beside the criteria.
fn eligibility(module: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let sex = text(&module["sex"]);
    if !sex.is_empty() {
        rows.push(("Sexes eligible".to_owned(), label(&sex)));
    }
    let (min, max) = (text(&module["minimumAge"]), text(&module["maximumAge"]));
    let groups: Vec<String> =
        module["stdAges"].as_array().map(|a| a.iter().map(|g| label(&text(g))).collect()).unwrap_or_default();
    let ages = match (min.is_empty(), max.is_empty()) {
        (false, false) => format!("{min} to {max}"),
        (false, true) => format!("{min} and older"),
        (true, false) => format!("up to {max}"),
        (true, true) => String::new(),
    };
    let ages = match (ages.is_empty(), groups.is_empty()) {
        (false, false) => format!("{ages} ({})", groups.join(", ")),
        (false, true) => ages,
        (true, false) => groups.join(", "),
        (true, true) => String::new(),
    };
    if !ages.is_empty() {
        rows.push(("Ages eligible".to_owned(), ages));
    }
    if let Some(healthy) = module["healthyVolunteers"].as_bool() {
        rows.push(("Accepts healthy volunteers".to_owned(), if healthy { "Yes" } else { "No" }.to_owned()));
    }
    rows
}

/// The sites, by country then city, for a reader looking for one near a patient.
fn sites(locations: &Value) -> Vec<Site> {
    let mut sites: Vec<Site> = locations
        .as_array()
        .map(|list| {
            list.iter()
                .map(|l| Site {
                    country: text(&l["country"]),
                    place: [text(&l["city"]), text(&l["state"])]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                    facility: readable(&text(&l["facility"])),
                    status: Some(text(&l["status"])).filter(|s| !s.is_empty()).map(|s| label(&s)).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    sites.sort_by(|a, b| {
        a.country.cmp(&b.country).then_with(|| a.place.cmp(&b.place)).then_with(|| a.facility.cmp(&b.facility))
    });
    sites
}

/// The records linked to `key`, each with the evidence of the link that reaches it.
fn twins(state: &AppState, key: &RecordKey) -> Vec<Twin> {
    let Some(links) = state.saved_links() else { return Vec::new() };
    let Some(cluster) = links.cluster_of(key) else { return Vec::new() };
    cluster
        .members
        .iter()
        .filter(|m| *m != key)
        .map(|member| {
            let link =
                cluster.links.iter().find(|l| (&l.a == key && &l.b == member) || (&l.a == member && &l.b == key));
            let why = match link {
                Some(link) => {
                    let evidence: Vec<String> = link.evidence.iter().map(ToString::to_string).collect();
                    let kind = match link.kind {
                        trialdex_link::LinkKind::Id => "id",
                        trialdex_link::LinkKind::Similarity => "similarity",
                        trialdex_link::LinkKind::Manual => "a reviewer's",
                    };
                    format!("{kind} link, score {:.2}: {}", link.score, evidence.join("; "))
                }
                None => "linked through another registration of the trial".to_owned(),
            };
            Twin {
                registry: registry_label(member.registry.as_str()),
                id: member.registry_id.clone(),
                href: study_href(member.registry.as_str(), &member.registry_id),
                why,
            }
        })
        .collect()
}
