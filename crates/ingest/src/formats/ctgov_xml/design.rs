//! The design part of a `<clinical_study>`: study type and phases, the design
//! details (allocation, model, masking…), biospecimens, enrollment, and the one-line
//! design text of records before 2017.

use serde_json::Value;
use trialdex_model::*;

use super::{flag, integer, label, tree::Element};

const DESIGN: &str = "protocolSection.designModule";

pub(super) fn read(root: &Element, w: &mut Vec<Warning>) -> DesignModule {
    let mut module = DesignModule::default();
    match root.text_of("study_type") {
        Some(kind) if kind.contains("Patient Registry") => {
            module.study_type = Some(StudyType::Observational);
            module.patient_registry = Some(true);
        }
        kind => {
            module.study_type =
                label(kind, StudyType::from_label, StudyType::Unlisted, &format!("{DESIGN}.studyType"), w);
            if module.study_type == Some(StudyType::Observational) {
                module.patient_registry = Some(false);
            }
        }
    }
    if module.study_type.is_none() {
        w.push(Warning::new(format!("{DESIGN}.studyType"), "the record gives no study type"));
    }
    match root.text_of("phase") {
        Some(text) => {
            module.phases = Phase::parse_labels(&text);
            if module.phases.is_empty() {
                w.push(Warning::new(
                    format!("{DESIGN}.phases"),
                    format!("{text:?} names no CT.gov phase; kept as written"),
                ));
                module.phases.push(Phase::Unlisted(text));
            }
        }
        None if module.study_type == Some(StudyType::Interventional) => {
            w.push(Warning::new(format!("{DESIGN}.phases"), "the record gives no phase for an interventional study"));
        }
        None => {}
    }
    module.target_duration = root.text_of("target_duration");
    module.expanded_access_types = expanded_access_types(root, w);
    module.design_info = design_info(root, w);
    let retention = label(
        root.text_of("biospec_retention"),
        BioSpecRetention::from_label,
        BioSpecRetention::Unlisted,
        &format!("{DESIGN}.bioSpec.retention"),
        w,
    );
    let biospec = BioSpec { retention, description: root.block_of("biospec_descr"), ..BioSpec::default() };
    module.bio_spec = (biospec != BioSpec::default()).then_some(biospec);
    module.enrollment_info = enrollment(root, w);
    for (name, key) in [("number_of_arms", "numberOfArms"), ("number_of_groups", "numberOfGroups")] {
        if let Some(n) = integer(root, name, &format!("{DESIGN}.{key}"), w) {
            module.extra.insert(key.into(), Value::from(n));
        }
    }
    module
}

fn enrollment(root: &Element, w: &mut Vec<Warning>) -> Option<EnrollmentInfo> {
    let field = format!("{DESIGN}.enrollmentInfo");
    let Some(element) = root.child("enrollment") else {
        w.push(Warning::new(&field, "the record gives no enrollment"));
        return None;
    };
    let count = integer(root, "enrollment", &format!("{field}.count"), w);
    let kind = element.attr("type").and_then(crate::text::non_empty);
    let kind = label(kind, EnrollmentType::from_label, EnrollmentType::Unlisted, &format!("{field}.type"), w);
    let info = EnrollmentInfo { count, kind, ..EnrollmentInfo::default() };
    (info != EnrollmentInfo::default()).then_some(info)
}

fn expanded_access_types(root: &Element, w: &mut Vec<Warning>) -> Option<ExpandedAccessTypes> {
    let info = root.child("expanded_access_info")?;
    let field = |name: &str| format!("{DESIGN}.expandedAccessTypes.{name}");
    Some(ExpandedAccessTypes {
        individual: flag(info, "expanded_access_type_individual", &field("individual"), w),
        intermediate: flag(info, "expanded_access_type_intermediate", &field("intermediate"), w),
        treatment: flag(info, "expanded_access_type_treatment", &field("treatment"), w),
        ..ExpandedAccessTypes::default()
    })
}

