//! Registry and sponsor register pages holding one trial each, from ../shared/corpus:
//! the ANZCTR registration page, GSK Clinical Study Register study pages and Takeda
//! protocol summary pages.

use trialdex_ingest::{SourceFormat, parse_as};
use trialdex_model::*;

use super::common::*;

fn corpus(rel: &str) -> Vec<u8> {
    std::fs::read(shared(&format!("corpus/{rel}"))).unwrap()
}

fn status(study: &Study) -> &StatusModule {
    protocol(study).status_module.as_ref().unwrap()
}

fn design(study: &Study) -> &DesignModule {
    protocol(study).design_module.as_ref().unwrap()
}

fn eligibility(study: &Study) -> &EligibilityModule {
    protocol(study).eligibility_module.as_ref().unwrap()
}

fn outcomes(study: &Study) -> &OutcomesModule {
    protocol(study).outcomes_module.as_ref().unwrap()
}

fn date(date: &Option<DateStruct>) -> (String, Option<DateType>) {
    let date = date.as_ref().unwrap();
    (date.date.unwrap().to_string(), date.kind.clone())
}

/// Every prefix of a page (cut each `step` bytes) and a few bytes changed: never a panic.
fn never_panics(bytes: &[u8], format: SourceFormat, step: usize) {
    for cut in (0..bytes.len()).step_by(step) {
        let _ = parse_as(format, &bytes[..cut]);
    }
    let mut damaged = bytes.to_vec();
    for at in (11..damaged.len()).step_by(step * 3) {
        damaged[at] = [b'<', b'"', b'>', b'/', 0xFF, b'&'][at % 6];
    }
    let _ = parse_as(format, &damaged);
}

mod anzctr {
    use super::*;

    fn page() -> Study {
        record(&corpus("other/ANZCTR_ACTRN12605000001695.html"), SourceFormat::AnzctrHtml)
    }

    #[test]
    fn ids_titles_and_registration() {
        let study = page();
        assert_eq!(section(&study).registry, Some(Registry::Anzctr));
        assert_eq!(section(&study).registry_id.as_deref(), Some("ACTRN12605000001695"));
        let id = protocol(&study).identification_module.as_ref().unwrap();
        assert!(id.brief_title.as_deref().unwrap().starts_with("A phase II trial of gemcitabine"));
        assert!(id.official_title.as_deref().unwrap().ends_with("with the primary objective tumour response"));
        assert_eq!(id.acronym.as_deref(), Some("ABC trial"));
        let secondary = &id.secondary_id_infos[0];
        assert_eq!(secondary.id.as_deref(), Some("NCTR570"));
        assert_eq!(secondary.domain.as_deref(), Some("National Clinical Trials Registry"));
        assert_eq!(ids(&study), ["anzctr:ACTRN12605000001695"], "NCTR570 is no registry id trialdex links");
        assert_eq!(fields(&study).registration_date, Some(PartialDate::day(2005, 7, 7)));
        assert_eq!(fields(&study).registration_status.as_deref(), Some("Retrospectively registered"));
    }

