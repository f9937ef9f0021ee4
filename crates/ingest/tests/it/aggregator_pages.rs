//! Third-party pages re-rendering CT.gov records: the "Clinical Trial Details" page
//! (seed 003) and the trial summary page with no id (seed 004).

use trialdex_ingest::{SourceFormat, parse_as};
use trialdex_model::criteria;
use trialdex_model::*;

use super::common::*;

#[test]
fn seed_003_reads_the_details_page() {
    let study = one_record(&seed("003"));
    let p = protocol(&study);

    let id = p.identification_module.as_ref().unwrap();
    assert_eq!(id.nct_id.as_deref(), Some("NCT04952155"));
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("M2020420"));
    assert!(id.secondary_id_infos.is_empty(), "the Secondary ID line is empty");
    assert_eq!(id.organization.as_ref().unwrap().full_name.as_deref(), Some("Peking University Third Hospital"));
    // The page shows no title at all.
    assert_eq!(id.brief_title, None);
    assert!(warned(&study, "protocolSection.identificationModule.briefTitle"));

    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Recruiting));
    let start = status.start_date_struct.as_ref().unwrap();
    assert_eq!((start.date.unwrap().to_string(), start.kind.clone()), ("2020-01-01".into(), None));
    let primary = status.primary_completion_date_struct.as_ref().unwrap();
    assert_eq!(
        (primary.date.unwrap().to_string(), primary.kind.clone()),
        ("2021-12-31".into(), Some(DateType::Estimated))
    );
    let completion = status.completion_date_struct.as_ref().unwrap();
    assert_eq!(
        (completion.date.unwrap().to_string(), completion.kind.clone()),
        ("2022-12-31".into(), Some(DateType::Estimated))
    );
    assert_eq!(status.status_verified_date.unwrap().to_string(), "2021-06");

    let design = p.design_module.as_ref().unwrap();
    assert_eq!(
        (design.study_type.clone(), design.phases.clone()),
        (Some(StudyType::Interventional), vec![Phase::Phase2])
    );
    let enrollment = design.enrollment_info.as_ref().unwrap();
    assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(13), None));
    assert_eq!(design.design_info, None, "the Study Design section is empty");
    assert!(warned(&study, "protocolSection.designModule.designInfo"));

    let description = p.description_module.as_ref().unwrap();
    assert_eq!(
        description.brief_summary.as_deref(),
        Some(
            "The purpose of this study was to evaluate the efficacy and safety of low-dose IL-2 in the treatment of immunorelated ALS syndrome."
        )
    );
    assert!(
        description
            .detailed_description
            .as_deref()
            .unwrap()
            .starts_with("This is a single-center, open-label, self-controlled clinical study")
    );

    assert!(p.conditions_module.is_none(), "the Related Conditions section is empty");
    assert!(warned(&study, "protocolSection.conditionsModule.conditions"));

    let e = p.eligibility_module.as_ref().unwrap();
    assert_eq!((e.minimum_age.as_deref(), e.maximum_age.as_deref()), (Some("18 Years"), Some("70 Years")));
    assert_eq!((e.sex.clone(), e.healthy_volunteers), (Some(Sex::All), Some(false)));
    let split = criteria::split(e.eligibility_criteria.as_deref().unwrap());
    assert_eq!((split.inclusion.len(), split.exclusion.len()), (8, 9), "{split:#?}");
    assert_eq!(split.inclusion[0], "18-70 years old");
    assert_eq!(split.exclusion[0], "Allergic or intolerance to IL2");

    let interventions = &p.arms_interventions_module.as_ref().unwrap().interventions;
    assert_eq!(interventions.len(), 1);
    assert_eq!(
        (interventions[0].kind.clone(), interventions[0].name.as_deref()),
        (Some(InterventionType::Drug), Some("IL-2"))
    );
    assert!(
        interventions[0]
            .description
            .as_deref()
            .unwrap()
            .starts_with("The administration period was divided into 6 courses.")
    );

    let sponsors = p.sponsor_collaborators_module.as_ref().unwrap();
    assert_eq!(sponsors.lead_sponsor.as_ref().unwrap().name.as_deref(), Some("Peking University Third Hospital"));
    assert!(sponsors.collaborators.is_empty());
    let c = p.contacts_locations_module.as_ref().unwrap();
    let contact = &c.central_contacts[0];
    assert_eq!(
        (contact.name.as_deref(), contact.phone.as_deref(), contact.email.as_deref()),
        (Some("Dongsheng Fan"), Some("+86 13701023871"), Some("dsfan@sina.com"))
    );
    let site = &c.locations[0];
    assert_eq!(
        (site.facility.as_deref(), site.city.as_deref(), site.state.as_deref(), site.country.as_deref()),
        (Some("Peking University Third Hospital"), Some("Beijing"), Some("Beijing"), Some("China"))
    );
    let oversight = p.oversight_module.as_ref().unwrap();
    assert_eq!((oversight.is_fda_regulated_drug, oversight.is_fda_regulated_device), (Some(false), Some(false)));

    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert_eq!((outcomes.primary_outcomes.len(), outcomes.secondary_outcomes.len()), (1, 6));
    let primary = &outcomes.primary_outcomes[0];
    assert_eq!(primary.measure.as_deref(), Some("ALSFRS-R score"));
    assert_eq!(
        primary.description.as_deref(),
        Some("Changes in the rate of ALSFRS-R score during administration period compared with follow-up period")
    );
    assert_eq!(primary.time_frame.as_deref(), Some("week 0,week 24 and week 48"));
    let secondary: Vec<_> = outcomes
        .secondary_outcomes
        .iter()
        .map(|o| (o.measure.as_deref().unwrap(), o.time_frame.as_deref().unwrap()))
        .collect();
    assert_eq!(
        secondary,
        [
            ("ALSFRS-R score", "week 0,week 24 and week 48"),
            ("ROADS score", "week 0,week 24 and week 48"),
            ("ALSAQ-40 score", "week 0,week 24 and week 48"),
            ("MRC score", "week 0,week 24 and week 48"),
            ("Immunological Responses", "week 0 and week 24"),
            ("NFL in the serum and cerebrospinal fluid", "week 0,week 24 and week 48"),
        ]
    );
    assert!(warned(&study, "protocolSection.outcomesModule"), "the columns were told apart by wording");

    let section = study.registry_section.as_ref().unwrap();
    assert_eq!((section.registry, section.registry_id.as_deref()), (Some(Registry::Ctgov), Some("NCT04952155")));
    assert_eq!(section.source_format, Some(SourceFormat::AggregatorDetailsText));
    insta::assert_json_snapshot!("aggregator_details_text_003", study);
}

