//! The WHO trial registration data set (TRDS) as TCTR and REPEC publish it, shared by
//! the XML (`<trials><trial><main>…`) and JSON (`{"main": {…}}`) readers.
//!
//! Both forms are read into the same small tree (`Node`), and one trial's tree is
//! mapped here. The data set's fields are the ones ICTRP exports under other names,
//! with the same free-text values ("Active, not recruiting", "18 Years", "Both"), so
//! the leaves are renamed to ICTRP's names and read by the ICTRP mapping; what the
//! data set says beyond ICTRP's flat fields (typed contacts, issuing authorities,
//! whether the enrolment date is anticipated, keywords, condition codes) is set here.

mod contacts;
mod node;

pub(crate) use node::Node;

use trialdex_model::*;

use super::ictrp::{RawTrial, to_study};

/// Leaves of `<main>` and `<criteria>` by their ICTRP names. A leaf not listed here
/// nor read below keeps its own name, and ICTRP's mapping keeps it in `registryFields`.
const RENAMED: &[(&str, &str)] = &[
    ("trial_id", "TrialID"),
    ("reg_name", "Source_Register"),
    ("date_registration", "Date_registration"),
    ("primary_sponsor", "Primary_sponsor"),
    ("public_title", "Public_title"),
    ("acronym", "Acronym"),
    ("scientific_title", "Scientific_title"),
    ("date_enrolment", "Date_enrollement"),
    ("target_size", "Target_size"),
    ("recruitment_status", "Recruitment_Status"),
    ("url", "web_address"),
    ("study_type", "Study_type"),
    ("study_design", "Study_design"),
    ("phase", "Phase"),
    ("hc_freetext", "Condition"),
    ("i_freetext", "Intervention"),
    ("inclusion_criteria", "Inclusion_Criteria"),
    ("exclusion_criteria", "Exclusion_Criteria"),
    ("agemin", "Inclusion_agemin"),
    ("agemax", "Inclusion_agemax"),
    ("gender", "Inclusion_gender"),
];

/// List parts: (part, leaf, ICTRP field the leaves are joined into with ";").
const LISTS: &[(&str, &str, &str)] = &[
    ("countries", "country2", "Countries"),
    ("primary_outcome", "prim_outcome", "Primary_outcome"),
    ("secondary_outcome", "sec_outcome", "Secondary_outcome"),
    ("secondary_sponsor", "sponsor_name", "Secondary_Sponsor"),
    ("source_support", "source_name", "Source_Support"),
];

/// Ethics review leaves by ICTRP's column names.
const ETHICS: &[(&str, &str)] = &[
    ("status", "Ethics_review_status"),
    ("approval_date", "Ethics_review_approval_date"),
    ("contact_name", "Ethics_review_contact_name"),
    ("contact_address", "Ethics_review_contact_address"),
    ("contact_phone", "Ethics_review_contact_phone"),
    ("contact_email", "Ethics_review_contact_email"),
];

/// Values the registries write where they have nothing ("N.A." titles and ids in REPEC).
fn is_placeholder(value: &str) -> bool {
    matches!(macros::fold_label(value).as_str(), "" | "na" | "none" | "nil")
}

/// What the data set says beyond ICTRP's fields, applied after ICTRP's mapping.
#[derive(Default)]
struct Beyond {
    enrolment_type: Option<String>,
    /// (id, issuing authority)
    authorities: Vec<(String, String)>,
    keywords: Vec<String>,
    condition_codes: Vec<String>,
    contacts: Vec<Contact>,
    registry_name: Option<String>,
    warnings: Vec<Warning>,
}

/// One `<trial>` (or JSON trial object) → one record.
pub(crate) fn trial_to_study(trial: &Node, format: SourceFormat) -> Result<Study, String> {
    let main = trial.child("main").ok_or("the trial has no <main> part: no id, title or status")?;
    if main.leaf("trial_id").is_none() {
        return Err("the trial's <main> part has no <trial_id>".to_owned());
    }
    let mut raw = RawTrial::default();
    let mut beyond = Beyond::default();
    for part in &trial.children {
        match part.name.as_str() {
            "main" | "criteria" => part.children.iter().for_each(|leaf| read_leaf(leaf, &mut raw, &mut beyond)),
            "contacts" => beyond.contacts.extend(part.all("contact").filter_map(contacts::contact)),
            "secondary_ids" => secondary_ids(part, &mut raw, &mut beyond),
            "health_condition_code" => beyond.condition_codes.extend(part.texts("hc_code")),
            // One keyword a line, as TCTR's XML writes them.
            "health_condition_keyword" => beyond.keywords.extend(lines(part.texts("hc_keyword"))),
            "intervention_keyword" => beyond.keywords.extend(lines(part.texts("i_keyword"))),
            "ethics_reviews" => {
                for review in part.all("ethics_review") {
                    for (leaf, column) in ETHICS {
                        raw.push(column, review.leaf(leaf).unwrap_or_default());
                    }
                }
            }
            name => match LISTS.iter().find(|(list, _, _)| *list == name) {
                Some((_, leaf, field)) => part.texts(leaf).into_iter().for_each(|v| raw.push(field, v)),
                // Anything else (intervention codes, results fields) under its own name.
                None => part.leaves().into_iter().for_each(|(leaf, value)| raw.push(&format!("{name}_{leaf}"), value)),
            },
        }
    }
    let mut study = to_study(raw, format)?;
    apply(&mut study, beyond);
    Ok(study)
}

