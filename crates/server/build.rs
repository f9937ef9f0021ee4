//! ClinicalTrials.gov's OpenAPI document, served at `/api/v2/openapi.yaml`, is read at
//! build time from `../shared/reference/ctg-oas-v2.yaml` beside the checkout (or the
//! file `TRIALDEX_CTGOV_SPEC` names); the repository does not carry a copy. A build
//! without it answers that path with a 404 that says so.

use std::path::PathBuf;

fn main() {
    let spec = std::env::var_os("TRIALDEX_CTGOV_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ctg-oas-v2.yaml"));
    println!("cargo::rerun-if-env-changed=TRIALDEX_CTGOV_SPEC");
    println!("cargo::rerun-if-changed={}", spec.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("ctg-oas-v2.yaml");
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|_| {
        println!(
            "cargo::warning=no CT.gov OpenAPI document at {}: /api/v2/openapi.yaml will answer 404",
            spec.display()
        );
        String::new()
    });
    // Every name the document gives a property, so `fields=` can tell a CT.gov field
    // name from a typo (one per line; empty without the document).
    let mut keys: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim_end().strip_suffix(':'))
        .map(str::trim_start)
        .filter(|name| name.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    std::fs::write(&out, &text).expect("write OUT_DIR/ctg-oas-v2.yaml");
    let keys_out = out.with_file_name("ctgov-field-keys.txt");
    std::fs::write(keys_out, keys.join("\n")).expect("write OUT_DIR/ctgov-field-keys.txt");
}
