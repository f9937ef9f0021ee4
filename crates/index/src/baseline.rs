//! The yardstick search is measured against: plain BM25 over all of a record's text
//! in one field, the query's words OR-ed — what a user would get from an
//! off-the-shelf full-text engine. Used by `trialdex bench relevance`; not by search.

use serde_json::Value;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, STORED, STRING, Schema, TEXT, Value as _};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, TantivyDocument, Term, doc};
use trialdex_model::pieces::{PIECES, PieceKind, values};

/// Every text value of a record (the pieces the index searches as text), one per line.
pub fn record_text(record: &Value) -> String {
    let mut text = String::new();
    for piece in PIECES.iter().filter(|p| p.kind == PieceKind::Text) {
        for value in values(record, piece.path) {
            if let Some(s) = value.as_str() {
                text.push_str(s);
                text.push('\n');
            }
        }
    }
    text
}

/// An in-memory index of (id, all text) with tantivy's default English analysis.
pub struct PlainBm25 {
    index: Index,
    reader: IndexReader,
    analyzer: TextAnalyzer,
}

impl PlainBm25 {
    pub fn build(records: impl Iterator<Item = (String, String)>) -> tantivy::Result<PlainBm25> {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let text = builder.add_text_field("text", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
        for (record_id, record_text) in records {
            writer.add_document(doc!(id => record_id, text => record_text))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let analyzer = index.tokenizer_for_field(text)?;
        Ok(PlainBm25 { index, reader, analyzer })
    }

    /// The ids of the best `limit` records for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> tantivy::Result<Vec<String>> {
        let schema = self.index.schema();
        let (id, text) = (schema.get_field("id")?, schema.get_field("text")?);
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(query);
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        while let Some(token) = stream.next() {
            let term = Term::from_field_text(text, &token.text);
            terms.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))));
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(&BooleanQuery::new(terms), &TopDocs::with_limit(limit).order_by_score())?;
        top.into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(doc.get_first(id).and_then(|v| v.as_str()).unwrap_or_default().to_owned())
            })
            .collect()
    }
}
