//! `/stats`: the result set of a search (everything, without one) as charts — by
//! status, phase, registry, start year and country — drawn as SVG on the server, so
//! they read without script.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use trialdex_index::request::FacetCounts;

use super::query::WebQuery;
use super::view::{label, registry_label};
use super::{error_page, html};
use crate::{AppState, blocking};

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    total: u64,
    /// The search these charts are of, as a link back to its results.
    search_href: String,
    searched: bool,
    bars: Vec<BarChart>,
    years: Option<ColumnChart>,
}

/// Horizontal bars, one per value, longest first.
struct BarChart {
    title: &'static str,
    height: usize,
    bars: Vec<Bar>,
}

struct Bar {
    label: String,
    count: u64,
    y: usize,
    width: usize,
}

/// Columns, one per year, in order.
struct ColumnChart {
    columns: Vec<Column>,
    /// Years labelled under the axis (every few, so they do not overlap).
    ticks: Vec<(String, usize)>,
    max: u64,
}

struct Column {
    label: String,
    count: u64,
    x: usize,
    width: usize,
    y: usize,
    height: usize,
}

/// Bar area width and row height in SVG units; the label column is 210 wide.
const BAR_WIDTH: usize = 330;
const ROW: usize = 24;
const MOST_BARS: usize = 15;
/// The year chart spans the page: 960 units of columns after a 20-unit margin.
const COLUMNS_WIDTH: usize = 960;
const COLUMNS_LEFT: usize = 20;
const COLUMNS_HEIGHT: usize = 160;

pub async fn page(State(state): State<Arc<AppState>>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let query = WebQuery::new(pairs);
    let request = match query.request(1, true) {
        Ok(mut request) => {
            request.offset = 0;
            request
        }
        Err(err) => return error_page(err),
    };
    let results = match blocking(move || Ok(state.index.search(&request)?)).await {
        Ok(results) => results,
        Err(err) => return error_page(err),
    };
    let facet = |name: &str| results.facets.iter().find(|f| f.name == name);
    let mut bars = Vec::new();
    for (name, title) in [("status", "Status"), ("phase", "Phase"), ("registry", "Registry"), ("country", "Country")] {
        if let Some(chart) = facet(name).and_then(|f| bar_chart(title, f, name == "registry")) {
            bars.push(chart);
        }
    }
    let page = StatsPage {
        total: results.total,
        search_href: query.at_page(1),
        searched: !query.is_empty(),
        bars,
        years: facet("startYear").and_then(column_chart),
    };
    html(StatusCode::OK, &page)
}

fn bar_chart(title: &'static str, facet: &FacetCounts, registries: bool) -> Option<BarChart> {
    let max = facet.values.iter().map(|(_, n)| *n).max().filter(|m| *m > 0)?;
    let bars: Vec<Bar> = facet
        .values
        .iter()
        .take(MOST_BARS)
        .enumerate()
        .map(|(at, (value, count))| {
            let text = if registries { registry_label(value) } else { label(value) };
            Bar {
                label: shorten(&text, 30),
                count: *count,
                y: at * ROW,
                width: ((*count as f64 / max as f64) * BAR_WIDTH as f64).round().max(1.0) as usize,
            }
        })
        .collect();
    Some(BarChart { title, height: bars.len() * ROW, bars })
}

fn column_chart(facet: &FacetCounts) -> Option<ColumnChart> {
    let max = facet.values.iter().map(|(_, n)| *n).max().filter(|m| *m > 0)?;
    // Every year from the first to the last, none skipped: a year with no study is a gap.
    let counts: std::collections::BTreeMap<i32, u64> =
        facet.values.iter().filter_map(|(year, n)| Some((year.parse::<i32>().ok()?, *n))).collect();
    let (first, last) = (*counts.keys().next()?, *counts.keys().next_back()?);
    let values: Vec<(String, u64)> =
        (first..=last).map(|year| (year.to_string(), counts.get(&year).copied().unwrap_or(0))).collect();
    let facet = &FacetCounts { name: facet.name.clone(), values };
    let width = (COLUMNS_WIDTH / facet.values.len().max(1)).max(2);
    let every = facet.values.len().div_ceil(12).max(1);
    let columns: Vec<Column> = facet
        .values
        .iter()
        .enumerate()
        .map(|(at, (year, count))| {
            let height = ((*count as f64 / max as f64) * COLUMNS_HEIGHT as f64).round() as usize;
            Column {
                label: year.clone(),
                count: *count,
                x: COLUMNS_LEFT + at * width,
                width: width.saturating_sub(1).max(1),
                y: COLUMNS_HEIGHT - height,
                height,
            }
        })
        .collect();
    let ticks = columns.iter().step_by(every).map(|c| (c.label.clone(), c.x + c.width / 2)).collect();
    Some(ColumnChart { columns, ticks, max })
}

fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_owned();
    }
    text.chars().take(most - 1).collect::<String>() + "…"
}
