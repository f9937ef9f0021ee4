//! `/stats/size`, `/stats/field/values`, `/stats/field/sizes`: one pass over the
//! current records the mount serves, at the time of the request.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Value, json};
use trialdex_model::Registry;
use trialdex_model::pieces::{PIECES, Piece, PieceKind, piece, values};

use super::{Scope, params};
use crate::blocking;
use crate::{ApiError, AppState};

type Pairs = Query<Vec<(String, String)>>;

/// Records read from the store per query.
const PAGE: usize = 500;
/// Values longer than this are counted by a hash, not kept (summaries, criteria).
const MAX_KEPT_VALUE: usize = 200;
const TOP_VALUES: usize = 20;
const LARGEST_STUDIES: usize = 10;

/// Calls `visit` with every current record the mount serves, as the mount shows it.
fn each_record(state: &AppState, scope: Scope, mut visit: impl FnMut(&Value)) -> Result<(), ApiError> {
    trialdex_store::for_each_current(&*state.store, PAGE, |version| -> Result<(), ApiError> {
        if scope == Scope::CtGov && version.key.registry != Registry::Ctgov {
            return Ok(());
        }
        visit(&super::studies::present(&version.study, scope, None)?);
        Ok(())
    })
}

/// An answer computed over every record, kept until the store changes: a pass over
/// half a million records takes seconds, and the answer is the same until an import.
fn cached(
    state: &AppState,
    key: String,
    compute: impl FnOnce() -> Result<Value, ApiError>,
) -> Result<Arc<Value>, ApiError> {
    let seq = state.store.last_seq()?;
    let cache = || state.stats_cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((at, value)) = cache().get(&key)
        && *at == seq
    {
        return Ok(Arc::clone(value));
    }
    let value = Arc::new(compute()?);
    let mut cache = cache();
    cache.retain(|_, (at, _)| *at == seq);
    cache.insert(key, (seq, Arc::clone(&value)));
    Ok(value)
}

fn id_of(record: &Value) -> String {
    record["protocolSection"]["identificationModule"]["nctId"].as_str().unwrap_or_default().to_owned()
}

pub async fn size(scope: Scope, State(state): State<Arc<AppState>>) -> Result<Json<Arc<Value>>, ApiError> {
    blocking(move || cached(&state, format!("{scope:?} size"), || size_stats(&state, scope))).await.map(Json)
}

fn size_stats(state: &AppState, scope: Scope) -> Result<Value, ApiError> {
    let mut sizes: Vec<(u64, String)> = Vec::new();
    each_record(state, scope, |record| {
        let bytes = serde_json::to_vec(record).map_or(0, |json| json.len() as u64);
        sizes.push((bytes, id_of(record)));
    })?;
    sizes.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let total = sizes.len() as u64;
    let average = sizes.iter().map(|s| s.0).sum::<u64>().checked_div(total).unwrap_or(0);
    let percentile = |p: u64| {
        // sizes is largest first: the p-th percentile counts from the end.
        if total == 0 { 0 } else { sizes[((total - 1) * (100 - p) / 100) as usize].0 }
    };
    let percentiles: serde_json::Map<String, Value> =
        [5, 25, 50, 75, 95].iter().map(|&p| (p.to_string(), percentile(p).into())).collect();
    let mut ranges: Vec<(u64, u64)> = Vec::new();
    for (bytes, _) in sizes.iter().rev() {
        let bucket = bytes / 10_000;
        match ranges.last_mut() {
            Some((b, n)) if *b == bucket => *n += 1,
            _ => ranges.push((bucket, 1)),
        }
    }
    Ok(json!({
        "averageSizeBytes": average,
        "largestStudies": sizes.iter().take(LARGEST_STUDIES).map(|(bytes, id)| json!({"id": id, "sizeBytes": bytes})).collect::<Vec<_>>(),
        "percentiles": percentiles,
        "ranges": ranges.iter().map(|(bucket, n)| json!({
            "sizeRange": format!("{}KB-{}KB", bucket * 10, (bucket + 1) * 10),
            "studiesCount": n,
        })).collect::<Vec<_>>(),
        "totalStudies": total,
    }))
}

