//! `trialdex search` and `reindex` on the seeds and the CT.gov v2 corpus folder.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::{shared, stdout, trialdex};

/// One database with the seeds and the v2 folder, imported (and so indexed) once.
fn db() -> &'static Path {
    static DB: OnceLock<tempfile::TempDir> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let seeds = shared("seeds");
        let v2 = shared("corpus/ctgov-v2");
        let output = trialdex(dir.path(), &["import", seeds.to_str().unwrap(), v2.to_str().unwrap()]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains("built the search index"));
        dir
    })
    .path()
}

#[test]
fn search_prints_one_line_per_record_and_the_count() {
    let out = stdout(&trialdex(db(), &["search", "--cond", "ITP"]));
    let first = out.lines().next().unwrap_or_default();
    assert!(out.lines().any(|l| l.starts_with("NCT05281068\tctgov\t")), "{out}");
    assert_eq!(first.split('\t').count(), 5, "id, registry, status, phase, title: {first}");
    assert!(out.contains(" records found; ") || out.contains(" record found; "), "{out}");
}

#[test]
fn json_output_is_one_normalized_record_per_line_best_first() {
    let out = stdout(&trialdex(db(), &["search", "--json", "--page-size", "3", "再生障碍性贫血"]));
    let records: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert!(!records.is_empty() && records.len() <= 3);
    assert_eq!(records[0]["registrySection"]["registryId"], "ChiCTR2600117810");
}

#[test]
fn facets_and_filters_narrow_the_results() {
    let out = stdout(&trialdex(db(), &["search", "--cond", "cancer", "--status", "RECRUITING", "--facets"]));
    let status_line = out.lines().find(|l| l.starts_with("status: ")).expect("status facet");
    assert!(status_line.starts_with("status: RECRUITING "), "only recruiting trials: {status_line}");
    assert!(out.lines().filter(|l| l.contains('\t')).all(|l| l.split('\t').nth(2) == Some("RECRUITING")));
}

#[test]
fn a_bad_query_is_a_clear_error() {
    let output = trialdex(db(), &["search", "AREA[Nope]x"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown search area or field \"Nope\""), "{stderr}");
}

#[test]
fn reindex_rebuilds_the_same_answers() {
    let before = stdout(&trialdex(db(), &["search", "--cond", "breast cancer", "--page-size", "20"]));
    let output = trialdex(db(), &["reindex"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("indexed "), "{output:?}");
    let after = stdout(&trialdex(db(), &["search", "--cond", "breast cancer", "--page-size", "20"]));
    assert_eq!(before, after);
}
