//! The repeating parts of a ChiCTR record and the people in it: sponsors, intervention
//! groups, outcomes, research sites, samples, the ethics approval, applicant and leader.
//!
//! Where the page names an item (a group, an outcome, a site) only in Chinese, the
//! Chinese name stands in CT.gov's field, so that the item is not lost; a warning says so.

use trialdex_model::{
    ArmGroup, ArmsInterventionsModule, Contact, ContactRole, ContactsLocationsModule, EnrollmentInfo, EthicsApproval,
    GroupSize, InstitutionLevel, Intervention, Location, Official, OfficialRole, Outcome, OutcomesModule, Person,
    SampleCollection, Sponsor, SponsorCollaboratorsModule, TypedOutcome,
};

use super::build::{Draft, block, line};
use super::fields::{Block, Field, Field as F};
use super::record::{Fields, Record};
use super::values;

/// The English value, else the Chinese one with a warning naming `path`.
fn english_or_chinese(fields: &Fields, field: Field, path: &str, draft: &mut Draft) -> Option<String> {
    if let Some(en) = block(fields.en(field)) {
        return Some(en);
    }
    let zh = block(fields.zh(field))?;
    draft.warn(path, format!("the page gives {zh:?} in Chinese only; kept as written"));
    Some(zh)
}

pub(super) fn sponsors(record: &Record, draft: &mut Draft) {
    let main = &record.main;
    let lead_sponsor = line(main.en(F::PrimarySponsor)).map(|name| Sponsor { name: Some(name), ..Default::default() });
    draft.original.lead_sponsor = line(main.zh(F::PrimarySponsor));
    if lead_sponsor.is_none() {
        draft.warn(
            "protocolSection.sponsorCollaboratorsModule.leadSponsor",
            "the page gives no primary sponsor in English",
        );
    }
    let path = "protocolSection.sponsorCollaboratorsModule.collaborators";
    let collaborators = record
        .blocks(Block::SecondarySponsor)
        .iter()
        .filter_map(|sponsor| english_or_chinese(sponsor, F::Institution, path, draft).map(|n| clean(&n)))
        .map(|name| Sponsor { name: Some(name), ..Default::default() })
        .collect();
    draft.protocol.sponsor_collaborators_module =
        Some(SponsorCollaboratorsModule { lead_sponsor, collaborators, ..Default::default() });
    draft.registry.funding_sources = line(main.en(F::FundingSource)).into_iter().collect();
    draft.original.funding_sources = line(main.zh(F::FundingSource)).into_iter().collect();
}

fn clean(s: &str) -> String {
    crate::text::clean_inline(s)
}

/// Intervention groups: arms, their interventions and their own sample sizes.
pub(super) fn groups(record: &Record, draft: &mut Draft) {
    let mut module = ArmsInterventionsModule::default();
    let mut sizes: Vec<Option<i64>> = Vec::new();
    for (i, group) in record.blocks(Block::Group).iter().enumerate().filter(|(_, g)| g.has_values()) {
        let label = english_or_chinese(
            group,
            F::Group,
            &format!("protocolSection.armsInterventionsModule.armGroups[{i}].label"),
            draft,
        )
        .map(|l| clean(&l));
        let intervention = english_or_chinese(
            group,
            F::Intervention,
            &format!("protocolSection.armsInterventionsModule.interventions[{i}].name"),
            draft,
        );
        let size = group.any(F::SampleSize).and_then(values::sample_size);
        if let (None, Some(text)) = (size, group.any(F::SampleSize)) {
            draft.warn(
                &format!("registrySection.registryFields.groupSizes[{i}].size"),
                format!("sample size {text:?} is not a number"),
            );
        }
        sizes.push(size);
        module.arm_groups.push(ArmGroup {
            label: label.clone(),
            intervention_names: intervention.iter().cloned().collect(),
            ..Default::default()
        });
        if let Some(name) = &intervention {
            let code = line(group.any(F::InterventionCode)).filter(|c| !values::is_placeholder(c));
            module.interventions.push(Intervention {
                name: Some(name.clone()),
                arm_group_labels: label.iter().cloned().collect(),
                other_names: code.into_iter().collect(),
                ..Default::default()
            });
        }
        draft.registry.group_sizes.push(GroupSize {
            label: line(group.en(F::Group)),
            label_original: line(group.zh(F::Group)),
            size,
            intervention: block(group.en(F::Intervention)),
            intervention_original: block(group.zh(F::Intervention)),
            ..Default::default()
        });
        draft.original.arm_groups.extend(line(group.zh(F::Group)));
        draft.original.interventions.extend(block(group.zh(F::Intervention)));
    }
    // ChiCTR gives a sample size per group and none for the whole study: the enrollment
    // is their sum when every group gives one. ChiCTR does not say whether it is actual
    // or planned, so it has no type.
    let total = sizes.iter().try_fold(0i64, |sum, size| sum.checked_add((*size)?));
    let design = draft.protocol.design_module.get_or_insert_with(Default::default);
    match total {
        Some(count) if !sizes.is_empty() => {
            design.enrollment_info = Some(EnrollmentInfo { count: Some(count), ..Default::default() })
        }
        _ => draft.warn(
            "protocolSection.designModule.enrollmentInfo",
            "the page gives no sample size for every group; no enrollment is derived",
        ),
    }
    if module.arm_groups.is_empty() {
        draft.warn("protocolSection.armsInterventionsModule", "the page gives no intervention groups");
    } else {
        draft.protocol.arms_interventions_module = Some(module);
    }
}

