//! The German Clinical Trials Register (DRKS) API JSON: one trial object with its
//! texts in German and English (`idLocale`), enumerations in DRKS's own upper-case
//! spellings (`RECRUITING`, `PHASE_III`, `NON_INTERVENTIONAL`) and contacts by role.
//!
//! English text goes to the CT.gov shape, German to `originalLanguage`. An enumeration
//! value this reader does not know is kept verbatim and warned about.

mod design;
mod people;

use serde_json::Value;
use trialdex_model::*;

use crate::formats::draft::Draft;
use crate::formats::json;
use crate::text::{non_empty, non_empty_block};
use crate::{Diagnostic, Parsed, finish::finish};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let Some(trials) = json::records(bytes, "a DRKS trial", &mut parsed) else { return parsed };
    for (i, trial) in trials.iter().enumerate() {
        let at = text_at(trial, "/drksId").unwrap_or_else(|| format!("trials[{i}]"));
        match read_trial(trial) {
            Ok(study) => parsed.records.push(study),
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(at)),
        }
    }
    parsed
}

impl Draft {
    /// A DRKS enumeration value kept as written in `registryFields` under `key`.
    fn keep(&mut self, key: &str, value: impl Into<Value>) {
        self.fields.extra.insert(key.to_owned(), value.into());
    }
}

/// The string (or number) at a JSON pointer, on one line; `None` when absent or blank.
fn text_at(value: &Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The same as a block of text, line breaks kept.
fn block_at(value: &Value, pointer: &str) -> Option<String> {
    value.pointer(pointer).and_then(Value::as_str).and_then(non_empty_block)
}

fn items<'a>(value: &'a Value, pointer: &str) -> &'a [Value] {
    value.pointer(pointer).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The entry of a list of per-language texts written in `locale` ("en", "de").
fn in_locale<'a>(list: &'a [Value], locale: &str) -> Option<&'a Value> {
    list.iter().find(|item| text_at(item, "/idLocale/locale").as_deref() == Some(locale))
}

fn date_at(value: &Value, pointer: &str, field: &str, d: &mut Draft) -> Option<PartialDate> {
    let text = text_at(value, pointer)?;
    match PartialDate::parse(&text) {
        Ok(date) => Some(date),
        Err(_) => {
            d.warn(field, format!("expected a date, found {text:?}; left out"));
            None
        }
    }
}

fn read_trial(trial: &Value) -> Result<Study, String> {
    if !trial.is_object() {
        return Err("expected a DRKS trial object, found another JSON value".to_owned());
    }
    let id = text_at(trial, "/drksId").ok_or("the trial has no drksId")?;
    let mut d = Draft::default();
    d.original.language = Some("de".to_owned());
    descriptions(trial, &mut d);
    status(trial, &mut d);
    conditions(trial, &mut d);
    eligibility(trial, &mut d);
    design::read(trial, &mut d);
    people::read(trial, &mut d);
    let mut section = RegistrySection {
        registry: Some(Registry::Drks),
        registry_id: Some(ids::normalize(Registry::Drks, &id)),
        source_url: text_at(trial, "/url"),
        ..Default::default()
    };
    if ids::registry_of(&id) != Some(Registry::Drks) {
        d.warn("registrySection.registryId", format!("drksId {id:?} is not a DRKS id (DRKS and 8 digits)"));
    }
    section.original_language = (d.original != OriginalText::default()).then_some(d.original);
    section.registry_fields = Some(d.fields);
    section.warnings = d.warnings;
    let mut study = Study { protocol_section: Some(d.protocol), registry_section: Some(section), ..Default::default() };
    finish(&mut study, SourceFormat::DrksJson);
    Ok(study)
}

