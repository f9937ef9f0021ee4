//! `GET /studies` (a page of search results, JSON or CSV) and `GET /studies/{nctId}`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use trialdex_model::{Study, ctgov_csv};
use trialdex_store::{Lookup, find};

use super::Scope;
use super::fields::Selection;
use super::params::{self, Format, StudiesParams};
use crate::blocking;
use crate::{ApiError, AppState};

type Pairs = Query<Vec<(String, String)>>;

pub async fn list(scope: Scope, State(state): State<Arc<AppState>>, Query(pairs): Pairs) -> Result<Response, ApiError> {
    let params = StudiesParams::parse(&pairs, scope)?;
    let first_page = params.request.page_token.is_none();
    let request = params.request.clone();
    let (results, studies) = blocking(move || {
        let results = state.index.search(&request)?;
        let studies = results
            .hits
            .iter()
            .map(|hit| crate::current_study(&*state.store, &hit.key))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((results, studies))
    })
    .await?;
    let total = (params.count_total && first_page).then_some(results.total);
    let next = results.next_page_token;
    match params.format {
        Format::Json => {
            let selection = selection(params.fields.as_deref(), &params.queried_areas)?;
            let studies =
                studies.iter().map(|s| present(s, scope, selection.as_ref())).collect::<Result<Vec<_>, _>>()?;
            let mut body = Map::new();
            if let Some(total) = total {
                body.insert("totalCount".into(), total.into());
            }
            body.insert("studies".into(), studies.into());
            if let Some(token) = &next {
                body.insert("nextPageToken".into(), token.clone().into());
            }
            Ok(axum::Json(Value::Object(body)).into_response())
        }
        Format::Csv => {
            let columns = csv_columns(params.fields.as_deref())?;
            // CT.gov: the first page carries the header row, later pages only data.
            let body = csv(&studies, &columns, first_page)?;
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            if let Some(total) = total {
                headers.insert("x-total-count", HeaderValue::from(total));
            }
            if let Some(token) = next {
                headers.insert("x-next-page-token", HeaderValue::from_str(&token).map_err(ApiError::internal)?);
            }
            Ok((headers, body).into_response())
        }
    }
}

pub async fn one(
    scope: Scope,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(pairs): Pairs,
) -> Result<Response, ApiError> {
    let mut format = Format::Json;
    let mut fields = None;
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        match name.as_str() {
            "format" => {
                params::format(value, &["json", "csv"])?;
                format = if value == "csv" { Format::Csv } else { Format::Json };
            }
            "markupFormat" => params::markup_format(value)?,
            "fields" => fields = Some(params::fields(value)?),
            _ => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
        }
    }
    // CT.gov's pattern allows "nct123"; a stored id may be written either way.
    let mut candidates = vec![id.clone()];
    match (params::nct_id(&id), scope) {
        (Some(nct), _) if nct != id => candidates.push(nct),
        (Some(_), _) | (None, Scope::AllRegistries) => {}
        (None, Scope::CtGov) => {
            return Err(ApiError::bad_request(format!("nctId: {id:?} is not an NCT number (NCT and up to 8 digits)")));
        }
    }
    let found = blocking(move || {
        for candidate in &candidates {
            let wanted = if scope == Scope::CtGov { format!("ctgov:{candidate}") } else { candidate.clone() };
            let key = match find(&*state.store, &wanted)? {
                Lookup::Found(key) => key,
                Lookup::Ambiguous(keys) => {
                    let listed: Vec<String> = keys.iter().map(|k| k.registry_id.clone()).collect();
                    return Err(ApiError {
                        status: StatusCode::CONFLICT,
                        message: format!("{candidate:?} names {} studies: {}", keys.len(), listed.join(", ")),
                    });
                }
                Lookup::NotFound { .. } => continue,
            };
            let study = crate::current_study(&*state.store, &key)?;
            if key.registry_id.eq_ignore_ascii_case(candidate) {
                return Ok(Ok(study));
            }
            // Another id the study declares: CT.gov redirects an NCTIdAlias to the study
            // that holds it; the every-registry mount does so for any declared id.
            let aliases = study.protocol_section.as_ref().and_then(|p| p.identification_module.as_ref());
            let is_alias = aliases.is_some_and(|i| i.nct_id_aliases.iter().any(|a| a.eq_ignore_ascii_case(candidate)));
            if is_alias || scope == Scope::AllRegistries {
                return Ok(Err(key.registry_id));
            }
        }
        Err(ApiError::not_found(format!("study {} not found", candidates.last().map_or("", String::as_str))))
    })
    .await?;
    let study = match found {
        Ok(study) => study,
        Err(canonical) => return Ok(redirect(&canonical, &pairs)),
    };
    match format {
        Format::Json => {
            let selection = selection(fields.as_deref(), &[])?;
            Ok(axum::Json(present(&study, scope, selection.as_ref())?).into_response())
        }
        Format::Csv => {
            let body = csv(std::slice::from_ref(&study), &csv_columns(fields.as_deref())?, true)?;
            Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
        }
    }
}

