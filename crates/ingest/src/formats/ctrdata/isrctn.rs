//! ctrdata's ISRCTN records: the ISRCTN API's trial (`isrctn`, `trialDescription`,
//! `trialDesign`, `participants`, `conditions`, `interventions`, `externalRefs`…).
//! Each section is read field by field; what is not read stays in the section,
//! kept under `registryFields`.

use serde_json::{Map, Value};
use trialdex_model::*;

use super::{Fields, complete, items, text_at};

pub(crate) fn read(object: Map<String, Value>) -> Result<Study, String> {
    let mut top = Fields::new(object);
    let number = top.text("isrctn").ok_or("expected an ISRCTN number (\"isrctn\") in the ISRCTN record, found none")?;
    let id = if number.to_ascii_uppercase().starts_with("ISRCTN") {
        number.to_ascii_uppercase()
    } else {
        format!("ISRCTN{number}")
    };
    let mut p = ProtocolSection::default();
    let mut rf = RegistryFields::default();
    let mut warnings = Vec::new();
    let mut status = StatusModule::default();
    let mut design = DesignModule::default();

    let mut section = |top: &mut Fields, key: &str, read: &mut dyn FnMut(&mut Fields)| {
        let Some(Value::Object(map)) = top.take(key) else { return };
        let mut f = Fields::new(map);
        read(&mut f);
        let (rest, w) = f.rest();
        warnings.extend(w);
        if !rest.is_empty() {
            top_insert(top, key, rest);
        }
    };

    let mut ident = IdentificationModule::default();
    let mut description = DescriptionModule::default();
    section(&mut top, "trialDescription", &mut |f| {
        ident.brief_title = f.text("title");
        ident.official_title = f.text("scientificTitle");
        ident.acronym = f.text("acronym");
        description.brief_summary = f.block("plainEnglishSummary");
        let mut outcomes = OutcomesModule::default();
        outcomes
            .primary_outcomes
            .extend(f.block("primaryOutcome").map(|m| Outcome { measure: Some(m), ..Default::default() }));
        outcomes
            .secondary_outcomes
            .extend(f.block("secondaryOutcome").map(|m| Outcome { measure: Some(m), ..Default::default() }));
        if outcomes.primary_outcomes.is_empty() {
            f.warnings.push(Warning::new(
                "protocolSection.outcomesModule.primaryOutcomes",
                "the record gives no primary outcome",
            ));
        }
        p.outcomes_module = Some(outcomes);
        if let Some(approval) = f.block("ethicsApproval") {
            rf.ethics_approvals.push(EthicsApproval { committee: Some(approval), ..Default::default() });
        }
    });
    section(&mut top, "externalRefs", &mut |f| {
        ident.org_study_id_info =
            f.text("protocolSerialNumber").map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() });
        let typed = [
            ("eudraCTNumber", SecondaryIdType::EudractNumber, None),
            ("clinicalTrialsGovNumber", SecondaryIdType::Registry, None),
            ("irasNumber", SecondaryIdType::Other, Some("IRAS")),
        ];
        for (key, kind, domain) in typed {
            if let Some(id) = f.text(key).filter(|id| !is_nil(id)) {
                ident.secondary_id_infos.push(SecondaryIdInfo {
                    id: Some(id),
                    kind: Some(kind),
                    domain: domain.map(str::to_owned),
                    ..Default::default()
                });
            }
        }
        if let Some(Value::Object(numbers)) = f.get("secondaryNumbers") {
            let listed: Vec<String> =
                items(numbers.get("secondaryNumber")).into_iter().filter_map(super::scalar_text).collect();
            for id in listed {
                let known = ident.secondary_id_infos.iter().any(|s| s.id.as_deref() == Some(id.as_str()))
                    || ident.org_study_id_info.as_ref().and_then(|o| o.id.as_deref()) == Some(id.as_str());
                if !known {
                    ident.secondary_id_infos.push(SecondaryIdInfo {
                        id: Some(id),
                        kind: Some(SecondaryIdType::Other),
                        ..Default::default()
                    });
                }
            }
            f.take("secondaryNumbers");
        }
    });
    section(&mut top, "trialDesign", &mut |f| {
        let kind = f.text("primaryStudyDesign");
        design.study_type = kind.map(|k| {
            StudyType::from_label(&k).unwrap_or_else(|| {
                f.warnings.push(Warning::new(
                    "protocolSection.designModule.studyType",
                    format!("{k:?} is no CT.gov study type; kept as written"),
                ));
                StudyType::Unlisted(k)
            })
        });
        let secondary = f.text("secondaryStudyDesign");
        let detail = f.text("studyDesign");
        let folded =
            format!("{} {}", secondary.as_deref().unwrap_or(""), detail.as_deref().unwrap_or("")).to_ascii_lowercase();
        let mut info = DesignInfo::default();
        if folded.contains("non-randomised") || folded.contains("non-randomized") {
            info.allocation = Some(DesignAllocation::NonRandomized);
        } else if folded.contains("randomised") || folded.contains("randomized") {
            info.allocation = Some(DesignAllocation::Randomized);
        }
        if let Some(purpose) = f
            .get("trialTypes")
            .and_then(|t| text_at(t, &["trialType"]))
            .or_else(|| f.get("trialType").and_then(super::scalar_text))
        {
            match PrimaryPurpose::from_label(&purpose) {
                Some(p) => info.primary_purpose = Some(p),
                None => f.warnings.push(Warning::new(
                    "protocolSection.designModule.designInfo.primaryPurpose",
                    format!("trial type {purpose:?} is no CT.gov purpose; kept"),
                )),
            }
        }
        if info != DesignInfo::default() {
            design.design_info = Some(info);
        }
        rf.study_design_text = [secondary, detail].into_iter().flatten().reduce(|a, b| format!("{a}; {b}"));
        status.start_date_struct =
            f.date("overallStartDate", "protocolSection.statusModule.startDateStruct").map(date_struct);
        status.completion_date_struct =
            f.date("overallEndDate", "protocolSection.statusModule.completionDateStruct").map(date_struct);
        match f.text("overallStatusOverride").as_deref() {
            Some("Completed") => status.overall_status = Some(Status::Completed),
            Some("Stopped") => status.overall_status = Some(Status::Terminated),
            Some(other) => {
                f.warnings.push(Warning::new(
                    "protocolSection.statusModule.overallStatus",
                    format!("ISRCTN status {other:?} maps to no CT.gov status; kept in recruitmentStatusText"),
                ));
                rf.recruitment_status_text = Some(other.to_owned());
            }
            // ISRCTN works its status out from the dates on the day a page is shown.
            None => f.warnings.push(Warning::new(
                "protocolSection.statusModule.overallStatus",
                "the record states no status; ISRCTN derives it from the trial's dates",
            )),
        }
        status.why_stopped = f.text("reasonAbandoned");
    });
    let mut eligibility = EligibilityModule::default();
    let mut locations = Vec::new();
    section(&mut top, "participants", &mut |f| {
        let inclusion = f.block("inclusion");
        let exclusion = f.block("exclusion");
        if inclusion.is_some() || exclusion.is_some() {
            eligibility.eligibility_criteria = Some(format!(
                "Inclusion Criteria:\n\n{}\n\nExclusion Criteria:\n\n{}",
                inclusion.unwrap_or_default(),
                exclusion.unwrap_or_default()
            ));
        }
        if let Some(sex) = f.text("gender") {
            eligibility.sex = Some(Sex::from_label(&sex).unwrap_or_else(|| {
                f.warnings.push(Warning::new(
                    "protocolSection.eligibilityModule.sex",
                    format!("{sex:?} is no CT.gov sex; kept as written"),
                ));
                Sex::Unlisted(sex)
            }));
        }
        if let Some(range) = f.text("ageRange") {
            match range.as_str() {
                "Neonate" | "Child" => eligibility.std_ages.push(StandardAge::Child),
                "Adult" => eligibility.std_ages.push(StandardAge::Adult),
                "Senior" => eligibility.std_ages.push(StandardAge::OlderAdult),
                _ => {}
            }
            eligibility.extra.insert("ageRange".to_owned(), Value::String(range));
        }
        eligibility.minimum_age = f.text("lowerAgeLimit");
        eligibility.maximum_age = f.text("upperAgeLimit");
        let target = f.text("targetEnrolment");
        let actual = f.text("totalFinalEnrolment");
        let (count, kind) = match (&actual, &target) {
            (Some(n), _) => (n, EnrollmentType::Actual),
            (None, Some(n)) => (n, EnrollmentType::Estimated),
            (None, None) => {
                f.warnings.push(Warning::new(
                    "protocolSection.designModule.enrollmentInfo",
                    "the record gives no target or final enrolment",
                ));
                return;
            }
        };
        match count.parse::<i64>() {
            Ok(n) => {
                design.enrollment_info = Some(EnrollmentInfo { count: Some(n), kind: Some(kind), ..Default::default() })
            }
            Err(_) => rf.target_size_text = Some(count.clone()),
        }
        if actual.is_some()
            && let Some(target) = target
        {
            rf.target_size_text = Some(target);
        }
        rf.recruiting_time = Some(Period {
            start: f.date("recruitmentStart", "registrySection.registryFields.recruitingTime.start"),
            end: f.date("recruitmentEnd", "registrySection.registryFields.recruitingTime.end"),
            ..Default::default()
        })
        .filter(|p| p.start.is_some() || p.end.is_some());
        if let Some(Value::Object(countries)) = f.take("recruitmentCountries") {
            rf.countries.extend(items(countries.get("country")).into_iter().filter_map(super::scalar_text));
        }
        if let Some(Value::Object(centres)) = f.take("trialCentres") {
            for centre in items(centres.get("trialCentre")) {
                let mut location = Location {
                    facility: text_at(centre, &["name"]),
                    city: text_at(centre, &["city"]),
                    state: text_at(centre, &["state"]),
                    zip: text_at(centre, &["zip"]).filter(|z| z != "-"),
                    country: text_at(centre, &["country"]),
                    ..Default::default()
                };
                if let Some(address) = text_at(centre, &["address"]) {
                    location.extra.insert("address".to_owned(), Value::String(address));
                }
                locations.push(location);
            }
        }
    });
    let mut conditions = ConditionsModule::default();
    section(&mut top, "conditions", &mut |f| {
        let listed = f.take("condition");
        for condition in items(listed.as_ref()) {
            conditions.conditions.extend(text_at(condition, &["description"]));
            for class in ["diseaseClass1", "diseaseClass2"] {
                if let Some(class) = text_at(condition, &[class])
                    && !conditions.keywords.contains(&class)
                {
                    conditions.keywords.push(class);
                }
            }
        }
    });
    let mut arms = ArmsInterventionsModule::default();
    section(&mut top, "interventions", &mut |f| {
        let listed = f.take("intervention");
        for intervention in items(listed.as_ref()) {
            let kind = text_at(intervention, &["interventionType"]);
            let phase = text_at(intervention, &["phase"]);
            if let Some(phase) = phase {
                let read = Phase::parse_labels(&phase);
                if read.is_empty() {
                    f.warnings.push(Warning::new(
                        "protocolSection.designModule.phases",
                        format!("{phase:?} names no CT.gov phase; kept in studyPhaseText"),
                    ));
                    rf.study_phase_text = Some(phase);
                }
                for phase in read {
                    if !design.phases.contains(&phase) {
                        design.phases.push(phase);
                    }
                }
            }
            let mut item = Intervention {
                kind: kind.as_deref().map(|k| {
                    InterventionType::from_label(k).unwrap_or_else(|| InterventionType::Unlisted(k.to_owned()))
                }),
                name: text_at(intervention, &["drugNames"]).or_else(|| kind.clone()),
                description: at_block(intervention, "description"),
                ..Default::default()
            };
            if let Some(types) = text_at(intervention, &["pharmaceuticalStudyTypes"]) {
                item.extra.insert("pharmaceuticalStudyTypes".to_owned(), Value::String(types));
            }
            arms.interventions.push(item);
        }
    });
    let mut ipd = IpdSharingStatementModule::default();
    section(&mut top, "miscellaneous", &mut |f| {
        ipd.ipd_sharing =
            f.text("ipdSharingPlan").map(|v| IpdSharing::from_label(&v).unwrap_or(IpdSharing::Unlisted(v)));
    });
    section(&mut top, "results", &mut |f| {
        ipd.description = f.block("ipdSharingStatement");
    });
    if top.get("parties").is_some() {
        warnings.push(Warning::new(
            "protocolSection.sponsorCollaboratorsModule",
            "the record names its sponsor, funders and contacts only by ISRCTN's ids (parties); kept",
        ));
    }

    p.identification_module = Some(ident);
    p.status_module = Some(status);
    p.description_module = (description != DescriptionModule::default()).then_some(description);
    p.conditions_module = Some(conditions);
    p.design_module = Some(design);
    p.arms_interventions_module = (!arms.interventions.is_empty()).then_some(arms);
    p.eligibility_module = Some(eligibility);
    p.contacts_locations_module =
        (!locations.is_empty()).then(|| ContactsLocationsModule { locations, ..Default::default() });
    p.ipd_sharing_statement_module = (ipd != IpdSharingStatementModule::default()).then_some(ipd);
    let mut study = Study { protocol_section: Some(p), ..Default::default() };
    let registry_section = study.registry_section.get_or_insert_with(Default::default);
    registry_section.source_url = Some(format!("https://www.isrctn.com/{id}"));
    registry_section.warnings.extend(warnings);
    Ok(complete(study, Registry::Isrctn, Some(id), top, rf))
}

fn top_insert(top: &mut Fields, key: &str, rest: Map<String, Value>) {
    top.put(key, Value::Object(rest));
}

fn date_struct(date: PartialDate) -> DateStruct {
    DateStruct { date: Some(date), ..Default::default() }
}

fn at_block(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).and_then(crate::text::non_empty_block)
}

/// "", "N/A", "Nil known": ISRCTN's ways of saying there is no such id.
fn is_nil(id: &str) -> bool {
    let folded = id.trim().to_ascii_lowercase();
    matches!(folded.as_str(), "n/a" | "na" | "nil" | "nil known" | "none" | "-")
}
