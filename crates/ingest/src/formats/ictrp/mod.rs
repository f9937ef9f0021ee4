//! WHO ICTRP exports, shared by the XML (`<Trials_downloaded_from_ICTRP><Trial>`) and
//! CSV readers: one trial's fields by name → one record in the CT.gov shape, with its
//! registry and id taken from `TrialID` (an export mixes up to 18 registries).
//!
//! ICTRP flattens each registry's record into the same few dozen text fields, so most
//! values are free text in the registry's own wording; `values.rs` and `design.rs` map
//! them to CT.gov values where the meaning is clear and keep the wording otherwise.
//! Fields this mapping does not know are kept in `registryFields` under their ICTRP name.

mod design;
mod people;
mod values;

use serde_json::Value;
use trialdex_model::*;

use crate::finish::finish;
use crate::formats::draft::Draft;
use crate::text::{clean_inline, html_fragment_to_text};

/// One trial's fields as the export names them; names folded to lower case with
/// underscores, so the XML's `Date_enrollement` and the CSV's "Date enrollement" meet.
#[derive(Debug, Default)]
pub(crate) struct RawTrial {
    fields: Vec<(String, String)>,
}

impl RawTrial {
    pub(crate) fn push(&mut self, name: &str, value: String) {
        let key = name.trim().to_lowercase().replace(' ', "_");
        match self.fields.iter_mut().find(|(k, _)| *k == key) {
            // A field given twice keeps both values, the way ICTRP joins lists.
            Some((_, existing)) => {
                existing.push(';');
                existing.push_str(&value);
            }
            None => self.fields.push((key, value)),
        }
    }

    /// The raw value of a field, once; `None` when absent or blank.
    fn take(&mut self, key: &str) -> Option<String> {
        let at = self.fields.iter().position(|(k, _)| k == key)?;
        let (_, value) = self.fields.remove(at);
        (!value.trim().is_empty()).then_some(value)
    }

    /// The trial's id as written, for diagnostics.
    pub(crate) fn trial_id(&self) -> Option<String> {
        self.fields.iter().find(|(k, _)| k == "trialid").map(|(_, v)| clean_inline(v)).filter(|v| !v.is_empty())
    }
}

impl Draft {
    fn design(&mut self) -> &mut DesignModule {
        self.protocol.design_module.get_or_insert_with(Default::default)
    }
}

/// An HTML-ish value (`<br>`, `<p>`, entities) as one line; `None` when blank.
fn fragment_inline(raw: &str) -> Option<String> {
    let text = clean_inline(&html_fragment_to_text(raw));
    (!text.is_empty()).then_some(text)
}

/// A ";"-separated list, each item on one line, blanks dropped.
fn list(raw: Option<String>) -> Vec<String> {
    let Some(raw) = raw else { return Vec::new() };
    html_fragment_to_text(&raw).split(';').map(clean_inline).filter(|item| !item.is_empty()).collect()
}

/// One trial → one record. `Err` only when the trial has no `TrialID`.
pub(crate) fn to_study(mut raw: RawTrial, format: SourceFormat) -> Result<Study, String> {
    let trial_id = raw.take("trialid").and_then(|v| fragment_inline(&v)).ok_or("the trial has no TrialID")?;
    let mut d = Draft::default();
    let mut section = RegistrySection::default();
    identity(&trial_id, &mut raw, &mut d, &mut section);
    identification(&mut raw, &mut d);
    status(&mut raw, &mut d);
    sponsors(&mut raw, &mut d);
    design_and_eligibility(&mut raw, &mut d);
    people::contacts(&mut raw, &mut d);
    people::ethics(&mut raw, &mut d);
    arms_and_outcomes(&mut raw, &mut d, section.registry == Some(Registry::Chictr));
    section.source_url = raw.take("web_address").and_then(|v| fragment_inline(&v));
    extras(&mut raw, &mut d);
    section.warnings = d.warnings;
    section.registry_fields = (d.fields != RegistryFields::default()).then_some(d.fields);
    let mut study = Study { protocol_section: Some(d.protocol), registry_section: Some(section), ..Study::default() };
    finish(&mut study, format);
    Ok(study)
}

