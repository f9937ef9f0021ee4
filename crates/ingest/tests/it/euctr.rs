//! EU Clinical Trials Register: the text download (10 member-state copies of 2 trials),
//! trial pages (PT, EE, 3rd, and a DE page saved as a search response), a search-results
//! page, and an EU trials tracker's CSVs.

use trialdex_ingest::{Parsed, Severity, SourceFormat, formats::euctr_html, formats::euctr_text, parse_as};
use trialdex_model::*;

use super::common::*;

fn read(rel: &str, format: SourceFormat) -> Parsed {
    let bytes = std::fs::read(shared(rel)).unwrap();
    assert_eq!(trialdex_ingest::sniff(&bytes), Ok(format), "{rel}");
    let parsed = trialdex_ingest::parse(&bytes).unwrap();
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    parsed
}

fn text_download() -> Vec<Study> {
    read("corpus/euctr/euctr-text-download.txt", SourceFormat::EuctrText).records
}

#[test]
fn text_download_has_one_record_per_member_state_copy() {
    let records = text_download();
    assert_eq!(records.len(), 10);
    let copies: Vec<(&str, &str)> = records
        .iter()
        .map(|s| (section(s).registry_id.as_deref().unwrap(), fields(s).member_state.as_deref().unwrap()))
        .collect();
    assert_eq!(
        copies,
        [
            ("2022-002568-62", "ES"),
            ("2022-002568-62", "SE"),
            ("2022-002568-62", "SE"),
            ("2021-002179-21", "FR"),
            ("2021-002179-21", "ES"),
            ("2021-002179-21", "GR"),
            ("2021-002179-21", "PL"),
            ("2021-002179-21", "PL"),
            ("2021-002179-21", "PT"),
            ("2021-002179-21", "HU"),
        ]
    );
    for study in &records {
        let s = section(study);
        assert_eq!((s.registry, s.source_format), (Some(Registry::Euctr), Some(SourceFormat::EuctrText)));
        let id = s.registry_id.as_deref().unwrap();
        let state = fields(study).member_state.as_deref().unwrap();
        assert_eq!(
            s.source_url.as_deref(),
            Some(format!("https://www.clinicaltrialsregister.eu/ctr-search/trial/{id}/{state}/").as_str())
        );
        assert!(s.other_ids.contains(&OtherId::new(Registry::Euctr, id)));
    }
}

