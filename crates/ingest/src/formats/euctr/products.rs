//! Section D (investigational medicinal products, placebo) → interventions, and the
//! MedDRA classification of E.1.2 → keywords plus `registryFields.meddra`.

use serde_json::{Value, json};
use trialdex_model::*;

use super::build::Draft;
use super::values::{self, Answer};
use super::{Field, Fields, all_in_group, in_group};
use crate::text::clean_inline;

/// One intervention per IMP: named by product name, else trade name, else INN; codes,
/// trade names and active substances are other names; role, form and route describe it.
pub(super) fn interventions(fields: &Fields, d: &mut Draft) -> Vec<Intervention> {
    let mut out = Vec::new();
    for group in fields.groups(|f| f.code == "D.IMP", "D.") {
        let product = in_group(&group, "D.3.1", "Product name");
        let trade = in_group(&group, "D.2.1.1.1", "Trade name");
        let mut names: Vec<String> = Vec::new();
        names.extend(product.clone());
        names.extend(trade.clone());
        names.extend(all_in_group(&group, "D.3.2", "Product code"));
        names.extend(all_in_group(&group, "D.3.8", "INN"));
        names.extend(all_in_group(&group, "D.3.9.3", "Other descriptive name"));
        let mut names: Vec<String> = names.iter().map(|n| clean_inline(n)).collect();
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let mut unique: Vec<String> = Vec::new();
        for name in names {
            if !unique.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
                unique.push(name);
            }
        }
        let Some((name, others)) = unique.split_first() else {
            d.warn(
                "protocolSection.armsInterventionsModule.interventions",
                "an IMP (D.IMP) has no product name, trade name or INN",
            );
            continue;
        };
        let mut description = Vec::new();
        for (code, label, shown) in [
            ("D.1.2", "IMP Role", "Role"),
            ("D.3.4", "Pharmaceutical form", "Pharmaceutical form"),
            ("D.3.7", "Routes of administration", "Route of administration"),
        ] {
            if let Some(value) = in_group(&group, code, label) {
                description.push(format!("{shown}: {}", lines_inline(&value)));
            }
        }
        let biological = [("D.3.11.2", "Active substance of biological"), ("D.3.11.3", "Advanced Therapy")]
            .iter()
            .any(|(code, label)| in_group(&group, code, label).is_some_and(|v| values::answer(&v) == Answer::Yes));
        out.push(Intervention {
            kind: Some(if biological { InterventionType::Biological } else { InterventionType::Drug }),
            name: Some(name.clone()),
            description: (!description.is_empty()).then(|| description.join("; ")),
            other_names: others.to_vec(),
            ..Default::default()
        });
    }
    for group in fields.groups(|f| f.code == "D.8" && f.label_is("Placebo"), "D.8.") {
        if in_group(&group, "D.8.1", "Is a Placebo used").is_some_and(|v| values::answer(&v) != Answer::Yes) {
            continue;
        }
        let mut description = Vec::new();
        if let Some(form) = in_group(&group, "D.8.3", "Pharmaceutical form") {
            description.push(format!("Pharmaceutical form: {}", lines_inline(&form)));
        }
        if let Some(route) = in_group(&group, "D.8.4", "Route of administration") {
            description.push(format!("Route of administration: {}", lines_inline(&route)));
        }
        out.push(Intervention {
            kind: Some(InterventionType::Drug),
            name: Some("Placebo".into()),
            description: (!description.is_empty()).then(|| description.join("; ")),
            ..Default::default()
        });
    }
    out
}

/// "Oral use\nIntravenous use" → "Oral use, Intravenous use".
fn lines_inline(text: &str) -> String {
    text.lines().map(clean_inline).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ")
}

/// MedDRA entries (version, level, code, term, system organ class) as the register gives
/// them, in `registryFields.meddra`; their terms are the study's keywords.
pub(super) fn meddra(fields: &Fields, d: &mut Draft) -> Vec<String> {
    let starts = |f: &Field| f.code == "E.1.2" && f.label_is("Medical condition or disease");
    let mut entries = Vec::new();
    let mut terms = Vec::new();
    for group in fields.groups(starts, "E.1.2") {
        let mut entry = serde_json::Map::new();
        for (label, key) in [
            ("Version", "version"),
            ("Level", "level"),
            ("Classification code", "classificationCode"),
            ("Term", "term"),
            ("System Organ Class", "systemOrganClass"),
        ] {
            if let Some(value) = in_group(&group, "E.1.2", label) {
                if key == "term" && !terms.contains(&value) {
                    terms.push(clean_inline(&value));
                }
                entry.insert(key.into(), json!(clean_inline(&value)));
            }
        }
        if !entry.is_empty() {
            entries.push(Value::Object(entry));
        }
    }
    if let Some(area) = fields.get("E.1.1.2", "Therapeutic area") {
        d.registry.extra.insert("therapeuticArea".into(), json!(clean_inline(&area)));
    }
    if let Some(lay) = fields.get("E.1.1.1", "Medical condition in easily understood language") {
        d.registry.extra.insert("conditionInLayLanguage".into(), json!(clean_inline(&lay)));
    }
    if let Some(rare) = fields.get("E.1.3", "Condition being studied is a rare disease") {
        d.registry.extra.insert("rareDisease".into(), json!(rare));
    }
    if !entries.is_empty() {
        d.registry.extra.insert("meddra".into(), Value::Array(entries));
    }
    terms
}
