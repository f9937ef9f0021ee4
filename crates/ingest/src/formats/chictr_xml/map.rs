//! One `<Triall>` → `chictr::Record` through a tag → `Field` table, plus what has no
//! `Field` mapped straight into the model: the page URL, countries, funding sources,
//! ethics reviews, keywords and the date of first enrolment.

use trialdex_model::{
    DateStruct, EthicsApproval, PartialDate, Period, RegistryFields, Study, Warning, macros::fold_label,
};

use crate::formats::chictr::fields::{Field, Field::*, Side};
use crate::formats::chictr::record::Record;
use crate::formats::chictr::values::is_placeholder;
use crate::formats::chictr::writer::Writer;
use crate::formats::ctgov_xml::tree::Element;
use crate::text::non_empty;

/// Leaf elements of `<main>` and `<criteria>` that are a field of the detail page.
const FIELDS: &[(&str, Field)] = &[
    ("trial_id", RegistrationNumber),
    ("date_registration", RegistrationDate),
    ("primary_sponsor", PrimarySponsor),
    ("public_title", PublicTitle),
    ("acronym", Acronym),
    ("scientific_title", ScientificTitle),
    ("recruitment_status", RecruitingStatus),
    ("study_type", StudyType),
    ("study_design", StudyDesign),
    ("phase", StudyPhase),
    ("hc_freetext", TargetDisease),
    ("results_IPD_plan", IpdSharing),
    ("results_IPD_description", IpdSharingMethod),
    ("inclusion_criteria", InclusionCriteria),
    ("exclusion_criteria", ExclusionCriteria),
    ("gender", Sex),
];

/// Elements read below, or read by `direct`; anything else with a value is warned about.
const READ_ELSEWHERE: &[&str] =
    &["url", "date_enrolment", "target_size", "i_freetext", "agemin", "agemax", "reg_name", "UTRN", "utrn"];

/// A contact's parts: (tag, field when the contact is the applicant, when the study leader).
const CONTACT: &[(&str, Field, Field)] = &[
    ("telephone", ApplicantPhone, LeaderPhone),
    ("email", ApplicantEmail, LeaderEmail),
    ("address", ApplicantAddress, LeaderAddress),
    ("zip", ApplicantPostcode, LeaderPostcode),
    ("affiliation", ApplicantInstitution, LeaderInstitution),
];

/// `tag` or `tag_cn`: the tag and the language its value is in.
fn side_of(name: &str) -> (&str, Side) {
    match name.strip_suffix("_cn") {
        Some(tag) => (tag, Side::Zh),
        None => (name, Side::En),
    }
}

fn write(writer: &mut Writer, field: Field, side: Side, value: &str) {
    writer.label((field, side));
    value.lines().for_each(|line| writer.line(line));
}

/// The `Record` of one `<Triall>`: main fields, criteria, contacts, groups, outcomes,
/// secondary sponsors and ids. Empty elements stay empty.
pub fn record(triall: &Element) -> Record {
    let mut writer = Writer::default();
    let main = triall.child("main");
    let criteria = triall.child("criteria");
    for part in [main, criteria].into_iter().flatten() {
        for element in &part.children {
            let (tag, side) = side_of(&element.name);
            let Some(&(_, field)) = FIELDS.iter().find(|(t, _)| *t == tag) else { continue };
            if !element.text.trim().is_empty() {
                write(&mut writer, field, side, &element.text);
            }
        }
    }
    if let Some(ages) = criteria.and_then(ages) {
        write(&mut writer, ParticipantAge, Side::En, &ages);
    }
    if let Some(date) = main.and_then(|m| m.text_of("date_enrolment")) {
        write(&mut writer, RecruitingTime, Side::En, &format!("From {date}"));
    }
    let codes = leaves(triall, "health_condition_code", "hc_code");
    if !codes.is_empty() {
        write(&mut writer, TargetDiseaseCode, Side::En, &codes.join("; "));
    }
    let ids: Vec<String> = triall
        .child("secondary_ids")
        .into_iter()
        .flat_map(|ids| ids.all("secondary_id"))
        .filter_map(|id| {
            let number = id.text_of("sec_id")?;
            Some(match id.text_of("issuing_authority") {
                Some(authority) => format!("{number} ({authority})"),
                None => number,
            })
        })
        .collect();
    if !ids.is_empty() {
        write(&mut writer, PartnerRegistryNumber, Side::En, &ids.join("; "));
    }
    contacts(triall, &mut writer);
    groups(triall, main, &mut writer);
    outcomes(triall, &mut writer);
    let sponsors = leaves(triall, "secondary_sponsor", "sponsor_name");
    if !sponsors.is_empty() {
        writer.label((SecondarySponsors, Side::En));
        sponsors.iter().for_each(|name| write(&mut writer, Institution, Side::En, name));
    }
    writer.finish()
}

