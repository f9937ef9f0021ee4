//! ICTRP's `Study_design`: CT.gov's own sentence ("Allocation: Randomized. Intervention
//! model: Parallel Assignment. …"), EU CTR's yes/no list ("Randomised: yes<br>Double
//! blind: yes"), IRCT's and ANZCTR's "Key: value" lists, ChiCTR's single words
//! ("Parallel", "Single arm") and JPRN's comma phrases ("open(masking not used)").
//! Only what the text says is mapped; the text itself is always kept in
//! `studyDesignText`, and parts that map to nothing are named in a warning.

use std::sync::LazyLock;

use regex::Regex;
use trialdex_model::macros::fold_label;
use trialdex_model::*;

use super::Draft;

const FIELD: &str = "protocolSection.designModule.designInfo";

static KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(allocation|randomi[sz]ation|randomi[sz]ed|intervention model|assignment|primary purpose|study design purpose|purpose|masking|blinding|observational model|time perspective|open|single blind|double blind|parallel group|cross over)\s*:",
    )
    .expect("design key pattern")
});

/// One design value read from the text.
enum Part {
    Allocation(DesignAllocation),
    Model(InterventionalAssignment),
    Purpose(PrimaryPurpose),
    Masking(DesignMasking, Vec<WhoMasked>),
    Observational(ObservationalModel),
    Time(DesignTimePerspective),
    /// A yes/no or an empty answer: says nothing, and is not worth a warning.
    Silent,
}

pub(super) fn read(text: &str, study_type: Option<&StudyType>, d: &mut Draft) -> Option<DesignInfo> {
    let keyed: Vec<(String, &str)> = {
        let matches: Vec<_> = KEY.captures_iter(text).collect();
        matches
            .iter()
            .enumerate()
            .filter_map(|(i, caps)| {
                let (whole, key) = (caps.get(0)?, caps.get(1)?);
                let end = matches.get(i + 1).and_then(|next| next.get(0)).map_or(text.len(), |m| m.start());
                // ANZCTR and ChiCTR end a value with ";", CT.gov with ". "; an unnamed key
                // that follows ("Control: …") is cut off at the ";" or ignored by the reader.
                let value = text.get(whole.end()..end)?.split(';').next().unwrap_or_default();
                let value = value.trim().trim_end_matches([',', '.', ' ']);
                Some((key.as_str().to_lowercase(), value))
            })
            .collect()
    };
    let mut parts = Vec::new();
    let mut unmapped = Vec::new();
    if keyed.is_empty() {
        let interventional = study_type == Some(&StudyType::Interventional);
        let observational = study_type == Some(&StudyType::Observational);
        for phrase in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            match bare(phrase) {
                Some(part @ (Part::Allocation(_) | Part::Model(_) | Part::Masking(..))) if interventional => {
                    parts.push(part)
                }
                Some(part @ (Part::Observational(_) | Part::Time(_))) if observational => parts.push(part),
                Some(part @ Part::Purpose(_)) => parts.push(part),
                _ => unmapped.push(phrase.to_owned()),
            }
        }
    } else {
        for (key, value) in keyed {
            match keyed_part(&key, value) {
                Some(part) => parts.push(part),
                None => unmapped.push(format!("{key}: {value}")),
            }
        }
    }
    if !unmapped.is_empty() {
        d.warn(
            FIELD,
            format!(
                "design wording with no CT.gov value: {}; the text is kept in registrySection.registryFields.studyDesignText",
                unmapped.join(" | ")
            ),
        );
    }
    let mut info = DesignInfo::default();
    for part in parts {
        match part {
            Part::Allocation(v) => info.allocation = Some(v),
            Part::Model(v) => info.intervention_model = Some(v),
            Part::Purpose(v) => info.primary_purpose = Some(v),
            Part::Masking(masking, who) => {
                let block = info.masking_info.get_or_insert_with(MaskingBlock::default);
                block.masking = Some(masking);
                block.who_masked.extend(who);
            }
            Part::Observational(v) => info.observational_model = Some(v),
            Part::Time(v) => info.time_perspective = Some(v),
            Part::Silent => {}
        }
    }
    (info != DesignInfo::default()).then_some(info)
}

fn keyed_part(key: &str, value: &str) -> Option<Part> {
    let folded = fold_label(value);
    let yes = folded.starts_with("yes");
    if folded.is_empty() || folded == "no" {
        return Some(Part::Silent);
    }
    match key {
        "allocation" | "randomization" | "randomisation" | "randomized" | "randomised" => {
            if yes {
                Some(Part::Allocation(DesignAllocation::Randomized))
            } else {
                allocation(&folded).map(Part::Allocation)
            }
        }
        "intervention model" | "assignment" => model(&folded).map(Part::Model),
        "primary purpose" | "study design purpose" | "purpose" => purpose(value).map(Part::Purpose),
        "masking" | "blinding" => masking(value),
        "open" if yes => Some(Part::Masking(DesignMasking::None, Vec::new())),
        "single blind" if yes => Some(Part::Masking(DesignMasking::Single, Vec::new())),
        "double blind" if yes => Some(Part::Masking(DesignMasking::Double, Vec::new())),
        "parallel group" if yes => Some(Part::Model(InterventionalAssignment::Parallel)),
        "cross over" if yes => Some(Part::Model(InterventionalAssignment::Crossover)),
        "open" | "single blind" | "double blind" | "parallel group" | "cross over" => Some(Part::Silent),
        "observational model" => ObservationalModel::from_label(first_segment(value)).map(Part::Observational),
        "time perspective" => DesignTimePerspective::from_label(first_segment(value)).map(Part::Time),
        _ => None,
    }
}

