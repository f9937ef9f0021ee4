//! Parse throughput per format on one core: records/s and MB/s over whole corpus
//! folders held in memory (so the disk is not measured).
//!
//! Run: `cargo bench -p trialdex-ingest --bench parse_throughput`
//! Optional: `-- <rounds>` (default 10). The fastest round is reported: on a shared,
//! noisy machine the fastest round is the one least disturbed by other work.

use std::path::{Path, PathBuf};
use std::time::Instant;

use trialdex_ingest::{SourceFormat, parse_as};

/// The allocator the `trialdex` binary uses, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FOLDERS: [(&str, SourceFormat); 4] = [
    ("corpus/ctgov-v2", SourceFormat::CtgovJson),
    ("corpus/ctgov-xml", SourceFormat::CtgovXml),
    ("corpus/ctgov-classic-json", SourceFormat::CtgovClassicJson),
    ("corpus/ictrp", SourceFormat::IctrpXml),
];

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10);
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    println!("{:<28} {:>8} {:>9} {:>12} {:>9}", "folder", "records", "MB", "records/s", "MB/s");
    for (folder, format) in FOLDERS {
        let dir = shared.join(folder);
        let inputs: Vec<Vec<u8>> = files(&dir)
            .iter()
            .map(|p| std::fs::read(p).expect("read"))
            .filter(|bytes| trialdex_ingest::sniff(bytes) == Ok(format))
            .collect();
        let bytes: usize = inputs.iter().map(Vec::len).sum();
        let mut times = Vec::new();
        let mut records = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            records = inputs.iter().map(|input| parse_as(format, input).records.len()).sum::<usize>();
            times.push(started.elapsed().as_secs_f64());
        }
        let best = times.iter().copied().fold(f64::INFINITY, f64::min);
        let mb = bytes as f64 / 1e6;
        println!("{folder:<28} {records:>8} {mb:>9.1} {:>12.0} {:>9.1}", records as f64 / best, mb / best);
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is missing ({e}): the benchmark reads ../shared", dir.display()));
    let mut out: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    out.sort();
    out
}