    #[test]
    fn status_dates_and_enrollment() {
        let study = page();
        let status = status(&study);
        assert_eq!(status.overall_status, Some(Status::Completed));
        assert_eq!(status.study_first_submit_date, Some(PartialDate::day(2005, 7, 6)), "6/07/2005 is day first");
        assert_eq!(status.last_update_submit_date, Some(PartialDate::day(2009, 12, 16)));
        assert_eq!(date(&status.start_date_struct), ("2005-02-01".into(), Some(DateType::Estimated)));
        assert_eq!(status.completion_date_struct, None, "the page leaves the last data collection empty");
        let enrollment = design(&study).enrollment_info.as_ref().unwrap();
        assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(45), Some(EnrollmentType::Estimated)));
    }

    #[test]
    fn conditions_interventions_and_outcomes() {
        let study = page();
        let conditions = protocol(&study).conditions_module.as_ref().unwrap();
        assert_eq!(conditions.conditions, ["Adenocarcinoma of the gallbladder or intra/extrahepatic bile ducts"]);
        assert_eq!(conditions.keywords, ["Cancer - Biliary tree (gall bladder and bile duct)"]);
        let interventions = &protocol(&study).arms_interventions_module.as_ref().unwrap().interventions;
        assert_eq!(interventions[0].kind, Some(InterventionType::Drug), "from the code \"Treatment: drugs\"");
        assert_eq!(
            interventions[0].description.as_deref(),
            Some("Gemcitabine delivered as fixed dose-rate infusion with cisplatin")
        );
        assert_eq!(fields(&study).extra["comparator"], "Single arm trial");
        let outcomes = outcomes(&study);
        assert_eq!(outcomes.primary_outcomes[0].measure.as_deref(), Some("Objective tumour response."));
        assert_eq!(
            outcomes.primary_outcomes[0].time_frame.as_deref(),
            Some("Measured every 6 weeks during study treatment, and post treatment.")
        );
        assert_eq!(outcomes.secondary_outcomes.len(), 6);
        assert_eq!(outcomes.secondary_outcomes[5].measure.as_deref(), Some("Overall survival"));
        assert_eq!(outcomes.secondary_outcomes[5].time_frame.as_deref(), Some("6 weekly until death"));
    }

    #[test]
    fn eligibility_and_design() {
        let study = page();
        let eligibility = eligibility(&study);
        assert_eq!(eligibility.sex, Some(Sex::All), "\"Both males and females\"");
        assert_eq!(eligibility.healthy_volunteers, Some(false));
        assert_eq!(
            (eligibility.minimum_age.as_deref(), eligibility.maximum_age.as_deref()),
            (None, None),
            "not stated"
        );
        let criteria = eligibility.eligibility_criteria.as_deref().unwrap();
        assert!(criteria.starts_with("Inclusion Criteria:\n\nHistologic or cytologic diagnosis"));
        assert!(criteria.ends_with("Exclusion Criteria:\n\nNo exclusion criteria"));
        let design = design(&study);
        assert_eq!(design.study_type, Some(StudyType::Interventional));
        assert_eq!(design.phases, [Phase::Phase2]);
        let info = design.design_info.as_ref().unwrap();
        assert_eq!(info.allocation, Some(DesignAllocation::NonRandomized));
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::SingleGroup));
        assert_eq!(info.primary_purpose, Some(PrimaryPurpose::Treatment));
        assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::None));
    }

    #[test]
    fn sponsor_funding_ethics_and_contacts() {
        let study = page();
        let sponsors = protocol(&study).sponsor_collaborators_module.as_ref().unwrap();
        assert_eq!(
            sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(),
            Some("AGITG/ NHMRC Clinical Trials Centre")
        );
        assert!(sponsors.collaborators.is_empty(), "the secondary sponsor is category None, named \"nil\"");
        let fields = fields(&study);
        assert_eq!(fields.funding_sources, ["Eli Lilly Australia"]);
        let committees: Vec<_> = fields.ethics_approvals.iter().filter_map(|e| e.committee.as_deref()).collect();
        assert_eq!(committees.len(), 5);
        assert_eq!(committees[1], "Austin Health");
        assert_eq!(fields.countries, ["Australia"]);
        assert_eq!(fields.extra["recruitmentStates"], "NSW,VIC,QLD,SA,WA,TAS");
        let contacts = &protocol(&study).contacts_locations_module.as_ref().unwrap().central_contacts;
        assert_eq!(contacts[0].name.as_deref(), Some("Burcu Cakir"), "contact for public queries");
        assert_eq!(contacts[1].name.as_deref(), Some("Associate Professor David Goldstein"));
        assert_eq!(contacts[1].phone.as_deref(), Some("+61 2 93822577"));
        assert!(warned(&study, "protocolSection.descriptionModule.briefSummary"), "the page leaves it empty");
    }

    #[test]
    fn not_a_registration_page_is_an_error() {
        let parsed = parse_as(SourceFormat::AnzctrHtml, b"<html><head><title>ANZCTR - Search</title></head></html>");
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors().count(), 1);
    }

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("anzctr_html_ACTRN12605000001695", page());
    }

    #[test]
    fn damaged_page_never_panics() {
        never_panics(&corpus("other/ANZCTR_ACTRN12605000001695.html"), SourceFormat::AnzctrHtml, 997);
    }
}

mod gsk {
    use super::*;

