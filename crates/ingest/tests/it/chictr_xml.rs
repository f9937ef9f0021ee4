//! The ChiCTR XML export: `<trials><Triall>` (the registry's spelling), ChiCTR2000034346.

use trialdex_ingest::{SourceFormat, formats::chictr_xml};
use trialdex_model::{InterventionalAssignment, Registry, Sex, Status, Study, StudyType};

use super::common::*;

fn export() -> String {
    std::fs::read_to_string(shared("corpus/chictr/ChiCTR2000034346.xml")).unwrap()
}

fn study() -> Study {
    let bytes = export().into_bytes();
    assert_eq!(trialdex_ingest::sniff(&bytes), Ok(SourceFormat::ChictrXml));
    one_record(&bytes)
}

#[test]
fn ids_titles_status_and_dates() {
    let study = study();
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.registry, Some(Registry::Chictr));
    assert_eq!(section.registry_id.as_deref(), Some("ChiCTR2000034346"));
    assert_eq!(section.source_format, Some(SourceFormat::ChictrXml));
    assert_eq!(section.source_url.as_deref(), Some("http://www.chictr.org.cn/showproj.aspx?proj=55654"));
    let protocol = study.protocol_section.as_ref().unwrap();
    let id = protocol.identification_module.as_ref().unwrap();
    let title = "Survey for Surgery status of a designated Hospital for COVID-19 management in Guangzhou";
    assert_eq!((id.brief_title.as_deref(), id.official_title.as_deref()), (Some(title), Some(title)));
    assert_eq!(id.acronym, None, "empty in the export");
    // The export has no _cn fields: no Chinese text, nothing invented.
    let zh = section.original_language.as_ref().unwrap();
    assert_eq!((zh.brief_title.as_ref(), zh.conditions.len()), (None, 0));

    let status = protocol.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Completed));
    // <date_enrolment>: the date of first enrolment, CT.gov's start date, with no type.
    let start = status.start_date_struct.as_ref().unwrap();
    assert_eq!((start.date.unwrap().to_string(), &start.kind), ("2020-04-10".into(), &None));
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.registration_date.unwrap().to_string(), "2020-07-02");
    assert_eq!(fields.recruiting_time.as_ref().unwrap().start.unwrap().to_string(), "2020-04-10");
}

#[test]
fn type_phase_and_design_kept_as_written() {
    let study = study();
    let design = study.protocol_section.as_ref().unwrap().design_module.as_ref().unwrap();
    // "reaserch" is the registry's typo: kept verbatim and warned about.
    assert_eq!(design.study_type, Some(StudyType::Unlisted("Health services reaserch".into())));
    assert!(design.phases.is_empty());
    let section = study.registry_section.as_ref().unwrap();
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.study_phase_text.as_deref(), Some("Retrospective study"));
    assert_eq!(fields.study_design_text.as_deref(), Some("Sequential"));
    assert_eq!(design.design_info.as_ref().unwrap().intervention_model, Some(InterventionalAssignment::Sequential));
    let warned = |field: &str| section.warnings.iter().any(|w| w.field.as_deref() == Some(field));
    assert!(warned("protocolSection.designModule.studyType"));
    assert!(warned("protocolSection.designModule.phases"));
    assert!(section.warnings.iter().all(|w| !w.message.as_deref().unwrap_or("").contains("the page")));
}

#[test]
fn groups_sizes_conditions_and_outcomes() {
    let study = study();
    let protocol = study.protocol_section.as_ref().unwrap();
    assert_eq!(protocol.conditions_module.as_ref().unwrap().conditions, ["Novel Coronavirus Pneumonia (COVID-19)"]);
    // <target_size>2019 Y:2418;2020 Y:821;</target_size>: two groups and their sizes.
    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    let groups: Vec<(Option<&str>, Option<i64>)> =
        fields.group_sizes.iter().map(|g| (g.label.as_deref(), g.size)).collect();
    assert_eq!(groups, [(Some("2019 Y"), Some(2418)), (Some("2020 Y"), Some(821))]);
    let arms = protocol.arms_interventions_module.as_ref().unwrap();
    assert_eq!(arms.arm_groups.len(), 2);
    assert!(arms.interventions.is_empty(), "<i_freetext> says N/A for both groups");
    assert_eq!(protocol.design_module.as_ref().unwrap().enrollment_info.as_ref().unwrap().count, Some(3239));

    let outcomes = protocol.outcomes_module.as_ref().unwrap();
    assert_eq!(outcomes.primary_outcomes.len(), 1);
    assert_eq!(outcomes.primary_outcomes[0].measure.as_deref(), Some("decrease"));
    assert!(outcomes.secondary_outcomes.is_empty(), "<sec_outcome/> is empty");
    assert_eq!(fields.outcome_types[0].kind.as_deref(), Some("primary"));
}

