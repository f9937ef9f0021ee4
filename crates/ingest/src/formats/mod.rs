//! One module per source format; each exposes `parse(bytes: &[u8]) -> Parsed`.

pub mod aggregator_details_text;
pub mod aggregator_summary_text;
pub mod anzctr_html;
mod chictr;
pub mod chictr_html;
pub mod chictr_page_text;
pub mod chictr_xml;
pub mod cris_html;
pub mod cris_json;
pub mod ctgov_classic_json;
pub mod ctgov_json;
pub mod ctgov_page_text;
pub mod ctgov_rss;
pub mod ctgov_xml;
pub mod ctrdata_json;
pub mod drks_json;
pub mod euctr_html;
pub mod euctr_text;
pub mod euctr_tracker_csv;
pub mod gsk_html;
mod ictrp;
pub mod ictrp_csv;
pub mod ictrp_xml;
mod page_text;
pub mod takeda_html;
pub mod who_trds_json;
pub mod who_trds_xml;
