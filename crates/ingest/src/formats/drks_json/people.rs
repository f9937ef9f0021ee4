//! Contacts by role (`trialContacts`), funding (`materialSupports`), ethics votes,
//! secondary ids, sites and countries, and IPD sharing and publications.

use serde_json::Value;
use trialdex_model::*;

use super::{Draft, block_at, date_at, in_locale, items, text_at};

pub(super) fn read(trial: &Value, d: &mut Draft) {
    contacts(trial, d);
    secondary_ids(trial, d);
    sites(trial, d);
    ethics(trial, d);
    results(trial, d);
    d.fields.funding_sources =
        items(trial, "/materialSupports").iter().filter_map(|s| text_at(s, "/contact/affiliation")).collect();
}

/// "PD Dr. Paula Hoff".
fn person(contact: &Value) -> Option<String> {
    let parts: Vec<String> =
        ["/title", "/firstName", "/lastName"].iter().filter_map(|key| text_at(contact, key)).collect();
    parts.iter().any(|p| !p.ends_with('.')).then(|| parts.join(" "))
}

fn contacts(trial: &Value, d: &mut Draft) {
    let mut sponsors = SponsorCollaboratorsModule::default();
    let mut people = ContactsLocationsModule::default();
    for entry in items(trial, "/trialContacts") {
        let Some(contact) = entry.get("contact") else { continue };
        let role = text_at(entry, "/idContactIdType/type").unwrap_or_default();
        let organisation = text_at(contact, "/affiliation");
        let sponsor = || Sponsor { name: organisation.clone(), ..Default::default() };
        match role.as_str() {
            "PRIMARY_SPONSOR" => sponsors.lead_sponsor = Some(sponsor()),
            "SECONDARY_SPONSOR" | "COLLABORATOR_OTHER_ADDRESS" => {
                if organisation.is_some() && !sponsors.collaborators.iter().any(|s| s.name == organisation) {
                    sponsors.collaborators.push(sponsor());
                }
                // A collaborator's person, e.g. another principal investigator (`otherType`).
                if let Some(name) = person(contact) {
                    let other_type = text_at(entry, "/otherType");
                    let mut official = Official {
                        name: Some(name),
                        affiliation: organisation.clone(),
                        role: other_type
                            .as_deref()
                            .filter(|t| t.ends_with("PRINCIPAL_COORDINATING_INVESTIGATOR"))
                            .map(|_| OfficialRole::PrincipalInvestigator),
                        ..Default::default()
                    };
                    official.extra.extend(other_type.map(|t| ("otherType".to_owned(), t.into())));
                    people.overall_officials.push(official);
                }
            }
            "PRINCIPAL_COORDINATING_INVESTIGATOR" => people.overall_officials.push(Official {
                name: person(contact),
                affiliation: organisation.clone(),
                role: Some(OfficialRole::PrincipalInvestigator),
                ..Default::default()
            }),
            "PUBLIC_QUERIES" | "SCIENTIFIC_QUERIES" => {
                let mut central = Contact {
                    name: person(contact),
                    role: Some(ContactRole::Contact),
                    phone: text_at(contact, "/phone"),
                    email: text_at(contact, "/email"),
                    ..Default::default()
                };
                central.extra.insert("type".into(), role.to_lowercase().replace('_', " ").into());
                central.extra.extend(organisation.clone().map(|a| ("affiliation".to_owned(), a.into())));
                people.central_contacts.push(central);
            }
            _ => d.warn(
                "protocolSection.contactsLocationsModule",
                format!(
                    "contact of role {role:?} ({}) is not read",
                    organisation.as_deref().unwrap_or("no affiliation")
                ),
            ),
        }
    }
    if sponsors.lead_sponsor.is_none() {
        d.warn("protocolSection.sponsorCollaboratorsModule.leadSponsor", "the trial names no primary sponsor");
    }
    d.protocol.sponsor_collaborators_module = Some(sponsors);
    d.protocol.contacts_locations_module = Some(people);
}

fn secondary_ids(trial: &Value, d: &mut Draft) {
    let mut infos = Vec::new();
    let mut push = |id: Option<String>, kind: Option<SecondaryIdType>, domain: Option<String>| {
        if let Some(id) = id {
            infos.push(SecondaryIdInfo { id: Some(id), kind, domain, ..Default::default() });
        }
    };
    push(text_at(trial, "/secondaryIds/eudraCtNumber"), Some(SecondaryIdType::EudractNumber), None);
    push(text_at(trial, "/secondaryIds/universalTrialNumber"), None, Some("WHO Universal Trial Number".into()));
    push(text_at(trial, "/secondaryIds/eudamedNumber"), None, Some("EUDAMED".into()));
    push(
        text_at(trial, "/secondaryIds/otherPrimaryRegisterId"),
        Some(SecondaryIdType::Registry),
        text_at(trial, "/secondaryIds/otherPrimaryRegisterName"),
    );
    for other in items(trial, "/otherSecondaryIds") {
        push(text_at(other, "/value"), None, text_at(other, "/description"));
    }
    d.protocol.identification_module.get_or_insert_with(Default::default).secondary_id_infos = infos;
}

