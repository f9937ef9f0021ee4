//! A part of a record as labelled rows: every field it holds, nested fields under
//! their heading, in the record's order, with the labels a CT.gov reader knows.
//! Nothing a record holds is left out; what a page shows its own way (criteria as
//! lists, sites as a table) is skipped here by key.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde_json::Value;
use trialdex_model::pieces::{PIECES, PieceKind};

use super::view::{is_enum_spelling, label, readable, safe_url};

pub struct Section {
    pub title: String,
    /// Shown closed (posted results can run to thousands of rows).
    pub collapsed: bool,
    pub rows: Vec<Row>,
}

/// One line: a field and its values, or (no values) the heading of the fields nested
/// under it (`depth` deeper).
pub struct Row {
    pub depth: usize,
    pub label: String,
    pub values: Vec<Cell>,
}

pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(text: String) -> Cell {
        Cell { text, href: None }
    }
}

/// The rows of `value`, found at `path` in the record; keys in `skip` are left out.
pub fn section(title: &str, value: &Value, path: &str, skip: &[&str]) -> Section {
    let mut rows = Vec::new();
    walk(value, path, 0, skip, &mut rows);
    Section { title: title.to_owned(), collapsed: false, rows }
}

/// CT.gov's words for the keys whose JSON name reads badly.
const LABELS: [(&str, &str); 44] = [
    ("nctId", "NCT number"),
    ("nctIdAliases", "Other NCT numbers"),
    ("orgStudyIdInfo", "Organization's study ID"),
    ("secondaryIdInfos", "Secondary IDs"),
    ("statusVerifiedDate", "Record verified"),
    ("startDateStruct", "Study start"),
    ("primaryCompletionDateStruct", "Primary completion"),
    ("completionDateStruct", "Study completion"),
    ("studyFirstSubmitDate", "First submitted"),
    ("studyFirstSubmitQcDate", "First submitted that met QC criteria"),
    ("studyFirstPostDateStruct", "First posted"),
    ("lastUpdateSubmitDate", "Last update submitted"),
    ("lastUpdatePostDateStruct", "Last update posted"),
    ("resultsFirstPostDateStruct", "Results first posted"),
    ("expandedAccessInfo", "Expanded access"),
    ("enrollmentInfo", "Enrollment"),
    ("designInfo", "Design details"),
    ("maskingInfo", "Masking"),
    ("whoMasked", "Who is masked"),
    ("armGroups", "Arms"),
    ("armGroupLabels", "Arms"),
    ("interventionNames", "Interventions"),
    ("otherNames", "Other names"),
    ("primaryOutcomes", "Primary outcomes"),
    ("secondaryOutcomes", "Secondary outcomes"),
    ("otherOutcomes", "Other outcomes"),
    ("timeFrame", "Time frame"),
    ("leadSponsor", "Lead sponsor"),
    ("responsibleParty", "Responsible party"),
    ("investigatorFullName", "Investigator"),
    ("overallOfficials", "Investigators"),
    ("centralContacts", "Contacts"),
    ("stdAges", "Age groups"),
    ("healthyVolunteers", "Accepts healthy volunteers"),
    ("isFdaRegulatedDrug", "Studies an FDA-regulated drug"),
    ("isFdaRegulatedDevice", "Studies an FDA-regulated device"),
    ("oversightHasDmc", "Data monitoring committee"),
    ("seeAlsoLinks", "Links"),
    ("ipdSharing", "Plan to share IPD"),
    ("conditionBrowseModule", "Condition MeSH terms"),
    ("interventionBrowseModule", "Intervention MeSH terms"),
    ("meshes", "MeSH terms"),
    ("ancestors", "Broader MeSH terms"),
    ("pmid", "PMID"),
];

/// Index bookkeeping a reader has no use for.
const INTERNAL: [&str; 3] = ["browseLeaves", "browseBranches", "versionHolder"];

/// Paths of enum pieces: their values are shown with CT.gov's labels.
static ENUM_PATHS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| PIECES.iter().filter(|p| p.kind == PieceKind::Enum).map(|p| p.path).collect());

