//! `trialdex import`: read files into the store, every version kept.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use rayon::prelude::*;
use trialdex_model::Study;
use trialdex_store::{NewVersion, PutOutcome, Source, Store};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Files or folders (read recursively), in any format `trialdex parse` reads.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Files parsed and written per transaction.
const BATCH: usize = 32;

/// One parsed file on its way to the writer, its records ready to store.
struct ParsedFile {
    path: PathBuf,
    versions: Vec<NewVersion>,
    /// Registry of each version, for the summary.
    registries: Vec<&'static str>,
    failures: Vec<String>,
}

#[derive(Default)]
struct Totals {
    files: usize,
    new_records: usize,
    new_versions: usize,
    older_versions: usize,
    unchanged: usize,
    failed: usize,
    by_registry: BTreeMap<String, [usize; 3]>,
    failures: Vec<(String, String)>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let store = args.db.open()?;
    let files = crate::paths::expand(&args.paths)?;
    let progress = Progress::new(files.len());
    let read_at_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);

    // Parsing (both cores, rayon) runs one batch ahead of writing (this thread).
    let (sender, receiver) = mpsc::sync_channel::<Vec<ParsedFile>>(2);
    let parser = std::thread::spawn(move || {
        for batch in files.chunks(BATCH) {
            let parsed: Vec<ParsedFile> = batch.par_iter().map(|path| read_one(path, read_at_ms)).collect();
            if sender.send(parsed).is_err() {
                return;
            }
        }
    });
    let mut totals = Totals::default();
    for batch in receiver {
        write_batch(&store, batch, &mut totals)?;
        progress
            .update(totals.files, totals.new_records + totals.new_versions + totals.unchanged + totals.older_versions);
    }
    parser.join().map_err(|_| anyhow::anyhow!("the parsing thread panicked"))?;
    progress.finish();
    args.db.open_index(&store)?;
    let report = write_report(&args.db.db, &totals.failures)?;
    print_summary(&totals, started.elapsed(), report.as_deref());
    // Links, once computed, follow the store as the index does. The records are
    // stored whatever happens here: a failure is said, not the import's.
    if trialdex_link::saved::SavedLinks::path(&args.db.db).exists() {
        let started = Instant::now();
        match trialdex_link::update(&store, &args.db.db, false) {
            Ok((_, trialdex_link::Updated::NoRecordChanged)) => {}
            Ok((_, trialdex_link::Updated::Incremental { changed })) => eprintln!(
                "links updated for {changed} changed record{} in {:.1}s",
                if changed == 1 { "" } else { "s" },
                started.elapsed().as_secs_f64()
            ),
            Ok((_, trialdex_link::Updated::Full)) => {
                eprintln!("links computed anew in {:.1}s", started.elapsed().as_secs_f64())
            }
            Err(err) => eprintln!("warning: links not updated ({err}); `trialdex links` computes them again"),
        }
    }
    Ok(if totals.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Reads, parses and prepares one file: everything but the database write, so it
/// runs on every core.
fn read_one(path: &Path, read_at_ms: i64) -> ParsedFile {
    let mut file =
        ParsedFile { path: path.to_owned(), versions: Vec::new(), registries: Vec::new(), failures: Vec::new() };
    let raw = match std::fs::read(path) {
        Ok(raw) => raw,
        Err(e) => {
            file.failures.push(format!("cannot read: {e}"));
            return file;
        }
    };
    let parsed = match trialdex_ingest::parse(&raw) {
        Ok(parsed) => parsed,
        Err(e) => {
            file.failures.push(e.to_string());
            return file;
        }
    };
    file.failures = parsed.errors().map(ToString::to_string).collect();
    if parsed.records.is_empty() {
        return file;
    }
    let source = match Source::new(&raw) {
        Ok(source) => source,
        Err(e) => {
            file.failures.push(e.to_string());
            return file;
        }
    };
    let shown = path.display().to_string();
    for study in &parsed.records {
        match NewVersion::new(study, source.clone(), Some(&shown), read_at_ms) {
            Ok(version) => {
                file.registries
                    .push(study.registry_section.as_ref().and_then(|s| s.registry).map_or("other", |r| r.as_str()));
                file.versions.push(version);
            }
            Err(e) => file.failures.push(format!("{}: {e}", study_label(study))),
        }
    }
    file
}

fn study_label(study: &Study) -> String {
    study.registry_section.as_ref().and_then(|s| s.registry_id.clone()).unwrap_or_else(|| "a record".into())
}

fn write_batch(store: &dyn Store, batch: Vec<ParsedFile>, totals: &mut Totals) -> Result<()> {
    let mut versions = Vec::new();
    let mut registries = Vec::new();
    for file in batch {
        totals.files += 1;
        for failure in file.failures {
            totals.failed += 1;
            totals.failures.push((file.path.display().to_string(), failure));
        }
        versions.extend(file.versions);
        registries.extend(file.registries);
    }
    let outcomes = store.put(&versions).context("cannot write to the database")?;
    for (registry, outcome) in registries.into_iter().zip(outcomes) {
        let counts = totals.by_registry.entry(registry.to_owned()).or_default();
        let (total, column) = match outcome {
            PutOutcome::NewRecord { .. } => (&mut totals.new_records, 0),
            PutOutcome::NewVersion { .. } => (&mut totals.new_versions, 1),
            PutOutcome::OlderVersion { .. } => (&mut totals.older_versions, 1),
            PutOutcome::Unchanged { .. } => (&mut totals.unchanged, 2),
        };
        *total += 1;
        counts[column] += 1;
    }
    Ok(())
}

/// Failures also go to a file beside the database: path, record and reason, tab-separated.
fn write_report(db: &Path, failures: &[(String, String)]) -> Result<Option<PathBuf>> {
    if failures.is_empty() {
        return Ok(None);
    }
    let path = db.join("import-failures.tsv");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    writeln!(out, "path\trecord\treason")?;
    for (file, failure) in failures {
        let (record, reason) = split_locator(failure);
        writeln!(out, "{file}\t{record}\t{}", reason.replace(['\t', '\n'], " "))?;
    }
    out.flush()?;
    Ok(Some(path))
}

/// "studies[3]: invalid JSON" → ("studies[3]", "invalid JSON"); a whole-file failure has no record.
fn split_locator(failure: &str) -> (&str, &str) {
    match failure.split_once(": ") {
        Some((record, reason)) if !record.contains(' ') || record.starts_with("line ") => (record, reason),
        _ => ("", failure),
    }
}

fn print_summary(totals: &Totals, elapsed: Duration, report: Option<&Path>) {
    let records = totals.new_records + totals.new_versions + totals.older_versions + totals.unchanged;
    let seconds = elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "imported {records} records from {} files in {seconds:.1}s ({:.0} records/s): {} new records, {} new versions, {} older versions kept, {} unchanged, {} failed",
        totals.files,
        records as f64 / seconds,
        totals.new_records,
        totals.new_versions,
        totals.older_versions,
        totals.unchanged,
        totals.failed
    );
    for (registry, [new, versions, unchanged]) in &totals.by_registry {
        eprintln!("  {registry}: {new} new, {versions} new versions, {unchanged} unchanged");
    }
    if let Some(path) = report {
        eprintln!("failures are listed in {}", path.display());
    }
    for (path, failure) in totals.failures.iter().take(20) {
        eprintln!("{path}: {failure}");
    }
    if totals.failures.len() > 20 {
        eprintln!("… and {} more", totals.failures.len() - 20);
    }
}

/// A bar on a terminal; a plain line every few seconds otherwise (logs, CI).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    started: Instant,
    last_line: std::cell::Cell<Instant>,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files, {msg} ({eta} left)")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Progress { bar, total, started: Instant::now(), last_line: std::cell::Cell::new(Instant::now()) }
    }

    fn update(&self, files: usize, records: usize) {
        let rate = records as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        match &self.bar {
            Some(bar) => {
                bar.set_position(files as u64);
                bar.set_message(format!("{records} records, {rate:.0} records/s"));
            }
            None if self.last_line.get().elapsed() >= Duration::from_secs(5) => {
                self.last_line.set(Instant::now());
                eprintln!("{files}/{} files, {records} records, {rate:.0} records/s", self.total);
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