#[test]
fn translated_spanish_copy_of_the_avb_101_trial() {
    let study = &text_download()[0];
    let p = protocol(study);
    let id = p.identification_module.as_ref().unwrap();
    assert!(
        id.official_title.as_deref().unwrap().starts_with("A Phase 1/2 Open-Label, Ascending Dose, Multicenter Study")
    );
    assert!(id.brief_title.as_deref().unwrap().starts_with("A study to test whether AVB-101 is both safe"));
    assert!(id.acronym.as_deref().unwrap().starts_with("Ph1/2 study of AVB-101"));
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("AVB-PGRN-001"));

    let es = section(study).original_language.as_ref().unwrap();
    assert_eq!(es.language.as_deref(), Some("es"));
    assert!(es.official_title.as_deref().unwrap().starts_with("Estudio de fase 1/2, abierto"));
    assert!(es.brief_title.as_deref().unwrap().starts_with("Un estudio para probar si AVB-101"));
    assert_eq!(es.conditions, ["Demencia Frontotemporal con mutaciones en el gen de la progranulina (DFT-GRN)"]);
    assert!(es.inclusion_criteria.as_deref().unwrap().starts_with("1. Ser varón o mujer de entre 30 y 75 años"));
    assert!(es.exclusion_criteria.as_deref().unwrap().contains("21. Intolerancia o hipersensibilidad"));
    assert_eq!(es.outcomes.len(), 2);

    let status = p.status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, None, "\"Ongoing\" names no single CT.gov status");
    assert_eq!(fields(study).recruitment_status_text.as_deref(), Some("Ongoing"));
    assert_eq!(status.study_first_submit_date.unwrap().to_string(), "2023-01-16");
    assert!(section(study).warnings.iter().any(|w| w.message.as_deref().unwrap().starts_with("\"Ongoing\" names no")));

    let sponsor = p.sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap();
    assert_eq!((sponsor.name.as_deref(), sponsor.class.clone()), (Some("AviadoBio Ltd"), Some(AgencyClass::Industry)));
    let imp = &p.arms_interventions_module.as_ref().unwrap().interventions[0];
    assert_eq!(imp.name.as_deref(), Some("Recombinant AAV-9 vector expressing the human progranulin protein"));
    assert_eq!(imp.kind, Some(InterventionType::Biological), "an advanced therapy (gene therapy) IMP");
    assert_eq!(imp.other_names, ["AVB-101"]);
    assert_eq!(
        imp.description.as_deref(),
        Some("Role: Test; Pharmaceutical form: Solution for injection; Route of administration: Intracerebral use")
    );

    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases, [Phase::Phase1, Phase::Phase2]);
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.allocation, Some(DesignAllocation::NonRandomized));
    assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::None));
    assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(15), "F.4.2.2, the whole trial");

    let eligibility = p.eligibility_module.as_ref().unwrap();
    let criteria = criteria::split(eligibility.eligibility_criteria.as_deref().unwrap());
    assert_eq!((criteria.inclusion.len(), criteria.exclusion.len()), (6, 12));
    assert_eq!(eligibility.sex, Some(Sex::All));
    assert_eq!(eligibility.std_ages, [StandardAge::Adult, StandardAge::OlderAdult]);
    assert_eq!(eligibility.healthy_volunteers, Some(false));

    let outcomes = p.outcomes_module.as_ref().unwrap();
    assert_eq!(outcomes.primary_outcomes[0].time_frame.as_deref(), Some("26 weeks and 5 years"));
    assert!(outcomes.secondary_outcomes[0].measure.as_deref().unwrap().contains("PGRN protein levels"));
    assert_eq!(fields(study).countries, ["Spain", "United States", "United Kingdom"]);
    let other = fields(study).extra["otherFields"].as_array().unwrap();
    assert!(
        other.iter().any(|f| f["code"] == "A.7" && f["value"] == "JSON_ERROR_HERE"),
        "an odd value is kept verbatim"
    );
}

#[test]
fn masitinib_copy_in_france_with_meddra_placebo_and_double_blind_design() {
    let study = &text_download()[3];
    let p = protocol(study);
    assert!(section(study).original_language.is_none(), "the French copy has no translations");
    assert_eq!(p.conditions_module.as_ref().unwrap().conditions, ["Alzheimer's disease"]);
    let meddra = fields(study).extra["meddra"].as_array().unwrap();
    assert_eq!(meddra.len(), 3);
    assert_eq!(meddra[2]["term"], "Early onset Alzheimer's disease");
    assert_eq!(meddra[2]["classificationCode"], "10086384");
    let names: Vec<&str> = p
        .arms_interventions_module
        .as_ref()
        .unwrap()
        .interventions
        .iter()
        .map(|i| i.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["Masitinib", "Masitinib", "Placebo", "Placebo"]);
    let design = p.design_module.as_ref().unwrap();
    assert_eq!(design.phases, [Phase::Phase3]);
    let info = design.design_info.as_ref().unwrap();
    assert_eq!(info.allocation, Some(DesignAllocation::Randomized));
    assert_eq!(info.intervention_model, Some(InterventionalAssignment::Parallel));
    assert_eq!(info.masking_info.as_ref().unwrap().masking, Some(DesignMasking::Double));
    assert!(fields(study).study_design_text.as_deref().unwrap().contains("Placebo: Yes"));
    assert_eq!(design.enrollment_info.as_ref().unwrap().count, Some(600));
    assert_eq!(fields(study).extra["plannedEnrollment"]["memberState"], 30);
    assert_eq!(fields(study).countries.len(), 31);
    let ethics = &fields(study).ethics_approvals[0];
    assert_eq!((ethics.approved, ethics.approval_date.unwrap().to_string()), (Some(true), "2022-06-07".into()));
    // The Greek copy of the same trial carries Greek translations.
    let greek = &text_download()[5];
    assert_eq!(section(greek).original_language.as_ref().unwrap().language.as_deref(), Some("el"));
}

