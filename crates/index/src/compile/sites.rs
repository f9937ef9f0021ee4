//! `SEARCH[Location](…)` and `DISTANCE[…]`: conditions one site of a record must meet
//! together. The index finds records meeting them at record level (a superset); each
//! candidate's stored sites are then checked one by one.

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::doc_predicate_query::{
    ConstOrVariableSegmentPredicate, DocPredicate, DocPredicateQuery, SegmentDocPredicate,
};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, RangeQuery, Weight};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, SegmentReader, TantivyDocument, Term};

use super::{Compiled, Compiler, error};
use crate::analysis;
use crate::document::Site;
use crate::query::{Expr, QueryError, Span};

const EARTH_RADIUS_KM: f64 = 6371.0;

/// A condition on one site.
#[derive(Debug, Clone)]
pub(crate) enum SiteCheck {
    And(Vec<SiteCheck>),
    Or(Vec<SiteCheck>),
    Not(Box<SiteCheck>),
    /// The analysed words, in order, in one of the site's fields.
    Words {
        fields: Vec<SiteField>,
        words: Vec<String>,
    },
    Within {
        lat: f64,
        lon: f64,
        radius_km: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SiteField {
    Facility,
    Status,
    City,
    State,
    Zip,
    Country,
}

const LOCATION_SEARCH: [SiteField; 5] =
    [SiteField::City, SiteField::State, SiteField::Country, SiteField::Facility, SiteField::Zip];

/// Records with a site within `radius_km` of a point.
pub(super) fn within(compiler: &Compiler, lat: f64, lon: f64, radius_km: f64) -> Box<dyn Query> {
    let check = SiteCheck::Within { lat, lon, radius_km };
    filtered(compiler, bounding_box(compiler, lat, lon, radius_km), check)
}

/// `SEARCH[Location](expr)`: records with one site meeting all of `expr`.
pub(super) fn same_site(compiler: &Compiler, expr: &Expr, span: Span) -> Compiled {
    let mut analyzer = compiler.index.tokenizers().get(analysis::TEXT).expect("analysers are registered at open");
    let check = site_check(expr, &LOCATION_SEARCH, &mut analyzer)?;
    let location = crate::areas::area("LocationSearch").expect("LocationSearch is an area");
    let candidates =
        compiler.compile(expr, location).map_err(|e| QueryError { position: e.position.max(span.start + 1), ..e })?;
    Ok(filtered(compiler, candidates, check))
}

fn site_check(expr: &Expr, fields: &[SiteField], analyzer: &mut TextAnalyzer) -> Result<SiteCheck, QueryError> {
    Ok(match expr {
        Expr::And(items) => {
            SiteCheck::And(items.iter().map(|e| site_check(e, fields, analyzer)).collect::<Result<_, _>>()?)
        }
        Expr::Or(items) => {
            SiteCheck::Or(items.iter().map(|e| site_check(e, fields, analyzer)).collect::<Result<_, _>>()?)
        }
        Expr::Not(inner) => SiteCheck::Not(Box::new(site_check(inner, fields, analyzer)?)),
        Expr::Coverage { expr, .. } | Expr::Expansion { expr, .. } => site_check(expr, fields, analyzer)?,
        Expr::Area { area, span, expr } => {
            let field = match area.to_ascii_lowercase().as_str() {
                "locationfacility" => SiteField::Facility,
                "locationstatus" => SiteField::Status,
                "locationcity" => SiteField::City,
                "locationstate" => SiteField::State,
                "locationzip" => SiteField::Zip,
                "locationcountry" => SiteField::Country,
                "locationgeopoint" => return site_check(expr, fields, analyzer),
                "locationsearch" => return site_check(expr, &LOCATION_SEARCH, analyzer),
                _ => return Err(error(*span, format!("SEARCH[Location] can only hold Location fields, not {area:?}"))),
            };
            site_check(expr, &[field], analyzer)?
        }
        Expr::Term { text, .. } => SiteCheck::Words { fields: fields.to_vec(), words: words(analyzer, text) },
        Expr::Distance { lat, lon, radius_km, .. } => SiteCheck::Within { lat: *lat, lon: *lon, radius_km: *radius_km },
        Expr::Search { span, .. } | Expr::Tilt { span, .. } | Expr::Range { span, .. } | Expr::Missing { span } => {
            return Err(error(*span, "SEARCH[Location] can only hold terms, AREA, DISTANCE, AND, OR and NOT"));
        }
        Expr::All => SiteCheck::And(Vec::new()),
    })
}

fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words
}

impl SiteCheck {
    fn matches(&self, site: &Site, analyzer: &mut TextAnalyzer) -> bool {
        match self {
            SiteCheck::And(all) => all.iter().all(|c| c.matches(site, analyzer)),
            SiteCheck::Or(any) => any.iter().any(|c| c.matches(site, analyzer)),
            SiteCheck::Not(inner) => !inner.matches(site, analyzer),
            SiteCheck::Words { fields, words: wanted } => fields.iter().any(|field| {
                let value = match field {
                    SiteField::Facility => &site.facility,
                    SiteField::Status => &site.status,
                    SiteField::City => &site.city,
                    SiteField::State => &site.state,
                    SiteField::Zip => &site.zip,
                    SiteField::Country => &site.country,
                };
                let Some(value) = value else { return false };
                // Enum values ("NOT_YET_RECRUITING") are compared as the words they spell.
                let have = words(analyzer, &value.replace('_', " "));
                !wanted.is_empty() && have.windows(wanted.len()).any(|w| w == wanted.as_slice())
            }),
            SiteCheck::Within { lat, lon, radius_km } => match (site.lat, site.lon) {
                (Some(site_lat), Some(site_lon)) => haversine_km(*lat, *lon, site_lat, site_lon) <= *radius_km,
                _ => false,
            },
        }
    }
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let (dphi, dlambda) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Records with some site coordinate inside the square around the circle (a superset).
fn bounding_box(compiler: &Compiler, lat: f64, lon: f64, radius_km: f64) -> Box<dyn Query> {
    let dlat = (radius_km / EARTH_RADIUS_KM).to_degrees();
    let range = |field: Field, from: f64, to: f64| -> (Occur, Box<dyn Query>) {
        let bound = |v: f64| Bound::Included(Term::from_field_f64(field, v));
        (Occur::Must, Box::new(RangeQuery::new(bound(from), bound(to))))
    };
    let mut clauses = vec![range(compiler.fields.lat, lat - dlat, lat + dlat)];
    let cos = lat.to_radians().cos();
    if cos > 0.01 {
        let dlon = dlat / cos;
        // Near the antimeridian the box wraps; the site check alone decides there.
        if lon - dlon > -180.0 && lon + dlon < 180.0 {
            clauses.push(range(compiler.fields.lon, lon - dlon, lon + dlon));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// `candidates` (scored as they are) whose stored sites meet `check` at one site.
fn filtered(compiler: &Compiler, candidates: Box<dyn Query>, check: SiteCheck) -> Box<dyn Query> {
    let schema = &compiler.fields.schema;
    let predicate = match candidates.weight(EnableScoring::disabled_from_schema(schema)) {
        Ok(weight) => SitePredicate {
            candidates: Arc::from(weight),
            check: Arc::new(check),
            sites: compiler.fields.sites,
            analyzer: compiler.index.tokenizers().get(analysis::TEXT).expect("analysers are registered at open"),
        },
        Err(_) => return candidates,
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, candidates),
        (Occur::Must, Box::new(DocPredicateQuery::from(predicate))),
    ]))
}

struct SitePredicate {
    candidates: Arc<dyn Weight>,
    check: Arc<SiteCheck>,
    sites: Field,
    analyzer: TextAnalyzer,
}

impl std::fmt::Debug for SitePredicate {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("SitePredicate").field("check", &self.check).finish_non_exhaustive()
    }
}

impl DocPredicate for SitePredicate {
    type SegmentDocPredicate = SegmentSites;

    fn doc_predicate(&self, segment: &SegmentReader) -> tantivy::Result<ConstOrVariableSegmentPredicate<SegmentSites>> {
        let predicate = SegmentSites {
            store: segment.get_store_reader(16)?,
            check: self.check.clone(),
            field: self.sites,
            analyzer: self.analyzer.clone(),
        };
        Ok(ConstOrVariableSegmentPredicate::Variable {
            predicate,
            necessary_condition: self.candidates.scorer(segment, 1.0)?,
        })
    }
}

/// The site check on one segment's stored sites.
pub(crate) struct SegmentSites {
    store: StoreReader,
    check: Arc<SiteCheck>,
    field: Field,
    analyzer: TextAnalyzer,
}

impl SegmentDocPredicate for SegmentSites {
    fn eval(&mut self, doc: DocId) -> bool {
        let Ok(stored) = self.store.get::<TantivyDocument>(doc) else { return false };
        let Some(bytes) = stored.get_first(self.field).and_then(|v| v.as_bytes()) else { return false };
        let sites: Vec<Site> = serde_json::from_slice(bytes).unwrap_or_default();
        sites.iter().any(|site| self.check.matches(site, &mut self.analyzer))
    }
}
