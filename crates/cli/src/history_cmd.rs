//! `trialdex history`: every version of a record, with the modules each one changed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;
use trialdex_store::{Store, VersionInfo};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Any registry id of the record, any case.
    id: String,
    /// One JSON object per version.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    #[serde(flatten)]
    info: &'a VersionInfo,
    /// Modules that differ from the version before it in the history.
    changed_modules: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let key = crate::db::resolve_one(&store, &args.id)?;
    let history = store.history(&key)?;
    let mut previous: Option<serde_json::Value> = None;
    let mut out = std::io::stdout().lock();
    if !args.json {
        writeln!(out, "{key}: {} versions (oldest first, by the source's own date)", history.len())?;
    }
    for info in &history {
        let stored =
            store.version(&key, info.version)?.with_context(|| format!("{key} version {} vanished", info.version))?;
        let value = serde_json::to_value(&stored.study)?;
        let changed = previous
            .as_ref()
            .map(|p| trialdex_model::changed_modules(&trialdex_model::diff(p, &value)))
            .unwrap_or_default();
        if args.json {
            serde_json::to_writer(&mut out, &Entry { info, changed_modules: changed }).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            let marker = if info.is_current { "*" } else { " " };
            let updated = info.source_updated.map_or("-".to_owned(), |d| d.to_string());
            let format = info.source_format.map_or("-", |f| f.as_str());
            let what =
                if previous.is_none() { "first version".to_owned() } else { format!("changed {}", changed.join(", ")) };
            writeln!(out, "{marker}v{:<3} {updated:<10}  {format:<22} {what}", info.version)?;
            if let Some(path) = &info.source_path {
                writeln!(out, "       from {path}")?;
            }
        }
        previous = Some(value);
    }
    Ok(ExitCode::SUCCESS)
}
