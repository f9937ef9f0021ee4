#![no_main]
//! `cargo fuzz run ctgov_xml`: the ctgov_xml parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse_as(trialdex_ingest::SourceFormat::CtgovXml, bytes);
});
