//! The other registries' formats, one real record each from ../shared/corpus: the WHO
//! trial registration data set (TCTR XML and JSON, REPEC XML), DRKS API JSON, and CRIS
//! JSON and record page. ANZCTR, GSK and Takeda pages are in `registry_pages.rs`.

use trialdex_ingest::{SourceFormat, parse_as};
use trialdex_model::*;

use super::common::*;

fn other(name: &str) -> Vec<u8> {
    std::fs::read(shared(&format!("corpus/other/{name}"))).unwrap()
}

fn titles(study: &Study) -> (Option<&str>, Option<&str>) {
    let id = protocol(study).identification_module.as_ref().unwrap();
    (id.brief_title.as_deref(), id.official_title.as_deref())
}

fn start(study: &Study) -> (String, Option<DateType>) {
    let start = protocol(study).status_module.as_ref().unwrap().start_date_struct.as_ref().unwrap();
    (start.date.unwrap().to_string(), start.kind.clone())
}

fn eligibility(study: &Study) -> &EligibilityModule {
    protocol(study).eligibility_module.as_ref().unwrap()
}

fn measures(outcomes: &[Outcome]) -> Vec<&str> {
    outcomes.iter().filter_map(|o| o.measure.as_deref()).collect()
}

/// Every prefix of a file (cut each `step` bytes) and a few bytes changed: never a panic.
fn never_panics(bytes: &[u8], format: SourceFormat, step: usize) {
    for cut in (0..bytes.len()).step_by(step) {
        let _ = parse_as(format, &bytes[..cut]);
    }
    let mut damaged = bytes.to_vec();
    for at in (7..damaged.len()).step_by(step.max(1) * 3) {
        damaged[at] = [b'<', b'"', b'{', b'}', 0xFF, b'&'][at % 6];
    }
    let _ = parse_as(format, &damaged);
}

mod who_trds {
    use super::*;

    fn tctr_xml() -> Study {
        record(&other("TCTR20120000007.xml"), SourceFormat::WhoTrdsXml)
    }

    fn repec_xml() -> Study {
        record(&other("REPEC_PER-001-95.xml"), SourceFormat::WhoTrdsXml)
    }

    fn tctr_json() -> Study {
        record(&other("TCTR20180508003.json"), SourceFormat::WhoTrdsJson)
    }

