//! Seed 002: a ChiCTR bilingual detail page copied as text.

use trialdex_ingest::{SourceFormat, formats::chictr_page_text};
use trialdex_model::{
    DesignAllocation, DesignMasking, InterventionalAssignment, IpdSharing, Phase, Registry, Sex, Status, Study,
    StudyType, criteria,
};

use super::common::*;

fn seed_002() -> Study {
    let bytes = seed("002");
    assert_eq!(trialdex_ingest::sniff(&bytes), Ok(SourceFormat::ChictrPageText));
    one_record(&bytes)
}

/// The warnings' messages about `field`.
fn warnings_about(study: &Study, field: &str) -> Vec<String> {
    let section = study.registry_section.as_ref().expect("registrySection");
    let about = section.warnings.iter().filter(|w| w.field.as_deref() == Some(field));
    about.filter_map(|w| w.message.clone()).collect()
}

#[test]
fn ids_titles_and_source() {
    let study = seed_002();
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Chictr));
    assert_eq!(section.registry_id.as_deref(), Some("ChiCTR2600117810"));
    assert_eq!(section.source_format, Some(SourceFormat::ChictrPageText));
    assert_eq!(section.source_url, None, "the page shows no URL and the id does not give one");
    assert_eq!(section.other_ids.len(), 1);
    assert_eq!(section.other_ids[0].id, "ChiCTR2600117810");

    let id = study.protocol_section.as_ref().unwrap().identification_module.as_ref().unwrap();
    let english = "Exploratory Study on Standard Immunosuppressive Therapy Combined with Umbilical Cord Blood Mononuclear Cell Infusion for Severe Aplastic Anemia";
    assert_eq!(id.brief_title.as_deref(), Some(english));
    assert_eq!(id.official_title.as_deref(), Some(english));
    assert_eq!(id.nct_id, None);
    // Acronym, study subject ID and partner registry number are empty on the page.
    assert_eq!(id.acronym, None);
    assert_eq!(id.org_study_id_info, None);
    assert!(id.secondary_id_infos.is_empty());

    let zh = section.original_language.as_ref().unwrap();
    assert_eq!(zh.language.as_deref(), Some("zh"));
    let chinese = "标准免疫抑制疗法联合脐带血单个核细胞输注治疗重型再生障碍性贫血的探索性研究";
    assert_eq!(zh.brief_title.as_deref(), Some(chinese));
    assert_eq!(zh.official_title.as_deref(), Some(chinese));

    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.registration_date.map(|d| d.to_string()).as_deref(), Some("2026-01-29"));
    assert_eq!(fields.registration_status.as_deref(), Some("Prospective registration"));
    assert_eq!(fields.last_refreshed.as_deref(), Some("2026-02-12 08:06:23"));
}

#[test]
fn status_type_phase_and_design() {
    let study = seed_002();
    let protocol = study.protocol_section.as_ref().unwrap();
    let zh = study.registry_section.as_ref().unwrap().original_language.as_ref().unwrap();
    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();

    let status = protocol.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::NotYetRecruiting));
    assert_eq!(zh.overall_status.as_deref(), Some("尚未开始"));
    // ChiCTR does not say whether these dates are actual or planned: no type.
    let start = status.start_date_struct.as_ref().unwrap();
    assert_eq!((start.date.unwrap().to_string(), &start.kind), ("2026-02-01".into(), &None));
    assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2026-10-31");
    let execute = fields.study_execute_time.as_ref().unwrap();
    assert_eq!(execute.end.unwrap().to_string(), "2026-10-31");
    let recruiting = fields.recruiting_time.as_ref().unwrap();
    assert_eq!(
        (recruiting.start.unwrap().to_string(), recruiting.end.unwrap().to_string()),
        ("2026-02-01".into(), "2026-04-30".into())
    );

    let design = protocol.design_module.as_ref().unwrap();
    assert_eq!(design.study_type, Some(StudyType::Interventional));
    assert_eq!(zh.study_type.as_deref(), Some("干预性研究"));
    assert_eq!(design.phases, [Phase::Phase2]);
    assert_eq!(zh.study_phase.as_deref(), Some("II期临床试验"));
    assert_eq!(fields.study_phase_text.as_deref(), Some("2"));
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.intervention_model, Some(InterventionalAssignment::SingleGroup));
    assert_eq!(info.allocation, Some(DesignAllocation::Na));
    assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::None));
    assert_eq!(fields.study_design_text.as_deref(), Some("Single arm"));
    assert_eq!(zh.study_design.as_deref(), Some("单臂"));
    assert_eq!(fields.blinding.as_deref(), Some("None"));
    assert_eq!(fields.randomization_procedure.as_deref(), Some("None"));

    let summary = protocol.description_module.as_ref().unwrap().brief_summary.as_deref().unwrap();
    assert!(summary.starts_with("Evaluate whether the infusion of anti thymocyte globulin"), "{summary}");
    assert!(zh.brief_summary.as_deref().unwrap().starts_with("评价抗胸腺细胞球蛋白"));
}