/// Title, acronym and summaries in English and German.
fn descriptions(trial: &Value, d: &mut Draft) {
    let list = items(trial, "/trialDescriptions");
    let english = in_locale(list, "en");
    let identification = IdentificationModule {
        brief_title: english.and_then(|e| text_at(e, "/title")),
        acronym: english.and_then(|e| text_at(e, "/acronym")),
        ..Default::default()
    };
    if identification.brief_title.is_none() {
        d.warn("protocolSection.identificationModule.briefTitle", "the trial gives no English title");
    }
    d.protocol.identification_module = Some(identification);
    let description = DescriptionModule {
        brief_summary: english.and_then(|e| block_at(e, "/summary")),
        detailed_description: english.and_then(|e| block_at(e, "/scientificSummary")),
        ..Default::default()
    };
    if description != DescriptionModule::default() {
        d.protocol.description_module = Some(description);
    }
    if let Some(german) = in_locale(list, "de") {
        d.original.brief_title = text_at(german, "/title");
        d.original.acronym = text_at(german, "/acronym");
        d.original.brief_summary = block_at(german, "/summary");
        if let Some(text) = block_at(german, "/scientificSummary") {
            d.original.extra.insert("detailedDescription".to_owned(), text.into());
        }
    }
}

fn status(trial: &Value, d: &mut Draft) {
    const STATUS: &str = "protocolSection.statusModule.overallStatus";
    let overall_status = match text_at(trial, "/recruitment/status") {
        None => {
            d.warn(STATUS, "the trial gives no recruitment status");
            None
        }
        Some(text) => Some(match text.as_str() {
            // DRKS's "pending": recruitment planned, not started.
            "PENDING" | "RECRUITING_PLANNED" => Status::NotYetRecruiting,
            "RECRUITING_ONGOING" => Status::Recruiting,
            other => Status::from_label(other).unwrap_or_else(|| {
                d.warn(STATUS, format!("{other:?} is no CT.gov status; kept as written"));
                Status::Unlisted(other.to_owned())
            }),
        }),
    };
    let dated = |actual: &str, planned: &str, field: &str, d: &mut Draft| -> Option<DateStruct> {
        let (date, kind) = match date_at(trial, actual, field, d) {
            Some(date) => (date, DateType::Actual),
            None => (date_at(trial, planned, field, d)?, DateType::Estimated),
        };
        Some(DateStruct { date: Some(date), kind: Some(kind), ..Default::default() })
    };
    let start = dated(
        "/recruitment/actualStartDate",
        "/recruitment/scheduledStartDate",
        "protocolSection.statusModule.startDateStruct",
        d,
    );
    let completion = dated(
        "/recruitment/actualCompletionDate",
        "/recruitment/scheduledCompletionDate",
        "protocolSection.statusModule.completionDateStruct",
        d,
    );
    let last_update = date_at(trial, "/lastUpdate", "protocolSection.statusModule.lastUpdateSubmitDate", d);
    d.protocol.status_module = Some(StatusModule {
        overall_status,
        start_date_struct: start,
        completion_date_struct: completion,
        last_update_submit_date: last_update,
        ..Default::default()
    });
    d.fields.registration_date =
        date_at(trial, "/registrationDrks", "registrySection.registryFields.registrationDate", d);
    d.fields.registration_status = text_at(trial, "/registrationType").map(|t| match t.as_str() {
        "PROSPECTIVE" => "Prospective registration".to_owned(),
        "RETROSPECTIVE" => "Retrospective registration".to_owned(),
        _ => t,
    });
    for (pointer, key) in [("/trialStatus", "trialStatus"), ("/recruitment/centricType", "centricType")] {
        if let Some(value) = text_at(trial, pointer) {
            d.keep(key, value);
        }
    }
    if let Some(sponsored) = trial.get("sponsored").and_then(Value::as_bool) {
        d.keep("sponsored", sponsored);
    }
}

/// Each studied condition in English (German in `originalLanguage`); the catalogue
/// codes ("ICD10 M80.0") in `targetDiseaseCode`.
fn conditions(trial: &Value, d: &mut Draft) {
    let mut module = ConditionsModule::default();
    let mut codes = Vec::new();
    for condition in items(trial, "/studiedHealthConditions") {
        let texts = items(condition, "/studiedHealthConditionDescriptions");
        module.conditions.extend(in_locale(texts, "en").and_then(|t| text_at(t, "/comment")));
        d.original.conditions.extend(in_locale(texts, "de").and_then(|t| text_at(t, "/comment")));
        if let Some(code) = text_at(condition, "/code") {
            let catalog = text_at(condition, "/catalog").unwrap_or_default();
            codes.push(format!("{catalog} {code}").trim().to_owned());
        }
    }
    if module.conditions.is_empty() {
        d.warn("protocolSection.conditionsModule.conditions", "the trial names no condition in English");
    } else {
        d.protocol.conditions_module = Some(module);
    }
    if !codes.is_empty() {
        d.fields.target_disease_code = Some(codes.join("; "));
    }
}

