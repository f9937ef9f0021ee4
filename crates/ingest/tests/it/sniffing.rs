//! Detection from content over the real inputs, and clear errors for what is not a trial.

use trialdex_ingest::{SourceFormat, sniff};

use super::common::*;

#[test]
fn seeds_are_detected_from_content() {
    let expect = [
        ("000", SourceFormat::CtgovPageText),
        ("001", SourceFormat::CtgovPageText),
        ("002", SourceFormat::ChictrPageText),
        ("003", SourceFormat::AggregatorDetailsText),
        ("004", SourceFormat::AggregatorSummaryText),
    ];
    for (prefix, format) in expect {
        assert_eq!(sniff(&seed(prefix)), Ok(format), "seed {prefix}");
    }
}

#[test]
fn corpus_folders_are_detected_from_content() {
    for path in files("corpus/ctgov-v2") {
        assert_eq!(sniff(&std::fs::read(&path).unwrap()), Ok(SourceFormat::CtgovJson), "{}", path.display());
    }
    for path in files("corpus/ctgov-xml") {
        assert_eq!(sniff(&std::fs::read(&path).unwrap()), Ok(SourceFormat::CtgovXml), "{}", path.display());
    }
    for name in ["NCT00023673.json", "ctg_api_all.json", "study_statistics.json", "results_1.json"] {
        let bytes = std::fs::read(shared("corpus/ctgov-classic-json").join(name)).unwrap();
        assert_eq!(sniff(&bytes), Ok(SourceFormat::CtgovClassicJson), "{name}");
    }
    let rss = std::fs::read(shared("corpus/ctgov-xml-edge/rss_feed.xml")).unwrap();
    assert_eq!(sniff(&rss), Ok(SourceFormat::CtgovRss));
}

#[test]
fn a_page_that_is_not_a_trial_is_named_in_the_error() {
    let search_page = std::fs::read(shared("corpus/chictr/search_results_page.html")).unwrap();
    let err = sniff(&search_page).unwrap_err().to_string();
    assert!(err.starts_with("unrecognised format: an HTML page titled"), "{err}");
    let readme = std::fs::read(shared("corpus/SOURCES.md")).unwrap();
    let err = sniff(&readme).unwrap_err().to_string();
    assert!(err.contains("text that is no trial page trialdex knows, starting \"# corpus/"), "{err}");
}
