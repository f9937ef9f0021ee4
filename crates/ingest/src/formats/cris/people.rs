//! Eligibility, outcomes, sites, sponsors, funding, contacts and the review board.

use serde_json::Value;
use trialdex_model::*;

use super::{Draft, Fields, clean, text_in};

const ELIGIBILITY: &str = "protocolSection.eligibilityModule";

/// "45 Year" → "45 Years".
fn age(text: &str) -> Option<String> {
    let (number, unit) = text.trim().split_once(' ')?;
    let n: u32 = number.parse().ok()?;
    let unit = match unit.trim().trim_end_matches('s').to_ascii_lowercase().as_str() {
        "year" => "Year",
        "month" => "Month",
        "week" => "Week",
        "day" => "Day",
        _ => return None,
    };
    Some(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }))
}

pub(super) fn eligibility(f: &mut Fields, d: &mut Draft) {
    let inclusion = f.take("inclusion_criteria").unwrap_or_default();
    let mut module = EligibilityModule::default();
    if let Some(text) = text_in(&inclusion, "gender") {
        module.sex = Some(Sex::from_label(&text).unwrap_or_else(|| {
            d.warn(format!("{ELIGIBILITY}.sex"), format!("{text:?} is no CT.gov sex value; kept as written"));
            Sex::Unlisted(text)
        }));
    }
    // "45 Year ~ 79 Year"; either side may be missing.
    if let Some(text) = text_in(&inclusion, "age") {
        let (min, max) = text.split_once('~').unwrap_or((&text, ""));
        for (side, value) in [("minimumAge", min.trim()), ("maximumAge", max.trim())] {
            if value.is_empty() {
                continue;
            }
            match age(value) {
                Some(limit) if side == "minimumAge" => module.minimum_age = Some(limit),
                Some(limit) => module.maximum_age = Some(limit),
                None => {
                    d.warn(format!("{ELIGIBILITY}.{side}"), format!("{value:?} is no age limit trialdex can read"));
                    let kept = if side == "minimumAge" {
                        &mut d.fields.minimum_age_text
                    } else {
                        &mut d.fields.maximum_age_text
                    };
                    *kept = Some(value.to_owned());
                }
            }
        }
    }
    let include = inclusion.get("description").and_then(Value::as_str).and_then(clean);
    let exclude = f.block("exclusion_criteria");
    let mut text = Vec::new();
    text.extend(include.map(|t| format!("Inclusion Criteria:\n\n{t}")));
    text.extend(exclude.map(|t| format!("Exclusion Criteria:\n\n{t}")));
    module.eligibility_criteria = (!text.is_empty()).then(|| text.join("\n\n"));
    if module.eligibility_criteria.is_none() {
        d.warn(format!("{ELIGIBILITY}.eligibilityCriteria"), "the record gives no eligibility criteria");
    }
    module.healthy_volunteers = f.text("healthy_volunteers").and_then(|t| match t.to_ascii_lowercase().as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    });
    d.protocol.eligibility_module = Some(module);
    let conditions: Vec<String> = f
        .block("conditions_problems")
        .map(|t| {
            t.lines().map(|l| l.trim().trim_start_matches('*').trim().to_owned()).filter(|l| !l.is_empty()).collect()
        })
        .unwrap_or_default();
    if conditions.is_empty() {
        d.warn("protocolSection.conditionsModule.conditions", "the record names no condition");
    } else {
        d.protocol.conditions_module = Some(ConditionsModule { conditions, ..Default::default() });
    }
}

pub(super) fn outcomes(f: &mut Fields, d: &mut Draft) {
    let read = |list: Vec<Value>| -> Vec<Outcome> {
        list.iter()
            .map(|o| Outcome {
                measure: o.get("outcome").and_then(Value::as_str).and_then(clean),
                time_frame: text_in(o, "timepoint"),
                ..Default::default()
            })
            .filter(|o| *o != Outcome::default())
            .collect()
    };
    let module = OutcomesModule {
        primary_outcomes: read(f.list("primary_Outcome")),
        secondary_outcomes: read(f.list("secondary_Outcome")),
        ..Default::default()
    };
    if module.primary_outcomes.is_empty() {
        d.warn("protocolSection.outcomesModule.primaryOutcomes", "the record gives no primary outcome");
    }
    if module != OutcomesModule::default() {
        d.protocol.outcomes_module = Some(module);
    }
    if let Some(statement) = f.block("sharing_statement") {
        d.fields.ipd_sharing = Some(statement);
    }
}