/// The pieces `fields` names (piece names or their paths), or every piece the mount shows.
fn pieces(fields: Option<&str>, scope: Scope) -> Result<Vec<&'static Piece>, ApiError> {
    // A geo point is a pair of numbers, no value to count.
    let shown = |p: &&Piece| scope.shows(p) && p.kind != PieceKind::GeoPoint;
    let Some(fields) = fields else { return Ok(PIECES.iter().filter(shown).collect()) };
    if params::list(fields).next().is_none() {
        return Err(ApiError::bad_request("fields: must name at least one field"));
    }
    let mut found = Vec::new();
    for name in params::list(fields) {
        let by_name = piece(name).or_else(|| PIECES.iter().find(|p| p.path.eq_ignore_ascii_case(name)));
        match by_name.filter(shown) {
            Some(p) => found.push(p),
            None => return Err(ApiError::not_found(format!("field {name:?} not found"))),
        }
    }
    Ok(found)
}

fn stats_type(kind: PieceKind) -> &'static str {
    match kind {
        PieceKind::Enum => "ENUM",
        PieceKind::Date => "DATE",
        PieceKind::Number => "INTEGER",
        PieceKind::Bool => "BOOLEAN",
        PieceKind::Text | PieceKind::Id | PieceKind::Age | PieceKind::GeoPoint => "STRING",
    }
}

const STATS_TYPES: [&str; 6] = ["ENUM", "STRING", "DATE", "INTEGER", "NUMBER", "BOOLEAN"];

#[derive(Default)]
struct ValueStats {
    missing: u64,
    counts: HashMap<String, u64>,
    long_values: HashSet<u64>,
    longest: Option<(usize, String, String)>,
    numbers: Vec<f64>,
    trues: u64,
    falses: u64,
}

pub async fn field_values(
    scope: Scope,
    State(state): State<Arc<AppState>>,
    Query(pairs): Pairs,
) -> Result<Json<Arc<Value>>, ApiError> {
    let mut types: Vec<String> = Vec::new();
    let mut fields = None;
    for (name, value) in &pairs {
        match name.as_str() {
            "types" => {
                for t in params::list(value) {
                    if !STATS_TYPES.contains(&t) {
                        return Err(ApiError::bad_request(format!(
                            "types: expected {}, found {t:?}",
                            STATS_TYPES.join(", ")
                        )));
                    }
                    types.push(t.to_owned());
                }
            }
            "fields" => fields = Some(value.clone()),
            _ => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
        }
    }
    let pieces: Vec<&Piece> = pieces(fields.as_deref(), scope)?
        .into_iter()
        .filter(|p| types.is_empty() || types.iter().any(|t| t == stats_type(p.kind)))
        .collect();
    let key = format!("{scope:?} values {}", pieces.iter().map(|p| p.name).collect::<Vec<_>>().join(","));
    blocking(move || {
        cached(&state, key, || {
            let mut stats: Vec<ValueStats> = pieces.iter().map(|_| ValueStats::default()).collect();
            each_record(&state, scope, |record| {
                for (piece, stats) in pieces.iter().zip(stats.iter_mut()) {
                    collect(piece, record, stats);
                }
            })?;
            Ok(Value::Array(pieces.iter().zip(stats).map(|(piece, stats)| report(piece, stats)).collect()))
        })
    })
    .await
    .map(Json)
}

fn collect(piece: &Piece, record: &Value, stats: &mut ValueStats) {
    let found = values(record, piece.path);
    if found.is_empty() {
        stats.missing += 1;
        return;
    }
    let mut seen = HashSet::new();
    for value in found {
        match value {
            Value::Bool(true) => stats.trues += 1,
            Value::Bool(false) => stats.falses += 1,
            Value::Number(n) => stats.numbers.extend(n.as_f64()),
            Value::String(s) => {
                if s.len() > MAX_KEPT_VALUE {
                    let mut hasher = DefaultHasher::new();
                    s.hash(&mut hasher);
                    stats.long_values.insert(hasher.finish());
                } else if seen.insert(s.as_str()) {
                    *stats.counts.entry(s.clone()).or_default() += 1;
                }
                let length = s.chars().count();
                if stats.longest.as_ref().is_none_or(|(l, _, _)| length > *l) {
                    stats.longest = Some((length, id_of(record), s.clone()));
                }
            }
            _ => {}
        }
    }
}

