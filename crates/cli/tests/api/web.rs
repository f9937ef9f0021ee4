//! The web UI: the search page, a study page, its history — as HTML over HTTP. (The
//! browser tests drive the same pages in Chromium.)

use serde_json::Value;

use crate::common::shared;
use crate::fixture::*;

fn page(path: &str) -> String {
    let reply = get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    assert!(reply.content_type.starts_with("text/html"), "{path}: {}", reply.content_type);
    let csp = reply.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{path}: no script allowed: {csp}");
    reply.body
}

/// Text as a browser shows it: HTML's character references read back.
fn unescape(html: &str) -> String {
    [
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#38;", "&"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(html.to_owned(), |text, (reference, character)| text.replace(reference, character))
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} not in page")) + start.len();
    let to = html[from..].find(end).map_or(html.len(), |at| from + at);
    &html[from..to]
}

#[test]
fn the_search_page_finds_narrows_and_pages() {
    let html = page(&format!("/?{}", query(&[("cond", "immune thrombocytopenia")])));
    assert!(
        between(&html, "<title>", "</title>").ends_with("studies · trialdex"),
        "{}",
        between(&html, "<title>", "</title>")
    );
    assert!(html.contains("href=\"/study/ctgov:NCT05281068\""), "the ITP trial is listed");
    assert!(html.contains("value=\"immune thrombocytopenia\""), "the form keeps the query");

    let all = page(&format!("/?{}", query(&[("cond", "cancer")])));
    let total: u64 = between(&all, "<p class=\"summary\">", " stud").trim().parse().unwrap();
    // The status facet's first link narrows to that status; the count it shows is the new total.
    let facet = between(&all, "<h2>Status</h2>", "</ul>");
    let href = unescape(between(facet, "<a href=\"", "\""));
    let count: u64 = between(facet, "<span class=\"count\">", "<").parse().unwrap();
    assert!(count < total, "{count} of {total}");
    let narrowed = page(&href);
    let narrowed_total: u64 = between(&narrowed, "<p class=\"summary\">", " stud").trim().parse().unwrap();
    assert_eq!(narrowed_total, count, "clicking a facet value shows as many studies as it said");
    assert!(narrowed.contains("title=\"Remove this filter\""), "the filter is shown and can be removed");
    // A second value of the same facet adds to the first: its count says by how much.
    let facet = between(&narrowed, "<h2>Status</h2>", "</ul>");
    let second = facet.split("<li>").skip(1).find(|li| !li.contains("class=\"selected\"")).expect("another status");
    let second_count: u64 = between(second, "<span class=\"count\">", "<").parse().unwrap();
    let widened = page(&unescape(between(second, "<a href=\"", "\"")));
    let widened_total: u64 = between(&widened, "<p class=\"summary\">", " stud").trim().parse().unwrap();
    assert_eq!(widened_total, count + second_count, "statuses of one facet are OR-ed");
    // The form keeps what it has no field for.
    let kept = page("/?cond=cancer&type=INTERVENTIONAL&agegroup=CHILD");
    assert!(kept.contains("<input type=\"hidden\" name=\"type\" value=\"INTERVENTIONAL\">"), "hidden fields");
    // Past the last page: said, with a way back.
    let past = page("/?cond=cancer&page=9999");
    assert!(past.contains("There are only ") && past.contains("rel=\"prev\""), "past the end");

    let second = page(&format!("/?{}&page=2", query(&[("cond", "cancer")])));
    assert!(second.contains("<span aria-current=\"page\">2</span>"));
    assert!(second.contains("rel=\"prev\""));
}