/// The registry and id from `TrialID`: "EUCTR2021-000037-14-ES" is EudraCT number
/// 2021-000037-14 in its Spanish copy (the member state is kept as `memberState`).
fn identity(trial_id: &str, raw: &mut RawTrial, d: &mut Draft, section: &mut RegistrySection) {
    match ids::find_ids(trial_id).into_iter().next() {
        Some(found) => {
            if found.registry == Registry::Ctgov {
                d.protocol.identification_module.get_or_insert_with(Default::default).nct_id = Some(found.id.clone());
            }
            if found.registry == Registry::Euctr
                && let Some((_, suffix)) = trial_id.rsplit_once('-')
                && suffix.chars().all(|c| c.is_ascii_alphanumeric())
                && suffix.chars().any(|c| c.is_ascii_alphabetic())
            {
                d.fields.member_state = Some(suffix.to_owned());
            }
            section.registry = Some(found.registry);
            section.registry_id = Some(found.id);
        }
        None => {
            d.warn("registrySection.registryId", format!("TrialID {trial_id:?} is no registry id trialdex knows"));
            section.registry = Some(Registry::Other);
            section.registry_id = Some(trial_id.to_owned());
        }
    }
    if let Some(register) = raw.take("source_register").and_then(|v| fragment_inline(&v)) {
        d.fields.source_register = Some(register);
    }
}

fn identification(raw: &mut RawTrial, d: &mut Draft) {
    let secondary: Vec<SecondaryIdInfo> = list(raw.take("secondary_id"))
        .into_iter()
        .chain(list(raw.take("secondary_ids")))
        .map(|id| {
            let kind = match ids::find_ids(&id).first().map(|o| o.registry) {
                Some(Registry::Euctr) => Some(SecondaryIdType::EudractNumber),
                Some(Registry::Ctis) => Some(SecondaryIdType::Ctis),
                Some(Registry::Other) | None => None,
                Some(_) => Some(SecondaryIdType::Registry),
            };
            SecondaryIdInfo { id: Some(id), kind, ..Default::default() }
        })
        .collect();
    let module = d.protocol.identification_module.get_or_insert_with(Default::default);
    module.brief_title = raw.take("public_title").and_then(|v| fragment_inline(&v));
    module.official_title = raw.take("scientific_title").and_then(|v| fragment_inline(&v));
    module.acronym = raw.take("acronym").and_then(|v| fragment_inline(&v));
    module.secondary_id_infos = secondary;
    if module.brief_title.is_none() {
        d.warn("protocolSection.identificationModule.briefTitle", "the record gives no public title");
    }
}

fn status(raw: &mut RawTrial, d: &mut Draft) {
    let overall_status = values::status(raw.take("recruitment_status"), d);
    let start = values::date(raw.take("date_enrollement"), "protocolSection.statusModule.startDateStruct", d);
    // Date_registration3 is the same date as yyyymmdd, which cannot be misread.
    let registered_text = raw.take("date_registration");
    let compact = raw.take("date_registration3");
    const REGISTERED: &str = "registrySection.registryFields.registrationDate";
    let registered = values::date(registered_text, REGISTERED, d);
    let registered3 = values::date(compact, REGISTERED, d);
    if let (Some(a), Some(b)) = (registered, registered3)
        && a != b
    {
        d.warn(REGISTERED, format!("Date_registration {a} and Date_registration3 {b} disagree; the latter is kept"));
    }
    d.fields.registration_date = registered3.or(registered);
    d.fields.last_refreshed = raw.take("last_refreshed_on").and_then(|v| fragment_inline(&v));
    d.fields.registration_status = raw.take("retrospective_flag").and_then(|v| match fold_label(&v).as_str() {
        "yes" => Some("Retrospective registration".to_owned()),
        "no" => Some("Prospective registration".to_owned()),
        _ => fragment_inline(&v),
    });
    let module = StatusModule {
        overall_status,
        start_date_struct: start.map(|date| DateStruct { date: Some(date), ..Default::default() }),
        ..Default::default()
    };
    d.protocol.status_module = Some(module).filter(|m| *m != StatusModule::default());
}

