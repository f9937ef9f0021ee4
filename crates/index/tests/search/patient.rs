//! Patient search (`query.patient`): a pasted description, any of its words counting.

use trialdex_index::request::{SearchRequest, SearchResults};
use trialdex_store::RecordKey;

use crate::fixture::{fixture, records};

fn patient(text: &str) -> SearchResults {
    let request = SearchRequest { patient: Some(text.to_owned()), page_size: 10, ..SearchRequest::default() };
    fixture().index.search(&request).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The titles and conditions of a record, lower case.
fn title_and_conditions(key: &RecordKey) -> String {
    let study = records().iter().find(|s| RecordKey::of(s).is_ok_and(|k| &k == key)).expect("a hit is a stored record");
    let json = serde_json::to_value(study).expect("json");
    let identification = &json["protocolSection"]["identificationModule"];
    let conditions = &json["protocolSection"]["conditionsModule"]["conditions"];
    format!("{} {} {conditions}", identification["briefTitle"], identification["officialTitle"]).to_lowercase()
}

#[test]
fn a_description_finds_trials_of_its_condition_before_trials_sharing_its_common_words() {
    // "woman", "year", "treated", "now" are in most records' criteria and descriptions;
    // the trials found first must be about the patient's disease.
    for text in [
        "A 62-year-old woman with metastatic breast cancer, treated before with chemotherapy, now progressing.",
        "woman with breast cancer",
    ] {
        let results = patient(text);
        assert_eq!(results.hits.len(), 10, "{text}: {} found", results.total);
        for hit in &results.hits {
            let about = title_and_conditions(&hit.key);
            assert!(about.contains("breast"), "{text}: {} is not about breast cancer: {about}", hit.key.registry_id);
        }
    }
}

#[test]
fn a_description_of_common_words_only_still_finds_trials() {
    // Every word is common in the long text pieces; titles and conditions still hold them.
    let results = patient("a pregnant woman");
    assert!(results.total > 0);
    let top = title_and_conditions(&results.hits[0].key);
    assert!(top.contains("pregnan"), "{}: {top}", results.hits[0].key.registry_id);
}
