//! Search latency (issue #5): a fixed, mixed query set on trialdex's index and, side by
//! side, on SQLite FTS5 over the same text — the baseline a user would otherwise write.
//!
//! Run: `TRIALDEX_BENCH_DB=DIR cargo bench -p trialdex-index --bench search_latency`,
//! DIR a trialdex database directory (`trialdex import --db DIR PATH…`);
//! `bench/search.sh` builds the databases and runs this on each.
//! `TRIALDEX_BENCH_ROUNDS` (default 20): timed runs of every query per engine, after
//! three untimed warm-up runs. One query at a time on one thread, as a server's
//! request handler runs it.
//!
//! The baseline: every current record's `record_text` (all the text trialdex searches,
//! what a plain full-text engine would index) in one FTS5 column
//! (`tokenize='porter unicode61'`, contentless: the text lives in the store and MATCH
//! and bm25() need only the index), plus plain tables for the values trialdex filters
//! and counts (overall status, registry; phases and countries, one row per value,
//! indexed both ways). Each query is MATCH + ORDER BY bm25() LIMIT 10, a COUNT(*) of
//! all matches (trialdex returns the total too) and, for facet queries, a GROUP BY
//! count per facet column. Built once and cached at DIR/fts5-baseline.sqlite while the
//! store's record count and change sequence are unchanged.
//!
//! Memory: the baseline is built in a child process; peak RSS (VmHWM) is read after
//! trialdex's queries, before the baseline is opened; the index is then dropped, the
//! peak reset (`/proc/self/clear_refs`) and read again after the FTS5 queries, with
//! what the process already held at the reset (trialdex's static dictionaries, the
//! allocator's free pages) reported beside it.
//!
//! `TRIALDEX_BENCH_QUERY=TEXT` runs only the queries whose name holds TEXT (to profile one).

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use serde_json::Value;
use trialdex_index::SearchIndex;
use trialdex_index::baseline::record_text;
use trialdex_index::request::SearchRequest;
use trialdex_model::pieces::{piece, values};
use trialdex_store::{RecordKey, SqliteStore, Store};

/// The allocator the `trialdex` binary uses, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WARM_UP: usize = 3;
const PAGE_SIZE: usize = 10;
/// Bumped when the baseline's tables or text would be built differently.
const FTS5_FORMAT: &str = "fts5-baseline 1";
const TARGET_P50_MS: f64 = 3.0;
const TARGET_P99_MS: f64 = 30.0;

fn main() {
    let db = match std::env::var_os("TRIALDEX_BENCH_DB") {
        Some(db) => PathBuf::from(db),
        None => fail(
            "TRIALDEX_BENCH_DB is not set: give it a trialdex database directory (`trialdex import --db DIR PATH…`, or run bench/search.sh)",
        ),
    };
    if !db.join("trialdex.sqlite").is_file() {
        fail(&format!(
            "TRIALDEX_BENCH_DB={}: no trialdex.sqlite there (expected a directory made by `trialdex import --db DIR`)",
            db.display()
        ));
    }
    let store =
        SqliteStore::open(&db).unwrap_or_else(|e| fail(&format!("cannot open the store in {}: {e}", db.display())));
    let records = store.counts().unwrap_or_else(|e| fail(&format!("cannot count records: {e}"))).records;
    let seq = store.last_seq().unwrap_or_else(|e| fail(&format!("cannot read the change sequence: {e}")));
    let fts_path = db.join("fts5-baseline.sqlite");
    if std::env::var_os(BUILD_ONLY).is_some() {
        let text_bytes = build_fts5(&store, &fts_path, records, seq);
        println!("{text_bytes}");
        return;
    }
    let rounds: usize = match std::env::var("TRIALDEX_BENCH_ROUNDS") {
        Ok(text) => text
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| fail(&format!("TRIALDEX_BENCH_ROUNDS={text:?} is not a positive number of rounds"))),
        Err(_) => 20,
    };
    let mut cases = cases();
    if let Ok(only) = std::env::var("TRIALDEX_BENCH_QUERY") {
        cases.retain(|c| c.name.contains(&only));
        if cases.is_empty() {
            fail(&format!("TRIALDEX_BENCH_QUERY={only:?} is in no query's name"));
        }
    }
    // Built in a child process, so that this one's peak RSS is the engines' alone.
    let built = ensure_fts5(&fts_path, records, seq);

    // trialdex, before the baseline is opened.
    let index_dir = db.join("index");
    let index = SearchIndex::open(&index_dir)
        .unwrap_or_else(|e| fail(&format!("cannot open the index {}: {e}", index_dir.display())));
    let started = Instant::now();
    let synced = index.sync(&store, &mut |_| {}).unwrap_or_else(|e| fail(&format!("cannot sync the index: {e}")));
    if synced.indexed > 0 {
        eprintln!(
            "note: sync indexed {} records in {:.0}s; the peak RSS below includes the index writer's buffers",
            synced.indexed,
            started.elapsed().as_secs_f64()
        );
    }
    drop(store);
    let trialdex = measure(cases.len(), rounds, |i| {
        let results = index.search(&cases[i].request).unwrap_or_else(|e| fail(&format!("{}: {e}", cases[i].name)));
        black_box(&results.hits);
        results.total
    });
    let trialdex_memory = Memory::now();
    drop(index);

    // FTS5 over the same text, its peak measured from here.
    let peak_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let fts5_before = Memory::now();
    let conn = open_fts5(&fts_path);
    let fts5 = measure(cases.len(), rounds, |i| {
        cases[i].fts.run(&conn).unwrap_or_else(|e| fail(&format!("{} (FTS5): {e}", cases[i].name)))
    });
    let fts5_memory = Memory::now();

    report(&Report {
        db: &db,
        records,
        rounds,
        cases: &cases,
        trialdex: &trialdex,
        fts5: &fts5,
        trialdex_memory,
        fts5_memory,
        fts5_before,
        peak_reset,
        index_bytes: dir_size(&index_dir),
        fts5_bytes: dir_size(&fts_path),
        fts5_built: built,
    });
}

