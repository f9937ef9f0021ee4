//! What the command-line tests share: the real records in ../shared and running the binary.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn shared(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel);
    assert!(path.exists(), "{} is missing: the tests read real records from ../shared", path.display());
    path
}

/// Runs `trialdex` on the database `db`.
pub fn trialdex(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trialdex")).env("TRIALDEX_DB", db).args(args).output().expect("run trialdex")
}

/// Standard output of a run that must have succeeded.
pub fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}