    fn page(id: &str) -> Study {
        record(&corpus(&format!("pages/www.gsk-clinicalstudyregister.com_443_study_{id}.html")), SourceFormat::GskHtml)
    }

    #[test]
    fn ids_from_the_study_id_and_the_nct_id_shown() {
        let study = page("100006");
        assert_eq!(section(&study).registry, Some(Registry::Other));
        assert_eq!(section(&study).registry_id.as_deref(), Some("GSK-100006"));
        assert_eq!(ids(&study), ["other:GSK-100006", "ctgov:NCT00069459"]);
        let id = protocol(&study).identification_module.as_ref().unwrap();
        assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("AK1100006"));
        assert_eq!(id.brief_title, None, "\"See Detailed Description\" is GSK's placeholder, not a title");
        assert!(warned(&study, "protocolSection.identificationModule.briefTitle"));
        assert_eq!(ids(&page("106847")), ["other:GSK-106847", "ctgov:NCT01435902"]);
    }

    #[test]
    fn completed_study_with_results_and_sites() {
        let study = page("100006");
        let status = status(&study);
        assert_eq!(status.overall_status, Some(Status::Completed));
        assert_eq!(status.study_first_submit_date, Some(PartialDate::day(2009, 5, 15)));
        assert_eq!(status.status_verified_date, Some(PartialDate::day(2010, 7, 15)));
        assert_eq!(date(&status.start_date_struct), ("2003-09".into(), None), "no date type on the page");
        assert_eq!(design(&study).phases, [Phase::Phase1]);
        assert_eq!(design(&study).enrollment_info.as_ref().unwrap().count, Some(250));
        let conditions = protocol(&study).conditions_module.as_ref().unwrap();
        assert_eq!(conditions.conditions, ["Depressive Disorder"]);
        let interventions = &protocol(&study).arms_interventions_module.as_ref().unwrap().interventions;
        assert_eq!(interventions[0].name.as_deref(), Some("Extended-release Bupropion Hydrochloride"));
        assert_eq!(interventions[0].kind, Some(InterventionType::Drug));
        assert_eq!(
            outcomes(&study).primary_outcomes[0].measure.as_deref(),
            Some("End of season depression-free rate.")
        );
        let eligibility = eligibility(&study);
        assert_eq!(eligibility.sex, Some(Sex::All));
        assert_eq!(eligibility.minimum_age.as_deref(), Some("18 Years"));
        assert_eq!(eligibility.maximum_age, None, "\"N/A N/A\" is no limit");
        assert_eq!(eligibility.healthy_volunteers, Some(false));
        let criteria = eligibility.eligibility_criteria.as_deref().unwrap();
        assert!(criteria.starts_with("Inclusion Criteria:\n- History of Major Depressive Disorder"));
        assert!(criteria.contains("Exclusion Criteria:\n- Current or past history of seizure disorder"));
        let locations = &protocol(&study).contacts_locations_module.as_ref().unwrap().locations;
        assert_eq!(locations.len(), 48);
        let first = &locations[0];
        assert_eq!(first.facility.as_deref(), Some("GSK Investigational Site"));
        assert_eq!(
            (first.country.as_deref(), first.state.as_deref(), first.city.as_deref(), first.zip.as_deref()),
            (Some("United States"), Some("Connecticut"), Some("Hamden"), Some("06518"))
        );
        assert_eq!(first.status, Some(RecruitmentStatus::Completed));
        let fields = fields(&study);
        assert_eq!(fields.results_public_access.as_deref(), Some("Result summary posted"));
        assert_eq!(fields.extra["resultDocuments"][0]["url"], "/files2/19890.pdf");
        let references = &protocol(&study).references_module.as_ref().unwrap().references;
        assert!(references[0].citation.as_deref().unwrap().starts_with("Modell, JG, Rosenthal NE."));
    }

    #[test]
    fn withdrawn_study_with_arms_and_masking() {
        let study = page("106847");
        let status = status(&study);
        assert_eq!(status.overall_status, Some(Status::Withdrawn));
        assert_eq!(status.why_stopped.as_deref(), Some("Study was cancelled prior to enrolling any subjects"));
        assert_eq!(date(&status.completion_date_struct), ("2012-08".into(), Some(DateType::Estimated)));
        assert_eq!(design(&study).phases, [Phase::Phase3], "\"phase 3\"");
        let enrollment = design(&study).enrollment_info.as_ref().unwrap();
        assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(0), Some(EnrollmentType::Actual)));
        let info = design(&study).design_info.as_ref().unwrap();
        assert_eq!(info.intervention_model, Some(InterventionalAssignment::Crossover));
        let masking = info.masking_info.as_ref().unwrap();
        assert_eq!(masking.masking, Some(DesignMasking::Double));
        assert_eq!(masking.who_masked, [WhoMasked::Participant, WhoMasked::Investigator]);
        let arms = protocol(&study).arms_interventions_module.as_ref().unwrap();
        assert_eq!(arms.arm_groups.len(), 2);
        assert_eq!(arms.interventions[1].arm_group_labels, ["Fluticasone Propionate"]);
        assert_eq!(outcomes(&study).secondary_outcomes.len(), 5);
        assert_eq!(eligibility(&study).maximum_age.as_deref(), Some("50 Years"));
        assert!(warned(&study, "protocolSection.conditionsModule.conditions"), "the indication is empty");
        assert_eq!(fields(&study).results_public_access.as_deref(), Some("No result summary listed"));
    }

    #[test]
    fn moved_stub_is_no_study_page() {
        let stub = corpus("pages/www.gsk-clinicalstudyregister.com_study_100006.html");
        assert!(trialdex_ingest::sniff(&stub).is_err());
        let parsed = parse_as(SourceFormat::GskHtml, &stub);
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors().count(), 1);
    }

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("gsk_html_100006", page("100006"));
    }

    #[test]
    fn damaged_pages_never_panic() {
        for id in ["100006", "106847"] {
            let bytes = corpus(&format!("pages/www.gsk-clinicalstudyregister.com_443_study_{id}.html"));
            never_panics(&bytes, SourceFormat::GskHtml, 499);
        }
    }
}

