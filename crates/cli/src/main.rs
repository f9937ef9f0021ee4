//! `trialdex`: the command-line entry point. Thin: argument parsing here, the work in
//! the library crates, one module per command.

mod parse_cmd;
mod paths;

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
    /// page, array, NDJSON), legacy XML, classic API JSON, search RSS, CT.gov study pages
    /// and ChiCTR records copied as text, and third-party trial pages. Records go to
    /// stdout, failures and a summary to stderr. Exit status 1 when any input failed.
    Parse(parse_cmd::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse_cmd::run(args),
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