pub(super) fn sites_and_sponsors(f: &mut Fields, d: &mut Draft) {
    let mut locations = Vec::new();
    for site in f.list("sites") {
        let mut location = Location { facility: text_in(&site, "name_of_study_site"), ..Default::default() };
        if let Some(text) = text_in(&site, "recruitment_status") {
            location.status = Some(RecruitmentStatus::from_label(&text).unwrap_or(RecruitmentStatus::Unlisted(text)));
        }
        location
            .extra
            .extend(text_in(&site, "date_of_first_enrollment").map(|t| ("dateOfFirstEnrollment".to_owned(), t.into())));
        locations.push(location);
    }
    d.protocol.contacts_locations_module.get_or_insert_with(Default::default).locations = locations;
    // The JSON names the support's fields after the site table it copied them from:
    // the organisation is in `name_of_study_site`, its type in `recruitment_status`
    // and the project id in `date_of_first_enrollment`; the page has them rightly named.
    for support in f.list("source_of_monetary_or_material_support") {
        let name = text_in(&support, "organization_name").or_else(|| text_in(&support, "name_of_study_site"));
        d.fields.funding_sources.extend(name);
        let project = text_in(&support, "project_id").or_else(|| text_in(&support, "date_of_first_enrollment"));
        if let Some(project) = project {
            let ids = d.fields.extra.entry("fundingProjectIds".to_owned()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(ids) = ids {
                ids.push(project.into());
            }
        }
    }
    let mut sponsors: Vec<Sponsor> = f
        .list("sponsor_organisation")
        .iter()
        .filter_map(|s| {
            let mut sponsor = Sponsor { name: Some(text_in(s, "organization_name")?), ..Default::default() };
            sponsor.extra.extend(text_in(s, "organization_type").map(|t| ("organizationType".to_owned(), t.into())));
            Some(sponsor)
        })
        .collect();
    if sponsors.is_empty() {
        d.warn("protocolSection.sponsorCollaboratorsModule.leadSponsor", "the record names no sponsor");
        return;
    }
    // CRIS lists sponsors in order; the first is the lead.
    let lead = sponsors.remove(0);
    d.protocol.sponsor_collaborators_module =
        Some(SponsorCollaboratorsModule { lead_sponsor: Some(lead), collaborators: sponsors, ..Default::default() });
}

pub(super) fn contacts_and_review(f: &mut Fields, d: &mut Draft) {
    let mut contacts = Vec::new();
    for (key, kind) in [
        ("contact_for_scientific_queries", "scientific queries"),
        ("contact_for_public_queries", "public queries"),
        ("contact_for_updating_information", "updating information"),
    ] {
        let Some(person) = f.take(key) else { continue };
        let mut contact = Contact {
            name: text_in(&person, "name"),
            phone: text_in(&person, "telephone"),
            email: text_in(&person, "email"),
            role: Some(ContactRole::Contact),
            ..Default::default()
        };
        contact.extra.insert("type".into(), kind.into());
        for extra in ["title", "affiliation", "address"] {
            contact.extra.extend(text_in(&person, extra).map(|v| (extra.to_owned(), v.into())));
        }
        contacts.push(contact);
    }
    d.protocol.contacts_locations_module.get_or_insert_with(Default::default).central_contacts = contacts;
    let status = f.text("board_approval_status");
    let board = f.take("institutional_review_board").unwrap_or_default();
    let date_text = f.text("approval_date");
    let approval_date = date_text.as_deref().and_then(|t| PartialDate::parse(t).ok());
    if let (None, Some(text)) = (approval_date, &date_text) {
        d.warn("registrySection.registryFields.ethicsApprovals", format!("expected a date, found {text:?}"));
    }
    let mut approval = EthicsApproval {
        // "Submitted approval" says the approval was submitted, not granted.
        approved: status.as_deref().and_then(|s| match s.to_ascii_lowercase().as_str() {
            "approved" => Some(true),
            "not approved" | "rejected" => Some(false),
            _ => None,
        }),
        approval_number: f.text("board_approval_number"),
        approval_date,
        committee: text_in(&board, "name"),
        contact_address: text_in(&board, "address"),
        contact_phone: text_in(&board, "telephone"),
        ..Default::default()
    };
    approval.extra.extend(status.map(|s| ("status".to_owned(), s.into())));
    if approval != EthicsApproval::default() {
        d.fields.ethics_approvals.push(approval);
    }
}
