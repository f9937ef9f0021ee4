//! `Record` → `Study`: English text into CT.gov's fields, Chinese text into
//! `registrySection.originalLanguage`, ChiCTR's own fields into `registryFields`, and a
//! warning for each field a reader would expect but the page leaves empty or unreadable.
//! Shared by every ChiCTR source: it knows fields, not pages.

use trialdex_model::{
    DateStruct, DescriptionModule, DesignInfo, DesignModule, EligibilityModule, IdentificationModule,
    IpdSharingStatementModule, MaskingBlock, ObservationalModel, OrgStudyIdInfo, OriginalText, OversightModule,
    ProtocolSection, Registry, RegistryFields, RegistrySection, SecondaryIdInfo, SecondaryIdType, StatusModule, Study,
    StudyType, Warning, ids,
};

use super::blocks;
use super::fields::Field as F;
use super::record::{Fields, Record};
use super::values;
use crate::text::clean_inline;

/// What `build` fills, section by section.
#[derive(Default)]
pub(super) struct Draft {
    pub protocol: ProtocolSection,
    pub original: OriginalText,
    pub registry: RegistryFields,
    pub warnings: Vec<Warning>,
}

impl Draft {
    pub fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(field, message));
    }
}

/// A one-line value: whitespace and line breaks made single spaces.
pub(super) fn line(value: Option<&str>) -> Option<String> {
    value.map(clean_inline).filter(|v| !v.is_empty())
}

