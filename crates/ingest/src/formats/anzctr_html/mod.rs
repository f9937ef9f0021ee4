//! The ANZCTR registration page ("Trial registered on ANZCTR"): one trial, its values
//! in spans named by field (`page.rs`), read into the CT.gov shape. ANZCTR's own
//! fields with no CT.gov home (comparator, endpoint type, recruitment states, ethics
//! committees, funding) go to `registryFields`.

mod design;
mod page;

use scraper::Html;
use serde_json::Value;
use trialdex_model::*;

use self::page::Page;
use super::draft::Draft;
use super::registry_page::values::{date, status};
use crate::text::non_empty;
use crate::{Diagnostic, Parsed, decode::decode};

const STATUS_MODULE: &str = "protocolSection.statusModule";

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let page = Page::read(&Html::parse_document(&text));
    let Some(actrn) = non_empty(page.get("CXACTRNUMBER")) else {
        parsed
            .diagnostics
            .push(Diagnostic::error("expected an ANZCTR registration page with an ACTRN number, found none"));
        return parsed;
    };
    let mut d = Draft::default();
    identification(&page, &mut d);
    status_and_dates(&page, &mut d);
    conditions_and_interventions(&page, &mut d);
    outcomes(&page, &mut d);
    design::eligibility(&page, &mut d);
    design::design(&page, &mut d);
    sponsors_and_ethics(&page, &mut d);
    contacts(&page, &mut d);
    let study = d.into_study(Registry::Anzctr, ids::normalize(Registry::Anzctr, &actrn), SourceFormat::AnzctrHtml);
    parsed.records.push(study);
    parsed
}

fn identification(page: &Page, d: &mut Draft) {
    let module = d.protocol.identification_module.get_or_insert_with(Default::default);
    module.brief_title = non_empty(page.get("CXSTUDYTITLE"));
    module.official_title = non_empty(page.get("CXSCIENTIFICTITLE"));
    module.acronym = non_empty(page.get("CXTRIALACRONYM"));
    // "National Clinical Trials Registry: NCTR570": the registry's name, then the id.
    for item in page.items("TXSECONDARYID") {
        let Some(text) = non_empty(item.get("CXSECONDARYID")) else { continue };
        let (domain, id) = match text.split_once(": ") {
            Some((domain, id)) => (non_empty(domain), id.trim().to_owned()),
            None => (None, text),
        };
        module.secondary_id_infos.push(SecondaryIdInfo { id: Some(id), domain, ..Default::default() });
    }
    if let Some(utn) = non_empty(page.get("CXUTRN")) {
        module.secondary_id_infos.push(SecondaryIdInfo {
            id: Some(utn),
            domain: Some("Universal Trial Number (UTN)".into()),
            kind: Some(SecondaryIdType::Registry),
            ..Default::default()
        });
    }
    d.fields.related_trials.extend(non_empty(page.get("CXLINKEDSTUDY")));
    if d.protocol.identification_module.as_ref().is_some_and(|m| m.brief_title.is_none()) {
        d.warnings
            .push(Warning::new("protocolSection.identificationModule.briefTitle", "the page gives no public title"));
    }
    match crate::text::non_empty_block(page.get("CXSUMMARY")) {
        Some(summary) => {
            d.protocol.description_module =
                Some(DescriptionModule { brief_summary: Some(summary), ..Default::default() })
        }
        None => d
            .warnings
            .push(Warning::new("protocolSection.descriptionModule.briefSummary", "the page gives no brief summary")),
    }
    if let Some(url) = non_empty(page.get("CXTRIALWEBSITE")) {
        let references = d.protocol.references_module.get_or_insert_with(Default::default);
        references.see_also_links.push(SeeAlsoLink {
            label: Some("Trial website".into()),
            url: Some(url),
            ..Default::default()
        });
    }
    if let Some(citation) = crate::text::non_empty_block(page.get("CXPUBLICATION")) {
        let references = d.protocol.references_module.get_or_insert_with(Default::default);
        references.references.push(Reference { citation: Some(citation), ..Default::default() });
    }
    keep(&mut d.fields, "publicNotes", page.get("CXPUBLICNOTES"));
}

/// A registry field with no home in the model, kept under its ANZCTR meaning.
pub(super) fn keep(fields: &mut RegistryFields, key: &str, value: &str) {
    if let Some(value) = crate::text::non_empty_block(value) {
        fields.extra.insert(key.to_owned(), Value::String(value));
    }
}

