//! Running a `SearchRequest`: the queries (scored) and filters (not scored) combined,
//! counted, faceted, sorted and cut into pages.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use tantivy::collector::{Count, FacetCollector, FacetCounts as TantivyFacetCounts, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::{Facet, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};
use trialdex_store::RecordKey;

use crate::areas::area;
use crate::compile::Compiler;
use crate::document::FACET_DIMENSIONS;
use crate::filter::filter_exprs;
use crate::query::parse;
use crate::query::{Expansion, Expr, Span};
use crate::request::{FacetCounts, Hit, MAX_PAGE_SIZE, SearchRequest, SearchResults, Sort};
use crate::term_stats::TermStats;
use crate::years::YearCounts;
use crate::{Error, Result, SearchIndex};

/// Facet values listed per dimension (countries run to hundreds).
const MAX_FACET_VALUES: usize = 100;
/// Collapsed results are found by walking the results from the first; this far at most.
const MAX_COLLAPSED_WINDOW: usize = 10_000;

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.page_size == 0 || request.page_size > MAX_PAGE_SIZE {
            return Err(Error::Request(format!("pageSize must be between 1 and {MAX_PAGE_SIZE}")));
        }
        let fingerprint = fingerprint(request);
        let offset = match &request.page_token {
            Some(token) => read_token(token, fingerprint)?,
            None => request.offset,
        };
        let synonyms = self.synonyms.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let searcher = self.reader.searcher();
        let stats = TermStats::new(&searcher);
        let compiler = Compiler { fields: &self.fields, synonyms: &synonyms, index: &self.index, stats: &stats };
        let query = self.query(&compiler, request)?;
        let sort = request.sort.as_ref();
        let (total, hits, facets, registrations) = match &request.collapse {
            None => {
                let top = TopDocs::with_limit(request.page_size).and_offset(offset);
                let (total, addresses, facets) = collect(&searcher, &stats, &*query, sort, top, request.facets)?;
                (total, self.hits(&searcher, addresses)?, facets, None)
            }
            Some(collapse) => {
                // Walk the results from the first, a trial's later registrations left
                // out, until this page is filled.
                let window = offset + request.page_size;
                if window > MAX_COLLAPSED_WINDOW {
                    return Err(Error::Request(format!(
                        "collapsed results can be paged through the first {MAX_COLLAPSED_WINDOW} only; narrow the search"
                    )));
                }
                let mut limit = (window * 2).max(32);
                let (total, addresses, facets) =
                    collect(&searcher, &stats, &*query, sort, TopDocs::with_limit(limit), request.facets)?;
                let mut fetched = addresses.len();
                let mut kept = collapse.first_of_each(self.hits(&searcher, addresses)?);
                while kept.len() < window && fetched == limit {
                    limit *= 4;
                    let (_, addresses, _) =
                        collect(&searcher, &stats, &*query, sort, TopDocs::with_limit(limit), false)?;
                    fetched = addresses.len();
                    kept = collapse.first_of_each(self.hits(&searcher, addresses)?);
                }
                let trials = total - self.collapsed_away(&searcher, &*query, collapse)?;
                (trials, kept.into_iter().skip(offset).take(request.page_size).collect(), facets, Some(total))
            }
        };
        let end = offset + hits.len();
        let next_page_token = (end < total as usize).then(|| format!("{fingerprint:016x}{end:x}"));
        let facets = facets.map(|(counts, years)| facet_counts(counts, years)).unwrap_or_default();
        Ok(SearchResults { total, registrations, hits, next_page_token, facets })
    }

    fn query(&self, compiler: &Compiler, request: &SearchRequest) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (area_name, text) in &request.queries {
            if text.trim().is_empty() {
                continue;
            }
            let area = area(area_name).ok_or_else(|| Error::Request(format!("unknown search area {area_name:?}")))?;
            clauses.push((Occur::Must, compiler.compile(&parse(text)?, area)?));
        }
        if let Some(text) = request.patient.as_deref().filter(|t| !t.trim().is_empty()) {
            // A pasted description: any of its words counts, more of them scoring higher.
            let text = Expr::Term { text: text.to_owned(), quoted: false, span: Span { start: 0, end: 0 } };
            let lossy = Expr::Expansion { expansion: Expansion::Lossy, expr: Box::new(text) };
            clauses.push((Occur::Must, compiler.compile(&lossy, area("PatientSearch").expect("an area"))?));
        }
        let basic = area("BasicSearch").expect("BasicSearch is an area");
        for (expr, text) in filter_exprs(&request.filter)? {
            let filter =
                compiler.compile(&expr, basic).map_err(|e| Error::Request(format!("{text}: {}", e.message)))?;
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        Ok(if clauses.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(clauses)) })
    }

    /// The record keys of a page's documents, read from the index's stored fields.
    pub(crate) fn hits(&self, searcher: &Searcher, addresses: Vec<(f32, DocAddress)>) -> Result<Vec<Hit>> {
        addresses
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let key = doc.get_first(self.fields.key).and_then(|v| v.as_str()).unwrap_or_default();
                Ok(Hit { key: key.parse::<RecordKey>()?, score })
            })
            .collect()
    }
}

