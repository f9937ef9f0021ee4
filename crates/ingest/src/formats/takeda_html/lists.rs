//! The Takeda page's structured values: the trial design lines, outcomes with their
//! time frames, arms with their interventions, and the results tab.

use scraper::{ElementRef, Selector};
use serde_json::{Value, json};
use trialdex_model::*;

use super::Sections;
use crate::formats::draft::Draft;
use crate::formats::registry_page::block;
use crate::text::{clean_inline, non_empty};

/// "Intervention Model: Parallel Assignment", "Masking: Double Blind (Subject, …)",
/// "Study Design: Cohort", "Time Perspective: Prospective", "Endpoint Classification: …".
pub(super) fn design_info(text: &str, fields: &mut RegistryFields) -> Option<DesignInfo> {
    let mut info = DesignInfo::default();
    for line in text.lines() {
        let Some((label, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match label.trim() {
            "Intervention Model" => info.intervention_model = InterventionalAssignment::from_label(value),
            "Study Design" => info.observational_model = ObservationalModel::from_label(value),
            "Time Perspective" => info.time_perspective = DesignTimePerspective::from_label(value),
            "Masking" => info.masking_info = Some(masking(value)),
            "Endpoint Classification" => {
                fields.extra.insert("endpointClassification".into(), Value::String(value.to_owned()));
            }
            _ => {}
        }
    }
    fields.study_design_text = non_empty(&text.replace('\n', "; "));
    (info != DesignInfo::default()).then_some(info)
}

/// "Double Blind (Subject, Caregiver, Investigator, Assessor)".
fn masking(text: &str) -> MaskingBlock {
    let (level, who) = text.split_once('(').unwrap_or((text, ""));
    let level = level.trim().to_lowercase();
    let masking = ["none", "single", "double", "triple", "quadruple"]
        .into_iter()
        .find(|word| level.starts_with(word))
        .and_then(DesignMasking::from_label)
        .or_else(|| level.starts_with("open").then_some(DesignMasking::None));
    let who_masked = who
        .trim_end_matches(')')
        .split(',')
        .filter_map(|w| match w.trim() {
            "Assessor" => Some(WhoMasked::OutcomesAssessor),
            other => WhoMasked::from_label(other),
        })
        .collect();
    MaskingBlock { masking, masking_description: Some(text.to_owned()), who_masked, ..Default::default() }
}

/// The direct `<li>` children of the lists among `elements`.
fn top_items<'a>(elements: &[ElementRef<'a>]) -> Vec<ElementRef<'a>> {
    elements
        .iter()
        .filter(|e| e.value().name() == "ul")
        .flat_map(|ul| ul.children().filter_map(ElementRef::wrap).filter(|li| li.value().name() == "li"))
        .collect()
}

/// "Measure [Time Frame: Day 1 to Day 14] [Designated as Safety Issue: No]".
fn outcome(item: ElementRef) -> Option<Outcome> {
    let text = clean_inline(&item.text().collect::<String>());
    let (measure, rest) = text.split_once("[Time Frame:").unwrap_or((&text, ""));
    let time_frame = rest.split_once(']').map_or(rest, |(frame, _)| frame);
    Some(Outcome { measure: non_empty(measure), time_frame: non_empty(time_frame), ..Default::default() })
        .filter(|o| o.measure.is_some())
}

pub(super) fn outcomes_and_arms(page: &Sections, d: &mut Draft) {
    let read =
        |label: &str| -> Vec<Outcome> { top_items(page.elements(label)).into_iter().filter_map(outcome).collect() };
    let module = OutcomesModule {
        primary_outcomes: read("Primary outcome measures"),
        secondary_outcomes: read("Secondary outcome measures"),
        ..Default::default()
    };
    if module.primary_outcomes.is_empty() {
        let field = "protocolSection.outcomesModule.primaryOutcomes";
        d.warnings.push(Warning::new(field, "the page lists no primary outcome"));
    }
    d.protocol.outcomes_module = Some(module).filter(|m| *m != OutcomesModule::default());
    let mut arms = ArmsInterventionsModule::default();
    let Ok(nested) = Selector::parse("li") else { return };
    for item in top_items(page.elements("Trial arms/groups or cohorts")) {
        // The arm's own text ("Experimental: Cohort 4: TAK-648 0.7 mg") sits outside its nested list.
        let own: String = item.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
        let own = clean_inline(&own);
        let (kind, label) = match own.split_once(':') {
            Some((kind, label)) => (ArmGroupType::from_label(kind), label.trim().to_owned()),
            None => (None, own.clone()),
        };
        // "Active" is Takeda's word for an active comparator.
        let kind = kind.or_else(|| own.starts_with("Active:").then_some(ArmGroupType::ActiveComparator));
        let mut arm = ArmGroup { label: non_empty(&label), kind, ..Default::default() };
        let mut description = Vec::new();
        for inner in item.select(&nested).filter_map(block) {
            // "Intervention: drug: TAK-648 Placebo".
            match inner.strip_prefix("Intervention:").and_then(|rest| rest.split_once(':')) {
                Some((kind, name)) => {
                    let name = name.trim().to_owned();
                    arm.intervention_names.push(name.clone());
                    if !arms.interventions.iter().any(|i| i.name.as_deref() == Some(name.as_str())) {
                        let kind = kind.trim();
                        arms.interventions.push(Intervention {
                            name: Some(name),
                            kind: InterventionType::from_label(kind)
                                .or_else(|| non_empty(kind).map(InterventionType::Unlisted)),
                            arm_group_labels: arm.label.clone().into_iter().collect(),
                            ..Default::default()
                        });
                    } else if let Some(existing) =
                        arms.interventions.iter_mut().find(|i| i.name.as_deref() == Some(name.as_str()))
                    {
                        existing.arm_group_labels.extend(arm.label.clone());
                    }
                }
                None => description.push(inner),
            }
        }
        arm.description = non_empty(&description.join(" "));
        if arm.label.is_some() || arm.description.is_some() {
            arms.arm_groups.push(arm);
        }
    }
    if arms != ArmsInterventionsModule::default() {
        d.protocol.arms_interventions_module = Some(arms);
    }
}

/// The results tab: the clinical trial summary documents, or the page's word that none is available.
pub(super) fn results(page: &Sections, d: &mut Draft) {
    let Ok(links) = Selector::parse("a[href]") else { return };
    let documents: Vec<Value> = page
        .elements("Download the clinical trial summary")
        .iter()
        .flat_map(|e| e.select(&links))
        .map(|a| json!({ "title": clean_inline(&a.text().collect::<String>()), "url": a.value().attr("href").unwrap_or_default() }))
        .collect();
    let text = page.get("Download the clinical trial summary");
    // The page's own words: the summary's languages ("English PDF"), or that none is available.
    d.fields.results_public_access = match documents.is_empty() {
        true => non_empty(&text),
        false => Some(format!("Clinical trial summary: {}", text.trim_matches([' ', '|']))),
    };
    if !documents.is_empty() {
        d.fields.extra.insert("resultDocuments".into(), Value::Array(documents));
    }
    if let Some(languages) = non_empty(&page.get("Other available languages")) {
        d.fields.extra.insert("otherLanguages".into(), Value::String(languages));
    }
}
