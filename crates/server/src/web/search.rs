//! `/`: the search page — form, facets that narrow on click, results, sorting, pages.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use trialdex_model::Study;

use super::query::{PAGE_SIZE, WebQuery};
use super::view::{label, readable, registry_label, status_class, study_href};
use super::{error_page, html};
use crate::blocking;
use crate::{ApiError, AppState};

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    query: WebQuery,
    /// "?…" of this search (all pages), for its charts and downloads.
    links_query: String,
    /// None before anything is asked: the page shows what the database holds.
    searched: bool,
    total: u64,
    /// When one result is shown per trial: the registrations found.
    registrations: Option<u64>,
    results: Vec<ResultRow>,
    facets: Vec<FacetView>,
    /// Filters in force, each with the link that removes it.
    chips: Vec<Link>,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    /// Values the form's controls do not show, kept as hidden fields.
    hidden: Vec<(String, String)>,
    first_shown: u64,
    last_shown: u64,
    error: Option<String>,
    /// Said above the results, which are shown all the same.
    notice: Option<&'static str>,
    sorts: Vec<Choice>,
    statuses: Vec<Choice>,
    phases: Vec<Choice>,
    sexes: Vec<Choice>,
    registries: Vec<Choice>,
}

struct ResultRow {
    href: String,
    id: String,
    registry: String,
    title: String,
    status: String,
    status_class: String,
    phases: String,
    conditions: String,
    countries: String,
    updated: String,
    /// The trial's other registrations, when one result is shown per trial.
    also: Vec<Link>,
}

struct FacetView {
    title: &'static str,
    links: Vec<FacetLink>,
}

struct FacetLink {
    label: String,
    count: u64,
    href: String,
    selected: bool,
}

struct Link {
    label: String,
    href: String,
}

struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// An option of a form control.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// Facet dimension → its title and the URL parameter a click sets. (No sex facet: the
/// Sex field keeps trials open to all sexes, which a count by sex could not show.)
const FACETS: [(&str, &str, &str); 7] = [
    ("status", "Status", "status"),
    ("phase", "Phase", "phase"),
    ("registry", "Registry", "registry"),
    ("studyType", "Study type", "type"),
    ("country", "Country", "country"),
    ("ageGroup", "Age group", "agegroup"),
    ("results", "Results", "results"),
];

/// Values listed per facet (countries run to hundreds).
const FACET_VALUES_SHOWN: usize = 15;
/// Site countries named in a result before "and N more".
const COUNTRIES_LISTED: usize = 6;

pub async fn page(State(state): State<Arc<AppState>>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let query = WebQuery::new(pairs);
    match build(state, query).await {
        Ok(page) => html(StatusCode::OK, &page),
        Err(err) => error_page(err),
    }
}

