//! What a parsed query is: the tree `parse` returns and the error it returns instead.
//!
//! The tree keeps what the user wrote (area names, range values) and where they wrote it,
//! so the step that compiles it into index queries can check names and point at mistakes
//! with the same positions the parser uses.

/// Where something was written: char offsets into the query, 0-based, end exclusive.
///
/// Chars, not bytes, because users count characters (and CJK queries are multi-byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span holding both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A parsed query expression.
///
/// `And`/`Or` hold two or more operands, in the order written; a chain `a AND b AND c` is
/// one `And` of three, while parentheses keep their own node, so `(a AND b) AND c` nests.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    /// Written with `AND`, or implied between adjacent operator-expressions.
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `AREA[Name]expr`: `area` as written, trimmed (e.g. "LocationCountry", "ConditionSearch");
    /// `span` is the name's, for "unknown area" errors. Not validated here.
    Area {
        area: String,
        span: Span,
        expr: Box<Expr>,
    },
    /// `SEARCH[Location](…)` / `SEARCH[Study](…)`: the inner expression must match within one
    /// element (one site). `scope` as written, trimmed, not validated here; `span` is the scope's.
    Search {
        scope: String,
        span: Span,
        expr: Box<Expr>,
    },
    Coverage {
        coverage: Coverage,
        expr: Box<Expr>,
    },
    Expansion {
        expansion: Expansion,
        expr: Box<Expr>,
    },
    /// `TILT[Field]expr`: scoring bias toward higher values of `field` (as written, trimmed).
    Tilt {
        field: String,
        span: Span,
        expr: Box<Expr>,
    },
    /// A search term: consecutive unquoted words form ONE term, joined by single spaces
    /// (`heart   attack` → "heart attack"); or a quoted phrase (`quoted`), its text as written
    /// between the quotes with `\"` and `\\` unescaped. Escaped operator words are plain words here
    /// (`\AND` → "AND"). `span` covers the term as written, quotes included.
    Term {
        text: String,
        quoted: bool,
        span: Span,
    },
    /// `RANGE[min, max]`: values as written, trimmed; `MIN` / `MAX` → `None` (unbounded).
    Range {
        min: Option<String>,
        max: Option<String>,
        span: Span,
    },
    /// `MISSING`: the area has no value.
    Missing {
        span: Span,
    },
    /// `ALL`: every study.
    All,
    /// `DISTANCE[lat, lon, radius]`: radius given in mi or km, stored in km;
    /// the parser enforces 1 mi/1 km ≤ radius ≤ 500 mi/805 km, |lat| ≤ 90 and |lon| ≤ 180.
    Distance {
        lat: f64,
        lon: f64,
        radius_km: f64,
        span: Span,
    },
}

/// How much of a field a term must cover (`COVERAGE[…]`); CT.gov's default is `Contains`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coverage {
    FullMatch,
    StartsWith,
    EndsWith,
    Contains,
}

/// How far a term may be expanded (`EXPANSION[…]`); CT.gov's default is `Relaxation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expansion {
    None,
    Term,
    Concept,
    Relaxation,
    Lossy,
}

impl Coverage {
    pub const ALL: [Coverage; 4] = [Coverage::FullMatch, Coverage::StartsWith, Coverage::EndsWith, Coverage::Contains];

    /// Reads a `COVERAGE[…]` parameter; case is forgiven since the choice is unambiguous.
    pub fn from_name(name: &str) -> Option<Coverage> {
        Self::ALL.into_iter().find(|c| c.name().eq_ignore_ascii_case(name))
    }

    pub fn name(self) -> &'static str {
        match self {
            Coverage::FullMatch => "FullMatch",
            Coverage::StartsWith => "StartsWith",
            Coverage::EndsWith => "EndsWith",
            Coverage::Contains => "Contains",
        }
    }
}

impl Expansion {
    pub const ALL: [Expansion; 5] =
        [Expansion::None, Expansion::Term, Expansion::Concept, Expansion::Relaxation, Expansion::Lossy];

    /// Reads an `EXPANSION[…]` parameter; case is forgiven since the choice is unambiguous.
    pub fn from_name(name: &str) -> Option<Expansion> {
        Self::ALL.into_iter().find(|e| e.name().eq_ignore_ascii_case(name))
    }

    pub fn name(self) -> &'static str {
        match self {
            Expansion::None => "None",
            Expansion::Term => "Term",
            Expansion::Concept => "Concept",
            Expansion::Relaxation => "Relaxation",
            Expansion::Lossy => "Lossy",
        }
    }
}

/// Why a query could not be parsed, meant for the user (CT.gov answers it as HTTP 400 text).
///
/// `position` is 1-based and counts characters (the first character is 1; the end of the
/// input is `chars + 1`), which is how a person counts. Spans in [`Expr`] are 0-based offsets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at position {position}")]
pub struct QueryError {
    pub position: usize,
    pub message: String,
}

impl QueryError {
    /// An error at the 0-based char offset `offset`.
    pub(crate) fn at(offset: usize, message: impl Into<String>) -> Self {
        QueryError { position: offset + 1, message: message.into() }
    }
}
