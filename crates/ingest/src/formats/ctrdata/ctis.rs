//! ctrdata's CTIS records: the EU Clinical Trials Information System's trial, with
//! the overview fields (`ctStatus`, `trialPhase`, `ageGroup`, `trialCountries`…) at the
//! top and the authorised application's Part I (titles, conditions, products,
//! objectives, criteria, end points) nested — at the top (`authorizedPartI`) in older
//! downloads, under `authorizedApplication` in newer ones. Overview fields that are
//! mapped are taken; everything else, Part I included, is kept under `registryFields`.

use serde_json::{Map, Value};
use trialdex_model::*;

use super::{Fields, complete, items, scalar_text, text_at};

pub(crate) fn read(object: Map<String, Value>) -> Result<Study, String> {
    let mut f = Fields::new(object);
    let number =
        f.text("ctNumber").ok_or("expected a CTIS trial number (\"ctNumber\") in the CTIS record, found none")?;
    let part_one = f
        .get("authorizedPartI")
        .or_else(|| f.get("authorizedApplication").and_then(|a| a.get("authorizedPartI")))
        .filter(|v| v.is_object())
        .cloned()
        .unwrap_or(Value::Null);
    if part_one.is_null() {
        f.warnings.push(Warning::new(
            "protocolSection",
            "the record holds no authorised Part I: titles, criteria and end points are missing",
        ));
    }
    let details = |path: &[&str]| super::at(&part_one, &[&["trialDetails"], path].concat()).cloned();
    let info = |path: &[&str]| details(&[&["trialInformation"], path].concat());
    let mut rf = RegistryFields::default();

    let ids = details(&["clinicalTrialIdentifiers"]).unwrap_or(Value::Null);
    let mut ident = IdentificationModule {
        official_title: text_at(&ids, &["fullTitle"]).or_else(|| f.text("title")),
        brief_title: text_at(&ids, &["publicTitle"]),
        acronym: text_at(&ids, &["shortTitle"]).or_else(|| f.text("shortTitle")),
        ..Default::default()
    };
    if text_at(&ids, &["fullTitle"]).is_some() && f.get("title").and_then(scalar_text) == ident.official_title {
        f.take("title");
    }
    let eudract = f
        .get("eudraCtInfo")
        .and_then(|e| text_at(e, &["eudraCtCode"]))
        .or_else(|| f.get("authorizedApplication").and_then(|a| text_at(a, &["eudraCt", "eudraCtCode"])));
    if let Some(eudract) = eudract {
        ident.secondary_id_infos.push(SecondaryIdInfo {
            id: Some(eudract),
            kind: Some(SecondaryIdType::EudractNumber),
            ..Default::default()
        });
    }
    let secondary = super::at(&ids, &["secondaryIdentifyingNumbers"]).cloned().unwrap_or(Value::Null);
    for (key, value) in secondary.as_object().into_iter().flatten() {
        for item in items(Some(value)) {
            let Some(id) = text_at(item, &["number"]) else { continue };
            let domain =
                text_at(item, &["otherRegistryName"]).or_else(|| (key != "additionalRegistries").then(|| key.clone()));
            ident.secondary_id_infos.push(SecondaryIdInfo {
                id: Some(id),
                kind: Some(SecondaryIdType::Registry),
                domain,
                ..Default::default()
            });
        }
    }
    if ident.official_title.is_none() {
        f.warnings
            .push(Warning::new("protocolSection.identificationModule.officialTitle", "the record has no full title"));
    }

    let mut status = StatusModule::default();
    read_status(&mut f, &mut status, &mut rf);
    status.study_first_submit_date = f.date("submissionDate", "protocolSection.statusModule.studyFirstSubmitDate");
    rf.registration_date = f
        .date("decisionDate", "registrySection.registryFields.registrationDate")
        .or_else(|| f.date("authorizationDate", "registrySection.registryFields.registrationDate"));
    if let Some(start) = f.date("trialStartDate", "protocolSection.statusModule.startDateStruct") {
        status.start_date_struct =
            Some(DateStruct { date: Some(start), kind: Some(DateType::Actual), ..Default::default() });
    }
    if let Some(end) = info(&["trialDuration", "estimatedGlobalEndDate"])
        .as_ref()
        .and_then(scalar_text)
        .and_then(|t| PartialDate::parse(&t).ok())
    {
        status.completion_date_struct =
            Some(DateStruct { date: Some(end), kind: Some(DateType::Estimated), ..Default::default() });
    }

    let mut design = DesignModule { study_type: Some(StudyType::Interventional), ..Default::default() };
    if let Some(phase) = f.text("trialPhase") {
        design.phases = phases(&phase);
        if design.phases.is_empty() {
            f.warnings.push(Warning::new(
                "protocolSection.designModule.phases",
                format!("{phase:?} names no CT.gov phase; kept in studyPhaseText"),
            ));
        }
        rf.study_phase_text = Some(phase);
    } else {
        f.warnings.push(Warning::new("protocolSection.designModule.phases", "the record gives no trial phase"));
    }
    if let Some(count) = f.text("totalNumberEnrolled") {
        match count.parse::<i64>() {
            Ok(n) => design.enrollment_info = Some(EnrollmentInfo { count: Some(n), ..Default::default() }),
            Err(_) => rf.target_size_text = Some(count),
        }
    }

    let mut eligibility = EligibilityModule::default();
    let criteria = |key: &str| -> Option<String> {
        let list = info(&["eligibilityCriteria", key])?;
        let lines: Vec<String> = items(Some(&list))
            .into_iter()
            .filter_map(|c| {
                let text = c.get(key).and_then(Value::as_str).and_then(crate::text::non_empty_block)?;
                Some(match c.get("number").and_then(scalar_text) {
                    Some(n) => format!("{n}. {text}"),
                    None => text,
                })
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    };
    let inclusion = criteria("principalInclusionCriteria");
    let exclusion = criteria("principalExclusionCriteria");
    if inclusion.is_some() || exclusion.is_some() {
        eligibility.eligibility_criteria = Some(format!(
            "Inclusion Criteria:\n\n{}\n\nExclusion Criteria:\n\n{}",
            inclusion.unwrap_or_default(),
            exclusion.unwrap_or_default()
        ));
    }
    if let Some(gender) = f.text("gender") {
        let lower = gender.to_ascii_lowercase();
        let female = lower.split([',', ' ']).any(|w| w == "female");
        let male = lower.split([',', ' ']).any(|w| w == "male");
        eligibility.sex = match (female, male) {
            (true, true) => Some(Sex::All),
            (true, false) => Some(Sex::Female),
            (false, true) => Some(Sex::Male),
            _ => {
                f.warnings.push(Warning::new(
                    "protocolSection.eligibilityModule.sex",
                    format!("{gender:?} is no CT.gov sex; kept"),
                ));
                Some(Sex::Unlisted(gender))
            }
        };
    }
    if let Some(groups) = f.text("ageGroup") {
        for group in groups.split(", ") {
            let age = match group.trim() {
                "0-17 years" | "In utero" | "Preterm newborn infants" => StandardAge::Child,
                "18-64 years" => StandardAge::Adult,
                "65+ years" => StandardAge::OlderAdult,
                other => {
                    f.warnings.push(Warning::new(
                        "protocolSection.eligibilityModule.stdAges",
                        format!("age group {other:?} maps to no CT.gov age group"),
                    ));
                    continue;
                }
            };
            if !eligibility.std_ages.contains(&age) {
                eligibility.std_ages.push(age);
            }
        }
        eligibility.extra.insert("ageGroup".to_owned(), Value::String(groups));
    }

    let conditions: Vec<String> = items(super::at(&part_one, &["medicalConditions"]))
        .into_iter()
        .filter_map(|c| text_at(c, &["medicalCondition"]))
        .collect();
    let mut outcomes = OutcomesModule::default();
    for (key, list) in
        [("primaryEndPoints", &mut outcomes.primary_outcomes), ("secondaryEndPoints", &mut outcomes.secondary_outcomes)]
    {
        let found = info(&["endPoint", key]);
        list.extend(
            items(found.as_ref())
                .into_iter()
                .filter_map(|e| e.get("endPoint").and_then(Value::as_str).and_then(crate::text::non_empty_block))
                .map(|m| Outcome { measure: Some(m), ..Default::default() }),
        );
    }
    if outcomes.primary_outcomes.is_empty() {
        f.warnings.push(Warning::new(
            "protocolSection.outcomesModule.primaryOutcomes",
            "the record gives no primary end point",
        ));
    }
    let mut arms = ArmsInterventionsModule::default();
    for product in items(super::at(&part_one, &["products"])) {
        let name = text_at(product, &["nameDisplay"]).or_else(|| text_at(product, &["productName"]));
        let Some(name) = name else { continue };
        let substance = text_at(product, &["productDictionaryInfo", "activeSubstanceName"])
            .filter(|s| !s.eq_ignore_ascii_case("N/A") && s != &name);
        let intervention = Intervention {
            kind: Some(InterventionType::Drug),
            name: Some(name),
            other_names: substance.into_iter().collect(),
            ..Default::default()
        };
        if !arms.interventions.contains(&intervention) {
            arms.interventions.push(intervention);
        }
    }

    let sponsor_name = f.get("primarySponsor").and_then(|s| text_at(s, &["organisation", "name"])).or_else(|| {
        items(super::at(&part_one, &["sponsors"])).into_iter().find_map(|s| text_at(s, &["organisation", "name"]))
    });
    let class = f
        .get("sponsorType")
        .and_then(scalar_text)
        .filter(|t| t == "Pharmaceutical company")
        .map(|_| AgencyClass::Industry);
    let sponsors = match sponsor_name {
        Some(name) => Some(SponsorCollaboratorsModule {
            lead_sponsor: Some(Sponsor { name: Some(name), class, ..Default::default() }),
            ..Default::default()
        }),
        None => {
            f.warnings.push(Warning::new(
                "protocolSection.sponsorCollaboratorsModule.leadSponsor",
                "the record names no sponsor",
            ));
            None
        }
    };
    countries(&mut f, &mut rf);

    let p = ProtocolSection {
        identification_module: Some(ident),
        status_module: Some(status),
        sponsor_collaborators_module: sponsors,
        description_module: info(&["trialObjective", "mainObjective"])
            .and_then(|v| v.as_str().and_then(crate::text::non_empty_block))
            .map(|s| DescriptionModule { brief_summary: Some(s), ..Default::default() }),
        conditions_module: Some(ConditionsModule { conditions, ..Default::default() }),
        design_module: Some(design),
        arms_interventions_module: (!arms.interventions.is_empty()).then_some(arms),
        outcomes_module: Some(outcomes),
        eligibility_module: Some(eligibility),
        ..Default::default()
    };
    let mut study = Study { protocol_section: Some(p), ..Default::default() };
    study.registry_section.get_or_insert_with(Default::default).source_url =
        Some(format!("https://euclinicaltrials.eu/ctis-public/view/{number}"));
    Ok(complete(study, Registry::Ctis, Some(number), f, rf))
}

/// CTIS's overall trial status. "Authorised" (not yet started or not?) and the
/// numeric codes of newer downloads say nothing CT.gov's statuses can; kept as text.
fn read_status(f: &mut Fields, status: &mut StatusModule, rf: &mut RegistryFields) {
    let text = f.get("ctPublicStatus").and_then(scalar_text).or_else(|| f.get("ctStatus").and_then(scalar_text));
    let Some(text) = text else {
        f.warnings.push(Warning::new("protocolSection.statusModule.overallStatus", "the record gives no trial status"));
        return;
    };
    let mapped = match text.as_str() {
        "Ongoing, recruiting" | "Ongoing, recruitment ongoing" => Some(Status::Recruiting),
        "Authorised, not started" | "Authorised, recruitment pending" => Some(Status::NotYetRecruiting),
        "Ongoing, not recruiting" | "Ongoing, recruitment ended" => Some(Status::ActiveNotRecruiting),
        "Ended" => Some(Status::Completed),
        "Temporarily halted" | "Halted" => Some(Status::Suspended),
        "Cancelled" | "Revoked" | "Withdrawn" => Some(Status::Withdrawn),
        _ => None,
    };
    match mapped {
        Some(s) => status.overall_status = Some(s),
        None => f.warnings.push(Warning::new(
            "protocolSection.statusModule.overallStatus",
            format!("CTIS status {text:?} maps to no CT.gov status; kept in recruitmentStatusText"),
        )),
    }
    rf.recruitment_status_text = Some(text);
}

/// "Therapeutic exploratory (Phase II)", "Phase I and Phase II (Integrated)- Other":
/// every "Phase" followed by a numeral.
fn phases(text: &str) -> Vec<Phase> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("Phase") {
        rest = rest.get(i + "Phase".len()..).unwrap_or("");
        let numeral: String = rest.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let phase = match numeral.as_str() {
            "I" | "1" => Some(Phase::Phase1),
            "II" | "2" => Some(Phase::Phase2),
            "III" | "3" => Some(Phase::Phase3),
            "IV" | "4" => Some(Phase::Phase4),
            _ => None,
        };
        if let Some(phase) = phase.filter(|p| !out.contains(p)) {
            out.push(phase);
        }
    }
    out
}

/// `trialCountries` as "DE:Ongoing, recruiting, GR:Authorised, …" (a code before each
/// country's status) or as a list ["Poland:4", …]: the countries, in order.
fn countries(f: &mut Fields, rf: &mut RegistryFields) {
    let Some(value) = f.get("trialCountries").cloned() else { return };
    let mut found = Vec::new();
    match &value {
        Value::String(text) => {
            for part in text.split(',') {
                if let Some((code, _)) = part.trim().split_once(':')
                    && code.len() == 2
                    && code.chars().all(|c| c.is_ascii_uppercase())
                {
                    found.push(code.to_owned());
                }
            }
        }
        Value::Array(list) => {
            found.extend(
                list.iter().filter_map(Value::as_str).filter_map(|s| s.split(':').next()).map(|s| s.trim().to_owned()),
            );
        }
        _ => {}
    }
    for country in found {
        if !country.is_empty() && !rf.countries.contains(&country) {
            rf.countries.push(country);
        }
    }
}