async fn build(state: Arc<AppState>, query: WebQuery) -> Result<SearchPage, ApiError> {
    let searched = !query.is_empty();
    let mut request = match query.request(PAGE_SIZE, true) {
        Ok(request) => request,
        Err(err) => return Ok(SearchPage::new(query, searched, Some(err.message))),
    };
    // Nothing asked and no order chosen: the most recently updated first.
    if !searched && request.sort.is_none() {
        request.sort = trialdex_index::request::Sort::parse("LastUpdatePostDate:desc").ok();
    }
    let mut notice = None;
    if query.collapsed() {
        request.collapse = state.collapse();
        if request.collapse.is_none() {
            notice = Some("Registrations are not linked yet (run trialdex links): every registration is shown.");
        }
    }
    // A facet with a value chosen counts its values without its own choice, so each
    // count says what adding that value would bring (values of one facet are OR-ed).
    let mut own_counts = Vec::new();
    for (name, _, param) in FACETS {
        if !query.all(param).is_empty() {
            let mut others = query.without_all(param).request(1, true)?;
            others.offset = 0;
            own_counts.push((name, others));
        }
    }
    let links = state.saved_links();
    let outcome = blocking(move || {
        let mut results = state.index.search(&request)?;
        for (name, others) in own_counts {
            let counts = state.index.search(&others)?.facets.into_iter().find(|f| f.name == name);
            if let (Some(counts), Some(slot)) = (counts, results.facets.iter_mut().find(|f| f.name == name)) {
                *slot = counts;
            }
        }
        let mut studies = Vec::with_capacity(results.hits.len());
        for hit in &results.hits {
            if let Some(version) = state.store.current(&hit.key)? {
                studies.push((hit.key.clone(), version.study));
            }
        }
        Ok((results, studies))
    })
    .await;
    let (results, studies) = match outcome {
        Ok(found) => found,
        // The user's query is wrong: say so on the page, with the form to fix it.
        Err(err) if err.status == StatusCode::BAD_REQUEST => {
            return Ok(SearchPage::new(query, searched, Some(err.message)));
        }
        Err(err) => return Err(err),
    };
    let mut page = SearchPage::new(query, searched, None);
    page.notice = notice;
    page.total = results.total;
    page.registrations = results.registrations;
    page.results = studies.iter().map(|(_, study)| row(study)).collect();
    if let (Some(links), Some(_)) = (links, results.registrations) {
        for (row, (key, _)) in page.results.iter_mut().zip(&studies) {
            let others = links.cluster_of(key).into_iter().flat_map(|c| &c.members).filter(|m| *m != key);
            row.also = others
                .map(|m| Link {
                    label: format!("{} {}", registry_label(m.registry.as_str()), m.registry_id),
                    href: study_href(m.registry.as_str(), &m.registry_id),
                })
                .collect();
        }
    }
    page.facets = facets(&page.query, &results.facets);
    let offset = ((page.query.page() - 1) * PAGE_SIZE) as u64;
    page.first_shown = if page.results.is_empty() { 0 } else { offset + 1 };
    page.last_shown = offset + page.results.len() as u64;
    let last_page = (results.total as usize).div_ceil(PAGE_SIZE).max(1);
    let asked = page.query.page();
    if asked > last_page {
        let (verb, plural) = if last_page == 1 { ("is", "") } else { ("are", "s") };
        page.error = Some(format!("There {verb} only {last_page} page{plural} of results."));
    }
    let current = asked.min(last_page);
    page.previous = (current > 1).then(|| page.query.at_page(current - 1));
    page.next = (asked < last_page).then(|| page.query.at_page(current + 1));
    // Pages around this one, and always the first and the last.
    let mut numbers: Vec<usize> = (current.saturating_sub(3).max(1)..=(current + 3).min(last_page)).collect();
    numbers.extend([1, last_page]);
    numbers.sort_unstable();
    numbers.dedup();
    page.pages =
        numbers.into_iter().map(|n| PageLink { number: n, href: page.query.at_page(n), current: n == asked }).collect();
    Ok(page)
}

