//! `trialdex links` on WHO ICTRP's COVID-19 export (../shared/linking).

mod common;

use common::{shared, stdout, trialdex};

#[test]
fn a_chictr_trial_is_linked_to_its_ct_gov_twin_with_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let export = shared("linking/ICTRP-COVID19_2020-07-22.csv");
    let imported = trialdex(dir.path(), &["import", export.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));

    let out = stdout(&trialdex(dir.path(), &["links", "--json", "ChiCTR2000030480"]));
    let clusters: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(clusters.len(), 1, "{out}");
    let members: Vec<String> = clusters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}:{}", m["registry"].as_str().unwrap(), m["registryId"].as_str().unwrap()))
        .collect();
    assert!(members.contains(&"ctgov:NCT04293887".to_owned()), "{members:?}");
    let link = &clusters[0]["links"][0];
    assert_eq!(link["kind"], "similarity");
    let features: Vec<&str> =
        link["evidence"].as_array().unwrap().iter().map(|e| e["feature"].as_str().unwrap()).collect();
    assert!(features.contains(&"title") && features.contains(&"targetSize"), "{features:?}");

    let human = stdout(&trialdex(dir.path(), &["links"]));
    assert!(human.lines().any(|l| l.contains("chictr:ChiCTR2000030480") && l.contains("ctgov:NCT04293887")));

    // For a reviewer's spreadsheet: one row per link.
    let csv = stdout(&trialdex(dir.path(), &["links", "--csv"]));
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().collect::<Vec<_>>(),
        ["cluster", "registry_a", "id_a", "registry_b", "id_b", "kind", "score", "evidence"]
    );
    assert!(rows.records().map(Result::unwrap).any(|r| (&r[2], &r[4]) == ("ChiCTR2000030480", "NCT04293887")
        || (&r[2], &r[4]) == ("NCT04293887", "ChiCTR2000030480")));

    // The links are kept: `show` says where else the trial is registered, and why.
    let shown = stdout(&trialdex(dir.path(), &["show", "ChiCTR2000030480"]));
    let also = shown.lines().find(|l| l.trim_start().starts_with("also as")).expect("an also-as line");
    assert!(also.contains("ctgov:NCT04293887") && also.contains("titles"), "{also}");

    // A reviewer's "not the same" holds, also after new records make the links be computed again.
    let apart = stdout(&trialdex(dir.path(), &["links", "--not-same", "ChiCTR2000030480", "NCT04293887"]));
    assert!(
        !apart.lines().any(|l| l.contains("chictr:ChiCTR2000030480") && l.contains("ctgov:NCT04293887")),
        "{apart}"
    );
    let seeds = shared("seeds");
    let imported = trialdex(dir.path(), &["import", seeds.to_str().unwrap()]);
    assert!(imported.status.code().is_some_and(|c| c <= 1));
    let relinked = stdout(&trialdex(dir.path(), &["links", "--json", "ChiCTR2000030480"]));
    assert!(!relinked.contains("NCT04293887"), "the decision survives relinking: {relinked}");
    // And "the same" joins what no score would.
    let joined = stdout(&trialdex(dir.path(), &["links", "--same", "ChiCTR2000030480", "NCT04372186"]));
    let line = joined
        .lines()
        .find(|l| l.contains("chictr:ChiCTR2000030480") && l.contains("ctgov:NCT04372186"))
        .expect("joined");
    assert!(joined.contains("by hand") && joined.contains("marked the same trial by hand"), "{line}\n{joined}");
}
