//! ctrdata's EUCTR records: one member-state copy of an EU Clinical Trials Register
//! trial, the register's text download flattened into keys named after its sections
//! (`a2_eudract_number`, `e71_human_pharmacology_phase_i`, `f422_in_the_whole_clinical_trial`…),
//! with the trial's results (`trialInformation`, `endPoints`…) when it has them.
//! Keys this mapping does not read are kept under `registryFields`; results are kept
//! as the register gives them, under `resultsSection`.

use serde_json::{Map, Value};
use trialdex_model::*;

use super::euctr_places::{country_code, original_language};
use super::{Fields, complete, items, scalar_text, text_at};

const ID: &str = "protocolSection.identificationModule";
const DESIGN: &str = "protocolSection.designModule";

/// The results blocks ctrdata adds from the register's results XML.
const RESULT_KEYS: [&str; 7] = [
    "trialInformation",
    "subjectDisposition",
    "baselineCharacteristics",
    "endPoints",
    "adverseEvents",
    "trialChanges",
    "subjectAnalysisSets",
];

pub(crate) fn read(object: Map<String, Value>) -> Result<Study, String> {
    let mut f = Fields::new(object);
    let eudract = f.text("a2_eudract_number").or_else(|| f.text("eudractNumber"));
    let Some(eudract) = eudract else {
        return Err("expected an EudraCT number (a2_eudract_number) in the EUCTR record, found none".to_owned());
    };
    if f.get("eudractNumber").and_then(scalar_text).as_deref() == Some(eudract.as_str()) {
        f.take("eudractNumber");
    }
    let mut rf = RegistryFields::default();
    let mut p = ProtocolSection::default();
    let member_state = member_state(&mut f, &mut rf);
    identification(&mut f, &mut p);
    let mut status = StatusModule::default();
    status_of(&mut f, &mut status, &mut rf);
    p.design_module = Some(design(&mut f, &mut rf));
    p.conditions_module = Some(ConditionsModule {
        conditions: f.text("e11_medical_conditions_being_investigated").into_iter().collect(),
        ..Default::default()
    });
    p.description_module = f
        .block("e21_main_objective_of_the_trial")
        .map(|s| DescriptionModule { brief_summary: Some(s), ..Default::default() });
    p.eligibility_module = Some(eligibility(&mut f));
    p.outcomes_module = Some(outcomes(&mut f));
    p.arms_interventions_module = products(&mut f);
    p.sponsor_collaborators_module = sponsors(&mut f, &mut rf);
    ethics(&mut f, &mut rf);
    let original = original_language(&mut f, member_state.as_deref());

    let mut study = Study::default();
    let results: Map<String, Value> =
        RESULT_KEYS.iter().filter_map(|k| f.take(k).map(|v| ((*k).to_owned(), v))).collect();
    if !results.is_empty() {
        result_dates(&results, &mut status, &mut p);
        study.results_section = Some(ResultsSection { extra: results.into_iter().collect(), ..Default::default() });
        f.warnings.push(Warning::new(
            "resultsSection",
            "EU CTR results are kept as the register gives them, not mapped to CT.gov's results modules",
        ));
    }
    study.has_results = Some(study.results_section.is_some());
    p.status_module = Some(status);
    study.protocol_section = Some(p);
    let section = study.registry_section.get_or_insert_with(Default::default);
    section.original_language = original;
    if let Some(state) = &member_state {
        section.source_url = Some(format!("https://www.clinicaltrialsregister.eu/ctr-search/trial/{eudract}/{state}"));
    }
    Ok(complete(study, Registry::Euctr, Some(eudract), f, rf))
}

/// "Austria - BASG" → "AT": the copy's member state, as EU CTR suffixes it; a trial
/// entered from outside the EEA is the "3RD" copy.
fn member_state(f: &mut Fields, rf: &mut RegistryFields) -> Option<String> {
    let concerned = f.text("a1_member_state_concerned");
    let outside = f.get("x4_clinical_trial_type").and_then(scalar_text).is_some_and(|t| t.contains("Outside EU/EEA"));
    let Some(concerned) = concerned else {
        if outside {
            rf.member_state = Some("3RD".to_owned());
        } else {
            f.warnings.push(Warning::new(
                "registrySection.registryFields.memberState",
                "the record names no member state concerned",
            ));
        }
        return rf.member_state.clone();
    };
    let country = concerned.split(" - ").next().unwrap_or(&concerned).trim().to_owned();
    match country_code(&country) {
        Some(code) => rf.member_state = Some(code.to_owned()),
        None => {
            f.warnings.push(Warning::new(
                "registrySection.registryFields.memberState",
                format!("member state {concerned:?} is no EU/EEA country this reader knows; kept in countries"),
            ));
        }
    }
    rf.countries.push(country);
    rf.extra.insert("memberStateConcerned".to_owned(), Value::String(concerned));
    rf.member_state.clone()
}

