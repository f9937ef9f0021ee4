//! The CT.gov classic study page copied as text: seeds 000 and 001.

use trialdex_ingest::{SourceFormat, parse_as};
use trialdex_model::criteria;
use trialdex_model::*;

use super::common::*;

fn date(d: &Option<DateStruct>) -> (String, Option<DateType>) {
    let d = d.as_ref().expect("date");
    (d.date.expect("date").to_string(), d.kind.clone())
}

fn measures(outcomes: &[Outcome]) -> Vec<&str> {
    outcomes.iter().map(|o| o.measure.as_deref().unwrap_or("")).collect()
}

#[test]
fn seed_000_reads_what_the_itp_page_shows() {
    let study = one_record(&seed("000"));
    let p = protocol(&study);

    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.nct_id.as_deref(), Some("NCT05281068"));
    assert_eq!(
        id.brief_title.as_deref(),
        Some(
            "The Combination of Iguratimod and Danazol as the Treatment of Steroid-resistant/Relapse Immune Thrombocytopenia"
        )
    );
    assert!(id.official_title.as_deref().unwrap().ends_with("A Randomized, Controlled, Multicenter, Open-label Trial"));
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("PKU-ITP030"));

    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Recruiting));
    assert_eq!(date(&status.start_date_struct), ("2021-09-01".into(), Some(DateType::Actual)));
    assert_eq!(date(&status.primary_completion_date_struct), ("2023-09-01".into(), Some(DateType::Estimated)));
    assert_eq!(date(&status.completion_date_struct), ("2023-12-30".into(), Some(DateType::Estimated)));
    // Posting dates: the page does not say actual or estimated.
    assert_eq!(date(&status.study_first_post_date_struct), ("2022-03-15".into(), None));
    assert_eq!(date(&status.last_update_post_date_struct), ("2022-05-02".into(), None));
    assert_eq!(status.status_verified_date.unwrap().to_string(), "2022-04");

    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.study_type, Some(StudyType::Interventional));
    assert_eq!(design.phases, [Phase::Phase2]);
    let enrollment = design.enrollment_info.as_ref().unwrap();
    assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(120), Some(EnrollmentType::Estimated)));
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.allocation, Some(DesignAllocation::Randomized));
    assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
    assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::None));
    assert_eq!(info.primary_purpose, Some(PrimaryPurpose::Treatment));

    // The page joins its conditions with a space; nothing tells where one ends.
    assert_eq!(p.conditions_module.as_ref().unwrap().conditions, ["ITP Immune Thrombocytopenia"]);
    assert!(warned(&study, "protocolSection.conditionsModule.conditions"));

    let arms = p.arms_interventions_module.as_ref().unwrap();
    let arm_view: Vec<_> =
        arms.arm_groups.iter().map(|a| (a.kind.clone(), a.label.as_deref(), a.intervention_names.clone())).collect();
    assert_eq!(
        arm_view,
        [
            (
                Some(ArmGroupType::Experimental),
                Some("Iguratimod and Danazol"),
                vec!["Drug: Iguratimod".to_owned(), "Drug: Danazol".to_owned()]
            ),
            (Some(ArmGroupType::ActiveComparator), Some("Danazol"), vec!["Drug: Danazol".to_owned()]),
        ]
    );
    assert_eq!(arms.arm_groups[1].description.as_deref(), Some("Danazol is given at 200mg bid for 12 weeks."));
    let [iguratimod, danazol] = arms.interventions.as_slice() else {
        panic!("two interventions: {:?}", arms.interventions)
    };
    assert_eq!(
        (iguratimod.kind.clone(), iguratimod.name.as_deref()),
        (Some(InterventionType::Drug), Some("Iguratimod"))
    );
    assert_eq!(iguratimod.other_names, ["Iremod"]);
    assert!(
        iguratimod.description.as_deref().unwrap().starts_with("Oral iguratimod (25 mg twice daily) for 12 weeks.")
    );
    assert_eq!(danazol.name.as_deref(), Some("Danazol"));
    // The copy ran "Drug: Danazol" into the line above; its description is still its own.
    assert_eq!(danazol.description.as_deref(), Some("Oral danazol (200 mg twice daily) for 12 weeks."));
    assert_eq!(danazol.arm_group_labels, ["Iguratimod and Danazol", "Danazol"]);

    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert_eq!(measures(&outcomes.primary_outcomes), ["Sustained response"]);
    assert_eq!(
        measures(&outcomes.secondary_outcomes),
        [
            "Complete remission",
            "Partial remission",
            "Time to response",
            "Duration of response",
            "Incidence of treatment-emergent adverse events"
        ]
    );
    let first = &outcomes.primary_outcomes[0];
    assert_eq!(first.time_frame.as_deref(), Some("6 months"));
    assert!(first.description.as_deref().unwrap().starts_with("The maintenance of platelet count ≥ 30 x 10^9/L"));
    // Which of them are primary the copy no longer says.
    assert!(warned(&study, "protocolSection.outcomesModule"));

    let e = p.eligibility_module.as_ref().unwrap();
    assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("18 Years"), Some("70 Years")));
    assert_eq!(e.std_ages, [StandardAge::Adult, StandardAge::OlderAdult]);
    assert_eq!((e.sex.clone(), e.healthy_volunteers), (Some(Sex::All), Some(false)));
    let split = criteria::split(e.eligibility_criteria.as_deref().unwrap());
    assert_eq!((split.inclusion.len(), split.exclusion.len()), (4, 8));
    assert_eq!(split.inclusion[3], "18 years older");
    assert_eq!(split.exclusion[1], "Congestive heart failure");

    let c = p.contacts_locations_module.as_ref().unwrap();
    let central: Vec<_> =
        c.central_contacts.iter().map(|c| (c.name.as_deref(), c.phone.as_deref(), c.email.as_deref())).collect();
    assert_eq!(
        central,
        [
            (Some("Xiao-Hui Zhang, MD"), Some("15010638916"), Some("1710301242@pku.edu.cn")),
            (Some("Zhuo-Yu An, MD"), Some("15010638916"), Some("anzhuoyu@pku.edu.cn")),
        ]
    );
    let sites: Vec<_> = c
        .locations
        .iter()
        .map(|l| (l.facility.as_deref(), l.status.clone(), l.city.as_deref(), l.zip.as_deref(), l.country.as_deref()))
        .collect();
    assert_eq!(
        sites,
        [
            (Some("Zhuo-Yu An"), Some(RecruitmentStatus::Recruiting), Some("Beijing"), Some("100044"), Some("China")),
            (
                Some("Peking University Insititute of Hematology, Peking University People's Hospital"),
                Some(RecruitmentStatus::Recruiting),
                Some("Beijing"),
                None,
                Some("China")
            ),
        ]
    );
    let site_contact = &c.locations[1].contacts[0];
    assert_eq!(
        (site_contact.name.as_deref(), site_contact.email.as_deref()),
        (Some("Xiao-hui Zhang, Professor"), Some("zhangxh100@sina.com"))
    );
    assert_eq!(c.locations[0].contacts[0].phone.as_deref(), Some("15010638916"));
    let pi = &c.overall_officials[0];
    assert_eq!(
        (pi.name.as_deref(), pi.role.clone()),
        (Some("Xiao-Hui Zhang, MD"), Some(OfficialRole::PrincipalInvestigator))
    );
    assert!(
        pi.affiliation
            .as_deref()
            .unwrap()
            .starts_with("Peking University People's Hospital, Peking University Institute of Hematology")
    );

    let sponsors = p.sponsor_collaborators_module.as_ref().unwrap();
    let party = sponsors.responsible_party.as_ref().unwrap();
    assert_eq!(party.investigator_full_name.as_deref(), Some("Xiao Hui Zhang"));
    assert_eq!(party.investigator_affiliation.as_deref(), Some("Peking University People's Hospital"));
    // The copy shows no sponsor line: nothing is made up, and the reader is told.
    assert!(sponsors.lead_sponsor.is_none());
    assert!(warned(&study, "protocolSection.sponsorCollaboratorsModule.leadSponsor"));

    let oversight = p.oversight_module.as_ref().unwrap();
    assert_eq!((oversight.is_fda_regulated_drug, oversight.is_fda_regulated_device), (Some(false), Some(false)));
    assert_eq!(study.has_results, Some(false));

    // MeSH terms run together on the page: kept whole, not split wrongly.
    let section = study.registry_section.as_ref().unwrap();
    let mesh = section.registry_fields.as_ref().unwrap().mesh_terms_text.as_deref().unwrap();
    assert!(mesh.starts_with("Thrombocytopenia Purpura, Thrombocytopenic, Idiopathic"));
    assert!(mesh.ends_with("Danazol Estrogen Antagonists Hormone Antagonists Hormones, Hormone Substitutes, and Hormone Antagonists Physiological Effects of Drugs"));
    assert!(study.derived_section.is_none());
    assert!(warned(&study, "derivedSection.conditionBrowseModule"));

    assert_eq!(section.registry, Some(Registry::Ctgov));
    assert_eq!(section.registry_id.as_deref(), Some("NCT05281068"));
    assert_eq!(section.source_format, Some(SourceFormat::CtgovPageText));
    insta::assert_json_snapshot!("ctgov_page_text_000", study);
}

