//! One module per source format; each exposes `parse(bytes: &[u8]) -> Parsed`.

pub mod aggregator_details_text;
pub mod aggregator_summary_text;
mod chictr;
pub mod chictr_html;
pub mod chictr_page_text;
pub mod chictr_xml;
pub mod ctgov_classic_json;
pub mod ctgov_json;
pub mod ctgov_page_text;
pub mod ctgov_rss;
pub mod ctgov_xml;
mod ictrp;
pub mod ictrp_csv;
pub mod ictrp_xml;
mod page_text;
