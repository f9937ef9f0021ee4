//! One database of the seeds and CT.gov, ChiCTR, ICTRP and EU records from
//! ../shared/corpus, imported with `trialdex import` and served in this process on a
//! free port, and the HTTP helpers the API tests share.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::common::{shared, trialdex};
use serde_json::Value;
use trialdex_index::SearchIndex;
use trialdex_server::AppState;
use trialdex_store::SqliteStore;

/// The token the test server takes for writes.
pub const WRITE_TOKEN: &str = "a-test-token";

/// The address of the test server.
pub fn server() -> SocketAddr {
    fixture().1
}

/// The test server's database directory.
pub fn db() -> &'static Path {
    fixture().0.path()
}

fn fixture() -> &'static (tempfile::TempDir, SocketAddr) {
    static SERVER: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<String> = ["seeds", "corpus/ctgov-v2", "corpus/chictr", "corpus/ictrp", "corpus/euctr"]
            .iter()
            .map(|rel| shared(rel).to_str().unwrap().to_owned())
            .collect();
        let mut args = vec!["import"];
        args.extend(inputs.iter().map(String::as_str));
        let output = trialdex(dir.path(), &args);
        // Exit status 1: some corpus files are unreadable on purpose; the rest is imported.
        assert!(output.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&output.stderr));
        let address = start(dir.path());
        (dir, address)
    })
}

/// A server of its own on an empty database, for tests that write: what they store
/// cannot change the counts the other tests check.
pub fn empty_server() -> SocketAddr {
    static SERVER: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let address = start(dir.path());
            (dir, address)
        })
        .1
}

/// Serves the database in `dir` on a free port, from a thread of this process.
fn start(dir: &Path) -> SocketAddr {
    let store = SqliteStore::open(dir).unwrap();
    let index = SearchIndex::open(&dir.join("index")).unwrap();
    index.sync(&store, &mut |_| {}).unwrap();
    let state = Arc::new(
        AppState::new(Arc::new(store), Arc::new(index), Some(WRITE_TOKEN.to_owned())).with_db_dir(dir.to_owned()),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            trialdex_server::serve(listener, state, std::future::pending()).await.unwrap();
        });
    });
    address
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON, after checking the answer is a 200 with a JSON body.
    pub fn json(&self) -> Value {
        assert_eq!(self.status, 200, "{}", self.body);
        assert!(self.content_type.starts_with("application/json"), "{}", self.content_type);
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends `method` to `path_and_query` (already encoded) at `address`, with headers and a body.
pub fn send_to(
    address: SocketAddr,
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Reply {
    let url = format!("http://{address}{path_and_query}");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut request = ureq::http::Request::builder().method(method).uri(&url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(body.map(<[u8]>::to_vec).unwrap_or_default()).unwrap();
    let mut response = agent.run(request).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    // A compressed body is left unread: the tests that ask for gzip check the headers.
    let body = if headers.contains_key("content-encoding") {
        String::new()
    } else {
        response.body_mut().with_config().limit(u64::MAX).read_to_string().unwrap()
    };
    Reply { status, content_type, headers, body }
}

pub fn get_with(path_and_query: &str, headers: &[(&str, &str)]) -> Reply {
    send_to(server(), "GET", path_and_query, headers, None)
}

pub fn get(path_and_query: &str) -> Reply {
    get_with(path_and_query, &[])
}

/// A query string from name/value pairs.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// The `nctId` of every study of a `/studies` page.
pub fn ids(page: &Value) -> Vec<String> {
    page["studies"]
        .as_array()
        .expect("studies")
        .iter()
        .map(|s| s["protocolSection"]["identificationModule"]["nctId"].as_str().unwrap_or_default().to_owned())
        .collect()
}

pub fn is_nct(id: &str) -> bool {
    id.len() == 11 && id.starts_with("NCT") && id[3..].bytes().all(|b| b.is_ascii_digit())
}
