//! Who may take part, who runs the study and where: eligibility, the responsible
//! party, central contacts, officials and sites.

use serde_json::Value;
use trialdex_model::*;

use super::{label, tree::Element, yes_no};

const ELIGIBILITY: &str = "protocolSection.eligibilityModule";
const CONTACTS: &str = "protocolSection.contactsLocationsModule";

pub(super) fn eligibility(root: &Element, w: &mut Vec<Warning>) -> Option<EligibilityModule> {
    let Some(e) = root.child("eligibility") else {
        w.push(Warning::new(ELIGIBILITY, "the record gives no eligibility"));
        return None;
    };
    let field = |name: &str| format!("{ELIGIBILITY}.{name}");
    let criteria = e.block_of("criteria");
    if criteria.is_none() {
        w.push(Warning::new(field("eligibilityCriteria"), "the record gives no eligibility criteria"));
    }
    let healthy_volunteers = e.text_of("healthy_volunteers").and_then(|text| {
        let read = if text.eq_ignore_ascii_case("Accepts Healthy Volunteers") { Some(true) } else { yes_no(&text) };
        if read.is_none() {
            w.push(Warning::new(field("healthyVolunteers"), format!("{text:?} says neither yes nor no; left out")));
        }
        read
    });
    let gender_based = e.text_of("gender_based").and_then(|text| {
        let read = yes_no(&text);
        if read.is_none() {
            w.push(Warning::new(field("genderBased"), format!("expected Yes or No, found {text:?}; left out")));
        }
        read
    });
    let minimum_age = age(e, "minimum_age");
    let maximum_age = age(e, "maximum_age");
    let sex = label(e.text_of("gender"), Sex::from_label, Sex::Unlisted, &field("sex"), w);
    if sex.is_none() {
        w.push(Warning::new(field("sex"), "the record does not say which sexes may take part"));
    }
    Some(EligibilityModule {
        eligibility_criteria: criteria,
        healthy_volunteers,
        std_ages: std_ages(minimum_age.as_deref(), maximum_age.as_deref()),
        sex,
        gender_based,
        gender_description: e.block_of("gender_description"),
        minimum_age,
        maximum_age,
        study_population: e.block_of("study_pop"),
        sampling_method: label(
            e.text_of("sampling_method"),
            SamplingMethod::from_label,
            SamplingMethod::Unlisted,
            &field("samplingMethod"),
            w,
        ),
        ..EligibilityModule::default()
    })
}

/// "18 Years" as written; "N/A" means no limit and is left empty, as v2 leaves it.
fn age(e: &Element, name: &str) -> Option<String> {
    e.text_of(name).filter(|age| !age.eq_ignore_ascii_case("N/A"))
}