/// Sites (`institutes`: a name, a city, a kind) and recruiting countries (ISO codes).
fn sites(trial: &Value, d: &mut Draft) {
    let locations: Vec<Location> = items(trial, "/recruitment/institutes")
        .iter()
        .filter_map(|site| {
            let mut location =
                Location { facility: text_at(site, "/name"), city: text_at(site, "/city"), ..Default::default() };
            location.extra.extend(text_at(site, "/type").map(|t| ("type".to_owned(), t.into())));
            (location != Location::default()).then_some(location)
        })
        .collect();
    d.protocol.contacts_locations_module.get_or_insert_with(Default::default).locations = locations;
    d.fields.countries = items(trial, "/recruitment/countries")
        .iter()
        .filter_map(|c| text_at(c, "/idCountry/code").or_else(|| text_at(c, "/country")))
        .collect();
}

fn ethics(trial: &Value, d: &mut Draft) {
    let number = text_at(trial, "/ethicsCommittee/number");
    for (i, vote) in items(trial, "/ethicsCommittee/ethicVotes").iter().enumerate() {
        let field = format!("registrySection.registryFields.ethicsApprovals[{i}]");
        let status = text_at(vote, "/vote");
        let address: Vec<String> =
            ["/streetAndNo", "/zip", "/city"].iter().filter_map(|k| text_at(&vote["contact"], k)).collect();
        let mut approval = EthicsApproval {
            approved: status.as_deref().and_then(|s| match s {
                "APPROVED" => Some(true),
                "REJECTED" | "NOT_APPROVED" => Some(false),
                _ => None,
            }),
            approval_number: number.clone(),
            approval_date: date_at(vote, "/dateOfVote", &format!("{field}.approvalDate"), d),
            committee: text_at(vote, "/contact/affiliation"),
            contact_address: (!address.is_empty()).then(|| address.join(", ")),
            contact_phone: text_at(vote, "/contact/phone"),
            contact_email: text_at(vote, "/contact/email"),
            ..Default::default()
        };
        if let (None, Some(status)) = (approval.approved, &status) {
            d.warn(format!("{field}.approved"), format!("vote {status:?} is neither approved nor rejected"));
            approval.extra.insert("vote".into(), status.clone().into());
        }
        d.fields.ethics_approvals.push(approval);
    }
    if let Some(date) = text_at(trial, "/ethicsCommittee/applicationDate") {
        d.keep("ethicsApplicationDate", date);
    }
}

/// IPD sharing, publications and the results summary.
fn results(trial: &Value, d: &mut Draft) {
    let descriptions = items(trial, "/trialResults/trialResultsDescriptions");
    let english = in_locale(descriptions, "en");
    if let Some(plan) = trial.pointer("/trialResults/ipdSharingPlan").and_then(Value::as_bool) {
        d.protocol.ipd_sharing_statement_module = Some(IpdSharingStatementModule {
            ipd_sharing: Some(if plan { IpdSharing::Yes } else { IpdSharing::No }),
            description: english.and_then(|e| block_at(e, "/ipdSharingPlanDescription")),
            ..Default::default()
        });
    }
    let references: Vec<Reference> = items(trial, "/trialResults/publications")
        .iter()
        .filter_map(|publication| {
            let parts: Vec<String> = ["/description", "/link"].iter().filter_map(|k| text_at(publication, k)).collect();
            let mut reference =
                Reference { citation: Some(parts.join(" ")).filter(|c| !c.is_empty()), ..Default::default() };
            reference.extra.extend(text_at(publication, "/type").map(|t| ("publicationType".to_owned(), t.into())));
            (reference != Reference::default()).then_some(reference)
        })
        .collect();
    if !references.is_empty() {
        d.protocol.references_module = Some(ReferencesModule { references, ..Default::default() });
    }
    d.fields.related_trials =
        items(trial, "/trialResults/relatedDrksTrials").iter().filter_map(|t| t.as_str().map(str::to_owned)).collect();
    for (pointer, key) in [
        ("/trialResults/plannedPublication", "plannedPublication"),
        ("/trialResults/firstPublication", "firstPublication"),
        ("/trialResults/firstResultPublication", "firstResultPublication"),
    ] {
        if let Some(value) = text_at(trial, pointer) {
            d.keep(key, value);
        }
    }
    if let Some(summary) = english.and_then(|e| block_at(e, "/briefSummaryOfResultsDescription")) {
        d.keep("briefSummaryOfResults", summary);
    }
}