impl SearchPage {
    fn new(query: WebQuery, searched: bool, error: Option<String>) -> SearchPage {
        let choices = |values: &[&str], param: &str| -> Vec<Choice> {
            values
                .iter()
                .map(|v| Choice { value: v.to_string(), label: label(v), selected: query.has(param, v) })
                .collect()
        };
        let statuses = choices(
            &[
                "RECRUITING",
                "NOT_YET_RECRUITING",
                "ACTIVE_NOT_RECRUITING",
                "ENROLLING_BY_INVITATION",
                "COMPLETED",
                "SUSPENDED",
                "TERMINATED",
                "WITHDRAWN",
                "UNKNOWN",
            ],
            "status",
        );
        let phases = choices(&["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"], "phase");
        let sexes = choices(&["FEMALE", "MALE"], "sex");
        let registries = trialdex_model::Registry::ALL
            .iter()
            .map(|r| r.as_str())
            .map(|r| Choice { value: r.to_string(), label: registry_label(r), selected: query.has("registry", r) })
            .collect();
        let sorts = [
            ("", "Relevance"),
            ("LastUpdatePostDate:desc", "Last update"),
            ("StartDate:desc", "Start date, newest"),
            ("StartDate:asc", "Start date, oldest"),
            ("EnrollmentCount:desc", "Enrollment, largest"),
        ]
        .iter()
        .map(|(value, text)| Choice {
            value: value.to_string(),
            label: text.to_string(),
            selected: query.get("sort") == *value,
        })
        .collect();
        let chips =
            ["status", "phase", "registry", "type", "country", "sex", "agegroup", "results", "age", "start", "updated"]
                .iter()
                .flat_map(|param| query.all(param).into_iter().map(move |v| (*param, v)))
                .map(|(param, value)| Link {
                    label: match param {
                        "age" => format!("Age {value}"),
                        "start" => format!("Started {}", value.replace("..", " to ")),
                        "updated" => format!("Updated {}", value.replace("..", " to ")),
                        "registry" => registry_label(value),
                        _ => label(value),
                    },
                    href: query.without(param, value),
                })
                .collect();
        SearchPage {
            links_query: query.at_page(1).trim_start_matches('/').to_owned(),
            searched,
            total: 0,
            registrations: None,
            results: Vec::new(),
            facets: Vec::new(),
            chips,
            pages: Vec::new(),
            previous: None,
            next: None,
            hidden: query.hidden(),
            first_shown: 0,
            last_shown: 0,
            error,
            notice: None,
            sorts,
            statuses,
            phases,
            sexes,
            registries,
            query,
        }
    }
}

fn facets(query: &WebQuery, counts: &[trialdex_index::request::FacetCounts]) -> Vec<FacetView> {
    FACETS
        .iter()
        .filter_map(|(name, title, param)| {
            let facet = counts.iter().find(|f| f.name == *name)?;
            let links: Vec<FacetLink> = facet
                .values
                .iter()
                .take(FACET_VALUES_SHOWN)
                .map(|(value, count)| {
                    let selected = query.has(param, value);
                    let text = if *param == "registry" { registry_label(value) } else { label(value) };
                    let href = if selected { query.without(param, value) } else { query.with(param, value) };
                    FacetLink { label: text, count: *count, href, selected }
                })
                .collect();
            (!links.is_empty()).then_some(FacetView { title, links })
        })
        .collect()
}

fn row(study: &Study) -> ResultRow {
    let section = study.registry_section.as_ref();
    let registry = section.and_then(|s| s.registry).map_or("other", |r| r.as_str());
    let id = section.and_then(|s| s.registry_id.clone()).unwrap_or_default();
    let protocol = study.protocol_section.as_ref();
    let mut countries: Vec<String> = protocol
        .and_then(|p| p.contacts_locations_module.as_ref())
        .map(|m| m.locations.iter().filter_map(|l| l.country.clone()).collect())
        .unwrap_or_default();
    countries.sort();
    countries.dedup();
    // A trial in forty countries lists a few and says how many more.
    if countries.len() > COUNTRIES_LISTED {
        let more = countries.len() - COUNTRIES_LISTED;
        countries.truncate(COUNTRIES_LISTED);
        countries.push(format!("and {more} more countries"));
    }
    let updated = protocol
        .and_then(|p| p.status_module.as_ref())
        .and_then(|s| s.last_update_post_date_struct.as_ref())
        .and_then(|d| d.date)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let status = study.overall_status().map(|s| s.as_str().to_owned()).unwrap_or_default();
    ResultRow {
        href: study_href(registry, &id),
        registry: registry_label(registry),
        title: readable(study.title().unwrap_or("(no title)")),
        status_class: status_class(&status),
        status: if status.is_empty() { String::new() } else { label(&status) },
        phases: study.phases().iter().map(|p| label(p.as_str())).collect::<Vec<_>>().join(", "),
        conditions: study.conditions().join(", "),
        countries: countries.join(", "),
        updated,
        id,
        also: Vec::new(),
    }
}
