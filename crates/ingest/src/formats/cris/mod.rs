//! Korea's Clinical Research Information Service (CRIS): one record as the CRIS JSON
//! gives it (`cris_registration_number`, `public_or_brief_title`, `sites`, `arm`, …).
//! The record page is read into the same JSON shape (`cris_html`), so one mapping
//! serves both.
//!
//! The JSON carries the page's layout in its values: literal "\n\t" runs inside names
//! and dates, `\u0026#39;` for an apostrophe, and a trailing "," after design values
//! ("Phase3,"); `clean` undoes that. Keys this mapping does not read are kept in
//! `registryFields` under their own names.

mod people;

use serde_json::{Map, Value};
use trialdex_model::macros::fold_label;
use trialdex_model::*;

use crate::finish::finish;
use crate::formats::draft::Draft;
use crate::text::{clean_block, decode_entities};

/// A CRIS value as text: the page's escaped layout undone, `-` (CRIS's "none") dropped.
pub(crate) fn clean(raw: &str) -> Option<String> {
    let unescaped = raw.replace("\\n", "\n").replace("\\t", " ").replace("\\u0026", "&");
    let text = clean_block(&decode_entities(&unescaped));
    let text = text.trim_end_matches(',').trim();
    (!text.is_empty() && text != "-").then(|| text.to_owned())
}

/// One line: the layout's line breaks inside names and dates made spaces.
fn inline(raw: &str) -> Option<String> {
    clean(raw).map(|t| crate::text::clean_inline(&t))
}

/// The record being read: keys are taken out as they are read, so whatever is left
/// is what this mapping does not know.
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    fn take(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    fn text(&mut self, key: &str) -> Option<String> {
        self.take(key).as_ref().and_then(Value::as_str).and_then(inline)
    }

    fn block(&mut self, key: &str) -> Option<String> {
        self.take(key).as_ref().and_then(Value::as_str).and_then(clean)
    }

    fn list(&mut self, key: &str) -> Vec<Value> {
        match self.take(key) {
            Some(Value::Array(items)) => items,
            Some(Value::Object(object)) => vec![Value::Object(object)],
            _ => Vec::new(),
        }
    }
}

/// A field of a nested object (`sites[i].recruitment_status`) on one line.
fn text_in(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).and_then(inline)
}

/// One CRIS record (the JSON object, or what the page was read into) → one study.
pub(crate) fn to_study(record: Map<String, Value>, format: SourceFormat) -> Result<Study, String> {
    let mut f = Fields(record);
    let id = f.text("cris_registration_number").ok_or("the record has no cris_registration_number")?;
    let mut d = Draft::default();
    identification(&mut f, &mut d);
    status(&mut f, &mut d);
    design(&mut f, &mut d);
    people::eligibility(&mut f, &mut d);
    people::outcomes(&mut f, &mut d);
    people::sites_and_sponsors(&mut f, &mut d);
    people::contacts_and_review(&mut f, &mut d);
    let registry_id = ids::normalize(Registry::Cris, &id);
    if ids::registry_of(&registry_id) != Some(Registry::Cris) {
        d.warn("registrySection.registryId", format!("{id:?} is not a CRIS number (KCT and 7 digits)"));
    }
    // Whatever is left, under its CRIS name, so nothing the record holds is dropped.
    for (key, value) in std::mem::take(&mut f.0) {
        let kept = match &value {
            Value::String(s) => inline(s).map(Value::from),
            Value::Null => None,
            other => Some(other.clone()),
        };
        d.fields.extra.extend(kept.map(|v| (key, v)));
    }
    let section = RegistrySection {
        registry: Some(Registry::Cris),
        registry_id: Some(registry_id),
        registry_fields: Some(d.fields),
        warnings: d.warnings,
        ..Default::default()
    };
    let mut study = Study { protocol_section: Some(d.protocol), registry_section: Some(section), ..Default::default() };
    finish(&mut study, format);
    Ok(study)
}

fn identification(f: &mut Fields, d: &mut Draft) {
    let module = IdentificationModule {
        org_study_id_info: f.text("unique_protocol_id").map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() }),
        brief_title: f.text("public_or_brief_title"),
        official_title: f.text("scientific_title"),
        acronym: f.text("acronym"),
        ..Default::default()
    };
    if module.brief_title.is_none() {
        d.warn("protocolSection.identificationModule.briefTitle", "the record gives no public title");
    }
    d.protocol.identification_module = Some(module);
    d.protocol.description_module =
        f.block("lay_summary").map(|summary| DescriptionModule { brief_summary: Some(summary), ..Default::default() });
}

/// "2009-05-14 , Actual" → the date and whether it happened.
fn dated(text: Option<String>, field: &str, d: &mut Draft) -> Option<DateStruct> {
    let text = text?;
    let (date, kind) = text.split_once(',').map_or((text.as_str(), None), |(date, kind)| (date, Some(kind)));
    match PartialDate::parse(date.trim()) {
        Ok(date) => Some(DateStruct {
            date: Some(date),
            kind: kind.and_then(|k| DateType::from_label(k.trim())),
            ..Default::default()
        }),
        Err(_) => {
            d.warn(field, format!("expected a date, found {text:?}; left out"));
            None
        }
    }
}

