//! The protocol part of a `<clinical_study>`: ids, status and dates, sponsors,
//! oversight, descriptions, conditions, arms and interventions, outcomes. The design
//! is in `design.rs`; eligibility, people and places in `people.rs`.

use serde_json::Value;
use trialdex_model::*;

use super::{date, date_struct, design, flag, label, people, tree::Element};

const STATUS: &str = "protocolSection.statusModule";

pub(super) fn read(root: &Element, warnings: &mut Vec<Warning>) -> ProtocolSection {
    let sponsors = sponsors(root, warnings);
    ProtocolSection {
        identification_module: Some(identification(root, &sponsors)),
        status_module: Some(status(root, warnings)),
        oversight_module: oversight(root, warnings),
        description_module: description(root),
        conditions_module: conditions(root),
        design_module: Some(design::read(root, warnings)),
        arms_interventions_module: arms_interventions(root, warnings),
        outcomes_module: outcomes(root, warnings),
        eligibility_module: people::eligibility(root, warnings),
        contacts_locations_module: people::contacts_locations(root, warnings),
        sponsor_collaborators_module: Some(SponsorCollaboratorsModule {
            responsible_party: people::responsible_party(root, warnings),
            ..sponsors
        }),
        ..ProtocolSection::default()
    }
}

fn identification(root: &Element, sponsors: &SponsorCollaboratorsModule) -> IdentificationModule {
    let ids = root.child("id_info");
    let all = |name| ids.map(|i| i.all(name).filter_map(Element::inline).collect()).unwrap_or_default();
    // `source` is the organization that registered the study. Its class is only known
    // when it is the lead sponsor itself.
    let source = root.text_of("source");
    let lead = sponsors.lead_sponsor.as_ref();
    let class = lead
        .filter(|lead| lead.name.as_deref().zip(source.as_deref()).is_some_and(|(a, b)| a.eq_ignore_ascii_case(b)))
        .and_then(|lead| lead.class.clone());
    IdentificationModule {
        nct_id: ids.and_then(|i| i.text_of("nct_id")),
        nct_id_aliases: all("nct_alias"),
        org_study_id_info: ids
            .and_then(|i| i.text_of("org_study_id"))
            .map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() }),
        secondary_id_infos: all("secondary_id")
            .into_iter()
            .map(|id| SecondaryIdInfo { id: Some(id), ..Default::default() })
            .collect(),
        brief_title: root.text_of("brief_title"),
        official_title: root.text_of("official_title"),
        acronym: root.text_of("acronym"),
        organization: source.map(|name| Organization { full_name: Some(name), class, ..Default::default() }),
        ..IdentificationModule::default()
    }
}

