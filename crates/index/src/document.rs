//! A record's current version as an index document: every piece's values in its
//! field, which pieces are present, the facet values, and the record's sites.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tantivy::TantivyDocument;
use tantivy::schema::Facet;
use trialdex_model::pieces::{PIECES, PieceKind, values};

use crate::schema::Fields;
use crate::values::{DAYS_PER_YEAR, age_days, days, keyword, parse_date};

/// Words written before and after each short text value, so `COVERAGE[StartsWith]`,
/// `[EndsWith]` and `[FullMatch]` become phrase queries anchored on them. Long text
/// (summaries, criteria) is left unmarked: nobody asks for its full match.
pub const VALUE_START: &str = "zzvaluestart";
pub const VALUE_END: &str = "zzvalueend";
const MARKED_MAX_LEN: usize = 300;

/// One site of a record, as `SEARCH[Location]` and `DISTANCE` check it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Site {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// The pieces facets count, and the dimension each one feeds.
const FACET_PIECES: [(&str, &str); 8] = [
    ("OverallStatus", "status"),
    ("Phase", "phase"),
    ("StudyType", "studyType"),
    ("Registry", "registry"),
    ("LocationCountry", "country"),
    ("RegistryCountry", "country"),
    ("Sex", "sex"),
    ("StdAge", "ageGroup"),
];

/// Facet dimensions, the roots of the facet paths a document carries ("/status/RECRUITING").
pub const FACET_DIMENSIONS: [&str; 8] =
    ["status", "phase", "studyType", "registry", "country", "sex", "ageGroup", "results"];

/// The document for one record (its JSON, CT.gov shape plus registrySection).
pub fn document(fields: &Fields, key: &str, record: &Value) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.key, key);
    let mut std_ages_given = false;
    let (mut min_age, mut max_age) = (None, None);
    // (dimension, value), collected as the pieces are read; a set, as sites repeat countries.
    let mut facets: BTreeSet<(&str, &str)> = BTreeSet::new();
    for piece in PIECES {
        let found = values(record, piece.path);
        if found.is_empty() {
            continue;
        }
        let Some((field, _)) = fields.piece(piece.name) else { continue };
        if let Some((_, dimension)) = FACET_PIECES.iter().find(|(name, _)| *name == piece.name) {
            let texts = found.iter().filter_map(|v| v.as_str()).map(str::trim).filter(|v| !v.is_empty());
            facets.extend(texts.map(|v| (*dimension, v)));
        }
        let mut any = false;
        for value in found {
            any |= match (piece.kind, value) {
                (PieceKind::Text, Value::String(s)) if s.len() <= MARKED_MAX_LEN => {
                    doc.add_text(field, format!("{VALUE_START} {s} {VALUE_END}"));
                    true
                }
                (PieceKind::Text | PieceKind::Id, Value::String(s)) => {
                    doc.add_text(field, s);
                    true
                }
                (PieceKind::Enum, Value::String(s)) => {
                    doc.add_text(field, keyword(s));
                    true
                }
                (PieceKind::Bool, Value::Bool(b)) => {
                    doc.add_text(field, if *b { "true" } else { "false" });
                    true
                }
                (PieceKind::Date, Value::String(s)) => parse_date(s).map(|d| doc.add_i64(field, days(d))).is_some(),
                (PieceKind::Number, Value::Number(n)) => n.as_i64().map(|n| doc.add_i64(field, n)).is_some(),
                (PieceKind::Age, Value::String(s)) => {
                    let age = age_days(s);
                    if piece.name == "MinimumAge" {
                        min_age = age;
                    } else {
                        max_age = age;
                    }
                    age.map(|a| doc.add_f64(field, a)).is_some()
                }
                _ => false,
            };
        }
        if any {
            std_ages_given |= piece.name == "StdAge";
            doc.add_text(fields.present, piece.name.to_ascii_lowercase());
        }
    }
    if !std_ages_given {
        let derived = std_ages_from_limits(min_age, max_age);
        if let Some((field, _)) = fields.piece("StdAge") {
            derived.iter().for_each(|age| doc.add_text(field, keyword(age)));
        }
        facets.extend(derived.into_iter().map(|age| ("ageGroup", age)));
    }
    if !facets.iter().any(|(dimension, _)| *dimension == "phase") {
        facets.insert(("phase", "NA"));
    }
    let has_results = record.get("hasResults").and_then(Value::as_bool).unwrap_or(false);
    facets.insert(("results", if has_results { "with" } else { "without" }));
    for (dimension, value) in facets {
        doc.add_facet(fields.facets, Facet::from_path([dimension, value]));
    }
    add_sites(fields, &mut doc, record);
    doc
}

/// CT.gov's age groups (child < 18, adult 18–64, older adult ≥ 65) for a record that
/// gives only limits; a record with no limits is open to every group.
fn std_ages_from_limits(min: Option<f64>, max: Option<f64>) -> Vec<&'static str> {
    let (min, max) = (min.unwrap_or(0.0) / DAYS_PER_YEAR, max.unwrap_or(f64::INFINITY) / DAYS_PER_YEAR);
    let mut groups = Vec::new();
    if min < 18.0 {
        groups.push("CHILD");
    }
    if min < 65.0 && max >= 18.0 {
        groups.push("ADULT");
    }
    if max >= 65.0 {
        groups.push("OLDER_ADULT");
    }
    groups
}

fn add_sites(fields: &Fields, doc: &mut TantivyDocument, record: &Value) {
    let Some(Value::Array(locations)) = record.pointer("/protocolSection/contactsLocationsModule/locations") else {
        return;
    };
    let text = |location: &Value, key: &str| location.get(key).and_then(Value::as_str).map(str::to_owned);
    let sites: Vec<Site> = locations
        .iter()
        .map(|location| {
            let geo = location.get("geoPoint");
            let coordinate = |key: &str| geo.and_then(|g| g.get(key)).and_then(Value::as_f64);
            Site {
                facility: text(location, "facility"),
                status: text(location, "status"),
                city: text(location, "city"),
                state: text(location, "state"),
                zip: text(location, "zip"),
                country: text(location, "country"),
                lat: coordinate("lat"),
                lon: coordinate("lon"),
            }
        })
        .collect();
    for site in &sites {
        if let (Some(lat), Some(lon)) = (site.lat, site.lon) {
            doc.add_f64(fields.lat, lat);
            doc.add_f64(fields.lon, lon);
        }
    }
    if let Ok(bytes) = serde_json::to_vec(&sites) {
        doc.add_bytes(fields.sites, &bytes);
    }
}
