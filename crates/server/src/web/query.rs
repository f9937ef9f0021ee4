//! The search page's URL: what a user asked for, read from and written back to the
//! query string, so a search can be bookmarked, shared and narrowed link by link.

use trialdex_index::request::{DateRange, Filter, SearchRequest, Sort};

use crate::{ApiError, percent_encode};

/// Results per page on the search page.
pub const PAGE_SIZE: usize = 20;

/// Parameters whose values accumulate (`status=RECRUITING&status=COMPLETED`).
const LISTS: [&str; 7] = ["status", "phase", "registry", "country", "type", "agegroup", "sex"];
/// Parameters with one value.
const SINGLE: [&str; 11] =
    ["q", "cond", "intr", "locn", "age", "results", "sort", "page", "start", "updated", "collapse"];

/// The search as the URL gives it: parameter/value pairs in their order.
#[derive(Debug, Clone, Default)]
pub struct WebQuery {
    pairs: Vec<(String, String)>,
}

impl WebQuery {
    /// Keeps the known parameters with a value; anything else in the URL is dropped.
    pub fn new(pairs: Vec<(String, String)>) -> WebQuery {
        let pairs = pairs
            .into_iter()
            .map(|(k, v)| (k, v.trim().to_owned()))
            .filter(|(k, v)| !v.is_empty() && (LISTS.contains(&k.as_str()) || SINGLE.contains(&k.as_str())))
            .collect();
        WebQuery { pairs }
    }

    pub fn get(&self, name: &str) -> &str {
        self.pairs.iter().rev().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.pairs.iter().any(|(k, v)| k == name && v.eq_ignore_ascii_case(value))
    }

    /// No search asked for: the page shows the form and what the database holds.
    pub fn is_empty(&self) -> bool {
        self.pairs.iter().all(|(k, _)| k == "page" || k == "sort" || k == "collapse")
    }

    /// One result per trial: linked registrations shown once.
    pub fn collapsed(&self) -> bool {
        self.get("collapse") == "1"
    }

    /// 1-based page number.
    pub fn page(&self) -> usize {
        self.get("page").parse().unwrap_or(1).max(1)
    }

    /// This URL with `name=value` added (a new search: back to page 1).
    pub fn with(&self, name: &str, value: &str) -> String {
        let mut pairs: Vec<(String, String)> = self.pairs.iter().filter(|(k, _)| k != "page").cloned().collect();
        if SINGLE.contains(&name) {
            pairs.retain(|(k, _)| k != name);
        }
        pairs.push((name.to_owned(), value.to_owned()));
        url(&pairs)
    }

    /// This URL without `name=value` (without every `name` when `value` is empty).
    pub fn without(&self, name: &str, value: &str) -> String {
        let pairs: Vec<(String, String)> = self
            .pairs
            .iter()
            .filter(|(k, v)| k != "page" && !(k == name && (value.is_empty() || v.eq_ignore_ascii_case(value))))
            .cloned()
            .collect();
        url(&pairs)
    }

    /// The same search without any value of `name` (its facet's counts leave it out).
    pub fn without_all(&self, name: &str) -> WebQuery {
        WebQuery { pairs: self.pairs.iter().filter(|(k, _)| k != name && k != "page").cloned().collect() }
    }

    /// The values the form's controls do not show (facet-only filters, a second status,
    /// date ranges), as hidden fields, so submitting the form keeps them.
    pub fn hidden(&self) -> Vec<(String, String)> {
        const SHOWN: [&str; 11] =
            ["q", "cond", "intr", "locn", "age", "sort", "page", "status", "phase", "registry", "collapse"];
        const FIRST_SHOWN: [&str; 5] = ["status", "phase", "registry", "sex", "country"];
        let mut seen: Vec<&str> = Vec::new();
        let mut hidden = Vec::new();
        for (name, value) in &self.pairs {
            let first = FIRST_SHOWN.contains(&name.as_str()) && !seen.contains(&name.as_str());
            seen.push(name);
            if first || (SHOWN.contains(&name.as_str()) && !FIRST_SHOWN.contains(&name.as_str())) {
                continue;
            }
            hidden.push((name.clone(), value.clone()));
        }
        hidden
    }

    /// This URL at page `page`.
    pub fn at_page(&self, page: usize) -> String {
        let mut pairs: Vec<(String, String)> = self.pairs.iter().filter(|(k, _)| k != "page").cloned().collect();
        if page > 1 {
            pairs.push(("page".to_owned(), page.to_string()));
        }
        url(&pairs)
    }

