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
fn chictr_pages_are_detected_by_their_title() {
    for name in ["ChiCTR2400084905_detail_bilingual.html", "search_results_page.html"] {
        let bytes = std::fs::read(shared("corpus/chictr").join(name)).unwrap();
        assert_eq!(sniff(&bytes), Ok(SourceFormat::ChictrHtml), "{name}");
    }
    let export = std::fs::read(shared("corpus/chictr/ChiCTR2000034346.xml")).unwrap();
    assert_eq!(sniff(&export), Ok(SourceFormat::ChictrXml));
}

#[test]
fn ictrp_exports_are_detected() {
    for name in ["ICTRP-Results_2020-03-18.xml", "ICTRP-Results_2024-06-09.xml"] {
        let bytes = std::fs::read(shared("corpus/ictrp").join(name)).unwrap();
        assert_eq!(sniff(&bytes), Ok(SourceFormat::IctrpXml), "{name}");
    }
    let csv = std::fs::read(shared("corpus/ictrp/ICTRP-COVID19_2020-04-07.csv")).unwrap();
    assert_eq!(sniff(&csv), Ok(SourceFormat::IctrpCsv));
}

/// Every file in these folders is detected as a format trialdex knows, before any
/// reader exists for some of them: detection and reading are separate steps.
#[test]
fn other_registries_are_detected_from_content() {
    use SourceFormat::*;
    let expect = [
        ("corpus/ctrdata/CTIS/2022-500244-37-00.json", CtrdataJson),
        ("corpus/ctrdata/EUCTR/2012-003632-23-AT.json", CtrdataJson),
        ("corpus/ctrdata/CTGOV2/NCT00567567.json", CtrdataJson),
        ("corpus/ctrdata/CTGOV/NCT02620761.json", CtrdataJson),
        ("corpus/ctrdata/CTIS/2022-501180-40-00.json", CtrdataJson),
        ("corpus/ctrdata/meta/meta-info.json", CtrdataJson),
        ("corpus/ctrdata/CTGOV/NCT00506441.json", CtrdataJson),
        ("corpus/ctrdata/ISRCTN/12949496.json", CtrdataJson),
        ("corpus/euctr/euctr-text-download.txt", EuctrText),
        ("corpus/euctr/euctr_frontend_tests_fixtures_trials.csv", EuctrTrackerCsv),
        ("corpus/pages/www.clinicaltrialsregister.eu_ctr-search_trial_2005-002909-23_PT.html", EuctrHtml),
        ("corpus/other/DRKS_trial-DRKS00038775.json", DrksJson),
        ("corpus/other/CRIS_KCT0000001_result.json", CrisJson),
        ("corpus/other/CRIS_RecordsView.html", CrisHtml),
        ("corpus/other/TCTR20180508003.json", WhoTrdsJson),
        ("corpus/other/TCTR20120000007.xml", WhoTrdsXml),
        ("corpus/other/REPEC_PER-001-95.xml", WhoTrdsXml),
        ("corpus/other/ANZCTR_ACTRN12605000001695.html", AnzctrHtml),
        ("corpus/pages/www.gsk-clinicalstudyregister.com_443_study_100006.html", GskHtml),
        ("corpus/pages/www.takedaclinicaltrials.com_browse_summary_073-011.html", TakedaHtml),
    ];
    for (rel, format) in expect {
        assert_eq!(sniff(&std::fs::read(shared(rel)).unwrap()), Ok(format), "{rel}");
    }
}

#[test]
fn a_page_that_is_not_a_trial_is_named_in_the_error() {
    let page = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>";
    let err = sniff(page).unwrap_err().to_string();
    assert_eq!(err, r#"unrecognised format: an HTML page titled "Sign in" that holds no trial record trialdex reads"#);
    let readme = std::fs::read(shared("corpus/SOURCES.md")).unwrap();
    let err = sniff(&readme).unwrap_err().to_string();
    assert!(err.contains("text that is no trial page trialdex knows, starting \"# corpus/"), "{err}");
}
