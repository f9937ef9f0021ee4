//! `studyCharacteristic`: study type, phase, allocation, assignment, blinding, purpose
//! and timing in DRKS's spellings, the outcomes and randomisation texts per language,
//! and `observationalGroups` (DRKS's arms, numbered, one text per language).

use serde_json::Value;
use trialdex_model::macros::fold_label;
use trialdex_model::*;

use super::{Draft, block_at, in_locale, items, text_at};

const DESIGN: &str = "protocolSection.designModule";

pub(super) fn read(trial: &Value, d: &mut Draft) {
    let Some(character) = trial.get("studyCharacteristic").filter(|c| c.is_object()) else {
        d.warn(DESIGN, "the trial has no studyCharacteristic: no study type, phase or design");
        return;
    };
    let study_type = text_at(character, "/type").map(|t| match t.as_str() {
        "NON_INTERVENTIONAL" => StudyType::Observational,
        other => StudyType::from_label(other).unwrap_or_else(|| {
            d.warn(format!("{DESIGN}.studyType"), format!("{other:?} is no CT.gov study type; kept as written"));
            StudyType::Unlisted(other.to_owned())
        }),
    });
    let interventional = study_type == Some(StudyType::Interventional);
    let phases = match text_at(character, "/phase") {
        // "PHASE_I_II" → "PHASE/I/II", which names two phases.
        Some(text) => {
            let phases = Phase::parse_labels(&text.replace('_', "/"));
            if phases.is_empty() {
                d.warn(format!("{DESIGN}.phases"), format!("{text:?} names no CT.gov phase; kept in studyPhaseText"));
                d.fields.study_phase_text = Some(text);
            }
            phases
        }
        None if interventional => {
            d.warn(format!("{DESIGN}.phases"), "the trial gives no phase for an interventional study");
            Vec::new()
        }
        None => Vec::new(),
    };
    let mut info = DesignInfo::default();
    let mut unmapped = Vec::new();
    if let Some(text) = text_at(character, "/allocation") {
        let folded = fold_label(&text);
        info.allocation = match () {
            _ if folded.starts_with("nonrandom") => Some(DesignAllocation::NonRandomized),
            _ if folded.starts_with("random") => Some(DesignAllocation::Randomized),
            _ => DesignAllocation::from_label(&text),
        };
        if info.allocation.is_none() {
            unmapped.push(format!("allocation {text}"));
        }
    }
    if let Some(text) = text_at(character, "/assignment") {
        info.intervention_model = InterventionalAssignment::from_label(&text);
        if info.intervention_model.is_none() {
            unmapped.push(format!("assignment {text}"));
        }
    }
    if let Some(text) = text_at(character, "/purpose") {
        info.primary_purpose = PrimaryPurpose::from_label(&text);
        if info.primary_purpose.is_none() {
            unmapped.push(format!("purpose {text}"));
        }
    }
    if let Some(text) = text_at(character, "/timing").filter(|_| !interventional) {
        info.time_perspective = DesignTimePerspective::from_label(&text);
        if info.time_perspective.is_none() {
            unmapped.push(format!("timing {text}"));
        }
    }
    info.masking_info = masking(character, &mut unmapped);
    if !unmapped.is_empty() {
        d.warn(
            format!("{DESIGN}.designInfo"),
            format!("design values with no CT.gov value: {}; kept in studyDesignText", unmapped.join(", ")),
        );
        d.fields.study_design_text = Some(unmapped.join("; "));
    }
    // What CT.gov's design has no field for, as DRKS writes it.
    for key in ["duration", "timing", "controlTypes"] {
        if let Some(value) = character.get(key).filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty())) {
            d.keep(key, value.clone());
        }
    }
    let module = d.protocol.design_module.get_or_insert_with(Default::default);
    module.study_type = study_type;
    module.phases = phases;
    module.design_info = (info != DesignInfo::default()).then_some(info);
    outcomes(character, d);
    arms(trial, d);
}