/// Titles and the ids section A gives. All-zero ids ("NCT00000000") are placeholders
/// sponsors entered for "none"; they are kept but not treated as registry ids.
fn identification(f: &mut Fields, p: &mut ProtocolSection) {
    let mut m = IdentificationModule {
        official_title: f.text("a3_full_title_of_the_trial"),
        brief_title: f.text("a31_title_of_the_trial_for_lay_people_in_easily_understood_ie_nontechnical_language"),
        acronym: f.text("a32_name_or_abbreviated_title_of_the_trial_where_available"),
        ..Default::default()
    };
    if let Some(code) = f.text("a41_sponsors_protocol_code_number") {
        m.org_study_id_info = Some(OrgStudyIdInfo { id: Some(code), ..Default::default() });
    }
    let registries = [
        ("a51_isrctn_international_standard_randomised_controlled_trial_number", SecondaryIdType::Registry),
        ("a52_us_nct_clinicaltrialsgov_registry_number", SecondaryIdType::Registry),
        ("a53_who_universal_trial_reference_number_utrn", SecondaryIdType::Registry),
        ("a54_other_identifiers", SecondaryIdType::Other),
    ];
    for (key, kind) in registries {
        let Some(id) = f.get(key).and_then(scalar_text) else { continue };
        if id.chars().filter(char::is_ascii_digit).all(|c| c == '0') && id.chars().any(|c| c.is_ascii_digit()) {
            f.warnings.push(Warning::new(
                format!("{ID}.secondaryIdInfos"),
                format!("{key}: {id:?} is a placeholder, not an id; kept"),
            ));
            continue;
        }
        f.take(key);
        m.secondary_id_infos.push(SecondaryIdInfo { id: Some(id), kind: Some(kind), ..Default::default() });
    }
    if m.official_title.is_none() {
        f.warnings.push(Warning::new(format!("{ID}.officialTitle"), "the record has no full title (A.3)"));
    }
    p.identification_module = Some(m);
}

/// EU CTR's trial status of this copy: "Completed", "Prematurely Ended", "Temporarily
/// Halted" map; "Ongoing", "Not Authorised", "Restarted", "GB - no longer in EU/EEA"
/// say nothing CT.gov's statuses can, and are kept as text.
fn status_of(f: &mut Fields, status: &mut StatusModule, rf: &mut RegistryFields) {
    let text = f.text("x5_trial_status");
    if f.get("p_end_of_trial_status").and_then(scalar_text) == text
        || f.get("p_end_of_trial_status").is_some_and(super::is_empty)
    {
        f.take("p_end_of_trial_status");
    }
    match text.as_deref() {
        None => f
            .warnings
            .push(Warning::new("protocolSection.statusModule.overallStatus", "the record gives no trial status")),
        Some("Completed") => status.overall_status = Some(Status::Completed),
        Some("Prematurely Ended") => status.overall_status = Some(Status::Terminated),
        Some("Temporarily Halted") => status.overall_status = Some(Status::Suspended),
        Some(other) => {
            f.warnings.push(Warning::new(
                "protocolSection.statusModule.overallStatus",
                format!("EU CTR status {other:?} maps to no CT.gov status; kept in recruitmentStatusText"),
            ));
            rf.recruitment_status_text = Some(other.to_owned());
        }
    }
    let first_entered = f.date(
        "x6_date_on_which_this_record_was_first_entered_in_the_eudract_database",
        "protocolSection.statusModule.studyFirstSubmitDate",
    );
    status.study_first_submit_date = first_entered;
    rf.registration_date = first_entered;
    if let Some(end) =
        f.date("p_date_of_the_global_end_of_the_trial", "protocolSection.statusModule.completionDateStruct")
    {
        status.completion_date_struct =
            Some(DateStruct { date: Some(end), kind: Some(DateType::Actual), ..Default::default() });
    }
}