mod takeda {
    use super::*;

    fn page(id: &str) -> Study {
        record(
            &corpus(&format!("pages/www.takedaclinicaltrials.com_browse_summary_{id}.html")),
            SourceFormat::TakedaHtml,
        )
    }

    #[test]
    fn ids_from_the_trial_id_and_the_registry_ids_shown() {
        let study = page("TAK-648_101");
        assert_eq!(section(&study).registry, Some(Registry::Other));
        assert_eq!(section(&study).registry_id.as_deref(), Some("TAKEDA-TAK-648_101"));
        assert!(ids(&study).contains(&"ctgov:NCT02684396".to_owned()));
        let secondary = &protocol(&study).identification_module.as_ref().unwrap().secondary_id_infos;
        assert_eq!(secondary[1].id.as_deref(), Some("U1111-1154-2329"), "the WHO universal trial number");
        assert_eq!(
            section(&page("AG-1749_CCT-352")).registry_id.as_deref(),
            Some("TAKEDA-AG-1749/CCT-352"),
            "the id as the page shows it, not as the file is named"
        );
        let japic = ids(&page("AG-1749_CCT-352"));
        assert!(japic.contains(&"jprn:JapicCTI-070495".to_owned()), "{japic:?}");
        let eudract = ids(&page("ATS_20K023"));
        assert!(eudract.contains(&"euctr:2006-004028-35".to_owned()), "{eudract:?}");
    }