/// A block of text as the page gives it, line breaks kept.
pub(super) fn block(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

pub fn build(record: &Record) -> Study {
    let main = &record.main;
    let mut draft =
        Draft { original: OriginalText { language: Some("zh".into()), ..Default::default() }, ..Default::default() };
    let registry_id = registry_id(main, &mut draft);
    identification(main, &mut draft);
    status(main, &mut draft);
    blocks::sponsors(record, &mut draft);
    description(main, &mut draft);
    design(main, &mut draft);
    blocks::groups(record, &mut draft);
    blocks::outcomes(record, &mut draft);
    eligibility(main, &mut draft);
    blocks::contacts(main, &mut draft);
    blocks::sites(record, &mut draft);
    blocks::ethics(main, &mut draft);
    blocks::samples(record, &mut draft);
    registry_only(main, &mut draft);
    ipd_sharing(main, &mut draft);

    let section = RegistrySection {
        registry: Some(Registry::Chictr),
        registry_id,
        original_language: Some(draft.original),
        registry_fields: Some(draft.registry),
        warnings: draft.warnings,
        ..Default::default()
    };
    Study { protocol_section: Some(draft.protocol), registry_section: Some(section), ..Default::default() }
}

/// The record's ChiCTR number from "注册号" / "Registration number"; never taken from
/// elsewhere on the page, where other trials' numbers may appear.
fn registry_id(main: &Fields, draft: &mut Draft) -> Option<String> {
    let value = main.any(F::RegistrationNumber)?;
    let found = ids::find_ids(value).into_iter().find(|id| id.registry == Registry::Chictr);
    if found.is_none() {
        draft.warn("registrySection.registryId", format!("the registration number {value:?} is not a ChiCTR number"));
    }
    found.map(|id| id.id)
}

fn identification(main: &Fields, draft: &mut Draft) {
    let mut module = IdentificationModule {
        brief_title: line(main.en(F::PublicTitle)),
        official_title: line(main.en(F::ScientificTitle)),
        acronym: line(main.en(F::Acronym)),
        ..Default::default()
    };
    draft.original.brief_title = line(main.zh(F::PublicTitle));
    draft.original.official_title = line(main.zh(F::ScientificTitle));
    draft.original.acronym = line(main.zh(F::Acronym));
    if module.brief_title.is_none() {
        let message = match draft.original.brief_title {
            Some(_) => "the page gives the public title in Chinese only (registrySection.originalLanguage.briefTitle)",
            None => "the page gives no public title",
        };
        draft.warn("protocolSection.identificationModule.briefTitle", message);
    }
    if let Some(id) = line(main.any(F::StudySubjectId)).filter(|id| !values::is_placeholder(id)) {
        module.org_study_id_info = Some(OrgStudyIdInfo { id: Some(id), ..Default::default() });
    }
    if let Some(partner) = line(main.any(F::PartnerRegistryNumber)).filter(|id| !values::is_placeholder(id)) {
        let found = ids::find_ids(&partner);
        let registry_id =
            |id: String| SecondaryIdInfo { id: Some(id), kind: Some(SecondaryIdType::Registry), ..Default::default() };
        module.secondary_id_infos = found.into_iter().map(|o| registry_id(o.id)).collect();
        if module.secondary_id_infos.is_empty() {
            // A number of a registry trialdex does not know: kept as written.
            module.secondary_id_infos.push(SecondaryIdInfo {
                id: Some(partner),
                kind: Some(SecondaryIdType::Other),
                ..Default::default()
            });
        }
    }
    draft.protocol.identification_module = Some(module);
}

fn status(main: &Fields, draft: &mut Draft) {
    let (en, zh) = (line(main.en(F::RecruitingStatus)), line(main.zh(F::RecruitingStatus)));
    let overall_status = values::status(en.as_deref(), zh.as_deref());
    let field = "protocolSection.statusModule.overallStatus";
    match (&overall_status, en.as_ref().or(zh.as_ref())) {
        (None, Some(text)) => {
            draft.warn(field, format!("recruiting status {text:?} maps to no CT.gov status; kept in registrySection.registryFields.recruitmentStatusText"));
            draft.registry.recruitment_status_text = Some(text.clone());
        }
        (None, None) => draft.warn(field, "the page gives no recruiting status"),
        _ => {}
    }
    draft.original.overall_status = zh;

    // ChiCTR gives the study's execution period without saying whether its dates are
    // actual or planned, so the dates carry no type; both periods stay in registryFields.
    let execute = main.any(F::StudyExecuteTime).and_then(values::period);
    let start =
        execute.as_ref().and_then(|p| p.start).map(|date| DateStruct { date: Some(date), ..Default::default() });
    let end = execute.as_ref().and_then(|p| p.end).map(|date| DateStruct { date: Some(date), ..Default::default() });
    if start.is_none() {
        draft.warn("protocolSection.statusModule.startDateStruct", "the page gives no start of the study execute time");
    }
    draft.registry.study_execute_time = execute;
    draft.registry.recruiting_time = main.any(F::RecruitingTime).and_then(values::period);
    draft.protocol.status_module = Some(StatusModule {
        overall_status,
        start_date_struct: start,
        completion_date_struct: end,
        ..Default::default()
    });
}

fn description(main: &Fields, draft: &mut Draft) {
    let brief_summary = block(main.en(F::Objectives));
    draft.original.brief_summary = block(main.zh(F::Objectives));
    if brief_summary.is_none() {
        draft
            .warn("protocolSection.descriptionModule.briefSummary", "the page gives no objectives of study in English");
    }
    let detailed_description = block(main.en(F::TreatmentDescription));
    if brief_summary.is_some() || detailed_description.is_some() {
        draft.protocol.description_module =
            Some(DescriptionModule { brief_summary, detailed_description, ..Default::default() });
    }
    // The target disease as the registry wrote it, typos and all.
    let conditions: Vec<String> = line(main.en(F::TargetDisease)).into_iter().collect();
    draft.original.conditions = line(main.zh(F::TargetDisease)).into_iter().collect();
    if conditions.is_empty() {
        draft.warn("protocolSection.conditionsModule.conditions", "the page gives no target disease in English");
    } else {
        draft.protocol.conditions_module = Some(trialdex_model::ConditionsModule { conditions, ..Default::default() });
    }
    draft.registry.target_disease_code = line(main.any(F::TargetDiseaseCode));
}

fn design(main: &Fields, draft: &mut Draft) {
    let mut module = DesignModule::default();
    let type_en = line(main.en(F::StudyType));
    module.study_type = values::study_type(type_en.as_deref(), main.zh(F::StudyType));
    draft.original.study_type = line(main.zh(F::StudyType));
    let type_field = "protocolSection.designModule.studyType";
    match (&module.study_type, type_en.or_else(|| draft.original.study_type.clone())) {
        (None, Some(text)) => {
            draft.warn(type_field, format!("study type {text:?} maps to no CT.gov study type; kept as written"));
            module.study_type = Some(StudyType::Unlisted(text));
        }
        (None, None) => draft.warn(type_field, "the page gives no study type"),
        _ => {}
    }

    let phase_en = line(main.en(F::StudyPhase));
    module.phases = values::phases(phase_en.as_deref(), main.zh(F::StudyPhase));
    draft.original.study_phase = line(main.zh(F::StudyPhase));
    draft.registry.study_phase_text = phase_en.clone().or_else(|| draft.original.study_phase.clone());
    if module.phases.is_empty() {
        let message = match &draft.registry.study_phase_text {
            Some(text) => format!(
                "study phase {text:?} maps to no CT.gov phase; kept in registrySection.registryFields.studyPhaseText"
            ),
            None => "the page gives no study phase".to_owned(),
        };
        draft.warn("protocolSection.designModule.phases", message);
    }

    let mut info = DesignInfo::default();
    let design_en = line(main.en(F::StudyDesign));
    draft.original.study_design = line(main.zh(F::StudyDesign));
    draft.registry.study_design_text = design_en.clone().or_else(|| draft.original.study_design.clone());
    if let Some(text) = &design_en {
        let observational = module.study_type == Some(StudyType::Observational);
        let mapped = if observational {
            let model = text.trim_end_matches(" study").trim_end_matches(" Study");
            info.observational_model = ObservationalModel::from_label(model);
            info.observational_model.is_some()
        } else if let Some((allocation, model)) = values::design(text) {
            info.allocation = allocation;
            info.intervention_model = Some(model);
            true
        } else {
            false
        };
        if !mapped {
            draft.warn("protocolSection.designModule.designInfo", format!("study design {text:?} maps to no CT.gov design; kept in registrySection.registryFields.studyDesignText"));
        }
    }
    let blinding = block(main.en(F::Blinding)).or_else(|| block(main.zh(F::Blinding)));
    if let Some(masking) = values::masking(main.en(F::Blinding), main.zh(F::Blinding)) {
        info.masking_info = Some(MaskingBlock { masking: Some(masking), ..Default::default() });
    } else if let Some(text) = &blinding {
        draft.warn(
            "protocolSection.designModule.designInfo.maskingInfo",
            format!("blinding {text:?} maps to no CT.gov masking; kept in registrySection.registryFields.blinding"),
        );
    }
    draft.registry.blinding = blinding;
    if info != DesignInfo::default() {
        module.design_info = Some(info);
    }
    draft.protocol.design_module = Some(module);
}

fn eligibility(main: &Fields, draft: &mut Draft) {
    let field = "protocolSection.eligibilityModule.eligibilityCriteria";
    let original = "registrySection.originalLanguage";
    let mut parts = Vec::new();
    for (criteria, heading, name) in [
        (F::InclusionCriteria, "Inclusion Criteria", "inclusion"),
        (F::ExclusionCriteria, "Exclusion Criteria", "exclusion"),
    ] {
        let (en, zh) = (main.en(criteria), main.zh(criteria));
        match (en, zh) {
            (Some(en), _) => parts.push(format!("{heading}:\n\n{en}")),
            (None, Some(_)) => {
                draft.warn(field, format!("the page gives {name} criteria in Chinese only ({original}.{name}Criteria)"))
            }
            (None, None) => draft.warn(
                field,
                format!("the page's {name} criteria are empty in Chinese and in English; none are listed"),
            ),
        }
        if en.is_some() && zh.is_none() {
            draft.warn(&format!("{original}.{name}Criteria"), format!("the page gives no Chinese {name} criteria"));
        }
    }
    draft.original.inclusion_criteria = block(main.zh(F::InclusionCriteria));
    draft.original.exclusion_criteria = block(main.zh(F::ExclusionCriteria));

    let mut module = EligibilityModule {
        eligibility_criteria: (!parts.is_empty()).then(|| parts.join("\n\n")),
        ..Default::default()
    };
    match main.any(F::ParticipantAge) {
        Some(text) => {
            (module.minimum_age, module.maximum_age) = values::ages(text);
            if module.minimum_age.is_none() && module.maximum_age.is_none() {
                draft.warn(
                    "protocolSection.eligibilityModule.minimumAge",
                    format!("participant age {:?} gives no age limit that could be read", clean_inline(text)),
                );
            }
        }
        None => draft.warn("protocolSection.eligibilityModule.minimumAge", "the page gives no participant age"),
    }
    let sex_en = line(main.en(F::Sex));
    draft.original.sex = line(main.zh(F::Sex));
    module.sex = values::sex(sex_en.as_deref(), draft.original.sex.as_deref());
    match (&module.sex, sex_en.or_else(|| draft.original.sex.clone())) {
        (None, Some(text)) => {
            draft.warn(
                "protocolSection.eligibilityModule.sex",
                format!("gender {text:?} maps to no CT.gov sex; kept as written"),
            );
            module.sex = Some(trialdex_model::Sex::Unlisted(text));
        }
        (None, None) => draft.warn("protocolSection.eligibilityModule.sex", "the page gives no gender"),
        _ => {}
    }
    draft.protocol.eligibility_module = Some(module);
}

/// ChiCTR fields with no CT.gov home, kept as the registry wrote them.
fn registry_only(main: &Fields, draft: &mut Draft) {
    let fields = &mut draft.registry;
    fields.registration_date = main.any(F::RegistrationDate).and_then(values::date);
    fields.registration_status = line(main.en(F::RegistrationStatus));
    fields.registration_status_original = line(main.zh(F::RegistrationStatus));
    fields.last_refreshed = line(main.any(F::LastRefreshed));
    fields.randomization_procedure =
        block(main.en(F::RandomizationProcedure)).or_else(|| block(main.zh(F::RandomizationProcedure)));
    fields.results_public_access = line(main.any(F::ResultsPublicAccess));
    fields.data_management = block(main.en(F::DataManagement));
    fields.data_management_original = block(main.zh(F::DataManagement));
    fields.data_monitoring_committee = line(main.any(F::DataMonitoringCommittee));
    if let Some(has_dmc) = fields.data_monitoring_committee.as_deref().and_then(values::yes_no) {
        draft.protocol.oversight_module =
            Some(OversightModule { oversight_has_dmc: Some(has_dmc), ..Default::default() });
    }
    if main.any(F::RegistrationDate).is_some() && draft.registry.registration_date.is_none() {
        draft.warn(
            "registrySection.registryFields.registrationDate",
            "the date of registration could not be read as a date",
        );
    }
}

fn ipd_sharing(main: &Fields, draft: &mut Draft) {
    let Some(text) = line(main.any(F::IpdSharing)) else {
        return;
    };
    let way = block(main.en(F::IpdSharingMethod)).or_else(|| block(main.zh(F::IpdSharingMethod)));
    let sharing = values::ipd_sharing(&text);
    if sharing.is_none() {
        draft.warn(
            "protocolSection.ipdSharingStatementModule.ipdSharing",
            format!("IPD sharing {text:?} maps to no CT.gov value; kept in registrySection.registryFields.ipdSharing"),
        );
    }
    // "None" as the way of sharing describes no plan; it stays in registryFields only.
    let description = way.clone().filter(|w| !values::is_placeholder(w));
    draft.protocol.ipd_sharing_statement_module =
        Some(IpdSharingStatementModule { ipd_sharing: sharing, description, ..Default::default() });
    draft.registry.ipd_sharing = Some(text);
    draft.registry.ipd_sharing_method = way;
}