/// Phases from E.7's yes/no list, design from E.8's, planned enrollment from F.4.
/// The register holds clinical trials of medicinal products only: every record is interventional.
fn design(f: &mut Fields, rf: &mut RegistryFields) -> DesignModule {
    let mut d = DesignModule { study_type: Some(StudyType::Interventional), ..Default::default() };
    let phases = [
        ("e71_human_pharmacology_phase_i", Phase::Phase1),
        ("e72_therapeutic_exploratory_phase_ii", Phase::Phase2),
        ("e73_therapeutic_confirmatory_phase_iii", Phase::Phase3),
        ("e74_therapeutic_use_phase_iv", Phase::Phase4),
    ];
    let mut answered = false;
    for (key, phase) in phases {
        let answer = f.yes_no(key, &format!("{DESIGN}.phases"));
        answered |= answer.is_some();
        if answer == Some(true) {
            d.phases.push(phase);
        }
    }
    if !answered {
        f.warnings
            .push(Warning::new(format!("{DESIGN}.phases"), "the record answers none of the phase questions (E.7)"));
    }
    let mut info = DesignInfo::default();
    let mut described = Vec::new();
    let yes = |f: &mut Fields, key: &str, label: &str, described: &mut Vec<String>| {
        let answer = f.yes_no(key, &format!("{DESIGN}.designInfo"));
        if let Some(a) = answer {
            described.push(format!("{label}: {}", if a { "yes" } else { "no" }));
        }
        answer
    };
    yes(f, "e81_controlled", "Controlled", &mut described);
    info.allocation = match yes(f, "e811_randomised", "Randomised", &mut described) {
        Some(true) => Some(DesignAllocation::Randomized),
        Some(false) => Some(DesignAllocation::NonRandomized),
        None => None,
    };
    let open = yes(f, "e812_open", "Open", &mut described);
    let single = yes(f, "e813_single_blind", "Single blind", &mut described);
    let double = yes(f, "e814_double_blind", "Double blind", &mut described);
    let masking = match (open, single, double) {
        (_, _, Some(true)) => Some(DesignMasking::Double),
        (_, Some(true), _) => Some(DesignMasking::Single),
        (Some(true), _, _) => Some(DesignMasking::None),
        _ => None,
    };
    info.masking_info = masking.map(|m| MaskingBlock { masking: Some(m), ..Default::default() });
    let parallel = yes(f, "e815_parallel_group", "Parallel group", &mut described);
    let crossover = yes(f, "e816_cross_over", "Cross over", &mut described);
    info.intervention_model = match (parallel, crossover) {
        (Some(true), _) => Some(InterventionalAssignment::Parallel),
        (_, Some(true)) => Some(InterventionalAssignment::Crossover),
        _ => None,
    };
    yes(f, "e817_other", "Other", &mut described);
    if let Some(other) = f.text("e8171_other_trial_design_description") {
        described.push(format!("Other design: {other}"));
    }
    for (key, label) in [
        ("e821_other_medicinal_products", "Comparator: other medicinal products"),
        ("e822_placebo", "Comparator: placebo"),
        ("e823_other", "Comparator: other"),
    ] {
        yes(f, key, label, &mut described);
    }
    if let Some(other) = f.text("e8231_comparator_description") {
        described.push(format!("Comparator description: {other}"));
    }
    if let Some(arms) = f.text("e824_number_of_treatment_arms_in_the_trial") {
        described.push(format!("Number of treatment arms: {arms}"));
    }
    if !described.is_empty() {
        rf.study_design_text = Some(described.join("; "));
    }
    if info != DesignInfo::default() {
        d.design_info = Some(info);
    }
    match f.text("f422_in_the_whole_clinical_trial") {
        Some(n) => match n.replace([',', ' '], "").parse::<i64>() {
            Ok(count) => {
                d.enrollment_info = Some(EnrollmentInfo {
                    count: Some(count),
                    kind: Some(EnrollmentType::Estimated),
                    ..Default::default()
                })
            }
            Err(_) => {
                f.warnings.push(Warning::new(
                    format!("{DESIGN}.enrollmentInfo"),
                    format!("planned number {n:?} is no whole number; kept in targetSizeText"),
                ));
                rf.target_size_text = Some(n);
            }
        },
        None => f.warnings.push(Warning::new(
            format!("{DESIGN}.enrollmentInfo"),
            "the record gives no planned number of subjects for the whole trial (F.4.2.2)",
        )),
    }
    d
}

