//! `trialdex`: the command-line entry point. Thin: argument parsing here, the work in
//! the library crates, one module per command.

mod bench_cmd;
mod bench_linking;
mod bench_linking_scale;
mod bench_relevance;
mod db;
mod dice;
mod diff_cmd;
mod export_cmd;
mod history_cmd;
mod import_cmd;
mod links_cmd;
mod parse_cmd;
mod paths;
mod record_line;
mod reindex_cmd;
mod search_cmd;
mod serve_cmd;
mod show_cmd;
mod stats_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Parsing allocates many small strings; mimalloc more than doubles legacy-XML
/// throughput over the system allocator (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Read, keep, link and search clinical-trial records from every registry.
#[derive(Parser)]
#[command(name = "trialdex", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read trial records from files or folders and print them normalized.
    ///
    /// Formats are detected from content: ClinicalTrials.gov API v2 JSON (single study,
    /// page, array, NDJSON), legacy XML, classic API JSON, search RSS and study pages
    /// copied as text; ChiCTR detail pages (HTML or copied text) and XML exports; WHO
    /// ICTRP XML and CSV exports (trials of 18 registries); the EU Clinical Trials
    /// Register's text download, trial pages and tracker CSVs; records stored by the
    /// ctrdata package (CT.gov, EU CTR, CTIS, ISRCTN); the WHO trial data set (TCTR,
    /// REPEC); DRKS and CRIS records; registry, sponsor and third-party trial pages.
    /// Records go to stdout, failures and a summary to stderr. Exit status 1 when any
    /// input failed.
    Parse(parse_cmd::Args),
    /// Read files into the database, keeping every version of every record.
    ///
    /// Reading the same content again adds nothing; changed content becomes version N+1;
    /// a version whose source says it is older than the current one is kept in the
    /// history without becoming current. Failures are listed on stderr and in
    /// import-failures.tsv in the database directory; exit status 1 when any input failed.
    Import(import_cmd::Args),
    /// Show a record (any registry id, any case): a summary, --json, or --raw source bytes.
    Show(show_cmd::Args),
    /// List the versions of a record with the modules each one changed.
    History(history_cmd::Args),
    /// Show the fields that differ between two versions of a record.
    Diff(diff_cmd::Args),
    /// Search every registry's records: CT.gov's search areas and query language, filters, facets.
    ///
    /// A bare QUERY searches CT.gov's BasicSearch area ("Other terms"), which in trialdex
    /// also holds every registry's ids and the Chinese text of bilingual records. Each
    /// query takes the query language of ClinicalTrials.gov: AND, OR, NOT, parentheses,
    /// "phrases", AREA[Field], RANGE[a, b], MISSING, COVERAGE[…], EXPANSION[…],
    /// SEARCH[Location](…), DISTANCE[lat, lon, 25mi]. The index is brought up to date first.
    Search(Box<search_cmd::Args>),
    /// Serve the web UI and the HTTP APIs over the database.
    ///
    /// The web UI at /, ClinicalTrials.gov's API v2 at /api/v2 (its records, in its
    /// shape: any client of CT.gov's API works by changing its base URL) and
    /// /all/api/v2 (every registry's), trialdex's own API at /api/trialdex/v1 (records by
    /// any id, versions, diffs, raw sources, search, and storing records with the
    /// --write-token-file token). The search index follows the database, so records
    /// another process imports appear within seconds.
    Serve(serve_cmd::Args),
    /// List records of different registries that describe the same trial, with why.
    ///
    /// Two records are linked when one gives the other's id, or when their titles,
    /// criteria, sponsor, interventions, target size and start date agree (a score
    /// from 0 to 1, rarer shared words counting more). A cluster never holds two
    /// registrations of one registry.
    Links(links_cmd::Args),
    /// Rebuild the search index from the records in the database.
    Reindex(reindex_cmd::Args),
    /// Write every current record as NDJSON, a JSON array, or CSV with CT.gov's column names.
    Export(export_cmd::Args),
    /// Count what the database holds: records, versions, size, by registry, format, status and phase.
    Stats(stats_cmd::Args),
    /// Tools for measuring trialdex at scale.
    #[command(subcommand)]
    Bench(bench_cmd::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse_cmd::run(args),
        Command::Import(args) => import_cmd::run(args),
        Command::Show(args) => show_cmd::run(args),
        Command::History(args) => history_cmd::run(args),
        Command::Diff(args) => diff_cmd::run(args),
        Command::Search(args) => search_cmd::run(*args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Links(args) => links_cmd::run(args),
        Command::Reindex(args) => reindex_cmd::run(args),
        Command::Export(args) => export_cmd::run(args),
        Command::Stats(args) => stats_cmd::run(args),
        Command::Bench(command) => bench_cmd::run(command),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`trialdex parse … | head`) is how a reader says "enough".
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("trialdex: {err:#}");
            ExitCode::from(2)
        }
    }
}
