//! `trialdex search`: the search index from the command line.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use trialdex_index::request::{Collapse, DateRange, Filter, GeoFilter, SearchRequest, Sort};
use trialdex_store::Store;

use crate::record_line::RecordLine;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Searches the "other terms" area (CT.gov's BasicSearch), Chinese text included.
    query: Option<String>,
    /// Conditions or disease.
    #[arg(long)]
    cond: Option<String>,
    /// Other terms (the same area as a bare QUERY).
    #[arg(long)]
    term: Option<String>,
    /// Intervention / treatment.
    #[arg(long)]
    intr: Option<String>,
    /// Title or acronym.
    #[arg(long)]
    titles: Option<String>,
    /// Outcome measure.
    #[arg(long)]
    outc: Option<String>,
    /// Sponsor or collaborator.
    #[arg(long)]
    spons: Option<String>,
    /// Lead sponsor.
    #[arg(long)]
    lead: Option<String>,
    /// Study ids of any registry.
    #[arg(long)]
    id: Option<String>,
    /// Location: city, state, country or facility.
    #[arg(long)]
    locn: Option<String>,
    /// A patient's description as plain text (not the query language): any of its words
    /// count, more of them scoring higher.
    #[arg(long)]
    patient: Option<String>,
    /// Overall status, e.g. RECRUITING (repeat or comma-separate for any of several).
    #[arg(long, value_delimiter = ',')]
    status: Vec<String>,
    /// Registry, e.g. ctgov, chictr, euctr.
    #[arg(long, value_delimiter = ',')]
    registry: Vec<String>,
    /// Phase, e.g. PHASE2, EARLY_PHASE1, NA.
    #[arg(long, value_delimiter = ',')]
    phase: Vec<String>,
    /// Study type: INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS.
    #[arg(long, value_delimiter = ',')]
    study_type: Vec<String>,
    /// FEMALE, MALE or ALL.
    #[arg(long, value_delimiter = ',')]
    sex: Vec<String>,
    /// A country with a site (as the records name it, any case).
    #[arg(long, value_delimiter = ',')]
    country: Vec<String>,
    /// A patient's age in years: trials whose age limits include it.
    #[arg(long)]
    age: Option<f64>,
    /// Only trials that accept (true) or do not accept (false) healthy volunteers.
    #[arg(long)]
    healthy_volunteers: Option<bool>,
    /// Only trials with (true) or without (false) posted results.
    #[arg(long)]
    has_results: Option<bool>,
    /// Start date range, "FROM..TO" with either end optional: 2020-01..2021-06, 2022.. .
    #[arg(long, value_name = "FROM..TO")]
    start: Option<String>,
    /// Last update range, "FROM..TO".
    #[arg(long, value_name = "FROM..TO")]
    updated: Option<String>,
    /// Sites within a distance: "LAT,LON,RADIUS" with RADIUS in mi or km, e.g. 39.0,-77.1,50mi.
    #[arg(long, value_name = "LAT,LON,RADIUS")]
    geo: Option<String>,
    /// A further condition in the query language, e.g. "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]".
    #[arg(long)]
    filter_advanced: Option<String>,
    /// Count the results by status, phase, study type, registry, country, sex, age group and results.
    #[arg(long)]
    facets: bool,
    /// @relevance (the default with a query), or a date or number field with :asc or :desc,
    /// e.g. LastUpdatePostDate:desc, StartDate:asc, EnrollmentCount.
    #[arg(long)]
    sort: Option<String>,
    #[arg(long, default_value_t = 10)]
    page_size: usize,
    /// The token printed after a page, for the next one.
    #[arg(long)]
    page_token: Option<String>,
    /// One normalized record per line (NDJSON), best first; the summary goes to stderr.
    #[arg(long)]
    json: bool,
    /// One result per trial: registrations found to be the same trial are shown once,
    /// by the best placed of them. Links are brought up to date first (computed, and
    /// from then on kept current by `import`, when `trialdex links` never ran).
    #[arg(long)]
    collapse: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open_existing()?;
    let index = args.db.open_index(&store)?;
    let mut request = request(&args)?;
    let links = if args.collapse {
        let (saved, _) = trialdex_link::update(&store, &args.db.db, false)?;
        request.collapse = Some(Collapse::new(saved.clusters.iter().map(|c| c.members.as_slice())));
        Some(saved)
    } else {
        None
    };
    let results = index.search(&request)?;
    let mut out = std::io::stdout().lock();
    let mut records = Vec::with_capacity(results.hits.len());
    for hit in &results.hits {
        let current = store
            .current(&hit.key)?
            .with_context(|| format!("{} is in the index but not in the store; run `trialdex reindex`", hit.key))?;
        records.push(current.study);
    }
    if args.json {
        for study in &records {
            serde_json::to_writer(&mut out, study)?;
            out.write_all(b"\n")?;
        }
    } else {
        for (study, hit) in records.iter().zip(&results.hits) {
            let RecordLine { registry, id, status, phases, title } = RecordLine::of(study);
            writeln!(out, "{id}\t{registry}\t{status}\t{phases}\t{title}")?;
            if let Some(cluster) = links.as_ref().and_then(|l| l.cluster_of(&hit.key)) {
                let others: Vec<String> =
                    cluster.members.iter().filter(|m| **m != hit.key).map(ToString::to_string).collect();
                writeln!(out, "\t  also registered as {}", others.join(", "))?;
            }
        }
    }
    let mut summary: Box<dyn Write> = if args.json { Box::new(std::io::stderr().lock()) } else { Box::new(out) };
    let shown = results.hits.len();
    match results.registrations {
        Some(registrations) => writeln!(
            summary,
            "{} trial{} found ({registrations} registrations); {shown} shown",
            results.total,
            if results.total == 1 { "" } else { "s" }
        )?,
        None => writeln!(
            summary,
            "{} record{} found; {shown} shown",
            results.total,
            if results.total == 1 { "" } else { "s" }
        )?,
    }
    if let Some(token) = &results.next_page_token {
        writeln!(summary, "next page: --page-token {token}")?;
    }
    for facet in &results.facets {
        let values: Vec<String> = facet.values.iter().map(|(v, n)| format!("{v} {n}")).collect();
        writeln!(summary, "{}: {}", facet.name, values.join(", "))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn request(args: &Args) -> Result<SearchRequest> {
    let areas = [
        ("term", &args.query),
        ("cond", &args.cond),
        ("term", &args.term),
        ("intr", &args.intr),
        ("titles", &args.titles),
        ("outc", &args.outc),
        ("spons", &args.spons),
        ("lead", &args.lead),
        ("id", &args.id),
        ("locn", &args.locn),
    ];
    let queries = areas.iter().filter_map(|(area, q)| q.as_ref().map(|q| (area.to_string(), q.clone()))).collect();
    let filter = Filter {
        statuses: args.status.clone(),
        registries: args.registry.clone(),
        phases: args.phase.clone(),
        study_types: args.study_type.clone(),
        sexes: args.sex.clone(),
        countries: args.country.clone(),
        age_years: args.age,
        healthy_volunteers: args.healthy_volunteers,
        has_results: args.has_results,
        start_date: date_range("--start", args.start.as_deref())?,
        last_update: date_range("--updated", args.updated.as_deref())?,
        geo: args.geo.as_deref().map(GeoFilter::parse).transpose().map_err(|e| anyhow::anyhow!("--geo: {e}"))?,
        advanced: args.filter_advanced.clone(),
        ..Filter::default()
    };
    let sort = args.sort.as_deref().map(Sort::parse).transpose().map_err(anyhow::Error::msg)?;
    Ok(SearchRequest {
        queries,
        patient: args.patient.clone(),
        filter,
        facets: args.facets,
        sort,
        page_size: args.page_size,
        page_token: args.page_token.clone(),
        offset: 0,
        collapse: None,
    })
}

fn date_range(flag: &str, text: Option<&str>) -> Result<DateRange> {
    text.map_or(Ok(DateRange::default()), |t| DateRange::parse(t).map_err(|e| anyhow::anyhow!("{flag}: {e}")))
}
