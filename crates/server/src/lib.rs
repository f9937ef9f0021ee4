//! HTTP: ClinicalTrials.gov's API v2 over every registry's records (`api_v2/`) and
//! trialdex's own API (`api/`), and the web UI (`web/`).
//!
//! The handlers only translate: HTTP parameters into a [`SearchRequest`], records
//! from the store into CT.gov's response shapes. Searching and storing are the
//! index's and the store's, as they are for the command line.
//!
//! [`SearchRequest`]: trialdex_index::request::SearchRequest

mod api;
mod api_v2;
mod error;
mod web;

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::http::{HeaderName, Method, StatusCode, Uri};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;
use trialdex_index::SearchIndex;
use trialdex_index::request::Collapse;
use trialdex_link::saved::SavedLinks;
use trialdex_store::Store;

pub use error::ApiError;

/// What every request reads: the records and their search index.
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub index: Arc<SearchIndex>,
    /// The bearer token that allows storing records; None: writes are disabled.
    pub write_token: Option<String>,
    /// Statistics over every record, by request, with the store change they reflect.
    stats_cache: Mutex<HashMap<String, (u64, Arc<serde_json::Value>)>>,
    /// The database directory, where `trialdex links` keeps the links it computed.
    db_dir: Option<PathBuf>,
    /// Those links as last read, with the file's modification time and the search
    /// collapse they make.
    links: Mutex<Option<(SystemTime, Arc<SavedLinks>, Collapse)>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, index: Arc<SearchIndex>, write_token: Option<String>) -> AppState {
        AppState { store, index, write_token, stats_cache: Mutex::default(), db_dir: None, links: Mutex::default() }
    }

    /// Shows the links saved in `dir` (by `trialdex links`) on study pages and the API.
    pub fn with_db_dir(mut self, dir: PathBuf) -> AppState {
        self.db_dir = Some(dir);
        self
    }

    /// The saved links, read again when the file changes; None when there are none.
    pub(crate) fn saved_links(&self) -> Option<Arc<SavedLinks>> {
        self.links().map(|(saved, _)| saved)
    }

    /// The saved links' clusters, for searches showing one result per trial.
    pub(crate) fn collapse(&self) -> Option<Collapse> {
        self.links().map(|(_, collapse)| collapse)
    }

    fn links(&self) -> Option<(Arc<SavedLinks>, Collapse)> {
        let dir = self.db_dir.as_deref()?;
        let modified = std::fs::metadata(SavedLinks::path(dir)).and_then(|m| m.modified()).ok()?;
        let mut cached = self.links.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((at, links, collapse)) = cached.as_ref()
            && *at == modified
        {
            return Some((Arc::clone(links), collapse.clone()));
        }
        let links = Arc::new(SavedLinks::load(dir)?);
        let collapse = Collapse::new(links.clusters.iter().map(|c| c.members.as_slice()));
        *cached = Some((modified, Arc::clone(&links), collapse.clone()));
        Some((links, collapse))
    }
}

/// A request that runs longer is answered 503; a client never waits for good.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest request body read (a record sent for storing).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// How often the server looks for records another process (`trialdex import`) stored.
pub const INDEX_FOLLOW_INTERVAL: Duration = Duration::from_secs(5);

/// Every route, with logging, gzip, CORS for GET and the size and time limits.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        // What ClinicalTrials.gov itself would return: its own records only, so clients
        // that insist on NCT ids work unchanged on a database of many registries.
        .nest("/api/v2", api_v2::routes(api_v2::Scope::CtGov))
        // Every registry's records in the same API; see README "Serving".
        .nest("/all/api/v2", api_v2::routes(api_v2::Scope::AllRegistries))
        .nest("/api/trialdex/v1", api::routes())
        .merge(web::routes())
        .with_state(state)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            CorsLayer::new()
                .allow_methods([Method::GET, Method::HEAD])
                .allow_origin(Any)
                // Browser code paging through CSV reads these.
                .expose_headers([
                    HeaderName::from_static("x-total-count"),
                    HeaderName::from_static("x-next-page-token"),
                ]),
        )
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // The server was too slow, not the client: 503, which clients may retry later.
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// Serves until `shutdown` completes, then finishes the requests under way. Keeps the
/// index following the store meanwhile, so records imported by another process appear.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let follower = tokio::spawn(follow_store(Arc::clone(&state)));
    let result = axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await;
    follower.abort();
    result
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no page or endpoint at {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError { status: StatusCode::METHOD_NOT_ALLOWED, message: format!("{method} is not allowed on {}", uri.path()) }
}

/// The current version of a record the index found; its absence from the store is the
/// server's fault (an index behind the store), not the caller's.
pub(crate) fn current_study(
    store: &dyn Store,
    key: &trialdex_store::RecordKey,
) -> Result<trialdex_model::Study, ApiError> {
    store
        .current(key)?
        .map(|version| version.study)
        .ok_or_else(|| ApiError::internal(format!("{key} is in the search index but not in the store")))
}

/// Runs store and index work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?
}

/// Percent-encodes a URL component (RFC 3986's unreserved characters kept).
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn follow_store(state: Arc<AppState>) {
    let mut ticks = tokio::time::interval(INDEX_FOLLOW_INTERVAL);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let state = Arc::clone(&state);
        let synced = tokio::task::spawn_blocking(move || {
            match state.index.sync(&*state.store, &mut |_| {}) {
                // An import holds the index for writing and indexes what it stores:
                // its commits become visible once the reader looks again.
                Err(trialdex_index::Error::Busy(_)) => state.index.refresh(),
                other => other.map(|_| ()),
            }
        })
        .await;
        match synced {
            Ok(Ok(())) => {}
            Ok(Err(err)) => tracing::warn!("cannot bring the search index up to date: {err}"),
            Err(err) => tracing::warn!("index follower stopped: {err}"),
        }
    }
}