    #[test]
    fn tctr_xml_fields() {
        let study = tctr_xml();
        let section = section(&study);
        assert_eq!((section.registry, section.registry_id.as_deref()), (Some(Registry::Tctr), Some("TCTR20120000007")));
        assert!(section.source_url.as_deref().unwrap().ends_with("task2=view1&id=730"), "&amp; decoded");
        let title =
            "Monitoring of Urinary Cytokine Levels as Biomarker for Disease Activity in Thai Lupus Nephritis patients";
        assert_eq!(titles(&study), (Some(title), Some(title)));
        let p = protocol(&study);
        assert_eq!(p.status_module.as_ref().unwrap().overall_status, Some(Status::ActiveNotRecruiting));
        // <type_enrolment>Anticipated</type_enrolment> qualifies the date of first enrolment.
        assert_eq!(start(&study), ("2011-01-24".into(), Some(DateType::Estimated)));
        assert_eq!(fields(&study).registration_date.unwrap().to_string(), "2012-06-12", "12/06/2012 is day first");
        let design = p.design_module.as_ref().unwrap();
        assert_eq!(design.study_type, Some(StudyType::Observational));
        assert_eq!(design.phases, [Phase::Na]);
        assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(146));
        let e = eligibility(&study);
        assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("18 Years"), Some("80 Years")));
        assert_eq!(e.sex, Some(Sex::All));
        assert!(
            e.eligibility_criteria.as_deref().unwrap().contains("Exclusion Criteria:\n\n1. no underlying diseases")
        );
        let conditions = &p.conditions_module.as_ref().unwrap();
        assert_eq!(conditions.conditions.len(), 4, "one condition a line");
        assert_eq!(conditions.keywords.last().map(String::as_str), Some("kidney biopsy"));
        let outcomes = p.outcomes_module.as_ref().unwrap();
        assert_eq!(measures(&outcomes.primary_outcomes), ["Lupus nephritis activity"]);
        assert_eq!(outcomes.primary_outcomes[0].time_frame.as_deref(), Some("2 years Urinary cytokine levels"));
        assert_eq!(measures(&outcomes.secondary_outcomes), ["Pathology correlation"]);
        let sponsors = p.sponsor_collaborators_module.as_ref().unwrap();
        assert_eq!(
            sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(),
            Some("Research Management and Development Division, Mahidol University.")
        );
        assert_eq!(sponsors.collaborators[0].name.as_deref(), Some("National Research council of Thailand (NRCT)"));
        assert_eq!(fields(&study).countries, ["Thailand"]);
        let contacts = &p.contacts_locations_module.as_ref().unwrap().central_contacts;
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[1].email.as_deref(), Some("ratana99@gmail.com"));
        assert_eq!(contacts[1].extra["type"], "scientific");
        let interventions = &p.arms_interventions_module.as_ref().unwrap().interventions;
        assert!(interventions[0].name.as_deref().unwrap().starts_with("Healthy volunteers are normal population"));
    }

    #[test]
    fn repec_xml_in_iso_8859_1_with_placeholders() {
        let study = repec_xml();
        let section = section(&study);
        assert_eq!((section.registry, section.registry_id.as_deref()), (Some(Registry::Repec), Some("PER-001-95")));
        // "N.A." is REPEC's placeholder: no brief title, and a warning says so.
        let (brief, official) = titles(&study);
        assert_eq!(brief, None);
        assert!(official.unwrap().starts_with("Evaluation of the Efficacy and Safety of Fluoxetine"));
        assert!(warned(&study, "protocolSection.identificationModule"));
        // 01/01/1900 is a placeholder too: no start date rather than an invented one.
        let status = protocol(&study).status_module.as_ref();
        assert!(status.and_then(|s| s.start_date_struct.as_ref()).is_none());
        assert!(warned(&study, "protocolSection.statusModule.startDateStruct"));
        // "Finished" does not say completed or terminated: kept and warned.
        assert_eq!(status.and_then(|s| s.overall_status.clone()), None);
        assert_eq!(fields(&study).recruitment_status_text.as_deref(), Some("Finished"));
        assert!(warned(&study, "protocolSection.statusModule.overallStatus"));
        let design = protocol(&study).design_module.as_ref().unwrap();
        assert_eq!(design.phases, [Phase::Phase3]);
        assert_eq!(design.design_info.as_ref().unwrap().allocation, Some(DesignAllocation::Randomized));
        assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(32));
        let e = eligibility(&study);
        assert!(e.eligibility_criteria.as_deref().unwrap().contains("Hamilton´s scale"), "Latin-1 decoded");
        assert_eq!((e.minimum_age.as_ref(), e.sex.as_ref()), (None, None), "empty in the file");
        let conditions = &protocol(&study).conditions_module.as_ref().unwrap().conditions;
        assert_eq!(conditions, &["F329 Depressive episode, unspecified"]);
        assert_eq!(fields(&study).target_disease_code.as_deref(), Some("F329"));
        assert_eq!(fields(&study).countries, ["Brazil", "Colombia", "Mexico", "Peru", "Venezuela"]);
        let id = protocol(&study).identification_module.as_ref().unwrap();
        let secondary: Vec<_> = id.secondary_id_infos.iter().filter_map(|s| s.id.as_deref()).collect();
        assert_eq!(secondary, ["B1-Y-MC-HCIB"], "the N.A. ids are REPEC saying there is none");
        let sponsor = protocol(&study).sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref();
        assert_eq!(sponsor.unwrap().name.as_deref(), Some("ELI LILLY INTERAMERICA INC.,"));
    }

    #[test]
    fn tctr_json_fields() {
        let study = tctr_json();
        assert_eq!(ids(&study), ["tctr:TCTR20180508003", "other:U1111-1213-6143"]);
        let (brief, official) = titles(&study);
        assert!(brief.unwrap().starts_with("Effectiveness of Ya Prabchomputaweep"));
        assert!(official.unwrap().ends_with("Single blinded randomized controlled trial"));
        let id = protocol(&study).identification_module.as_ref().unwrap();
        assert_eq!(id.acronym.as_deref(), Some("YP-COPD"));
        assert_eq!(id.secondary_id_infos[0].domain.as_deref(), Some("The Universal Trial Number (UTN)"));
        assert_eq!(start(&study), ("2018-03-16".into(), Some(DateType::Estimated)));
        let design = protocol(&study).design_module.as_ref().unwrap();
        assert_eq!(
            (design.study_type.clone(), design.phases.clone()),
            (Some(StudyType::Interventional), vec![Phase::Na])
        );
        assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(70));
        let e = eligibility(&study);
        assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("30 Years"), Some("79 Years")));
        let outcomes = protocol(&study).outcomes_module.as_ref().unwrap();
        assert_eq!(measures(&outcomes.primary_outcomes), ["Liver and Renal function", "FVC, FEV1, FEV1/FVC, PEF"]);
        assert_eq!(outcomes.secondary_outcomes.len(), 1);
        assert_eq!(protocol(&study).conditions_module.as_ref().unwrap().conditions, ["COPD"]);
        assert_eq!(fields(&study).funding_sources, ["Mae Fah Luang University"]);
    }

    #[test]
    fn snapshots() {
        insta::assert_json_snapshot!("who_trds_xml_TCTR20120000007", tctr_xml());
        insta::assert_json_snapshot!("who_trds_xml_REPEC_PER-001-95", repec_xml());
        insta::assert_json_snapshot!("who_trds_json_TCTR20180508003", tctr_json());
    }

    #[test]
    fn damaged_files_never_panic() {
        never_panics(&other("TCTR20120000007.xml"), SourceFormat::WhoTrdsXml, 7);
        never_panics(&other("REPEC_PER-001-95.xml"), SourceFormat::WhoTrdsXml, 11);
        never_panics(&other("TCTR20180508003.json"), SourceFormat::WhoTrdsJson, 5);
    }
}