/// One query: the trialdex request and what the baseline runs for it.
struct Case {
    name: String,
    request: SearchRequest,
    fts: Fts,
    /// Said under the table, marked on the query's row.
    note: Option<&'static str>,
}

const NOTE_CHINESE: &str = "FTS5's unicode61 tokenizer cannot segment Chinese: a run of Chinese characters is one token, so a query word matches only text where it stands alone between spaces or punctuation";
const NOTE_PATIENT: &str = "patient text: trialdex searches the patient area with any word counting (more of them scoring higher); FTS5 ORs the description's words (stop words dropped)";
const NOTE_FACETS: &str = "facets: trialdex counts 8 dimensions (status, phase, study type, registry, country, sex, age group, results), FTS5 4 (status, phase, registry, country)";
const NOTE_FILTER_ONLY: &str = "no text: FTS5 is not used; plain SQL on the value tables, the first 10 by rowid";

impl Case {
    fn new(name: &str, queries: &[(&str, &str)], matching: Option<&str>) -> Case {
        Case {
            name: name.to_owned(),
            request: SearchRequest {
                queries: queries.iter().map(|(area, text)| (area.to_string(), text.to_string())).collect(),
                page_size: PAGE_SIZE,
                ..SearchRequest::default()
            },
            fts: Fts { matching: matching.map(str::to_owned), filters: Vec::new(), facets: false },
            note: None,
        }
    }

    fn status(mut self, status: &str) -> Case {
        self.request.filter.statuses.push(status.to_owned());
        self.fts.filters.push(format!("t.status = '{status}'"));
        self
    }

    fn phase(mut self, phase: &str) -> Case {
        self.request.filter.phases.push(phase.to_owned());
        self.fts.filters.push(format!("t.rid IN (SELECT rid FROM phases WHERE phase = '{phase}')"));
        self
    }

    fn country(mut self, country: &str) -> Case {
        self.request.filter.countries.push(country.to_owned());
        self.fts.filters.push(format!("t.rid IN (SELECT rid FROM countries WHERE country = '{country}')"));
        self
    }

    /// A condition the trialdex query states in its own language, as SQL for FTS5.
    fn fts_filter(mut self, sql: &str) -> Case {
        self.fts.filters.push(sql.to_owned());
        self
    }

    fn facets(mut self) -> Case {
        self.request.facets = true;
        self.fts.facets = true;
        self
    }

    fn note(mut self, note: &'static str) -> Case {
        self.note = Some(note);
        self
    }
}

