//! The EU Clinical Trials Register's protocol form, shared by the text download and the
//! trial page: both show one member-state copy of a trial as numbered fields ("A.3 Full
//! title of the trial", "E.8.1.1 Randomised"), the text as lines, the page as table rows.
//! Each reader turns its input into one list of `Field`s; `build` makes the study.

mod build;
mod design;
mod products;
pub(crate) mod values;

use std::cell::Cell;
use std::sync::LazyLock;

use regex::Regex;

pub(crate) use build::build;

/// One numbered field of the form, as shown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Field {
    /// "A.3", "E.1.2", "N." or "D.IMP"; "Summary" for the summary above section A.
    pub code: String,
    pub label: String,
    /// The language of a translation ("es" for "A.3 Full title of the trial (es)").
    pub lang: Option<String>,
    pub value: String,
    /// Set once the builder has mapped the field; unmapped fields are kept verbatim.
    used: Cell<bool>,
}

impl Field {
    pub fn new(code: &str, label: &str, value: &str) -> Self {
        let label = label.trim().trim_end_matches(':').trim();
        let (label, lang) = split_language(label);
        Field { code: code.to_owned(), label: label.to_owned(), lang, value: value.to_owned(), used: Cell::new(false) }
    }

    fn label_is(&self, prefix: &str) -> bool {
        self.label.to_ascii_lowercase().starts_with(&prefix.to_ascii_lowercase())
    }

    fn mark(&self) {
        self.used.set(true);
    }
}

/// The fields of one member-state copy, in form order.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub list: Vec<Field>,
}

impl Fields {
    /// The first English value of `code` (and a label starting with `label`), trimmed;
    /// `None` when absent or empty.
    pub fn get(&self, code: &str, label: &str) -> Option<String> {
        let field = self
            .list
            .iter()
            .find(|f| f.code == code && f.lang.is_none() && f.label_is(label) && !values::is_blank(&f.value))?;
        field.mark();
        Some(field.value.trim().to_owned())
    }

    /// The translation of `code` (and `label`), with its language.
    pub fn translation(&self, code: &str, label: &str) -> Option<(String, String)> {
        let field = self
            .list
            .iter()
            .find(|f| f.code == code && f.lang.is_some() && f.label_is(label) && !values::is_blank(&f.value))?;
        field.mark();
        Some((field.lang.clone().unwrap_or_default(), field.value.trim().to_owned()))
    }

    /// Consecutive runs of fields: each starts where `starts` holds and goes on while
    /// the codes start with `prefix` (an IMP's "D.3.1", "D.3.8"…, a sponsor's "B.1.1"…).
    pub fn groups(&self, starts: impl Fn(&Field) -> bool, prefix: &str) -> Vec<Vec<&Field>> {
        let mut groups: Vec<Vec<&Field>> = Vec::new();
        let mut open = false;
        for field in &self.list {
            if starts(field) {
                field.mark();
                groups.push(vec![field]);
                open = true;
            } else if open && field.code.starts_with(prefix) {
                if let Some(group) = groups.last_mut() {
                    group.push(field);
                }
            } else if !field.code.starts_with(prefix) {
                open = false;
            }
        }
        groups
    }

    /// Fields the builder did not map, with a value, kept as they came.
    pub fn unmapped(&self) -> impl Iterator<Item = &Field> {
        self.list.iter().filter(|f| !f.used.get() && !values::is_blank(&f.value))
    }
}

/// The first value in a group with `code` (and a label starting with `label`).
pub(crate) fn in_group(group: &[&Field], code: &str, label: &str) -> Option<String> {
    all_in_group(group, code, label).into_iter().next()
}

/// Every English value in a group with `code` (and `label`), marking them read.
pub(crate) fn all_in_group(group: &[&Field], code: &str, label: &str) -> Vec<String> {
    group
        .iter()
        .filter(|f| f.code == code && f.lang.is_none() && f.label_is(label) && !values::is_blank(&f.value))
        .map(|f| {
            f.mark();
            f.value.trim().to_owned()
        })
        .collect()
}

