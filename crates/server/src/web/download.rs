//! `/download.csv` and `/download.ndjson`: every result of a search-page URL, not one
//! page, streamed as it is read (a thousand records at a time), so a download of the
//! whole database holds no more than a page in memory.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use trialdex_index::request::{MAX_PAGE_SIZE, SearchRequest, SearchResults};
use trialdex_model::ctgov_csv;

use super::error_page;
use super::query::WebQuery;
use crate::{ApiError, AppState};

#[derive(Clone, Copy)]
pub enum Format {
    Csv,
    Ndjson,
}

/// Chunks waiting to be sent: the reader runs at most this far ahead of the client.
const BUFFERED_CHUNKS: usize = 4;

pub async fn download(
    format: Format,
    State(state): State<Arc<AppState>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let mut request = match WebQuery::new(pairs).request(MAX_PAGE_SIZE, false) {
        Ok(request) => request,
        Err(err) => return error_page(err),
    };
    request.offset = 0;
    // The first page before the answer starts: a bad search is then an error page, not
    // a cut file; the writer goes on from it.
    let searcher = Arc::clone(&state);
    let first_request = request.clone();
    let first = match crate::blocking(move || Ok(searcher.index.search(&first_request)?)).await {
        Ok(first) => first,
        Err(err) => return error_page(err),
    };
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(BUFFERED_CHUNKS);
    tokio::task::spawn_blocking(move || {
        if let Err(err) = write_all(&state, request, first, format, &sender) {
            // The client sees a cut answer; the log says why.
            tracing::warn!("download stopped: {}", err.message);
            let _ = sender.blocking_send(Err(std::io::Error::other(err.message)));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let (content_type, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "trialdex-studies.csv"),
        Format::Ndjson => ("application/x-ndjson", "trialdex-studies.ndjson"),
    };
    (
        [(CONTENT_TYPE, content_type.to_owned()), (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))],
        Body::from_stream(stream),
    )
        .into_response()
}

fn write_all(
    state: &AppState,
    mut request: SearchRequest,
    first: SearchResults,
    format: Format,
    sender: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ApiError> {
    let send = |bytes: Vec<u8>| sender.blocking_send(Ok(Bytes::from(bytes))).is_ok();
    if let Format::Csv = format {
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(ctgov_csv::COLUMNS).map_err(ApiError::internal)?;
        if !send(header.into_inner().map_err(ApiError::internal)?) {
            return Ok(());
        }
    }
    let mut results = first;
    loop {
        let mut chunk = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        let mut lines = Vec::new();
        for hit in &results.hits {
            let Some(version) = state.store.current(&hit.key)? else { continue };
            match format {
                Format::Csv => chunk.write_record(ctgov_csv::row(&version.study)).map_err(ApiError::internal)?,
                Format::Ndjson => {
                    serde_json::to_writer(&mut lines, &version.study).map_err(ApiError::internal)?;
                    lines.push(b'\n');
                }
            }
        }
        let bytes = match format {
            Format::Csv => chunk.into_inner().map_err(ApiError::internal)?,
            Format::Ndjson => lines,
        };
        // A client that went away stops the reading too.
        if !send(bytes) {
            return Ok(());
        }
        match results.next_page_token {
            Some(token) => request.page_token = Some(token),
            None => return Ok(()),
        }
        results = state.index.search(&request)?;
    }
}