/// A patient's description, as a user would paste it.
const PATIENT: &str = "A 58-year-old woman with a ten-year history of type 2 diabetes and hypertension \
presents with progressive shortness of breath on exertion, orthopnea and swelling of both ankles. \
Echocardiography shows a left ventricular ejection fraction of 30%. She takes metformin and lisinopril, \
has chronic kidney disease stage 3 and has never smoked.";

const STOP_WORDS: [&str; 16] = [
    "the", "and", "with", "has", "her", "she", "for", "from", "was", "are", "shows", "takes", "never", "both",
    "presents", "year",
];

/// The description's words, each quoted, any counting: FTS5's form of "any word".
fn any_word(text: &str) -> String {
    let words: BTreeSet<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) && !STOP_WORDS.contains(&w.as_str())
        })
        .collect();
    words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ")
}

fn cases() -> Vec<Case> {
    vec![
        Case::new("cond: breast cancer", &[("cond", "breast cancer")], Some("breast cancer")),
        Case::new("cond: type 2 diabetes", &[("cond", "type 2 diabetes")], Some("type 2 diabetes")),
        Case::new(
            "cond: immune thrombocytopenia",
            &[("cond", "immune thrombocytopenia")],
            Some("immune thrombocytopenia"),
        ),
        Case::new("cond: ITP", &[("cond", "ITP")], Some("ITP")),
        Case::new("cond: asthma", &[("cond", "asthma")], Some("asthma")),
        Case::new("cond: hepatitis B", &[("cond", "hepatitis B")], Some("hepatitis B")),
        Case::new("term: pembrolizumab", &[("term", "pembrolizumab")], Some("pembrolizumab")),
        Case::new("term: IL-2 Sjögren", &[("term", "IL-2 Sjögren")], Some("\"IL-2\" \"Sjögren\"")),
        Case::new("term: treatment (common word)", &[("term", "treatment")], Some("treatment")),
        Case::new(
            "term: cancer OR tumor OR carcinoma",
            &[("term", "cancer OR tumor OR carcinoma")],
            Some("cancer OR tumor OR carcinoma"),
        ),
        Case::new("intr: metformin", &[("intr", "metformin")], Some("metformin")),
        Case::new("locn: Boston", &[("locn", "Boston")], Some("boston")),
        Case::new("phrase: \"heart failure\"", &[("term", "\"heart failure\"")], Some("\"heart failure\"")),
        Case::new("phrase: \"quality of life\"", &[("term", "\"quality of life\"")], Some("\"quality of life\"")),
        Case::new(
            "AREA[Phase]PHASE2 AND AREA[LocationCountry]China",
            &[("term", "AREA[Phase]PHASE2 AND AREA[LocationCountry]China")],
            None,
        )
        .fts_filter("t.rid IN (SELECT rid FROM phases WHERE phase = 'PHASE2')")
        .fts_filter("t.rid IN (SELECT rid FROM countries WHERE country = 'China')")
        .note(NOTE_FILTER_ONLY),
        Case::new("cond: cancer, status RECRUITING, facets", &[("cond", "cancer")], Some("cancer"))
            .status("RECRUITING")
            .facets()
            .note(NOTE_FACETS),
        Case::new("cond: diabetes, PHASE3, United States", &[("cond", "diabetes")], Some("diabetes"))
            .phase("PHASE3")
            .country("United States"),
        Case::new("no text: status RECRUITING, facets", &[], None).status("RECRUITING").facets().note(NOTE_FILTER_ONLY),
        Case::new("zh: 再生障碍性贫血", &[("term", "再生障碍性贫血")], Some("再生障碍性贫血")).note(NOTE_CHINESE),
        Case::new("zh cond: 肺癌", &[("cond", "肺癌")], Some("肺癌")).note(NOTE_CHINESE),
        {
            let mut case = Case::new("patient: 58-year-old woman, heart failure …", &[], Some(&any_word(PATIENT)));
            case.request.patient = Some(PATIENT.to_owned());
            case.note(NOTE_PATIENT)
        },
    ]
}

/// The baseline's side of one query.
struct Fts {
    /// The FTS5 MATCH expression; None: no text, the value tables alone.
    matching: Option<String>,
    /// SQL conditions on `t` (the trials table).
    filters: Vec<String>,
    facets: bool,
}