/// The values of `<part><leaf>…</leaf>…</part>`, blank ones left out.
fn leaves(triall: &Element, part: &str, leaf: &str) -> Vec<String> {
    triall.all(part).flat_map(|p| p.all(leaf)).filter_map(Element::inline).collect()
}

/// "Min age 18 years Max age 60 years" as the page writes it. ChiCTR asks for ages in
/// years (its page prints "岁 years" after the number), so a bare number is in years.
fn ages(criteria: &Element) -> Option<String> {
    let with_unit = |age: String| match age.chars().all(|c| c.is_ascii_digit()) {
        true => format!("{age} years"),
        false => age,
    };
    let min = criteria.text_of("agemin").map(with_unit);
    let max = criteria.text_of("agemax").map(with_unit);
    let text: Vec<String> = [("Min age", min), ("Max age", max)]
        .into_iter()
        .filter_map(|(label, age)| age.map(|a| format!("{label} {a}")))
        .collect();
    (!text.is_empty()).then(|| text.join("\n"))
}

/// ChiCTR exports the applicant as the "Public" contact and the study leader as the
/// "Scientific" one; the first of each is read.
fn contacts(triall: &Element, writer: &mut Writer) {
    let mut seen: Vec<String> = Vec::new();
    for contact in triall.child("contacts").into_iter().flat_map(|c| c.all("contact")) {
        let kind = contact.text_of("type").unwrap_or_default();
        let applicant = match fold_label(&kind).as_str() {
            "public" => true,
            "scientific" => false,
            _ => continue,
        };
        let name_field = if applicant { ApplicantName } else { LeaderName };
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        for side in [Side::En, Side::Zh] {
            let suffix = if side == Side::Zh { "_cn" } else { "" };
            let name: Vec<String> = ["firstname", "middlename", "lastname"]
                .iter()
                .filter_map(|part| contact.text_of(&format!("{part}{suffix}")))
                .collect();
            if !name.is_empty() {
                write(writer, name_field, side, &name.join(" "));
            }
            for entry in CONTACT {
                if let Some(value) = contact.text_of(&format!("{}{suffix}", entry.0)) {
                    write(writer, if applicant { entry.1 } else { entry.2 }, side, &value);
                }
            }
        }
    }
}

