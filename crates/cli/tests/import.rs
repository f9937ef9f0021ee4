//! `trialdex import`, `show`, `history` and `diff` as a registry operator uses them.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{shared, stdout, trialdex};

fn summary(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).lines().find(|l| l.starts_with("imported ")).unwrap_or_default().to_owned()
}

const RECORD: &str = "corpus/ctgov-v2/NCT00000410.json";

#[test]
fn importing_twice_adds_no_version_and_an_edit_adds_one() {
    let db = tempfile::tempdir().unwrap();
    let corpus = shared("corpus/ctgov-v2");
    let first = trialdex(db.path(), &["import", corpus.to_str().unwrap()]);
    assert!(summary(&first).contains(" new records, 0 new versions"), "{}", summary(&first));
    let again = trialdex(db.path(), &["import", corpus.to_str().unwrap()]);
    assert!(
        summary(&again).contains(": 0 new records, 0 new versions, 0 older versions kept, "),
        "{}",
        summary(&again)
    );

    // An edited copy: a new title and a later update date.
    let original = std::fs::read_to_string(shared(RECORD)).unwrap();
    let edited = original
        .replace(
            "Spine Patient Outcomes Research Trial (SPORT) - Intervertebral Disc Herniation",
            "SPORT: disc herniation",
        )
        .replace("\"date\": \"2015-08-04\"", "\"date\": \"2030-01-01\"");
    assert_ne!(edited, original);
    let dir = tempfile::tempdir().unwrap();
    let edited_path = dir.path().join("edited.json");
    std::fs::write(&edited_path, &edited).unwrap();
    let third = trialdex(db.path(), &["import", edited_path.to_str().unwrap()]);
    assert!(summary(&third).contains(": 0 new records, 1 new versions"), "{}", summary(&third));

    let history = stdout(&trialdex(db.path(), &["history", "nct00000410"]));
    assert!(history.starts_with("ctgov:NCT00000410: 2 versions"), "{history}");
    assert!(history.contains(" v1 "), "{history}");
    assert!(history.contains("*v2 "), "the edit is current: {history}");
    assert!(
        history.contains("changed protocolSection.identificationModule, protocolSection.statusModule"),
        "{history}"
    );

    let diff = stdout(&trialdex(db.path(), &["diff", "NCT00000410", "1", "2", "--json"]));
    let paths: Vec<String> = diff
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "protocolSection.identificationModule.briefTitle",
            "protocolSection.statusModule.lastUpdatePostDateStruct.date"
        ],
        "exactly the edited fields"
    );

    // Raw bytes of each version, byte for byte.
    let raw1 = trialdex(db.path(), &["show", "NCT00000410", "--raw", "--version", "1"]);
    assert_eq!(raw1.stdout, original.as_bytes());
    let raw2 = trialdex(db.path(), &["show", "NCT00000410", "--raw"]);
    assert_eq!(raw2.stdout, edited.as_bytes());
}

#[test]
fn an_older_version_imported_later_is_not_current() {
    let db = tempfile::tempdir().unwrap();
    trialdex(db.path(), &["import", shared(RECORD).to_str().unwrap()]);
    let older = std::fs::read_to_string(shared(RECORD))
        .unwrap()
        .replace("\"date\": \"2015-08-04\"", "\"date\": \"2001-01-01\"")
        .replace("Intervertebral Disc Herniation", "IDH");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.json");
    std::fs::write(&path, older).unwrap();
    let out = trialdex(db.path(), &["import", path.to_str().unwrap()]);
    assert!(summary(&out).contains("1 older versions kept"), "{}", summary(&out));
    let show = stdout(&trialdex(db.path(), &["show", "NCT00000410"]));
    assert!(show.starts_with("ctgov:NCT00000410  version 1 of 2 (current)"), "{show}");
    assert!(show.contains("Intervertebral Disc Herniation"), "{show}");
}

#[test]
fn failures_are_reported_and_skipped() {
    let db = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shared(RECORD), dir.path().join("good.json")).unwrap();
    std::fs::write(dir.path().join("foreign.txt"), "just some notes").unwrap();
    let out = trialdex(db.path(), &["import", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(summary(&out).contains("1 new records") && summary(&out).contains("1 failed"), "{}", summary(&out));
    let report = std::fs::read_to_string(db.path().join("import-failures.tsv")).unwrap();
    assert!(report.contains("foreign.txt\t\tunrecognised format: text that is no trial page"), "{report}");
    let unknown = trialdex(db.path(), &["show", "NCT99999999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no record with id \"NCT99999999\""));
}

#[test]
fn export_and_stats_cover_every_current_record() {
    let db = tempfile::tempdir().unwrap();
    trialdex(
        db.path(),
        &["import", shared("seeds").to_str().unwrap(), shared("corpus/ctgov-v2-edge").to_str().unwrap()],
    );
    let csv = stdout(&trialdex(db.path(), &["export", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "NCT Number");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 16, "5 seeds and 11 edge records");
    let chictr = rows.iter().find(|r| &r[0] == "ChiCTR2600117810").expect("the ChiCTR seed");
    assert_eq!(&chictr[4], "NOT_YET_RECRUITING");
    assert_eq!(&chictr[16], "PHASE2");
    let ndjson = stdout(&trialdex(db.path(), &["export", "--format", "ndjson"]));
    assert_eq!(ndjson.lines().count(), 16);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&trialdex(db.path(), &["stats", "--json"]))).unwrap();
    assert_eq!(stats["counts"]["records"], 16);
    assert_eq!(stats["byStatus"]["RECRUITING"], 2, "seeds 000 and 003");
}

#[test]
fn the_corpus_generator_is_deterministic_with_unique_ids() {
    let out = tempfile::tempdir().unwrap();
    let generate = |dir: &Path, seed: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_trialdex"))
            .args(["bench", "gen", "--count", "1500", "--seed", seed, "--from"])
            .arg(shared("corpus/ctgov-v2"))
            .arg("--out")
            .arg(dir)
            .status()
            .unwrap();
        assert!(status.success());
        let mut text = String::new();
        for name in ["generated-00000.ndjson", "generated-00001.ndjson"] {
            text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
        }
        text
    };
    let first = generate(&out.path().join("a"), "7");
    assert_eq!(first, generate(&out.path().join("b"), "7"), "same seed, same records");
    assert_ne!(first, generate(&out.path().join("c"), "8"), "another seed, other records");
    let ids: std::collections::BTreeSet<String> = first
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| v["protocolSection"]["identificationModule"]["nctId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1500, "every generated record has its own id");
    let parsed = Command::new(env!("CARGO_BIN_EXE_trialdex")).arg("parse").arg(out.path().join("a")).output().unwrap();
    assert!(parsed.status.success(), "generated records read back: {}", String::from_utf8_lossy(&parsed.stderr));
}

/// Regression: `trialdex stats | head` panicked on the closed pipe. A reader closing
/// stdout early is "enough", not an error, for every command that prints.
#[test]
fn a_closed_stdout_is_not_an_error() {
    let db = tempfile::tempdir().unwrap();
    trialdex(db.path(), &["import", shared("corpus/ctgov-v2-edge").to_str().unwrap()]);
    for args in [&["export", "--format", "ndjson"][..], &["stats"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trialdex"))
            .env("TRIALDEX_DB", db.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