#[test]
fn seed_003_see_also_trials_do_not_leak_into_the_record() {
    let study = one_record(&seed("003"));
    let section = study.registry_section.as_ref().unwrap();
    assert_eq!(section.other_ids, [OtherId::new(Registry::Ctgov, "NCT04952155")]);
    let related = &section.registry_fields.as_ref().unwrap().related_trials;
    assert_eq!(related.len(), 20);
    assert_eq!((related[0].as_str(), related[19].as_str()), ("NCT04428775", "NCT02874209"));

    // Outside relatedTrials, no other trial's id or title appears anywhere.
    let mut json = serde_json::to_value(&study).unwrap();
    json["registrySection"]["registryFields"].as_object_mut().unwrap().remove("relatedTrials");
    let text = json.to_string();
    for id in related {
        assert!(!text.contains(id.as_str()), "{id} leaked into the record");
    }
    for title in ["ALZT-OP1a", "Tirasemtiv", "Pegcetacoplan", "Brain-Computer Interface"] {
        assert!(!text.contains(title), "{title} leaked into the record");
    }
}

#[test]
fn seed_004_reads_what_is_there_and_invents_nothing() {
    let study = one_record(&seed("004"));
    let p = protocol(&study);

    // No id on the page: a stable local id, not an NCT number.
    let section = study.registry_section.as_ref().unwrap();
    let local = section.registry_id.as_deref().unwrap();
    assert!(local.starts_with("LOCAL-"), "{local}");
    assert_eq!(section.registry, Some(Registry::Other));
    assert!(section.other_ids.is_empty());
    assert_eq!(one_record(&seed("004")).registry_section.unwrap().registry_id.as_deref(), Some(local));
    assert!(p.identification_module.is_none());

    // Empty headings stay empty, each with a warning.
    assert!(p.status_module.is_none());
    assert!(warned(&study, "protocolSection.statusModule.overallStatus"));
    let design = p.design_module.as_ref().unwrap();
    assert!(design.phases.is_empty());
    assert!(warned(&study, "protocolSection.designModule.phases"));
    assert_eq!(design.study_type, None);
    assert!(warned(&study, "protocolSection.designModule.studyType"));
    assert_eq!(design.design_info, None);
    assert!(p.eligibility_module.is_none());
    assert!(warned(&study, "protocolSection.eligibilityModule.eligibilityCriteria"));
    assert!(warned(&study, "protocolSection.eligibilityModule.sex"));
    assert!(p.conditions_module.is_none());
    assert!(warned(&study, "protocolSection.conditionsModule.conditions"));

    // "12 participants in 1 patient group": the count, but no arm made up.
    let enrollment = design.enrollment_info.as_ref().unwrap();
    assert_eq!((enrollment.count, enrollment.kind.clone()), (Some(12), None));
    assert!(p.arms_interventions_module.is_none());
    assert!(warned(&study, "protocolSection.armsInterventionsModule.armGroups"));

    let description = p.description_module.as_ref().unwrap();
    assert!(
        description
            .brief_summary
            .as_deref()
            .unwrap()
            .starts_with("Amyotrophic lateral sclerosis (ALS) is a fatal neurodegenerative disease")
    );
    let detailed = description.detailed_description.as_deref().unwrap();
    assert!(detailed.contains("In this study, 12 patients will be enrolled."));
    assert!(detailed.ends_with("within 180 days."));

    let contact = &p.contacts_locations_module.as_ref().unwrap().central_contacts[0];
    assert_eq!(
        (contact.name.as_deref(), contact.phone.as_ref(), contact.email.as_ref()),
        (Some("Yilong Wang, PhD+MD"), None, None)
    );
    let fields = section.registry_fields.as_ref().unwrap();
    assert_eq!(fields.data_source.as_deref(), Some("clinicaltrials.gov"));
    assert_eq!(section.source_format, Some(SourceFormat::AggregatorSummaryText));
    insta::assert_json_snapshot!("aggregator_summary_text_004", study);
}

