//! `GET /search` across every registry, and `GET /stats`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use trialdex_index::request::{DEFAULT_PAGE_SIZE, DateRange, Filter, GeoFilter, MAX_PAGE_SIZE, SearchRequest, Sort};

use super::types::{Facet, FacetValue, Key, SearchHit, SearchQuery, SearchResults, Stats};
use crate::blocking;
use crate::{ApiError, AppState};

impl SearchQuery {
    /// The search this query asks for; a malformed value is a 400 naming its parameter.
    pub fn request(&self) -> Result<SearchRequest, ApiError> {
        let list = |value: &Option<String>| -> Vec<String> {
            value.iter().flat_map(|v| crate::api_v2::list(v)).map(str::to_owned).collect()
        };
        let date_range = |name: &str, value: &Option<String>| -> Result<DateRange, ApiError> {
            value.as_deref().map_or(Ok(DateRange::default()), |v| {
                DateRange::parse(v).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
            })
        };
        let areas = [
            ("term", &self.q),
            ("cond", &self.cond),
            ("intr", &self.intr),
            ("titles", &self.titles),
            ("outc", &self.outc),
            ("spons", &self.spons),
            ("lead", &self.lead),
            ("id", &self.id),
            ("locn", &self.locn),
        ];
        let queries = areas
            .iter()
            .filter_map(|(area, q)| q.as_ref().filter(|q| !q.trim().is_empty()).map(|q| (area.to_string(), q.clone())))
            .collect();
        // As on /api/v2: 0 or nothing is the default, more than the most is the most.
        let page_size = match self.page_size.unwrap_or(0) {
            0 => DEFAULT_PAGE_SIZE,
            n => n.min(MAX_PAGE_SIZE),
        };
        let filter = Filter {
            statuses: list(&self.status),
            registries: list(&self.registry),
            phases: list(&self.phase),
            study_types: list(&self.study_type),
            sexes: list(&self.sex),
            countries: list(&self.country),
            age_years: self.age,
            healthy_volunteers: self.healthy_volunteers,
            has_results: self.has_results,
            start_date: date_range("start", &self.start)?,
            last_update: date_range("updated", &self.updated)?,
            geo: self
                .geo
                .as_deref()
                .map(GeoFilter::parse)
                .transpose()
                .map_err(|e| ApiError::bad_request(format!("geo: {e}")))?,
            advanced: self.advanced.clone().filter(|a| !a.trim().is_empty()),
            ..Filter::default()
        };
        Ok(SearchRequest {
            queries,
            patient: self.patient.clone().filter(|p| !p.trim().is_empty()),
            filter,
            facets: self.facets.unwrap_or(false),
            sort: self
                .sort
                .as_deref()
                .map(Sort::parse)
                .transpose()
                .map_err(|e| ApiError::bad_request(format!("sort: {e}")))?,
            page_size,
            page_token: self.page_token.clone(),
            offset: 0,
            collapse: None,
        })
    }
}

/// Searches every registry's records: CT.gov's search areas and query language,
/// filters, facets, sorting and paging.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchQuery),
    responses(
        (status = 200, body = SearchResults),
        (status = 400, description = "A query that does not parse, a bad filter or a page token of another query", body = String, content_type = "text/plain"),
    ))]
pub async fn search(
    State(state): State<Arc<AppState>>,
    query: Result<axum::extract::Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let axum::extract::Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let mut request = query.request()?;
    if query.collapse == Some(true) {
        // No links computed yet: every registration is a trial of its own, as far as is known.
        request.collapse = Some(state.collapse().unwrap_or_default());
    }
    blocking(move || {
        let results = state.index.search(&request)?;
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            let study = crate::current_study(&*state.store, &hit.key)?;
            hits.push(SearchHit {
                key: Key::from(&hit.key),
                score: hit.score,
                title: study.title().unwrap_or_default().to_owned(),
                status: study.overall_status().map(ToString::to_string),
                phases: study.phases().iter().map(ToString::to_string).collect(),
                conditions: study.conditions().to_vec(),
            });
        }
        let facets = results
            .facets
            .into_iter()
            .map(|f| Facet {
                name: f.name,
                values: f.values.into_iter().map(|(value, count)| FacetValue { value, count }).collect(),
            })
            .collect();
        Ok(Json(SearchResults {
            total: results.total,
            registrations: results.registrations,
            hits,
            next_page_token: results.next_page_token,
            facets,
        }))
    })
    .await
}

/// Counts of what the database holds: records, versions, raw sources, by registry and format.
#[utoipa::path(get, path = "/stats", tag = "stats", responses((status = 200, body = Stats)))]
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Json<Stats>, ApiError> {
    blocking(move || Ok(Json(Stats::new(state.store.counts()?, state.index.len())))).await
}
