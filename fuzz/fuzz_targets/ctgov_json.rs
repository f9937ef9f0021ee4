#![no_main]
//! `cargo fuzz run ctgov_json`: the ctgov_json parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse_as(trialdex_ingest::SourceFormat::CtgovJson, bytes);
});
