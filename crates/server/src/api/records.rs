//! `/records/…`: a record by any registry id, its versions, their raw sources and
//! differences, and storing a record sent in any format trialdex reads.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trialdex_model::Registry;
use trialdex_store::{
    Lookup, NewVersion, PutOutcome, RecordKey, Source, Store, find, history_with_changes, version_with_changes,
};

use super::types::{Diff, FieldChange, History, Key, RecordVersion, Stored, Version};
use crate::blocking;
use crate::{ApiError, AppState};

/// The one record `id` names: any registry id it has or declares (any case), or its
/// key `registry:registryId` — the rule every command and endpoint follows
/// (`trialdex_store::find`): 404 when none does, 409 when several do.
pub(crate) fn resolve(store: &dyn Store, id: &str) -> Result<RecordKey, ApiError> {
    let listed = |keys: &[RecordKey]| keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match find(store, id)? {
        Lookup::Found(key) => Ok(key),
        Lookup::Ambiguous(keys) => Err(ApiError {
            status: StatusCode::CONFLICT,
            message: format!("{id:?} names {} records: {}; ask for one by its key", keys.len(), listed(&keys)),
        }),
        Lookup::NotFound { mentioned_by } if mentioned_by.is_empty() => {
            Err(ApiError::not_found(format!("no record with id {id:?}")))
        }
        Lookup::NotFound { mentioned_by } => Err(ApiError::not_found(format!(
            "no record has id {id:?}; it is only mentioned in the text of {}",
            listed(&mentioned_by)
        ))),
    }
}

fn version_of(store: &dyn Store, key: &RecordKey, number: Option<u32>) -> Result<RecordVersion, ApiError> {
    let (entry, stored) = version_with_changes(store, key, number)?
        .ok_or_else(|| ApiError::not_found(format!("{key} has no version {}", number.unwrap_or(0))))?;
    Ok(RecordVersion {
        key: key.into(),
        version: Version::from(&entry),
        record: serde_json::to_value(&stored.study).map_err(ApiError::internal)?,
    })
}

/// The current version of a record.
#[utoipa::path(get, path = "/records/{id}", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record (any case), or its key `registry:registryId`")),
    responses(
        (status = 200, description = "The record's current version", body = RecordVersion),
        (status = 404, description = "No record has this id", body = String, content_type = "text/plain"),
        (status = 409, description = "The id names several records; the message lists their keys", body = String, content_type = "text/plain"),
    ))]
pub async fn current(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<RecordVersion>, ApiError> {
    blocking(move || {
        let key = resolve(&*state.store, &id)?;
        version_of(&*state.store, &key, None).map(Json)
    })
    .await
}

/// Every version of a record, oldest first, with the modules each one changed.
#[utoipa::path(get, path = "/records/{id}/versions", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record, or its key")),
    responses((status = 200, body = History), (status = 404, body = String, content_type = "text/plain")))]
pub async fn versions(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Json<History>, ApiError> {
    blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let history = history_with_changes(&*state.store, &key)?;
        Ok(Json(History { key: Key::from(&key), versions: history.iter().map(Version::from).collect() }))
    })
    .await
}

/// One version of a record.
#[utoipa::path(get, path = "/records/{id}/versions/{version}", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record, or its key"),
           ("version" = u32, Path, description = "Version number, from 1")),
    responses((status = 200, body = RecordVersion), (status = 404, body = String, content_type = "text/plain")))]
pub async fn version(
    State(state): State<Arc<AppState>>,
    Path((id, number)): Path<(String, u32)>,
) -> Result<Json<RecordVersion>, ApiError> {
    blocking(move || {
        let key = resolve(&*state.store, &id)?;
        version_of(&*state.store, &key, Some(number)).map(Json)
    })
    .await
}

/// The raw source a version was read from, byte for byte: JSON as `application/json`,
/// other text as `text/plain` (never rendered as a page), anything else as bytes.
#[utoipa::path(get, path = "/records/{id}/versions/{version}/raw", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record, or its key"),
           ("version" = u32, Path, description = "Version number, from 1")),
    responses((status = 200, description = "The source bytes: JSON as application/json, other text as text/plain, anything else as application/octet-stream. A record read from a file of many (an ICTRP export) keeps that whole file.", content((Object = "application/json"), (String = "text/plain"), (Vec<u8> = "application/octet-stream"))),
              (status = 404, body = String, content_type = "text/plain")))]
pub async fn raw(
    State(state): State<Arc<AppState>>,
    Path((id, number)): Path<(String, u32)>,
) -> Result<Response, ApiError> {
    let (key, bytes) = blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let bytes = state.store.raw(&key, number)?;
        Ok((key, bytes))
    })
    .await?;
    let bytes = bytes.ok_or_else(|| ApiError::not_found(format!("{key} has no version {number}")))?;
    let content_type = match std::str::from_utf8(&bytes) {
        Ok(text) if matches!(text.trim_start().chars().next(), Some('{' | '[')) => "application/json",
        Ok(_) => "text/plain; charset=utf-8",
        Err(_) => "application/octet-stream",
    };
    Ok(([(CONTENT_TYPE, content_type), (X_CONTENT_TYPE_OPTIONS, "nosniff")], bytes).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The earlier version (default: the one before the current one in the history,
    /// which is ordered by the source's own dates).
    from: Option<u32>,
    /// The later version (default: the current one).
    to: Option<u32>,
}

/// The fields that differ between two versions of a record.
#[utoipa::path(get, path = "/records/{id}/diff", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record, or its key"), DiffQuery),
    responses((status = 200, body = Diff), (status = 404, body = String, content_type = "text/plain")))]