    /// The search this URL asks for, `page_size` results from its page on.
    pub fn request(&self, page_size: usize, facets: bool) -> Result<SearchRequest, ApiError> {
        let areas = [("term", "q"), ("cond", "cond"), ("intr", "intr"), ("locn", "locn")];
        let queries = areas
            .iter()
            .filter(|(_, param)| !self.get(param).is_empty())
            .map(|(area, param)| (area.to_string(), self.get(param).to_owned()))
            .collect();
        let owned = |name: &str| self.all(name).into_iter().map(str::to_owned).collect::<Vec<_>>();
        // A woman can join a trial open to all sexes: "Female" means FEMALE or ALL.
        let mut sexes = owned("sex");
        if !sexes.is_empty() && !sexes.iter().any(|s| s.eq_ignore_ascii_case("ALL")) {
            sexes.push("ALL".to_owned());
        }
        let age = match self.get("age") {
            "" => None,
            text => Some(
                text.parse::<f64>()
                    .map_err(|_| ApiError::bad_request(format!("age: {text:?} is not a number of years")))?,
            ),
        };
        let date = |name: &str| match self.get(name) {
            "" => Ok(DateRange::default()),
            text => DateRange::parse(text).map_err(|e| ApiError::bad_request(format!("{name}: {e}"))),
        };
        // Age groups are a piece of their own (StdAge), filtered through the query language.
        let groups = self.all("agegroup");
        let advanced = (!groups.is_empty()).then(|| {
            let any: Vec<String> = groups.iter().map(|g| format!("AREA[StdAge]\"{}\"", g.replace('"', ""))).collect();
            format!("({})", any.join(" OR "))
        });
        let sort = match self.get("sort") {
            "" => None,
            text => Some(Sort::parse(text).map_err(|e| ApiError::bad_request(format!("sort: {e}")))?),
        };
        Ok(SearchRequest {
            queries,
            patient: None,
            filter: Filter {
                statuses: owned("status"),
                registries: owned("registry"),
                phases: owned("phase"),
                study_types: owned("type"),
                sexes,
                countries: owned("country"),
                age_years: age,
                has_results: match self.get("results") {
                    "with" => Some(true),
                    "without" => Some(false),
                    _ => None,
                },
                start_date: date("start")?,
                last_update: date("updated")?,
                advanced,
                ..Filter::default()
            },
            facets,
            sort,
            page_size,
            page_token: None,
            offset: (self.page() - 1) * page_size,
            // The caller, which holds the links, collapses.
            collapse: None,
        })
    }
}

fn url(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "/".to_owned();
    }
    let query: Vec<String> =
        pairs.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    format!("/?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(list: &[(&str, &str)]) -> WebQuery {
        WebQuery::new(list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn links_add_and_remove_one_value_and_go_back_to_page_one() {
        let q = query(&[("cond", "lung cancer"), ("status", "RECRUITING"), ("page", "3"), ("junk", "x")]);
        assert_eq!(q.with("status", "COMPLETED"), "/?cond=lung%20cancer&status=RECRUITING&status=COMPLETED");
        assert_eq!(q.without("status", "RECRUITING"), "/?cond=lung%20cancer");
        assert_eq!(q.with("cond", "asthma"), "/?status=RECRUITING&cond=asthma");
        assert_eq!(q.at_page(4), "/?cond=lung%20cancer&status=RECRUITING&page=4");
        assert_eq!(q.page(), 3);
    }

    #[test]
    fn the_url_becomes_a_search_request() {
        let q =
            query(&[("q", "再生障碍性贫血"), ("phase", "PHASE2"), ("age", "40"), ("agegroup", "CHILD"), ("page", "2")]);
        let request = q.request(20, true).unwrap();
        assert_eq!(request.queries, [("term".to_owned(), "再生障碍性贫血".to_owned())]);
        assert_eq!(request.filter.phases, ["PHASE2"]);
        assert_eq!(request.filter.age_years, Some(40.0));
        assert_eq!(request.filter.advanced.as_deref(), Some("(AREA[StdAge]\"CHILD\")"));
        assert_eq!(request.offset, 20);
        assert!(query(&[("age", "forty")]).request(20, true).is_err());
    }
}
