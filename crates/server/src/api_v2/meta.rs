//! What the API says about itself: `/version`, `/studies/search-areas`,
//! `/studies/metadata` (the fields) and `/studies/enums`, all from the tables search
//! and the model use, so the API cannot describe fields the records do not have.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Map, Value, json};
use trialdex_index::areas::AREAS;
use trialdex_model::enums::*;
use trialdex_model::pieces::{PIECES, PieceKind};

use super::{Scope, params};
use crate::blocking;
use crate::{ApiError, AppState};

/// The version of CT.gov's API v2 this server follows.
pub const API_VERSION: &str = "2.0.5";

/// CT.gov's own OpenAPI document for that version, when the build found it (build.rs).
const CTGOV_SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/ctg-oas-v2.yaml"));

/// `GET /openapi.yaml`: the document this API follows, as CT.gov publishes it, with its
/// server pointed here, so "try it out" and generated clients call this server.
pub async fn openapi() -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    if CTGOV_SPEC.is_empty() {
        return Err(ApiError::not_found(
            "this build of trialdex does not carry CT.gov's OpenAPI document (build it with ../shared/reference beside the checkout)",
        ));
    }
    let here = CTGOV_SPEC.replacen("- url: \"https://clinicaltrials.gov/api/v2\"", "- url: \"/api/v2\"", 1);
    Ok(([(axum::http::header::CONTENT_TYPE, "application/yaml")], here).into_response())
}

pub async fn version(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let read_at_ms = blocking(move || latest_read_ms(&state)).await?;
    let mut body = json!({ "apiVersion": API_VERSION });
    // CT.gov: "UTC timestamp in yyyy-MM-dd'T'HH:mm:ss format" — when the data last changed.
    if let Some(ms) = read_at_ms {
        let at = jiff::Timestamp::from_millisecond(ms).map_err(ApiError::internal)?;
        body["dataTimestamp"] = at.strftime("%Y-%m-%dT%H:%M:%S").to_string().into();
    }
    Ok(Json(body))
}

/// When the newest version in the store was read.
fn latest_read_ms(state: &AppState) -> Result<Option<i64>, ApiError> {
    let last = state.store.last_seq()?;
    let Some(change) = state.store.changes(last.saturating_sub(1), 1)?.into_iter().next() else { return Ok(None) };
    let history = state.store.history(&change.key)?;
    Ok(history.iter().find(|v| v.version == change.version).map(|v| v.read_at_ms))
}

/// CT.gov's search documents: one, "Study", with its areas and their weighted pieces
/// (on CT.gov's mount without trialdex's own: registry ids, original-language text).
pub async fn search_areas(scope: Scope) -> Json<Value> {
    let areas: Vec<Value> = AREAS
        .iter()
        .map(|area| {
            let parts: Vec<Value> = area
                .pieces
                .iter()
                .filter_map(|(name, weight)| Some((trialdex_model::pieces::piece(name)?, weight)))
                .filter(|(piece, _)| scope.shows(piece))
                .map(|(piece, weight)| {
                    let kind = Some(piece.kind);
                    json!({
                        "pieces": [piece.name],
                        "type": type_name(kind),
                        // As CT.gov writes weights: two decimals, not f32's 0.8999999761581421.
                        "weight": (f64::from(*weight) * 100.0).round() / 100.0,
                        "isEnum": kind == Some(PieceKind::Enum),
                        "isSynonyms": kind == Some(PieceKind::Text),
                    })
                })
                .collect();
            let mut area_json = json!({ "name": area.name, "parts": parts });
            if let Some(param) = area.param {
                area_json["param"] = param.into();
            }
            area_json
        })
        .collect();
    Json(json!([{ "name": "Study", "areas": areas }]))
}

fn type_name(kind: Option<PieceKind>) -> &'static str {
    match kind {
        Some(PieceKind::Text) => "text",
        Some(PieceKind::Id) => "id",
        Some(PieceKind::Enum) => "enum",
        Some(PieceKind::Date) => "date",
        Some(PieceKind::Number) => "number",
        Some(PieceKind::Bool) => "boolean",
        Some(PieceKind::Age) => "age",
        Some(PieceKind::GeoPoint) => "geo",
        None => "text",
    }
}

/// The field tree: every piece under the sections and modules its path crosses.
pub async fn metadata(scope: Scope, Query(pairs): Query<Vec<(String, String)>>) -> Result<Json<Value>, ApiError> {
    for (name, value) in &pairs {
        match name.as_str() {
            // trialdex has no indexed-only or historic-only fields: both lists are the same.
            "includeIndexedOnly" | "includeHistoricOnly" => {
                params::boolean(name, value)?;
            }
            _ => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
        }
    }
    let mut root: Vec<Value> = Vec::new();
    for piece in PIECES.iter().filter(|p| scope.shows(p)) {
        let segments: Vec<&str> = piece.path.split('.').collect();
        insert(&mut root, &segments, piece.name, piece.kind);
    }
    Ok(Json(Value::Array(root)))
}

