//! `trialdex history`: every version of a record, with the modules each one changed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

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

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let key = crate::db::resolve_one(&store, &args.id)?;
    let history = trialdex_store::history_with_changes(&store, &key)?;
    let mut out = std::io::stdout().lock();
    if !args.json {
        writeln!(out, "{key}: {} versions (oldest first, by the source's own date)", history.len())?;
    }
    for (at, entry) in history.iter().enumerate() {
        if args.json {
            serde_json::to_writer(&mut out, entry).map_err(std::io::Error::from)?;
            writeln!(out)?;
            continue;
        }
        let info = &entry.info;
        let marker = if info.is_current { "*" } else { " " };
        let updated = info.source_updated.map_or("-".to_owned(), |d| d.to_string());
        let format = info.source_format.map_or("-", |f| f.as_str());
        let what =
            if at == 0 { "first version".to_owned() } else { format!("changed {}", entry.changed_modules.join(", ")) };
        writeln!(out, "{marker}v{:<3} {updated:<10}  {format:<22} {what}", info.version)?;
        if let Some(path) = &info.source_path {
            writeln!(out, "       from {path}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
