//! One result per trial: registrations linked as the same trial (the clusters
//! `trialdex links` keeps) shown once, by the best placed of them.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::{Searcher, Term};
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

impl SearchIndex {
    /// How many of `query`'s matches are a trial's second or later registration: the
    /// matching linked records, less one per cluster they are in.
    pub(crate) fn collapsed_away(&self, searcher: &Searcher, query: &dyn Query, collapse: &Collapse) -> Result<u64> {
        if collapse.cluster_of.is_empty() {
            return Ok(0);
        }
        let keys = collapse.cluster_of.keys().map(|key| Term::from_field_text(self.fields.key, &key.to_string()));
        let linked = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (Occur::Must, Box::new(TermSetQuery::new(keys)) as Box<dyn Query>),
        ]);
        let addresses = searcher.search(&linked, &DocSetCollector)?;
        let hits = self.hits(searcher, addresses.into_iter().map(|address| (0.0, address)).collect())?;
        let clusters: HashSet<u32> = hits.iter().filter_map(|hit| collapse.cluster_of.get(&hit.key).copied()).collect();
        Ok((hits.len() - clusters.len()) as u64)
    }
}
