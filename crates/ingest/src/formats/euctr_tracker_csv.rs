//! CSV datasets an EU trials tracker built from the EU Clinical Trials Register. Two
//! shapes: its crawl output, one row per member-state copy (`eudract_number`,
//! `eudract_number_with_country`, titles, status, phase flags, end date, sponsors), and
//! its per-trial table (`trial_id`, country count, end dates, status and phase *codes*,
//! one row per sponsor name). Both describe real trials, so each copy (or trial) is read
//! as a summary record: what the columns say maps, every other column is kept verbatim
//! in `registryFields.trackerColumns`, and a warning says the record is a derived summary.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};
use trialdex_model::*;

use super::euctr::values;
use crate::text::{clean_block, clean_inline};
use crate::{Diagnostic, Parsed, decode::decode, finish::finish};

type Row = Vec<(String, String)>;

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim().to_owned()).collect(),
        Err(e) => return Parsed::failed(format!("the CSV header row cannot be read: {e}")),
    };
    let id_column = ["eudract_number", "trial_id"].into_iter().find(|c| headers.iter().any(|h| h == c));
    let Some(id_column) = id_column else {
        return Parsed::failed(format!("expected an eudract_number or trial_id column, found {}", headers.join(", ")));
    };
    // Rows of one trial (one per sponsor name in the per-trial table) make one record.
    let mut trials: Vec<(String, Vec<Row>)> = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let at = format!("row {}", index + 2);
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                parsed.diagnostics.push(Diagnostic::error(format!("the row cannot be read: {e}")).at(at));
                continue;
            }
        };
        let row: Row = headers.iter().cloned().zip(row.iter().map(str::to_owned)).collect();
        let key_column = if id_column == "eudract_number" { "eudract_number_with_country" } else { id_column };
        let key = value(&row, key_column).or_else(|| value(&row, id_column));
        let Some(key) = key else {
            parsed
                .diagnostics
                .push(Diagnostic::error(format!("expected an EudraCT number in {id_column}, found none")).at(at));
            continue;
        };
        match trials.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) if id_column == "trial_id" => rows.push(row),
            _ => trials.push((key, vec![row])),
        }
    }
    for (_, rows) in trials {
        let mut study = summary(&rows, id_column);
        finish(&mut study, SourceFormat::EuctrTrackerCsv);
        parsed.records.push(study);
    }
    if parsed.records.is_empty() && parsed.errors().next().is_none() {
        parsed.diagnostics.push(Diagnostic::error("the CSV holds a header row and no trials"));
    }
    parsed
}