#[test]
fn conditions_in_both_languages_as_written() {
    let study = seed_002();
    let conditions = &study.protocol_section.as_ref().unwrap().conditions_module.as_ref().unwrap().conditions;
    assert_eq!(conditions, &["Sever aplastic anemia"]);
    let zh = study.registry_section.as_ref().unwrap().original_language.as_ref().unwrap();
    assert_eq!(zh.conditions, ["重型再生障碍性贫血"]);
}

#[test]
fn the_group_its_intervention_and_its_sample_size() {
    let study = seed_002();
    let protocol = study.protocol_section.as_ref().unwrap();
    let arms = protocol.arms_interventions_module.as_ref().unwrap();
    assert_eq!(arms.arm_groups.len(), 1);
    assert_eq!(arms.arm_groups[0].label.as_deref(), Some("Trial group"));
    assert_eq!(arms.interventions.len(), 1);
    let intervention = arms.interventions[0].name.as_deref().unwrap();
    assert!(
        intervention.starts_with("Standard immunosuppressive therapy (rabbit ATG 3mg/kg/d for 5 days"),
        "{intervention}"
    );
    assert_eq!(arms.interventions[0].arm_group_labels, ["Trial group"]);
    assert_eq!(arms.arm_groups[0].intervention_names, [intervention]);

    let section = study.registry_section.as_ref().unwrap();
    let group = &section.registry_fields.as_ref().unwrap().group_sizes[0];
    assert_eq!(
        (group.label.as_deref(), group.label_original.as_deref(), group.size),
        (Some("Trial group"), Some("试验组"), Some(10))
    );
    assert!(group.intervention_original.as_deref().unwrap().starts_with("标准免疫抑制疗法(兔ATG 3mg/kg/d×5天"));
    let zh = section.original_language.as_ref().unwrap();
    assert_eq!(zh.arm_groups, ["试验组"]);
    assert_eq!(zh.interventions.len(), 1);

    // The sum of the group sizes, with no type: ChiCTR does not say actual or planned.
    let enrollment = protocol.design_module.as_ref().unwrap().enrollment_info.as_ref().unwrap();
    assert_eq!((enrollment.count, &enrollment.kind), (Some(10), &None));
}

