//! ClinicalTrials.gov's API v2 (../shared/reference/ctg-oas-v2.yaml, version 2.0.5):
//! the same paths, parameters, response shapes and errors, over trialdex's records.
//!
//! Mounted twice (see [`Scope`]): at `/api/v2` it answers as ClinicalTrials.gov
//! would, with its records only; at `/all/api/v2` with every registry's.

mod fields;
mod meta;
mod params;
mod stats;
mod studies;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use crate::{ApiError, AppState};

/// Which records an API mount serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// ClinicalTrials.gov's records only, exactly in its shape: clients that check for
    /// NCT ids (or decode into CT.gov's schema) never meet another registry's record.
    CtGov,
    /// Every registry. A record without an NCT id carries its own registry id in
    /// `protocolSection.identificationModule.nctId`, so clients keyed on that field
    /// still tell records apart; `registrySection` says which registry it is.
    AllRegistries,
}

pub fn routes(scope: Scope) -> Router<Arc<AppState>> {
    Router::new()
        .route("/studies", get(move |state, query| studies::list(scope, state, query)))
        .route("/studies/metadata", get(meta::metadata))
        .route("/studies/search-areas", get(meta::search_areas))
        .route("/studies/enums", get(meta::enums))
        .route("/studies/{id}", get(move |state, id, query| studies::one(scope, state, id, query)))
        .route("/stats/size", get(move |state| stats::size(scope, state)))
        .route("/stats/field/values", get(move |state, query| stats::field_values(scope, state, query)))
        .route("/stats/field/sizes", get(move |state, query| stats::field_sizes(scope, state, query)))
        .route("/version", get(meta::version))
        .route("/openapi.yaml", get(meta::openapi))
}

/// Runs store and index work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?
}
