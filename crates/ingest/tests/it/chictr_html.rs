//! ChiCTR pages as HTML: the bilingual detail page of ChiCTR2400084905 and a search-results page.

use trialdex_ingest::{Severity, SourceFormat, formats::chictr_html};
use trialdex_model::{
    DesignMasking, InterventionalAssignment, IpdSharing, Phase, Registry, Sex, Status, Study, StudyType, criteria,
};

use super::common::*;

fn detail_page() -> Study {
    let bytes = std::fs::read(shared("corpus/chictr/ChiCTR2400084905_detail_bilingual.html")).unwrap();
    assert_eq!(trialdex_ingest::sniff(&bytes), Ok(SourceFormat::ChictrHtml));
    one_record(&bytes)
}

#[test]
fn ids_titles_status_and_dates() {
    let study = detail_page();
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Chictr));
    assert_eq!(section.registry_id.as_deref(), Some("ChiCTR2400084905"));
    assert_eq!(section.source_format, Some(SourceFormat::ChictrHtml));
    assert!(section.warnings.is_empty(), "{:?}", section.warnings);
    let protocol = study.protocol_section.as_ref().unwrap();
    let id = protocol.identification_module.as_ref().unwrap();
    assert!(id.brief_title.as_deref().unwrap().starts_with("SUNRAY-01, A Global Pivotal Study in Participants"));
    assert!(id.acronym.as_deref().unwrap().starts_with("LY3537982 in Combination with Pembrolizumab"));
    let zh = section.original_language.as_ref().unwrap();
    assert!(zh.brief_title.as_deref().unwrap().starts_with("SUNRAY-01，一项比较LY3537982联合帕博利珠单抗"));
    assert!(zh.acronym.as_deref().unwrap().starts_with("一项LY3537982联合帕博利珠单抗"));

    let status = protocol.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::NotYetRecruiting));
    assert_eq!(zh.overall_status.as_deref(), Some("尚未开始"));
    assert_eq!(status.start_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2024-06-01");
    assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2029-10-01");
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.recruiting_time.as_ref().unwrap().end.unwrap().to_string(), "2026-06-01");
    assert_eq!(fields.registration_date.unwrap().to_string(), "2024-05-28");
    assert_eq!(fields.last_refreshed.as_deref(), Some("2024-05-28 08:56:14"));
    assert_eq!(
        (fields.registration_status.as_deref(), fields.registration_status_original.as_deref()),
        (Some("Prospective registration"), Some("预注册"))
    );
}

#[test]
fn type_phase_design_and_conditions() {
    let study = detail_page();
    let protocol = study.protocol_section.as_ref().unwrap();
    let zh = study.registry_section.as_ref().unwrap().original_language.as_ref().unwrap();
    let design = protocol.design_module.as_ref().unwrap();
    assert_eq!(design.study_type, Some(StudyType::Interventional));
    assert_eq!(design.phases, [Phase::Phase3]);
    assert_eq!((zh.study_type.as_deref(), zh.study_phase.as_deref()), (Some("干预性研究"), Some("III期临床试验")));
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
    assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::Double));
    assert_eq!(zh.study_design.as_deref(), Some("随机平行对照"));
    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    assert_eq!(fields.randomization_procedure.as_deref(), Some("Randomization by IWRS system"));
    assert_eq!(
        protocol.conditions_module.as_ref().unwrap().conditions,
        ["KRAS G12C-Mutant, Locally Advanced or Metastatic Non-Small Cell Lung Cancer"]
    );
    assert_eq!(zh.conditions, ["KRAS G12C突变、局部晚期或转移性非小细胞肺癌"]);
}

