//! Tests of the query parser, data-driven through `check` (input → tree) and `check_error`
//! (input → the message a user reads).

mod errors;
mod examples;
mod never_panics;

use super::{Expr, Span, parse};

/// A compact rendering of a tree without spans, so expectations read like the query:
/// words `'heart attack'`, phrases `"back pain"`, operators as calls, `*` for MIN/MAX.
fn render(expr: &Expr) -> String {
    let list = |name: &str, operands: &[Expr]| {
        let inner: Vec<String> = operands.iter().map(render).collect();
        format!("{name}({})", inner.join(", "))
    };
    let bound = |value: &Option<String>| value.clone().unwrap_or_else(|| "*".into());
    match expr {
        Expr::Or(operands) => list("or", operands),
        Expr::And(operands) => list("and", operands),
        Expr::Not(expr) => format!("not({})", render(expr)),
        Expr::Area { area, expr, .. } => format!("area[{area}]({})", render(expr)),
        Expr::Search { scope, expr, .. } => format!("search[{scope}]({})", render(expr)),
        Expr::Coverage { coverage, expr } => format!("coverage[{}]({})", coverage.name(), render(expr)),
        Expr::Expansion { expansion, expr } => format!("expansion[{}]({})", expansion.name(), render(expr)),
        Expr::Tilt { field, expr, .. } => format!("tilt[{field}]({})", render(expr)),
        Expr::Term { text, quoted: true, .. } => format!("\"{text}\""),
        Expr::Term { text, quoted: false, .. } => format!("'{text}'"),
        Expr::Range { min, max, .. } => format!("range({}, {})", bound(min), bound(max)),
        Expr::Missing { .. } => "missing".into(),
        Expr::All => "all".into(),
        Expr::Distance { lat, lon, radius_km, .. } => format!("distance({lat}, {lon}, {radius_km:.3}km)"),
    }
}

#[track_caller]
fn check(input: &str, expected: &str) {
    match parse(input) {
        Ok(expr) => assert_eq!(render(&expr), expected, "query: {input}"),
        Err(err) => panic!("query {input:?} failed: {err}"),
    }
}

#[track_caller]
fn check_error(input: &str, expected: &str) {
    match parse(input) {
        Ok(expr) => panic!("query {input:?} parsed as {}, expected error {expected:?}", render(&expr)),
        Err(err) => assert_eq!(err.to_string(), expected, "query: {input}"),
    }
}

/// Every span in the tree, for checking they lie within the input.
fn spans(expr: &Expr) -> Vec<Span> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    while let Some(expr) = stack.pop() {
        match expr {
            Expr::Or(operands) | Expr::And(operands) => stack.extend(operands),
            Expr::Not(expr) | Expr::Coverage { expr, .. } | Expr::Expansion { expr, .. } => stack.push(expr),
            Expr::Area { span, expr, .. } | Expr::Search { span, expr, .. } | Expr::Tilt { span, expr, .. } => {
                out.push(*span);
                stack.push(expr);
            }
            Expr::Term { span, .. }
            | Expr::Range { span, .. }
            | Expr::Missing { span }
            | Expr::Distance { span, .. } => out.push(*span),
            Expr::All => {}
        }
    }
    out
}
