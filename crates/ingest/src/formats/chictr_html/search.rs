//! ChiCTR's search-results page: a list of trials (id, title, study type, date), no record.

use scraper::{Html, Selector};
use trialdex_model::{Registry, ids};

use crate::text::clean_inline;

/// What a search-results page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// How many trials the search matched, as the page says ("共检索到 32 个…").
    pub matched: Option<u64>,
    /// The ChiCTR ids listed on this page, in page order.
    pub ids: Vec<String>,
}

impl Listing {
    pub fn describe(&self) -> String {
        let listed = match self.ids.len() {
            0 => "none listed on this page".to_owned(),
            n => format!("{n} listed on this page ({})", self.ids.join(", ")),
        };
        let matched = match self.matched {
            Some(n) => format!("{n} trials match its search, "),
            None => String::new(),
        };
        format!("a ChiCTR search-results page: {matched}{listed}; it holds no trial record")
    }
}

/// The listing, when the page is a search-results page: it says how many trials matched
/// (`#data-total`) or has a results table headed "注册号" (registration number).
pub fn listing(html: &Html) -> Option<Listing> {
    let select = |css: &str| Selector::parse(css).ok();
    let matched_text =
        select("#data-total").and_then(|s| html.select(&s).next().map(|e| clean_inline(&e.text().collect::<String>())));
    let matched = matched_text.as_deref().and_then(|t| t.parse().ok());
    let headed_by_id = select("th").is_some_and(|s| {
        html.select(&s).any(|th| {
            let text = clean_inline(&th.text().collect::<String>());
            text == "注册号" || text.eq_ignore_ascii_case("Registration number")
        })
    });
    if matched_text.is_none() && !headed_by_id {
        return None;
    }
    let mut ids: Vec<String> = Vec::new();
    if let Some(cells) = select("td") {
        for cell in html.select(&cells) {
            let text = clean_inline(&cell.text().collect::<String>());
            // A cell that is an id, not a title that mentions one.
            let found = ids::find_ids(&text);
            if let [id] = found.as_slice()
                && id.registry == Registry::Chictr
                && text.len() == id.id.len()
                && !ids.contains(&id.id)
            {
                ids.push(id.id.clone());
            }
        }
    }
    Some(Listing { matched, ids })
}
