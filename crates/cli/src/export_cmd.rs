//! `trialdex export`: every current record as NDJSON, a JSON array, or CT.gov-style CSV.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_model::Study;
use trialdex_store::Store;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One record per line (the format `trialdex parse` and `import` read back).
    Ndjson,
    /// One JSON array.
    Json,
    /// ClinicalTrials.gov's CSV download columns.
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    #[arg(long, value_enum)]
    format: Format,
    /// Write here instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Records read from the store per query: bounded memory on any database size.
const PAGE: usize = 500;

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(sink);
    let count = match args.format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(trialdex_model::ctgov_csv::COLUMNS)?;
            let count =
                for_each_current(&store, |study| Ok(writer.write_record(trialdex_model::ctgov_csv::row(study))?))?;
            writer.flush()?;
            count
        }
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let count = for_each_current(&store, |study| {
                if !std::mem::take(&mut first) {
                    out.write_all(b",\n")?;
                }
                Ok(serde_json::to_writer(&mut out, study).map_err(std::io::Error::from)?)
            })?;
            out.write_all(b"]\n")?;
            count
        }
        Format::Ndjson => for_each_current(&store, |study| {
            serde_json::to_writer(&mut out, study).map_err(std::io::Error::from)?;
            Ok(out.write_all(b"\n")?)
        })?,
    };
    out.flush()?;
    eprintln!("exported {count} records");
    Ok(ExitCode::SUCCESS)
}

/// Calls `write` for every current record, in key order; returns how many there were.
fn for_each_current(store: &dyn Store, mut write: impl FnMut(&Study) -> Result<()>) -> Result<usize> {
    let mut count = 0;
    trialdex_store::for_each_current(store, PAGE, |record| {
        count += 1;
        write(&record.study)
    })?;
    Ok(count)
}