/// CT.gov's age groups, derived from the limits the way v2 derives them: child
/// below 18, adult 18–64, older adult 65 and up; a missing limit is open.
fn std_ages(minimum: Option<&str>, maximum: Option<&str>) -> Vec<StandardAge> {
    let (Some(low), Some(high)) = (minimum.map_or(Some(0.0), years), maximum.map_or(Some(f64::INFINITY), years)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if low < 18.0 {
        out.push(StandardAge::Child);
    }
    if low < 65.0 && high >= 18.0 {
        out.push(StandardAge::Adult);
    }
    if high >= 65.0 {
        out.push(StandardAge::OlderAdult);
    }
    out
}

/// "18 Years", "6 Months", "28 Days" → years; `None` for anything else.
fn years(age: &str) -> Option<f64> {
    let (number, unit) = age.trim().split_once(' ')?;
    let number: f64 = number.parse().ok()?;
    let per_year = match unit.trim().trim_end_matches('s').to_ascii_lowercase().as_str() {
        "year" => 1.0,
        "month" => 12.0,
        "week" => 52.1775,
        "day" => 365.25,
        "hour" => 8766.0,
        "minute" => 525_960.0,
        _ => return None,
    };
    Some(number / per_year)
}

pub(super) fn responsible_party(root: &Element, w: &mut Vec<Warning>) -> Option<ResponsibleParty> {
    let party = root.child("responsible_party")?;
    let field = "protocolSection.sponsorCollaboratorsModule.responsibleParty.type";
    Some(ResponsibleParty {
        kind: label(
            party.text_of("responsible_party_type"),
            ResponsiblePartyType::from_label,
            ResponsiblePartyType::Unlisted,
            field,
            w,
        ),
        investigator_full_name: party.text_of("investigator_full_name"),
        investigator_title: party.text_of("investigator_title"),
        investigator_affiliation: party.text_of("investigator_affiliation"),
        // Records before 2017 named the party in free text.
        old_name_title: party.text_of("name_title"),
        old_organization: party.text_of("organization"),
        ..ResponsibleParty::default()
    })
}

pub(super) fn contacts_locations(root: &Element, w: &mut Vec<Warning>) -> Option<ContactsLocationsModule> {
    let central_contacts = ["overall_contact", "overall_contact_backup"]
        .iter()
        .flat_map(|name| root.all(name))
        .map(|c| contact(c, Some(ContactRole::Contact)))
        .collect();
    let overall_officials = root
        .all("overall_official")
        .map(|o| Official {
            name: person_name(o),
            affiliation: o.text_of("affiliation"),
            role: label(
                o.text_of("role"),
                OfficialRole::from_label,
                OfficialRole::Unlisted,
                &format!("{CONTACTS}.overallOfficials.role"),
                w,
            ),
            ..Official::default()
        })
        .collect();
    let locations = root.all("location").map(|l| location(l, w)).collect();
    let mut module = ContactsLocationsModule { central_contacts, overall_officials, locations, ..Default::default() };
    // v2 derives countries from the sites; the list is kept for records whose
    // sites are not all listed.
    let countries: Vec<Value> = root
        .child("location_countries")
        .map(|c| c.all("country").filter_map(Element::inline).map(Value::String).collect())
        .unwrap_or_default();
    if !countries.is_empty() {
        module.extra.insert("locationCountries".into(), Value::Array(countries));
    }
    (module != ContactsLocationsModule::default()).then_some(module)
}

fn location(l: &Element, w: &mut Vec<Warning>) -> Location {
    let facility = l.child("facility");
    let address = facility.and_then(|f| f.child("address"));
    let part = |name: &str| address.and_then(|a| a.text_of(name));
    let mut contacts: Vec<Contact> = ["contact", "contact_backup"]
        .iter()
        .flat_map(|name| l.all(name))
        .map(|c| contact(c, Some(ContactRole::Contact)))
        .collect();
    for investigator in l.all("investigator") {
        let role = label(
            investigator.text_of("role"),
            ContactRole::from_label,
            ContactRole::Unlisted,
            &format!("{CONTACTS}.locations.contacts.role"),
            w,
        );
        contacts.push(contact(investigator, role));
    }
    Location {
        facility: facility.and_then(|f| f.text_of("name")),
        status: label(
            l.text_of("status"),
            RecruitmentStatus::from_label,
            RecruitmentStatus::Unlisted,
            &format!("{CONTACTS}.locations.status"),
            w,
        ),
        city: part("city"),
        state: part("state"),
        zip: part("zip"),
        country: part("country"),
        contacts,
        ..Location::default()
    }
}

fn contact(c: &Element, role: Option<ContactRole>) -> Contact {
    Contact {
        name: person_name(c),
        role,
        phone: c.text_of("phone"),
        phone_ext: c.text_of("phone_ext"),
        email: c.text_of("email"),
        ..Contact::default()
    }
}

/// CT.gov puts the whole name in `last_name`; older records split it and add degrees.
fn person_name(p: &Element) -> Option<String> {
    let parts: Vec<String> = ["first_name", "middle_name", "last_name"].iter().filter_map(|n| p.text_of(n)).collect();
    let name = parts.join(" ");
    match (name.is_empty(), p.text_of("degrees")) {
        (true, _) => None,
        (false, Some(degrees)) => Some(format!("{name}, {degrees}")),
        (false, None) => Some(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_groups_follow_the_limits() {
        use StandardAge::*;
        assert_eq!(std_ages(Some("18 Years"), None), [Adult, OlderAdult]);
        assert_eq!(std_ages(None, None), [Child, Adult, OlderAdult]);
        assert_eq!(std_ages(Some("3 Years"), Some("18 Years")), [Child, Adult]);
        assert_eq!(std_ages(Some("6 Months"), Some("17 Years")), [Child]);
        assert_eq!(std_ages(Some("65 Years"), None), [OlderAdult]);
        assert!(std_ages(Some("adults"), None).is_empty());
    }
}