fn insert(nodes: &mut Vec<Value>, segments: &[&str], piece: &str, kind: PieceKind) {
    let Some((first, rest)) = segments.split_first() else { return };
    let position = nodes.iter().position(|n| n["name"] == *first);
    let node = match position {
        Some(at) => &mut nodes[at],
        None => {
            let source_type = if rest.is_empty() { source_type(kind) } else { "STRUCT" };
            nodes.push(json!({
                "name": first,
                "piece": if rest.is_empty() { piece.to_owned() } else { pascal(first) },
                "sourceType": source_type,
                "type": if rest.is_empty() { source_type.to_lowercase() } else { pascal(first) },
            }));
            nodes.last_mut().expect("just pushed")
        }
    };
    if !rest.is_empty() {
        let Value::Object(map) = node else { return };
        let children = map.entry("children").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(children) = children {
            insert(children, rest, piece, kind);
        }
    }
}

fn source_type(kind: PieceKind) -> &'static str {
    match kind {
        PieceKind::Text | PieceKind::Id | PieceKind::Age => "TEXT",
        PieceKind::Enum => "ENUM",
        PieceKind::Date => "DATE",
        PieceKind::Number => "NUMERIC",
        PieceKind::Bool => "BOOLEAN",
        PieceKind::GeoPoint => "GEO_POINT",
    }
}

fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Every enum type with the pieces that hold it and its values (CT.gov's spelling,
/// and the label its legacy API used where the model knows it).
pub async fn enums() -> Json<Value> {
    macro_rules! enum_infos {
        ($($ty:ident [$($piece:literal),*]),* $(,)?) => {
            vec![$(enum_info(stringify!($ty), &[$($piece),*], $ty::ALL.iter().map(|v| (v.as_str(), v.label())))),*]
        };
    }
    Json(Value::Array(enum_infos![
        Status ["OverallStatus", "LastKnownStatus"],
        StudyType ["StudyType"],
        Phase ["Phase"],
        Sex ["Sex"],
        StandardAge ["StdAge"],
        SamplingMethod ["SamplingMethod"],
        IpdSharing ["IPDSharing"],
        IpdSharingInfoType ["IPDSharingInfoType"],
        OrgStudyIdType ["OrgStudyIdType"],
        SecondaryIdType ["SecondaryIdType"],
        AgencyClass ["OrgClass", "LeadSponsorClass", "CollaboratorClass"],
        ExpandedAccessStatus ["ExpandedAccessStatusForNCTId"],
        DateType ["StartDateType", "PrimaryCompletionDateType", "CompletionDateType"],
        ResponsiblePartyType ["ResponsiblePartyType"],
        DesignAllocation ["DesignAllocation"],
        InterventionalAssignment ["DesignInterventionModel"],
        PrimaryPurpose ["DesignPrimaryPurpose"],
        ObservationalModel ["DesignObservationalModel"],
        DesignTimePerspective ["DesignTimePerspective"],
        BioSpecRetention ["BioSpecRetention"],
        EnrollmentType ["EnrollmentType"],
        ArmGroupType ["ArmGroupType"],
        InterventionType ["InterventionType"],
        ContactRole ["CentralContactRole", "LocationContactRole"],
        OfficialRole ["OverallOfficialRole"],
        RecruitmentStatus ["LocationStatus"],
        ReferenceType ["ReferenceType"],
        MeasureParam ["OutcomeMeasureParamType"],
        MeasureDispersionType ["OutcomeMeasureDispersionType"],
        OutcomeMeasureType ["OutcomeMeasureType"],
        ReportingStatus ["OutcomeMeasureReportingStatus"],
        EventAssessment ["SeriousEventAssessmentType", "OtherEventAssessmentType"],
        AgreementRestrictionType ["AgreementRestrictionType"],
        BrowseLeafRelevance ["ConditionBrowseLeafRelevance", "InterventionBrowseLeafRelevance"],
        DesignMasking ["DesignMasking"],
        WhoMasked ["DesignWhoMasked"],
        AnalysisDispersionType ["OutcomeAnalysisDispersionType"],
        ConfidenceIntervalNumSides ["OutcomeAnalysisCINumSides"],
        NonInferiorityType ["OutcomeAnalysisNonInferiorityType"],
        UnpostedEventType ["UnpostedEventType"],
        ViolationEventType ["ViolationEventType"],
    ]))
}

fn enum_info<'a>(name: &str, pieces: &[&str], values: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Value {
    let values: Vec<Value> = values
        .map(|(value, label)| {
            let legacy = label.map(str::to_owned).unwrap_or_else(|| sentence_case(value));
            let mut item = Map::new();
            item.insert("value".into(), value.into());
            item.insert("legacyValue".into(), legacy.into());
            Value::Object(item)
        })
        .collect();
    json!({ "type": name, "pieces": pieces, "values": values })
}

/// "ACTIVE_NOT_RECRUITING" → "Active not recruiting": a readable label where the model has none.
fn sentence_case(wire: &str) -> String {
    let lower = wire.replace('_', " ").to_lowercase();
    pascal(&lower)
}