mod drks {
    use super::*;

    fn observational() -> Study {
        record(&other("DRKS_trial-DRKS00038775.json"), SourceFormat::DrksJson)
    }

    /// DRKS00099999 is the registry's test record; its JSON does not say so (no field
    /// marks it), so the record carries no such note.
    fn test_record() -> Study {
        record(&other("DRKS_trial-DRKS00099999.json"), SourceFormat::DrksJson)
    }

    #[test]
    fn observational_trial_in_english_and_german() {
        let study = observational();
        assert_eq!(ids(&study), ["drks:DRKS00038775"]);
        assert_eq!(
            titles(&study).0,
            Some("Retrospective characterization of patients with rare osteological diseases")
        );
        let german = section(&study).original_language.as_ref().unwrap();
        assert_eq!(german.language.as_deref(), Some("de"));
        assert_eq!(
            german.brief_title.as_deref(),
            Some("Retrospektive Charakterisierung von Patient*innen mit seltenen osteologischen Erkrankungen")
        );
        assert_eq!(
            german.exclusion_criteria.as_deref(),
            Some("Ausschlusskriterien umfassen keine sichere Diagnose bzw. Minderjährigkeit.")
        );
        let p = protocol(&study);
        let status = p.status_module.as_ref().unwrap();
        assert_eq!(status.overall_status, Some(Status::Recruiting));
        assert_eq!(start(&study), ("2025-11-01".into(), Some(DateType::Actual)));
        let completion = status.completion_date_struct.as_ref().unwrap();
        assert_eq!(
            (completion.date.unwrap().to_string(), completion.kind.clone()),
            ("2026-12-31".into(), Some(DateType::Estimated))
        );
        assert_eq!(fields(&study).registration_date.unwrap().to_string(), "2025-12-17");
        assert_eq!(fields(&study).registration_status.as_deref(), Some("Retrospective registration"));
        let design = p.design_module.as_ref().unwrap();
        assert_eq!(design.study_type, Some(StudyType::Observational));
        assert!(design.phases.is_empty());
        let info = design.design_info.as_ref().unwrap();
        assert_eq!(info.primary_purpose, Some(PrimaryPurpose::Diagnostic));
        assert_eq!(info.time_perspective, Some(DesignTimePerspective::Retrospective));
        // No planned or total participants: no enrollment, and a warning.
        assert!(design.enrollment_info.is_none());
        assert!(warned(&study, "protocolSection.designModule.enrollmentInfo"));
        let e = eligibility(&study);
        assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("18 Years"), None), "NO_MAX_AGE");
        assert_eq!((e.sex.clone(), e.healthy_volunteers), (Some(Sex::All), Some(false)));
        let conditions = &p.conditions_module.as_ref().unwrap().conditions;
        assert_eq!(conditions[1], "ORPHA:647823 Pregnancy and lactation-associated osteoporosis");
        let outcomes = p.outcomes_module.as_ref().unwrap();
        assert!(
            measures(&outcomes.primary_outcomes)[0].starts_with("The aim of the study is to descriptively describe")
        );
        let sponsors = p.sponsor_collaborators_module.as_ref().unwrap();
        assert_eq!(sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(), Some("Endokrinologikum Berlin"));
        let people = p.contacts_locations_module.as_ref().unwrap();
        let officials: Vec<_> = people.overall_officials.iter().filter_map(|o| o.name.as_deref()).collect();
        assert_eq!(officials, ["PD Dr. Paula Hoff", "Dr. Katja Warnecke", "Dr. Udo Schneider"]);
        assert_eq!(people.locations[0].facility.as_deref(), Some("Immanuelkrankenhaus Berlin Wannsee"));
        assert_eq!(fields(&study).countries, ["DE"]);
        assert_eq!(fields(&study).ethics_approvals[0].approval_number.as_deref(), Some("Eth-SB-25-018"));
    }

    #[test]
    fn test_record_with_ids_design_and_arms() {
        let study = test_record();
        assert_eq!(
            ids(&study),
            ["drks:DRKS00099999", "euctr:2023-004521-18", "other:U1111-1298-4567", "ctgov:NCT06123456"]
        );
        assert!(section(&study).warnings.is_empty(), "{:?}", section(&study).warnings);
        assert_eq!(section(&study).source_url.as_deref(), Some("https://drks.de/search/de/trial/DRKS00099999"));
        let p = protocol(&study);
        assert_eq!(p.identification_module.as_ref().unwrap().acronym.as_deref(), Some("BONE-RCT"));
        assert_eq!(p.status_module.as_ref().unwrap().overall_status, Some(Status::NotYetRecruiting), "PENDING");
        assert_eq!(start(&study), ("2024-04-01".into(), Some(DateType::Estimated)));
        let design = p.design_module.as_ref().unwrap();
        assert_eq!(design.phases, [Phase::Phase3]);
        let info = design.design_info.as_ref().unwrap();
        assert_eq!(info.allocation, Some(DesignAllocation::Randomized));
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
        let masking = info.masking_info.as_ref().unwrap();
        assert_eq!(masking.masking, Some(DesignMasking::Triple));
        let enrollment = design.enrollment_info.as_ref().unwrap();
        assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(320), Some(EnrollmentType::Estimated)));
        let e = eligibility(&study);
        assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("55 Years"), Some("80 Years")));
        assert_eq!(e.sex, Some(Sex::Female));
        let arms = &p.arms_interventions_module.as_ref().unwrap().arm_groups;
        assert_eq!(arms.len(), 2);
        assert!(arms[1].description.as_deref().unwrap().starts_with("Control arm: Zoledronic acid"));
        assert_eq!(fields(&study).target_disease_code.as_deref(), Some("ICD10 M80.0; ICD10 M81.0"));
        assert_eq!(fields(&study).funding_sources, ["Bundesministerium für Bildung und Forschung", "Amgen GmbH"]);
        assert_eq!(fields(&study).countries, ["DE", "AT"]);
        assert!(
            fields(&study)
                .randomization_procedure
                .as_deref()
                .unwrap()
                .starts_with("Sequence generation: Computer-generated")
        );
    }

    #[test]
    fn snapshots() {
        insta::assert_json_snapshot!("drks_json_DRKS00038775", observational());
        insta::assert_json_snapshot!("drks_json_DRKS00099999", test_record());
    }

    #[test]
    fn damaged_files_never_panic() {
        never_panics(&other("DRKS_trial-DRKS00038775.json"), SourceFormat::DrksJson, 13);
        never_panics(&other("DRKS_trial-DRKS00099999.json"), SourceFormat::DrksJson, 13);
    }
}