#[test]
fn a_study_page_lists_the_same_trial_in_other_registries() {
    // `trialdex links` computes and keeps the links the server then shows.
    let out = crate::common::stdout(&crate::common::trialdex(db(), &["links", "--json"]));
    let cluster: Value = serde_json::from_str(out.lines().next().expect("a cluster in the corpus")).unwrap();
    let member = |at: usize| {
        let m = &cluster["members"][at];
        (m["registry"].as_str().unwrap().to_owned(), m["registryId"].as_str().unwrap().to_owned())
    };
    let ((registry, id), (_, twin)) = (member(0), member(1));
    let html = page(&format!("/study/{registry}:{id}"));
    let twins = between(&html, "Also registered as</h2>", "</section>");
    assert!(twins.contains(&twin) && twins.contains("score"), "{twins}");
    let api = get(&format!("/api/trialdex/v1/records/{registry}:{id}/links")).json();
    assert_eq!(api["members"], cluster["members"]);
    // Side by side: every member, each field marked as agreeing or differing.
    let compare = page(&format!("/study/{registry}:{id}/compare"));
    assert!(compare.contains(&id) && compare.contains(&twin), "both registrations");
    assert!(compare.contains("<th scope=\"row\">Enrollment</th>"));
    assert!(compare.contains("<tr class=\"agree\">") || compare.contains("<tr class=\"conflict\">"));

    // Searching for both registrations finds two records, or one trial when collapsed.
    let both = format!("\"{id}\" OR \"{twin}\"");
    let summary =
        |html: &str| between(html, "<p class=\"summary\">", "</p>").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(summary(&page(&format!("/?{}", query(&[("q", &both)])))).starts_with("2 studies found"));
    let collapsed = page(&format!("/?{}", query(&[("q", &both), ("collapse", "1")])));
    assert!(summary(&collapsed).starts_with("1 trial found (2 registrations)"), "{}", summary(&collapsed));
    let also = between(&collapsed, "Also registered as", "</p>");
    assert!(also.contains(&twin) || also.contains(&id), "{also}");
    assert!(collapsed.contains("name=\"collapse\" value=\"1\" checked"), "the box stays ticked");
    let api = get(&format!("/api/trialdex/v1/search?{}", query(&[("q", &both), ("collapse", "true")]))).json();
    assert_eq!((api["total"].as_u64(), api["registrations"].as_u64()), (Some(1), Some(2)), "{api}");
    // CT.gov's API never collapses: its clients count registrations.
    assert!(
        get(&format!("/all/api/v2/studies?{}", query(&[("query.term", &both), ("countTotal", "true")]))).json()["totalCount"]
            == 2
    );
}

#[test]
fn the_sex_field_keeps_trials_open_to_all() {
    let count = |path: &str| -> u64 { between(&page(path), "<p class=\"summary\">", " stud").trim().parse().unwrap() };
    let all = count("/?cond=cancer");
    let female = count("/?cond=cancer&sex=FEMALE");
    let male = count("/?cond=cancer&sex=MALE");
    assert!(
        female < all && male < all && female + male > all,
        "both include the trials open to all: {female} + {male} vs {all}"
    );
}

#[test]
fn chinese_queries_and_titles_work() {
    let html = page(&format!("/?{}", query(&[("q", "再生障碍性贫血")])));
    assert!(html.contains("href=\"/study/chictr:ChiCTR2600117810\""), "{html}");
    let study = page("/study/ChiCTR2600117810");
    assert!(study.contains("重型再生障碍性贫血"), "the Chinese text beside the English");
    assert!(study.contains("<td lang=\"zh\">"), "marked as Chinese");
    assert!(study.contains("<h3>Exclusion criteria</h3>"), "criteria as a list");
}

