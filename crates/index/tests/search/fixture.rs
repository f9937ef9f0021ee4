//! One store and index holding the seeds and ../shared/corpus, built once per test binary.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use trialdex_index::SearchIndex;
use trialdex_index::request::{SearchRequest, SearchResults};
use trialdex_model::Study;
use trialdex_store::{NewVersion, Source, SqliteStore, Store};

pub struct Fixture {
    pub store: SqliteStore,
    pub index: SearchIndex,
    _dir: tempfile::TempDir,
}

pub fn shared(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel);
    assert!(
        path.exists(),
        "{} is missing: the tests read real records from ../shared beside the checkout",
        path.display()
    );
    path
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(dir.path()).expect("store");
        for root in [shared("seeds"), shared("corpus")] {
            let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            for chunk in files.chunks(64) {
                let mut batch = Vec::new();
                for path in chunk {
                    let raw = std::fs::read(path).expect("read");
                    let Ok(parsed) = trialdex_ingest::parse(&raw) else { continue };
                    let source = Source::new(&raw).expect("source");
                    for study in &parsed.records {
                        if let Ok(version) = NewVersion::new(study, Arc::clone(&source), path.to_str(), 0) {
                            batch.push(version);
                        }
                    }
                }
                store.put(&batch).expect("put");
            }
        }
        let index = SearchIndex::open(&dir.path().join("index")).expect("index");
        index.sync(&store, &mut |_| {}).expect("sync");
        Fixture { store, index, _dir: dir }
    })
}

pub fn request(queries: &[(&str, &str)], page_size: usize) -> SearchRequest {
    SearchRequest {
        queries: queries.iter().map(|(a, q)| (a.to_string(), q.to_string())).collect(),
        page_size,
        ..SearchRequest::default()
    }
}

pub fn search(queries: &[(&str, &str)], page_size: usize) -> SearchResults {
    fixture().index.search(&request(queries, page_size)).unwrap_or_else(|e| panic!("{queries:?}: {e}"))
}

pub fn search_err(queries: &[(&str, &str)], page_token: Option<String>) -> String {
    let request = SearchRequest { page_token, ..request(queries, 10) };
    match fixture().index.search(&request) {
        Ok(results) => panic!("{queries:?} should fail, found {}", results.total),
        Err(e) => e.to_string(),
    }
}

/// Records matching a query-language expression (BasicSearch by default).
pub fn count(query: &str) -> u64 {
    search(&[("term", query)], 1).total
}

pub fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.key.registry_id.clone()).collect()
}

/// Every current record, for counting directly what a query should find.
pub fn records() -> &'static [Study] {
    static RECORDS: OnceLock<Vec<Study>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let mut all = Vec::new();
        trialdex_store::for_each_current(&fixture().store, 1000, |v| -> Result<(), trialdex_store::Error> {
            all.push(v.study);
            Ok(())
        })
        .expect("records");
        all
    })
}