fn eligibility(f: &mut Fields) -> EligibilityModule {
    let mut e = EligibilityModule::default();
    let inclusion = f.block("e3_principal_inclusion_criteria");
    let exclusion = f.block("e4_principal_exclusion_criteria");
    e.eligibility_criteria = match (inclusion, exclusion) {
        (None, None) => None,
        (i, x) => Some(format!(
            "Inclusion Criteria:\n\n{}\n\nExclusion Criteria:\n\n{}",
            i.unwrap_or_default(),
            x.unwrap_or_default()
        )),
    };
    let field = "protocolSection.eligibilityModule";
    let female = f.yes_no("f21_female", &format!("{field}.sex"));
    let male = f.yes_no("f22_male", &format!("{field}.sex"));
    e.sex = match (female, male) {
        (Some(true), Some(true)) => Some(Sex::All),
        (Some(true), _) => Some(Sex::Female),
        (_, Some(true)) => Some(Sex::Male),
        _ => {
            f.warnings
                .push(Warning::new(format!("{field}.sex"), "the record says neither female nor male subjects (F.2)"));
            None
        }
    };
    for (key, age) in [
        ("f11_trial_has_subjects_under_18", StandardAge::Child),
        ("f12_adults_1864_years", StandardAge::Adult),
        ("f13_elderly_65_years", StandardAge::OlderAdult),
    ] {
        if f.yes_no(key, &format!("{field}.stdAges")) == Some(true) {
            e.std_ages.push(age);
        }
    }
    e.healthy_volunteers = f.yes_no("f31_healthy_volunteers", &format!("{field}.healthyVolunteers"));
    e
}

fn outcomes(f: &mut Fields) -> OutcomesModule {
    let mut o = OutcomesModule::default();
    let primary = f.block("e51_primary_end_points");
    if let Some(measure) = primary {
        o.primary_outcomes.push(Outcome {
            measure: Some(measure),
            time_frame: f.text("e511_timepoints_of_evaluation_of_this_end_point"),
            ..Default::default()
        });
    } else {
        f.warnings.push(Warning::new(
            "protocolSection.outcomesModule.primaryOutcomes",
            "the record gives no primary end point (E.5.1)",
        ));
    }
    if let Some(measure) = f.block("e52_secondary_end_points") {
        o.secondary_outcomes.push(Outcome {
            measure: Some(measure),
            time_frame: f.text("e521_timepoints_of_evaluation_of_this_end_point"),
            ..Default::default()
        });
    }
    o
}

/// Section D's investigational medicinal products (`dimp`), each a drug intervention
/// named by its product name, else its INN or code. The products stay whole under
/// `registryFields` for the details CT.gov's intervention has no place for.
fn products(f: &mut Fields) -> Option<ArmsInterventionsModule> {
    let dimp = f.get("dimp")?.clone();
    let mut m = ArmsInterventionsModule::default();
    for product in items(Some(&dimp)) {
        let inn = items(product.get("d38_imp_identification_details"))
            .into_iter()
            .find_map(|d| text_at(d, &["d38_inn__proposed_inn"]))
            .filter(|s| !s.eq_ignore_ascii_case("N/A"));
        let code = text_at(product, &["d32_product_code"]);
        let mut names: Vec<String> =
            [text_at(product, &["d31_product_name"]), inn, code].into_iter().flatten().collect();
        names.dedup();
        if names.is_empty() {
            continue;
        }
        let name = names.remove(0);
        names.retain(|n| n != &name);
        let description: Vec<String> = [
            ("Role", "d12_and_d13_imp_role"),
            ("Pharmaceutical form", "d34_pharmaceutical_form"),
            ("Route", "d37_routes_of_administration_for_this_imp"),
        ]
        .iter()
        .filter_map(|(label, key)| text_at(product, &[key]).map(|v| format!("{label}: {v}")))
        .collect();
        m.interventions.push(Intervention {
            kind: Some(InterventionType::Drug),
            name: Some(name),
            other_names: names,
            description: (!description.is_empty()).then(|| description.join("; ")),
            ..Default::default()
        });
    }
    (!m.interventions.is_empty()).then_some(m)
}

