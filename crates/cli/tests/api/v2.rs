//! ClinicalTrials.gov's API v2 at /api/v2 and /all/api/v2.

use std::collections::HashSet;

use serde_json::Value;

use crate::fixture::*;

#[test]
fn a_condition_search_finds_the_trial_in_ct_govs_shape() {
    let page = get(&format!("/api/v2/studies?{}", query(&[("query.cond", "immune thrombocytopenia")]))).json();
    let found = ids(&page);
    assert!(found.iter().take(3).any(|id| id == "NCT05281068"), "{found:?}");
    assert!(page.get("totalCount").is_none(), "totalCount only with countTotal=true");
    let first = &page["studies"][0];
    assert!(first.get("registrySection").is_none(), "/api/v2 returns CT.gov's shape only");
    assert!(first["protocolSection"]["statusModule"]["overallStatus"].is_string());
}

#[test]
fn paging_reaches_every_study_once_and_adds_up_to_the_total() {
    let base = query(&[("query.term", "cancer"), ("filter.overallStatus", "COMPLETED|RECRUITING")]);
    let first = get(&format!("/api/v2/studies?{base}&countTotal=true&pageSize=37")).json();
    let total = first["totalCount"].as_u64().expect("totalCount");
    assert!(total > 37, "enough to page: {total}");
    let mut seen: Vec<String> = ids(&first);
    let mut token = first["nextPageToken"].as_str().map(str::to_owned);
    while let Some(t) = token {
        // Page size may change between pages, as CT.gov allows.
        let page = get(&format!("/api/v2/studies?{base}&pageSize=50&{}", query(&[("pageToken", &t)]))).json();
        assert!(page.get("totalCount").is_none(), "the total comes with the first page only");
        seen.extend(ids(&page));
        token = page["nextPageToken"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len() as u64, total);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len(), "no study twice");
    assert!(seen.iter().all(|id| is_nct(id)), "only CT.gov's records at /api/v2");
}

#[test]
fn only_ct_gov_records_at_api_v2_and_every_registry_at_all_api_v2() {
    let chinese = query(&[("query.term", "再生障碍性贫血"), ("countTotal", "true"), ("pageSize", "1000")]);
    let ctgov = get(&format!("/api/v2/studies?{chinese}")).json();
    assert!(ids(&ctgov).iter().all(|id| is_nct(id)), "{:?}", ids(&ctgov));
    let all = get(&format!("/all/api/v2/studies?{chinese}")).json();
    let found = ids(&all);
    assert!(found.contains(&"ChiCTR2600117810".to_owned()), "{found:?}");
    let record = all["studies"].as_array().unwrap().iter().find(|s| s["registrySection"]["registry"] == "chictr");
    let record = record.expect("a ChiCTR record with its registrySection");
    assert_eq!(
        record["protocolSection"]["identificationModule"]["nctId"], record["registrySection"]["registryId"],
        "a record without an NCT id is keyed by its own registry id"
    );
    let everything =
        |prefix: &str| get(&format!("{prefix}/studies?countTotal=true&pageSize=1")).json()["totalCount"].as_u64();
    assert!(everything("/all/api/v2") > everything("/api/v2"));
}

#[test]
fn fields_select_pieces_modules_and_paths() {
    let page = get(&format!(
        "/api/v2/studies?{}",
        query(&[("query.cond", "ITP"), ("fields", "NCTId|OverallStatus,ConditionsModule")])
    ))
    .json();
    let study = &page["studies"][0];
    let protocol = study["protocolSection"].as_object().unwrap();
    let modules: Vec<&String> = protocol.keys().collect();
    assert_eq!(modules, ["identificationModule", "statusModule", "conditionsModule"], "{study}");
    assert_eq!(study["protocolSection"]["identificationModule"].as_object().unwrap().len(), 1);
    assert!(study["protocolSection"]["conditionsModule"]["conditions"].is_array());
}

#[test]
fn csv_has_ct_govs_columns_and_paging_headers() {
    let base = query(&[("query.cond", "cancer"), ("format", "csv"), ("pageSize", "5")]);
    let first = get(&format!("/api/v2/studies?{base}&countTotal=true"));
    assert_eq!(first.status, 200);
    assert!(first.content_type.starts_with("text/csv"), "{}", first.content_type);
    let total: u64 = first.header("x-total-count").expect("x-total-count").parse().unwrap();
    let token = first.header("x-next-page-token").expect("x-next-page-token").to_owned();
    let mut reader = csv::Reader::from_reader(first.body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[0], "NCT Number");
    assert!(header.contains(&"Study Status".to_owned()));
    assert_eq!(reader.records().count(), 5);
    assert!(total > 5);
    let next = get(&format!("/api/v2/studies?{base}&{}", query(&[("pageToken", &token)])));
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(next.body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 5, "later pages hold data rows only");
    assert!(is_nct(&rows[0][0]), "{:?}", rows[0]);
    let chosen = get(&format!("/api/v2/studies?{}", query(&[("format", "csv"), ("fields", "NCT Number,BriefTitle")])));
    assert_eq!(chosen.body.lines().next(), Some("NCT Number,Study Title"));
}