#[test]
fn eligibility_people_sponsor_funding_and_ethics() {
    let study = study();
    let protocol = study.protocol_section.as_ref().unwrap();
    let eligibility = protocol.eligibility_module.as_ref().unwrap();
    assert_eq!(eligibility.sex, Some(Sex::All));
    assert_eq!((eligibility.minimum_age.as_ref(), eligibility.maximum_age.as_ref()), (None, None), "<agemin/>");
    let split = trialdex_model::criteria::split(eligibility.eligibility_criteria.as_deref().unwrap());
    assert_eq!(split.inclusion.len(), 1);
    assert_eq!(
        split.exclusion,
        ["missing detailed information", "Types of surgery not available previously in our hospital"]
    );

    let sponsors = protocol.sponsor_collaborators_module.as_ref().unwrap();
    assert_eq!(sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(), Some("Jianxing He"));
    assert!(sponsors.collaborators.is_empty());
    let officials = &protocol.contacts_locations_module.as_ref().unwrap().overall_officials;
    assert_eq!(officials[0].name.as_deref(), Some("Ran Zhong"), "the Scientific contact leads the study");

    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    let applicant = fields.applicant.as_ref().unwrap();
    assert_eq!(
        (applicant.name.as_deref(), applicant.email.as_deref()),
        (Some("Jianxing He"), Some("drjianxing.he@gmail.com"))
    );
    assert!(applicant.affiliation.as_deref().unwrap().contains("Respiratory Disease & National"), "&amp; decoded");
    assert_eq!(fields.study_leader.as_ref().unwrap().phone.as_deref(), Some("+86 15622150974"));
    assert_eq!(fields.countries, ["China"]);
    assert_eq!(fields.funding_sources.len(), 1);
    assert!(fields.funding_sources[0].starts_with("China National Science Foundation (81871893)."));
    let ethics = &fields.ethics_approvals[0];
    assert_eq!(ethics.approved, Some(true));
    assert_eq!(ethics.approval_date.unwrap().to_string(), "2020-04-01");
    assert_eq!(ethics.contact_name.as_deref(), Some("Jun rong Liu"));
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!("chictr_xml_ChiCTR2000034346", study());
}

/// The export with a second, damaged trial before it and a third after: the damaged one
/// is an error naming it, the others are read.
#[test]
fn a_damaged_record_is_an_error_and_the_rest_go_on() {
    let text = export();
    let start = text.find("<Triall>").unwrap();
    let end = text.find("</Triall>").unwrap() + "</Triall>".len();
    let good = &text[start..end];
    let damaged = good.replace("ChiCTR2000034346", "ChiCTR2000099999").replace("</criteria>", "</criterion>");
    let other = good.replace("ChiCTR2000034346", "ChiCTR2000088888");
    let export = format!("{}{damaged}\n{good}\n{other}{}", &text[..start], &text[end..]);
    let parsed = chictr_xml::parse(export.as_bytes());
    let ids: Vec<&str> =
        parsed.records.iter().map(|s| s.registry_section.as_ref().unwrap().registry_id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["ChiCTR2000034346", "ChiCTR2000088888"]);
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("ChiCTR2000099999: the <Triall> record cannot be read: malformed XML"), "{errors:?}");
}

#[test]
fn a_value_nobody_reads_is_warned_about() {
    let export = export().replace("<results_summary/>", "<results_summary>All done</results_summary>");
    let parsed = chictr_xml::parse(export.as_bytes());
    let warnings = &parsed.records[0].registry_section.as_ref().unwrap().warnings;
    assert!(
        warnings.iter().any(|w| w.message.as_deref().unwrap().contains("<main/results_summary> is not read")),
        "{warnings:?}"
    );
}

proptest::proptest! {
    #[test]
    fn damaged_exports_never_panic(cut in 0usize..4511, junk in "[<>/a-zA-Z再;:&]{0,12}") {
        let text = export();
        let cut = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let damaged = format!("{}{junk}{}", &text[..cut], &text[cut..]);
        let _ = chictr_xml::parse(damaged.as_bytes());
        let _ = chictr_xml::parse(&text.as_bytes()[..cut]);
    }
}
