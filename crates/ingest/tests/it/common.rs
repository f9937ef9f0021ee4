//! Paths to ../shared and small helpers shared by the tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use trialdex_ingest::Parsed;
use trialdex_model::{ProtocolSection, RegistryFields, RegistrySection, Study};

/// `../shared/<rel>` from the workspace root; panics naming the missing folder, so a
/// checkout without ../shared fails with a reason rather than a silent pass.
pub fn shared(rel: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let path = root.join(rel);
    assert!(
        path.exists(),
        "{} is missing: the tests read real records from ../shared beside the project checkout",
        path.display()
    );
    path
}

/// The seed whose file name starts with `prefix` ("000", "002", …).
pub fn seed(prefix: &str) -> Vec<u8> {
    let dir = shared("seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("read seeds")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed starting {prefix} in {}", dir.display()));
    std::fs::read(entry.path()).expect("read seed")
}

/// Every file in `../shared/<rel>`, sorted.
pub fn files(rel: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(shared(rel))
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// Parses with format detection and expects exactly one record and no error.
pub fn one_record(bytes: &[u8]) -> Study {
    let parsed: Parsed = trialdex_ingest::parse(bytes).expect("format recognised");
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "errors: {errors:?}");
    assert_eq!(parsed.records.len(), 1, "expected one record");
    parsed.records.into_iter().next().unwrap()
}

/// A date as CT.gov's older formats write it, in ISO form, computed independently of
/// the parsers under test: "March 18, 2012" → "2012-03-18", "July 2002" → "2002-07".
pub fn iso(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let words: Vec<&str> = date.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month = MONTHS.iter().position(|m| *m == words[0]).unwrap_or_else(|| panic!("month in {date:?}")) + 1;
    match words[1..] {
        [year] => format!("{year}-{month:02}"),
        [day, year] => format!("{year}-{month:02}-{:02}", day.parse::<u8>().expect("day")),
        _ => panic!("unexpected date {date:?}"),
    }
}

/// Parses with detection, expects `format` and exactly one record.
pub fn record(bytes: &[u8], format: trialdex_ingest::SourceFormat) -> Study {
    assert_eq!(trialdex_ingest::sniff(bytes), Ok(format));
    let study = one_record(bytes);
    assert_eq!(section(&study).source_format, Some(format));
    study
}

pub fn protocol(study: &Study) -> &ProtocolSection {
    study.protocol_section.as_ref().expect("protocolSection")
}

pub fn section(study: &Study) -> &RegistrySection {
    study.registry_section.as_ref().expect("registrySection")
}

pub fn fields(study: &Study) -> &RegistryFields {
    section(study).registry_fields.as_ref().expect("registryFields")
}

/// Whether the record carries a warning about `field`.
pub fn warned(study: &Study, field: &str) -> bool {
    section(study).warnings.iter().any(|w| w.field.as_deref() == Some(field))
}

/// The record's other ids as "registry:id".
pub fn ids(study: &Study) -> Vec<String> {
    section(study).other_ids.iter().map(|o| format!("{}:{}", o.registry, o.id)).collect()
}