fn value(row: &Row, column: &str) -> Option<String> {
    row.iter().find(|(h, _)| h == column).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The columns this reader maps; the rest are kept as they came.
const MAPPED: [&str; 12] = [
    "eudract_number",
    "eudract_number_with_country",
    "trial_id",
    "full_title_of_the_trial",
    "full_title",
    "trial_title",
    "name_or_abbreviated_title_of_the_trial_where_available",
    "abbreviated_title",
    "trial_status",
    "date_of_the_global_end_of_the_trial",
    "sponsors",
    "name_of_sponsor",
];

const PHASE_FLAGS: [(&str, Phase); 4] = [
    ("trial_human_pharmacology_phase_i", Phase::Phase1),
    ("trial_therapeutic_exploratory_phase_ii", Phase::Phase2),
    ("trial_therapeutic_confirmatory_phase_iii", Phase::Phase3),
    ("trial_therapeutic_use_phase_iv", Phase::Phase4),
];

fn summary(rows: &[Row], id_column: &str) -> Study {
    let first = rows.first().cloned().unwrap_or_default();
    let mut warnings = vec![Warning::new(
        "registrySection",
        "a summary an EU trials tracker derived from the EU CTR, not the register's own record; \
         columns it does not map are kept in registryFields.trackerColumns",
    )];
    let mut fields = RegistryFields::default();
    let eudract = value(&first, id_column);
    fields.member_state = value(&first, "eudract_number_with_country")
        .and_then(|c| c.rsplit('-').next().map(str::to_ascii_uppercase))
        .filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric()) && (2..=3).contains(&c.len()));

    let title = ["full_title_of_the_trial", "full_title", "trial_title"].iter().find_map(|c| value(&first, c));
    if title.as_deref().is_some_and(|t| t.ends_with("...")) {
        warnings.push(Warning::new(
            "protocolSection.identificationModule.officialTitle",
            "the tracker cut the title short (\"...\")",
        ));
    }
    let acronym = ["name_or_abbreviated_title_of_the_trial_where_available", "abbreviated_title"]
        .iter()
        .find_map(|c| value(&first, c));

    // The crawl writes the register's status; the per-trial table a number of its own.
    let status_text = value(&first, "trial_status");
    let status = status_text.as_deref().filter(|s| s.parse::<i64>().is_err()).and_then(|text| {
        fields.recruitment_status_text = Some(text.to_owned());
        let mapped = values::status(text);
        if mapped.is_none() {
            warnings.push(Warning::new(
                "protocolSection.statusModule.overallStatus",
                format!("{text:?} names no single CT.gov status; kept in registryFields.recruitmentStatusText"),
            ));
        }
        mapped
    });
    let end = value(&first, "date_of_the_global_end_of_the_trial").and_then(|t| match PartialDate::parse(&t) {
        Ok(date) => Some(date),
        Err(e) => {
            warnings.push(Warning::new("protocolSection.statusModule.completionDateStruct", e.to_string()));
            None
        }
    });

    let mut phases = Vec::new();
    for (column, phase) in PHASE_FLAGS {
        if value(&first, column).is_some_and(|v| values::answer(&v) == values::Answer::Yes) {
            phases.push(phase);
        }
    }

    let mut sponsors: Vec<String> = value(&first, "sponsors").map(|s| sponsor_names(&s)).unwrap_or_default();
    for row in rows {
        if let Some(name) = value(row, "name_of_sponsor").filter(|n| !sponsors.contains(n)) {
            sponsors.push(name);
        }
    }

    let numeric_status = status_text.as_deref().is_some_and(|s| s.parse::<i64>().is_ok());
    let is_mapped = |column: &str| {
        (MAPPED.contains(&column) && !(column == "trial_status" && numeric_status))
            || PHASE_FLAGS.iter().any(|(c, _)| *c == column)
    };
    let mut columns = Map::new();
    for (column, text) in &first {
        if !is_mapped(column) && !text.trim().is_empty() {
            columns.insert(column.clone(), json!(text));
        }
    }
    if !columns.is_empty() {
        fields.extra.insert("trackerColumns".into(), Value::Object(columns));
    }
    // The crawl names sponsor 1 first, as the register does; the per-trial table lists
    // sponsor names with no order, so none of them is called the lead.
    let sponsor_module = if id_column == "eudract_number" {
        let mut names = sponsors.into_iter();
        names.next().map(|lead| SponsorCollaboratorsModule {
            lead_sponsor: Some(Sponsor { name: Some(lead), ..Default::default() }),
            collaborators: names.map(|n| Sponsor { name: Some(n), ..Default::default() }).collect(),
            ..Default::default()
        })
    } else {
        if !sponsors.is_empty() {
            fields.extra.insert("sponsorNames".into(), json!(sponsors));
        }
        None
    };

    let protocol = ProtocolSection {
        identification_module: Some(IdentificationModule {
            brief_title: title.as_deref().map(clean_title),
            official_title: title.as_deref().map(clean_title),
            acronym: acronym.as_deref().map(clean_title),
            ..Default::default()
        }),
        status_module: Some(StatusModule {
            overall_status: status,
            completion_date_struct: end.map(|d| DateStruct {
                date: Some(d),
                kind: Some(DateType::Actual),
                ..Default::default()
            }),
            ..Default::default()
        }),
        sponsor_collaborators_module: sponsor_module,
        design_module: Some(DesignModule { study_type: Some(StudyType::Interventional), phases, ..Default::default() }),
        ..Default::default()
    };
    let section = RegistrySection {
        registry: Some(Registry::Euctr),
        registry_id: eudract,
        registry_fields: Some(fields),
        warnings,
        ..Default::default()
    };
    Study { protocol_section: Some(protocol), registry_section: Some(section), ..Default::default() }
}

/// Titles in the crawl hold the English and the national title one after the other,
/// separated by blank lines; both are kept, as written.
fn clean_title(title: &str) -> String {
    clean_block(title).lines().map(clean_inline).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

static SPONSOR_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"['"]name_of_sponsor['"]\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"#).expect("sponsor pattern")
});

/// Sponsor names in the crawl's `sponsors` column, a Python list of dicts as text.
fn sponsor_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for caps in SPONSOR_NAME.captures_iter(text) {
        let Some(name) = caps.get(1).or_else(|| caps.get(2)) else { continue };
        let name = clean_inline(&name.as_str().replace("\\'", "'"));
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsor_names_come_out_of_the_python_list() {
        let text = "[{'country': 'France', 'name_of_sponsor': 'Pierre Fabre', 'x': 1}, {\"name_of_sponsor\": \"B's\"}]";
        assert_eq!(sponsor_names(text), ["Pierre Fabre", "B's"]);
    }

    #[test]
    fn a_file_without_an_id_column_fails() {
        let parsed = parse(b"foo,bar\n1,2\n");
        assert!(parsed.errors().next().unwrap().message.starts_with("expected an eudract_number or trial_id column"));
    }
}
