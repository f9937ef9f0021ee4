//! Text analysis throughput on one core: MB/s and tokens/s of the `trialdex_text`
//! analyzer over the text of real records held in memory, each string value
//! analyzed on its own as an index writer does with field values.
//!
//! Run: `cargo bench -p trialdex-index --bench analysis`
//! Optional: `-- <rounds>` (default 10) and words picking the rows holding them all (`-- 5 English`,
//! `-- trialdex_text`). The fastest round is reported: on a shared, noisy machine
//! the fastest round is the one least disturbed by other work.
//!
//! Inputs (from ../shared): every string of the CT.gov API v2 records (English),
//! and the text lines of the ChiCTR bilingual page, search page and seed (Chinese
//! and English; also their lines holding Chinese alone). Besides the analyzer: it
//! with tantivy's filters not memoized, the bare tokenizer, and tantivy's `en_stem`
//! analyzer (no Chinese) as a baseline.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream, Tokenizer,
};
use trialdex_index::analysis::{TrialTokenizer, text_analyzer};

/// Each round analyzes at least this many bytes, repeating small inputs.
const ROUND_BYTES: usize = 8_000_000;

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10);
    // other arguments pick rows: those whose input and analyzer names hold all of them
    let picks: Vec<String> = std::env::args().skip(1).filter(|a| a.parse::<usize>().is_err()).collect();
    let picked = |row: &str| picks.iter().all(|p| row.contains(p.as_str()));
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let records = ctgov_records(&shared.join("corpus/ctgov-v2"));
    let english: Vec<String> = records.iter().flatten().cloned().collect();
    let chictr = chictr_lines(&shared);
    let chinese: Vec<String> =
        chictr.iter().filter(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))).cloned().collect();
    let inputs = [
        ("ctgov-v2 strings (English)", &english),
        ("chictr lines (both)", &chictr),
        ("chictr lines with Chinese", &chinese),
    ];

    println!("{:<28} {:<14} {:>7} {:>8} {:>10}", "input", "analyzer", "MB", "MB/s", "Mtokens/s");
    // seconds for one pass of trialdex_text over the CT.gov strings
    let mut ctgov_pass = None;
    for (name, values) in inputs {
        let bytes: usize = values.iter().map(String::len).sum();
        let repeat = ROUND_BYTES.div_ceil(bytes.max(1));
        let mut analyzers: [(&str, Analyze); 4] = [
            ("trialdex_text", counter(text_analyzer())),
            ("no memo", counter(unmemoized())),
            ("tokenizer", {
                let mut tokenizer = TrialTokenizer::default();
                Box::new(move |text: &str| count(&mut tokenizer.token_stream(text)))
            }),
            ("en_stem", counter(en_stem())),
        ];
        for (analyzer, analyze) in &mut analyzers {
            if !picked(&format!("{name} {analyzer}")) {
                continue;
            }
            let (best, tokens) = fastest(rounds, || {
                let mut tokens = 0;
                for _ in 0..repeat {
                    tokens += values.iter().map(|v| analyze(v)).sum::<usize>();
                }
                tokens
            });
            if std::ptr::eq(values, &english) && *analyzer == "trialdex_text" {
                ctgov_pass = Some(best / repeat as f64);
            }
            let mb = (bytes * repeat) as f64 / 1e6;
            println!(
                "{name:<28} {analyzer:<14} {:>7.2} {:>8.1} {:>10.2}",
                bytes as f64 / 1e6,
                mb / best,
                tokens as f64 / best / 1e6
            );
        }
    }
    if let Some(pass) = ctgov_pass {
        println!(
            "\nctgov-v2: {} records, {:.1} kB of strings each; all of them analyzed by trialdex_text: {:.0} records/s on one core",
            records.len(),
            english.iter().map(String::len).sum::<usize>() as f64 / records.len() as f64 / 1e3,
            records.len() as f64 / pass
        );
    }
}

/// `trialdex_text` with tantivy's filters themselves, not their memo.
fn unmemoized() -> TextAnalyzer {
    let analyzer = TextAnalyzer::builder(TrialTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter);
    analyzer.filter(Stemmer::new(Language::English)).build()
}

fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(Stemmer::new(Language::English)).build()
}

/// Analyzes one value, returning its number of tokens.
type Analyze = Box<dyn FnMut(&str) -> usize>;

fn counter(mut analyzer: TextAnalyzer) -> Analyze {
    Box::new(move |text: &str| count(&mut analyzer.token_stream(text)))
}

fn count(stream: &mut dyn TokenStream) -> usize {
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

/// The fastest of `rounds` runs of `run`, in seconds, and its result.
fn fastest(rounds: usize, mut run: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut result = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        result = std::hint::black_box(run());
        best = best.min(started.elapsed().as_secs_f64());
    }
    (best, result)
}

/// Every string value of every record, one list per record.
fn ctgov_records(dir: &Path) -> Vec<Vec<String>> {
    fn strings(value: serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.into_iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.into_iter().for_each(|(_, v)| strings(v, out)),
            _ => {}
        }
    }
    let mut records = Vec::new();
    for path in files(dir) {
        let bytes = std::fs::read(&path).expect("read");
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            let mut out = Vec::new();
            strings(value, &mut out);
            records.push(out);
        }
    }
    records
}

/// The text lines of the ChiCTR pages (tags, scripts and styles removed) and seed.
fn chictr_lines(shared: &Path) -> Vec<String> {
    let pages = ["corpus/chictr/ChiCTR2400084905_detail_bilingual.html", "corpus/chictr/search_results_page.html"];
    let mut text = String::new();
    for page in pages {
        let html = std::fs::read_to_string(shared.join(page)).expect("read ChiCTR page");
        text.push_str(&strip_tags(&html));
    }
    for seed in files(&shared.join("seeds")) {
        let seed = std::fs::read_to_string(seed).expect("read seed");
        if seed.contains("ChiCTR") {
            text.push_str(&seed);
        }
    }
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let lower = rest.get(..7).unwrap_or("").to_ascii_lowercase();
        let close = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        match rest.find(close) {
            Some(end) => rest = &rest[end + close.len()..],
            None => rest = "",
        }
        out.push('\n');
    }
    out.push_str(rest);
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is missing ({e}): the benchmark reads ../shared", dir.display()));
    let mut out: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    out.sort();
    out
}