/// Groups from `<target_size>` ("group:size;…"), `<i_freetext>` ("group:intervention;…")
/// and `<intervention_code>` (one code per group, in order), joined by group label.
fn groups(triall: &Element, main: Option<&Element>, writer: &mut Writer) {
    let pairs = |tag: &str| -> Vec<(String, String)> {
        let text = main.and_then(|m| m.text_of(tag)).unwrap_or_default();
        text.split(';')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| match entry.rsplit_once(':') {
                Some((label, value)) if tag == "target_size" => (label.trim().to_owned(), value.trim().to_owned()),
                _ => match entry.split_once(':') {
                    Some((label, value)) => (label.trim().to_owned(), value.trim().to_owned()),
                    None => (String::new(), entry.to_owned()),
                },
            })
            .collect()
    };
    let sizes = pairs("target_size");
    let interventions = pairs("i_freetext");
    let mut labels: Vec<String> = sizes.iter().map(|(l, _)| l.clone()).collect();
    labels.extend(interventions.iter().map(|(l, _)| l.clone()).filter(|l| !sizes.iter().any(|(s, _)| s == l)));
    let codes: Vec<String> = leaves(triall, "intervention_code", "i_code")
        .iter()
        .flat_map(|c| c.split(';').map(|s| s.trim().to_owned()).collect::<Vec<_>>())
        .collect();
    if labels.is_empty() {
        return;
    }
    writer.label((Interventions, Side::En));
    for (i, label) in labels.iter().enumerate() {
        let value = |list: &[(String, String)]| list.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone());
        if !label.is_empty() {
            write(writer, Group, Side::En, label);
        } else {
            writer.label((Group, Side::En));
        }
        if let Some(size) = value(&sizes) {
            write(writer, SampleSize, Side::En, &size);
        }
        // "N/A" is how the export says a group has no intervention.
        if let Some(intervention) = value(&interventions).filter(|v| !is_placeholder(v) && v != "N/A") {
            write(writer, Intervention, Side::En, &intervention);
        }
        if let Some(code) = codes.get(i).filter(|c| !is_placeholder(c)) {
            write(writer, InterventionCode, Side::En, code);
        }
    }
}

/// Each `<prim_outcome>` / `<sec_outcome>` holds outcomes separated by ";"; the element
/// says the type, kept as the type's wording.
fn outcomes(triall: &Element, writer: &mut Writer) {
    let mut opened = false;
    for (part, leaf) in [("primary_outcome", "prim_outcome"), ("secondary_outcome", "sec_outcome")] {
        for text in leaves(triall, part, leaf) {
            for measure in text.split(';').map(str::trim).filter(|m| !m.is_empty()) {
                if !opened {
                    writer.label((Outcomes, Side::En));
                    opened = true;
                }
                write(writer, OutcomeName, Side::En, measure);
                write(writer, OutcomeType, Side::En, part);
            }
        }
    }
}

/// What has no field on the detail page: set on the built study.
pub fn direct(triall: &Element, study: &mut Study) {
    let main = triall.child("main");
    let mut warnings: Vec<Warning> = Vec::new();
    let section = study.registry_section.get_or_insert_with(Default::default);
    section.source_url = main.and_then(|m| m.text_of("url"));
    let fields = section.registry_fields.get_or_insert_with(RegistryFields::default);
    fields.countries = leaves(triall, "countries", "country2");
    fields.funding_sources = leaves(triall, "source_support", "source_name");
    let original = section.original_language.get_or_insert_with(Default::default);
    original.funding_sources = leaves(triall, "source_support", "source_name_cn");
    for (i, review) in triall.child("ethics_reviews").into_iter().flat_map(|e| e.all("ethics_review")).enumerate() {
        let status = review.text_of("status");
        let approved = status.as_deref().map(fold_label).and_then(|s| match s.as_str() {
            "approved" | "yes" => Some(true),
            "notapproved" | "no" | "rejected" => Some(false),
            _ => None,
        });
        let path = format!("registrySection.registryFields.ethicsApprovals[{i}]");
        if let (None, Some(text)) = (approved, &status) {
            warnings.push(Warning::new(
                format!("{path}.approved"),
                format!("ethics status {text:?} is neither approved nor not approved"),
            ));
        }
        let date_text = review.text_of("approval_date");
        let approval_date = date_text.as_deref().and_then(|d| PartialDate::parse(d).ok());
        if let (None, Some(text)) = (approval_date, &date_text) {
            warnings.push(Warning::new(format!("{path}.approvalDate"), format!("{text:?} is not a date")));
        }
        let approval = EthicsApproval {
            approved,
            approval_date,
            contact_name: review.text_of("contact_name"),
            contact_address: review.text_of("contact_address"),
            contact_phone: review.text_of("contact_phone"),
            contact_email: review.text_of("contact_email"),
            ..Default::default()
        };
        if approval != EthicsApproval::default() {
            fields.ethics_approvals.push(approval);
        }
    }
    let recruiting_start = fields.recruiting_time.as_ref().and_then(|p: &Period| p.start);
    let keywords: Vec<String> = [("health_condition_keyword", "hc_keyword"), ("intervention_keyword", "i_keyword")]
        .iter()
        .flat_map(|(part, leaf)| leaves(triall, part, leaf))
        .collect();
    warnings.extend(unread(triall));
    let protocol = study.protocol_section.get_or_insert_with(Default::default);
    if !keywords.is_empty() {
        protocol.conditions_module.get_or_insert_with(Default::default).keywords = keywords;
    }
    // The export's "date of first enrolment" is CT.gov's start date (the first participant
    // enrolled); like the page's dates it does not say whether it is actual or planned.
    if let Some(date) = recruiting_start {
        let status = protocol.status_module.get_or_insert_with(Default::default);
        if status.start_date_struct.is_none() {
            status.start_date_struct = Some(DateStruct { date: Some(date), ..Default::default() });
        }
    }
    let has_start = protocol.status_module.as_ref().is_some_and(|s| s.start_date_struct.is_some());
    let section = study.registry_section.get_or_insert_with(Default::default);
    if has_start {
        section.warnings.retain(|w| w.field.as_deref() != Some("protocolSection.statusModule.startDateStruct"));
    }
    // The builder speaks of "the page"; here it is the export.
    for warning in &mut section.warnings {
        if let Some(message) = &mut warning.message {
            *message = message.replace("the page", "the export");
        }
    }
    section.warnings.extend(warnings);
}

