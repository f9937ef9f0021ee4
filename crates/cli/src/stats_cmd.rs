//! `trialdex stats`: what the database holds, by registry, status, phase and format.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use trialdex_store::Store;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Print the counts as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let counts = store.counts()?;
    // Status and phase live inside the records: count them over the current versions.
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_phase: BTreeMap<String, u64> = BTreeMap::new();
    trialdex_store::for_each_current(&store, 1000, |record| -> Result<()> {
        let protocol = record.study.protocol_section.as_ref();
        let status = protocol.and_then(|p| p.status_module.as_ref()).and_then(|s| s.overall_status.as_ref());
        *by_status.entry(status.map_or("(none)".to_owned(), ToString::to_string)).or_default() += 1;
        let phases = protocol.and_then(|p| p.design_module.as_ref()).map(|d| &d.phases[..]).unwrap_or(&[]);
        let phase = if phases.is_empty() {
            "(none)".to_owned()
        } else {
            phases.iter().map(ToString::to_string).collect::<Vec<_>>().join("/")
        };
        *by_phase.entry(phase).or_default() += 1;
        Ok(())
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({ "counts": counts, "byStatus": by_status, "byPhase": by_phase });
        writeln!(out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} records, {} versions", counts.records, counts.versions)?;
    writeln!(
        out,
        "{} raw sources, {:.1} MB read; database {:.1} MB ({:.2}x the raw size)",
        counts.raw_sources,
        counts.raw_bytes as f64 / 1e6,
        counts.stored_bytes as f64 / 1e6,
        counts.stored_bytes as f64 / (counts.raw_bytes.max(1)) as f64
    )?;
    let sorted = |map: BTreeMap<String, u64>| {
        let mut rows: Vec<(String, u64)> = map.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        rows
    };
    let tables = [
        ("registry", counts.by_registry.clone()),
        ("format", counts.by_format.clone()),
        ("status", sorted(by_status)),
        ("phase", sorted(by_phase)),
    ];
    for (title, rows) in tables {
        writeln!(out, "\nby {title}:")?;
        for (name, n) in rows {
            writeln!(out, "  {n:>8}  {name}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
