//! The store contract, run against every backend (`backend_suite!` at the bottom).
//! Records are real: read from ../shared with trialdex-ingest, then edited.

use std::path::Path;

use trialdex_model::{PartialDate, Study};
use trialdex_store::{NewVersion, PutOutcome, RecordKey, Source, SqliteStore, Store};

fn shared(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{} is missing ({e}): the tests read ../shared", path.display()))
}

fn record(rel: &str) -> (Study, Vec<u8>) {
    let raw = shared(rel);
    let mut parsed = trialdex_ingest::parse(&raw).expect("a known format");
    (parsed.records.remove(0), raw)
}

fn put(store: &dyn Store, study: &Study, raw: &[u8]) -> PutOutcome {
    store.put(&[version(study, raw)]).unwrap()[0]
}

fn version(study: &Study, raw: &[u8]) -> NewVersion {
    NewVersion::new(study, Source::new(raw).unwrap(), Some("test"), 0).unwrap()
}

fn retitle(study: &Study, title: &str) -> Study {
    let mut edited = study.clone();
    let ident = edited.protocol_section.as_mut().unwrap().identification_module.as_mut().unwrap();
    ident.brief_title = Some(title.into());
    edited
}

fn last_updated(study: &Study, date: &str) -> Study {
    let mut edited = study.clone();
    let status = edited.protocol_section.as_mut().unwrap().status_module.as_mut().unwrap();
    status.last_update_post_date_struct.as_mut().unwrap().date = Some(PartialDate::parse(date).unwrap());
    edited
}

const V2: &str = "corpus/ctgov-v2/NCT00000410.json";

fn key() -> RecordKey {
    RecordKey { registry: trialdex_model::Registry::Ctgov, registry_id: "NCT00000410".into() }
}

pub fn reading_the_same_content_twice_adds_nothing(store: &dyn Store) {
    let (study, raw) = record(V2);
    assert_eq!(put(store, &study, &raw), PutOutcome::NewRecord { version: 1 });
    assert_eq!(put(store, &study, &raw), PutOutcome::Unchanged { version: 1 });
    let counts = store.counts().unwrap();
    assert_eq!((counts.records, counts.versions), (1, 1));
}

pub fn changed_content_is_the_next_version(store: &dyn Store) {
    let (study, raw) = record(V2);
    put(store, &study, &raw);
    let edited = last_updated(&retitle(&study, "A new title"), "2030-01-01");
    assert_eq!(put(store, &edited, b"edited bytes"), PutOutcome::NewVersion { version: 2 });
    let current = store.current(&key()).unwrap().unwrap();
    assert_eq!(current.info.version, 2);
    assert_eq!(current.study, edited);
    let history = store.history(&key()).unwrap();
    assert_eq!(history.iter().map(|v| (v.version, v.is_current)).collect::<Vec<_>>(), [(1, false), (2, true)]);
    assert_eq!(store.version(&key(), 1).unwrap().unwrap().study, study);
    // Reading version 1 again changes nothing: it is known.
    assert_eq!(put(store, &study, &raw), PutOutcome::Unchanged { version: 1 });
    assert_eq!(store.current(&key()).unwrap().unwrap().info.version, 2);
}

pub fn an_older_version_read_later_is_kept_but_not_current(store: &dyn Store) {
    let (study, raw) = record(V2);
    put(store, &study, &raw);
    let older = last_updated(&retitle(&study, "An older title"), "2001-01-01");
    assert_eq!(put(store, &older, b"older bytes"), PutOutcome::OlderVersion { version: 2 });
    assert_eq!(store.current(&key()).unwrap().unwrap().info.version, 1);
    let history = store.history(&key()).unwrap();
    // Ordered by the source's own date: the older text comes first.
    assert_eq!(history.iter().map(|v| (v.version, v.is_current)).collect::<Vec<_>>(), [(2, false), (1, true)]);
}

pub fn raw_sources_read_back_byte_for_byte(store: &dyn Store) {
    let (study, raw) = record(V2);
    put(store, &study, &raw);
    put(store, &retitle(&study, "x"), b"second source");
    assert_eq!(store.raw(&key(), 1).unwrap().unwrap(), raw);
    assert_eq!(store.raw(&key(), 2).unwrap().unwrap(), b"second source");
    assert_eq!(store.raw(&key(), 3).unwrap(), None);
}

