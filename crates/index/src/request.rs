//! What a search asks for and what it returns, independent of how it arrives (CLI,
//! CT.gov API parameters, the web UI).

use serde::Serialize;
use trialdex_model::PartialDate;
use trialdex_store::RecordKey;

pub use crate::collapse::Collapse;

/// The most results one page may hold (CT.gov's limit).
pub const MAX_PAGE_SIZE: usize = 1000;
pub const DEFAULT_PAGE_SIZE: usize = 10;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchRequest {
    /// Queries in CT.gov's query language, each with the area it searches by default:
    /// an area's parameter ("cond", "term", "intr", "titles", "outc", "spons", "lead",
    /// "id", "locn", "patient") or name ("ConditionSearch"). All must match.
    pub queries: Vec<(String, String)>,
    /// A patient's description as plain text (not the query language): searched in the
    /// patient area, any of its words counting, more of them scoring higher.
    pub patient: Option<String>,
    pub filter: Filter,
    /// Count records by status, phase, study type, registry, country, sex, age group and
    /// results (most frequent first), and by start year (`startYear`, oldest first).
    pub facets: bool,
    /// None: by relevance when there is a query, else in index order.
    pub sort: Option<Sort>,
    pub page_size: usize,
    /// From the previous page's `next_page_token`.
    pub page_token: Option<String>,
    /// Results to skip when there is no page token (numbered pages: the web UI).
    pub offset: usize,
    /// One result per trial: linked registrations collapsed to the best placed. The
    /// total then counts trials, and facets still count registrations.
    pub collapse: Option<Collapse>,
}

/// Conditions that narrow the results without changing their order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filter {
    /// Overall status, CT.gov spelling in any case ("RECRUITING", "not yet recruiting").
    pub statuses: Vec<String>,
    /// Any registry id a record has or carries.
    pub ids: Vec<String>,
    /// Registry keys ("ctgov", "chictr", "euctr", …).
    pub registries: Vec<String>,
    /// "PHASE2", "EARLY_PHASE1", "NA" (also records that give no phase), …
    pub phases: Vec<String>,
    pub study_types: Vec<String>,
    /// "FEMALE", "MALE", "ALL".
    pub sexes: Vec<String>,
    /// A country where the trial has a site or that its registry lists.
    pub countries: Vec<String>,
    /// A patient's age: trials whose age limits include it (no limit includes every age).
    pub age_years: Option<f64>,
    pub healthy_volunteers: Option<bool>,
    pub has_results: Option<bool>,
    pub start_date: DateRange,
    pub last_update: DateRange,
    pub geo: Option<GeoFilter>,
    /// Any further condition in the query language (CT.gov's `filter.advanced`).
    pub advanced: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DateRange {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

impl DateRange {
    /// "FROM..TO", either end optional: `2020-01..2021-06`, `2022..`, `..2019-12-31`.
    pub fn parse(text: &str) -> Result<DateRange, String> {
        let (from, to) = text.split_once("..").ok_or_else(|| format!("date range {text:?} is not FROM..TO"))?;
        let read = |s: &str| -> Result<Option<PartialDate>, String> {
            let s = s.trim();
            if s.is_empty() { Ok(None) } else { PartialDate::parse(s).map(Some).map_err(|e| format!("{s:?}: {e}")) }
        };
        Ok(DateRange { from: read(from)?, to: read(to)? })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GeoFilter {
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
}

impl GeoFilter {
    /// CT.gov's `distance(39.0035707,-77.1013313,50mi)`, or the same three values bare
    /// (`39.0,-77.1,50mi`). The radius is in `mi` or `km` (km when no unit is given).
    pub fn parse(text: &str) -> Result<GeoFilter, String> {
        let inner = text.trim();
        let inner = inner.strip_prefix("distance(").and_then(|t| t.strip_suffix(')')).unwrap_or(inner);
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let [lat, lon, radius] = parts.as_slice() else {
            return Err(format!("{text:?} is not distance(latitude,longitude,radius)"));
        };
        let (number, km_per_unit) = match radius.strip_suffix("mi") {
            Some(miles) => (miles, 1.609_344),
            None => (radius.strip_suffix("km").unwrap_or(radius), 1.0),
        };
        let read = |what: &str, value: &str, range: std::ops::RangeInclusive<f64>| -> Result<f64, String> {
            match value.trim().parse::<f64>() {
                Ok(v) if range.contains(&v) => Ok(v),
                _ => Err(format!("{what} {value:?} is not a number from {} to {}", range.start(), range.end())),
            }
        };
        Ok(GeoFilter {
            lat: read("latitude", lat, -90.0..=90.0)?,
            lon: read("longitude", lon, -180.0..=180.0)?,
            radius_km: read("radius", number, 0.0..=40_075.0)? * km_per_unit,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sort {
    /// A date or number piece ("LastUpdatePostDate", "EnrollmentCount"), or "@relevance".
    pub field: String,
    pub descending: bool,
}

impl Sort {
    pub const RELEVANCE: &'static str = "@relevance";

    /// CT.gov's form: "LastUpdatePostDate", "StartDate:asc", "EnrollmentCount:desc", "@relevance".
    /// Without a direction, dates sort newest first and numbers smallest first, as on CT.gov.
    pub fn parse(text: &str) -> Result<Sort, String> {
        let (field, direction) = match text.split_once(':') {
            Some((field, direction)) => (field.trim(), Some(direction.trim().to_ascii_lowercase())),
            None => (text.trim(), None),
        };
        if field.eq_ignore_ascii_case(Sort::RELEVANCE) {
            return match direction.as_deref() {
                None | Some("desc") => Ok(Sort { field: Sort::RELEVANCE.to_owned(), descending: true }),
                Some(other) => Err(format!("@relevance sorts best first only, not {other:?}")),
            };
        }
        use trialdex_model::pieces::{PieceKind, piece};
        let piece = match piece(field) {
            Some(p) if matches!(p.kind, PieceKind::Date | PieceKind::Number) => p,
            Some(p) => return Err(format!("cannot sort by {}: only dates, numbers and @relevance sort", p.name)),
            None => return Err(format!("cannot sort by unknown field {field:?}")),
        };
        let descending = match direction.as_deref() {
            None => piece.kind == PieceKind::Date,
            Some("desc") => true,
            Some("asc") => false,
            Some(other) => return Err(format!("sort direction {other:?} is neither asc nor desc")),
        };
        Ok(Sort { field: piece.name.to_owned(), descending })
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Records matching, over all pages (trials, when collapsed).
    pub total: u64,
    /// When collapsed: the registrations matching, of which `total` are distinct trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrations: Option<u64>,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<FacetCounts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub key: RecordKey,
    /// Relevance; 0 when sorted by a field or with no query.
    pub score: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacetCounts {
    /// "status", "phase", "studyType", "registry", "country", "sex", "ageGroup", "results".
    pub name: String,
    /// Values with their record counts, most frequent first.
    pub values: Vec<(String, u64)>,
}
