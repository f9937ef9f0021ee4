//! `trialdex bench relevance`: how well patient search ranks trials that patients are
//! eligible for, on topics judged by TREC 2022 and SIGIR 2016, against plain BM25 over
//! the same text in the same run.
//!
//! Only part of the judged trials is in a local database, so the lists are condensed:
//! retrieved trials without a judgment for the topic are skipped, and the ideal ranking
//! is made of the judged trials present. NDCG@10 uses the judgments as gains (2
//! eligible, 1 excluded, 0 not relevant); P@10 counts eligible trials.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_index::baseline::{PlainBm25, record_text};
use trialdex_index::request::SearchRequest;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Folder with trec_2022/ and sigir/ (queries.jsonl, qrels/test.tsv).
    #[arg(long, default_value = "../shared/matching")]
    matching: PathBuf,
    /// Results retrieved per topic before condensing.
    #[arg(long, default_value_t = 1000)]
    depth: usize,
    /// Also print each topic's NDCG@10 for both systems (to stderr), to see where they differ.
    #[arg(long)]
    per_topic: bool,
}

struct Collection {
    name: &'static str,
    topics: Vec<(String, String)>,
    /// topic → trial id → judgment.
    judged: HashMap<String, HashMap<String, u8>>,
}

#[derive(Default)]
struct Scores {
    ndcg: f64,
    precision: f64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let index = args.db.open_index(&store)?;
    let mut local = HashSet::new();
    let mut texts = Vec::new();
    trialdex_store::for_each_current(&store, 1000, |version| -> Result<()> {
        let record = serde_json::to_value(&version.study)?;
        local.insert(version.key.registry_id.clone());
        texts.push((version.key.registry_id, record_text(&record)));
        Ok(())
    })?;
    let baseline = PlainBm25::build(texts.into_iter())?;
    println!("| collection | topics | judged trials present | system | NDCG@10 | P@10 |");
    println!("|---|---|---|---|---|---|");
    for name in ["trec_2022", "sigir"] {
        let collection = read_collection(&args.matching, name)?;
        let present: usize =
            collection.judged.values().map(|j| j.keys().filter(|id| local.contains(*id)).count()).sum();
        let (mut ours, mut plain) = (Scores::default(), Scores::default());
        let mut evaluated = 0;
        for (topic, text) in &collection.topics {
            let Some(judged) = collection.judged.get(topic) else { continue };
            let judged: HashMap<&str, u8> =
                judged.iter().filter(|(id, _)| local.contains(*id)).map(|(id, r)| (id.as_str(), *r)).collect();
            if judged.is_empty() {
                continue;
            }
            evaluated += 1;
            let request = SearchRequest {
                patient: Some(text.clone()),
                page_size: args.depth.min(1000),
                ..SearchRequest::default()
            };
            let found: Vec<String> = index.search(&request)?.hits.into_iter().map(|h| h.key.registry_id).collect();
            let (mine, theirs) = (score(&found, &judged), score(&baseline.search(text, args.depth)?, &judged));
            if args.per_topic {
                eprintln!("{name} {topic}: trialdex {:.3}, plain BM25 {:.3}", mine.ndcg, theirs.ndcg);
            }
            for (total, topic) in [(&mut ours, mine), (&mut plain, theirs)] {
                total.ndcg += topic.ndcg;
                total.precision += topic.precision;
            }
        }
        let n = evaluated.max(1) as f64;
        for (system, scores) in [("trialdex", &ours), ("plain BM25", &plain)] {
            println!(
                "| {} | {evaluated} | {present} | {system} | {:.4} | {:.4} |",
                collection.name,
                scores.ndcg / n,
                scores.precision / n
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// NDCG@10 and P@10 of one topic's ranking.
fn score(ranked: &[String], judged: &HashMap<&str, u8>) -> Scores {
    let condensed: Vec<u8> = ranked.iter().filter_map(|id| judged.get(id.as_str()).copied()).take(10).collect();
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(10);
    // A fold from 0.0: an empty f64 sum is -0.0, printed "-0.000".
    let dcg = |gains: &[u8]| -> f64 {
        gains.iter().enumerate().fold(0.0, |sum, (i, g)| sum + f64::from(*g) / ((i + 2) as f64).log2())
    };
    let ideal_dcg = dcg(&ideal);
    Scores {
        ndcg: if ideal_dcg > 0.0 { dcg(&condensed) / ideal_dcg } else { 0.0 },
        precision: condensed.iter().filter(|g| **g == 2).count() as f64 / 10.0,
    }
}

fn read_collection(root: &Path, name: &'static str) -> Result<Collection> {
    let dir = root.join(name);
    let queries = dir.join("queries.jsonl");
    let text = std::fs::read_to_string(&queries).with_context(|| format!("cannot read {}", queries.display()))?;
    let mut topics = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let topic: BTreeMap<String, serde_json::Value> = serde_json::from_str(line)?;
        let field = |key: &str| topic.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        topics.push((field("_id"), field("text")));
    }
    let qrels = dir.join("qrels/test.tsv");
    let text = std::fs::read_to_string(&qrels).with_context(|| format!("cannot read {}", qrels.display()))?;
    let mut judged: HashMap<String, HashMap<String, u8>> = HashMap::new();
    for line in text.lines().skip(1) {
        let mut columns = line.split('\t');
        if let (Some(topic), Some(trial), Some(score)) = (columns.next(), columns.next(), columns.next()) {
            let score: u8 = score.trim().parse().with_context(|| format!("{}: judgment {score:?}", qrels.display()))?;
            judged.entry(topic.to_owned()).or_default().insert(trial.to_owned(), score);
        }
    }
    Ok(Collection { name, topics, judged })
}