impl Fts {
    /// FROM … WHERE …, with `join` (a facet's value table) joined to `t`.
    fn matching_rows(&self, join: &str) -> String {
        let mut sql = match self.matching {
            Some(_) => format!("fts JOIN trials t ON t.rid = fts.rowid {join} WHERE fts MATCH ?1"),
            None => format!("trials t {join} WHERE 1"),
        };
        for filter in &self.filters {
            sql.push_str(" AND ");
            sql.push_str(filter);
        }
        sql
    }

    /// Top 10, total and facet counts, as a user would write them: the statements
    /// prepared once (cached), the simplest fast form for each.
    fn run(&self, conn: &Connection) -> rusqlite::Result<u64> {
        let plain = self.filters.is_empty();
        let top = match (&self.matching, plain) {
            // Ranked in FTS5 alone, then the 10 keys looked up.
            (Some(_), true) => {
                "SELECT t.key FROM (SELECT rowid AS rid, rank FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10) m \
                 JOIN trials t ON t.rid = m.rid ORDER BY m.rank"
                    .to_owned()
            }
            (Some(_), false) => format!("SELECT t.key FROM {} ORDER BY bm25(fts) LIMIT 10", self.matching_rows("")),
            (None, _) => format!("SELECT t.key FROM {} ORDER BY t.rid LIMIT 10", self.matching_rows("")),
        };
        let count = match (&self.matching, plain) {
            (Some(_), true) => "SELECT COUNT(*) FROM fts WHERE fts MATCH ?1".to_owned(),
            _ => format!("SELECT COUNT(*) FROM {}", self.matching_rows("")),
        };
        let args: Vec<&dyn rusqlite::ToSql> = match &self.matching {
            Some(m) => vec![m],
            None => Vec::new(),
        };
        let keys: Vec<String> =
            conn.prepare_cached(&top)?.query_map(&*args, |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        black_box(keys);
        let total: i64 = conn.prepare_cached(&count)?.query_row(&*args, |r| r.get(0))?;
        if self.facets {
            let facets = [
                ("t.status", ""),
                ("t.registry", ""),
                ("p.phase", "JOIN phases p ON p.rid = t.rid"),
                ("c.country", "JOIN countries c ON c.rid = t.rid"),
            ];
            for (column, join) in facets {
                let sql = format!(
                    "SELECT {column}, COUNT(*) FROM {} GROUP BY 1 ORDER BY 2 DESC LIMIT 100",
                    self.matching_rows(join)
                );
                let counts: Vec<(Option<String>, i64)> = conn
                    .prepare_cached(&sql)?
                    .query_map(&*args, |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                black_box(counts);
            }
        }
        Ok(total as u64)
    }
}

const FTS5_SCHEMA: &str = "
CREATE TABLE meta (format TEXT NOT NULL, records INTEGER NOT NULL, seq INTEGER NOT NULL, text_bytes INTEGER NOT NULL);
CREATE TABLE trials (rid INTEGER PRIMARY KEY, key TEXT NOT NULL, registry TEXT, status TEXT);
CREATE TABLE phases (phase TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (phase, rid)) WITHOUT ROWID;
CREATE TABLE countries (country TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (country, rid)) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(text, content='', tokenize='porter unicode61');
";
/// Made after loading (faster than keeping them up to date row by row).
const FTS5_INDEXES: &str = "
CREATE INDEX trials_status ON trials (status);
CREATE INDEX phases_rid ON phases (rid, phase);
CREATE INDEX countries_rid ON countries (rid, country);
INSERT INTO fts (fts) VALUES ('optimize');
ANALYZE;
";

/// One record as the baseline holds it.
struct Row {
    key: String,
    registry: String,
    status: Option<String>,
    phases: Vec<String>,
    countries: Vec<String>,
    text: String,
}

/// What the cache must match to be used, and how long a build took.
#[derive(Debug)]
enum Fts5Build {
    Cached,
    Built { seconds: f64, text_bytes: u64 },
}

/// Set in the child process that builds the baseline.
const BUILD_ONLY: &str = "TRIALDEX_BENCH_BUILD_FTS5";

/// Builds the baseline at `path` (in a child process) unless a cache of the same store is there.
fn ensure_fts5(path: &Path, records: u64, seq: u64) -> Fts5Build {
    if let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
        let meta: rusqlite::Result<(String, i64, i64)> =
            conn.query_row("SELECT format, records, seq FROM meta", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        if meta.as_ref().is_ok_and(|(format, n, s)| format == FTS5_FORMAT && *n as u64 == records && *s as u64 == seq) {
            return Fts5Build::Cached;
        }
        eprintln!("rebuilding {}: built for another store or format ({meta:?})", path.display());
    }
    eprintln!("building the FTS5 baseline over {records} records at {} …", path.display());
    let started = Instant::now();
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(&format!("cannot find this program: {e}")));
    let output = std::process::Command::new(exe)
        .env(BUILD_ONLY, "1")
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap_or_else(|e| fail(&format!("cannot start the FTS5 build: {e}")));
    if !output.status.success() {
        fail(&format!("the FTS5 build failed ({})", output.status));
    }
    let text_bytes = String::from_utf8_lossy(&output.stdout).trim().parse().unwrap_or(0);
    Fts5Build::Built { seconds: started.elapsed().as_secs_f64(), text_bytes }
}

/// Builds the baseline beside `path` and moves it there when whole; the bytes of text indexed.
fn build_fts5(store: &SqliteStore, path: &Path, records: u64, seq: u64) -> u64 {
    let partial = path.with_extension("sqlite.partial");
    let _ = std::fs::remove_file(&partial);
    let text_bytes = fill_fts5(store, &partial, records, seq)
        .unwrap_or_else(|e| fail(&format!("cannot build {}: {e}", partial.display())));
    std::fs::rename(&partial, path).unwrap_or_else(|e| fail(&format!("cannot rename to {}: {e}", path.display())));
    text_bytes
}

fn fill_fts5(store: &SqliteStore, path: &Path, records: u64, seq: u64) -> rusqlite::Result<u64> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")?;
    conn.execute_batch(FTS5_SCHEMA)?;
    let tx = conn.transaction()?;
    let mut text_bytes = 0u64;
    // The store is read and the text made on a second thread while this one inserts.
    std::thread::scope(|scope| -> rusqlite::Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Row>>(4);
        scope.spawn(move || {
            let mut after: Option<RecordKey> = None;
            loop {
                let page = store
                    .current_records(after.as_ref(), 1000)
                    .unwrap_or_else(|e| fail(&format!("cannot read the store: {e}")));
                let Some(last) = page.last() else { break };
                after = Some(last.key.clone());
                if send.send(page.iter().map(row).collect()).is_err() {
                    break;
                }
            }
        });
        let mut trial = tx.prepare("INSERT INTO trials (rid, key, registry, status) VALUES (?1, ?2, ?3, ?4)")?;
        let mut phase = tx.prepare("INSERT OR IGNORE INTO phases (phase, rid) VALUES (?1, ?2)")?;
        let mut country = tx.prepare("INSERT OR IGNORE INTO countries (country, rid) VALUES (?1, ?2)")?;
        let mut text = tx.prepare("INSERT INTO fts (rowid, text) VALUES (?1, ?2)")?;
        let mut rid = 0i64;
        for rows in receive {
            for row in rows {
                rid += 1;
                trial.execute(params![rid, row.key, row.registry, row.status])?;
                for value in &row.phases {
                    phase.execute(params![value, rid])?;
                }
                for value in &row.countries {
                    country.execute(params![value, rid])?;
                }
                text.execute(params![rid, row.text])?;
                text_bytes += row.text.len() as u64;
            }
            if rid % 50_000 < 1000 {
                eprintln!("  {rid} / {records} records");
            }
        }
        Ok(())
    })?;
    tx.execute_batch(FTS5_INDEXES)?;
    tx.execute(
        "INSERT INTO meta VALUES (?1, ?2, ?3, ?4)",
        params![FTS5_FORMAT, records as i64, seq as i64, text_bytes as i64],
    )?;
    tx.commit()?;
    Ok(text_bytes)
}