#[test]
fn pages_that_are_not_trial_pages_are_errors() {
    let unrelated = b"Minutes of the board meeting\nNothing about trials here.\n".to_vec();
    let text = |name: &str, lines: usize| -> Vec<u8> {
        let seed = String::from_utf8(seed(name)).unwrap();
        seed.lines().take(lines).collect::<Vec<_>>().join("\n").into_bytes()
    };
    let cases = [
        (SourceFormat::AggregatorDetailsText, unrelated.clone(), "expected a \"Clinical Trial Details\" page"),
        (SourceFormat::AggregatorDetailsText, text("003", 5), "expected a \"Clinical Trial Details\" page"),
        (SourceFormat::AggregatorDetailsText, seed("004"), "expected a \"Clinical Trial Details\" page"),
        (SourceFormat::AggregatorSummaryText, unrelated, "expected a trial summary page"),
        (SourceFormat::AggregatorSummaryText, seed("000"), "expected a trial summary page"),
        (SourceFormat::AggregatorSummaryText, text("004", 3), "shows its headings but nothing under them"),
    ];
    for (format, bytes, expected) in cases {
        let parsed = parse_as(format, &bytes);
        assert!(parsed.records.is_empty(), "{format}: {expected}");
        let error = parsed.errors().next().expect("an error");
        assert!(error.message.contains(expected), "{format}: {error}");
    }
}

#[test]
fn a_details_page_cut_after_its_administrative_data_is_a_record_with_warnings() {
    let seed = String::from_utf8(seed("003")).unwrap();
    let head = seed.lines().take(16).collect::<Vec<_>>().join("\n");
    let parsed = parse_as(SourceFormat::AggregatorDetailsText, head.as_bytes());
    let study = &parsed.records[0];
    assert_eq!(protocol(study).identification_module.as_ref().unwrap().nct_id.as_deref(), Some("NCT04952155"));
    assert!(warned(study, "protocolSection.eligibilityModule.eligibilityCriteria"));
    assert!(warned(study, "protocolSection.designModule.studyType"));
}

#[test]
fn no_cut_of_the_pages_panics() {
    for (name, format) in [("003", SourceFormat::AggregatorDetailsText), ("004", SourceFormat::AggregatorSummaryText)] {
        let bytes = seed(name);
        for end in (0..bytes.len()).step_by(29).chain([bytes.len()]) {
            let _ = parse_as(format, &bytes[..end]);
            let _ = parse_as(format, &bytes[end..]);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Lines of all four page seeds picked in any order, with junk between them: every
    /// page parser returns records or errors, never panics.
    #[test]
    fn shuffled_and_mangled_pages_never_panic(
        picks in proptest::collection::vec((0usize..10_000, proptest::option::of("[|:\\- a-zA-Z0-9(),]{0,12}")), 0..60),
    ) {
        let pool: Vec<String> = ["000", "001", "003", "004"]
            .iter()
            .flat_map(|s| String::from_utf8(seed(s)).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut page = String::new();
        for (pick, junk) in picks {
            page.push_str(&pool[pick % pool.len()]);
            page.push_str(junk.as_deref().unwrap_or(""));
            page.push('\n');
        }
        for format in [SourceFormat::CtgovPageText, SourceFormat::AggregatorDetailsText, SourceFormat::AggregatorSummaryText] {
            let parsed = parse_as(format, page.as_bytes());
            proptest::prop_assert!(parsed.records.len() + parsed.errors().count() == 1);
        }
    }
}