pub fn any_id_in_any_case_finds_the_record(store: &dyn Store) {
    let (study, raw) = record("corpus/ctgov-v2-edge/NCT00465595.json");
    put(store, &study, &raw);
    let key = RecordKey { registry: trialdex_model::Registry::Ctgov, registry_id: "NCT00465595".into() };
    assert_eq!(store.resolve("nct00465595").unwrap(), std::slice::from_ref(&key));
    assert_eq!(store.resolve(" NCT00850967 ").unwrap(), [key], "an alias is an id of the record");
    assert!(store.resolve("NCT99999999").unwrap().is_empty());
}

pub fn the_change_sequence_lists_versions_in_order(store: &dyn Store) {
    assert_eq!(store.last_seq().unwrap(), 0, "an empty store has no change");
    let (a, raw_a) = record(V2);
    let (b, raw_b) = record("corpus/ctgov-v2/NCT00007696.json");
    let batch = [version(&a, &raw_a), version(&b, &raw_b), version(&a, &raw_a)];
    store.put(&batch).unwrap();
    put(store, &retitle(&a, "changed"), b"x");
    let changes = store.changes(0, 100).unwrap();
    let seen: Vec<(u64, String, u32)> = changes.iter().map(|c| (c.seq, c.key.registry_id.clone(), c.version)).collect();
    assert_eq!(seen, [(1, "NCT00000410".into(), 1), (2, "NCT00007696".into(), 1), (3, "NCT00000410".into(), 2)]);
    assert_eq!(store.changes(2, 100).unwrap().len(), 1);
    assert_eq!(store.last_seq().unwrap(), 3);
}

pub fn current_records_page_in_key_order(store: &dyn Store) {
    for rel in ["corpus/ctgov-v2/NCT00007696.json", V2, "corpus/ctgov-v2/NCT00033839.json"] {
        let (study, raw) = record(rel);
        put(store, &study, &raw);
    }
    let first = store.current_records(None, 2).unwrap();
    let rest = store.current_records(Some(&first[1].key), 2).unwrap();
    let ids: Vec<&str> = first.iter().chain(&rest).map(|r| r.key.registry_id.as_str()).collect();
    assert_eq!(ids, ["NCT00000410", "NCT00007696", "NCT00033839"]);
    store.check().unwrap();
}

macro_rules! backend_suite {
    ($backend:ident, $open:expr) => {
        mod $backend {
            use super::*;
            backend_suite!(@tests $open;
                reading_the_same_content_twice_adds_nothing,
                changed_content_is_the_next_version,
                an_older_version_read_later_is_kept_but_not_current,
                raw_sources_read_back_byte_for_byte,
                any_id_in_any_case_finds_the_record,
                the_change_sequence_lists_versions_in_order,
                current_records_page_in_key_order,
            );
        }
    };
    (@tests $open:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let dir = tempfile::tempdir().unwrap();
                let store = $open(dir.path());
                super::$name(&store);
            }
        )*
    };
}

backend_suite!(sqlite, |dir: &Path| SqliteStore::open(dir).unwrap());

#[test]
fn sqlite_refuses_a_database_from_a_newer_trialdex() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    let conn = rusqlite_open(&dir.path().join("trialdex.sqlite"));
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = SqliteStore::open(dir.path()).err().expect("refused").to_string();
    assert!(err.contains("was written by a newer trialdex (schema 99, this trialdex reads up to 1)"), "{err}");
}

fn rusqlite_open(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// A full disk fails the batch with a clear error and leaves the database as it was:
/// the batch is one transaction, rolled back whole.
#[test]
fn sqlite_a_full_disk_fails_the_batch_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let (first, raw) = record(V2);
    put(&store, &first, &raw);
    let before = store.counts().unwrap();
    let pages: u32 = (before.stored_bytes / 4096) as u32;
    store.cap_size_in_pages(pages + 2).unwrap();
    let big: Vec<(Study, Vec<u8>)> =
        ["corpus/ctgov-v2/NCT00007696.json", "corpus/ctgov-v2/NCT00033839.json", "corpus/ctgov-v2/NCT00044187.json"]
            .iter()
            .map(|rel| record(rel))
            .collect();
    let batch: Vec<NewVersion> = big.iter().map(|(s, r)| version(s, &r.repeat(40))).collect();
    let err = store.put(&batch).expect_err("the capped database is full").to_string();
    assert!(err.contains("database or disk is full"), "{err}");
    let after = store.counts().unwrap();
    assert_eq!(
        (after.records, after.versions, after.raw_sources),
        (before.records, before.versions, before.raw_sources)
    );
    store.check().unwrap();
    assert_eq!(store.current(&key()).unwrap().unwrap().study, first);
}
