//! `trialdex bench linking`: cross-registry linking measured on WHO ICTRP's COVID-19
//! export against hand-checked groups (pair precision, recall, F1), beside two plain
//! baselines in the same run; and how long linking takes on larger record sets.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use trialdex_link::eval::{PairScores, pair_scores};
use trialdex_link::{Cluster, Profile, Rescore, SIMILARITY_THRESHOLD, baselines, clusters, link, link_profiles};
use trialdex_model::Study;
use trialdex_store::RecordKey;

#[derive(clap::Args)]
pub struct Args {
    /// An ICTRP export of trials of many registries.
    #[arg(long, default_value = "../shared/linking/ICTRP-COVID19_2020-07-22.csv")]
    export: PathBuf,
    /// Hand-checked groups: `group,registration_id` rows, one group per trial.
    #[arg(long, default_value = "../shared/linking/dev-groups.csv")]
    groups: PathBuf,
    /// Also time linking every record in these files or folders (any format).
    #[arg(long, value_name = "PATH")]
    scale: Vec<PathBuf>,
    /// Also link this many records generated from the export's (recombined, of eight
    /// registries, some registered twice), and say how many twins were found.
    #[arg(long, value_name = "N")]
    generated: Vec<usize>,
    /// Percent of generated trials registered a second time.
    #[arg(long, default_value_t = 5)]
    twins: usize,
}

/// Title-token Jaccard threshold of the second baseline (issue #8).
const JACCARD: f64 = 0.6;

/// A way of clustering records, by name.
type System<'a> = (&'static str, Box<dyn Fn() -> Vec<Cluster> + 'a>);

pub fn run(args: Args) -> Result<ExitCode> {
    let studies = read(&args.export)?;
    let keys: HashMap<String, RecordKey> =
        studies.iter().filter_map(|s| RecordKey::of(s).ok()).map(|k| (k.registry_id.to_ascii_uppercase(), k)).collect();
    let mut reader =
        csv::Reader::from_path(&args.groups).with_context(|| format!("cannot read {}", args.groups.display()))?;
    let groups: Vec<(String, String)> =
        reader.records().map(|r| r.map(|r| (r[0].to_owned(), r[1].to_owned()))).collect::<Result<_, _>>()?;
    println!(
        "{} records from {}; {} registrations in {} groups",
        studies.len(),
        args.export.display(),
        groups.len(),
        groups.iter().map(|g| &g.0).collect::<HashSet<_>>().len()
    );
    println!();
    println!("| system | predicted pairs | correct | precision | recall | F1 | seconds |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let systems: [System; 3] = [
        ("trialdex", Box::new(|| link(&studies, SIMILARITY_THRESHOLD))),
        ("exact public title", Box::new(|| baselines::exact_title(&studies))),
        ("title-token Jaccard ≥ 0.6", Box::new(|| baselines::title_jaccard(&studies, JACCARD))),
    ];
    for (name, system) in systems {
        let started = Instant::now();
        let clusters = system();
        let seconds = started.elapsed().as_secs_f64();
        let PairScores { predicted_pairs, correct_pairs, precision, recall, f1, true_pairs, found, listed } =
            pair_scores(&clusters, &groups, &keys);
        println!(
            "| {name} | {predicted_pairs} | {correct_pairs} | {precision:.3} | {recall:.3} | {f1:.3} | {seconds:.2} |"
        );
        if name == "trialdex" {
            eprintln!("{found} of {listed} listed registrations read; {true_pairs} true pairs");
        }
    }
    if !args.generated.is_empty() {
        let donors: Vec<Profile> = studies.iter().filter_map(Profile::of).collect();
        drop(studies);
        for &count in &args.generated {
            crate::bench_linking_scale::run(&donors, count, args.twins);
        }
    }
    for path in &args.scale {
        // Profiles file by file, as `trialdex links` makes them record by record.
        let mut profiles = Vec::new();
        let mut seen = HashSet::new();
        for_each_file(path, |studies| {
            profiles.extend(studies.iter().filter_map(Profile::of).filter(|p| seen.insert(p.key.clone())));
        })?;
        let records = profiles.len();
        let started = Instant::now();
        let clusters = clusters(&link_profiles(&profiles, SIMILARITY_THRESHOLD, Rescore::All), &[]);
        let seconds = started.elapsed().as_secs_f64();
        println!("\nlinking {records} records of {}: {seconds:.1} s, {} clusters", path.display(), clusters.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Every record in `path`, one per key (EU CTR's member-state rows share theirs).
fn read(path: &Path) -> Result<Vec<Study>> {
    let mut seen = HashSet::new();
    let mut studies = Vec::new();
    for_each_file(path, |records| {
        studies.extend(records.into_iter().filter(|s| RecordKey::of(s).is_ok_and(|k| seen.insert(k))));
    })?;
    Ok(studies)
}

/// Calls `visit` with the records of each readable file under `path`.
fn for_each_file(path: &Path, mut visit: impl FnMut(Vec<Study>)) -> Result<()> {
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", path.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
        if let Ok(parsed) = trialdex_ingest::parse(&bytes) {
            visit(parsed.records);
        }
    }
    Ok(())
}
