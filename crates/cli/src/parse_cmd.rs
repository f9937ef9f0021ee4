//! `trialdex parse`: read files, print normalized records, report failures.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use trialdex_ingest::{Parsed, Severity};
use trialdex_model::Study;

use crate::record_line::RecordLine;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (read recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print each record as one line of JSON (NDJSON) instead of a one-line summary.
    #[arg(long)]
    json: bool,
    /// Also print each record's warnings and each file's notes on stderr.
    #[arg(long)]
    warnings: bool,
}

/// Files are read in batches so memory stays bounded on big folders while both
/// cores parse; output keeps the order of the files.
const BATCH: usize = 256;

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let files = crate::paths::expand(&args.paths)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut summary = Summary::default();
    for batch in files.chunks(BATCH) {
        let results: Vec<(PathBuf, Result<Parsed, String>)> = batch
            .par_iter()
            .map(|path| {
                let result = std::fs::read(path)
                    .map_err(|e| format!("cannot read: {e}"))
                    .and_then(|bytes| trialdex_ingest::parse(&bytes).map_err(|e| e.to_string()));
                (path.clone(), result)
            })
            .collect();
        for (path, result) in results {
            let shown = path.display();
            let parsed = match result {
                Ok(parsed) => parsed,
                Err(reason) => {
                    eprintln!("{shown}: {reason}");
                    summary.failed_files += 1;
                    continue;
                }
            };
            let mut file_failed = false;
            for diagnostic in &parsed.diagnostics {
                match diagnostic.severity {
                    Severity::Error => {
                        eprintln!("{shown}: {diagnostic}");
                        summary.failed_records += 1;
                        file_failed = true;
                    }
                    _ if args.warnings => eprintln!("{shown}: {:?}: {diagnostic}", diagnostic.severity),
                    _ => {}
                }
            }
            summary.failed_files += usize::from(file_failed);
            for study in &parsed.records {
                summary.count(study);
                if args.warnings {
                    print_warnings(&shown.to_string(), study);
                }
                if args.json {
                    serde_json::to_writer(&mut out, study).map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                } else {
                    writeln!(out, "{}", one_line(study))?;
                }
            }
        }
    }
    out.flush()?;
    summary.print(files.len(), started.elapsed().as_secs_f64());
    Ok(if summary.failed_files == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn print_warnings(path: &str, study: &Study) {
    let Some(section) = &study.registry_section else { return };
    let id = section.registry_id.as_deref().unwrap_or("?");
    for warning in &section.warnings {
        eprintln!(
            "{path}: {id}: warning: {}: {}",
            warning.field.as_deref().unwrap_or("-"),
            warning.message.as_deref().unwrap_or("")
        );
    }
}

/// `registry  id  status  phases  title`.
fn one_line(study: &Study) -> String {
    let RecordLine { registry, id, status, phases, title } = RecordLine::of(study);
    format!("{registry}\t{id}\t{status}\t{phases}\t{title}")
}

#[derive(Default)]
struct Summary {
    records: usize,
    with_warnings: usize,
    failed_files: usize,
    failed_records: usize,
    by_format: BTreeMap<String, usize>,
    by_registry: BTreeMap<String, usize>,
}

impl Summary {
    fn count(&mut self, study: &Study) {
        self.records += 1;
        if let Some(section) = &study.registry_section {
            self.with_warnings += usize::from(!section.warnings.is_empty());
            let format = section.source_format.map_or("unknown", |f| f.as_str());
            *self.by_format.entry(format.to_owned()).or_default() += 1;
            let registry = section.registry.map_or("unknown", |r| r.as_str());
            *self.by_registry.entry(registry.to_owned()).or_default() += 1;
        }
    }

    fn print(&self, files: usize, seconds: f64) {
        let list =
            |map: &BTreeMap<String, usize>| map.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
        eprintln!(
            "{} records from {files} files in {seconds:.2}s ({:.0} records/s); {} with warnings; {} files failed ({} record errors)",
            self.records,
            self.records as f64 / seconds.max(1e-9),
            self.with_warnings,
            self.failed_files,
            self.failed_records,
        );
        if !self.by_format.is_empty() {
            eprintln!("  by format: {}", list(&self.by_format));
            eprintln!("  by registry: {}", list(&self.by_registry));
        }
    }
}
