//! trialdex's own API at /api/trialdex/v1.

use serde_json::Value;

use crate::common::shared;
use crate::fixture::*;

const API: &str = "/api/trialdex/v1";

#[test]
fn a_record_is_found_by_any_of_its_ids_or_its_key() {
    let chictr = get(&format!("{API}/records/chictr2600117810")).json();
    assert_eq!(chictr["registry"], "chictr");
    assert_eq!(chictr["registryId"], "ChiCTR2600117810");
    assert_eq!(chictr["record"]["registrySection"]["registryId"], "ChiCTR2600117810");
    assert_eq!(chictr["version"]["version"], 1);
    assert_eq!(chictr["version"]["isCurrent"], true);
    assert!(chictr["version"]["readAt"].as_str().unwrap().ends_with('Z'), "{}", chictr["version"]);
    let by_key = get(&format!("{API}/records/ctgov:NCT05281068")).json();
    assert_eq!(by_key["record"]["protocolSection"]["identificationModule"]["nctId"], "NCT05281068");
    let missing = get(&format!("{API}/records/NCT99999998"));
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert!(missing.content_type.starts_with("text/plain"));
}

#[test]
fn search_spans_every_registry_with_facets() {
    let results = get(&format!("{API}/search?{}", query(&[("q", "再生障碍性贫血"), ("facets", "true")]))).json();
    let first = &results["hits"][0];
    assert_eq!(first["registry"], "chictr", "{results}");
    assert_eq!(first["registryId"], "ChiCTR2600117810");
    assert!(first["title"].as_str().unwrap().contains("Aplastic Anemia"), "{first}");
    let facets = results["facets"].as_array().unwrap();
    assert!(facets.iter().any(|f| f["name"] == "registry"), "{facets:?}");

    let filtered = get(&format!(
        "{API}/search?{}",
        query(&[("cond", "cancer"), ("registry", "chictr,ctgov"), ("status", "RECRUITING"), ("pageSize", "50")])
    ))
    .json();
    for hit in filtered["hits"].as_array().unwrap() {
        assert_eq!(hit["status"], "RECRUITING", "{hit}");
    }
    for (bad, says) in [
        ("cond=(cancer", "position"),
        ("sort=BriefTitle", "sort"),
        ("nope=1", "nope"),
        ("start=2020", "start"),
        ("status=RECRUITNG", "unknown value \"RECRUITNG\""),
        ("registry=nowhere", "registry"),
    ] {
        let reply = get(&format!("{API}/search?{bad}"));
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert!(reply.body.contains(says), "{bad}: {}", reply.body);
    }
}

#[test]
fn stats_count_the_database_and_the_index() {
    let stats = get(&format!("{API}/stats")).json();
    let records = stats["records"].as_u64().unwrap();
    assert!(records > 1000, "{stats}");
    assert_eq!(stats["indexed"].as_u64(), Some(records));
    let by_registry: u64 = stats["byRegistry"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(by_registry, records);
}

#[test]
fn the_openapi_documents_are_served() {
    let document = get(&format!("{API}/openapi.json")).json();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/records/{id}",
        "/records/{id}/versions",
        "/records/{id}/diff",
        "/records/{registry}/{registryId}",
        "/search",
        "/stats",
    ] {
        assert!(paths.contains_key(path), "{path} missing from {:?}", paths.keys().collect::<Vec<_>>());
    }
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let ctgov = get("/api/v2/openapi.yaml");
    assert_eq!(ctgov.status, 200);
    assert!(ctgov.content_type.starts_with("application/yaml"));
    assert!(ctgov.body.contains("title: \"ClinicalTrials.gov REST API\""));
}

/// Writes go to a server of their own (`empty_server`), so other tests' counts hold.
fn put(path: &str, token: Option<&str>, body: &[u8]) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
    send_to(empty_server(), "PUT", &format!("{API}{path}"), &headers, Some(body))
}

fn read(path: &str) -> Value {
    let reply = send_to(empty_server(), "GET", &format!("{API}{path}"), &[], None);
    reply.json()
}

#[test]
fn a_record_put_with_the_token_becomes_a_version_with_its_history_diff_and_raw_source() {
    let original = std::fs::read(shared("corpus/ctgov-v2/NCT00000410.json")).unwrap();
    let path = "/records/ctgov/NCT00000410";

    let refused = put(path, None, &original);
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(refused.header("www-authenticate"), Some("Bearer"));
    assert_eq!(put(path, Some("wrong"), &original).status, 401);

    let created = put(path, Some(WRITE_TOKEN), &original);
    assert_eq!(created.status, 201, "{}", created.body);
    let created: Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(created["outcome"], "newRecord");
    let again = put(path, Some(WRITE_TOKEN), &original);
    assert_eq!(
        (again.status, serde_json::from_str::<Value>(&again.body).unwrap()["outcome"].clone()),
        (200, "unchanged".into())
    );

    let mut edited: Value = serde_json::from_slice(&original).unwrap();
    edited["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN".into();
    let edited = serde_json::to_vec_pretty(&edited).unwrap();
    let second = put(path, Some(WRITE_TOKEN), &edited);
    assert_eq!(second.status, 200, "{}", second.body);
    let second: Value = serde_json::from_str(&second.body).unwrap();
    assert_eq!((second["outcome"].as_str(), second["version"].as_u64()), (Some("newVersion"), Some(2)));

    let history = read("/records/NCT00000410/versions");
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["changedModules"], serde_json::json!(["protocolSection.statusModule"]));
    assert_eq!(versions[1]["isCurrent"], true);
    assert_eq!(versions[1]["sourcePath"], "PUT /api/trialdex/v1/records/ctgov/NCT00000410");

    let diff = read("/records/NCT00000410/diff");
    assert_eq!((diff["from"].as_u64(), diff["to"].as_u64()), (Some(1), Some(2)));
    let changes = diff["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["path"], "protocolSection.statusModule.overallStatus");
    assert_eq!(changes[0]["after"], "WITHDRAWN");

    for (version, bytes) in [(1, &original), (2, &edited)] {
        let raw =
            send_to(empty_server(), "GET", &format!("{API}/records/NCT00000410/versions/{version}/raw"), &[], None);
        assert_eq!(raw.status, 200);
        assert_eq!(raw.body.as_bytes(), bytes.as_slice(), "version {version} byte for byte");
    }
    assert_eq!(
        read("/records/NCT00000410/versions/1")["record"]["protocolSection"]["statusModule"]["overallStatus"],
        "COMPLETED"
    );

    // Searchable at once.
    let found = read(&format!("/search?{}", query(&[("id", "NCT00000410"), ("status", "WITHDRAWN")])));
    assert_eq!(found["total"], 1, "{found}");
}

#[test]
fn a_put_that_holds_another_record_or_none_is_refused() {
    let original = std::fs::read(shared("corpus/ctgov-v2/NCT00007696.json")).unwrap();
    let other = put("/records/ctgov/NCT00000001", Some(WRITE_TOKEN), &original);
    assert_eq!(other.status, 400);
    assert!(other.body.contains("ctgov:NCT00007696, not ctgov:NCT00000001"), "{}", other.body);
    let garbage = put("/records/ctgov/NCT00007696", Some(WRITE_TOKEN), b"\x00\x01 not a record");
    assert_eq!(garbage.status, 400, "{}", garbage.body);
    let registry = put("/records/nowhere/X1", Some(WRITE_TOKEN), &original);
    assert_eq!(registry.status, 400);
    assert!(registry.body.contains("unknown registry"), "{}", registry.body);
}