#[test]
fn four_groups_with_their_sample_sizes_and_outcomes_with_types() {
    let study = detail_page();
    let protocol = study.protocol_section.as_ref().unwrap();
    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    let groups: Vec<(&str, &str, i64)> = fields
        .group_sizes
        .iter()
        .map(|g| (g.label.as_deref().unwrap(), g.label_original.as_deref().unwrap(), g.size.unwrap()))
        .collect();
    assert_eq!(
        groups,
        [
            ("experimental group（Part A）", "试验组（A部分）", 192),
            ("control group（Part A）", "对照组（A部分）", 192),
            ("experimental group（Part B）", "试验组（B部分）", 276),
            ("control group（Part B）", "对照组（B部分）", 276),
        ]
    );
    assert_eq!(protocol.design_module.as_ref().unwrap().enrollment_info.as_ref().unwrap().count, Some(936));
    let arms = protocol.arms_interventions_module.as_ref().unwrap();
    assert_eq!(arms.interventions[1].name.as_deref(), Some("placebo with pembrolizumab"));
    assert_eq!(fields.group_sizes[1].intervention_original.as_deref(), Some("安慰剂联合帕博利珠单抗"));

    let outcomes = protocol.outcomes_module.as_ref().unwrap();
    assert_eq!(outcomes.primary_outcomes[0].measure.as_deref(), Some("progression-free survival"));
    let secondary: Vec<&str> = outcomes.secondary_outcomes.iter().map(|o| o.measure.as_deref().unwrap()).collect();
    assert_eq!(secondary, ["Overall survival", "overall response rate"]);
    let typed: Vec<(&str, &str, &str)> = fields
        .outcome_types
        .iter()
        .map(|o| (o.kind.as_deref().unwrap(), o.kind_text.as_deref().unwrap(), o.measure_original.as_deref().unwrap()))
        .collect();
    assert_eq!(
        typed,
        [
            ("primary", "Primary indicator", "无进展生存期"),
            ("secondary", "Secondary indicator", "总生存期"),
            ("secondary", "Secondary indicator", "总缓解率"),
        ]
    );
    assert!(outcomes.primary_outcomes[0].description.as_deref().unwrap().starts_with("Imaging assessment"));
}

#[test]
fn eligibility_in_both_languages() {
    let study = detail_page();
    let eligibility = study.protocol_section.as_ref().unwrap().eligibility_module.as_ref().unwrap();
    // "最大 Max age [empty] 岁 years": no maximum on the page.
    assert_eq!((eligibility.minimum_age.as_deref(), eligibility.maximum_age.as_deref()), (Some("18 Years"), None));
    assert_eq!(eligibility.sex, Some(Sex::All));
    let split = criteria::split(eligibility.eligibility_criteria.as_deref().unwrap());
    assert_eq!(split.inclusion.len(), 12, "{:?}", split.inclusion);
    assert!(split.inclusion[6].starts_with("Ability to swallow capsules"), "{:?}", split.inclusion);
    assert!(split.exclusion.len() >= 12, "{:?}", split.exclusion);
    let zh = study.registry_section.as_ref().unwrap().original_language.as_ref().unwrap();
    assert!(zh.inclusion_criteria.as_deref().unwrap().starts_with("1 经组织学或细胞学证实的IIIB-IIIC期或IV期NSCLC"));
    assert!(zh.inclusion_criteria.as_deref().unwrap().contains("\n7 能够吞咽胶囊。"), "<br> keeps the lines");
    assert!(zh.exclusion_criteria.as_deref().unwrap().starts_with("13 有记录的其他经验证的靶向致癌驱动基因突变"));
    assert_eq!(zh.sex.as_deref(), Some("男女均可"));
}

#[test]
fn sponsors_people_funding_and_ethics() {
    let study = detail_page();
    let protocol = study.protocol_section.as_ref().unwrap();
    let sponsors = protocol.sponsor_collaborators_module.as_ref().unwrap();
    assert_eq!(sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(), Some("Jilin Cancer Hospital"));
    assert_eq!(sponsors.collaborators[0].name.as_deref(), Some("Jilin Cancer Hospital"));
    let section = study.registry_section.as_ref().unwrap();
    let (zh, fields) = (section.original_language.as_ref().unwrap(), section.registry_fields.as_ref().unwrap());
    assert_eq!(zh.lead_sponsor.as_deref(), Some("吉林省肿瘤医院"));
    assert_eq!(
        (fields.funding_sources.as_slice(), zh.funding_sources.as_slice()),
        (&["Eli Lilly and Company".to_owned()][..], &["礼来苏州制药有限公司".to_owned()][..])
    );
    let leader = fields.study_leader.as_ref().unwrap();
    assert_eq!((leader.name.as_deref(), leader.name_original.as_deref()), (Some("cheng ying"), Some("程颖")));
    assert_eq!(leader.phone.as_deref(), Some("+86 150 4404 4052"));
    let applicant = fields.applicant.as_ref().unwrap();
    assert_eq!(
        (applicant.name.as_deref(), applicant.email.as_deref()),
        (Some("Jiao Zhang"), Some("zhang_jiao2@lilly.com"))
    );
    assert_eq!(protocol.contacts_locations_module.as_ref().unwrap().central_contacts.len(), 2);

    let ethics = &fields.ethics_approvals[0];
    assert_eq!(ethics.approved, Some(true));
    assert_eq!(ethics.approval_number.as_deref(), Some("202311-105-02；202311-105-01"));
    assert_eq!(ethics.approval_date.unwrap().to_string(), "2023-12-22");
    assert_eq!(ethics.committee.as_deref(), Some("Jilin Province Cancer Hospital Institutional Review Board"));
    assert_eq!(ethics.committee_original.as_deref(), Some("吉林省肿瘤医院伦理委员会"));
    assert_eq!(
        (ethics.contact_name.as_deref(), ethics.contact_name_original.as_deref()),
        (Some("Zhang Ning"), Some("张宁"))
    );
    assert_eq!(ethics.contact_email.as_deref(), Some("JPCHIRB@163.com"));
}