#[test]
fn trial_pages_are_member_state_copies() {
    let page = |name: &str| {
        let parsed = read(
            &format!("corpus/pages/www.clinicaltrialsregister.eu_ctr-search_trial_{name}.html"),
            SourceFormat::EuctrHtml,
        );
        assert_eq!(parsed.records.len(), 1);
        parsed.records.into_iter().next().unwrap()
    };
    let pt = page("2005-002909-23_PT");
    assert_eq!(section(&pt).registry_id.as_deref(), Some("2005-002909-23"));
    assert_eq!(fields(&pt).member_state.as_deref(), Some("PT"));
    let status = protocol(&pt).status_module.as_ref().unwrap();
    assert_eq!(status.overall_status, Some(Status::Completed));
    assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2013-04-24");
    let id = protocol(&pt).identification_module.as_ref().unwrap();
    assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("WA18696"));
    assert!(id.secondary_id_infos.is_empty(), "A.5.1 ISRCTN is \"NA\"");
    assert_eq!(
        protocol(&pt).arms_interventions_module.as_ref().unwrap().interventions[0].other_names,
        ["RO4877533", "tocilizumab"]
    );

    let ee = page("2009-016529-32_EE");
    assert_eq!(fields(&ee).member_state.as_deref(), Some("EE"));
    assert_eq!(protocol(&ee).status_module.as_ref().unwrap().overall_status, Some(Status::Terminated));
    let sativex = &protocol(&ee).arms_interventions_module.as_ref().unwrap().interventions[0];
    assert_eq!(sativex.name.as_deref(), Some("Sativex"));
    assert_eq!(
        sativex.other_names,
        ["Sativex Oromucosal Spray", "GW-1000-02", "delta-9-tetrahydrocannabinol", "cannabidiol"]
    );

    let third = page("2011-005852-33_3rd");
    assert_eq!(fields(&third).member_state.as_deref(), Some("3RD"));
    assert_eq!(
        section(&third).source_url.as_deref(),
        Some("https://www.clinicaltrialsregister.eu/ctr-search/trial/2011-005852-33/3rd")
    );
    assert_eq!(fields(&third).countries, ["Benin", "Burkina Faso", "Congo", "Nigeria", "Togo"]);
    let eligibility = protocol(&third).eligibility_module.as_ref().unwrap();
    assert_eq!(eligibility.std_ages, [StandardAge::Child]);
    assert_eq!(protocol(&third).design_module.as_ref().unwrap().enrollment_info.as_ref().unwrap().count, Some(30));
}

#[test]
fn a_saved_search_response_holding_a_full_trial_page_is_read_as_a_record() {
    let parsed = read("corpus/euctr/4f_4ff2c188ce8d0558bf49ce65ba607b1a84e35f95_a.html", SourceFormat::EuctrHtml);
    assert_eq!(parsed.records.len(), 1);
    let study = &parsed.records[0];
    assert_eq!(section(study).registry_id.as_deref(), Some("2015-000590-12"));
    assert_eq!(fields(study).member_state.as_deref(), Some("DE"));
    assert_eq!(protocol(study).arms_interventions_module.as_ref().unwrap().interventions.len(), 10);
}

#[test]
fn search_results_page_gives_a_note_and_no_record() {
    let parsed =
        read("corpus/euctr/72_7297c948e84696159ac864d107646d26acf8b360_response_body.html", SourceFormat::EuctrHtml);
    assert!(parsed.records.is_empty());
    let note = parsed.diagnostics.iter().find(|d| d.severity == Severity::Note).unwrap();
    assert_eq!(
        note.message,
        "an EU CTR search-results page listing 1 trial(s) (2015-000590-12); the page says 1 result(s) found; \
         it holds no full trial record"
    );
}

