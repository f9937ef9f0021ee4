//! `/study/{id}/compare`: the registrations of one trial side by side, field by field,
//! what agrees and what conflicts (a different enrollment, another sponsor's name), as
//! a reviewer checks before counting them as one trial.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use trialdex_model::Study;

use super::study::{Head, head};
use super::view::{label, readable, registry_label, study_href};
use super::{error_page, html};
use crate::api::records::resolve;
use crate::{ApiError, AppState, blocking};

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    head: Head,
    members: Vec<Member>,
    rows: Vec<CompareRow>,
}

struct Member {
    registry: String,
    id: String,
    href: String,
}

struct CompareRow {
    label: &'static str,
    values: Vec<String>,
    /// "agree" when every registration that gives the field says the same, "conflict" when two differ.
    state: &'static str,
}

pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let built = blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let links = state.saved_links().ok_or_else(|| {
            ApiError::not_found("no links computed for this database yet (run `trialdex links` on it)")
        })?;
        let cluster =
            links.cluster_of(&key).ok_or_else(|| ApiError::not_found(format!("{key} is linked to no other record")))?;
        let mut studies = Vec::new();
        for member in &cluster.members {
            if let Some(version) = state.store.current(member)? {
                studies.push((member.clone(), version.study));
            }
        }
        let current = state.store.current(&key)?.ok_or_else(|| ApiError::not_found(format!("no record {key}")))?;
        let record = serde_json::to_value(&current.study).map_err(ApiError::internal)?;
        Ok(ComparePage {
            head: head(&key, &record),
            members: studies
                .iter()
                .map(|(k, _)| Member {
                    registry: registry_label(k.registry.as_str()),
                    id: k.registry_id.clone(),
                    href: study_href(k.registry.as_str(), &k.registry_id),
                })
                .collect(),
            rows: rows(&studies.iter().map(|(_, s)| s).collect::<Vec<_>>()),
        })
    })
    .await;
    match built {
        Ok(page) => html(StatusCode::OK, &page),
        Err(err) => error_page(err),
    }
}

type Field = (&'static str, fn(&Study) -> String);

/// What a reviewer compares, in the order they read a record.
const FIELDS: [Field; 12] = [
    ("Title", |s| readable(s.title().unwrap_or_default())),
    ("Status", |s| s.overall_status().map(|v| label(v.as_str())).unwrap_or_default()),
    ("Phase", |s| s.phases().iter().map(|p| label(p.as_str())).collect::<Vec<_>>().join(", ")),
    ("Study type", |s| design(s).and_then(|d| d.study_type.as_ref()).map(|t| label(t.as_str())).unwrap_or_default()),
    ("Enrollment", |s| {
        design(s)
            .and_then(|d| d.enrollment_info.as_ref())
            .and_then(|e| e.count)
            .map(|n| n.to_string())
            .unwrap_or_default()
    }),
    ("Start date", |s| {
        protocol(s)
            .and_then(|p| p.status_module.as_ref())
            .and_then(|m| m.start_date_struct.as_ref())
            .and_then(|d| d.date)
            .map(|d| d.to_string())
            .unwrap_or_default()
    }),
    ("Lead sponsor", |s| {
        protocol(s)
            .and_then(|p| p.sponsor_collaborators_module.as_ref())
            .and_then(|m| m.lead_sponsor.as_ref())
            .and_then(|l| l.name.clone())
            .unwrap_or_default()
    }),
    ("Conditions", |s| s.conditions().join("; ")),
    ("Interventions", |s| {
        protocol(s)
            .and_then(|p| p.arms_interventions_module.as_ref())
            .map(|m| m.interventions.iter().filter_map(|i| i.name.clone()).collect::<Vec<_>>().join("; "))
            .unwrap_or_default()
    }),
    ("Sex", |s| eligibility(s).and_then(|e| e.sex.as_ref()).map(|v| label(v.as_str())).unwrap_or_default()),
    ("Ages", |s| {
        let e = eligibility(s);
        let (min, max) = (e.and_then(|e| e.minimum_age.clone()), e.and_then(|e| e.maximum_age.clone()));
        match (min, max) {
            (None, None) => String::new(),
            (min, max) => format!(
                "{} to {}",
                min.unwrap_or_else(|| "no minimum".into()),
                max.unwrap_or_else(|| "no maximum".into())
            ),
        }
    }),
    ("Countries", |s| {
        let mut countries: Vec<String> = protocol(s)
            .and_then(|p| p.contacts_locations_module.as_ref())
            .map(|m| m.locations.iter().filter_map(|l| l.country.clone()).collect())
            .unwrap_or_default();
        countries.sort();
        countries.dedup();
        countries.join(", ")
    }),
];

fn protocol(study: &Study) -> Option<&trialdex_model::ProtocolSection> {
    study.protocol_section.as_ref()
}

fn design(study: &Study) -> Option<&trialdex_model::DesignModule> {
    protocol(study)?.design_module.as_ref()
}

fn eligibility(study: &Study) -> Option<&trialdex_model::EligibilityModule> {
    protocol(study)?.eligibility_module.as_ref()
}

fn rows(studies: &[&Study]) -> Vec<CompareRow> {
    FIELDS
        .iter()
        .map(|(label, read)| {
            let values: Vec<String> = studies.iter().map(|s| read(s)).collect();
            let mut given: Vec<String> = values
                .iter()
                .filter(|v| !v.is_empty())
                .map(|v| v.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            given.sort();
            given.dedup();
            let state = match given.len() {
                0 | 1 if values.iter().filter(|v| !v.is_empty()).count() > 1 => "agree",
                0 | 1 => "",
                _ => "conflict",
            };
            CompareRow { label, values, state }
        })
        .collect()
}