fn read_leaf(leaf: &Node, raw: &mut RawTrial, beyond: &mut Beyond) {
    let Some(value) = leaf.value() else { return };
    match leaf.name.as_str() {
        "type_enrolment" => beyond.enrolment_type = Some(value),
        "utrn" if !is_placeholder(&value) => raw.push("Secondary_IDs", value),
        "public_title" | "scientific_title" if is_placeholder(&value) => beyond.warnings.push(Warning::new(
            "protocolSection.identificationModule",
            format!("<{}> is {value:?}, the registry's placeholder for none; left out", leaf.name),
        )),
        // 01/01/1900 is how REPEC writes an unknown date of first enrolment.
        "date_enrolment" if PartialDate::parse_day_first(&value).ok() == Some(PartialDate::day(1900, 1, 1)) => {
            beyond.warnings.push(Warning::new(
                "protocolSection.statusModule.startDateStruct",
                format!(
                    "date of first enrolment {value:?} is the registry's placeholder for an unknown date; left out"
                ),
            ))
        }
        // One condition a line, as TCTR writes them; REPEC starts each with a "-" bullet.
        "hc_freetext" => {
            let conditions: Vec<&str> = value.lines().map(|line| line.trim().trim_start_matches('-').trim()).collect();
            raw.push("Condition", conditions.join(";"))
        }
        "reg_name" => {
            beyond.registry_name = Some(value.clone());
            raw.push("Source_Register", value);
        }
        name => match RENAMED.iter().find(|(tag, _)| *tag == name) {
            Some((_, field)) => raw.push(field, value),
            None => raw.push(name, value),
        },
    }
}

/// `<secondary_id><sec_id>…<issuing_authority>…`: the id goes to ICTRP's list, the
/// authority to the id's `domain`. "N.A." ids are REPEC saying there is none.
fn secondary_ids(part: &Node, raw: &mut RawTrial, beyond: &mut Beyond) {
    for id in part.all("secondary_id") {
        let Some(number) = id.leaf("sec_id").filter(|n| !is_placeholder(n)) else { continue };
        if let Some(authority) = id.leaf("issuing_authority") {
            beyond.authorities.push((number.clone(), authority));
        }
        raw.push("Secondary_IDs", number);
    }
}

fn apply(study: &mut Study, beyond: Beyond) {
    let protocol = study.protocol_section.get_or_insert_with(Default::default);
    let identification = protocol.identification_module.get_or_insert_with(Default::default);
    for info in &mut identification.secondary_id_infos {
        let authority = beyond.authorities.iter().find(|(id, _)| Some(id) == info.id.as_ref());
        info.domain = authority.map(|(_, a)| a.clone());
    }
    let mut warnings = beyond.warnings;
    if let Some(text) = beyond.enrolment_type {
        match (DateType::from_label(&text), protocol.status_module.as_mut().and_then(|s| s.start_date_struct.as_mut()))
        {
            (Some(kind), Some(start)) => start.kind = Some(kind),
            _ => warnings.push(Warning::new(
                "protocolSection.statusModule.startDateStruct.type",
                format!("<type_enrolment> {text:?} is not read: no start date, or neither anticipated nor actual"),
            )),
        }
    }
    if !beyond.keywords.is_empty() {
        protocol.conditions_module.get_or_insert_with(Default::default).keywords = beyond.keywords;
    }
    if !beyond.contacts.is_empty() {
        let module = protocol.contacts_locations_module.get_or_insert_with(Default::default);
        module.central_contacts = beyond.contacts;
    }
    if let Some(outcomes) = protocol.outcomes_module.as_mut() {
        let all = outcomes.primary_outcomes.iter_mut().chain(&mut outcomes.secondary_outcomes);
        all.for_each(split_time_frame);
    }
    let section = study.registry_section.get_or_insert_with(Default::default);
    if let Some(name) = &beyond.registry_name {
        let named = Registry::from_key(&name.trim().to_ascii_lowercase());
        if named.is_some() && named != section.registry {
            warnings.push(Warning::new(
                "registrySection.registry",
                format!("<reg_name> {name:?} names another registry than the trial id; the trial id's is kept"),
            ));
        }
    }
    if !beyond.condition_codes.is_empty() {
        section.registry_fields.get_or_insert_with(Default::default).target_disease_code =
            Some(beyond.condition_codes.join("; "));
    }
    section.warnings.extend(warnings);
}

fn lines(values: Vec<String>) -> Vec<String> {
    values.iter().flat_map(|v| v.lines()).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// TCTR writes an outcome as "Measure [Timeframe when and how]".
fn split_time_frame(outcome: &mut Outcome) {
    let Some(text) = outcome.measure.clone() else { return };
    let Some((measure, rest)) = text.split_once(" [Timeframe") else { return };
    let Some(time_frame) = rest.trim().strip_suffix(']') else { return };
    if !measure.trim().is_empty() {
        outcome.measure = Some(measure.trim().to_owned());
        outcome.time_frame = Some(time_frame.trim().to_owned()).filter(|t| !t.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_frames_come_out_of_measures() {
        let mut outcome = Outcome { measure: Some("FVC [Timeframe 3 months Spirometry]".into()), ..Default::default() };
        split_time_frame(&mut outcome);
        assert_eq!(outcome.measure.as_deref(), Some("FVC"));
        assert_eq!(outcome.time_frame.as_deref(), Some("3 months Spirometry"));
        let mut plain = Outcome { measure: Some("Pain [VAS]".into()), ..Default::default() };
        split_time_frame(&mut plain);
        assert_eq!(plain.measure.as_deref(), Some("Pain [VAS]"));
    }
}
