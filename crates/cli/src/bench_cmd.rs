//! `trialdex bench`: `gen`, a deterministic corpus of realistic records for scale tests,
//! made by recombining the modules of real CT.gov v2 records under new unique ids;
//! `relevance` (bench_relevance.rs), search quality on judged patient topics;
//! `linking` (bench_linking.rs), cross-registry links against hand-checked groups.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::Value;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Generate NDJSON files of synthetic v2 records (1,000 per file).
    Gen(GenArgs),
    /// Measure search relevance on patient topics with judgments (TREC 2022, SIGIR 2016):
    /// NDCG@10 and P@10 of trialdex's patient search and of plain BM25 over the same text.
    Relevance(crate::bench_relevance::Args),
    /// Measure cross-registry linking on WHO ICTRP's COVID-19 export against hand-checked
    /// groups (pair precision, recall, F1) beside two plain baselines, and its speed.
    Linking(crate::bench_linking::Args),
}

#[derive(clap::Args)]
pub struct GenArgs {
    /// How many records.
    #[arg(long)]
    count: usize,
    /// Output folder (created).
    #[arg(long)]
    out: PathBuf,
    /// Folder of real CT.gov API v2 records to recombine.
    #[arg(long, default_value = "../shared/corpus/ctgov-v2")]
    from: PathBuf,
    /// Seed: the same seed, count and input give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Modules taken from a different real record each, so generated records are varied
/// but every field is one a real registry wrote.
const MIXED: [&str; 6] = [
    "conditionsModule",
    "armsInterventionsModule",
    "outcomesModule",
    "eligibilityModule",
    "contactsLocationsModule",
    "descriptionModule",
];
const PER_FILE: usize = 1000;

pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Gen(args) => generate(args),
        Command::Relevance(args) => crate::bench_relevance::run(args),
        Command::Linking(args) => crate::bench_linking::run(args),
    }
}

fn generate(args: GenArgs) -> Result<ExitCode> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&args.from)
        .with_context(|| format!("cannot read {}", args.from.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let records: Vec<Value> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| serde_json::from_slice::<Value>(&b).ok())
        .filter(|v| v.pointer("/protocolSection/identificationModule").is_some())
        .collect();
    if records.is_empty() {
        bail!("no CT.gov v2 records in {}", args.from.display());
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut dice = crate::dice::Dice::new(args.seed);
    let mut pick = |n: usize| dice.below(n);
    for (file_no, start) in (0..args.count).step_by(PER_FILE).enumerate() {
        let path = args.out.join(format!("generated-{file_no:05}.ndjson"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for i in start..(start + PER_FILE).min(args.count) {
            let mut record = records[pick(records.len())].clone();
            for module in MIXED {
                let donor = &records[pick(records.len())];
                if let (Some(value), Some(protocol)) =
                    (donor.pointer(&format!("/protocolSection/{module}")), record["protocolSection"].as_object_mut())
                {
                    protocol.insert(module.to_owned(), value.clone());
                }
            }
            // NCT9xxxxxxx: NCT + 8 digits, outside the range CT.gov has issued.
            record["protocolSection"]["identificationModule"]["nctId"] = Value::from(format!("NCT9{i:07}"));
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    eprintln!("generated {} records in {}", args.count, args.out.display());
    Ok(ExitCode::SUCCESS)
}
