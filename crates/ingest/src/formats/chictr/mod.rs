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