#[test]
fn outcomes_with_their_registry_types() {
    let study = seed_002();
    let outcomes = study.protocol_section.as_ref().unwrap().outcomes_module.as_ref().unwrap();
    let measures =
        |list: &[trialdex_model::Outcome]| list.iter().map(|o| o.measure.clone().unwrap()).collect::<Vec<_>>();
    assert_eq!(
        measures(&outcomes.primary_outcomes),
        [
            "The overall response rate (ORR) at 4 weeks, 8 weeks, and 12 weeks after IST",
            "The complete response rate (CRR) at 4 weeks, 8 weeks, and 12 weeks after IST",
        ]
    );
    assert_eq!(
        measures(&outcomes.secondary_outcomes),
        [
            "Recovery time of neutrophils, hemoglobin and platelets",
            "Complication rate (including seropathy, infection, bleeding, liver and kidney function damage, etc.)",
            "Recurrence rate",
        ]
    );
    assert_eq!(outcomes.other_outcomes.len(), 1);
    assert!(measures(&outcomes.other_outcomes)[0].starts_with("Safety indicators (including: adverse events"));
    // Time points and methods are empty on the page.
    assert!(outcomes.primary_outcomes.iter().all(|o| o.time_frame.is_none() && o.description.is_none()));

    let section = study.registry_section.as_ref().unwrap();
    let typed = &section.registry_fields.as_ref().unwrap().outcome_types;
    let kinds: Vec<&str> = typed.iter().map(|o| o.kind.as_deref().unwrap()).collect();
    assert_eq!(kinds, ["primary", "primary", "secondary", "secondary", "secondary", "adverse-events"]);
    assert_eq!(typed[5].kind_text.as_deref(), Some("Adverse events"));
    assert_eq!(typed[0].measure_original.as_deref(), Some("IST后4周、8周、12周的总反应率(ORR)"));
    assert_eq!(typed[4].measure_original.as_deref(), Some("复发率"));
    let zh = section.original_language.as_ref().unwrap();
    assert_eq!(zh.outcomes.len(), 6);
    assert_eq!(zh.outcomes[2], "中性粒细胞、血红蛋白、血小板恢复时间");
}

#[test]
fn eligibility_with_empty_inclusion_criteria() {
    let study = seed_002();
    let eligibility = study.protocol_section.as_ref().unwrap().eligibility_module.as_ref().unwrap();
    assert_eq!(eligibility.minimum_age.as_deref(), Some("18 Years"));
    assert_eq!(eligibility.maximum_age.as_deref(), Some("60 Years"));
    assert_eq!(eligibility.sex, Some(Sex::All));
    assert_eq!(eligibility.healthy_volunteers, None, "the page does not say");

    let text = eligibility.eligibility_criteria.as_deref().unwrap();
    assert!(
        text.starts_with("Exclusion Criteria:\n\n1. Aplastic anemia caused by malignant tumor treatment"),
        "{text}"
    );
    let split = criteria::split(text);
    assert!(split.inclusion.is_empty(), "the page's inclusion criteria are empty: {:?}", split.inclusion);
    assert_eq!(split.exclusion.len(), 8, "{:?}", split.exclusion);
    assert_eq!(split.exclusion[4], "Pregnant or lactating women");
    assert_eq!(split.exclusion[7], "Other researchers consider patients unsuitable for inclusion.");

    let zh = study.registry_section.as_ref().unwrap().original_language.as_ref().unwrap();
    assert_eq!(zh.inclusion_criteria, None);
    let exclusion_zh = zh.exclusion_criteria.as_deref().unwrap();
    assert_ne!(zh.inclusion_criteria.as_deref(), Some(exclusion_zh));
    let split_zh = criteria::split(&format!("Exclusion criteria:\n{exclusion_zh}"));
    assert_eq!(split_zh.exclusion.len(), 8, "{:?}", split_zh.exclusion);
    assert_eq!(split_zh.exclusion[0], "因恶性肿瘤治疗引起的再生障碍性贫血,或患者合并恶性肿瘤");
    assert_eq!(zh.sex.as_deref(), Some("男女均可"));

    let warnings = warnings_about(&study, "protocolSection.eligibilityModule.eligibilityCriteria");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("inclusion criteria are empty"), "{warnings:?}");
}

