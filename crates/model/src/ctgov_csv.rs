//! A record as one row of ClinicalTrials.gov's CSV download: the same column names,
//! lists joined with "|", enum values in CT.gov's spelling.

use crate::{Study, enums::*};

/// CT.gov's CSV columns, in its order.
pub const COLUMNS: [&str; 30] = [
    "NCT Number",
    "Study Title",
    "Study URL",
    "Acronym",
    "Study Status",
    "Brief Summary",
    "Study Results",
    "Conditions",
    "Interventions",
    "Primary Outcome Measures",
    "Secondary Outcome Measures",
    "Other Outcome Measures",
    "Sponsor",
    "Collaborators",
    "Sex",
    "Age",
    "Phases",
    "Enrollment",
    "Funder Type",
    "Study Type",
    "Study Design",
    "Other IDs",
    "Start Date",
    "Primary Completion Date",
    "Completion Date",
    "First Posted",
    "Results First Posted",
    "Last Update Posted",
    "Locations",
    "Study Documents",
];

/// The row for one record, one value per column of `COLUMNS`. For a record of another
/// registry, "NCT Number" holds its own registry id and "Study URL" its page there.
pub fn row(study: &Study) -> Vec<String> {
    let p = study.protocol_section.clone().unwrap_or_default();
    let ident = p.identification_module.unwrap_or_default();
    let status = p.status_module.unwrap_or_default();
    let sponsors = p.sponsor_collaborators_module.unwrap_or_default();
    let design = p.design_module.unwrap_or_default();
    let info = design.design_info.clone().unwrap_or_default();
    let eligibility = p.eligibility_module.unwrap_or_default();
    let outcomes = p.outcomes_module.unwrap_or_default();
    let section = study.registry_section.clone().unwrap_or_default();
    let id = ident.nct_id.clone().or(section.registry_id.clone()).unwrap_or_default();
    let url = section.source_url.clone().unwrap_or_default();
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let join = |items: Vec<String>| items.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("|");
    let date =
        |d: &Option<crate::DateStruct>| d.as_ref().and_then(|d| d.date).map(|d| d.to_string()).unwrap_or_default();
    let outcome_list = |list: &[crate::Outcome]| {
        join(
            list.iter()
                .map(|o| {
                    [&o.measure, &o.description, &o.time_frame]
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
        )
    };
    let mut design_parts = Vec::new();
    let mut part = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            design_parts.push(format!("{label}: {v}"));
        }
    };
    part("Allocation", info.allocation.as_ref().map(ToString::to_string));
    part("Intervention Model", info.intervention_model.as_ref().map(ToString::to_string));
    part("Observational Model", info.observational_model.as_ref().map(ToString::to_string));
    part("Time Perspective", info.time_perspective.as_ref().map(ToString::to_string));
    let masking = info.masking_info.as_ref().and_then(|m| {
        let level = m.masking.as_ref()?.to_string();
        let who: Vec<String> = m.who_masked.iter().map(ToString::to_string).collect();
        Some(if who.is_empty() { level } else { format!("{level} ({})", who.join(", ")) })
    });
    part("Masking", masking);
    part("Primary Purpose", info.primary_purpose.as_ref().map(ToString::to_string));
    let other_ids = {
        let mut ids: Vec<String> = ident.org_study_id_info.iter().filter_map(|o| o.id.clone()).collect();
        ids.extend(ident.secondary_id_infos.iter().filter_map(|s| s.id.clone()));
        join(ids)
    };
    let locations = p.contacts_locations_module.map(|m| {
        join(
            m.locations
                .iter()
                .map(|l| {
                    [&l.facility, &l.city, &l.state, &l.zip, &l.country]
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
        )
    });
    let documents = study
        .document_section
        .as_ref()
        .and_then(|d| d.large_document_module.as_ref())
        .map(|m| join(m.large_docs.iter().map(|d| text(&d.label)).collect()));
    vec![
        id,
        ident.brief_title.clone().or(ident.official_title.clone()).unwrap_or_default(),
        url,
        text(&ident.acronym),
        status.overall_status.as_ref().map(ToString::to_string).unwrap_or_default(),
        p.description_module.and_then(|d| d.brief_summary).unwrap_or_default(),
        if study.has_results == Some(true) { "YES" } else { "NO" }.to_owned(),
        join(p.conditions_module.map(|c| c.conditions).unwrap_or_default()),
        join(
            p.arms_interventions_module
                .map(|a| {
                    a.interventions
                        .iter()
                        .map(|i| match &i.kind {
                            Some(kind) => format!("{kind}: {}", text(&i.name)),
                            None => text(&i.name),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        outcome_list(&outcomes.primary_outcomes),
        outcome_list(&outcomes.secondary_outcomes),
        outcome_list(&outcomes.other_outcomes),
        sponsors.lead_sponsor.as_ref().and_then(|s| s.name.clone()).unwrap_or_default(),
        join(sponsors.collaborators.iter().filter_map(|s| s.name.clone()).collect()),
        eligibility.sex.as_ref().map(ToString::to_string).unwrap_or_default(),
        eligibility.std_ages.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        join(design.phases.iter().map(ToString::to_string).collect()),
        design.enrollment_info.as_ref().and_then(|e| e.count).map(|c| c.to_string()).unwrap_or_default(),
        sponsors.lead_sponsor.as_ref().and_then(|s| s.class.as_ref()).map(AgencyClass::to_string).unwrap_or_default(),
        design.study_type.as_ref().map(ToString::to_string).unwrap_or_default(),
        design_parts.join("|"),
        other_ids,
        date(&status.start_date_struct),
        date(&status.primary_completion_date_struct),
        date(&status.completion_date_struct),
        date(&status.study_first_post_date_struct),
        date(&status.results_first_post_date_struct),
        date(&status.last_update_post_date_struct),
        locations.unwrap_or_default(),
        documents.unwrap_or_default(),
    ]
}
