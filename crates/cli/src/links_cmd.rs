//! `trialdex links`: records of different registries that describe the same trial.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_link::saved::SavedLinks;
use trialdex_link::{Decision, LinkKind, Rescore, SIMILARITY_THRESHOLD, Updated, link_profiles, read_profiles};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Only the cluster of this record (any registry id).
    id: Option<String>,
    /// Similarity links below this score are not made (0 to 1).
    #[arg(long, default_value_t = SIMILARITY_THRESHOLD)]
    min_score: f64,
    /// Score every pair again (and weigh words anew). Otherwise links follow the store:
    /// only pairs with a record changed since they were last computed are scored again.
    #[arg(long)]
    full: bool,
    /// One cluster per line: members and links with kind, score and evidence.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// One row per link, for a reviewer's spreadsheet: cluster, the two records, kind,
    /// score, evidence.
    #[arg(long)]
    csv: bool,
    /// Decide that two records are the same trial: they are joined whatever the scores
    /// say, now and whenever links are computed again.
    #[arg(long, num_args = 2, value_names = ["ID", "ID"], conflicts_with = "not_same")]
    same: Option<Vec<String>>,
    /// Decide that two records are not the same trial: never joined, however alike.
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    not_same: Option<Vec<String>>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let wanted = args.id.as_deref().map(|id| crate::db::resolve_one(&store, id)).transpose()?;
    let decided = match (&args.same, &args.not_same) {
        (Some(ids), _) => Some((ids, true)),
        (_, Some(ids)) => Some((ids, false)),
        _ => None,
    };
    if let Some((ids, same)) = decided {
        let (a, b) = (crate::db::resolve_one(&store, &ids[0])?, crate::db::resolve_one(&store, &ids[1])?);
        let decision = Decision { a: a.clone(), b: b.clone(), same };
        SavedLinks::decide(&args.db.db, decision).context("cannot keep the decision")?;
        eprintln!("kept: {a} and {b} are {} trial", if same { "the same" } else { "not the same" });
    }
    let decisions = SavedLinks::decisions(&args.db.db).context("cannot read the link decisions")?;
    // The saved links are those of the default threshold; a higher one only drops
    // some, a lower one needs every pair scored again (and is not saved).
    let clusters = if args.min_score >= SIMILARITY_THRESHOLD {
        let (saved, updated) = trialdex_link::update(&store, &args.db.db, args.full)?;
        match updated {
            Updated::NoRecordChanged => {}
            Updated::Incremental { changed } => eprintln!("linked again: pairs with one of {changed} changed records"),
            Updated::Full => eprintln!("linked every record"),
        }
        let links: Vec<_> = saved.links.unwrap_or_default().into_iter().filter(|l| l.score >= args.min_score).collect();
        trialdex_link::clusters(&links, &decisions)
    } else {
        trialdex_link::clusters(&link_profiles(&read_profiles(&store)?, args.min_score, Rescore::All), &decisions)
    };
    let shown: Vec<_> = clusters.iter().filter(|c| wanted.as_ref().is_none_or(|w| c.members.contains(w))).collect();
    let mut out = std::io::stdout().lock();
    if args.csv {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(["cluster", "registry_a", "id_a", "registry_b", "id_b", "kind", "score", "evidence"])?;
        for (at, cluster) in shown.iter().enumerate() {
            for link in &cluster.links {
                let why: Vec<String> = link.evidence.iter().map(ToString::to_string).collect();
                writer.write_record([
                    (at + 1).to_string(),
                    link.a.registry.to_string(),
                    link.a.registry_id.clone(),
                    link.b.registry.to_string(),
                    link.b.registry_id.clone(),
                    kind(link.kind).to_owned(),
                    format!("{:.3}", link.score),
                    why.join("; "),
                ])?;
            }
        }
        writer.flush()?;
    }
    for cluster in shown.iter().filter(|_| !args.csv) {
        if args.json {
            serde_json::to_writer(&mut out, cluster)?;
            writeln!(out)?;
            continue;
        }
        let members: Vec<String> = cluster.members.iter().map(ToString::to_string).collect();
        writeln!(out, "{}", members.join("  "))?;
        for link in &cluster.links {
            let why: Vec<String> = link.evidence.iter().map(ToString::to_string).collect();
            writeln!(out, "  {} ~ {}  {} {:.2}: {}", link.a, link.b, kind(link.kind), link.score, why.join("; "))?;
        }
    }
    match (&wanted, shown.is_empty()) {
        (Some(key), true) => eprintln!("{key} is linked to no other record"),
        _ => eprintln!("{} clusters of two or more records", shown.len()),
    }
    Ok(ExitCode::SUCCESS)
}

fn kind(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Id => "id",
        LinkKind::Similarity => "similar",
        LinkKind::Manual => "by hand",
    }
}