/// "E.8.1.1", "D.1.2 and D.1.3", "D.3.8 to D.3.10", "N.", "D.IMP", "B.Sponsor" at the start
/// of a line or cell; the code kept is the first one named.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-HNP](?:\.[0-9]{1,2}|\.[A-Z][A-Za-z]+)*\.?)(?:\s+(?:and|to)\s+[A-HNP](?:\.[0-9]{1,2})+)?(?:[ \t]+|:|$)",
    )
    .expect("code pattern")
});

/// A form code at the start of `text`, normalized ("D.1.2 and D.1.3" → "D.1.2"), and
/// the rest of the text after it.
pub(crate) fn split_code(text: &str) -> Option<(String, &str)> {
    let caps = CODE.captures(text)?;
    let code = caps.get(1)?.as_str();
    let whole = caps.get(0)?;
    // A bare letter is a code only with its dot ("N."), never "A" starting a sentence.
    if code.len() == 1 {
        return None;
    }
    let rest = text.get(whole.end()..).unwrap_or("");
    // The colon of "D.IMP: 1" belongs to the label part.
    let rest = if whole.as_str().ends_with(':') { text.get(whole.end() - 1..).unwrap_or("") } else { rest };
    Some((code.to_owned(), rest))
}

/// Labels that hold a colon of their own.
const LABELS_WITH_COLON: [&str; 1] = ["Ethics Committee Opinion: Reason(s) for unfavourable opinion"];

/// "Full title of the trial (es): Estudio…" → label and value. A label ends at its first
/// colon (or at "?" in "Is a Placebo used in this Trial? Yes"); a line with neither is a heading.
pub(crate) fn split_label(rest: &str) -> (&str, &str) {
    let rest = rest.trim_start();
    for label in LABELS_WITH_COLON {
        if let Some(after) = rest.strip_prefix(label) {
            return (label, after.trim_start_matches(':'));
        }
    }
    let colon = rest.char_indices().find(|&(i, c)| {
        c == ':' && rest.get(i + 1..).is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
    });
    if let Some((i, _)) = colon {
        return (rest.get(..i).unwrap_or(rest), rest.get(i + 1..).unwrap_or(""));
    }
    if let Some(i) = rest.find("? ") {
        return (rest.get(..=i).unwrap_or(rest), rest.get(i + 1..).unwrap_or(""));
    }
    (rest, "")
}

/// "Full title of the trial (es)" → ("Full title of the trial", Some("es")).
fn split_language(label: &str) -> (&str, Option<String>) {
    if let Some(open) = label.rfind(" (")
        && let Some(code) = label.get(open + 2..).and_then(|s| s.strip_suffix(')'))
        && code.len() == 2
        && code.chars().all(|c| c.is_ascii_lowercase())
    {
        return (label.get(..open).unwrap_or(label), Some(code.to_owned()));
    }
    (label, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_values_and_languages_split() {
        let (code, rest) = split_code("A.3 Full title of the trial (es): Estudio: fase 1").unwrap();
        assert_eq!(code, "A.3");
        let (label, value) = split_label(rest);
        let field = Field::new(&code, label, value);
        assert_eq!((field.label.as_str(), field.lang.as_deref()), ("Full title of the trial", Some("es")));
        assert_eq!(field.value.trim(), "Estudio: fase 1");
        assert_eq!(split_code("D.1.2 and D.1.3 IMP Role: Test").unwrap().0, "D.1.2");
        assert_eq!(split_code("B.3.1 and B.3.2\tStatus of the sponsor: Commercial").unwrap().0, "B.3.1");
        assert_eq!(split_label(split_code("D.IMP: 1").unwrap().1), ("", " 1"));
        assert_eq!(split_code("N. Date of Competent Authority Decision: 2023-05-18").unwrap().0, "N.");
        assert_eq!(split_label("Is a Placebo used in this Trial? Yes"), ("Is a Placebo used in this Trial?", " Yes"));
        assert_eq!(
            split_label("Ethics Committee Opinion: Reason(s) for unfavourable opinion:"),
            ("Ethics Committee Opinion: Reason(s) for unfavourable opinion", "")
        );
        assert!(split_code("A patient aged 18: yes").is_none());
        assert!(split_code("E. coli infection").is_none_or(|(code, _)| code == "E."));
    }
}
