//! One result per trial: registrations linked as the same trial (the clusters
//! `trialdex links` keeps) shown once, by the best placed of them.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::{DocAddress, Searcher, Term};
use trialdex_store::RecordKey;

use crate::request::Hit;
use crate::{Result, SearchIndex};

/// Which cluster each linked record is in. Records in no cluster are trials of their own.
#[derive(Clone, Default)]
pub struct Collapse {
    cluster_of: Arc<HashMap<RecordKey, u32>>,
    /// A hash of the clusters, so a page token made with one set of clusters is not
    /// read with another (a person's decision changes them without a store change).
    generation: u64,
}

impl Collapse {
    pub fn new<'a>(clusters: impl IntoIterator<Item = &'a [RecordKey]>) -> Collapse {
        let mut cluster_of = HashMap::new();
        let mut hasher = std::hash::DefaultHasher::new();
        for (number, members) in clusters.into_iter().enumerate() {
            members.hash(&mut hasher);
            cluster_of.extend(members.iter().map(|key| (key.clone(), number as u32)));
        }
        Collapse { cluster_of: Arc::new(cluster_of), generation: hasher.finish() }
    }

    /// `hits` with each trial's later registrations left out.
    pub(crate) fn first_of_each(&self, hits: Vec<Hit>) -> Vec<Hit> {
        let mut seen = HashSet::new();
        hits.into_iter()
            .filter(|hit| self.cluster_of.get(&hit.key).is_none_or(|cluster| seen.insert(*cluster)))
            .collect()
    }
}

impl std::fmt::Debug for Collapse {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Collapse({} linked records, generation {})", self.cluster_of.len(), self.generation)
    }
}

impl serde::Serialize for Collapse {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.generation)
    }
}

/// The documents of one searcher that are linked records, each with its cluster: read
/// once (a stored key per document), then every collapsed search counts without
/// reading a stored document.
pub(crate) struct LinkedDocs {
    collapse_generation: u64,
    searcher_generation: u64,
    /// Matches every linked record (their keys).
    query: Box<dyn Query>,
    cluster_of: HashMap<DocAddress, u32>,
}

impl SearchIndex {
    /// How many of `query`'s matches are a trial's second or later registration: the
    /// matching linked records, less one per cluster they are in.
    pub(crate) fn collapsed_away(&self, searcher: &Searcher, query: &dyn Query, collapse: &Collapse) -> Result<u64> {
        if collapse.cluster_of.is_empty() {
            return Ok(0);
        }
        let linked = self.linked_docs(searcher, collapse)?;
        let both = BooleanQuery::new(vec![(Occur::Must, query.box_clone()), (Occur::Must, linked.query.box_clone())]);
        let matching = searcher.search(&both, &DocSetCollector)?;
        let clusters: HashSet<u32> =
            matching.iter().filter_map(|address| linked.cluster_of.get(address).copied()).collect();
        Ok((matching.len() - clusters.len()) as u64)
    }

    fn linked_docs(&self, searcher: &Searcher, collapse: &Collapse) -> Result<Arc<LinkedDocs>> {
        let searcher_generation = searcher.generation().generation_id();
        let mut cached = self.linked_docs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(linked) = cached.as_ref()
            && linked.collapse_generation == collapse.generation
            && linked.searcher_generation == searcher_generation
        {
            return Ok(Arc::clone(linked));
        }
        let keys = collapse.cluster_of.keys().map(|key| Term::from_field_text(self.fields.key, &key.to_string()));
        let query: Box<dyn Query> = Box::new(TermSetQuery::new(keys));
        let addresses: Vec<DocAddress> = searcher.search(&*query, &DocSetCollector)?.into_iter().collect();
        let hits = self.hits(searcher, addresses.iter().map(|address| (0.0, *address)).collect())?;
        let cluster_of = addresses
            .into_iter()
            .zip(hits)
            .filter_map(|(address, hit)| Some((address, *collapse.cluster_of.get(&hit.key)?)))
            .collect();
        let linked =
            Arc::new(LinkedDocs { collapse_generation: collapse.generation, searcher_generation, query, cluster_of });
        *cached = Some(Arc::clone(&linked));
        Ok(linked)
    }
}
