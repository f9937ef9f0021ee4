//! `trialdex parse` as a user runs it: real files and broken ones side by side.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::shared;

fn trialdex(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trialdex")).args(args).args(paths).output().expect("run trialdex")
}

fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr).lines().map(str::to_owned).collect()
}

/// Bad input gets a clear error naming the file, and the rest of the run goes on.
#[test]
fn broken_files_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(shared("corpus/ctgov-v2/NCT00000410.json")).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    write("a_good.json", &good);
    write("b_truncated.json", &good[..good.len() / 2]);
    let mut invalid_utf8 = good.clone();
    let at = invalid_utf8.windows(6).position(|w| w == b"Spine ").unwrap();
    invalid_utf8[at] = 0xFF;
    write("c_invalid_utf8.json", &invalid_utf8);
    write("d_not_a_trial.html", b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>");
    let huge = format!(
        r#"{{"protocolSection":{{"identificationModule":{{"nctId":"NCT09999999"}},"descriptionModule":{{"detailedDescription":"{}"}}}}}}"#,
        "x".repeat(50 * 1024 * 1024)
    );
    write("e_fifty_megabyte_field.json", huge.as_bytes());
    write("f_empty.json", b"");

    let output = trialdex(&["parse", "--json", "--warnings"], &[dir.path()]);
    assert_eq!(output.status.code(), Some(1), "a failed file makes the exit status 1");
    let records: Vec<serde_json::Value> =
        String::from_utf8(output.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = records.iter().map(|r| r["registrySection"]["registryId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["NCT00000410", "NCT00000410", "NCT09999999"], "good, repaired-encoding and huge records are read");
    let title = records[1]["protocolSection"]["identificationModule"]["briefTitle"].as_str().unwrap();
    assert!(
        title.ends_with("pine Patient Outcomes Research Trial (SPORT) - Intervertebral Disc Herniation"),
        "{title}"
    );

    let errors = stderr_lines(&output);
    let failed = |name: &str| errors.iter().find(|l| l.contains(name)).cloned().unwrap_or_default();
    assert!(failed("b_truncated.json").contains("invalid JSON: EOF while parsing"), "{errors:?}");
    assert!(
        failed("d_not_a_trial.html").contains(r#"unrecognised format: an HTML page titled "Sign in""#),
        "{errors:?}"
    );
    assert!(failed("f_empty.json").contains("unrecognised format: an empty file"), "{errors:?}");
    assert!(
        failed("c_invalid_utf8.json").contains("Warning: text is not UTF-8; decoded as windows-1252"),
        "{errors:?}"
    );
    assert!(!errors.iter().any(|l| l.contains("a_good.json") || l.contains("e_fifty")), "{errors:?}");
    let summary = errors.iter().find(|l| l.contains(" records from ")).expect("a summary line");
    assert!(summary.starts_with("3 records from 6 files"), "{summary}");
    assert!(summary.contains("3 files failed"), "{summary}");
    assert!(summary.contains("; 0 with warnings;"), "{summary}");
}

#[test]
fn a_clean_run_exits_zero_and_summarises_by_format() {
    let output = trialdex(&["parse"], &[&shared("corpus/ctgov-v2")]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let first = stdout.lines().next().unwrap();
    assert!(first.starts_with("ctgov\tNCT00000410\tCOMPLETED\t"), "{first}");
    let errors = stderr_lines(&output);
    assert!(errors[0].starts_with(&format!("{} records from", stdout.lines().count())), "{errors:?}");
    assert!(errors[1].starts_with("  by format: ctgov-v2-json "), "{errors:?}");
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let output = trialdex(&["parse"], &[Path::new("/no/such/folder")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /no/such/folder"));
}