#[test]
fn a_study_page_shows_the_record_in_ct_govs_order_and_links_to_its_registry() {
    let html = page("/study/NCT05281068");
    let order = [
        "Participation criteria</h2>",
        "<h2>Identification</h2>",
        "<h2>Status and dates</h2>",
        "<h2>Conditions and keywords</h2>",
        "<h2>Design</h2>",
        "<h2>Sponsors and investigators</h2>",
    ];
    let positions: Vec<usize> = order.iter().map(|h| html.find(h).unwrap_or_else(|| panic!("{h} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} in this order");
    assert!(html.contains("href=\"https://clinicaltrials.gov/study/NCT05281068\""));
    assert!(html.contains("<dt>Ages eligible</dt>"), "ages beside the criteria");
    assert!(html.contains("<table class=\"sites\">"), "sites as a table");
    let history = page("/study/NCT05281068/history");
    assert!(history.contains("1 (current)"), "{history}");
    let missing = get("/study/NCT99999998");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("NCT99999998"));
}

#[test]
fn text_from_a_record_is_shown_as_text_never_run() {
    store_markup_record();
    for path in ["/study/NCT00007696", "/study/NCT00007696/history", &format!("/?{}", query(&[("q", "Evil title")]))] {
        let reply = send_to(empty_server(), "GET", path, &[], None);
        assert_eq!(reply.status, 200, "{path}");
        let html = &reply.body;
        assert!(!html.contains("<script"), "{path}: a script tag got through");
        assert!(!html.contains("<img"), "{path}: an img tag got through");
        assert!(!html.contains("<b onmouseover"), "{path}");
        assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"), "{path}: a javascript: link");
        assert!(unescape(html).contains("<script>alert(1)</script> Evil title"), "{path}: the title shown as text");
        assert!(reply.header("content-security-policy").is_some_and(|c| c.contains("default-src 'none'")));
    }
    let study = send_to(empty_server(), "GET", "/study/NCT00007696", &[], None).body;
    assert!(unescape(&study).contains("\"><img src=x onerror=alert(2)>"), "criteria shown as text");
    assert!(study.contains("javascript:alert(4)"), "the link shown as text, not as a link");
}

#[test]
fn charts_draw_the_result_set_as_svg() {
    let html = page(&format!("/stats?{}", query(&[("cond", "cancer")])));
    let total: u64 = between(&html, "<h1>Charts of ", " studies found").parse().unwrap();
    assert!(total > 0);
    for chart in ["By status", "By phase", "By registry", "By country", "By start year"] {
        assert!(html.contains(chart), "{chart} missing");
    }
    // The status bars add up to the result set: every record has one status at most.
    let status = between(&html, "By status", "</svg>");
    let counts: u64 = status
        .split("<title>")
        .skip(1)
        .map(|t| {
            t.split("</title>").next().and_then(|title| title.rsplit(": ").next()).unwrap().parse::<u64>().unwrap()
        })
        .sum();
    assert!(counts <= total && counts * 10 >= total * 9, "{counts} of {total}");
    assert!(html.contains("<svg") && !html.contains("<script"));
}

#[test]
fn downloads_hold_every_result_not_one_page() {
    let search = query(&[("cond", "cancer"), ("status", "RECRUITING")]);
    let html = page(&format!("/?{search}"));
    let total: usize = between(&html, "<p class=\"summary\">", " stud").trim().parse().unwrap();
    assert!(total > 20, "more than a page: {total}");
    assert!(
        html.contains(&format!("href=\"/download.csv?{}\"", search.replace('&', "&#38;"))),
        "the page links its download"
    );

    let csv = get(&format!("/download.csv?{search}"));
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.header("content-disposition").unwrap().starts_with("attachment"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("NCT Number"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total);
    assert!(rows.iter().all(|r| r.get(4) == Some("RECRUITING")), "Study Status of every row");

    let ndjson = get(&format!("/download.ndjson?{search}"));
    let records: Vec<Value> = ndjson.body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), total);
}

/// Stores, once, a record whose title, criteria, sponsor and a link are markup and
/// script, on the writable server (the browser test visits it too).
pub fn store_markup_record() {
    static STORED: std::sync::Once = std::sync::Once::new();
    STORED.call_once(|| {
        let file = std::fs::read(shared("corpus/ctgov-v2/NCT00007696.json")).unwrap();
        let mut record: Value = serde_json::from_slice(&file).unwrap();
        let protocol = &mut record["protocolSection"];
        protocol["identificationModule"]["briefTitle"] = "<script>alert(1)</script> Evil title".into();
        protocol["eligibilityModule"]["eligibilityCriteria"] =
            "Inclusion Criteria:\n\n* \"><img src=x onerror=alert(2)>\n\nExclusion Criteria:\n\n* none".into();
        protocol["sponsorCollaboratorsModule"]["leadSponsor"]["name"] = "<b onmouseover=alert(3)>Sponsor</b>".into();
        protocol["referencesModule"] =
            serde_json::json!({"seeAlsoLinks": [{"label": "click me", "url": "javascript:alert(4)"}]});
        let body = serde_json::to_vec(&record).unwrap();
        let auth = format!("Bearer {WRITE_TOKEN}");
        let path = "/api/trialdex/v1/records/ctgov/NCT00007696";
        let stored = send_to(empty_server(), "PUT", path, &[("authorization", &auth)], Some(&body));
        assert!(stored.status == 201 || stored.status == 200, "{}", stored.body);
    });
}