mod cris {
    use super::*;

    fn json_final() -> Study {
        record(&other("CRIS_KCT0000001_resultFinal.json"), SourceFormat::CrisJson)
    }

    /// The shorter of the two JSON files: it stops after the inclusion criteria.
    fn json_partial() -> Study {
        record(&other("CRIS_KCT0000001_result.json"), SourceFormat::CrisJson)
    }

    fn page() -> Study {
        record(&other("CRIS_RecordsView.html"), SourceFormat::CrisHtml)
    }

    /// What the JSON and the page both say of KCT0000001. The files hold English text
    /// only: no Korean field to keep in originalLanguage.
    fn check_common(study: &Study) {
        assert_eq!(ids(study), ["cris:KCT0000001"]);
        assert!(section(study).original_language.is_none());
        let (brief, official) = titles(study);
        assert!(brief.unwrap().starts_with("The identification of risk factors for cardiovascular disease in koreans"));
        assert!(official.unwrap().starts_with("Randomized, multicenter, open-labeled, two-arm parallel group trial"));
        let p = protocol(study);
        let org = p.identification_module.as_ref().unwrap().org_study_id_info.as_ref().unwrap();
        assert_eq!(org.id.as_deref(), Some("2009-0074"));
        assert_eq!(p.status_module.as_ref().unwrap().overall_status, Some(Status::Recruiting));
        assert_eq!(start(study), ("2009-05-14".into(), Some(DateType::Actual)));
        let design = p.design_module.as_ref().unwrap();
        assert_eq!(
            (design.study_type.clone(), design.phases.clone()),
            (Some(StudyType::Interventional), vec![Phase::Phase3])
        );
        assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(2062), "2,062");
        let info = design.design_info.as_ref().unwrap();
        assert_eq!(info.allocation, Some(DesignAllocation::Randomized), "RCT");
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
        assert_eq!(info.primary_purpose, Some(PrimaryPurpose::Prevention));
        assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::None));
        let arms = p.arms_interventions_module.as_ref().unwrap();
        let labels: Vec<_> = arms.arm_groups.iter().filter_map(|a| a.label.as_deref()).collect();
        assert_eq!(labels, ["TREATMENT ARM", "NON TREATMENT ARM"]);
        assert_eq!(arms.arm_groups[1].kind, Some(ArmGroupType::NoIntervention));
        assert_eq!(arms.interventions[0].kind, Some(InterventionType::Drug));
        let sizes: Vec<_> = fields(study).group_sizes.iter().map(|g| g.size).collect();
        assert_eq!(sizes, [Some(1375), Some(687)]);
        let e = eligibility(study);
        assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("45 Years"), Some("79 Years")));
        assert_eq!(e.sex, Some(Sex::All));
        assert!(
            e.eligibility_criteria
                .as_deref()
                .unwrap()
                .starts_with("Inclusion Criteria:\n\n1. Acquisition of consent form")
        );
        assert_eq!(p.conditions_module.as_ref().unwrap().conditions, ["Diseases of the circulatory system"]);
        let sponsors = p.sponsor_collaborators_module.as_ref().unwrap();
        assert_eq!(
            sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(),
            Some("Korea Centers for Disease Control and Prevention")
        );
        assert_eq!(sponsors.collaborators[0].name.as_deref(), Some("Asan Medical Center"));
        let people = p.contacts_locations_module.as_ref().unwrap();
        assert_eq!(people.locations.len(), 15);
        assert_eq!(
            people.locations[1].facility.as_deref(),
            Some("The Catholic University of Korea, Bucheon St. Mary's Hospital")
        );
        assert_eq!(people.locations[1].status, Some(RecruitmentStatus::NotYetRecruiting));
        assert_eq!(people.central_contacts[0].name.as_deref(), Some("Ki-hoon Han"));
        assert_eq!(fields(study).funding_sources, ["Korea Centers for Disease Control and Prevention"]);
        assert_eq!(fields(study).ethics_approvals[0].committee.as_deref(), Some("AMC IRB"));
    }

    #[test]
    fn json_and_page_agree() {
        for study in [json_final(), page()] {
            check_common(&study);
            let p = protocol(&study);
            let outcomes = p.outcomes_module.as_ref().unwrap();
            assert!(measures(&outcomes.primary_outcomes)[0].starts_with("Myocardial infarction, stroke"));
            assert_eq!(
                outcomes.secondary_outcomes[0].time_frame.as_deref(),
                Some("The first occurrence of any of clinical events listed")
            );
            assert_eq!(eligibility(&study).healthy_volunteers, Some(true));
            assert!(
                eligibility(&study)
                    .eligibility_criteria
                    .as_deref()
                    .unwrap()
                    .contains("Exclusion Criteria:\n\n1. Age of 80 YO or more")
            );
            assert_eq!(fields(&study).ipd_sharing.as_deref(), Some("Not provided at time of Registration"));
        }
    }

    #[test]
    fn the_partial_json_warns_of_what_it_lacks() {
        let study = json_partial();
        check_common(&study);
        assert!(protocol(&study).outcomes_module.is_none());
        assert!(warned(&study, "protocolSection.outcomesModule.primaryOutcomes"));
    }

    #[test]
    fn snapshots() {
        insta::assert_json_snapshot!("cris_json_KCT0000001", json_final());
        insta::assert_json_snapshot!("cris_html_KCT0000001", page());
    }

    #[test]
    fn damaged_files_never_panic() {
        never_panics(&other("CRIS_KCT0000001_resultFinal.json"), SourceFormat::CrisJson, 7);
        never_panics(&other("CRIS_RecordsView.html"), SourceFormat::CrisHtml, 97);
    }
}