fn row(version: &trialdex_store::StoredVersion) -> Row {
    let record = serde_json::to_value(&version.study).unwrap_or_else(|e| fail(&format!("{}: {e}", version.key)));
    let strings = |name: &str| -> Vec<String> {
        let path = piece(name).map_or("", |p| p.path);
        values(&record, path).into_iter().filter_map(Value::as_str).map(str::to_owned).collect()
    };
    let mut countries = strings("LocationCountry");
    countries.extend(strings("RegistryCountry"));
    countries.sort();
    countries.dedup();
    Row {
        key: version.key.to_string(),
        registry: version.key.registry.as_str().to_owned(),
        status: strings("OverallStatus").into_iter().next(),
        phases: strings("Phase"),
        countries,
        text: record_text(&record),
    }
}

/// The baseline for querying: read only, its pages mapped (as tantivy maps its files)
/// and a 64 MiB page cache.
fn open_fts5(path: &Path) -> Connection {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| fail(&format!("cannot open {}: {e}", path.display())));
    conn.execute_batch("PRAGMA mmap_size = 17179869184; PRAGMA cache_size = -65536;")
        .unwrap_or_else(|e| fail(&format!("cannot configure {}: {e}", path.display())));
    conn.set_prepared_statement_cache_capacity(256);
    conn
}