/// ChiCTR's single words and JPRN's phrases.
fn bare(phrase: &str) -> Option<Part> {
    let folded = fold_label(phrase);
    if let Some(purpose) = folded.strip_suffix("purpose") {
        return purpose_folded(purpose).map(Part::Purpose);
    }
    if folded.starts_with("open") {
        return Some(Part::Masking(DesignMasking::None, Vec::new()));
    }
    if let Some(allocation) = allocation(&folded) {
        return Some(Part::Allocation(allocation));
    }
    if folded.starts_with("singlearm") || folded == "singleassignment" {
        return Some(Part::Model(InterventionalAssignment::SingleGroup));
    }
    if let Some(model) = model(&folded) {
        return Some(Part::Model(model));
    }
    match folded.as_str() {
        "cohortstudy" => Some(Part::Observational(ObservationalModel::Cohort)),
        "casecontrolstudy" => Some(Part::Observational(ObservationalModel::CaseControl)),
        "crosssectional" => Some(Part::Time(DesignTimePerspective::CrossSectional)),
        _ => None,
    }
}

fn allocation(folded: &str) -> Option<DesignAllocation> {
    if folded == "na" || folded.starts_with("notapplicable") {
        Some(DesignAllocation::Na)
    } else if folded.starts_with("nonrandom") || folded.starts_with("notrandom") {
        Some(DesignAllocation::NonRandomized)
    } else if folded.starts_with("randomi") || folded == "clusterrandomization" {
        Some(DesignAllocation::Randomized)
    } else {
        None
    }
}

fn model(folded: &str) -> Option<InterventionalAssignment> {
    [
        ("parallel", InterventionalAssignment::Parallel),
        ("singlegroup", InterventionalAssignment::SingleGroup),
        ("single", InterventionalAssignment::SingleGroup),
        ("crossover", InterventionalAssignment::Crossover),
        ("factorial", InterventionalAssignment::Factorial),
        ("sequential", InterventionalAssignment::Sequential),
    ]
    .into_iter()
    .find(|(prefix, _)| folded.starts_with(prefix))
    .map(|(_, model)| model)
}

fn purpose(value: &str) -> Option<PrimaryPurpose> {
    PrimaryPurpose::from_label(first_segment(value)).or_else(|| purpose_folded(&fold_label(first_segment(value))))
}

fn purpose_folded(folded: &str) -> Option<PrimaryPurpose> {
    match folded {
        f if f.starts_with("diagnos") => Some(PrimaryPurpose::Diagnostic),
        "treatment" => Some(PrimaryPurpose::Treatment),
        "prevention" => Some(PrimaryPurpose::Prevention),
        "screening" => Some(PrimaryPurpose::Screening),
        "supportivecare" => Some(PrimaryPurpose::SupportiveCare),
        "basicscience" => Some(PrimaryPurpose::BasicScience),
        "healthservicesresearch" => Some(PrimaryPurpose::HealthServicesResearch),
        "other" => Some(PrimaryPurpose::Other),
        _ => None,
    }
}

/// "Quadruple (Participant, Care Provider, …)", "Double Blind (Subject, Investigator)",
/// "None (Open Label)", "Not blinded", "Open (masking not used)".
fn masking(value: &str) -> Option<Part> {
    let folded = fold_label(value);
    let masking = [
        ("none", DesignMasking::None),
        ("open", DesignMasking::None),
        ("notblinded", DesignMasking::None),
        ("single", DesignMasking::Single),
        ("double", DesignMasking::Double),
        ("triple", DesignMasking::Triple),
        ("quadruple", DesignMasking::Quadruple),
    ]
    .into_iter()
    .find(|(prefix, _)| folded.starts_with(prefix))
    .map(|(_, masking)| masking)?;
    let who = value
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside.split(',').filter_map(WhoMasked::from_label).collect())
        .unwrap_or_default();
    Some(Part::Masking(masking, who))
}

/// A value up to its first comma, semicolon or full stop: "Treatment, Randomization …".
fn first_segment(value: &str) -> &str {
    value.split([',', ';', '.', '(']).next().unwrap_or(value).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(text: &str, kind: StudyType) -> (Option<DesignInfo>, usize) {
        let mut d = Draft::default();
        let info = read(text, Some(&kind), &mut d);
        (info, d.warnings.len())
    }

    #[test]
    fn ctgov_sentences_map_every_part() {
        let (info, warnings) = design(
            "Allocation: Randomized. Intervention model: Parallel Assignment. Primary purpose: Treatment. \
             Masking: Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor).",
            StudyType::Interventional,
        );
        let info = info.unwrap();
        assert_eq!(warnings, 0);
        assert_eq!(info.allocation, Some(DesignAllocation::Randomized));
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
        assert_eq!(info.primary_purpose, Some(PrimaryPurpose::Treatment));
        let masking = info.masking_info.unwrap();
        assert_eq!(masking.masking, Some(DesignMasking::Quadruple));
        assert_eq!(masking.who_masked.len(), 4);
    }

    #[test]
    fn eu_yes_no_lists_and_chictr_words() {
        let (info, _) = design(
            "Controlled: yes Randomised: yes Open: no Single blind: no Double blind: yes Parallel group: yes Cross over: no",
            StudyType::Interventional,
        );
        let info = info.unwrap();
        assert_eq!(info.allocation, Some(DesignAllocation::Randomized));
        assert_eq!(info.masking_info.unwrap().masking, Some(DesignMasking::Double));
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
        let (info, warnings) = design("Single arm", StudyType::Interventional);
        assert_eq!(info.unwrap().intervention_model, Some(InterventionalAssignment::SingleGroup));
        assert_eq!(warnings, 0);
        // An observational study "Factorial" is kept as text, not made an intervention model.
        assert_eq!(design("Factorial", StudyType::Observational), (None, 1));
    }
}
