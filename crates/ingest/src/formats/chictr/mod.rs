//! What ChiCTR's sources share: the fields of a record and their bilingual labels
//! (`fields`), a record as field values in both languages (`record`, filled through
//! `writer` by readers that meet labels and values in page order), ChiCTR's values in
//! the model's terms (`values`), and `Record` → `Study` (`build`, `blocks`).
//!
//! The text copy, the HTML page and the XML export each need only a reader of their own.

pub(crate) mod blocks;
pub(crate) mod build;
pub(crate) mod fields;
pub(crate) mod record;
pub(crate) mod values;
pub(crate) mod writer;

use trialdex_model::SourceFormat;

use crate::{Diagnostic, Parsed, finish::finish};

/// The last step of every ChiCTR page reader: a record with labels but no values is an
/// error; otherwise it is built, finished and added, with a warning when the page shows
/// no registration number.
pub(crate) fn add_page_record(record: &record::Record, format: SourceFormat, parsed: &mut Parsed) {
    if !record.main.has_values() {
        let message = format!("the ChiCTR page has {} field labels but no values", record.labels_read);
        parsed.diagnostics.push(Diagnostic::error(message));
        return;
    }
    let mut study = build::build(record);
    let id = study.registry_section.as_ref().and_then(|s| s.registry_id.clone());
    finish(&mut study, format);
    if id.is_none() {
        parsed.diagnostics.push(Diagnostic::warning("the page shows no ChiCTR registration number"));
    }
    parsed.records.push(study);
}