#[test]
fn one_study_by_id_in_json_and_csv() {
    let study = get("/api/v2/studies/NCT05281068").json();
    assert_eq!(study["protocolSection"]["identificationModule"]["nctId"], "NCT05281068");
    assert!(study.get("registrySection").is_none());
    // CT.gov's pattern allows lower case and fewer digits.
    assert_eq!(
        get("/api/v2/studies/nct5281068").json()["protocolSection"]["identificationModule"]["nctId"],
        "NCT05281068"
    );
    let csv = get("/api/v2/studies/NCT05281068?format=csv");
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.lines().nth(1).unwrap().starts_with("NCT05281068,"), "{}", csv.body);
    let fields = get("/api/v2/studies/NCT05281068?fields=BriefTitle").json();
    assert_eq!(fields["protocolSection"]["identificationModule"].as_object().unwrap().len(), 1);
    let chictr = get("/all/api/v2/studies/chictr2600117810").json();
    assert_eq!(chictr["registrySection"]["registryId"], "ChiCTR2600117810");
}

#[test]
fn an_nct_id_alias_redirects_to_the_study_that_holds_it() {
    let reply = get("/api/v2/studies/NCT02380456?fields=NCTId");
    assert_eq!(reply.status, 301, "{}", reply.body);
    assert_eq!(reply.header("location"), Some("NCT02300909?fields=NCTId"));
    let by_ids = get("/api/v2/studies?filter.ids=NCT02380456&fields=NCTId").json();
    assert_eq!(ids(&by_ids), ["NCT02300909"], "filter.ids searches NCTId and NCTIdAlias");
}

#[test]
fn filters_of_one_kind_given_twice_must_both_hold() {
    let count = |q: &str| {
        get(&format!("/api/v2/studies?countTotal=true&pageSize=1&{q}")).json()["totalCount"].as_u64().unwrap()
    };
    let completed = count("filter.overallStatus=COMPLETED");
    assert!(completed > 0);
    assert_eq!(count("filter.overallStatus=COMPLETED&postFilter.overallStatus=COMPLETED|RECRUITING"), completed);
    assert_eq!(count("filter.overallStatus=COMPLETED&aggFilters=status:rec"), 0);
    // A query of NCT ids alone finds those studies whatever the filters say.
    let listed =
        get("/api/v2/studies?query.term=NCT05281068%20NCT02300909&filter.overallStatus=WITHDRAWN&fields=NCTId").json();
    let mut found = ids(&listed);
    found.sort();
    assert_eq!(found, ["NCT02300909", "NCT05281068"]);
}

