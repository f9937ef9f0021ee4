//! trialdex's own API, `/api/trialdex/v1`: any registry's record by any id, its
//! versions, their raw sources and differences, search across every registry with
//! facets, database counts, and storing a record (with the server's write token).
//! The OpenAPI document is generated from these handlers (`/openapi.json`).

pub(crate) mod records;
mod search;
mod types;

use std::sync::Arc;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "trialdex API", description = "Clinical-trial records of every registry, with every version kept."),
    servers((url = "/api/trialdex/v1")),
    paths(
        records::current,
        records::versions,
        records::version,
        records::raw,
        records::diff,
        records::links,
        records::put,
        search::search,
        search::stats,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "records", description = "Records by any registry id, their versions and raw sources"),
        (name = "search", description = "Search across every registry"),
        (name = "stats", description = "What the database holds"),
    )
)]
pub struct ApiDoc;

/// The write endpoint's bearer token, as a security scheme of the document.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/records/{id}", get(records::current))
        .route("/records/{id}/versions", get(records::versions))
        .route("/records/{id}/versions/{version}", get(records::version))
        .route("/records/{id}/versions/{version}/raw", get(records::raw))
        .route("/records/{id}/diff", get(records::diff))
        .route("/records/{id}/links", get(records::links))
        .route("/records/{id}/{registry_id}", axum::routing::put(records::put))
        .route("/search", get(search::search))
        .route("/stats", get(search::stats))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