fn report(piece: &Piece, stats: ValueStats) -> Value {
    let kind = stats_type(piece.kind);
    let mut out = json!({
        "field": piece.path,
        "piece": piece.name,
        "type": kind,
        "missingStudiesCount": stats.missing,
    });
    match kind {
        "BOOLEAN" => {
            out["trueCount"] = stats.trues.into();
            out["falseCount"] = stats.falses.into();
        }
        "INTEGER" => {
            if !stats.numbers.is_empty() {
                let n = stats.numbers.len() as f64;
                out["min"] = (stats.numbers.iter().copied().fold(f64::INFINITY, f64::min) as i64).into();
                out["max"] = (stats.numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max) as i64).into();
                out["avg"] = (stats.numbers.iter().sum::<f64>() / n).into();
            }
        }
        "DATE" => {
            // ISO dates (full or partial) order as text.
            let dates: Vec<&String> = stats.counts.keys().collect();
            if let (Some(min), Some(max)) = (dates.iter().min(), dates.iter().max()) {
                out["min"] = min.as_str().into();
                out["max"] = max.as_str().into();
            }
            let mut formats: Vec<&str> = dates
                .iter()
                .map(|d| {
                    if d.len() == 7 {
                        "yyyy-MM"
                    } else if d.len() == 4 {
                        "yyyy"
                    } else {
                        "yyyy-MM-dd"
                    }
                })
                .collect();
            formats.sort_unstable();
            formats.dedup();
            out["formats"] = formats.into();
        }
        _ => {
            out["uniqueValuesCount"] = (stats.counts.len() + stats.long_values.len()).into();
            let mut top: Vec<(&String, &u64)> = stats.counts.iter().collect();
            top.sort_unstable_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            out["topValues"] = top
                .iter()
                .take(TOP_VALUES)
                .map(|(value, n)| json!({"value": value, "studiesCount": n}))
                .collect::<Vec<_>>()
                .into();
            if kind == "STRING"
                && let Some((length, id, value)) = stats.longest
            {
                out["longest"] = json!({"length": length, "nctId": id, "value": value});
            }
        }
    }
    out
}

pub async fn field_sizes(
    scope: Scope,
    State(state): State<Arc<AppState>>,
    Query(pairs): Pairs,
) -> Result<Json<Arc<Value>>, ApiError> {
    let mut fields = None;
    for (name, value) in &pairs {
        match name.as_str() {
            "fields" => fields = Some(value.clone()),
            _ => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
        }
    }
    let pieces = pieces(fields.as_deref(), scope)?;
    let key = format!("{scope:?} sizes {}", pieces.iter().map(|p| p.name).collect::<Vec<_>>().join(","));
    blocking(move || cached(&state, key, || list_sizes(&state, scope, &pieces))).await.map(Json)
}

fn list_sizes(state: &AppState, scope: Scope, pieces: &[&'static Piece]) -> Result<Value, ApiError> {
    let mut sizes: Vec<HashMap<usize, u64>> = pieces.iter().map(|_| HashMap::new()).collect();
    each_record(state, scope, |record| {
        for (piece, sizes) in pieces.iter().zip(sizes.iter_mut()) {
            *sizes.entry(values(record, piece.path).len()).or_default() += 1;
        }
    })?;
    // Lists only: a piece no record holds more than once of is a single field.
    let lists = pieces.iter().zip(sizes).filter(|(_, sizes)| sizes.keys().any(|&n| n > 1));
    Ok(Value::Array(
        lists
            .map(|(piece, sizes)| {
                let mut top: Vec<(usize, u64)> = sizes.into_iter().filter(|(n, _)| *n > 0).collect();
                top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                json!({
                    "field": piece.path,
                    "piece": piece.name,
                    "minSize": top.iter().map(|t| t.0).min(),
                    "maxSize": top.iter().map(|t| t.0).max(),
                    "uniqueSizesCount": top.len(),
                    "topSizes": top.iter().take(TOP_VALUES).map(|(size, n)| json!({"size": size, "studiesCount": n})).collect::<Vec<_>>(),
                })
            })
            .collect(),
    ))
}
