//! Searches on an in-RAM index whose fields use the analyzers: Chinese words,
//! bigram phrases, English stems, ids; and query terms agreeing with the index.

use std::collections::BTreeSet;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexWriter, Term};

use super::analyzed;
use crate::analysis::{KEYWORD, QueryPart, TEXT, query_parts, register};

/// (id, title, conditions): made-up records in the shape of ChiCTR and CT.gov ones.
const DOCS: [(&str, &str, &str); 5] = [
    (
        "ChiCTR2600000001",
        "抗胸腺细胞球蛋白联合环孢素及海曲泊帕治疗重型再生障碍性贫血的前瞻性研究",
        "重型再生障碍性贫血 Severe aplastic anemia",
    ),
    ("NCT09000001", "Eltrombopag Added to Standard Immunosuppression in Aplastic Anemia", "Anemia, Aplastic"),
    ("NCT09000002", "Low-dose IL-2 for Primary Sjögren's Syndrome", "Sjogren's Syndrome"),
    ("ChiCTR2600000002", "芦可替尼联合地塞米松治疗成人噬血细胞综合征的单臂研究", "噬血细胞综合征"),
    ("ChiCTR2600000003", "帕博利珠单抗联合化疗一线治疗非小细胞肺癌的随机对照试验", "非小细胞肺癌 NSCLC"),
];

struct Fixture {
    index: Index,
    id: Field,
    body: Field,
}

impl Fixture {
    fn new() -> Fixture {
        let mut schema = Schema::builder();
        let indexing =
            |tokenizer, option| TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(option);
        let keyword = TextOptions::default().set_indexing_options(indexing(KEYWORD, IndexRecordOption::Basic));
        let text =
            TextOptions::default().set_indexing_options(indexing(TEXT, IndexRecordOption::WithFreqsAndPositions));
        let id = schema.add_text_field("id", keyword | STORED);
        let body = schema.add_text_field("body", text);
        let index = Index::create_in_ram(schema.build());
        register(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (key, title, conditions) in DOCS {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, key);
            doc.add_text(body, title);
            doc.add_text(body, conditions);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        Fixture { index, id, body }
    }

    /// Ids of the records `query` finds, sorted.
    fn found(&self, query: &dyn Query) -> Vec<String> {
        let searcher = self.index.reader().unwrap().searcher();
        let mut ids: Vec<String> = (searcher.search(query, &DocSetCollector).unwrap().into_iter())
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(self.id).and_then(|v| v.as_str()).unwrap().to_owned()
            })
            .collect();
        ids.sort();
        ids
    }

    fn term(&self, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(self.body, text), IndexRecordOption::WithFreqsAndPositions))
    }

    fn phrase(&self, terms: &[String]) -> Box<dyn Query> {
        match terms {
            [one] => self.term(one),
            _ => Box::new(PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(self.body, t)).collect())),
        }
    }

    /// What a query builder does with [`query_parts`]: every part must match; a
    /// Chinese run as its bigram phrase or as all its jieba words.
    fn query(&self, text: &str) -> BooleanQuery {
        let parts = query_parts(text).into_iter().map(|part| match part {
            QueryPart::Word(word) => (Occur::Must, self.term(&word)),
            QueryPart::Cjk { words, bigrams, .. } => {
                let all_words = BooleanQuery::new(words.iter().map(|w| (Occur::Must, self.term(w))).collect());
                let either = BooleanQuery::new(vec![
                    (Occur::Should, self.phrase(&bigrams)),
                    (Occur::Should, Box::new(all_words)),
                ]);
                (Occur::Must, Box::new(either) as Box<dyn Query>)
            }
        });
        BooleanQuery::new(parts.collect())
    }

    fn search(&self, text: &str) -> Vec<String> {
        self.found(&self.query(text))
    }
}

fn cjk(text: &str) -> (Vec<String>, Vec<String>) {
    match query_parts(text).as_slice() {
        [QueryPart::Cjk { words, bigrams, .. }] => (words.clone(), bigrams.clone()),
        other => panic!("one Chinese part expected, found {other:?}"),
    }
}

