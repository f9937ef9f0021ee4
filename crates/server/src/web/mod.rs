//! The web UI: server-rendered pages (askama templates in `templates/`, escaped by
//! default), one stylesheet, no script. Every page is sent with a Content-Security-
//! Policy that allows no script at all, so text from a record can never run.

mod charts;
mod compare;
mod download;
mod fields;
mod history;
mod search;
mod study;
mod view;

pub mod query;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{ApiError, AppState};

/// No script from anywhere, styles and images from this server only, forms post here.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = include_str!("../../static/style.css");

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(search::page))
        .route("/study/{id}", get(study::page))
        .route("/study/{id}/history", get(history::page))
        .route("/study/{id}/compare", get(compare::page))
        .route("/stats", get(charts::page))
        .route("/download.csv", get(|state, query| download::download(download::Format::Csv, state, query)))
        .route("/download.ndjson", get(|state, query| download::download(download::Format::Ndjson, state, query)))
        .route(
            "/static/style.css",
            get(|| async { ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "max-age=3600")], STYLE) }),
        )
}

/// A rendered page with the headers every page carries.
fn html(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => {
            let mut response = (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
            let headers = response.headers_mut();
            headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
            headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
            response
        }
        Err(err) => ApiError::internal(format!("page did not render: {err}")).into_response(),
    }
}

/// A page that says what went wrong, with the status code that says it too.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    message: String,
}

fn error_page(err: ApiError) -> Response {
    html(err.status, &ErrorPage { status: err.status.as_u16(), message: err.message })
}