#[test]
fn seed_001_reads_what_the_sjogren_page_shows() {
    let study = one_record(&seed("001"));
    let p = protocol(&study);

    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.nct_id.as_deref(), Some("NCT02464319"));
    assert_eq!(
        id.brief_title.as_deref(),
        Some("A Phase II Study With Low-dose Recombinant Human IL-2 for the Treatment of Primary Sjögren's Syndrome")
    );
    assert_eq!(
        id.official_title.as_deref(),
        Some("Safety and Efficiency Study of Low-dose IL-2 Treatment in Primary Sjögren's Syndrome")
    );
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("hrIL-2-SS1"));

    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Completed));
    assert_eq!(date(&status.start_date_struct), ("2015-06-01".into(), Some(DateType::Actual)));
    assert_eq!(date(&status.primary_completion_date_struct), ("2017-03-31".into(), Some(DateType::Actual)));
    assert_eq!(date(&status.completion_date_struct), ("2017-08-31".into(), Some(DateType::Actual)));
    assert_eq!(date(&status.study_first_post_date_struct).0, "2015-06-08");
    assert_eq!(date(&status.last_update_post_date_struct).0, "2018-03-15");
    assert_eq!(status.status_verified_date.unwrap().to_string(), "2018-03");

    let design = p.design_module.as_ref().unwrap();
    assert_eq!(
        (design.study_type.clone(), design.phases.clone()),
        (Some(StudyType::Interventional), vec![Phase::Phase2])
    );
    let enrollment = design.enrollment_info.as_ref().unwrap();
    assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(60), Some(EnrollmentType::Actual)));
    let masking = design.design_info.as_ref().unwrap().masking_info.as_ref().unwrap();
    assert_eq!(masking.masking, Some(DesignMasking::Quadruple));
    assert_eq!(
        masking.who_masked,
        [WhoMasked::Participant, WhoMasked::CareProvider, WhoMasked::Investigator, WhoMasked::OutcomesAssessor]
    );

    assert_eq!(p.conditions_module.as_ref().unwrap().conditions, ["Primary Sjögren's Syndrome"]);

    // The arm type comes first; the label keeps the colon the sponsor wrote into it.
    let arms = p.arms_interventions_module.as_ref().unwrap();
    let arm_view: Vec<_> = arms.arm_groups.iter().map(|a| (a.kind.clone(), a.label.as_deref())).collect();
    assert_eq!(
        arm_view,
        [
            (Some(ArmGroupType::ActiveComparator), Some("Experimental: hrIL-2 active")),
            (Some(ArmGroupType::PlaceboComparator), Some("Placebo Comparator: hrIL-2 placebo")),
        ]
    );
    assert_eq!(arms.arm_groups[1].description.as_deref(), Some("1 million U doses of placebo s.c. injection"));
    let view: Vec<_> = arms
        .interventions
        .iter()
        .map(|i| (i.name.as_deref(), i.other_names.clone(), i.arm_group_labels.len()))
        .collect();
    assert_eq!(
        view,
        [
            (Some("hrIL-2 active"), vec!["Human recombinant IL-2".to_owned()], 1),
            (Some("hrIL-2 placebo"), vec!["placebo".to_owned()], 1),
        ]
    );

    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert_eq!(outcomes.primary_outcomes.len() + outcomes.secondary_outcomes.len(), 2);
    assert!(
        outcomes.primary_outcomes[0]
            .measure
            .as_deref()
            .unwrap()
            .starts_with("Examination of the therapeutic effects (improvement in ESSDAI)")
    );
    assert_eq!(outcomes.primary_outcomes[0].time_frame.as_deref(), Some("24 weeks"));
    assert_eq!(outcomes.primary_outcomes[0].description, None);
    assert_eq!(measures(&outcomes.secondary_outcomes), ["Immunological Responses"]);
    assert_eq!(outcomes.secondary_outcomes[0].time_frame.as_deref(), Some("0,12,24weeks"));

    let e = p.eligibility_module.as_ref().unwrap();
    assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("18 Years"), Some("65 Years")));
    assert_eq!((e.sex.clone(), e.healthy_volunteers), (Some(Sex::All), Some(false)));
    let split = criteria::split(e.eligibility_criteria.as_deref().unwrap());
    assert_eq!((split.inclusion.len(), split.exclusion.len()), (4, 9));
    assert_eq!(split.exclusion[8], "Weight under 45kg or more than 80kg");

    let c = p.contacts_locations_module.as_ref().unwrap();
    assert!(c.central_contacts.is_empty());
    let site = &c.locations[0];
    assert_eq!(
        site.facility.as_deref(),
        Some("Department of Rheumatology and Immunology, Peking University People's Hospital")
    );
    assert_eq!(
        (site.city.as_deref(), site.state.as_deref(), site.country.as_deref(), site.zip.as_deref()),
        (Some("Beijing"), Some("Beijing"), Some("China"), Some("100044"))
    );
    assert_eq!(site.status, None);
    let pi = &c.overall_officials[0];
    assert_eq!(
        (pi.name.as_deref(), pi.affiliation.as_deref()),
        (Some("Zhanguo Li, MD, PhD"), Some("Peking University Institute of Rheumatology and Immunology"))
    );

    let fields = study.registry_section.as_ref().unwrap().registry_fields.as_ref().unwrap();
    let mesh = fields.mesh_terms_text.as_deref().unwrap();
    assert!(mesh.starts_with("Sjogren's Syndrome Syndrome Disease"));
    assert!(mesh.ends_with("Autoimmune Diseases Immune System Diseases"));
    insta::assert_json_snapshot!("ctgov_page_text_001", study);
}