fn status(f: &mut Fields, d: &mut Draft) {
    const STATUS: &str = "protocolSection.statusModule.overallStatus";
    let overall_status = f.text("overall_recruitment_status").map(|text| {
        Status::from_label(&text).unwrap_or_else(|| {
            d.warn(STATUS, format!("{text:?} is no CT.gov status; kept as written"));
            Status::Unlisted(text)
        })
    });
    if overall_status.is_none() {
        d.warn(STATUS, "the record gives no recruitment status");
    }
    let module = StatusModule {
        overall_status,
        start_date_struct: dated(f.text("date_of_first_enrollment"), "protocolSection.statusModule.startDateStruct", d),
        primary_completion_date_struct: dated(
            f.text("primary_completion_date"),
            "protocolSection.statusModule.primaryCompletionDateStruct",
            d,
        ),
        completion_date_struct: dated(
            f.text("study_completion_date"),
            "protocolSection.statusModule.completionDateStruct",
            d,
        ),
        ..Default::default()
    };
    d.protocol.status_module = Some(module);
}

/// A design value CRIS writes in CT.gov's words, or kept in `studyDesignText` and warned.
fn design_value<T>(text: Option<String>, read: impl Fn(&str) -> Option<T>, unmapped: &mut Vec<String>) -> Option<T> {
    let text = text?;
    let value = read(&text);
    if value.is_none() {
        unmapped.push(text);
    }
    value
}

fn design(f: &mut Fields, d: &mut Draft) {
    const DESIGN: &str = "protocolSection.designModule";
    let study_type = f.text("study_type").map(|text| {
        StudyType::from_label(&text).unwrap_or_else(|| {
            d.warn(format!("{DESIGN}.studyType"), format!("{text:?} is no CT.gov study type; kept as written"));
            StudyType::Unlisted(text)
        })
    });
    let phase_text = f.text("Phase").or_else(|| f.text("phase"));
    let phases = phase_text.as_deref().map(Phase::parse_labels).unwrap_or_default();
    if let Some(text) = phase_text.filter(|_| phases.is_empty()) {
        d.warn(format!("{DESIGN}.phases"), format!("{text:?} names no CT.gov phase; kept in studyPhaseText"));
        d.fields.study_phase_text = Some(text);
    }
    let mut unmapped = Vec::new();
    let allocation = design_value(
        f.text("allocation"),
        |t| match fold_label(t).as_str() {
            "rct" => Some(DesignAllocation::Randomized),
            _ => DesignAllocation::from_label(t),
        },
        &mut unmapped,
    );
    let info = DesignInfo {
        allocation,
        intervention_model: design_value(
            f.text("intervention_model"),
            InterventionalAssignment::from_label,
            &mut unmapped,
        ),
        primary_purpose: design_value(f.text("study_purpose"), PrimaryPurpose::from_label, &mut unmapped),
        masking_info: design_value(f.text("blinding_or_masking"), DesignMasking::from_label, &mut unmapped)
            .map(|masking| MaskingBlock { masking: Some(masking), ..Default::default() }),
        ..Default::default()
    };
    if !unmapped.is_empty() {
        d.warn(
            format!("{DESIGN}.designInfo"),
            format!("design values with no CT.gov value: {}; kept in studyDesignText", unmapped.join(", ")),
        );
        d.fields.study_design_text = Some(unmapped.join("; "));
    }
    let count = f.text("target_number_of_participants");
    let enrollment = count.as_deref().and_then(|c| c.replace(',', "").parse::<i64>().ok());
    if let (None, Some(text)) = (enrollment, &count) {
        d.warn(format!("{DESIGN}.enrollmentInfo"), format!("target number {text:?} is not a number"));
        d.fields.target_size_text = count.clone();
    }
    d.protocol.design_module = Some(DesignModule {
        study_type,
        phases,
        design_info: (info != DesignInfo::default()).then_some(info),
        enrollment_info: enrollment.map(|n| EnrollmentInfo { count: Some(n), ..Default::default() }),
        ..Default::default()
    });
    arms(f, d);
}

/// `arm`: label, planned size, type and description; `intervention_type` and
/// `intervention_description` describe the interventions as a whole.
fn arms(f: &mut Fields, d: &mut Draft) {
    let mut module = ArmsInterventionsModule::default();
    for arm in f.list("arm") {
        let label = text_in(&arm, "arm_label");
        let kind = text_in(&arm, "arm_type").map(|t| ArmGroupType::from_label(&t).unwrap_or(ArmGroupType::Unlisted(t)));
        // The JSON's key is singular; the page's label is read as the top-level field's plural.
        let size_text =
            text_in(&arm, "target_number_of_participant").or_else(|| text_in(&arm, "target_number_of_participants"));
        let size = size_text.as_deref().and_then(|s| s.replace(',', "").parse().ok());
        d.fields.group_sizes.push(GroupSize { label: label.clone(), size, ..Default::default() });
        module.arm_groups.push(ArmGroup {
            label,
            kind,
            description: text_in(&arm, "arm_description"),
            ..Default::default()
        });
    }
    if let Some(ArmGroupType::Unlisted(kind)) =
        module.arm_groups.iter().find_map(|a| a.kind.clone().filter(|k| matches!(k, ArmGroupType::Unlisted(_))))
    {
        d.warn(
            "protocolSection.armsInterventionsModule.armGroups",
            format!("arm type {kind:?} is no CT.gov arm type; kept as written"),
        );
    }
    let kind = f.text("intervention_type");
    let description = f.block("intervention_description");
    if kind.is_some() || description.is_some() {
        // CRIS gives an intervention no name of its own: its type and description only.
        module.interventions.push(Intervention {
            kind: kind.map(|k| InterventionType::from_label(&k).unwrap_or(InterventionType::Unlisted(k))),
            description,
            ..Default::default()
        });
    }
    if module != ArmsInterventionsModule::default() {
        d.protocol.arms_interventions_module = Some(module);
    }
}
