//! One member-state copy's fields → a study: ids, titles (English, and the copy's own
//! language), status and dates, sponsors, objectives, criteria, endpoints, population,
//! countries and the review decisions. Fields it does not map stay in
//! `registryFields.otherFields`, as the register wrote them.

use serde_json::{Value, json};
use trialdex_model::*;

use super::values::{self, Answer};
use super::{Fields, design, products};
use crate::text::{clean_block, clean_inline};

/// What the builder collects beside the CT.gov modules.
#[derive(Default)]
pub(super) struct Draft {
    pub warnings: Vec<Warning>,
    pub registry: RegistryFields,
    pub original: OriginalText,
}

impl Draft {
    pub fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(field, message));
    }

    /// Keeps a translation in `originalLanguage`; one language per copy.
    fn translated(&mut self, fields: &Fields, code: &str, label: &str) -> Option<String> {
        let (lang, text) = fields.translation(code, label)?;
        match &self.original.language {
            None => self.original.language = Some(lang),
            Some(known) if *known != lang => self.warnings.push(Warning::new(
                "registrySection.originalLanguage",
                format!("{code} has a {lang:?} translation beside {known:?}; only one language is kept per record"),
            )),
            Some(_) => {}
        }
        Some(text)
    }
}

pub(crate) fn build(fields: &Fields) -> Study {
    let mut d = Draft::default();
    let summary_id = fields.get("Summary", "EudraCT Number");
    let eudract = fields.get("A.2", "EudraCT number").or(summary_id);
    fields.list.iter().filter(|f| f.code == "B.Sponsor").for_each(super::Field::mark);
    let identification = identification(fields, &mut d);
    let status = status(fields, &mut d);
    let sponsors = sponsors(fields, &mut d);
    let description = fields.get("E.2.1", "Main objective").map(|main| {
        let mut text = format!("Main objective: {}", clean_block(&main));
        if let Some(secondary) = fields.get("E.2.2", "Secondary objectives") {
            text.push_str(&format!("\n\nSecondary objectives: {}", clean_block(&secondary)));
        }
        DescriptionModule { brief_summary: Some(text), ..Default::default() }
    });
    d.original.brief_summary = d.translated(fields, "E.2.1", "Main objective");
    let conditions = conditions(fields, &mut d);
    let design = design::design_module(fields, &mut d);
    let interventions = products::interventions(fields, &mut d);
    let outcomes = outcomes(fields, &mut d);
    let eligibility = eligibility(fields, &mut d);
    countries(fields, &mut d);
    review(fields, &mut d);
    let contacts = contact(fields);

    let member_state = member_state(fields, &mut d);
    let link = fields.get("Summary", "Link");
    let source_url = link.clone().or_else(|| {
        let (id, state) = (eudract.as_deref()?, member_state.as_deref()?);
        let state = if state == "3RD" { "3rd" } else { state };
        Some(format!("https://www.clinicaltrialsregister.eu/ctr-search/trial/{id}/{state}"))
    });
    d.registry.member_state = member_state;
    let other: Vec<Value> = fields
        .unmapped()
        .filter(|f| f.code != "Summary" || !f.label.eq_ignore_ascii_case("Link"))
        .map(|f| {
            let mut entry = json!({"code": f.code, "label": f.label, "value": clean_block(&f.value)});
            if let Some(lang) = &f.lang {
                entry["language"] = json!(lang);
            }
            entry
        })
        .collect();
    if !other.is_empty() {
        d.registry.extra.insert("otherFields".into(), Value::Array(other));
    }
    if eudract.is_none() {
        d.warn("registrySection.registryId", "the copy shows no EudraCT number");
    }

    let protocol = ProtocolSection {
        identification_module: Some(identification),
        status_module: Some(status),
        sponsor_collaborators_module: sponsors,
        description_module: description,
        conditions_module: conditions,
        design_module: Some(design),
        arms_interventions_module: (!interventions.is_empty())
            .then(|| ArmsInterventionsModule { interventions, ..Default::default() }),
        outcomes_module: outcomes,
        eligibility_module: Some(eligibility),
        contacts_locations_module: contacts,
        ..Default::default()
    };
    let has_original = d.original != OriginalText::default();
    let section = RegistrySection {
        registry: Some(Registry::Euctr),
        registry_id: eudract,
        source_url,
        original_language: has_original.then_some(d.original),
        registry_fields: Some(d.registry),
        warnings: d.warnings,
        ..Default::default()
    };
    Study { protocol_section: Some(protocol), registry_section: Some(section), ..Default::default() }
}