/// Facet counts and start years, when asked for.
type FacetFruit = Option<(TantivyFacetCounts, BTreeMap<i32, u64>)>;
/// What one pass over the matches gives: the total, the page's documents (with their
/// scores) and the facets.
type Collected = (u64, Vec<(f32, DocAddress)>, FacetFruit);

/// One pass over the matches for the total, the page and the facets: each pass of its
/// own would look every term up again and walk every match again (a separate count
/// cost as much as the page on queries matching many records).
fn collect(
    searcher: &Searcher,
    stats: &TermStats,
    query: &dyn Query,
    sort: Option<&Sort>,
    top: TopDocs,
    facets: bool,
) -> Result<Collected> {
    let facets = facets.then(|| (facet_collector(), YearCounts));
    let (total, addresses, facets) = match sort {
        Some(sort) if sort.field != Sort::RELEVANCE => {
            let order = if sort.descending { Order::Desc } else { Order::Asc };
            let by_field = top.order_by_fast_field::<i64>(&sort.field, order);
            let (total, page, facets) =
                searcher.search_with_statistics_provider(query, &(Count, by_field, facets), stats)?;
            (total, page.into_iter().map(|(_, address)| (0.0, address)).collect(), facets)
        }
        _ => searcher.search_with_statistics_provider(query, &(Count, top.order_by_score(), facets), stats)?,
    };
    Ok((total as u64, addresses, facets))
}

fn facet_collector() -> FacetCollector {
    let mut collector = FacetCollector::for_field(crate::schema::FACETS);
    for dimension in FACET_DIMENSIONS {
        collector.add_facet(Facet::from_path([dimension]));
    }
    collector
}

fn facet_counts(counts: TantivyFacetCounts, years: BTreeMap<i32, u64>) -> Vec<FacetCounts> {
    let start_years = FacetCounts {
        name: "startYear".to_owned(),
        values: years.into_iter().map(|(year, count)| (year.to_string(), count)).collect(),
    };
    FACET_DIMENSIONS
        .iter()
        .map(|dimension| {
            let mut values: Vec<(String, u64)> = counts
                .get(Facet::from_path([dimension]))
                .map(|(facet, count)| {
                    let value = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
                    (value, count)
                })
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(MAX_FACET_VALUES);
            FacetCounts { name: dimension.to_string(), values }
        })
        // Years in their order, oldest first, not by count.
        .chain(std::iter::once(start_years))
        .collect()
}

/// Identifies a request apart from its page, so a page token is only read by the query it came from.
fn fingerprint(request: &SearchRequest) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut without_page = request.clone();
    without_page.page_token = None;
    without_page.offset = 0;
    without_page.page_size = 0;
    without_page.facets = false;
    serde_json::to_string(&without_page).unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}

fn read_token(token: &str, fingerprint: u64) -> Result<usize> {
    let bad = || Error::Request("pageToken is not valid for this query; repeat the query without pageToken".to_owned());
    if token.len() <= 16 || !token.is_ascii() {
        return Err(bad());
    }
    let (from, offset) = token.split_at(16);
    if u64::from_str_radix(from, 16).map_err(|_| bad())? != fingerprint {
        return Err(bad());
    }
    usize::from_str_radix(offset, 16).map_err(|_| bad())
}