/// `OPEN`, or `BLINDED` with who is blinded; CT.gov counts the roles masked.
fn masking(character: &Value, unmapped: &mut Vec<String>) -> Option<MaskingBlock> {
    let kind = text_at(character, "/blindingType")?;
    let mut who = Vec::new();
    for entry in items(character, "/blindingWhoList") {
        let Some(role) = text_at(entry, "/idBlindingWho/blindingWho") else { continue };
        match role.as_str() {
            "PATIENT_SUBJECT" => who.push(WhoMasked::Participant),
            "INVESTIGATOR_THERAPIST" => who.push(WhoMasked::Investigator),
            "ASSESSOR" => who.push(WhoMasked::OutcomesAssessor),
            "CAREGIVER" => who.push(WhoMasked::CareProvider),
            other => unmapped.push(format!("blinded {other}")),
        }
    }
    let masking = match kind.as_str() {
        "OPEN" => DesignMasking::None,
        "BLINDED" => match who.len() {
            0 | 1 => DesignMasking::Single,
            2 => DesignMasking::Double,
            3 => DesignMasking::Triple,
            _ => DesignMasking::Quadruple,
        },
        other => DesignMasking::from_label(other).unwrap_or_else(|| {
            unmapped.push(format!("blinding {other}"));
            DesignMasking::Unlisted(other.to_owned())
        }),
    };
    Some(MaskingBlock { masking: Some(masking), who_masked: who, ..Default::default() })
}

/// One primary and one secondary outcome text per language; the randomisation texts.
fn outcomes(character: &Value, d: &mut Draft) {
    let list = items(character, "/characteristicDescriptions");
    let outcome = |text: Option<String>| text.map(|m| Outcome { measure: Some(m), ..Default::default() });
    let english = in_locale(list, "en");
    let module = OutcomesModule {
        primary_outcomes: outcome(english.and_then(|e| block_at(e, "/primaryOutcome"))).into_iter().collect(),
        secondary_outcomes: outcome(english.and_then(|e| block_at(e, "/secondaryOutcome"))).into_iter().collect(),
        ..Default::default()
    };
    if module.primary_outcomes.is_empty() {
        d.warn("protocolSection.outcomesModule.primaryOutcomes", "the trial gives no primary outcome in English");
    }
    if module != OutcomesModule::default() {
        d.protocol.outcomes_module = Some(module);
    }
    if let Some(german) = in_locale(list, "de") {
        d.original.outcomes.extend(block_at(german, "/primaryOutcome"));
        d.original.outcomes.extend(block_at(german, "/secondaryOutcome"));
    }
    let randomization: Vec<String> =
        [("Sequence generation", "/typeOfSequenceGeneration"), ("Allocation concealment", "/typeOfHiddenAllocation")]
            .into_iter()
            .filter_map(|(label, key)| english.and_then(|e| block_at(e, key)).map(|t| format!("{label}: {t}")))
            .collect();
    if !randomization.is_empty() {
        d.fields.randomization_procedure = Some(randomization.join("\n"));
    }
}

/// `observationalGroups`: arm n in English, its German text in `originalLanguage`.
/// DRKS gives arms no names, only numbers, so each is labelled "Arm n" as its page does.
fn arms(trial: &Value, d: &mut Draft) {
    let groups = items(trial, "/observationalGroups");
    let mut arms: Vec<ArmGroup> = Vec::new();
    for group in groups {
        let (Some(number), Some(text)) = (text_at(group, "/idArm/arm"), block_at(group, "/comment")) else { continue };
        let label = format!("Arm {number}");
        match text_at(group, "/idArm/locale").as_deref() {
            Some("en") => arms.push(ArmGroup { label: Some(label), description: Some(text), ..Default::default() }),
            _ => d.original.arm_groups.push(format!("{label}: {text}")),
        }
    }
    if !arms.is_empty() {
        d.protocol.arms_interventions_module = Some(ArmsInterventionsModule { arm_groups: arms, ..Default::default() });
    }
}