fn identification(fields: &Fields, d: &mut Draft) -> IdentificationModule {
    let official = fields.get("A.3", "Full title").map(|t| clean_inline(&t));
    let lay = fields.get("A.3.1", "Title of the trial for lay people").map(|t| clean_inline(&t));
    if official.is_none() {
        d.warn("protocolSection.identificationModule.officialTitle", "the copy gives no full title (A.3)");
    }
    d.original.official_title = d.translated(fields, "A.3", "Full title").map(|t| clean_inline(&t));
    d.original.brief_title =
        d.translated(fields, "A.3.1", "Title of the trial for lay people").map(|t| clean_inline(&t));
    d.original.acronym = d.translated(fields, "A.3.2", "Name or abbreviated title").map(|t| clean_inline(&t));
    let protocol_code =
        fields.get("A.4.1", "Sponsor's protocol code").or_else(|| fields.get("Summary", "Sponsor's Protocol"));
    fields.get("Summary", "Sponsor's Protocol");
    let mut secondary = Vec::new();
    let other_ids = [
        ("A.5.1", "ISRCTN", SecondaryIdType::Registry),
        ("A.5.2", "US NCT", SecondaryIdType::Registry),
        ("A.5.3", "WHO Universal Trial", SecondaryIdType::Other),
        ("A.5.4", "Other Identifier", SecondaryIdType::Other),
    ];
    for (code, label, kind) in other_ids {
        for field in fields.list.iter().filter(|f| f.code == code && f.label_is(label)) {
            field.mark();
            if values::is_blank(&field.value) {
                continue;
            }
            let domain = (kind == SecondaryIdType::Other && code == "A.5.3").then(|| "WHO UTN".to_owned());
            secondary.push(SecondaryIdInfo {
                id: Some(clean_inline(&field.value)),
                kind: Some(kind.clone()),
                domain,
                ..Default::default()
            });
        }
    }
    IdentificationModule {
        org_study_id_info: protocol_code.map(|id| OrgStudyIdInfo { id: Some(clean_inline(&id)), ..Default::default() }),
        secondary_id_infos: secondary,
        brief_title: lay.or_else(|| official.clone()),
        official_title: official,
        acronym: fields.get("A.3.2", "Name or abbreviated title").map(|t| clean_inline(&t)),
        ..Default::default()
    }
}