#[test]
fn numbers_sort_smallest_first_and_dates_newest_first_by_default() {
    let enrollment = get("/api/v2/studies?sort=EnrollmentCount&fields=EnrollmentCount&pageSize=20").json();
    let counts: Vec<u64> = enrollment["studies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["protocolSection"]["designModule"]["enrollmentInfo"]["count"].as_u64())
        .collect();
    assert!(counts.len() > 1 && counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    let dates = get("/api/v2/studies?sort=LastUpdatePostDate&fields=LastUpdatePostDate&pageSize=20").json();
    let dates: Vec<String> = dates["studies"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| {
            s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"].as_str().map(str::to_owned)
        })
        .collect();
    assert!(dates.len() > 1 && dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn errors_are_plain_text_with_ct_govs_status_codes() {
    let cases = [
        ("/api/v2/studies/NCT99999998", 404, "NCT99999998"),
        ("/api/v2/studies/ChiCTR2600117810", 400, "not an NCT number"),
        ("/api/v2/studies/NCT05281068?format=ris", 400, "format"),
        ("/api/v2/studies?query.conditions=x", 400, "unknown parameter \"query.conditions\""),
        ("/api/v2/studies?filter.overallStatus=RECRUTING", 400, "RECRUTING"),
        ("/api/v2/studies?pageSize=-3", 400, "pageSize"),
        ("/api/v2/studies?sort=BriefTitle", 400, "sort"),
        ("/api/v2/studies?countTotal=maybe", 400, "countTotal"),
        ("/api/v2/studies?query.term=AREA%5BNope%5Dx", 400, "Nope"),
        ("/api/v2/studies?query.term=%28cancer", 400, "query.term: missing"),
        ("/api/v2/studies?fields=NoSuchField", 400, "unknown field \"NoSuchField\""),
        ("/api/v2/studies?sort=@relevance:asc", 400, "best first"),
        ("/api/v2/nowhere", 404, "/api/v2/nowhere"),
        ("/api/v2/studies?query.cond=asthma&pageToken=00000000000000000a", 400, "pageToken"),
        ("/api/v2/stats/field/values?fields=NoSuchPiece", 404, "NoSuchPiece"),
        ("/api/v2/stats/field/values?types=TEXT", 400, "types"),
    ];
    for (path, status, says) in cases {
        let reply = get(path);
        assert_eq!(reply.status, status, "{path}: {}", reply.body);
        assert!(reply.content_type.starts_with("text/plain"), "{path}: {}", reply.content_type);
        assert!(reply.body.contains(says), "{path}: {:?} should say {says:?}", reply.body);
    }
}

#[test]
fn a_token_from_another_query_is_refused() {
    let first = get(&format!("/api/v2/studies?{}", query(&[("query.cond", "cancer")]))).json();
    let token = first["nextPageToken"].as_str().expect("more than one page");
    let other = get(&format!("/api/v2/studies?{}", query(&[("query.cond", "asthma"), ("pageToken", token)])));
    assert_eq!(other.status, 400, "{}", other.body);
}

#[test]
fn version_metadata_areas_and_enums_describe_the_api() {
    let version = get("/api/v2/version").json();
    assert_eq!(version["apiVersion"], "2.0.5");
    let timestamp = version["dataTimestamp"].as_str().expect("dataTimestamp");
    assert_eq!(timestamp.len(), "2026-11-22T10:00:00".len(), "{timestamp}");

    let metadata = get("/api/v2/studies/metadata").json();
    let protocol =
        metadata.as_array().unwrap().iter().find(|n| n["name"] == "protocolSection").expect("protocolSection");
    let ident = protocol["children"].as_array().unwrap().iter().find(|n| n["name"] == "identificationModule").unwrap();
    let nct = ident["children"].as_array().unwrap().iter().find(|n| n["name"] == "nctId").unwrap();
    assert_eq!(nct["piece"], "NCTId");

    let areas = get("/api/v2/studies/search-areas").json();
    let cond = areas[0]["areas"].as_array().unwrap().iter().find(|a| a["name"] == "ConditionSearch").unwrap();
    assert_eq!(cond["param"], "cond");
    assert!(cond["parts"].as_array().unwrap().iter().any(|p| p["pieces"][0] == "Condition"));

    let enums = get("/api/v2/studies/enums").json();
    let status = enums.as_array().unwrap().iter().find(|e| e["type"] == "Status").unwrap();
    assert!(status["pieces"].as_array().unwrap().contains(&Value::from("OverallStatus")));
    assert!(status["values"].as_array().unwrap().iter().any(|v| v["value"] == "RECRUITING"));
}

#[test]
fn stats_count_the_served_records() {
    let size = get("/api/v2/stats/size").json();
    let total = size["totalStudies"].as_u64().unwrap();
    let counted = get("/api/v2/studies?countTotal=true&pageSize=1").json()["totalCount"].as_u64().unwrap();
    assert_eq!(total, counted, "the size statistics cover what /studies serves");
    assert!(size["averageSizeBytes"].as_u64().unwrap() > 1000);
    let ranges: u64 = size["ranges"].as_array().unwrap().iter().map(|r| r["studiesCount"].as_u64().unwrap()).sum();
    assert_eq!(ranges, total);

    let phase = get("/api/v2/stats/field/values?fields=Phase").json();
    assert_eq!(phase[0]["piece"], "Phase");
    assert_eq!(phase[0]["type"], "ENUM");
    let phase2 = phase[0]["topValues"].as_array().unwrap().iter().find(|v| v["value"] == "PHASE2").unwrap();
    let searched = get("/api/v2/studies?countTotal=true&pageSize=1&query.term=AREA%5BPhase%5DPHASE2").json();
    assert_eq!(phase2["studiesCount"], searched["totalCount"], "the same count two ways");

    let sizes = get("/api/v2/stats/field/sizes?fields=Condition").json();
    assert_eq!(sizes[0]["piece"], "Condition");
    assert!(sizes[0]["maxSize"].as_u64().unwrap() > 1);
}

#[test]
fn responses_are_gzipped_on_request_and_open_to_other_origins() {
    let reply =
        get_with("/api/v2/studies?pageSize=50", &[("accept-encoding", "gzip"), ("origin", "https://example.org")]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn the_serve_command_answers_and_stops_gracefully_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let db = db();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trialdex"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("TRIALDEX_DB", db)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first.split("on http://").nth(1).and_then(|rest| rest.split('/').next()).expect(&first).to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let version =
        agent.get(&format!("http://{address}/api/v2/version")).call().unwrap().body_mut().read_to_string().unwrap();
    assert!(version.contains("\"apiVersion\":\"2.0.5\""), "{version}");
    // Started without --write-token-file: writes are disabled.
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let put = agent
        .put(&format!("http://{address}/api/trialdex/v1/records/ctgov/NCT05281068"))
        .header("authorization", "Bearer anything")
        .send(b"{}".as_slice())
        .unwrap();
    assert_eq!(put.status().as_u16(), 403, "no token configured, no writes");
    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(status.success(), "{status}: {rest}");
    assert!(rest.contains("GET") && rest.contains("/api/v2/version"), "one log line per request: {rest}");
    assert!(rest.ends_with("trialdex: stopped\n"), "{rest}");
}