/// An anticipated and an actual date of one event: the actual one wins.
fn date_pair(page: &Page, anticipated: &str, actual: &str, field: &str, d: &mut Draft) -> Option<DateStruct> {
    let path = format!("{STATUS_MODULE}.{field}");
    let actual = date(page.get(actual), &path, &mut d.warnings).map(|date| (date, DateType::Actual));
    let anticipated = date(page.get(anticipated), &path, &mut d.warnings).map(|date| (date, DateType::Estimated));
    actual.or(anticipated).map(|(date, kind)| DateStruct { date: Some(date), kind: Some(kind), ..Default::default() })
}

fn status_and_dates(page: &Page, d: &mut Draft) {
    let overall = status(page.get("CXRECRUITMENTSTATUS"), &mut d.fields, &mut d.warnings);
    let submitted = date(page.get("CXSUBMITDATE"), &format!("{STATUS_MODULE}.studyFirstSubmitDate"), &mut d.warnings);
    let registered =
        date(page.get("CXAPPROVALDATE"), "registrySection.registryFields.registrationDate", &mut d.warnings);
    let updated = date(page.get("CXUPDATEDATE"), &format!("{STATUS_MODULE}.lastUpdateSubmitDate"), &mut d.warnings);
    let start = date_pair(page, "CXANTICIPATEDSTARTDATE", "CXACTUALSTARTDATE", "startDateStruct", d);
    // "Date of last participant enrolment" ends recruitment; "date of last data collection"
    // is CT.gov's completion date.
    let last_enrolment = date_pair(page, "CXANTICIPATEDENDDATE", "CXACTUALENDDATE", "registryFields.recruitingTime", d);
    let completion = date_pair(page, "CXANTICIPATEDLASTVISITDATE", "CXACTUALLASTVISITDATE", "completionDateStruct", d);
    if let Some(end) = last_enrolment.and_then(|s| s.date) {
        d.fields.recruiting_time = Some(Period { end: Some(end), ..Default::default() });
    }
    d.fields.registration_date = registered;
    d.fields.registration_status = non_empty(page.get("lblTrialType"));
    let module = d.protocol.status_module.get_or_insert_with(Default::default);
    module.overall_status = overall;
    module.study_first_submit_date = submitted;
    module.last_update_submit_date = updated;
    module.start_date_struct = start;
    module.completion_date_struct = completion;
    if module.start_date_struct.is_none() {
        d.warnings.push(Warning::new(
            format!("{STATUS_MODULE}.startDateStruct"),
            "the page gives no date of first enrolment",
        ));
    }
}

