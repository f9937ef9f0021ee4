//! Source bytes → trial records plus diagnostics.
//!
//! `parse(bytes)` detects the format from content (never from a file name) and runs
//! the one parser for it. Every parser is a pure function of bytes: no I/O, no panics,
//! a record it cannot read fully is returned with warnings, a record it cannot read
//! at all becomes an error diagnostic while the rest of the file goes on.

mod decode;
mod diagnostics;
mod finish;
pub mod formats;
mod sniff;
pub mod text;

pub use diagnostics::{Diagnostic, Parsed, Severity};
pub use finish::local_id;
pub use sniff::{SniffError, sniff};
pub use trialdex_model::SourceFormat;

/// Detects the format of `bytes` and parses them. `Err` when the content is no
/// format trialdex reads; the error says what it looked like.
pub fn parse(bytes: &[u8]) -> Result<Parsed, SniffError> {
    let format = sniff(bytes)?;
    Ok(parse_as(format, bytes))
}

/// Parses `bytes` as `format`, skipping detection.
pub fn parse_as(format: SourceFormat, bytes: &[u8]) -> Parsed {
    use formats::*;
    match format {
        SourceFormat::CtgovJson => ctgov_json::parse(bytes),
        SourceFormat::CtgovXml => ctgov_xml::parse(bytes),
        SourceFormat::CtgovClassicJson => ctgov_classic_json::parse(bytes),
        SourceFormat::CtgovRss => ctgov_rss::parse(bytes),
        SourceFormat::CtgovPageText => ctgov_page_text::parse(bytes),
        SourceFormat::AggregatorDetailsText => aggregator_details_text::parse(bytes),
        SourceFormat::AggregatorSummaryText => aggregator_summary_text::parse(bytes),
        SourceFormat::ChictrPageText => chictr_page_text::parse(bytes),
        SourceFormat::ChictrHtml => chictr_html::parse(bytes),
        SourceFormat::ChictrXml => chictr_xml::parse(bytes),
        SourceFormat::IctrpXml => ictrp_xml::parse(bytes),
        SourceFormat::IctrpCsv => ictrp_csv::parse(bytes),
        SourceFormat::CtrdataJson => ctrdata_json::parse(bytes),
        SourceFormat::EuctrText => euctr_text::parse(bytes),
        SourceFormat::EuctrHtml => euctr_html::parse(bytes),
        SourceFormat::EuctrTrackerCsv => euctr_tracker_csv::parse(bytes),
        SourceFormat::WhoTrdsXml => who_trds_xml::parse(bytes),
        SourceFormat::WhoTrdsJson => who_trds_json::parse(bytes),
        SourceFormat::DrksJson => drks_json::parse(bytes),
        SourceFormat::CrisJson => cris_json::parse(bytes),
        SourceFormat::CrisHtml => cris_html::parse(bytes),
        SourceFormat::AnzctrHtml => anzctr_html::parse(bytes),
        SourceFormat::GskHtml => gsk_html::parse(bytes),
        SourceFormat::TakedaHtml => takeda_html::parse(bytes),
    }
}
