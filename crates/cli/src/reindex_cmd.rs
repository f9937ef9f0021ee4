//! `trialdex reindex`: build the search index again from the store.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let index = args.db.open_index_as_is()?;
    let started = Instant::now();
    let stats = index.rebuild(&store, &mut |_| {})?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "indexed {} records in {seconds:.1}s ({:.0} records/s), up to change {}",
        stats.indexed,
        stats.indexed as f64 / seconds.max(1e-3),
        stats.seq
    );
    Ok(ExitCode::SUCCESS)
}