fn status(root: &Element, w: &mut Vec<Warning>) -> StatusModule {
    let field = |name: &str| format!("{STATUS}.{name}");
    let overall_status =
        label(root.text_of("overall_status"), Status::from_label, Status::Unlisted, &field("overallStatus"), w);
    if overall_status.is_none() {
        w.push(Warning::new(field("overallStatus"), "the record gives no overall status"));
    }
    // Records of 2017–2018 carry both the old date names and the new ones; the new win.
    let either = |new: &str, old: &str, f: &str, w: &mut Vec<Warning>| {
        let old = date(root, old, &field(f), w);
        date(root, new, &field(f), w).or(old)
    };
    let mut module = StatusModule {
        status_verified_date: date(root, "verification_date", &field("statusVerifiedDate"), w),
        overall_status,
        last_known_status: label(
            root.text_of("last_known_status"),
            Status::from_label,
            Status::Unlisted,
            &field("lastKnownStatus"),
            w,
        ),
        why_stopped: root.text_of("why_stopped"),
        expanded_access_info: flag(root, "has_expanded_access", &field("expandedAccessInfo.hasExpandedAccess"), w)
            .map(|has| ExpandedAccessInfo { has_expanded_access: Some(has), ..Default::default() }),
        start_date_struct: date_struct(root, "start_date", &field("startDateStruct"), w),
        primary_completion_date_struct: date_struct(
            root,
            "primary_completion_date",
            &field("primaryCompletionDateStruct"),
            w,
        ),
        completion_date_struct: date_struct(root, "completion_date", &field("completionDateStruct"), w),
        study_first_submit_date: either("study_first_submitted", "firstreceived_date", "studyFirstSubmitDate", w),
        study_first_submit_qc_date: date(root, "study_first_submitted_qc", &field("studyFirstSubmitQcDate"), w),
        study_first_post_date_struct: date_struct(root, "study_first_posted", &field("studyFirstPostDateStruct"), w),
        results_first_submit_date: either(
            "results_first_submitted",
            "firstreceived_results_date",
            "resultsFirstSubmitDate",
            w,
        ),
        results_first_submit_qc_date: date(root, "results_first_submitted_qc", &field("resultsFirstSubmitQcDate"), w),
        results_first_post_date_struct: date_struct(
            root,
            "results_first_posted",
            &field("resultsFirstPostDateStruct"),
            w,
        ),
        disp_first_submit_date: either(
            "disposition_first_submitted",
            "firstreceived_results_disposition_date",
            "dispFirstSubmitDate",
            w,
        ),
        disp_first_submit_qc_date: date(root, "disposition_first_submitted_qc", &field("dispFirstSubmitQcDate"), w),
        disp_first_post_date_struct: date_struct(
            root,
            "disposition_first_posted",
            &field("dispFirstPostDateStruct"),
            w,
        ),
        last_update_submit_date: either("last_update_submitted", "lastchanged_date", "lastUpdateSubmitDate", w),
        last_update_post_date_struct: date_struct(root, "last_update_posted", &field("lastUpdatePostDateStruct"), w),
        ..StatusModule::default()
    };
    // v2 has no QC date for updates; kept beside the others.
    if let Some(qc) = date(root, "last_update_submitted_qc", &field("lastUpdateSubmitQcDate"), w) {
        module.extra.insert("lastUpdateSubmitQcDate".into(), Value::String(qc.to_string()));
    }
    module
}

fn sponsors(root: &Element, w: &mut Vec<Warning>) -> SponsorCollaboratorsModule {
    let Some(sponsors) = root.child("sponsors") else {
        w.push(Warning::new("protocolSection.sponsorCollaboratorsModule.leadSponsor", "the record names no sponsor"));
        return SponsorCollaboratorsModule::default();
    };
    let mut sponsor = |e: &Element, field: &str| Sponsor {
        name: e.text_of("agency"),
        class: label(e.text_of("agency_class"), AgencyClass::from_label, AgencyClass::Unlisted, field, w),
        ..Sponsor::default()
    };
    let lead_field = "protocolSection.sponsorCollaboratorsModule.leadSponsor.class";
    let collaborator_field = "protocolSection.sponsorCollaboratorsModule.collaborators.class";
    SponsorCollaboratorsModule {
        lead_sponsor: sponsors.child("lead_sponsor").map(|e| sponsor(e, lead_field)),
        collaborators: sponsors.all("collaborator").map(|e| sponsor(e, collaborator_field)).collect(),
        ..SponsorCollaboratorsModule::default()
    }
}

fn oversight(root: &Element, w: &mut Vec<Warning>) -> Option<OversightModule> {
    let info = root.child("oversight_info");
    let field = |name: &str| format!("protocolSection.oversightModule.{name}");
    let flag_of = |name: &str, f: &str, w: &mut Vec<Warning>| info.and_then(|i| flag(i, name, &field(f), w));
    let mut module = OversightModule {
        oversight_has_dmc: flag_of("has_dmc", "oversightHasDmc", w),
        is_fda_regulated_drug: flag_of("is_fda_regulated_drug", "isFdaRegulatedDrug", w),
        is_fda_regulated_device: flag_of("is_fda_regulated_device", "isFdaRegulatedDevice", w),
        is_unapproved_device: flag_of("is_unapproved_device", "isUnapprovedDevice", w),
        is_ppsd: flag_of("is_ppsd", "isPpsd", w),
        is_us_export: flag_of("is_us_export", "isUsExport", w),
        ..OversightModule::default()
    };
    // Fields of records before 2017 that v2 dropped: regulatory authorities, and the
    // old FDA flags.
    let authorities: Vec<Value> =
        info.map(|i| i.all("authority").filter_map(Element::inline).map(Value::String).collect()).unwrap_or_default();
    if !authorities.is_empty() {
        module.extra.insert("authorities".into(), Value::Array(authorities));
    }
    for (name, key) in [("is_fda_regulated", "isFdaRegulated"), ("is_section_801", "isSection801")] {
        if let Some(value) = flag(root, name, &field(key), w) {
            module.extra.insert(key.into(), Value::Bool(value));
        }
    }
    (module != OversightModule::default()).then_some(module)
}