/// Latencies per query (rounds each) and each query's match count.
struct Timings {
    samples: Vec<Vec<Duration>>,
    matches: Vec<u64>,
}

/// Warms up, then runs every query once per round (all queries in turn, so a burst of
/// other work on the machine spreads over many queries instead of hitting one).
fn measure(queries: usize, rounds: usize, mut run: impl FnMut(usize) -> u64) -> Timings {
    let mut matches = vec![0; queries];
    for _ in 0..WARM_UP {
        for (i, found) in matches.iter_mut().enumerate() {
            *found = run(i);
        }
    }
    let mut samples = vec![Vec::with_capacity(rounds); queries];
    for _ in 0..rounds {
        for (i, times) in samples.iter_mut().enumerate() {
            let started = Instant::now();
            black_box(run(i));
            times.push(started.elapsed());
        }
    }
    Timings { samples, matches }
}

struct Stats {
    p50: f64,
    p99: f64,
    mean: f64,
}

impl Stats {
    /// Nearest-rank percentiles, in milliseconds.
    fn of(samples: &[Duration]) -> Stats {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let rank = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
        Stats { p50: rank(0.50), p99: rank(0.99), mean: ms.iter().sum::<f64>() / ms.len() as f64 }
    }
}

/// From /proc/self/status, in KiB.
struct Memory {
    peak: Option<u64>,
    anon: Option<u64>,
    file: Option<u64>,
}