fn fold_label(s: &str) -> String {
    trialdex_model::macros::fold_label(s)
}

fn sponsors(raw: &mut RawTrial, d: &mut Draft) {
    let sponsor = |name: String| Sponsor { name: Some(name), ..Default::default() };
    let lead = raw.take("primary_sponsor").and_then(|v| fragment_inline(&v)).map(sponsor);
    if lead.is_none() {
        d.warn("protocolSection.sponsorCollaboratorsModule.leadSponsor", "the record gives no primary sponsor");
    }
    let collaborators: Vec<Sponsor> = list(raw.take("secondary_sponsor"))
        .into_iter()
        .chain(list(raw.take("secondary_sponsors")))
        .map(sponsor)
        .collect();
    d.fields.funding_sources = list(raw.take("source_support"));
    d.protocol.sponsor_collaborators_module =
        Some(SponsorCollaboratorsModule { lead_sponsor: lead, collaborators, ..Default::default() });
    d.protocol.conditions_module =
        Some(ConditionsModule { conditions: list(raw.take("condition")), ..Default::default() })
            .filter(|m| !m.conditions.is_empty());
    d.fields.countries = list(raw.take("countries"));
}

fn design_and_eligibility(raw: &mut RawTrial, d: &mut Draft) {
    let study_type = values::study_type(raw.take("study_type"), d);
    let interventional = study_type == Some(StudyType::Interventional);
    let phases = values::phases(raw.take("phase"), interventional, d);
    let count = values::target_size(raw.take("target_size"), d);
    let design_text = raw.take("study_design").and_then(|v| fragment_inline(&v));
    let design_info = design_text.as_deref().and_then(|text| design::read(text, study_type.as_ref(), d));
    d.fields.study_design_text = design_text;
    let module = d.design();
    module.study_type = study_type;
    module.phases = phases;
    module.design_info = design_info;
    module.enrollment_info = count.map(|count| EnrollmentInfo { count: Some(count), ..Default::default() });

    let eligibility = EligibilityModule {
        eligibility_criteria: criteria(raw.take("inclusion_criteria"), raw.take("exclusion_criteria")),
        minimum_age: values::age_limit(raw.take("inclusion_agemin"), "minimumAge", d),
        maximum_age: values::age_limit(raw.take("inclusion_agemax"), "maximumAge", d),
        sex: values::sex(raw.take("inclusion_gender"), d),
        ..Default::default()
    };
    if eligibility.eligibility_criteria.is_none() {
        d.warn("protocolSection.eligibilityModule.eligibilityCriteria", "the record gives no eligibility criteria");
    }
    d.protocol.eligibility_module = Some(eligibility);
}

/// CT.gov's layout, "Inclusion Criteria:\n\n…\n\nExclusion Criteria:\n\n…". CT.gov
/// records arrive with both parts already in `Inclusion_Criteria`, and are kept so.
fn criteria(inclusion: Option<String>, exclusion: Option<String>) -> Option<String> {
    let strip = |text: String, label: &str| {
        let trimmed = text.trim_start();
        match trimmed.get(..label.len()) {
            Some(head) if head.eq_ignore_ascii_case(label) => trimmed[label.len()..].trim_start().to_owned(),
            _ => text,
        }
    };
    let inclusion = inclusion.map(|v| html_fragment_to_text(&v)).filter(|t| !t.is_empty());
    let exclusion = exclusion.map(|v| html_fragment_to_text(&v)).filter(|t| !t.is_empty());
    match (inclusion, exclusion) {
        (Some(inc), None) if inc.to_lowercase().contains("exclusion criteria") => Some(inc),
        (inc, exc) if inc.is_some() || exc.is_some() => {
            let mut out = Vec::new();
            if let Some(inc) = inc {
                out.push(format!("Inclusion Criteria:\n\n{}", strip(inc, "Inclusion criteria:")));
            }
            if let Some(exc) = exc {
                out.push(format!("Exclusion Criteria:\n\n{}", strip(exc, "Exclusion criteria:")));
            }
            Some(out.join("\n\n"))
        }
        _ => None,
    }
}

