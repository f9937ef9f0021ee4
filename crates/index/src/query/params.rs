//! Reads the bracketed parameters of operators: the name or choice of a context operator
//! (`AREA[LocationCity]`, `COVERAGE[FullMatch]`), the values of RANGE and DISTANCE.

use super::ast::{Coverage, Expansion, Expr, QueryError, Span};
use super::lexer::BracketOperator;

/// Miles to kilometres (international mile).
const KM_PER_MILE: f64 = 1.609344;

const RANGE_USAGE: &str = "RANGE needs two values, as in RANGE[2020-01-01, MAX]";
const DISTANCE_USAGE: &str = "DISTANCE needs a latitude, a longitude and a radius, as in DISTANCE[39.0, -77.1, 25mi]";
const RADIUS_LIMITS: &str = "DISTANCE radius must be between 1 mile (1 km) and 500 miles (805 km)";

/// One comma-separated value of a parameter, trimmed, with where it was written.
struct Value<'a> {
    text: &'a str,
    start: usize,
}

/// Splits `param` (written at `param_span`) at commas; each value is trimmed and keeps its
/// char offset so errors can point at it.
fn split_values(param: &str, param_span: Span) -> Vec<Value<'_>> {
    let mut values = Vec::new();
    let mut offset = param_span.start;
    for piece in param.split(',') {
        let leading = piece.chars().take_while(|c| c.is_whitespace()).count();
        values.push(Value { text: piece.trim(), start: offset + leading });
        offset += piece.chars().count() + 1;
    }
    values
}

/// `RANGE[min, max]`; `span` is the whole operator's.
pub(super) fn range(param: &str, param_span: Span, span: Span) -> Result<Expr, QueryError> {
    let values = split_values(param, param_span);
    let [min, max] = values.as_slice() else { return Err(QueryError::at(span.start, RANGE_USAGE)) };
    if min.text.is_empty() || max.text.is_empty() {
        return Err(QueryError::at(span.start, RANGE_USAGE));
    }
    // MIN/MAX cannot be a date or a number, so their case is forgiven.
    let is = |value: &Value, word: &str| value.text.eq_ignore_ascii_case(word);
    if is(min, "MAX") {
        return Err(QueryError::at(
            min.start,
            "MAX can only be the second value of RANGE, as in RANGE[2020-01-01, MAX]",
        ));
    }
    if is(max, "MIN") {
        return Err(QueryError::at(max.start, "MIN can only be the first value of RANGE, as in RANGE[MIN, 18 years]"));
    }
    let bound = |value: &Value, unbounded: &str| (!is(value, unbounded)).then(|| value.text.to_owned());
    Ok(Expr::Range { min: bound(min, "MIN"), max: bound(max, "MAX"), span })
}

/// `DISTANCE[lat, lon, radius]`; `span` is the whole operator's.
pub(super) fn distance(param: &str, param_span: Span, span: Span) -> Result<Expr, QueryError> {
    let values = split_values(param, param_span);
    let [lat, lon, radius] = values.as_slice() else { return Err(QueryError::at(span.start, DISTANCE_USAGE)) };
    if [lat, lon, radius].iter().any(|value| value.text.is_empty()) {
        return Err(QueryError::at(span.start, DISTANCE_USAGE));
    }
    let lat_deg = degrees(lat, "latitude", 90.0)?;
    let lon_deg = degrees(lon, "longitude", 180.0)?;
    let radius_km = radius_km(radius)?;
    Ok(Expr::Distance { lat: lat_deg, lon: lon_deg, radius_km, span })
}

fn degrees(value: &Value, what: &str, limit: f64) -> Result<f64, QueryError> {
    match value.text.parse::<f64>() {
        // `is_finite` also turns away "NaN" and "inf", which `parse` accepts.
        Ok(deg) if deg.is_finite() && deg.abs() <= limit => Ok(deg),
        _ => Err(QueryError::at(
            value.start,
            format!("DISTANCE {what} must be a number between -{limit} and {limit}, found \"{}\"", value.text),
        )),
    }
}

/// A radius such as "25mi", "3.098km" or "25 miles", in km.
fn radius_km(value: &Value) -> Result<f64, QueryError> {
    let unit_at = value.text.find(|c: char| c.is_alphabetic()).unwrap_or(value.text.len());
    let (number, unit) = (value.text[..unit_at].trim(), value.text[unit_at..].trim());
    let Ok(amount) = number.parse::<f64>() else {
        return Err(QueryError::at(
            value.start,
            format!("DISTANCE radius must be a number followed by mi or km, as in 25mi, found \"{}\"", value.text),
        ));
    };
    let (km_per_unit, max) = match unit.to_ascii_lowercase().as_str() {
        "mi" | "mile" | "miles" => (KM_PER_MILE, 500.0),
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => (1.0, 805.0),
        _ => {
            return Err(QueryError::at(
                value.start,
                format!("DISTANCE radius needs a unit, mi or km, as in 25mi, found \"{}\"", value.text),
            ));
        }
    };
    if !(1.0..=max).contains(&amount) {
        return Err(QueryError::at(value.start, RADIUS_LIMITS));
    }
    Ok(amount * km_per_unit)
}

/// A context operator with its parameter read, waiting for the expression it applies to.
pub(super) enum Context {
    Area(String, Span),
    Search(String, Span),
    Tilt(String, Span),
    Coverage(Coverage),
    Expansion(Expansion),
}

impl Context {
    /// Reads `operator[param]`, checked before the expression after it so errors come in reading order.
    pub fn read(operator: BracketOperator, param: String, span: Span) -> Result<Context, QueryError> {
        let name = operator.name();
        if param.is_empty() {
            let message = format!("{name} needs a parameter in its brackets, as in {}", operator.example());
            return Err(QueryError::at(span.start, message));
        }
        Ok(match operator {
            BracketOperator::Area => Context::Area(param, span),
            BracketOperator::Search => Context::Search(param, span),
            BracketOperator::Tilt => Context::Tilt(param, span),
            BracketOperator::Coverage => match Coverage::from_name(&param) {
                Some(coverage) => Context::Coverage(coverage),
                None => return Err(unknown_choice(name, &param, span, &Coverage::ALL.map(Coverage::name))),
            },
            BracketOperator::Expansion => match Expansion::from_name(&param) {
                Some(expansion) => Context::Expansion(expansion),
                None => return Err(unknown_choice(name, &param, span, &Expansion::ALL.map(Expansion::name))),
            },
            BracketOperator::Range | BracketOperator::Distance => {
                return Err(QueryError::at(span.start, format!("{name} does not apply to an expression")));
            }
        })
    }

    pub fn wrap(self, expr: Box<Expr>) -> Expr {
        match self {
            Context::Area(area, span) => Expr::Area { area, span, expr },
            Context::Search(scope, span) => Expr::Search { scope, span, expr },
            Context::Tilt(field, span) => Expr::Tilt { field, span, expr },
            Context::Coverage(coverage) => Expr::Coverage { coverage, expr },
            Context::Expansion(expansion) => Expr::Expansion { expansion, expr },
        }
    }
}

/// `unknown COVERAGE "Foo": expected FullMatch, StartsWith, EndsWith or Contains`.
fn unknown_choice(operator: &str, found: &str, span: Span, choices: &[&str]) -> QueryError {
    let (last, rest) = choices.split_last().unwrap_or((&"", &[]));
    let message = format!("unknown {operator} \"{found}\": expected {} or {last}", rest.join(", "));
    QueryError::at(span.start, message)
}
