//! `trialdex show`: one record, any version, as a summary, JSON or its raw source.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_store::Store;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Any registry id of the record (NCT…, ChiCTR…, an alias or secondary id), any case.
    id: String,
    /// Print the normalized record as JSON.
    #[arg(long, conflicts_with = "raw")]
    json: bool,
    /// Print the raw source bytes the version was read from, byte for byte.
    #[arg(long)]
    raw: bool,
    /// Version number (default: the current version).
    #[arg(long, value_name = "N")]
    version: Option<u32>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let key = crate::db::resolve_one(&store, &args.id)?;
    let version = match args.version {
        Some(n) => n,
        None => store.current(&key)?.context("the record has no current version")?.info.version,
    };
    let mut out = std::io::stdout().lock();
    if args.raw {
        let raw = store.raw(&key, version)?.with_context(|| format!("{key} has no version {version}"))?;
        out.write_all(&raw)?;
        return Ok(ExitCode::SUCCESS);
    }
    let stored = store.version(&key, version)?.with_context(|| format!("{key} has no version {version}"))?;
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stored.study).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let versions = store.history(&key)?.len();
    let study = &stored.study;
    let protocol = study.protocol_section.as_ref();
    let ident = protocol.and_then(|p| p.identification_module.as_ref());
    let status = protocol.and_then(|p| p.status_module.as_ref()).and_then(|s| s.overall_status.as_ref());
    let design = protocol.and_then(|p| p.design_module.as_ref());
    let phases: Vec<String> = design.map(|d| d.phases.iter().map(ToString::to_string).collect()).unwrap_or_default();
    let info = &stored.info;
    writeln!(out, "{key}  version {} of {versions}{}", info.version, if info.is_current { " (current)" } else { "" })?;
    let show = |label: &str, value: Option<String>| value.map(|v| format!("  {label:<14}{v}"));
    let lines = [
        show("title", ident.and_then(|i| i.brief_title.clone().or_else(|| i.official_title.clone()))),
        show("status", status.map(ToString::to_string)),
        show("phases", (!phases.is_empty()).then(|| phases.join(", "))),
        show("study type", design.and_then(|d| d.study_type.as_ref()).map(ToString::to_string)),
        show("source", info.source_format.map(|f| f.to_string())),
        show("read from", info.source_path.clone()),
        show("updated", info.source_updated.map(|d| format!("{d} (as the source says)"))),
        show(
            "ids",
            study
                .registry_section
                .as_ref()
                .map(|s| s.other_ids.iter().map(|o| format!("{}:{}", o.registry, o.id)).collect::<Vec<_>>().join(", ")),
        ),
        show(
            "warnings",
            study
                .registry_section
                .as_ref()
                .map(|s| s.warnings.len())
                .filter(|n| *n > 0)
                .map(|n| format!("{n} (see --json, registrySection.warnings)")),
        ),
    ];
    for line in lines.into_iter().flatten() {
        writeln!(out, "{line}")?;
    }
    // The same trial elsewhere, as `trialdex links` last found it.
    if let Some(saved) = trialdex_link::saved::SavedLinks::load(&args.db.db)
        && let Some(cluster) = saved.cluster_of(&key)
    {
        for link in cluster.links.iter().filter(|l| l.a == key || l.b == key) {
            let other = if link.a == key { &link.b } else { &link.a };
            let why: Vec<String> = link.evidence.iter().map(ToString::to_string).collect();
            writeln!(out, "  {:<14}{other} ({:.2}: {})", "also as", link.score, why.join("; "))?;
        }
        if saved.seq != store.last_seq()? {
            writeln!(
                out,
                "  {:<14}links computed before the latest import; `trialdex links` brings them up to date",
                ""
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