#[test]
fn sponsor_funding_people_and_ethics() {
    let study = seed_002();
    let protocol = study.protocol_section.as_ref().unwrap();
    let hospital = "Blood Disease Hospital, Chinese Academy of Medical Sciences (Institute of Hematology, Chinese Academy of Medical Sciences)";
    let sponsors = protocol.sponsor_collaborators_module.as_ref().unwrap();
    assert_eq!(sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(), Some(hospital));
    assert_eq!(sponsors.collaborators.len(), 1);
    assert_eq!(sponsors.collaborators[0].name.as_deref(), Some(hospital));

    let contacts = protocol.contacts_locations_module.as_ref().unwrap();
    let official = &contacts.overall_officials[0];
    assert_eq!((official.name.as_deref(), official.affiliation.as_deref()), (Some("Li Jianping"), Some(hospital)));
    // The applicant is the study leader: one contact.
    assert_eq!(contacts.central_contacts.len(), 1);
    let contact = &contacts.central_contacts[0];
    assert_eq!(
        (contact.phone.as_deref(), contact.email.as_deref()),
        (Some("+86 138 2096 1539"), Some("lijianping@ihcams.ac.cn"))
    );

    let section = study.registry_section.as_ref().unwrap();
    let zh = section.original_language.as_ref().unwrap();
    assert_eq!(zh.lead_sponsor.as_deref(), Some("中国医学科学院血液病医院(中国医学科学院血液学研究所)"));
    assert_eq!(zh.funding_sources, ["自筹"]);
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.funding_sources, ["Self-funded"]);
    let applicant = fields.applicant.as_ref().unwrap();
    assert_eq!((applicant.name.as_deref(), applicant.name_original.as_deref()), (Some("Li Jianping"), Some("李建平")));
    assert_eq!(applicant.address.as_deref(), Some("No. 288, Nanjing Road, Heping District, Tianjin"));

    assert_eq!(fields.ethics_approvals.len(), 1);
    let ethics = &fields.ethics_approvals[0];
    assert_eq!(ethics.approved, Some(true));
    assert_eq!(ethics.approval_number.as_deref(), Some("IIT2025058-EC-1"));
    assert_eq!(ethics.approval_date.map(|d| d.to_string()).as_deref(), Some("2025-05-09"));
    assert_eq!(
        (ethics.contact_name.as_deref(), ethics.contact_name_original.as_deref()),
        (Some("Wang Qirou"), Some("王启柔"))
    );
    let leader = fields.study_leader.as_ref().expect("the study leader");
    assert_eq!((leader.name.as_deref(), leader.name_original.as_deref()), (Some("Li Jianping"), Some("李建平")));
    assert_eq!(leader.email.as_deref(), Some("lijianping@ihcams.ac.cn"));
    assert_eq!(fields.registration_status_original.as_deref(), Some("预注册"));
    assert_eq!(
        ethics.committee.as_deref(),
        Some(
            "Ethics Review Committee of the Hematology Hospital (Hematology Institute) of the Chinese Academy of Medical Sciences"
        )
    );
    assert_eq!(
        ethics.committee_original.as_deref(),
        Some("中国医学科学院血液病医院(中国医学科学院血液学研究所)伦理审查委员会")
    );
    assert_eq!(ethics.contact_name.as_deref(), Some("Wang Qirou"));
    assert_eq!(ethics.contact_phone.as_deref(), Some("+86 138 2096 1539"));
    assert_eq!(ethics.contact_email, None, "empty on the page");
}

#[test]
fn site_samples_ipd_and_data_management() {
    let study = seed_002();
    let protocol = study.protocol_section.as_ref().unwrap();
    let locations = &protocol.contacts_locations_module.as_ref().unwrap().locations;
    assert_eq!(locations.len(), 1);
    let site = &locations[0];
    assert!(site.facility.as_deref().unwrap().starts_with("Blood Disease Hospital"));
    assert_eq!(
        (site.city.as_deref(), site.state.as_deref(), site.country.as_deref()),
        (None, Some("Tianjin"), Some("China"))
    );

    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    let level = &fields.institution_levels[0];
    assert_eq!((level.level.as_deref(), level.level_original.as_deref()), (Some("Tertiary A"), Some("三甲")));
    assert_eq!(level.facility, site.facility);

    assert_eq!(fields.sample_collection.len(), 1);
    let sample = &fields.sample_collection[0];
    assert_eq!((sample.name.as_deref(), sample.name_original.as_deref()), (Some("Blood"), Some("血液")));
    assert_eq!(
        (sample.fate.as_deref(), sample.fate_original.as_deref()),
        (Some("Destruction after use"), Some("使用后销毁"))
    );
    assert_eq!((sample.tissue.as_deref(), sample.note.as_deref()), (None, None));

    let ipd = protocol.ipd_sharing_statement_module.as_ref().unwrap();
    assert_eq!(ipd.ipd_sharing, Some(IpdSharing::No));
    assert_eq!(fields.ipd_sharing.as_deref(), Some("否No"));
    assert_eq!(fields.ipd_sharing_method.as_deref(), Some("None"));
    assert_eq!(fields.data_management.as_deref(), Some("Case Record Form, CRF"));
    assert_eq!(fields.data_monitoring_committee.as_deref(), Some("暂未确定/Not yet"));
    assert_eq!(fields.results_public_access.as_deref(), Some("公开/Public"));
    assert_eq!(protocol.oversight_module, None, "\"not yet\" decides nothing");
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!("chictr_page_text_002", seed_002());
}