    #[test]
    fn phase_1_trial_fields() {
        let study = page("TAK-648_101");
        let id = protocol(&study).identification_module.as_ref().unwrap();
        assert!(
            id.official_title.as_deref().unwrap().ends_with("Escalating Single Oral TAK-648 Doses in Healthy Subjects")
        );
        let status = status(&study);
        assert_eq!(status.overall_status, Some(Status::Completed));
        assert_eq!(date(&status.start_date_struct), ("2014-08".into(), None));
        assert_eq!(date(&status.completion_date_struct), ("2015-07".into(), None));
        let design = design(&study);
        assert_eq!(
            (design.study_type.clone(), design.phases.clone()),
            (Some(StudyType::Interventional), vec![Phase::Phase1])
        );
        assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(39));
        let masking = design.design_info.as_ref().unwrap().masking_info.as_ref().unwrap();
        assert_eq!(masking.masking, Some(DesignMasking::Double));
        assert_eq!(masking.who_masked.len(), 4);
        let eligibility = eligibility(&study);
        assert_eq!(eligibility.sex, Some(Sex::All));
        assert_eq!(
            (eligibility.minimum_age.as_deref(), eligibility.maximum_age.as_deref()),
            (Some("18 Years"), Some("55 Years"))
        );
        let criteria = eligibility.eligibility_criteria.as_deref().unwrap();
        assert!(criteria.starts_with("Inclusion Criteria:\n\n     1. Is a healthy adult male"), "{criteria}");
        assert_eq!(criteria.matches("Inclusion Criteria:").count(), 1, "the collapsed excerpt is not read twice");
        let outcomes = outcomes(&study);
        assert_eq!(outcomes.primary_outcomes.len(), 4);
        assert_eq!(outcomes.primary_outcomes[0].time_frame.as_deref(), Some("Day 1 to Day 14"));
        let arms = protocol(&study).arms_interventions_module.as_ref().unwrap();
        assert_eq!(arms.arm_groups.len(), 6);
        assert_eq!(arms.arm_groups[0].label.as_deref(), Some("Cohort 4: TAK-648 0.7 mg"));
        assert_eq!(arms.arm_groups[0].kind, Some(ArmGroupType::Experimental));
        assert_eq!(arms.interventions[0].name.as_deref(), Some("TAK-648 Placebo"));
        assert_eq!(arms.interventions[0].arm_group_labels, ["Cohort 1-5: Placebo"]);
        let fields = fields(&study);
        assert_eq!(fields.results_public_access.as_deref(), Some("Clinical trial summary: English PDF"));
        assert_eq!(fields.extra["resultDocuments"][0]["url"], "/files2/TAK-648-101-RDS-2016-02-10.pdf");
        assert_eq!(fields.extra["compound"], "TAK-648");
    }

    #[test]
    fn observational_withdrawn_and_open_ended_ages() {
        let surveillance = page("073-011");
        assert_eq!(design(&surveillance).study_type, Some(StudyType::Observational));
        let info = design(&surveillance).design_info.as_ref().unwrap();
        assert_eq!(info.observational_model, Some(ObservationalModel::Cohort));
        assert_eq!(info.time_perspective, Some(DesignTimePerspective::Prospective));
        assert_eq!(eligibility(&surveillance).minimum_age, None, "the page gives no ages");
        let ulcers = page("AG-1749_CCT-352");
        assert_eq!(eligibility(&ulcers).minimum_age.as_deref(), Some("20 Years"), "\"20 years and up\"");
        assert_eq!(eligibility(&ulcers).maximum_age, None);
        assert_eq!(fields(&ulcers).countries, ["Japan"]);
        let arms = protocol(&ulcers).arms_interventions_module.as_ref().unwrap();
        assert_eq!(arms.arm_groups[0].kind, Some(ArmGroupType::ActiveComparator), "\"Active: Gefarnate 50 mg BID\"");
        let withdrawn = page("NaltrexBuprop-4004");
        assert_eq!(status(&withdrawn).overall_status, Some(Status::Withdrawn));
        assert_eq!(design(&withdrawn).enrollment_info.as_ref().unwrap().count, Some(0));
        assert_eq!(design(&withdrawn).phases, [Phase::Phase4]);
        let no_summary = page("ATS_20K023");
        assert_eq!(
            fields(&no_summary).results_public_access.as_deref(),
            Some("A PDF summary is not available. Please refer to applicable clinical trial database.")
        );
    }

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("takeda_html_TAK-648_101", page("TAK-648_101"));
    }

    #[test]
    fn damaged_pages_never_panic() {
        for id in ["TAK-648_101", "073-011", "AG-1749_CCT-352", "ATS_20K023", "NaltrexBuprop-4004"] {
            let bytes = corpus(&format!("pages/www.takedaclinicaltrials.com_browse_summary_{id}.html"));
            never_panics(&bytes, SourceFormat::TakedaHtml, 797);
        }
    }

    #[test]
    fn page_without_a_trial_id_is_an_error() {
        let bytes = b"<html><head><title>Browse Trials | Takeda Clinical Trials</title></head><body></body></html>";
        let parsed = parse_as(SourceFormat::TakedaHtml, bytes);
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors().count(), 1);
    }
}