#[test]
fn a_page_cut_after_its_header_is_a_record_with_warnings() {
    let text = String::from_utf8(seed("000")).unwrap();
    let head: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
    let parsed = parse_as(SourceFormat::CtgovPageText, head.as_bytes());
    assert_eq!(parsed.errors().count(), 0);
    let study = &parsed.records[0];
    let status = protocol(study).status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Recruiting));
    assert!(warned(study, "protocolSection.designModule.studyType"));
    assert!(warned(study, "protocolSection.eligibilityModule.eligibilityCriteria"));
}

#[test]
fn text_that_is_no_ctgov_page_is_an_error() {
    for other in [b"Minutes of the board meeting\nNothing about trials here.".to_vec(), seed("004"), seed("003")] {
        let parsed = parse_as(SourceFormat::CtgovPageText, &other);
        assert!(parsed.records.is_empty());
        let error = parsed.errors().next().expect("an error");
        assert!(error.message.starts_with("expected a ClinicalTrials.gov study page"), "{error}");
    }
}

#[test]
fn no_cut_of_the_pages_panics() {
    for name in ["000", "001"] {
        let bytes = seed(name);
        for end in (0..bytes.len()).step_by(37).chain([bytes.len()]) {
            let _ = parse_as(SourceFormat::CtgovPageText, &bytes[..end]);
            let _ = parse_as(SourceFormat::CtgovPageText, &bytes[end..]);
        }
    }
}

