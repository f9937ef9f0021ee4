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

    // A search can show the trial once, saying where else it is registered.
    let both = "ChiCTR2000030480 OR NCT04293887";
    assert!(stdout(&trialdex(dir.path(), &["search", "--id", both])).contains("2 records found"));
    let collapsed = stdout(&trialdex(dir.path(), &["search", "--collapse", "--id", both]));
    assert!(collapsed.contains("1 trial found (2 registrations)"), "{collapsed}");
    assert!(collapsed.contains("also registered as"), "{collapsed}");

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

#[test]
fn links_follow_a_record_that_changes() {
    let dir = tempfile::tempdir().unwrap();
    let ctgov = shared("corpus/ctgov-v2/NCT00000410.json");
    let chictr = shared("corpus/chictr/ChiCTR2000034346.xml");
    // Some others beside them, so that one changed record is few: the profiles kept
    // from the last computation are used, not made again from every record.
    let others = ["NCT00007696", "NCT00033839", "NCT00044187", "NCT00069082", "NCT00124774", "NCT00184067"]
        .map(|id| shared(&format!("corpus/ctgov-v2/{id}.json")));
    let mut paths = vec![ctgov.clone(), chictr];
    paths.extend(others);
    let mut args = vec!["import".to_owned()];
    args.extend(paths.iter().map(|p| p.to_str().unwrap().to_owned()));
    let imported = trialdex(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let before = trialdex(dir.path(), &["links", "NCT00000410"]);
    assert!(String::from_utf8_lossy(&before.stderr).contains("linked to no other record"));
    assert!(dir.path().join("link-profiles.bin").is_file(), "profiles kept for the next update");

    // A new version of the CT.gov record names the ChiCTR registration as its own.
    let mut record: serde_json::Value = serde_json::from_slice(&std::fs::read(&ctgov).unwrap()).unwrap();
    let identification = &mut record["protocolSection"]["identificationModule"];
    identification["secondaryIdInfos"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "ChiCTR2000034346", "type": "REGISTRY", "domain": "ChiCTR"}));
    record["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2020-08-01".into();
    let edited = dir.path().join("NCT00000410-2.json");
    std::fs::write(&edited, serde_json::to_vec(&record).unwrap()).unwrap();
    let imported = trialdex(dir.path(), &["import", edited.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&imported.stderr);
    assert!(said.contains("links updated for 1 changed record in "), "{said}");

    // The import brought the links up to date: no relinking needed to see the new one.
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("links.json")).unwrap()).unwrap();
    let link = &saved["clusters"][0]["links"][0];
    assert_eq!((link["kind"].as_str(), link["evidence"][0]["id"].as_str()), (Some("id"), Some("CHICTR2000034346")));
    let incremental = stdout(&trialdex(dir.path(), &["links", "--json"]));
    assert_eq!(incremental, stdout(&trialdex(dir.path(), &["links", "--json", "--full"])));

    // A later version drops the id again, and the link goes with it.
    record["protocolSection"]["identificationModule"]["secondaryIdInfos"].as_array_mut().unwrap().pop();
    record["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2021-08-01".into();
    let edited = dir.path().join("NCT00000410-3.json");
    std::fs::write(&edited, serde_json::to_vec(&record).unwrap()).unwrap();
    assert!(trialdex(dir.path(), &["import", edited.to_str().unwrap()]).status.success());
    let after = trialdex(dir.path(), &["links", "NCT00000410"]);
    assert!(String::from_utf8_lossy(&after.stderr).contains("linked to no other record"));
}