fn eligibility(trial: &Value, d: &mut Draft) {
    const FIELD: &str = "protocolSection.eligibilityModule";
    let descriptions = items(trial, "/recruitment/recruitmentDescriptions");
    let criteria = |locale: &str| {
        let entry = in_locale(descriptions, locale);
        let part = |key: &str| entry.and_then(|e| block_at(e, key));
        (part("/inclusionCriteria"), part("/exclusionCriteria"))
    };
    let (inclusion, exclusion) = criteria("en");
    let mut text = Vec::new();
    text.extend(inclusion.map(|t| format!("Inclusion Criteria:\n\n{t}")));
    text.extend(exclusion.map(|t| format!("Exclusion Criteria:\n\n{t}")));
    (d.original.inclusion_criteria, d.original.exclusion_criteria) = criteria("de");
    let sex = text_at(trial, "/recruitment/gender").map(|g| {
        Sex::from_label(&g).unwrap_or_else(|| {
            d.warn(format!("{FIELD}.sex"), format!("{g:?} is no CT.gov sex value; kept as written"));
            Sex::Unlisted(g)
        })
    });
    let module = EligibilityModule {
        eligibility_criteria: (!text.is_empty()).then(|| text.join("\n\n")),
        healthy_volunteers: trial.pointer("/recruitment/healthyVolunteers").and_then(Value::as_bool),
        sex,
        minimum_age: age(trial, "minimumAge", d),
        maximum_age: age(trial, "maximumAge", d),
        ..Default::default()
    };
    if module.eligibility_criteria.is_none() {
        d.warn(format!("{FIELD}.eligibilityCriteria"), "the trial gives no eligibility criteria in English");
    }
    d.protocol.eligibility_module = Some(module);
    let count = |key: &str| trial.pointer(&format!("/recruitment/{key}")).and_then(Value::as_i64);
    let enrollment = match (count("totalParticipants"), count("plannedParticipants")) {
        (Some(n), _) => Some((n, EnrollmentType::Actual)),
        (None, Some(n)) => Some((n, EnrollmentType::Estimated)),
        (None, None) => None,
    };
    match enrollment {
        Some((count, kind)) => {
            d.protocol.design_module.get_or_insert_with(Default::default).enrollment_info =
                Some(EnrollmentInfo { count: Some(count), kind: Some(kind), ..Default::default() });
        }
        None => d.warn("protocolSection.designModule.enrollmentInfo", "the trial gives no number of participants"),
    }
}

/// `{"amount": 18, "unit": "YEARS"}` (or `"value"`) → "18 Years"; `NO_MAX_AGE` is no limit.
fn age(trial: &Value, key: &str, d: &mut Draft) -> Option<String> {
    let limit = trial.pointer(&format!("/recruitment/{key}"))?;
    let unit = text_at(limit, "/unit")?;
    if unit.starts_with("NO_") {
        return None;
    }
    let amount = limit.get("amount").or_else(|| limit.get("value")).and_then(Value::as_u64);
    let word = match unit.as_str() {
        "YEARS" => "Year",
        "MONTHS" => "Month",
        "WEEKS" => "Week",
        "DAYS" => "Day",
        "HOURS" => "Hour",
        _ => "",
    };
    match amount {
        Some(n) if !word.is_empty() => Some(format!("{n} {word}{}", if n == 1 { "" } else { "s" })),
        _ => {
            let field = format!("protocolSection.eligibilityModule.{key}");
            d.warn(field, format!("age limit {limit} is not read; kept in registrySection.registryFields.{key}Text"));
            let kept =
                if key == "maximumAge" { &mut d.fields.maximum_age_text } else { &mut d.fields.minimum_age_text };
            *kept = Some(limit.to_string());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_json_and_a_trial_without_id_are_errors() {
        assert_eq!(parse(b"{\"drksId\": ").errors().count(), 1);
        let parsed = parse(br#"[{"url": null}, {"drksId": "DRKS00038775"}]"#);
        assert_eq!((parsed.records.len(), parsed.errors().count()), (1, 1));
    }
}