fn conditions_and_interventions(page: &Page, d: &mut Draft) {
    let conditions: Vec<String> =
        page.items("TXHEALTHCONDITION").filter_map(|i| non_empty(i.get("CXHEALTHCONDITION"))).collect();
    // The condition category and its code ("Cancer" / "Biliary tree …") are ANZCTR's own classification.
    let keywords: Vec<String> = page
        .items("TXCONDITIONCODE")
        .filter_map(|i| non_empty(&format!("{} - {}", i.get("CXCONDITIONCODE1"), i.get("CXCONDITIONCODE2"))))
        .map(|k| k.trim_matches([' ', '-']).to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    if conditions.is_empty() {
        d.warnings
            .push(Warning::new("protocolSection.conditionsModule.conditions", "the page names no health condition"));
    }
    d.protocol.conditions_module = Some(ConditionsModule { conditions, keywords, ..Default::default() });
    let codes: Vec<String> =
        page.items("TXINTERVENTIONCODE").filter_map(|i| non_empty(i.get("CXINTERVENTIONCODE"))).collect();
    let kind = codes.first().map(|code| intervention_type(code));
    let unmapped = matches!(kind, Some(InterventionType::Unlisted(_)));
    if let Some(description) = crate::text::non_empty_block(page.get("CXINTERVENTIONS")) {
        let intervention = Intervention { kind, description: Some(description), ..Default::default() };
        d.protocol.arms_interventions_module.get_or_insert_with(Default::default).interventions.push(intervention);
    }
    if unmapped {
        let field = "protocolSection.armsInterventionsModule.interventions";
        d.warnings.push(Warning::new(field, "an intervention code names no CT.gov intervention type; kept as written"));
    }
    if codes.len() > 1 || unmapped {
        d.fields.extra.insert("interventionCodes".into(), Value::from(codes));
    }
    keep(&mut d.fields, "comparator", page.get("CXCOMPARATOR"));
    keep(&mut d.fields, "controlGroup", page.get("CXCONTROL"));
}

/// ANZCTR's intervention codes ("Treatment: drugs", "Treatment: Devices", "Behaviour").
fn intervention_type(code: &str) -> InterventionType {
    let lower = code.to_lowercase();
    let mapped = [
        ("drug", InterventionType::Drug),
        ("device", InterventionType::Device),
        ("surgery", InterventionType::Procedure),
        ("behaviour", InterventionType::Behavioral),
        ("lifestyle", InterventionType::Behavioral),
        ("diagnosis", InterventionType::DiagnosticTest),
    ]
    .into_iter()
    .find(|(word, _)| lower.contains(word));
    mapped.map_or_else(|| InterventionType::Unlisted(code.to_owned()), |(_, kind)| kind)
}

fn outcomes(page: &Page, d: &mut Draft) {
    let read = |group: &str| -> Vec<Outcome> {
        page.items(group)
            .filter_map(|item| {
                let measure = crate::text::non_empty_block(item.get("CXOUTCOME"))?;
                let time_frame = crate::text::non_empty_block(item.get("CXTIMEPOINT"));
                Some(Outcome { measure: Some(measure), time_frame, ..Default::default() })
            })
            .collect()
    };
    let module = OutcomesModule {
        primary_outcomes: read("TXPRIMARYOUTCOME"),
        secondary_outcomes: read("TXSECONDARYOUTCOME"),
        ..Default::default()
    };
    if module.primary_outcomes.is_empty() {
        d.warnings
            .push(Warning::new("protocolSection.outcomesModule.primaryOutcomes", "the page lists no primary outcome"));
    }
    d.protocol.outcomes_module = Some(module);
}

fn sponsors_and_ethics(page: &Page, d: &mut Draft) {
    let lead =
        non_empty(page.get("CXPRIMARYSPONSORNAME")).map(|name| Sponsor { name: Some(name), ..Default::default() });
    if lead.is_none() {
        d.warnings.push(Warning::new(
            "protocolSection.sponsorCollaboratorsModule.leadSponsor",
            "the page names no primary sponsor",
        ));
    }
    // A secondary sponsor of category "None" is named "nil" or the like: no sponsor.
    let collaborators = page
        .items("TXSECONDARYSPONSOR")
        .filter(|item| !item.get("CXTYPE").eq_ignore_ascii_case("none"))
        .filter_map(|item| non_empty(item.get("CXNAME")))
        .map(|name| Sponsor { name: Some(name), ..Default::default() })
        .collect();
    d.protocol.sponsor_collaborators_module =
        Some(SponsorCollaboratorsModule { lead_sponsor: lead, collaborators, ..Default::default() });
    keep(&mut d.fields, "primarySponsorType", page.get("CXPRIMARYSPONSORTYPE"));
    d.fields.funding_sources = page.items("TXFUNDINGSOURCE").filter_map(|item| non_empty(item.get("CXNAME"))).collect();
    let approved = match page.get("CXETHICSREVIEW").trim() {
        "Approved" => Some(true),
        "Not approved" => Some(false),
        _ => None,
    };
    keep(&mut d.fields, "ethicsApplicationStatus", page.get("CXETHICSREVIEW"));
    for item in page.items("TXETHICSCOMMITTEE") {
        let field = "registrySection.registryFields.ethicsApprovals";
        let approval = EthicsApproval {
            approved,
            committee: non_empty(item.get("CXETHICNAME")),
            contact_address: non_empty(
                &[item.get("CXETHICADDRESS"), item.get("CXETHICCOUNTRY")]
                    .iter()
                    .filter(|s| !s.trim().is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            approval_number: non_empty(item.get("CXHREC")),
            approval_date: date(item.get("CXETHICAPPROVALDATE"), field, &mut d.warnings),
            ..Default::default()
        };
        if approval.committee.is_some() {
            d.fields.ethics_approvals.push(approval);
        }
    }
}

/// Contact groups in page order: principal investigator, public queries, scientific
/// queries, updating information.
fn contacts(page: &Page, d: &mut Draft) {
    let mut module = ContactsLocationsModule::default();
    for (group, role) in
        [("TXCONTACT0", None), ("TXCONTACT1", Some(ContactRole::Contact)), ("TXCONTACT2", Some(ContactRole::Contact))]
    {
        for item in page.items(group) {
            let Some(name) = non_empty(item.get("CXNAME")) else { continue };
            match &role {
                None => module.overall_officials.push(Official {
                    name: Some(name),
                    affiliation: non_empty(item.get("CXADDRESS")),
                    role: Some(OfficialRole::PrincipalInvestigator),
                    ..Default::default()
                }),
                Some(role) => module.central_contacts.push(Contact {
                    name: Some(name),
                    role: Some(role.clone()),
                    phone: non_empty(item.get("CXPHONE")),
                    email: non_empty(item.get("CXEMAIL")),
                    ..Default::default()
                }),
            }
        }
    }
    // States are listed under "Recruitment in Australia".
    if !page.get("CXRECRUITMENTSTATE").trim().is_empty() {
        d.fields.countries.push("Australia".into());
    }
    if module != ContactsLocationsModule::default() {
        d.protocol.contacts_locations_module = Some(module);
    }
}