impl Memory {
    fn now() -> Memory {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status.lines().find_map(|l| l.strip_prefix(name)?.trim().strip_suffix("kB")?.trim().parse().ok())
        };
        Memory { peak: field("VmHWM:"), anon: field("RssAnon:"), file: field("RssFile:") }
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

fn dir_size(path: &Path) -> u64 {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .map(|entries| entries.filter_map(Result::ok).map(|e| dir_size(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

struct Report<'a> {
    db: &'a Path,
    records: u64,
    rounds: usize,
    cases: &'a [Case],
    trialdex: &'a Timings,
    fts5: &'a Timings,
    trialdex_memory: Memory,
    fts5_memory: Memory,
    /// Held before the baseline was opened (what trialdex's part left: static
    /// dictionaries, the allocator's free pages).
    fts5_before: Memory,
    peak_reset: bool,
    index_bytes: u64,
    fts5_bytes: u64,
    fts5_built: Fts5Build,
}

fn report(r: &Report) {
    let notes: Vec<&str> = r.cases.iter().filter_map(|c| c.note).fold(Vec::new(), |mut notes, note| {
        if !notes.contains(&note) {
            notes.push(note);
        }
        notes
    });
    let marker = |case: &Case| {
        case.note.map_or(String::new(), |n| format!(" [{}]", notes.iter().position(|&m| m == n).unwrap_or(0) + 1))
    };
    println!(
        "{} records ({}); {} rounds per query after {WARM_UP} warm-up runs; milliseconds; page of {PAGE_SIZE}",
        r.records,
        r.db.display(),
        r.rounds
    );
    println!();
    println!("| query | trialdex p50 | p99 | mean | matches | FTS5 p50 | p99 | mean | matches |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (i, case) in r.cases.iter().enumerate() {
        let (t, f) = (Stats::of(&r.trialdex.samples[i]), Stats::of(&r.fts5.samples[i]));
        println!(
            "| {}{} | {:.2} | {:.2} | {:.2} | {} | {:.2} | {:.2} | {:.2} | {} |",
            case.name.replace('|', "\\|"),
            marker(case),
            t.p50,
            t.p99,
            t.mean,
            r.trialdex.matches[i],
            f.p50,
            f.p99,
            f.mean,
            r.fts5.matches[i]
        );
    }
    let all = |t: &Timings| Stats::of(&t.samples.iter().flatten().copied().collect::<Vec<_>>());
    let (t, f) = (all(r.trialdex), all(r.fts5));
    println!(
        "| **all {} queries** | **{:.2}** | **{:.2}** | **{:.2}** | | **{:.2}** | **{:.2}** | **{:.2}** | |",
        r.cases.len(),
        t.p50,
        t.p99,
        t.mean,
        f.p50,
        f.p99,
        f.mean
    );
    println!();
    for (n, note) in notes.iter().enumerate() {
        println!("[{}] {note}.", n + 1);
    }
    println!();
    let faster = r
        .cases
        .iter()
        .enumerate()
        .filter(|&(i, _)| Stats::of(&r.trialdex.samples[i]).p50 < Stats::of(&r.fts5.samples[i]).p50);
    println!(
        "trialdex faster than FTS5 (p50) on {} of {} queries; over all: p50 {:.1}x, p99 {:.1}x, mean {:.1}x FTS5's speed.",
        faster.count(),
        r.cases.len(),
        f.p50 / t.p50,
        f.p99 / t.p99,
        f.mean / t.mean
    );
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "targets (issue #5, at 500k): p50 ≤ {TARGET_P50_MS} ms {}, p99 ≤ {TARGET_P99_MS} ms {}, RSS ≤ 2 GiB {} (this run).",
        verdict(t.p50 <= TARGET_P50_MS),
        verdict(t.p99 <= TARGET_P99_MS),
        verdict(r.trialdex_memory.peak.is_some_and(|k| k <= 2 * 1024 * 1024))
    );
    let slow: Vec<String> = r
        .cases
        .iter()
        .enumerate()
        .filter(|&(i, _)| Stats::of(&r.trialdex.samples[i]).p99 > TARGET_P99_MS)
        .map(|(_, c)| c.name.clone())
        .collect();
    if !slow.is_empty() {
        println!("trialdex queries with p99 over {TARGET_P99_MS} ms: {}.", slow.join("; "));
    }
    println!();
    println!(
        "peak RSS (VmHWM) of the process: trialdex {} (open, sync, queries; at the end {} anonymous + {} mapped files).",
        mib(r.trialdex_memory.peak),
        mib(r.trialdex_memory.anon),
        mib(r.trialdex_memory.file),
    );
    let before = r.fts5_before.anon.unwrap_or(0) + r.fts5_before.file.unwrap_or(0);
    if r.peak_reset {
        println!(
            "FTS5: peak {} after the peak was reset with trialdex's index dropped; {} of it was held before the \
             baseline was opened (trialdex's static dictionaries, the allocator's free pages), so FTS5 added {} \
             (at the end {} anonymous + {} mapped files).",
            mib(r.fts5_memory.peak),
            mib(Some(before)),
            mib(r.fts5_memory.peak.map(|p| p.saturating_sub(before))),
            mib(r.fts5_memory.anon),
            mib(r.fts5_memory.file),
        );
    } else {
        println!(
            "FTS5: the peak could not be reset, so it is the process's over both engines: {} (at the end {} anonymous + {} mapped files).",
            mib(r.fts5_memory.peak),
            mib(r.fts5_memory.anon),
            mib(r.fts5_memory.file),
        );
    }
    let built = match r.fts5_built {
        Fts5Build::Cached => "cached".to_owned(),
        Fts5Build::Built { seconds, text_bytes } => {
            format!("built in {seconds:.0}s from {:.0} MB of record text", text_bytes as f64 / 1e6)
        }
    };
    println!(
        "on disk: trialdex index {:.0} MB; FTS5 baseline {:.0} MB (contentless, {built}).",
        r.index_bytes as f64 / 1e6,
        r.fts5_bytes as f64 / 1e6
    );
}

fn fail(message: &str) -> ! {
    eprintln!("search_latency: {message}");
    exit(2)
}
