#![no_main]
//! `cargo fuzz run sniff_and_parse`: detection plus whichever parser it picks.

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = trialdex_ingest::parse(bytes);
});
