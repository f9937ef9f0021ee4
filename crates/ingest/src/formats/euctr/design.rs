//! E.7 trial type and phase, E.8 design and F.4 planned size → the design module.
//! The register asks yes/no questions; a "yes" maps, the whole list is kept as text.

use serde_json::json;
use trialdex_model::*;

use super::Fields;
use super::build::Draft;
use super::values::{self, Answer};

const PHASES: [(&str, &str, Phase); 4] = [
    ("E.7.1", "Human pharmacology", Phase::Phase1),
    ("E.7.2", "Therapeutic exploratory", Phase::Phase2),
    ("E.7.3", "Therapeutic confirmatory", Phase::Phase3),
    ("E.7.4", "Therapeutic use", Phase::Phase4),
];

/// E.8.1.x: what a "yes" says about the design.
#[derive(Clone)]
enum Says {
    Nothing,
    Allocation,
    Masking(DesignMasking),
    Model(InterventionalAssignment),
}

const DESIGN: [(&str, &str, Says); 11] = [
    ("E.8.1", "Controlled", Says::Nothing),
    ("E.8.1.1", "Randomised", Says::Allocation),
    ("E.8.1.2", "Open", Says::Masking(DesignMasking::None)),
    ("E.8.1.3", "Single blind", Says::Masking(DesignMasking::Single)),
    ("E.8.1.4", "Double blind", Says::Masking(DesignMasking::Double)),
    ("E.8.1.5", "Parallel group", Says::Model(InterventionalAssignment::Parallel)),
    ("E.8.1.6", "Cross over", Says::Model(InterventionalAssignment::Crossover)),
    ("E.8.1.7", "Other", Says::Nothing),
    ("E.8.2.1", "Other medicinal product", Says::Nothing),
    ("E.8.2.2", "Placebo", Says::Nothing),
    ("E.8.2.3", "Other", Says::Nothing),
];

pub(super) fn design_module(fields: &Fields, d: &mut Draft) -> DesignModule {
    let mut phase_text = Vec::new();
    let mut phases = Vec::new();
    for (code, label, phase) in PHASES {
        let Some(value) = fields.get(code, label) else { continue };
        phase_text.push(format!("{label}: {value}"));
        match values::answer(&value) {
            Answer::Yes => phases.push(phase),
            Answer::No => {}
            Answer::Other(text) => d.warn(
                "protocolSection.designModule.phases",
                format!("{code} {label}: {text:?} is not yes or no; kept in studyPhaseText"),
            ),
        }
    }
    if phase_text.is_empty() {
        d.warn("protocolSection.designModule.phases", "the copy answers none of E.7.1 to E.7.4 (trial phase)");
    } else {
        d.registry.study_phase_text = Some(phase_text.join("; "));
    }

    let mut design_text = Vec::new();
    let mut info = DesignInfo::default();
    let mut masking: Option<DesignMasking> = None;
    for (code, label, says) in DESIGN {
        let Some(value) = fields.get(code, label) else { continue };
        let answer = values::answer(&value);
        design_text.push(format!("{label}: {value}"));
        match (says, answer) {
            (Says::Allocation, Answer::Yes) => info.allocation = Some(DesignAllocation::Randomized),
            (Says::Allocation, Answer::No) => info.allocation = Some(DesignAllocation::NonRandomized),
            (Says::Masking(m), Answer::Yes) => {
                // "Double blind" outranks an "open" label on the same copy.
                let rank = |m: &DesignMasking| DesignMasking::ALL.iter().position(|x| x == m);
                if masking.as_ref().is_none_or(|known| rank(&m) > rank(known)) {
                    masking = Some(m);
                }
            }
            (Says::Model(model), Answer::Yes) => {
                if info.intervention_model.is_some() {
                    d.warn(
                        "protocolSection.designModule.designInfo.interventionModel",
                        format!(
                            "{label} is one more design besides {:?}; both kept in studyDesignText",
                            info.intervention_model
                        ),
                    );
                } else {
                    info.intervention_model = Some(model);
                }
            }
            (_, Answer::Other(text)) if code != "E.8.1.7" && code != "E.8.2.3" => d.warn(
                "protocolSection.designModule.designInfo",
                format!("{code} {label}: {text:?} is not yes or no; kept in studyDesignText"),
            ),
            _ => {}
        }
    }
    if let Some(comparator) = fields.get("E.8.2.3.1", "Comparator description") {
        design_text.push(format!("Comparator description: {comparator}"));
    }
    if !design_text.is_empty() {
        d.registry.study_design_text = Some(design_text.join("; "));
    }
    if let Some(arms) = fields.get("E.8.2.4", "Number of treatment arms") {
        d.registry.extra.insert("numberOfTreatmentArms".into(), json!(arms));
    }
    if let Some(dmc) = fields.get("E.8.7", "Trial has a data monitoring committee") {
        d.registry.data_monitoring_committee = Some(dmc);
    }
    info.masking_info = masking.map(|m| MaskingBlock { masking: Some(m), ..Default::default() });
    let has_info = info != DesignInfo::default();

    DesignModule {
        // The register holds clinical trials of medicinal products only.
        study_type: Some(StudyType::Interventional),
        phases,
        design_info: has_info.then_some(info),
        enrollment_info: enrollment(fields, d),
        ..Default::default()
    }
}

/// F.4: the whole trial's planned size (F.4.2.2), else the EEA's, else this member state's.
/// The other figures stay in `registryFields.plannedEnrollment`.
fn enrollment(fields: &Fields, d: &mut Draft) -> Option<EnrollmentInfo> {
    let sizes = [
        ("F.4.2.2", "In the whole clinical trial", "wholeTrial"),
        ("F.4.2.1", "In the EEA", "eea"),
        ("F.4.1", "In the member state", "memberState"),
    ];
    let mut planned = serde_json::Map::new();
    let mut count = None;
    for (code, label, key) in sizes {
        let Some(text) = fields.get(code, label) else { continue };
        match text.trim().parse::<i64>() {
            Ok(n) => {
                planned.insert(key.into(), json!(n));
                count = count.or(Some(n));
            }
            Err(_) => {
                planned.insert(key.into(), json!(text));
                d.warn(
                    "protocolSection.designModule.enrollmentInfo",
                    format!("{code} {label}: {text:?} is not a number; kept in registryFields.plannedEnrollment"),
                );
            }
        }
    }
    if !planned.is_empty() {
        d.registry.extra.insert("plannedEnrollment".into(), serde_json::Value::Object(planned));
    }
    if count.is_none() {
        d.warn("protocolSection.designModule.enrollmentInfo", "the copy gives no planned number of subjects (F.4)");
    }
    count.map(|n| EnrollmentInfo { count: Some(n), kind: Some(EnrollmentType::Estimated), ..Default::default() })
}