/// Outcomes by the registry's type: primary and secondary indicators go to CT.gov's
/// primary and secondary outcomes, adverse events and additional indicators to its other
/// outcomes; each keeps the registry's type in registryFields.outcomeTypes.
pub(super) fn outcomes(record: &Record, draft: &mut Draft) {
    let mut module = OutcomesModule::default();
    for (i, outcome) in record.blocks(Block::Outcome).iter().enumerate().filter(|(_, o)| o.has_values()) {
        let path = format!("protocolSection.outcomesModule.outcomes[{i}]");
        let measure = english_or_chinese(outcome, F::OutcomeName, &format!("{path}.measure"), draft);
        let time_frame = block(outcome.en(F::OutcomeTimePoint)).or_else(|| block(outcome.zh(F::OutcomeTimePoint)));
        let method = block(outcome.en(F::OutcomeMethod)).or_else(|| block(outcome.zh(F::OutcomeMethod)));
        let kind_text = line(outcome.en(F::OutcomeType)).or_else(|| line(outcome.zh(F::OutcomeType)));
        let kind = values::outcome_kind(outcome.en(F::OutcomeType), outcome.zh(F::OutcomeType));
        let model =
            Outcome { measure, description: method.clone(), time_frame: time_frame.clone(), ..Default::default() };
        match kind {
            Some("primary") => module.primary_outcomes.push(model),
            Some("secondary") => module.secondary_outcomes.push(model),
            _ => module.other_outcomes.push(model),
        }
        if kind.is_none() {
            let text = kind_text.as_deref().unwrap_or("");
            draft.warn(&format!("{path}.type"), format!("outcome type {text:?} is none of ChiCTR's primary, secondary, adverse events or additional; listed with the other outcomes"));
        }
        draft.registry.outcome_types.push(TypedOutcome {
            kind: kind.map(str::to_owned),
            kind_text,
            measure: block(outcome.en(F::OutcomeName)),
            measure_original: block(outcome.zh(F::OutcomeName)),
            time_frame,
            method,
            ..Default::default()
        });
        draft.original.outcomes.extend(block(outcome.zh(F::OutcomeName)));
    }
    if module.primary_outcomes.is_empty() {
        draft.warn("protocolSection.outcomesModule.primaryOutcomes", "the page gives no primary outcome");
    }
    if module != OutcomesModule::default() {
        draft.protocol.outcomes_module = Some(module);
    }
}