/// Elements with a value that nothing above reads: warned about, so that nothing the
/// export holds is dropped unseen.
fn unread(triall: &Element) -> Vec<Warning> {
    let read_parts: &[(&str, &[&str])] = &[
        ("contacts", &["contact"]),
        ("countries", &["country2"]),
        ("health_condition_code", &["hc_code"]),
        ("health_condition_keyword", &["hc_keyword"]),
        ("intervention_code", &["i_code"]),
        ("intervention_keyword", &["i_keyword"]),
        ("primary_outcome", &["prim_outcome"]),
        ("secondary_outcome", &["sec_outcome"]),
        ("secondary_sponsor", &["sponsor_name", "sponsor_name_cn"]),
        ("secondary_ids", &["secondary_id"]),
        ("source_support", &["source_name", "source_name_cn"]),
        ("ethics_reviews", &["ethics_review"]),
    ];
    let is_read = |part: &str, tag: &str| -> bool {
        let (bare, _) = side_of(tag);
        match part {
            "main" | "criteria" => FIELDS.iter().any(|(t, _)| *t == bare) || READ_ELSEWHERE.contains(&bare),
            _ => read_parts.iter().any(|(p, tags)| *p == part && tags.contains(&tag)),
        }
    };
    let mut out = Vec::new();
    for part in &triall.children {
        let known_part =
            matches!(part.name.as_str(), "main" | "criteria") || read_parts.iter().any(|(p, _)| *p == part.name);
        if !known_part {
            if has_value(part) {
                out.push(not_read(&part.name, part));
            }
            continue;
        }
        for element in &part.children {
            if !is_read(&part.name, &element.name) && has_value(element) {
                out.push(not_read(&format!("{}/{}", part.name, element.name), element));
            }
        }
    }
    out
}

fn has_value(element: &Element) -> bool {
    let mut pending = vec![element];
    while let Some(e) = pending.pop() {
        if !e.text.trim().is_empty() {
            return true;
        }
        pending.extend(&e.children);
    }
    false
}

fn not_read(path: &str, element: &Element) -> Warning {
    let text = non_empty(&element.text).unwrap_or_default();
    let shown: String = text.chars().take(80).collect();
    Warning::new("registrySection", format!("the export's <{path}> is not read by trialdex (value {shown:?})"))
}