pub async fn diff(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Result<Json<Diff>, ApiError> {
    blocking(move || {
        let store = &*state.store;
        let key = resolve(store, &id)?;
        let history = store.history(&key)?;
        let (before, current) = trialdex_store::default_comparison(&history);
        let (from, to) = (query.from.unwrap_or(before), query.to.unwrap_or(current));
        let load = |n: u32| -> Result<serde_json::Value, ApiError> {
            let stored =
                store.version(&key, n)?.ok_or_else(|| ApiError::not_found(format!("{key} has no version {n}")))?;
            serde_json::to_value(&stored.study).map_err(ApiError::internal)
        };
        let changes = trialdex_model::diff(&load(from)?, &load(to)?)
            .into_iter()
            .map(|c| FieldChange { path: c.path, before: c.before, after: c.after })
            .collect();
        Ok(Json(Diff { key: Key::from(&key), from, to, changes }))
    })
    .await
}

/// The cluster of records describing the same trial as this one, each link with its
/// kind, score and evidence, as `trialdex links` last computed them (404 when the
/// server has no links or the record is linked to nothing).
#[utoipa::path(get, path = "/records/{id}/links", tag = "records",
    params(("id" = String, Path, description = "Any registry id of the record, or its key")),
    responses((status = 200, description = "The cluster: members and links", body = Object),
              (status = 404, body = String, content_type = "text/plain")))]
pub async fn links(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<trialdex_link::Cluster>, ApiError> {
    blocking(move || {
        let key = resolve(&*state.store, &id)?;
        let saved = state.saved_links().ok_or_else(|| {
            ApiError::not_found("no links computed for this database yet (run `trialdex links` on it)")
        })?;
        saved
            .cluster_of(&key)
            .cloned()
            .map(Json)
            .ok_or_else(|| ApiError::not_found(format!("{key} is linked to no other record")))
    })
    .await
}

/// Stores a record sent in any format trialdex reads as a new version (nothing when
/// the same content is already stored). Needs the server's write token.
#[utoipa::path(put, path = "/records/{registry}/{registryId}", tag = "records",
    params(("registry" = String, Path, description = "The record's registry key: ctgov, chictr, euctr, …"),
           ("registryId" = String, Path, description = "The record's id in that registry")),
    request_body(content = Vec<u8>, description = "The record as its registry gives it: CT.gov API v2 JSON or legacy XML, a ChiCTR page, an ICTRP export of one trial, …", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "A new record", body = Stored),
        (status = 200, description = "A new version, an older version kept in the history, or unchanged", body = Stored),
        (status = 400, description = "The body holds no readable record, or another record than the path names", body = String, content_type = "text/plain"),
        (status = 401, description = "No or a wrong bearer token", body = String, content_type = "text/plain"),
        (status = 403, description = "The server was started without a write token: writes are disabled", body = String, content_type = "text/plain"),
    ),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<Arc<AppState>>,
    Path((registry, registry_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let registry = Registry::from_key(&registry.to_ascii_lowercase())
        .ok_or_else(|| ApiError::bad_request(format!("unknown registry {registry:?}")))?;
    let wanted = RecordKey { registry, registry_id };
    let (key, outcome) = blocking(move || {
        let parsed = trialdex_ingest::parse(&body)
            .map_err(|e| ApiError::bad_request(format!("the body is no record trialdex reads: {e}")))?;
        let errors: Vec<String> = parsed.errors().map(|d| d.message.clone()).collect();
        let found: Vec<RecordKey> = parsed.records.iter().filter_map(|s| RecordKey::of(s).ok()).collect();
        let at = found
            .iter()
            .position(|k| k.registry == wanted.registry && k.registry_id.eq_ignore_ascii_case(&wanted.registry_id))
            .ok_or_else(|| {
                let held: Vec<String> = found.iter().map(ToString::to_string).collect();
                ApiError::bad_request(match (held.is_empty(), errors.is_empty()) {
                    (true, false) => format!("the body holds no readable record: {}", errors.join("; ")),
                    (true, true) => "the body holds no record".to_owned(),
                    _ => format!("the body holds {}, not {wanted}", held.join(", ")),
                })
            })?;
        let source = Source::new(&body)?;
        let read_at_ms = jiff::Timestamp::now().as_millisecond();
        let path = format!("PUT /api/trialdex/v1/records/{}/{}", wanted.registry, wanted.registry_id);
        let version = NewVersion::new(&parsed.records[at], source, Some(&path), read_at_ms)?;
        let outcome = state.store.put(std::slice::from_ref(&version))?.into_iter().next();
        let outcome = outcome.ok_or_else(|| ApiError::internal("the store answered nothing for one record"))?;
        // Searchable at once; the follower would get there within seconds anyway.
        if let Err(err) = state.index.sync(&*state.store, &mut |_| {}) {
            tracing::warn!("stored {} but could not index it yet: {err}", found[at]);
        }
        Ok((found[at].clone(), outcome))
    })
    .await?;
    let status = if matches!(outcome, PutOutcome::NewRecord { .. }) { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Stored::new(&key, outcome))).into_response())
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.write_token else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            message: "writes are disabled on this server (start it with --write-token-file)".to_owned(),
        });
    };
    // The scheme is case-insensitive (RFC 9110): "bearer" is "Bearer".
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    // Compared in constant time: how long a wrong token takes says nothing of the right one.
    let matches = given.is_some_and(|given| {
        given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    });
    if matches {
        Ok(())
    } else {
        Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "a valid bearer token is needed to write".to_owned(),
        })
    }
}