/// The study leader (an overall official and a contact) and the applicant (the person
/// who registered the trial: a contact, and registryFields.applicant).
pub(super) fn contacts(main: &Fields, draft: &mut Draft) {
    let module = draft.protocol.contacts_locations_module.get_or_insert_with(ContactsLocationsModule::default);
    let leader = line(main.en(F::LeaderName)).or_else(|| line(main.zh(F::LeaderName)));
    if let Some(name) = &leader {
        let affiliation = line(main.en(F::LeaderInstitution)).or_else(|| line(main.zh(F::LeaderInstitution)));
        module.overall_officials.push(Official {
            name: Some(name.clone()),
            affiliation,
            role: Some(OfficialRole::PrincipalInvestigator),
            ..Default::default()
        });
    }
    let contact = |name: Field, phone: Field, email: Field| Contact {
        name: line(main.en(name)).or_else(|| line(main.zh(name))),
        role: Some(ContactRole::Contact),
        phone: line(main.any(phone)),
        email: line(main.any(email)),
        ..Default::default()
    };
    let leader_contact = contact(F::LeaderName, F::LeaderPhone, F::LeaderEmail);
    let applicant_contact = contact(F::ApplicantName, F::ApplicantPhone, F::ApplicantEmail);
    let has_means = |c: &Contact| c.phone.is_some() || c.email.is_some();
    if has_means(&leader_contact) {
        module.central_contacts.push(leader_contact.clone());
    }
    // The applicant is often the leader: listed once.
    if has_means(&applicant_contact) && applicant_contact != leader_contact {
        module.central_contacts.push(applicant_contact);
    }
    let person = |name: Field, institution: Field, phone: Field, email: Field, address: Field| {
        let person = Person {
            name: line(main.en(name)),
            name_original: line(main.zh(name)),
            affiliation: line(main.en(institution)),
            affiliation_original: line(main.zh(institution)),
            phone: line(main.any(phone)),
            email: line(main.any(email)),
            address: line(main.en(address)),
            address_original: line(main.zh(address)),
            ..Default::default()
        };
        (person != Person::default()).then_some(person)
    };
    draft.registry.applicant =
        person(F::ApplicantName, F::ApplicantInstitution, F::ApplicantPhone, F::ApplicantEmail, F::ApplicantAddress);
    draft.registry.study_leader =
        person(F::LeaderName, F::LeaderInstitution, F::LeaderPhone, F::LeaderEmail, F::LeaderAddress);
}

/// Research sites: CT.gov locations, and each site's level in registryFields.
pub(super) fn sites(record: &Record, draft: &mut Draft) {
    let mut locations = Vec::new();
    for (i, site) in record.blocks(Block::Site).iter().enumerate().filter(|(_, s)| s.has_values()) {
        let path = format!("protocolSection.contactsLocationsModule.locations[{i}]");
        let mut place =
            |field, name: &str| english_or_chinese(site, field, &format!("{path}.{name}"), draft).map(|v| clean(&v));
        let location = Location {
            facility: place(F::Institution, "facility"),
            city: place(F::City, "city"),
            state: place(F::Province, "state"),
            country: place(F::Country, "country"),
            ..Default::default()
        };
        if site.any(F::InstitutionLevel).is_some() {
            draft.registry.institution_levels.push(InstitutionLevel {
                facility: location.facility.clone(),
                level: line(site.en(F::InstitutionLevel)),
                level_original: line(site.zh(F::InstitutionLevel)),
                ..Default::default()
            });
        }
        locations.push(location);
    }
    if locations.is_empty() {
        draft.warn("protocolSection.contactsLocationsModule.locations", "the page gives no research site");
    }
    draft.protocol.contacts_locations_module.get_or_insert_with(Default::default).locations = locations;
}

pub(super) fn ethics(main: &Fields, draft: &mut Draft) {
    let approval_date = main.any(F::EthicsApprovalDate).and_then(values::date);
    if let (None, Some(text)) = (approval_date, main.any(F::EthicsApprovalDate)) {
        draft.warn("registrySection.registryFields.ethicsApprovals[0].approvalDate", format!("{text:?} is not a date"));
    }
    let approval = EthicsApproval {
        approved: main.any(F::EthicsApproved).and_then(values::yes_no),
        approval_number: line(main.any(F::EthicsApprovalNumber)),
        approval_date,
        committee: line(main.en(F::EthicsCommittee)),
        committee_original: line(main.zh(F::EthicsCommittee)),
        contact_name: line(main.en(F::EthicsContactName)),
        contact_name_original: line(main.zh(F::EthicsContactName)),
        contact_address: line(main.en(F::EthicsContactAddress)),
        contact_address_original: line(main.zh(F::EthicsContactAddress)),
        contact_phone: line(main.any(F::EthicsContactPhone)),
        contact_email: line(main.any(F::EthicsContactEmail)),
        ..Default::default()
    };
    if approval != EthicsApproval::default() {
        draft.registry.ethics_approvals.push(approval);
    }
}

/// Samples collected from participants, with what becomes of them.
pub(super) fn samples(record: &Record, draft: &mut Draft) {
    for sample in record.blocks(Block::Sample).iter().filter(|s| s.has_values()) {
        draft.registry.sample_collection.push(SampleCollection {
            name: line(sample.en(F::SampleName)),
            name_original: line(sample.zh(F::SampleName)),
            tissue: line(sample.en(F::Tissue)).or_else(|| line(sample.zh(F::Tissue))),
            fate: line(sample.en(F::SampleFate)),
            fate_original: line(sample.zh(F::SampleFate)),
            note: block(sample.en(F::SampleNote)).or_else(|| block(sample.zh(F::SampleNote))),
            ..Default::default()
        });
    }
}
