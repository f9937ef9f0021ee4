//! Records joined into clusters: union-find over record positions, and the clusters
//! it ends with.

use std::collections::BTreeMap;

use trialdex_store::RecordKey;

use crate::{Cluster, Link};

pub(crate) struct Joiner {
    parent: Vec<usize>,
}

impl Joiner {
    pub fn new(records: usize) -> Joiner {
        Joiner { parent: (0..records).collect() }
    }

    /// The record that stands for `at`'s cluster.
    pub fn root(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    /// Joins the cluster of root `b` into that of root `a`.
    pub fn join(&mut self, a: usize, b: usize) {
        self.parent[b] = a;
    }

    /// The clusters of two or more records (`keys` by position), each with the links
    /// (given with the position of one of their records) between its members; members
    /// and clusters sorted.
    pub fn clusters(mut self, keys: &[&RecordKey], links: Vec<(usize, Link)>) -> Vec<Cluster> {
        let mut clusters: BTreeMap<usize, Cluster> = BTreeMap::new();
        for (at, key) in keys.iter().enumerate() {
            let root = self.root(at);
            let cluster = clusters.entry(root).or_insert_with(|| Cluster { members: Vec::new(), links: Vec::new() });
            cluster.members.push((*key).clone());
        }
        for (at, link) in links {
            let root = self.root(at);
            if let Some(cluster) = clusters.get_mut(&root) {
                cluster.links.push(link);
            }
        }
        let mut clusters: Vec<Cluster> = clusters.into_values().filter(|c| c.members.len() > 1).collect();
        for cluster in &mut clusters {
            cluster.members.sort();
        }
        clusters.sort_by(|a, b| a.members.cmp(&b.members));
        clusters
    }
}
