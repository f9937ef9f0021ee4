#![no_main]
//! `cargo fuzz run aggregator_details_text`: the aggregator_details_text parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse_as(trialdex_ingest::SourceFormat::AggregatorDetailsText, bytes);
});
