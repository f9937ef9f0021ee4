//! `trialdex diff`: the fields that differ between two versions of a record.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_store::Store;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Any registry id of the record, any case.
    id: String,
    /// The earlier version number.
    v1: u32,
    /// The later version number.
    v2: u32,
    /// One JSON object per changed field.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let key = crate::db::resolve_one(&store, &args.id)?;
    let load = |n: u32| -> Result<serde_json::Value> {
        let stored = store.version(&key, n)?.with_context(|| format!("{key} has no version {n}"))?;
        Ok(serde_json::to_value(&stored.study)?)
    };
    let changes = trialdex_model::diff(&load(args.v1)?, &load(args.v2)?);
    let mut out = std::io::stdout().lock();
    if args.json {
        for change in &changes {
            serde_json::to_writer(&mut out, change).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{key}: version {} → {}: {} fields differ", args.v1, args.v2, changes.len())?;
    for change in &changes {
        writeln!(out, "{}", change.path)?;
        if let Some(before) = &change.before {
            writeln!(out, "  - {before}")?;
        }
        if let Some(after) = &change.after {
            writeln!(out, "  + {after}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
