//! From a parsed query (`query::Expr`) to a tantivy query over the index's fields.
//!
//! A term is searched in every piece of the current area (the `AREA[…]` around it,
//! or the area of the parameter it came in), each piece's score weighted as CT.gov
//! weighs it. Text pieces take the term word by word (`text.rs`); enum, id, date and
//! number pieces compare it whole. `RANGE`, `MISSING` and `DISTANCE` apply to the
//! pieces of the area they are in.

mod sites;
mod text;

use std::ops::Bound;

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Term};
use trialdex_model::PartialDate;
use trialdex_model::pieces::{Piece, PieceKind, piece};

use crate::areas::{Area, area};
use crate::query::{Coverage, Expansion, Expr, QueryError, Span};
use crate::schema::Fields;
use crate::synonyms::Synonyms;
use crate::term_stats::TermStats;
use crate::values::{age_days, days, keyword, parse_date};

/// What the compiler needs from the index.
pub(crate) struct Compiler<'a> {
    pub fields: &'a Fields,
    pub synonyms: &'a Synonyms,
    pub index: &'a Index,
    /// How many records hold a term: tantivy's BM25 statistics for the search, and
    /// what leaves a pasted description's common words out (`EXPANSION[Lossy]`).
    pub stats: &'a TermStats<'a>,
}

/// The pieces a term is searched in, and how.
#[derive(Clone)]
struct Scope {
    /// Area or field name, for messages.
    name: &'static str,
    pieces: Vec<(Field, &'static Piece, f32)>,
    expansion: Expansion,
    coverage: Coverage,
}

type Compiled = Result<Box<dyn Query>, QueryError>;

fn error(span: Span, message: impl Into<String>) -> QueryError {
    QueryError { position: span.start + 1, message: message.into() }
}

impl Compiler<'_> {
    /// Compiles `expr` searched, by default, in `default_area`.
    pub fn compile(&self, expr: &Expr, default_area: &Area) -> Compiled {
        self.expr(expr, &self.area_scope(default_area))
    }

    fn area_scope(&self, area: &Area) -> Scope {
        let pieces = area
            .pieces
            .iter()
            .filter_map(|(name, weight)| self.fields.piece(name).map(|(field, piece)| (field, piece, *weight)))
            .collect();
        Scope { name: area.name, pieces, expansion: Expansion::Relaxation, coverage: Coverage::Contains }
    }

    /// `AREA[name]`: a search area or a single piece.
    fn scope_for(&self, name: &str, span: Span, outer: &Scope) -> Result<Scope, QueryError> {
        let mut scope = if let Some(area) = area(name) {
            self.area_scope(area)
        } else if let Some((field, piece)) = piece(name).and_then(|p| self.fields.piece(p.name)) {
            Scope { name: piece.name, pieces: vec![(field, piece, 1.0)], ..outer.clone() }
        } else if piece(name).is_some_and(|p| p.kind == PieceKind::GeoPoint) {
            Scope { name: "LocationGeoPoint", pieces: Vec::new(), ..outer.clone() }
        } else {
            return Err(error(
                span,
                format!("unknown search area or field {name:?} (see /api/v2/studies/search-areas for the names)"),
            ));
        };
        scope.expansion = outer.expansion;
        scope.coverage = outer.coverage;
        Ok(scope)
    }