/// A fuller copy of the classic page keeps what seed 000 lost: the sponsor box, the brief
/// summary and the outcome headings. They are read when they are there.
#[test]
fn headings_the_seed_lost_are_honoured_when_present() {
    let text = String::from_utf8(seed("000")).unwrap();
    let text = text
        .replace(
            "Last Update Posted : May 2, 2022\n",
            "Last Update Posted : May 2, 2022\nSponsor:\nPeking University People's Hospital\n",
        )
        .replace("Condition or disease |", "Brief Summary:\nIguratimod plus danazol for ITP.\n\nCondition or disease |")
        .replace("- Sustained response", "Primary Outcome Measures:\n- Sustained response")
        .replace("- Partial remission", "\nSecondary Outcome Measures:\n- Partial remission");
    let study = one_record(text.as_bytes());
    let p = protocol(&study);
    let sponsor = p.sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap();
    assert_eq!(sponsor.name.as_deref(), Some("Peking University People's Hospital"));
    let summary = p.description_module.as_ref().unwrap().brief_summary.as_deref();
    assert_eq!(summary, Some("Iguratimod plus danazol for ITP."));
    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert_eq!(measures(&outcomes.primary_outcomes), ["Sustained response", "Complete remission"]);
    assert_eq!(outcomes.secondary_outcomes.len(), 4);
    assert!(!warned(&study, "protocolSection.outcomesModule"));
    assert!(!warned(&study, "protocolSection.sponsorCollaboratorsModule.leadSponsor"));
}