fn design_info(root: &Element, w: &mut Vec<Warning>) -> Option<DesignInfo> {
    const NAMES: [&str; 8] = [
        "allocation",
        "intervention_model",
        "intervention_model_description",
        "primary_purpose",
        "observational_model",
        "time_perspective",
        "masking",
        "masking_description",
    ];
    // Records before 2017 wrote the design as one line: "Allocation: Randomized,
    // Endpoint Classification: Efficacy Study, Masking: Double Blind (Subject), …";
    // the line itself is kept in registryFields.studyDesignText.
    let parts: Vec<(&str, String)> = match root.child("study_design_info") {
        Some(info) => NAMES.iter().filter_map(|name| info.text_of(name).map(|v| (*name, v))).collect(),
        None => old_design_parts(&root.text_of("study_design")?),
    };
    let get = |name: &str| parts.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let field = |name: &str| format!("{DESIGN}.designInfo.{name}");
    let info = DesignInfo {
        allocation: label(
            get("allocation"),
            DesignAllocation::from_label,
            DesignAllocation::Unlisted,
            &field("allocation"),
            w,
        ),
        intervention_model: label(
            get("intervention_model"),
            InterventionalAssignment::from_label,
            InterventionalAssignment::Unlisted,
            &field("interventionModel"),
            w,
        ),
        intervention_model_description: get("intervention_model_description"),
        primary_purpose: label(
            get("primary_purpose"),
            PrimaryPurpose::from_label,
            PrimaryPurpose::Unlisted,
            &field("primaryPurpose"),
            w,
        ),
        observational_model: label(
            get("observational_model"),
            ObservationalModel::from_label,
            ObservationalModel::Unlisted,
            &field("observationalModel"),
            w,
        ),
        time_perspective: label(
            get("time_perspective"),
            DesignTimePerspective::from_label,
            DesignTimePerspective::Unlisted,
            &field("timePerspective"),
            w,
        ),
        masking_info: masking(get("masking"), get("masking_description"), w),
        ..DesignInfo::default()
    };
    (info != DesignInfo::default()).then_some(info)
}

/// "Allocation: Randomized, Masking: Double Blind (Subject, Caregiver), Primary Purpose: Treatment"
/// → [("allocation", "Randomized"), ("masking", "Double Blind (Subject, Caregiver)"), …].
fn old_design_parts(text: &str) -> Vec<(&'static str, String)> {
    const KEYS: [(&str, &str); 7] = [
        ("Allocation:", "allocation"),
        ("Intervention Model:", "intervention_model"),
        ("Masking:", "masking"),
        ("Primary Purpose:", "primary_purpose"),
        ("Observational Model:", "observational_model"),
        ("Time Perspective:", "time_perspective"),
        ("Endpoint Classification:", "endpoint_classification"),
    ];
    let mut found: Vec<(usize, usize, &'static str)> =
        KEYS.iter().filter_map(|(key, name)| text.find(key).map(|at| (at, at + key.len(), *name))).collect();
    found.sort();
    let mut out = Vec::new();
    for (i, &(_, value_start, name)) in found.iter().enumerate() {
        let value_end = found.get(i + 1).map_or(text.len(), |next| next.0);
        let value = text.get(value_start..value_end).unwrap_or("").trim().trim_end_matches(',').trim();
        if !value.is_empty() {
            out.push((name, value.to_owned()));
        }
    }
    out
}

/// "Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor)" → QUADRUPLE
/// and who is masked; the older "Double Blind (Subject, Caregiver)" reads the same way.
fn masking(text: Option<String>, description: Option<String>, w: &mut Vec<Warning>) -> Option<MaskingBlock> {
    let field = format!("{DESIGN}.designInfo.maskingInfo");
    let mut block = MaskingBlock { masking_description: description, ..MaskingBlock::default() };
    if let Some(text) = text {
        let (head, who) = match text.split_once('(') {
            Some((head, rest)) => (head.trim(), rest.trim_end_matches(')')),
            None => (text.as_str(), ""),
        };
        let level = trialdex_model::macros::fold_label(head);
        let level = level.strip_suffix("blind").unwrap_or(&level);
        block.masking = DesignMasking::from_label(level).or_else(|| DesignMasking::from_label(&text));
        if block.masking.is_none() {
            w.push(Warning::new(format!("{field}.masking"), format!("{text:?} is no CT.gov masking; kept as written")));
            block.masking = Some(DesignMasking::Unlisted(text.clone()));
        }
        if block.masking != Some(DesignMasking::None) {
            for part in who.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let whom = label(
                    Some(part.to_owned()),
                    WhoMasked::from_label,
                    WhoMasked::Unlisted,
                    &format!("{field}.whoMasked"),
                    w,
                );
                block.who_masked.extend(whom);
            }
        }
    }
    (block != MaskingBlock::default()).then_some(block)
}
