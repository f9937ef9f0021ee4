//! The classic API's fields and where each lives in CT.gov API v2.
//!
//! Every classic field name is unique across the whole record ("LeadSponsorName",
//! "OutcomeMeasurementValue"), so one flat table, keyed by (parent, name), describes
//! the whole tree. The field list is the one the classic API documented in its
//! StudyStatistics response (../shared/corpus/ctgov-classic-json/study_statistics.json),
//! plus the few fields seen in records but not listed there.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A classic field: its name, the classic object (or list) it sits in, and its v2 home.
pub(super) struct Field {
    pub classic: &'static str,
    pub parent: &'static str,
    /// Key in the v2 object; a dotted key nests ("limitationsAndCaveats.description").
    /// Empty for list items (they have no key of their own) and for `Keep`.
    pub v2: &'static str,
    pub kind: Kind,
}

/// Reads a display label into a v2 enum's wire spelling.
pub(super) type Label = fn(&str) -> Option<String>;

#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// An object of fields.
    Object,
    /// `XxxList: {Xxx: [...]}`: a v2 array; the items are the `Xxx` entries.
    List,
    /// A list whose v2 home holds one value (`DesignObservationalModelList` → `observationalModel`).
    FirstOf,
    /// No v2 home: kept verbatim under its classic name.
    Keep,
    Text,
    /// A count written as text ("168") that v2 writes as a number.
    Int,
    /// "Yes"/"No" (and "Accepts Healthy Volunteers").
    Bool,
    /// "March 4, 2021", "February 2021" → ISO at the same precision.
    Date,
    /// "11/04/2022 09:17" (month first) → "2022-11-04T09:17".
    DateTime,
    /// A label of the named v2 enum; unknown labels are kept verbatim with a warning.
    Enum(&'static str, Label),
}

pub(super) const fn f(classic: &'static str, parent: &'static str, v2: &'static str, kind: Kind) -> Field {
    Field { classic, parent, v2, kind }
}

/// `Kind::Enum` for a model enum, read with its `from_label`.
macro_rules! label {
    ($enum:ident) => {
        Kind::Enum(stringify!($enum), |s| trialdex_model::$enum::from_label(s).map(|v| v.as_str().to_owned()))
    };
}
pub(super) use label;

/// The classic record's root object; the parent of the five sections.
pub(super) const STUDY: &str = "Study";

fn all() -> impl Iterator<Item = &'static Field> {
    super::fields_protocol::FIELDS.iter().chain(super::fields_results::FIELDS.iter())
}

static BY_PLACE: LazyLock<HashMap<(&'static str, &'static str), &'static Field>> =
    LazyLock::new(|| all().map(|field| ((field.parent, field.classic), field)).collect());

static BY_NAME: LazyLock<HashMap<&'static str, &'static Field>> =
    LazyLock::new(|| all().map(|field| (field.classic, field)).collect());

/// The field `name` inside the classic object (or list) `parent`.
pub(super) fn field_in(parent: &str, name: &str) -> Option<&'static Field> {
    BY_PLACE.get(&(parent, name)).copied()
}

/// The field called `name`, wherever it sits (names are unique).
pub(super) fn field_named(name: &str) -> Option<&'static Field> {
    BY_NAME.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_parent_is_a_field() {
        assert_eq!(BY_NAME.len(), all().count(), "a classic field name is listed twice");
        for field in all() {
            if field.parent != STUDY {
                let parent = field_named(field.parent).unwrap_or_else(|| panic!("{} has no entry", field.parent));
                assert!(
                    matches!(parent.kind, Kind::Object | Kind::List | Kind::FirstOf),
                    "{} is no container",
                    field.parent
                );
            }
        }
    }

    #[test]
    fn no_two_fields_share_a_v2_home() {
        let mut seen = std::collections::HashSet::new();
        for field in all().filter(|f| !f.v2.is_empty()) {
            assert!(
                seen.insert((field.parent, field.v2)),
                "{} maps to {}, taken by another field",
                field.classic,
                field.v2
            );
        }
    }

    #[test]
    fn classic_labels_read_into_wire_values() {
        let read = |kind: Kind, s: &str| match kind {
            Kind::Enum(_, label) => label(s),
            _ => None,
        };
        assert_eq!(read(label!(ConfidenceIntervalNumSides), "2-Sided").as_deref(), Some("TWO_SIDED"));
        assert_eq!(
            read(label!(AnalysisDispersionType), "Standard Error of the Mean").as_deref(),
            Some("STANDARD_ERROR_OF_MEAN")
        );
        assert_eq!(read(label!(Status), "Not yet recruiting").as_deref(), Some("NOT_YET_RECRUITING"));
    }
}
