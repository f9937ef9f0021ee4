//! How many records hold a term, looked up once per search.
//!
//! A pasted patient description is some 30 words in 50 pieces: 1,500 terms, each
//! looked up in every segment's term dictionary to weigh it (BM25's idf) and again to
//! leave out the pieces where the word is too common to say anything
//! (`compile::text`). Looking each term up once and handing the counts to tantivy as
//! its statistics halves that work.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

pub(crate) struct TermStats<'a> {
    searcher: &'a Searcher,
    doc_freqs: Mutex<HashMap<Term, u64>>,
}

impl<'a> TermStats<'a> {
    pub fn new(searcher: &'a Searcher) -> TermStats<'a> {
        TermStats { searcher, doc_freqs: Mutex::new(HashMap::new()) }
    }

    /// The records in the index (deleted ones left out).
    pub fn records(&self) -> u64 {
        self.searcher.num_docs()
    }
}

impl Bm25StatisticsProvider for TermStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut doc_freqs = self.doc_freqs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&held) = doc_freqs.get(term) {
            return Ok(held);
        }
        let held = self.searcher.doc_freq(term)?;
        doc_freqs.insert(term.clone(), held);
        Ok(held)
    }
}