#[test]
fn gb18030_page_reads_the_same() {
    let bytes = seed("002");
    let text = String::from_utf8(bytes).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let parsed = chictr_page_text::parse(&gb);
    assert_eq!(parsed.records.len(), 1);
    assert_eq!(parsed.records[0], seed_002());
    assert!(parsed.diagnostics.iter().any(|d| d.message.to_lowercase().contains("gb")), "{:?}", parsed.diagnostics);
}

#[test]
fn truncated_pages_never_panic() {
    let bytes = seed("002");
    for end in (0..bytes.len()).step_by(500).chain([bytes.len() - 1]) {
        let parsed = chictr_page_text::parse(&bytes[..end]);
        assert!(parsed.records.len() <= 1);
        if let Ok(text) = std::str::from_utf8(&bytes[..end]) {
            // Cut at a character boundary: decoded as UTF-8, and never a record beyond what was read.
            if !text.contains("Recruiting status") {
                for study in &parsed.records {
                    let status = study
                        .protocol_section
                        .as_ref()
                        .and_then(|p| p.status_module.as_ref())
                        .and_then(|s| s.overall_status.clone());
                    assert_eq!(status, None, "cut at {end}");
                }
            }
        }
    }
}

#[test]
fn a_page_with_only_its_header_gives_a_record_with_warnings() {
    let bytes = seed("002");
    let text = String::from_utf8(bytes).unwrap();
    let header_end = text.find("注册号状态").unwrap();
    let parsed = chictr_page_text::parse(&text.as_bytes()[..header_end]);
    assert_eq!(parsed.records.len(), 1, "{:?}", parsed.diagnostics);
    let study = &parsed.records[0];
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry_id.as_deref(), Some("ChiCTR2600117810"));
    for field in [
        "protocolSection.identificationModule.briefTitle",
        "protocolSection.statusModule.overallStatus",
        "protocolSection.designModule.studyType",
        "protocolSection.designModule.phases",
        "protocolSection.conditionsModule.conditions",
        "protocolSection.eligibilityModule.sex",
        "protocolSection.outcomesModule.primaryOutcomes",
    ] {
        assert!(!warnings_about(study, field).is_empty(), "no warning about {field}: {:?}", section.warnings);
    }

    // Only the title line above the first label: no record, an error.
    let title_only = &text.as_bytes()[..text.find("注册号").unwrap()];
    let parsed = chictr_page_text::parse(title_only);
    assert!(parsed.records.is_empty());
    assert_eq!(parsed.errors().count(), 1);
}

proptest::proptest! {
    /// Pages made of real labels, values and odd lines in any order never panic.
    #[test]
    fn shuffled_labels_and_values_never_panic(lines in proptest::collection::vec(proptest::sample::select(vec![
        "注册号:", "Registration number:", "ChiCTR2600117810", "干预措施:", "Interventions:", "组别:", "Group:",
        "样本量:", "10", "99999999999999999999", "国家:", "Country:", "Institution", "hospital:", "测量指标:",
        "指标类型:", "Type:", "副作用指标", "最小 Min age 18 years", "年龄范围:", "From 2026-02-01 To", "",
        "尚未开始", "Not yet recruiting", "说明", "研究实施地点:", "采集人体标本:", "否No", "：", "再", "é",
    ]), 0..60)) {
        let page = lines.join("\n");
        let _ = chictr_page_text::parse(page.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
        let _ = chictr_page_text::parse(&bytes);
    }
}
