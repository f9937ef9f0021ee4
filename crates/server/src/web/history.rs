//! `/study/{id}/history`: a record's versions, and the fields that differ between any
//! two side by side.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use trialdex_store::{Store, history_with_changes};

use super::fields::humanize;
use super::study::{Head, head};
use super::view::{is_enum_spelling, label, readable};
use super::{error_page, html};
use crate::api::records::resolve;
use crate::{ApiError, AppState, blocking};

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
    /// The field in words, and its path in the record (for those who read JSON).
    field: String,
    path: String,
    before: String,
    after: String,
}

#[derive(Debug, Deserialize)]
pub struct Compare {
    from: Option<u32>,
    to: Option<u32>,
}

pub async fn page(
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
                field: field_name(&c.path),
                path: c.path,
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

/// A changed value as one readable line: text as a reader reads it, enum spellings as
/// words, lists one item after another, other structures as compact JSON.
fn compact(value: &Value) -> String {
    match value {
        Value::String(s) if is_enum_spelling(s) => label(s),
        Value::String(s) => readable(s),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.to_owned(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(compact).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

/// "protocolSection.designModule.enrollmentInfo.count" → "Design › Enrollment › Count";
/// "…meshes[3].term" → "… › MeSH terms 4 › Term".
fn field_name(path: &str) -> String {
    path.split('.')
        .filter(|part| *part != "protocolSection")
        .map(|part| {
            let (key, index) = match part.split_once('[') {
                Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let key = key.strip_suffix("Module").unwrap_or(key);
            match index {
                Some(at) => format!("{} {}", humanize(key), at + 1),
                None => humanize(key),
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}
