#![no_main]
//! `cargo fuzz run chictr_page_text`: the chictr_page_text parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse_as(trialdex_ingest::SourceFormat::ChictrPageText, bytes);
});
