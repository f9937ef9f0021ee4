#![no_main]
//! `cargo fuzz run aggregator_summary_text`: the aggregator_summary_text parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse_as(trialdex_ingest::SourceFormat::AggregatorSummaryText, bytes);
});