/// Interventions: CT.gov's "Drug: X;Other: Y" become typed interventions; ChiCTR's
/// "group:intervention;" pairs become arm groups; anything else is one intervention
/// per ";"-separated item, untyped.
fn arms_and_outcomes(raw: &mut RawTrial, d: &mut Draft, chictr: bool) {
    let mut module = ArmsInterventionsModule::default();
    for item in list(raw.take("intervention")) {
        let (head, rest) = item.split_once(':').map_or((None, item.as_str()), |(h, r)| (Some(h.trim()), r.trim()));
        match head {
            Some(label) if chictr => {
                let placeholder = ["none", "no", "nil", "na"].contains(&fold_label(rest).as_str());
                module.arm_groups.push(ArmGroup {
                    label: Some(label.to_owned()),
                    description: Some(rest.to_owned()).filter(|r| !r.is_empty()),
                    intervention_names: if placeholder { Vec::new() } else { vec![rest.to_owned()] },
                    ..Default::default()
                });
                if !placeholder && !rest.is_empty() {
                    module.interventions.push(Intervention {
                        name: Some(rest.to_owned()),
                        arm_group_labels: vec![label.to_owned()],
                        ..Default::default()
                    });
                }
            }
            Some(kind) if InterventionType::from_label(kind).is_some() && !rest.is_empty() => {
                module.interventions.push(Intervention {
                    kind: InterventionType::from_label(kind),
                    name: Some(rest.to_owned()),
                    ..Default::default()
                });
            }
            _ => module.interventions.push(Intervention { name: Some(item), ..Default::default() }),
        }
    }
    if module != ArmsInterventionsModule::default() {
        d.protocol.arms_interventions_module = Some(module);
    }
    let outcome = |measure: String| Outcome { measure: Some(measure), ..Default::default() };
    let outcomes = OutcomesModule {
        primary_outcomes: list(raw.take("primary_outcome")).into_iter().map(outcome).collect(),
        secondary_outcomes: list(raw.take("secondary_outcome")).into_iter().map(outcome).collect(),
        ..Default::default()
    };
    if outcomes.primary_outcomes.is_empty() {
        d.warn("protocolSection.outcomesModule.primaryOutcomes", "the record gives no primary outcome");
    }
    if outcomes != OutcomesModule::default() {
        d.protocol.outcomes_module = Some(outcomes);
    }
}

/// The export's bookkeeping and results flags, under readable names; any field this
/// mapping does not know, under its ICTRP name, so nothing is dropped.
fn extras(raw: &mut RawTrial, d: &mut Draft) {
    const NAMED: [(&str, &str); 11] = [
        ("internal_number", "ictrpInternalNumber"),
        ("export_date", "ictrpExportDate"),
        ("other_records", "otherRecords"),
        ("bridging_flag_truefalse", "bridgingFlag"),
        ("bridging_flag", "bridgingFlag"),
        ("bridged_type", "bridgedType"),
        ("childs", "childs"),
        ("results_yes_no", "resultsYesNo"),
        ("results_url_link", "resultsUrl"),
        ("results_date_posted", "resultsDatePosted"),
        ("results_date_completed", "resultsDateCompleted"),
    ];
    for (key, name) in NAMED {
        let Some(value) = raw.take(key).and_then(|v| fragment_inline(&v)) else { continue };
        let value = match (name, PartialDate::parse_day_first(&value)) {
            ("resultsDatePosted" | "resultsDateCompleted", Ok(date)) => Value::from(date.to_string()),
            _ => Value::from(value),
        };
        d.fields.extra.insert(name.into(), value);
    }
    for (key, value) in std::mem::take(&mut raw.fields) {
        if let Some(value) = fragment_inline(&value) {
            d.fields.extra.insert(key, value.into());
        }
    }
}
