//! Crash safety: `trialdex import` killed (SIGKILL) at random points of a large import.
//! Each time the database must open, pass its integrity check, hold only whole
//! versions, and a re-run must finish with exactly the counts of an uninterrupted import.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use trialdex_store::{SqliteStore, Store};

use common::shared;

fn import(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trialdex"));
    cmd.arg("import")
        .arg("--db")
        .arg(db)
        .arg(shared("corpus/ctgov-v2"))
        .arg(shared("corpus/ctgov-xml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn counts(db: &Path) -> (u64, u64) {
    let store = SqliteStore::open(db).expect("the database opens");
    store.check().expect("integrity check and whole versions");
    let counts = store.counts().unwrap();
    (counts.records, counts.versions)
}

/// A small deterministic generator: the kill points are random but repeatable.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *state >> 33
}

#[test]
fn a_killed_import_leaves_a_whole_database_and_resumes_exactly() {
    let reference = tempfile::tempdir().unwrap();
    let started = Instant::now();
    assert!(import(reference.path()).status().unwrap().success());
    let full_run = started.elapsed();
    let expected = counts(reference.path());
    assert!(expected.0 > 2500, "the reference import read the corpus: {expected:?}");

    let mut seed = 0x7472_6961_6c64_6578;
    for round in 0..6 {
        let db = tempfile::tempdir().unwrap();
        let delay = Duration::from_millis(next(&mut seed) % (full_run.as_millis() as u64).max(1));
        let mut child = import(db.path()).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL: no destructor, no rollback code runs
        child.wait().unwrap();
        if db.path().join("trialdex.sqlite").exists() {
            let (records, versions) = counts(db.path());
            assert!(
                records <= expected.0 && versions <= expected.1,
                "round {round}: {records}/{versions} > {expected:?}"
            );
        }
        assert!(import(db.path()).status().unwrap().success(), "round {round}: the re-run succeeds");
        assert_eq!(counts(db.path()), expected, "round {round} (killed after {delay:?}): counts after the re-run");
    }
}
