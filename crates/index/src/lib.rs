//! Search index (tantivy), derived from the store and rebuildable from it.

pub mod analysis;