    fn expr(&self, expr: &Expr, scope: &Scope) -> Compiled {
        Ok(match expr {
            Expr::Or(items) => {
                let clauses = items.iter().map(|e| Ok((Occur::Should, self.expr(e, scope)?)));
                Box::new(BooleanQuery::new(clauses.collect::<Result<_, QueryError>>()?))
            }
            Expr::And(items) => {
                let mut clauses = Vec::with_capacity(items.len());
                for item in items {
                    clauses.push(match item {
                        Expr::Not(inner) => (Occur::MustNot, self.expr(inner, scope)?),
                        other => (Occur::Must, self.expr(other, scope)?),
                    });
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, self.expr(inner, scope)?),
            ])),
            Expr::Area { area, span, expr } => self.expr(expr, &self.scope_for(area, *span, scope)?)?,
            Expr::Search { scope: element, span, expr } => match element.to_ascii_lowercase().as_str() {
                "location" => sites::same_site(self, expr, *span)?,
                "study" => self.expr(expr, scope)?,
                _ => return Err(error(*span, format!("unknown SEARCH[{element}]: expected Location or Study"))),
            },
            Expr::Coverage { coverage, expr } => self.expr(expr, &Scope { coverage: *coverage, ..scope.clone() })?,
            Expr::Expansion { expansion, expr } => {
                self.expr(expr, &Scope { expansion: *expansion, ..scope.clone() })?
            }
            Expr::Tilt { field, span, expr } => {
                // The bias itself is not applied (yet): the expression is searched as written.
                match piece(field) {
                    Some(p) if matches!(p.kind, PieceKind::Date | PieceKind::Number) => self.expr(expr, scope)?,
                    _ => return Err(error(*span, format!("TILT needs a date or number field, not {field:?}"))),
                }
            }
            Expr::Term { text, quoted, .. } => self.term(text, *quoted, scope),
            Expr::Range { min, max, span } => self.range(min.as_deref(), max.as_deref(), *span, scope)?,
            Expr::Missing { .. } => self.missing(scope),
            Expr::All => Box::new(AllQuery),
            Expr::Distance { lat, lon, radius_km, span } => {
                if !scope.pieces.is_empty() && scope.name != "LocationSearch" {
                    return Err(error(
                        *span,
                        format!("DISTANCE applies to AREA[LocationGeoPoint], not {}", scope.name),
                    ));
                }
                sites::within(self, *lat, *lon, *radius_km)
            }
        })
    }

    /// A term in every piece of the scope: words in text pieces, the whole term in the others.
    fn term(&self, text: &str, quoted: bool, scope: &Scope) -> Box<dyn Query> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut text_pieces = Vec::new();
        for &(field, piece, weight) in &scope.pieces {
            let whole: Option<Box<dyn Query>> = match piece.kind {
                PieceKind::Text => {
                    text_pieces.push((field, weight));
                    None
                }
                PieceKind::Id => Some(term_query(field, &text.trim().to_lowercase())),
                PieceKind::Enum | PieceKind::Bool => {
                    let value = keyword(text);
                    let value = match value.as_str() {
                        "yes" => "true".to_owned(),
                        "no" => "false".to_owned(),
                        _ => value,
                    };
                    (!value.is_empty()).then(|| term_query(field, &value))
                }
                PieceKind::Date => parse_date(text).map(|d| date_range(field, Some(d), Some(d))),
                PieceKind::Number => text.trim().parse::<i64>().ok().map(|n| {
                    let term = Term::from_field_i64(field, n);
                    Box::new(RangeQuery::new(Bound::Included(term.clone()), Bound::Included(term))) as Box<dyn Query>
                }),
                PieceKind::Age | PieceKind::GeoPoint => None,
            };
            if let Some(query) = whole {
                alternatives.push((Occur::Should, Box::new(BoostQuery::new(query, weight))));
            }
        }
        if !text_pieces.is_empty() {
            alternatives.push((Occur::Should, text::text_query(self, text, quoted, scope, &text_pieces)));
        }
        match alternatives.len() {
            0 => Box::new(EmptyQuery),
            1 => alternatives.pop().map(|(_, q)| q).unwrap_or_else(|| Box::new(EmptyQuery)),
            _ => Box::new(BooleanQuery::new(alternatives)),
        }
    }

    fn range(&self, min: Option<&str>, max: Option<&str>, span: Span, scope: &Scope) -> Compiled {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &(field, piece, _) in &scope.pieces {
            let bad =
                |value: &str, what: &str| error(span, format!("RANGE value {value:?} is not {what} ({})", piece.name));
            let query: Box<dyn Query> = match piece.kind {
                PieceKind::Date => {
                    let read = |v: Option<&str>| v.map(|v| parse_date(v).ok_or_else(|| bad(v, "a date"))).transpose();
                    date_range(field, read(min)?, read(max)?)
                }
                PieceKind::Number => {
                    let read = |v: Option<&str>| {
                        v.map(|v| v.trim().parse::<i64>().map_err(|_| bad(v, "a whole number"))).transpose()
                    };
                    let bound = |v: Option<i64>| {
                        v.map_or(Bound::Unbounded, |n| Bound::Included(Term::from_field_i64(field, n)))
                    };
                    Box::new(RangeQuery::new(bound(read(min)?), bound(read(max)?)))
                }
                PieceKind::Age => {
                    let read = |v: Option<&str>| {
                        v.map(|v| age_days(v).ok_or_else(|| bad(v, "an age such as 18 years"))).transpose()
                    };
                    let bound = |v: Option<f64>| {
                        v.map_or(Bound::Unbounded, |a| Bound::Included(Term::from_field_f64(field, a)))
                    };
                    Box::new(RangeQuery::new(bound(read(min)?), bound(read(max)?)))
                }
                _ => continue,
            };
            clauses.push((Occur::Should, query));
        }
        if clauses.is_empty() {
            return Err(error(
                span,
                format!(
                    "RANGE needs a date, number or age field, as in AREA[StartDate]RANGE[2020-01-01, MAX]; {} has none",
                    scope.name
                ),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Records with no value in any piece of the scope.
    fn missing(&self, scope: &Scope) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
        for &(_, piece, _) in &scope.pieces {
            let present = Term::from_field_text(self.fields.present, &piece.name.to_ascii_lowercase());
            clauses.push((Occur::MustNot, Box::new(TermQuery::new(present, IndexRecordOption::Basic))));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::WithFreqs))
}

/// Days from the first day of `from` to the last day of `to`, at the precision each was given:
/// RANGE[2020, 2020] is the whole year.
pub(crate) fn date_range(field: Field, from: Option<PartialDate>, to: Option<PartialDate>) -> Box<dyn Query> {
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(field, days(d))));
    let upper = to.map_or(Bound::Unbounded, |d| Bound::Excluded(Term::from_field_i64(field, days_after(d))));
    Box::new(RangeQuery::new(lower, upper))
}

/// The day count of the first day after a partial date's period.
fn days_after(date: PartialDate) -> i64 {
    match (date.month, date.day) {
        (Some(_), Some(_)) => days(date) + 1,
        (Some(12), None) => days(PartialDate::month(date.year + 1, 1)),
        (Some(month), None) => days(PartialDate::month(date.year, month + 1)),
        _ => days(PartialDate::year(date.year + 1)),
    }
}
