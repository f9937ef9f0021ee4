//! Integration tests of trialdex-ingest, in one binary. They read real records from
//! ../shared (the seeds and the corpus beside the project), never copies of them.

mod common;

mod aggregator_pages;
mod chictr_html;
mod chictr_page_text;
mod chictr_xml;
mod ctgov_classic_json;
mod ctgov_json;
mod ctgov_page_text;
mod ctgov_xml;
mod ctrdata;
mod euctr;
mod ictrp;
mod never_panics;
mod other_registries;
mod registry_pages;
mod sniffing;