fn redirect(canonical: &str, pairs: &[(String, String)]) -> Response {
    let mut location = crate::percent_encode(canonical);
    if !pairs.is_empty() {
        let query: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{}={}", crate::percent_encode(k), crate::percent_encode(v))).collect();
        location = format!("{location}?{}", query.join("&"));
    }
    (StatusCode::MOVED_PERMANENTLY, [(LOCATION, location)]).into_response()
}

fn selection(fields: Option<&[String]>, queried_areas: &[String]) -> Result<Option<Selection>, ApiError> {
    let Some(names) = fields else { return Ok(None) };
    let selection = Selection::new(names, queried_areas)?;
    if selection.is_empty() {
        return Err(ApiError::bad_request("fields: @query selects the fields a query searched, and there is no query"));
    }
    Ok(Some(selection))
}

/// A record as the mount shows it (see [`Scope`]), cut to the selected fields.
pub(super) fn present(study: &Study, scope: Scope, selection: Option<&Selection>) -> Result<Value, ApiError> {
    let mut record = serde_json::to_value(study).map_err(ApiError::internal)?;
    match scope {
        Scope::CtGov => {
            if let Value::Object(map) = &mut record {
                map.remove("registrySection");
            }
        }
        Scope::AllRegistries => {
            if let Some(id) = study.registry_section.as_ref().and_then(|s| s.registry_id.clone()) {
                let ident = &mut record["protocolSection"]["identificationModule"];
                if ident.is_null() {
                    *ident = json!({});
                }
                if let Value::Object(ident) = ident
                    && !ident.contains_key("nctId")
                {
                    // First, where CT.gov's records have it.
                    ident.shift_insert(0, "nctId".to_owned(), id.into());
                }
            }
        }
    }
    Ok(match selection {
        Some(selection) => selection.apply(&record).unwrap_or_else(|| json!({})),
        None => record,
    })
}

/// CT.gov's CSV columns named by `fields` (column names, or the pieces they show), all without.
fn csv_columns(fields: Option<&[String]>) -> Result<Vec<usize>, ApiError> {
    let Some(fields) = fields else { return Ok((0..ctgov_csv::COLUMNS.len()).collect()) };
    let mut columns = Vec::new();
    for field in fields {
        let by_piece = CSV_PIECES.iter().find(|(piece, _)| piece.eq_ignore_ascii_case(field)).map(|(_, c)| *c);
        let name = by_piece.unwrap_or(field);
        let Some(column) = ctgov_csv::COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) else {
            return Err(ApiError::bad_request(format!(
                "fields: {field:?} is not a CSV column; the columns are {}",
                ctgov_csv::COLUMNS.join(", ")
            )));
        };
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    // In the order asked for: a user who lists "Study Title, NCT Number" reads them so.
    Ok(columns)
}

/// The piece each CSV column shows, so `fields=NCTId,BriefTitle` works for CSV too.
const CSV_PIECES: [(&str, &str); 17] = [
    ("NCTId", "NCT Number"),
    ("BriefTitle", "Study Title"),
    ("Acronym", "Acronym"),
    ("OverallStatus", "Study Status"),
    ("BriefSummary", "Brief Summary"),
    ("HasResults", "Study Results"),
    ("Condition", "Conditions"),
    ("InterventionName", "Interventions"),
    ("PrimaryOutcomeMeasure", "Primary Outcome Measures"),
    ("SecondaryOutcomeMeasure", "Secondary Outcome Measures"),
    ("LeadSponsorName", "Sponsor"),
    ("CollaboratorName", "Collaborators"),
    ("Sex", "Sex"),
    ("Phase", "Phases"),
    ("EnrollmentCount", "Enrollment"),
    ("StudyType", "Study Type"),
    ("StartDate", "Start Date"),
];

fn csv(studies: &[Study], columns: &[usize], header: bool) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if header {
        writer.write_record(columns.iter().map(|&c| ctgov_csv::COLUMNS[c])).map_err(ApiError::internal)?;
    }
    for study in studies {
        let row = ctgov_csv::row(study);
        writer.write_record(columns.iter().map(|&c| &row[c])).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(ApiError::internal)
}