#[test]
fn a_jieba_word_finds_the_chinese_record() {
    let index = Fixture::new();
    assert_eq!(index.found(&*index.term("环孢素")), ["ChiCTR2600000001"]);
    assert_eq!(index.found(&*index.term("再生障碍性贫血")), ["ChiCTR2600000001"]);
    assert_eq!(index.found(&*index.term("帕博利珠单抗")), ["ChiCTR2600000003"]);
}

#[test]
fn the_bigram_phrase_finds_the_name() {
    let index = Fixture::new();
    let (_, bigrams) = cjk("再生障碍性贫血");
    assert_eq!(index.found(&*index.phrase(&bigrams)), ["ChiCTR2600000001"]);
    // part of a word, across jieba's word boundaries
    let (_, bigrams) = cjk("障碍性贫");
    assert_eq!(index.found(&*index.phrase(&bigrams)), ["ChiCTR2600000001"]);
    // the same bigrams out of order are not the name
    assert!(index.found(&*index.phrase(&["贫血".into(), "再生".into()])).is_empty());
}

#[test]
fn a_name_jieba_cuts_apart_is_found_by_its_bigrams() {
    let index = Fixture::new();
    let (words, bigrams) = cjk("芦可替尼");
    assert!(!words.contains(&"芦可替尼".to_owned()), "芦可替尼 is cut apart: {words:?}");
    assert!(index.found(&*index.term("芦可替尼")).is_empty());
    assert_eq!(index.found(&*index.phrase(&bigrams)), ["ChiCTR2600000002"]);
    assert_eq!(index.search("芦可替尼"), ["ChiCTR2600000002"]);
}

#[test]
fn english_words_are_found_by_their_stem() {
    let index = Fixture::new();
    assert_eq!(query_parts("anemias"), [QueryPart::Word("anemia".into())]);
    assert_eq!(index.search("anemias"), ["ChiCTR2600000001", "NCT09000001"]);
    assert_eq!(index.search("Sjögren syndromes"), ["NCT09000002"]);
    assert_eq!(index.search("sjogren"), ["NCT09000002"]);
    let il2 = PhraseQuery::new(vec![Term::from_field_text(index.body, "il"), Term::from_field_text(index.body, "2")]);
    assert_eq!(index.found(&il2), ["NCT09000002"]);
}

#[test]
fn mixed_queries_need_every_part() {
    let index = Fixture::new();
    assert_eq!(index.search("再生障碍性贫血 anemia"), ["ChiCTR2600000001"]);
    assert_eq!(index.search("非小细胞肺癌 NSCLC"), ["ChiCTR2600000003"]);
    assert!(index.search("非小细胞肺癌 anemia").is_empty());
    // all jieba words, not in a row: 噬血细胞综合征 … 单臂
    assert_eq!(index.search("单臂噬血细胞综合征"), ["ChiCTR2600000002"]);
}

#[test]
fn ids_match_whatever_their_case() {
    let index = Fixture::new();
    let id = |text: &str| TermQuery::new(Term::from_field_text(index.id, text), IndexRecordOption::Basic);
    assert_eq!(index.found(&id("chictr2600000002")), ["ChiCTR2600000002"]);
    assert!(index.found(&id("ChiCTR2600000002")).is_empty(), "a query builder lower-cases ids");
}

/// Every term of the parts of `text`, and every term the index makes of it.
fn term_sets(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let indexed = analyzed(text).into_iter().map(|t| t.text).collect();
    let queried = (query_parts(text).into_iter())
        .flat_map(|part| match part {
            QueryPart::Word(word) => vec![word],
            QueryPart::Cjk { words, bigrams, .. } => words.into_iter().chain(bigrams).collect(),
        })
        .collect();
    (indexed, queried)
}

#[test]
fn query_terms_are_the_indexed_terms() {
    let extra = ["ＣＯＶＩＤ－１９肺炎患者（≥18岁）", "アスピリン 한국어 Ærø", "2型糖尿病 HbA1c≥7.0%", "a 癌 b"];
    for text in DOCS.iter().flat_map(|(_, title, conditions)| [*title, *conditions]).chain(extra) {
        let (indexed, queried) = term_sets(text);
        assert_eq!(indexed, queried, "{text}");
    }
}

pub(super) fn assert_query_terms_are_indexed(text: &str) {
    let (indexed, queried) = term_sets(text);
    assert_eq!(indexed, queried, "{text:?}");
}
