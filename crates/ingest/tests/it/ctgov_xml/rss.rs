//! The CT.gov search RSS feed: one summary record per item.

use serde_json::json;
use trialdex_ingest::Severity;

use super::{read, to_json};

#[test]
fn rss_items_become_summary_records() {
    let counts = [
        ("covid_search.xml", 5),
        ("covid_search_batch1.xml", 113),
        ("covid_search_batch2.xml", 0),
        ("rss_feed.xml", 971),
        ("empty_search.xml", 0),
    ];
    for (name, count) in counts {
        let parsed = read(&format!("corpus/ctgov-xml-edge/{name}"));
        assert_eq!(parsed.records.len(), count, "{name}");
        assert!(parsed.errors().next().is_none(), "{name}");
        for study in to_json(&parsed) {
            let warnings = study["registrySection"]["warnings"].as_array().unwrap();
            assert!(warnings.iter().any(|w| { w["message"].as_str().unwrap().contains("search-feed summary") }));
            assert_eq!(study["registrySection"]["sourceFormat"], "ctgov-rss");
            assert!(study["protocolSection"]["statusModule"]["overallStatus"].is_string(), "{name}: {study}");
        }
        if count == 0 {
            let notes: Vec<_> = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Note).collect();
            assert_eq!(notes.len(), 1, "{name}");
            assert_eq!(notes[0].message, "feed holds no items");
        }
    }
    let covid = to_json(&read("corpus/ctgov-xml-edge/covid_search.xml"));
    let first = &covid[0]["protocolSection"];
    assert_eq!(first["identificationModule"]["nctId"], "NCT04425629");
    assert_eq!(first["conditionsModule"]["conditions"], json!(["COVID-19"]));
    assert_eq!(
        first["armsInterventionsModule"]["interventions"],
        json!([{"type": "DRUG", "name": "REGN10933+REGN10987 combination therapy"}, {"type": "DRUG", "name": "Placebo"}])
    );
    assert_eq!(first["sponsorCollaboratorsModule"]["leadSponsor"]["name"], "Regeneron Pharmaceuticals");
    assert_eq!(first["statusModule"]["overallStatus"], "RECRUITING");
    let c21 = covid.iter().find(|s| s["registrySection"]["registryId"] == "NCT04452435").unwrap();
    let sponsors = &c21["protocolSection"]["sponsorCollaboratorsModule"];
    assert_eq!(sponsors["leadSponsor"]["name"], "Vicore Pharma AB");
    assert_eq!(sponsors["collaborators"], json!([{"name": "Orphan Reach"}]));
    assert_eq!(c21["protocolSection"]["statusModule"]["overallStatus"], "COMPLETED");
    // The older feed spaces its lists with non-breaking spaces and dates the status.
    let feed = to_json(&read("corpus/ctgov-xml-edge/rss_feed.xml"));
    let lens = feed
        .iter()
        .find(|s| {
            s["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["name"]
                == "The Hong Kong Polytechnic University"
        })
        .unwrap();
    let intervention = &lens["protocolSection"]["armsInterventionsModule"]["interventions"][0];
    assert_eq!(intervention["type"], "DEVICE");
    assert!(intervention["name"].as_str().unwrap().contains("coating; 2) regular coating"));
    assert_eq!(lens["protocolSection"]["statusModule"]["statusVerifiedDate"], "2016-06");
}