fn walk(value: &Value, path: &str, depth: usize, skip: &[&str], rows: &mut Vec<Row>) {
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        if skip.contains(&key.as_str()) || INTERNAL.contains(&key.as_str()) {
            continue;
        }
        let child_path = format!("{path}.{key}");
        let name = humanize(key);
        match child {
            Value::Null => {}
            Value::Object(inner) if paired(inner, "date") || paired(inner, "count") => {
                // A value with its kind: "2021-03 (actual)", "120 (estimated)".
                let value = inner.get("date").or(inner.get("count")).map(text).unwrap_or_default();
                let kind = inner.get("type").map(text).map(|t| format!(" ({})", label(&t).to_lowercase()));
                rows.push(Row {
                    depth,
                    label: name,
                    values: vec![Cell::text(format!("{value}{}", kind.unwrap_or_default()))],
                });
            }
            Value::Object(_) => {
                rows.push(Row { depth, label: name, values: Vec::new() });
                walk(child, &child_path, depth + 1, skip, rows);
            }
            // MeSH terms and the like: a list of named things is a list of names.
            Value::Array(items) if items.iter().all(|i| i.get("term").is_some()) && !items.is_empty() => {
                let values = items.iter().map(|i| Cell::text(text(&i["term"]))).collect();
                rows.push(Row { depth, label: name, values });
            }
            Value::Array(items) if items.iter().any(Value::is_object) => {
                let single = singular(&name);
                for (at, item) in items.iter().enumerate() {
                    rows.push(Row { depth, label: format!("{single} {}", at + 1), values: Vec::new() });
                    walk(item, &child_path, depth + 1, skip, rows);
                }
            }
            Value::Array(items) => {
                let values: Vec<Cell> =
                    items.iter().map(|v| cell(v, &child_path)).filter(|c| !c.text.is_empty()).collect();
                if !values.is_empty() {
                    rows.push(Row { depth, label: name, values });
                }
            }
            scalar => {
                let cell = cell(scalar, &child_path);
                if !cell.text.is_empty() {
                    rows.push(Row { depth, label: name, values: vec![cell] });
                }
            }
        }
    }
}

/// `{key, type}` or `{key}` alone: a value and its kind.
fn paired(object: &serde_json::Map<String, Value>, key: &str) -> bool {
    object.contains_key(key) && object.keys().all(|k| k == key || k == "type")
}

/// A value as text: strings as they are, lists joined, other values as JSON writes them.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(text).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn cell(value: &Value, path: &str) -> Cell {
    let raw = match value {
        Value::Bool(true) => "Yes".to_owned(),
        Value::Bool(false) => "No".to_owned(),
        other => text(other),
    };
    // CT.gov's enum spellings (RECRUITING, BACKGROUND) read as words.
    let is_enum = ENUM_PATHS.contains(path) || is_enum_spelling(&raw);
    let shown = if is_enum { label(&raw) } else { readable(&raw) };
    Cell { href: safe_url(&raw).filter(|_| !raw.contains(char::is_whitespace)), text: shown }
}

/// CT.gov's label, else the key in words: "briefTitle" → "Brief title".
pub fn humanize(key: &str) -> String {
    if let Some((_, known)) = LABELS.iter().find(|(k, _)| *k == key) {
        return (*known).to_owned();
    }
    let key = key.strip_suffix("Struct").unwrap_or(key);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in key.chars() {
        if c.is_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    words.push(word);
    let words: Vec<String> = words
        .iter()
        .map(|w| match w.to_lowercase().as_str() {
            "nct" => "NCT".to_owned(),
            "ipd" => "IPD".to_owned(),
            "url" => "URL".to_owned(),
            "pmid" => "PMID".to_owned(),
            "mesh" | "meshes" => "MeSH".to_owned(),
            "fda" => "FDA".to_owned(),
            "dmc" => "DMC".to_owned(),
            "id" => "ID".to_owned(),
            lower => lower.to_owned(),
        })
        .collect();
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// "Locations" → "Location": the heading of one item of a list.
fn singular(name: &str) -> String {
    name.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| name.strip_suffix("sses").map(|s| format!("{s}ss")))
        .or_else(|| name.strip_suffix('s').map(str::to_owned))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_ct_gov_labels_or_words() {
        assert_eq!(humanize("briefTitle"), "Brief title");
        assert_eq!(humanize("nctId"), "NCT number");
        assert_eq!(humanize("startDateStruct"), "Study start");
        assert_eq!(humanize("whyStopped"), "Why stopped");
        assert_eq!(singular("Locations"), "Location");
        assert_eq!(singular("Secondary IDs"), "Secondary ID");
        assert_eq!(singular("Classes"), "Class");
    }

    #[test]
    fn values_with_their_kind_and_enum_spellings_read_as_words() {
        let module = serde_json::json!({
            "enrollmentInfo": {"count": 120, "type": "ESTIMATED"},
            "references": [{"pmid": "1", "type": "BACKGROUND"}],
            "meshes": [{"id": "D1", "term": "Asthma"}],
        });
        let rows = section("S", &module, "protocolSection.designModule", &[]).rows;
        let shown: Vec<(String, Vec<String>)> =
            rows.iter().map(|r| (r.label.clone(), r.values.iter().map(|c| c.text.clone()).collect())).collect();
        assert!(shown.contains(&("Enrollment".to_owned(), vec!["120 (estimated)".to_owned()])), "{shown:?}");
        assert!(shown.contains(&("Type".to_owned(), vec!["Background".to_owned()])), "{shown:?}");
        assert!(shown.contains(&("MeSH terms".to_owned(), vec!["Asthma".to_owned()])), "{shown:?}");
    }
}