/// B.1's sponsors: the first is the lead, the others collaborators; B.4's sources of
/// support are the funding. The sponsor blocks stay whole under `registryFields`.
fn sponsors(f: &mut Fields, rf: &mut RegistryFields) -> Option<SponsorCollaboratorsModule> {
    let blocks = f.get("b1_sponsor").cloned();
    let mut m = SponsorCollaboratorsModule::default();
    for block in items(blocks.as_ref()) {
        let Some(name) = text_at(block, &["b11_name_of_sponsor"]) else { continue };
        let class = text_at(block, &["b31_and_b32_status_of_the_sponsor"])
            .and_then(|s| (s == "Commercial").then_some(AgencyClass::Industry));
        let sponsor = Sponsor { name: Some(name), class, ..Default::default() };
        if m.lead_sponsor.is_none() {
            m.lead_sponsor = Some(sponsor);
        } else if !m.collaborators.contains(&sponsor) {
            m.collaborators.push(sponsor);
        }
        for funder in items(block.get("b4_sources_of_monetary_or_material_support")) {
            if let Some(name) = text_at(funder, &["b41_name_of_organisation_providing_support"])
                && !rf.funding_sources.contains(&name)
            {
                rf.funding_sources.push(name);
            }
        }
    }
    if m.lead_sponsor.is_none() {
        if let Some(name) = f.text("sponsor") {
            m.lead_sponsor = Some(Sponsor { name: Some(name), ..Default::default() });
        } else {
            f.warnings.push(Warning::new(
                "protocolSection.sponsorCollaboratorsModule.leadSponsor",
                "the record names no sponsor (B.1.1)",
            ));
        }
    } else if f.get("sponsor").and_then(scalar_text) == m.lead_sponsor.as_ref().and_then(|s| s.name.clone()) {
        f.take("sponsor");
    }
    (m != SponsorCollaboratorsModule::default()).then_some(m)
}

fn ethics(f: &mut Fields, rf: &mut RegistryFields) {
    let opinion = f.text("n_ethics_committee_opinion_of_the_trial_application");
    let date = f.date("n_date_of_ethics_committee_opinion", "registrySection.registryFields.ethicsApprovals");
    if opinion.is_none() && date.is_none() {
        return;
    }
    let approved = match opinion.as_deref() {
        Some("Favourable") => Some(true),
        Some("Unfavourable") => Some(false),
        _ => None,
    };
    let mut approval = EthicsApproval { approved, approval_date: date, ..Default::default() };
    if let Some(opinion) = opinion {
        approval.extra.insert("opinion".to_owned(), Value::String(opinion));
    }
    rf.ethics_approvals.push(approval);
}

/// The results' own dates: when recruitment started and the primary completion.
fn result_dates(results: &Map<String, Value>, status: &mut StatusModule, p: &mut ProtocolSection) {
    let Some(info) = results.get("trialInformation") else { return };
    let date = |key: &str| text_at(info, &[key]).and_then(|t| PartialDate::parse(&t).ok());
    if let Some(start) = date("recruitmentStartDate") {
        status.start_date_struct =
            Some(DateStruct { date: Some(start), kind: Some(DateType::Actual), ..Default::default() });
    }
    if let Some(primary) = date("primaryCompletionDate") {
        status.primary_completion_date_struct =
            Some(DateStruct { date: Some(primary), kind: Some(DateType::Actual), ..Default::default() });
    }
    // The NCT number the results name, when section A did not.
    if let Some(nct) = text_at(info, &["usctnIdentifier"])
        && let Some(m) = p.identification_module.as_mut()
        && !m.secondary_id_infos.iter().any(|s| s.id.as_deref() == Some(nct.as_str()))
        && !nct.chars().filter(char::is_ascii_digit).all(|c| c == '0')
    {
        m.secondary_id_infos.push(SecondaryIdInfo {
            id: Some(nct),
            kind: Some(SecondaryIdType::Registry),
            ..Default::default()
        });
    }
}