#[test]
fn tracker_crawl_rows_are_member_state_copies_and_per_trial_rows_group_by_trial() {
    for name in ["input", "output"] {
        let parsed = read(
            &format!("corpus/euctr/euctr_crawl_tests_test_cleanup_dataset-{name}.csv"),
            SourceFormat::EuctrTrackerCsv,
        );
        assert_eq!(parsed.records.len(), 5);
        let (cz, nl) = (&parsed.records[0], &parsed.records[4]);
        assert_eq!(section(cz).registry_id, section(nl).registry_id);
        assert_eq!((fields(cz).member_state.as_deref(), fields(nl).member_state.as_deref()), (Some("CZ"), Some("NL")));
        let es = &parsed.records[1];
        assert_eq!(protocol(es).design_module.as_ref().unwrap().phases, [Phase::Phase2]);
        let status = protocol(es).status_module.as_ref().unwrap();
        assert_eq!(status.overall_status, Some(Status::Completed));
        assert_eq!(status.completion_date_struct.as_ref().unwrap().date.unwrap().to_string(), "2015-02-11");
        let lead = protocol(es).sponsor_collaborators_module.as_ref().unwrap().lead_sponsor.as_ref().unwrap();
        assert!(lead.name.as_deref().unwrap().starts_with("Pierre Fabre"));
        assert!(
            section(es).warnings[0].message.as_deref().unwrap().starts_with("a summary an EU trials tracker derived")
        );
    }
    let parsed = read("corpus/euctr/euctr_frontend_tests_fixtures_trials.csv", SourceFormat::EuctrTrackerCsv);
    assert_eq!(parsed.records.len(), 7, "15 rows, one per sponsor name, of 7 trials");
    let gsk = &parsed.records[0];
    assert_eq!(fields(gsk).extra["sponsorNames"].as_array().unwrap().len(), 5);
    assert_eq!(fields(gsk).extra["trackerColumns"]["trial_status"], "2", "the tracker's own code, kept verbatim");
    assert_eq!(fields(gsk).extra["trackerColumns"]["max_end_date"], "2007-05-31");
}

#[test]
fn snapshots() {
    insta::assert_json_snapshot!("euctr_text_es_copy", &text_download()[0]);
    let bytes =
        std::fs::read(shared("corpus/pages/www.clinicaltrialsregister.eu_ctr-search_trial_2011-005852-33_3rd.html"))
            .unwrap();
    insta::assert_json_snapshot!("euctr_html_3rd", &euctr_html::parse(&bytes).records);
    let bytes = std::fs::read(shared("corpus/euctr/euctr_crawl_tests_test_cleanup_dataset-input.csv")).unwrap();
    insta::assert_json_snapshot!(
        "euctr_tracker_csv_first",
        &parse_as(SourceFormat::EuctrTrackerCsv, &bytes).records[0]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Lines of the real download in any order, with junk between them, never panic, and
    /// every block opening with "Summary" yields a record or an error.
    #[test]
    fn shuffled_text_download_never_panics(
        picks in proptest::collection::vec((0usize..4_000, proptest::option::of("[:()A-Z. a-z0-9\t]{0,12}")), 0..80),
    ) {
        let text = std::fs::read_to_string(shared("corpus/euctr/euctr-text-download.txt")).unwrap();
        let pool: Vec<&str> = text.lines().collect();
        let mut mangled = String::new();
        for (pick, junk) in picks {
            mangled.push_str(pool[pick % pool.len()]);
            mangled.push_str(junk.as_deref().unwrap_or(""));
            mangled.push('\n');
        }
        let parsed = euctr_text::parse(mangled.as_bytes());
        let blocks = mangled.lines().filter(|l| l.trim() == "Summary").count().max(1);
        proptest::prop_assert_eq!(parsed.records.len() + parsed.errors().count(), blocks);
    }

    /// Any cut of a trial page or a tracker CSV never panics.
    #[test]
    fn truncated_pages_and_csvs_never_panic(cut in 0usize..60_000) {
        for (rel, format) in [
            ("corpus/pages/www.clinicaltrialsregister.eu_ctr-search_trial_2009-016529-32_EE.html", SourceFormat::EuctrHtml),
            ("corpus/euctr/euctr_frontend_tests_fixtures_trials.csv", SourceFormat::EuctrTrackerCsv),
            ("corpus/euctr/euctr-text-download.txt", SourceFormat::EuctrText),
        ] {
            let bytes = std::fs::read(shared(rel)).unwrap();
            let _ = parse_as(format, &bytes[..cut.min(bytes.len())]);
        }
    }
}
