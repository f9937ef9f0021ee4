//! ClinicalTrials.gov's API v2 (../shared/reference/ctg-oas-v2.yaml, version 2.0.5):
//! the same paths, parameters, response shapes and errors, over trialdex's records.
//!
//! Mounted twice (see [`Scope`]): at `/api/v2` it answers as ClinicalTrials.gov
//! would, with its records only; at `/all/api/v2` with every registry's.

mod fields;
mod meta;
mod params;

pub(crate) use params::list;
mod stats;
mod studies;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use crate::AppState;

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

impl Scope {
    /// Whether the mount shows a piece: CT.gov's records have no `registrySection`.
    pub fn shows(self, piece: &trialdex_model::pieces::Piece) -> bool {
        self == Scope::AllRegistries || !piece.path.starts_with("registrySection")
    }
}

pub fn routes(scope: Scope) -> Router<Arc<AppState>> {
    let router = Router::new()
        .route("/studies", get(move |state, query| studies::list(scope, state, query)))
        .route("/studies/metadata", get(move |query| meta::metadata(scope, query)))
        .route("/studies/search-areas", get(move || meta::search_areas(scope)))
        .route("/studies/enums", get(meta::enums))
        .route("/studies/{id}", get(move |state, id, query| studies::one(scope, state, id, query)))
        .route("/stats/size", get(move |state| stats::size(scope, state)))
        .route("/stats/field/values", get(move |state, query| stats::field_values(scope, state, query)))
        .route("/stats/field/sizes", get(move |state, query| stats::field_sizes(scope, state, query)))
        .route("/version", get(meta::version));
    // CT.gov's document describes CT.gov's mount (NCT id patterns and all), not the other.
    match scope {
        Scope::CtGov => router.route("/openapi.yaml", get(meta::openapi)),
        Scope::AllRegistries => router,
    }
}
