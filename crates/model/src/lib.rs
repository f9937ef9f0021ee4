//! The trialdex trial model: ClinicalTrials.gov's API v2 `Study` shape plus
//! `registrySection`, the enums with CT.gov's spellings, `PartialDate`, registry ids,
//! and helpers that read what the model holds (eligibility criteria split into
//! inclusion and exclusion). No I/O.
//!
//! Invariants: every type round-trips through JSON without losing a key it does not
//! model (`extra`); enum values never fail to read (`Unlisted`); dates keep their precision.

#[macro_use]
pub mod macros;

pub mod criteria;
pub mod ctgov_csv;
pub mod date;
mod diff;
pub mod enums;
pub mod ids;
pub mod pieces;
mod registry;
pub mod study;

pub use date::{DateError, PartialDate};
pub use diff::{FieldChange, changed_modules, diff};
pub use enums::*;
pub use registry::*;
pub use study::*;

/// Keys of a JSON object that trialdex does not model, kept verbatim.
pub type Extra = std::collections::BTreeMap<String, serde_json::Value>;
