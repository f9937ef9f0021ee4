//! The index follows the store: new versions replace old ones, a missed change is
//! picked up on the next sync (as after a crash between store and index), and a
//! rebuild gives the same answers.

use trialdex_index::SearchIndex;
use trialdex_model::Study;
use trialdex_store::{NewVersion, Source, SqliteStore, Store};

use crate::fixture::{request, shared};

fn seed_study(prefix: &str) -> Study {
    let dir = shared("seeds");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    let parsed = trialdex_ingest::parse(&std::fs::read(path).unwrap()).unwrap();
    parsed.records.into_iter().next().expect("one record")
}

fn put(store: &SqliteStore, study: &Study) {
    let raw = serde_json::to_vec(study).unwrap();
    store.put(&[NewVersion::new(study, Source::new(&raw).unwrap(), None, 0).unwrap()]).unwrap();
}

fn retitled(study: &Study, title: &str) -> Study {
    let mut study = study.clone();
    let ident = study.protocol_section.as_mut().unwrap().identification_module.as_mut().unwrap();
    ident.brief_title = Some(title.to_owned());
    study
}

fn hits(index: &SearchIndex, query: &str) -> u64 {
    index.search(&request(&[("titles", query)], 10)).unwrap().total
}

#[test]
fn the_index_follows_new_versions_and_heals_after_a_missed_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let study = seed_study("000");
    put(&store, &study);
    put(&store, &seed_study("001"));
    let index_dir = dir.path().join("index");
    let index = SearchIndex::open(&index_dir).unwrap();
    let first = index.sync(&store, &mut |_| {}).unwrap();
    assert!(first.rebuilt);
    assert_eq!((index.len(), first.seq), (2, 2));

    put(&store, &retitled(&study, "Zanubrutinib for warm autoimmune haemolysis"));
    assert_eq!(hits(&index, "zanubrutinib"), 0, "not indexed before the sync");
    let second = index.sync(&store, &mut |_| {}).unwrap();
    assert_eq!((second.indexed, second.rebuilt), (1, false));
    assert_eq!(hits(&index, "zanubrutinib"), 1);
    assert_eq!(index.len(), 2, "the new version replaced the old one");

    // A change the index never saw (the process died between store and index) is
    // picked up when the index is next opened and synced.
    put(&store, &retitled(&study, "Avatrombopag in primary immune thrombocytopenia"));
    drop(index);
    let reopened = SearchIndex::open(&index_dir).unwrap();
    assert_eq!(reopened.applied_seq().unwrap(), 3);
    assert_eq!(reopened.sync(&store, &mut |_| {}).unwrap().seq, 4);
    assert_eq!((hits(&reopened, "avatrombopag"), hits(&reopened, "zanubrutinib")), (1, 0));

    let rebuilt = reopened.rebuild(&store, &mut |_| {}).unwrap();
    assert_eq!((rebuilt.indexed, reopened.len()), (2, 2));
    assert_eq!(hits(&reopened, "avatrombopag"), 1);
}

#[test]
fn an_index_of_another_format_is_rebuilt_not_searched() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    put(&store, &seed_study("000"));
    let index_dir = dir.path().join("index");
    SearchIndex::open(&index_dir).unwrap().sync(&store, &mut |_| {}).unwrap();
    std::fs::write(index_dir.join("FORMAT"), "trialdex-index 0").unwrap();
    let index = SearchIndex::open(&index_dir).unwrap();
    assert_eq!((index.len(), index.applied_seq().unwrap()), (0, 0));
    assert!(index.sync(&store, &mut |_| {}).unwrap().rebuilt);
    assert_eq!(index.len(), 1);
}