#[test]
fn sites_with_levels_samples_and_ipd() {
    let study = detail_page();
    let protocol = study.protocol_section.as_ref().unwrap();
    let locations = &protocol.contacts_locations_module.as_ref().unwrap().locations;
    // The page lists 43 site entries (32 distinct hospitals; some are listed more than once).
    assert_eq!(locations.len(), 43);
    assert_eq!(
        (locations[0].facility.as_deref(), locations[0].state.as_deref(), locations[0].country.as_deref()),
        (Some("Jilin Cancer Hospital"), Some("Jilin"), Some("China"))
    );
    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    assert_eq!(fields.institution_levels.len(), 43);
    let level = &fields.institution_levels[0];
    assert_eq!((level.level.as_deref(), level.level_original.as_deref()), (Some("Tertiary A"), Some("三级甲等")));

    let samples: Vec<(&str, &str)> = fields
        .sample_collection
        .iter()
        .map(|s| (s.name.as_deref().unwrap(), s.name_original.as_deref().unwrap()))
        .collect();
    assert_eq!(samples[0], ("PK", "PK检测血样"));
    assert_eq!(samples.len(), 4);
    let sample = &fields.sample_collection[0];
    assert_eq!(
        (sample.fate.as_deref(), sample.fate_original.as_deref()),
        (Some("Destruction after use"), Some("使用后销毁"))
    );
    assert_eq!((sample.tissue.as_deref(), sample.note.as_deref()), (None, None), "empty on the page");

    assert_eq!(protocol.ipd_sharing_statement_module.as_ref().unwrap().ipd_sharing, Some(IpdSharing::No));
    assert_eq!(fields.ipd_sharing.as_deref(), Some("否No"));
    assert_eq!(fields.data_monitoring_committee.as_deref(), Some("有/Yes"));
    assert_eq!(protocol.oversight_module.as_ref().unwrap().oversight_has_dmc, Some(true));
    assert_eq!(fields.results_public_access.as_deref(), Some("不公开/Private"));
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!("chictr_html_ChiCTR2400084905", detail_page());
}

#[test]
fn a_search_results_page_is_a_note_not_a_record() {
    let bytes = std::fs::read(shared("corpus/chictr/search_results_page.html")).unwrap();
    assert_eq!(trialdex_ingest::sniff(&bytes), Ok(SourceFormat::ChictrHtml));
    let parsed = trialdex_ingest::parse(&bytes).unwrap();
    assert!(parsed.records.is_empty());
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    let note = &parsed.diagnostics[0];
    assert_eq!(note.severity, Severity::Note);
    assert!(note.message.starts_with("a ChiCTR search-results page: 32 trials match its search, 10 listed on this page (ChiCTR2500111173, ChiCTR2500110467,"), "{note}");
    assert!(note.message.ends_with("; it holds no trial record"), "{note}");
}

#[test]
fn truncated_pages_never_panic() {
    let bytes = std::fs::read(shared("corpus/chictr/ChiCTR2400084905_detail_bilingual.html")).unwrap();
    for end in (0..bytes.len()).step_by(9973) {
        let parsed = chictr_html::parse(&bytes[..end]);
        assert!(parsed.records.len() <= 1);
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_cells_never_panic(cells in proptest::collection::vec(proptest::sample::select(vec![
        "<td class=\"left_title\"><p class=\"cn\">注册号：</p></td>", "<td>ChiCTR2400084905</td>", "<tr>", "</tr>",
        "<table>", "</table>", "<td><p class=\"cn\">组别：</p></td>", "<td>192</td>", "<td><p>再</p></td>", "<br>",
        "<td class=\"left_title\"><p class=\"en\">Interventions：</p></td>", "<span id=\"data-total\">x</span>", "<th>注册号</th>",
    ]), 0..40)) {
        let _ = chictr_html::parse(cells.concat().as_bytes());
    }
}