/// The summary's trial status (or P.'s end-of-trial status), first-entered date and the
/// global end of the trial.
fn status(fields: &Fields, d: &mut Draft) -> StatusModule {
    const STATUS: &str = "protocolSection.statusModule.overallStatus";
    let summary_status = fields.get("Summary", "Trial Status");
    let end_status = fields.get("P.", "End of Trial Status");
    let text = summary_status.or(end_status);
    let overall = match &text {
        Some(text) => {
            d.registry.recruitment_status_text = Some(text.clone());
            let mapped = values::status(text);
            if mapped.is_none() {
                d.warn(
                    STATUS,
                    format!(
                        "{text:?} names no single CT.gov status; kept in registrySection.registryFields.recruitmentStatusText"
                    ),
                );
            }
            mapped
        }
        None => {
            d.warn(STATUS, "the copy gives no trial status");
            None
        }
    };
    let entered = date(fields.get("Summary", "Date on which this record was first entered"), "studyFirstSubmitDate", d);
    d.registry.registration_date = entered;
    let end = date(fields.get("P.", "Date of the global end of the trial"), "completionDateStruct", d);
    StatusModule {
        overall_status: overall,
        study_first_submit_date: entered,
        completion_date_struct: end.map(|date| DateStruct {
            date: Some(date),
            kind: Some(DateType::Actual),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn date(text: Option<String>, field: &str, d: &mut Draft) -> Option<PartialDate> {
    let text = text?;
    match PartialDate::parse(&text) {
        Ok(date) => Some(date),
        Err(e) => {
            d.warn(&format!("protocolSection.statusModule.{field}"), e.to_string());
            None
        }
    }
}

/// Sponsor 1 leads, the others collaborate; "Commercial" sponsors are industry.
fn sponsors(fields: &Fields, d: &mut Draft) -> Option<SponsorCollaboratorsModule> {
    let mut sponsors = Vec::new();
    for group in fields.groups(|f| f.code == "B.1.1", "B.") {
        let name = super::in_group(&group, "B.1.1", "Name of Sponsor");
        let class =
            super::in_group(&group, "B.3.1", "Status of the sponsor").map(|s| match s.to_ascii_lowercase().as_str() {
                "commercial" => AgencyClass::Industry,
                "non-commercial" => AgencyClass::Other,
                _ => AgencyClass::Unlisted(s),
            });
        super::in_group(&group, "B.1.3.4", "Country");
        if let Some(name) = name {
            sponsors.push(Sponsor { name: Some(clean_inline(&name)), class, ..Default::default() });
        }
    }
    let funders: Vec<&super::Field> = fields.list.iter().filter(|f| f.code == "B.4.1").collect();
    d.registry.funding_sources =
        super::all_in_group(&funders, "B.4.1", "Name of organisation").iter().map(|s| clean_inline(s)).collect();
    let mut sponsors = sponsors.into_iter();
    let lead = sponsors.next();
    if lead.is_none() {
        d.warn("protocolSection.sponsorCollaboratorsModule.leadSponsor", "the copy names no sponsor (B.1.1)");
    }
    lead.map(|lead| SponsorCollaboratorsModule {
        lead_sponsor: Some(lead),
        collaborators: sponsors.collect(),
        ..Default::default()
    })
}

/// E.1.1 (or its plain-language form E.1.1.1) is the condition; MedDRA terms are keywords.
fn conditions(fields: &Fields, d: &mut Draft) -> Option<ConditionsModule> {
    let condition = fields
        .get("E.1.1", "Medical condition(s) being investigated")
        .or_else(|| fields.get("E.1.1.1", "Medical condition in easily understood language"));
    let original = d.translated(fields, "E.1.1", "Medical condition(s)");
    d.original.conditions.extend(original.map(|t| clean_inline(&t)));
    let keywords = products::meddra(fields, d);
    if condition.is_none() {
        d.warn("protocolSection.conditionsModule.conditions", "the copy names no medical condition (E.1.1)");
    }
    let module = ConditionsModule {
        conditions: condition.map(|c| clean_inline(&c)).into_iter().collect(),
        keywords,
        ..Default::default()
    };
    (!module.conditions.is_empty() || !module.keywords.is_empty()).then_some(module)
}

/// Primary and secondary end points (E.5.1, E.5.2) with their time points.
fn outcomes(fields: &Fields, d: &mut Draft) -> Option<OutcomesModule> {
    let outcome = |code: &str, time_code: &str, d: &mut Draft| {
        let measure = fields.get(code, "")?;
        if let Some(original) = d.translated(fields, code, "") {
            d.original.outcomes.push(clean_block(&original));
        }
        Some(Outcome {
            measure: Some(clean_block(&measure)),
            time_frame: fields.get(time_code, "Timepoint").map(|t| clean_inline(&t)),
            ..Default::default()
        })
    };
    let primary: Vec<Outcome> = outcome("E.5.1", "E.5.1.1", d).into_iter().collect();
    let secondary: Vec<Outcome> = outcome("E.5.2", "E.5.2.1", d).into_iter().collect();
    if primary.is_empty() {
        d.warn("protocolSection.outcomesModule.primaryOutcomes", "the copy gives no primary end point (E.5.1)");
    }
    (!primary.is_empty() || !secondary.is_empty()).then(|| OutcomesModule {
        primary_outcomes: primary,
        secondary_outcomes: secondary,
        ..Default::default()
    })
}

/// Criteria under CT.gov's two headings; sex from F.2, age groups from F.1, healthy volunteers from F.3.1.
fn eligibility(fields: &Fields, d: &mut Draft) -> EligibilityModule {
    let inclusion = fields.get("E.3", "Principal inclusion criteria").map(|t| clean_block(&t));
    let exclusion = fields.get("E.4", "Principal exclusion criteria").map(|t| clean_block(&t));
    d.original.inclusion_criteria = d.translated(fields, "E.3", "Principal inclusion").map(|t| clean_block(&t));
    d.original.exclusion_criteria = d.translated(fields, "E.4", "Principal exclusion").map(|t| clean_block(&t));
    let mut criteria = Vec::new();
    if let Some(text) = &inclusion {
        criteria.push(format!("Inclusion Criteria:\n{text}"));
    }
    if let Some(text) = &exclusion {
        criteria.push(format!("Exclusion Criteria:\n{text}"));
    }
    if criteria.is_empty() {
        d.warn("protocolSection.eligibilityModule.eligibilityCriteria", "the copy gives no criteria (E.3, E.4)");
    }
    let yes = |code: &str, label: &str, d: &mut Draft| -> Option<bool> {
        let value = fields.get(code, label)?;
        match values::answer(&value) {
            Answer::Yes => Some(true),
            Answer::No => Some(false),
            Answer::Other(text) => {
                d.warn("protocolSection.eligibilityModule", format!("{code} {label}: {text:?} is not yes or no"));
                None
            }
        }
    };
    let female = yes("F.2.1", "Female", d);
    let male = yes("F.2.2", "Male", d);
    let sex = match (female, male) {
        (Some(true), Some(true)) => Some(Sex::All),
        (Some(true), _) => Some(Sex::Female),
        (_, Some(true)) => Some(Sex::Male),
        _ => {
            d.warn("protocolSection.eligibilityModule.sex", "F.2 says neither female nor male subjects take part");
            None
        }
    };
    let children = ["In Utero", "Preterm", "Newborns", "Infants and toddlers", "Children", "Adolescents"];
    let mut under_18 = yes("F.1.1", "Trial has subjects under 18", d) == Some(true);
    for (i, label) in children.iter().enumerate() {
        under_18 |= yes(&format!("F.1.1.{}", i + 1), label, d) == Some(true);
    }
    let mut ages = Vec::new();
    if under_18 {
        ages.push(StandardAge::Child);
    }
    if yes("F.1.2", "Adults", d) == Some(true) {
        ages.push(StandardAge::Adult);
    }
    if yes("F.1.3", "Elderly", d) == Some(true) {
        ages.push(StandardAge::OlderAdult);
    }
    EligibilityModule {
        eligibility_criteria: (!criteria.is_empty()).then(|| criteria.join("\n\n")),
        healthy_volunteers: yes("F.3.1", "Healthy volunteers", d),
        sex,
        std_ages: ages,
        ..Default::default()
    }
}

/// The member state from the summary's link ("…/ES/"), else from the competent authority;
/// "3RD" for a copy of a trial run outside the EEA.
fn member_state(fields: &Fields, d: &mut Draft) -> Option<String> {
    if let Some(state) = fields
        .list
        .iter()
        .find(|f| f.code == "Summary" && f.label_is("Link"))
        .and_then(|f| values::member_state_of_link(&f.value))
    {
        return Some(state);
    }
    let authority =
        fields.get("Summary", "National Competent Authority").or_else(|| fields.get("A.1", "Member State Concerned"));
    if let Some(authority) = authority {
        return match values::member_state(&authority) {
            Some((_, code)) => Some(code.to_owned()),
            None => {
                d.warn(
                    "registrySection.registryFields.memberState",
                    format!("{authority:?} names no EEA member state"),
                );
                None
            }
        };
    }
    let kind = fields.get("Summary", "Clinical Trial Type");
    if kind.as_deref().is_some_and(|k| k.to_ascii_lowercase().contains("outside eu")) {
        return Some("3RD".to_owned());
    }
    d.warn(
        "registrySection.registryFields.memberState",
        "the copy names no member state and is not marked outside the EU/EEA",
    );
    None
}

/// The member state concerned and the regions E.8.6.3 lists, one name each.
fn countries(fields: &Fields, d: &mut Draft) {
    let authority =
        fields.get("A.1", "Member State Concerned").or_else(|| fields.get("Summary", "National Competent Authority"));
    let mut countries: Vec<String> = Vec::new();
    if let Some((name, _)) = authority.as_deref().and_then(values::member_state) {
        countries.push(name.to_owned());
    }
    for list in fields.get("E.8.6.3", "").into_iter() {
        for name in list.lines().map(clean_inline).filter(|n| !n.is_empty()) {
            if !countries.contains(&name) {
                countries.push(name);
            }
        }
    }
    d.registry.countries = countries;
}

/// N.: the ethics committee's opinion and the competent authority's decision.
fn review(fields: &Fields, d: &mut Draft) {
    let opinion = fields.get("N.", "Ethics Committee Opinion of the trial application");
    let opinion_date = fields.get("N.", "Date of Ethics Committee Opinion");
    if opinion.is_none() && opinion_date.is_none() {
        return;
    }
    let approved = opinion.as_deref().and_then(|o| match o.to_ascii_lowercase().as_str() {
        "favourable" => Some(true),
        "unfavourable" => Some(false),
        _ => None,
    });
    let mut approval = EthicsApproval {
        approved,
        approval_date: opinion_date.as_deref().and_then(|t| PartialDate::parse(t).ok()),
        ..Default::default()
    };
    if let Some(opinion) = opinion {
        approval.extra.insert("opinion".into(), json!(opinion));
    }
    if let Some(reason) = fields.get("N.", "Ethics Committee Opinion: Reason(s)") {
        approval.extra.insert("reasonsForUnfavourableOpinion".into(), json!(reason));
    }
    d.registry.ethics_approvals.push(approval);
}

/// B.5: the sponsor's contact point for information on the trial.
fn contact(fields: &Fields) -> Option<ContactsLocationsModule> {
    let name =
        fields.get("B.5.2", "Functional name of contact point").or_else(|| fields.get("B.5.1", "Name of organisation"));
    let phone = fields.get("B.5.4", "Telephone number");
    let email = fields.get("B.5.6", "E-mail");
    if name.is_none() && phone.is_none() && email.is_none() {
        return None;
    }
    let contact = Contact { name, role: Some(ContactRole::Contact), phone, email, ..Default::default() };
    Some(ContactsLocationsModule { central_contacts: vec![contact], ..Default::default() })
}