fn description(root: &Element) -> Option<DescriptionModule> {
    let module = DescriptionModule {
        brief_summary: root.block_of("brief_summary"),
        detailed_description: root.block_of("detailed_description"),
        ..DescriptionModule::default()
    };
    (module != DescriptionModule::default()).then_some(module)
}

fn conditions(root: &Element) -> Option<ConditionsModule> {
    let module = ConditionsModule {
        conditions: root.all("condition").filter_map(Element::inline).collect(),
        keywords: root.all("keyword").filter_map(Element::inline).collect(),
        ..ConditionsModule::default()
    };
    (module != ConditionsModule::default()).then_some(module)
}

fn arms_interventions(root: &Element, w: &mut Vec<Warning>) -> Option<ArmsInterventionsModule> {
    let field = "protocolSection.armsInterventionsModule";
    let mut arm_groups: Vec<ArmGroup> = root
        .all("arm_group")
        .map(|arm| ArmGroup {
            label: arm.text_of("arm_group_label"),
            kind: label(
                arm.text_of("arm_group_type"),
                ArmGroupType::from_label,
                ArmGroupType::Unlisted,
                &format!("{field}.armGroups.type"),
                w,
            ),
            description: arm.block_of("description"),
            ..ArmGroup::default()
        })
        .collect();
    let mut interventions = Vec::new();
    for element in root.all("intervention") {
        let type_text = element.text_of("intervention_type");
        let intervention = Intervention {
            kind: label(
                type_text.clone(),
                InterventionType::from_label,
                InterventionType::Unlisted,
                &format!("{field}.interventions.type"),
                w,
            ),
            name: element.text_of("intervention_name"),
            description: element.block_of("description"),
            arm_group_labels: element.all("arm_group_label").filter_map(Element::inline).collect(),
            other_names: element.all("other_name").filter_map(Element::inline).collect(),
            ..Intervention::default()
        };
        // v2 lists each arm's interventions as "Type: Name", from the same links.
        let shown = match (&type_text, &intervention.name) {
            (Some(kind), Some(name)) => Some(format!("{kind}: {name}")),
            (None, Some(name)) => Some(name.clone()),
            _ => None,
        };
        if let Some(shown) = shown {
            for arm_label in &intervention.arm_group_labels {
                for arm in arm_groups.iter_mut().filter(|a| a.label.as_ref() == Some(arm_label)) {
                    if !arm.intervention_names.contains(&shown) {
                        arm.intervention_names.push(shown.clone());
                    }
                }
            }
        }
        interventions.push(intervention);
    }
    let module = ArmsInterventionsModule { arm_groups, interventions, ..Default::default() };
    (module != ArmsInterventionsModule::default()).then_some(module)
}

fn outcomes(root: &Element, w: &mut Vec<Warning>) -> Option<OutcomesModule> {
    let read = |name: &str, field: &str, w: &mut Vec<Warning>| -> Vec<Outcome> {
        root.all(name)
            .map(|e| {
                let mut outcome = Outcome {
                    measure: e.text_of("measure"),
                    description: e.block_of("description"),
                    time_frame: e.text_of("time_frame"),
                    ..Outcome::default()
                };
                // Dropped by CT.gov in 2017; v2 has no field for it.
                if let Some(safety) =
                    flag(e, "safety_issue", &format!("protocolSection.outcomesModule.{field}.safetyIssue"), w)
                {
                    outcome.extra.insert("safetyIssue".into(), Value::Bool(safety));
                }
                outcome
            })
            .collect()
    };
    let module = OutcomesModule {
        primary_outcomes: read("primary_outcome", "primaryOutcomes", w),
        secondary_outcomes: read("secondary_outcome", "secondaryOutcomes", w),
        other_outcomes: read("other_outcome", "otherOutcomes", w),
        ..OutcomesModule::default()
    };
    (module != OutcomesModule::default()).then_some(module)
}
