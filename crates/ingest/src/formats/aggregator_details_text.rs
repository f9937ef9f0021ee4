//! A third-party "Clinical Trial Details" page that re-renders a CT.gov record, copied
//! as text (seed 003).
//!
//! The page is a run of headed sections ("Administrative data", "Outcome", …). Inside
//! them, fields are "Label value" lines, and tables lost their column breaks: a location
//! row reads "China Peking University Third Hospital Beijing Beijing", an outcome row
//! "Primary ALSFRS-R score Changes in … week 0,week 24 and week 48". Columns are told
//! apart only where the page itself gives the pieces (the country list, the sponsor and
//! source names) or by wording, with a warning. The closing "See also" list names
//! *other* trials: only their ids are kept, in registryFields.relatedTrials.

use trialdex_model::macros::fold_label;
use trialdex_model::{
    Contact, ContactRole, DateType, DesignAllocation, EnrollmentInfo, Intervention,
    InterventionalAssignment, Location, Organization, OrgStudyIdInfo, Outcome, Phase,
    PrimaryPurpose, Registry, SecondaryIdInfo, Sex, SourceFormat, Sponsor, Status, Study,
    StudyType, Warning, ids,
};

use super::page_text::*;
use crate::text::{non_empty, non_empty_block};
use crate::{Diagnostic, Parsed, decode::decode};

/// The page's section headings, in its order.
const HEADINGS: [&str; 13] = [
    "Administrative data",
    "Study information",
    "Clinical Trial Summary",
    "Description:",
    "Recruitment information / eligibility",
    "Study Design",
    "Related Conditions & MeSH terms",
    "Intervention",
    "Locations",
    "Sponsors",
    "Country where clinical trial is conducted",
    "Outcome",
    "See also",
];

/// The field labels of the "Label value" sections. A label may carry "Est." before it.
const LABELS: [&str; 23] = [
    "NCT number",
    "Other study ID #",
    "Secondary ID",
    "Status",
    "Phase",
    "First received",
    "Last updated",
    "Start date",
    "Completion date",
    "Primary completion date",
    "Verified date",
    "Source",
    "Contact",
    "Phone",
    "Email",
    "Is FDA regulated",
    "Health authority",
    "Study type",
    "Enrollment",
    "Accepts healthy volunteers",
    "Gender",
    "Age group",
    "Eligibility",
];

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let lines = page_lines(&text);
    match read(&lines) {
        Ok(study) => parsed.records.push(study),
        Err(message) => parsed.diagnostics.push(Diagnostic::error(message)),
    }
    parsed
}

/// A "Label value" line: the label as listed, what "Est."/"Actual" before it says, and the value.
struct Field<'a> {
    label: &'static str,
    kind: Option<DateType>,
    value: &'a str,
}

struct Page<'a> {
    sections: Vec<(&'static str, Vec<&'a str>)>,
    fields: Vec<Field<'a>>,
    warnings: Vec<Warning>,
}

fn read(lines: &[&str]) -> Result<Study, String> {
    let page = Page::new(lines);
    if page.value("NCT number").is_none() {
        let first = lines.iter().find(|l| !l.is_empty()).unwrap_or(&"");
        let first: String = first.chars().take(80).collect();
        return Err(format!("expected a \"Clinical Trial Details\" page with an \"NCT number\" line, found text starting {first:?}"));
    }
    let mut page = page;
    let mut study = Study::default();
    page.identification(&mut study);
    page.status(&mut study);
    page.sponsors_and_contacts(&mut study);
    page.description_and_design(&mut study);
    page.eligibility(&mut study);
    page.interventions(&mut study);
    page.locations(&mut study);
    page.outcomes(&mut study);
    let related: Vec<String> = page
        .section("See also")
        .iter()
        .flat_map(|l| ids::find_ids(l))
        .filter(|id| id.registry == Registry::Ctgov)
        .map(|id| id.id)
        .collect();
    if !related.is_empty() {
        module(&mut module(&mut study.registry_section).registry_fields).related_trials = related;
    }
    Ok(complete(study, page.warnings, SourceFormat::AggregatorDetailsText))
}

impl<'a> Page<'a> {
    fn new(lines: &[&'a str]) -> Self {
        let mut sections: Vec<(&'static str, Vec<&'a str>)> = vec![("", Vec::new())];
        for line in lines {
            match heading(line) {
                Some(h) => sections.push((h, Vec::new())),
                None if !line.is_empty() => {
                    if let Some(section) = sections.last_mut() {
                        section.1.push(line);
                    }
                }
                None => {}
            }
        }
        let mut fields = Vec::new();
        for (heading, lines) in &sections {
            if matches!(*heading, "Administrative data" | "Study information" | "Recruitment information / eligibility") {
                fields.extend(lines.iter().filter_map(|l| field(l)));
            }
        }
        Page { sections, fields, warnings: Vec::new() }
    }

    fn section(&self, heading: &str) -> &[&'a str] {
        self.sections.iter().find(|s| s.0 == heading).map_or(&[], |s| &s.1)
    }

    fn field(&self, label: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.label == label && !f.value.is_empty())
    }

    fn value(&self, label: &str) -> Option<String> {
        self.field(label).and_then(|f| non_empty(f.value))
    }

    fn identification(&mut self, study: &mut Study) {
        let m = module(&mut module(&mut study.protocol_section).identification_module);
        m.nct_id = self.value("NCT number");
        m.org_study_id_info = self.value("Other study ID #").map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() });
        m.secondary_id_infos = self.value("Secondary ID").map(|id| SecondaryIdInfo { id: Some(id), ..Default::default() }).into_iter().collect();
        // "Source" is the organization that registered the record (legacy XML `source`).
        m.organization = self.value("Source").map(|name| Organization { full_name: Some(name), ..Default::default() });
    }

    fn status(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        // The page title repeats the status: "Clinical Trial Details — Status: Recruiting".
        let titled = self.section("").iter().find_map(|l| l.split_once("Status:").map(|(_, s)| s.trim().to_owned()));
        let status = self.value("Status").or(titled);
        let dated = |label: &str, field: &str, w: &mut Vec<Warning>| {
            let f = self.field(label)?;
            date_struct(f.value, f.kind.clone(), field, w)
        };
        let protocol = module(&mut study.protocol_section);
        let mut m = protocol.status_module.take().unwrap_or_default();
        m.overall_status = status.and_then(|s| mapped(&s, Status::from_label, Status::Unlisted, "protocolSection.statusModule.overallStatus", w));
        m.start_date_struct = dated("Start date", "protocolSection.statusModule.startDateStruct", w);
        m.primary_completion_date_struct = dated("Primary completion date", "protocolSection.statusModule.primaryCompletionDateStruct", w);
        m.completion_date_struct = dated("Completion date", "protocolSection.statusModule.completionDateStruct", w);
        m.status_verified_date = self.value("Verified date").and_then(|v| partial_date(&v, "protocolSection.statusModule.statusVerifiedDate", w));
        m.study_first_submit_date = self.value("First received").and_then(|v| partial_date(&v, "protocolSection.statusModule.studyFirstSubmitDate", w));
        m.last_update_submit_date = self.value("Last updated").and_then(|v| partial_date(&v, "protocolSection.statusModule.lastUpdateSubmitDate", w));
        put(&mut protocol.status_module, m);
        self.warnings.append(w);
    }

    /// "Sponsors (N)" lists lead sponsor and collaborators in two columns the copy ran
    /// together; a row per sponsor is read as such, anything else is kept as shown.
    fn sponsors_and_contacts(&mut self, study: &mut Study) {
        let heading = self.sections.iter().find(|s| s.0 == "Sponsors");
        let rows: Vec<&str> = heading.map(|s| s.1.iter().copied().filter(|l| fold_label(l) != "leadsponsorcollaborator").collect()).unwrap_or_default();
        let protocol = module(&mut study.protocol_section);
        if let Some((lead, collaborators)) = rows.split_first() {
            let m = module(&mut protocol.sponsor_collaborators_module);
            m.lead_sponsor = non_empty(lead).map(|name| Sponsor { name: Some(name), ..Default::default() });
            m.collaborators = collaborators.iter().filter_map(|c| non_empty(c)).map(|name| Sponsor { name: Some(name), ..Default::default() }).collect();
        }
        let contact = Contact {
            name: self.value("Contact"),
            phone: self.value("Phone"),
            email: self.value("Email"),
            ..Default::default()
        };
        if contact != Contact::default() {
            let contact = Contact { role: Some(ContactRole::Contact), ..contact };
            module(&mut protocol.contacts_locations_module).central_contacts.push(contact);
        }
        // One flag for drug and device: "No" says neither is FDA-regulated; "Yes" does not say which.
        match self.value("Is FDA regulated").as_deref().and_then(yes_no) {
            Some(false) => {
                let m = module(&mut protocol.oversight_module);
                (m.is_fda_regulated_drug, m.is_fda_regulated_device) = (Some(false), Some(false));
            }
            Some(true) => {
                let fields = module(&mut module(&mut study.registry_section).registry_fields);
                fields.extra.insert("isFdaRegulated".into(), true.into());
            }
            None => {}
        }
        if let Some(authority) = self.value("Health authority") {
            let fields = module(&mut module(&mut study.registry_section).registry_fields);
            fields.extra.insert("healthAuthority".into(), authority.into());
        }
    }

    fn description_and_design(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let brief = non_empty_block(&self.section("Clinical Trial Summary").join("\n"));
        let detailed = non_empty_block(&self.section("Description:").join("\n"));
        let protocol = module(&mut study.protocol_section);
        if brief.is_some() || detailed.is_some() {
            let m = module(&mut protocol.description_module);
            (m.brief_summary, m.detailed_description) = (brief, detailed);
        }
        let mut d = protocol.design_module.take().unwrap_or_default();
        d.study_type = self.value("Study type").and_then(|v| mapped(&v, StudyType::from_label, StudyType::Unlisted, "protocolSection.designModule.studyType", w));
        if let Some(phase) = self.value("Phase") {
            d.phases = Phase::parse_labels(&phase);
            if d.phases.is_empty() {
                w.push(Warning::new("protocolSection.designModule.phases", format!("{phase:?} names no phase CT.gov knows; kept in registryFields.studyPhaseText")));
                module(&mut module(&mut study.registry_section).registry_fields).study_phase_text = Some(phase);
            }
        }
        if let Some(field) = self.field("Enrollment") {
            let count = leading_count(field.value);
            let kind = field.kind.as_ref().map(|k| match k {
                DateType::Actual => trialdex_model::EnrollmentType::Actual,
                _ => trialdex_model::EnrollmentType::Estimated,
            });
            if count.is_none() {
                w.push(Warning::new("protocolSection.designModule.enrollmentInfo.count", format!("{:?} is no participant count", field.value)));
            }
            d.enrollment_info = Some(EnrollmentInfo { count, kind, ..Default::default() });
        }
        let design = self.section("Study Design").join("\n");
        d.design_info = None;
        if design.is_empty() {
            w.push(Warning::new("protocolSection.designModule.designInfo", "the page's \"Study Design\" section is empty"));
        } else {
            let mut info = trialdex_model::DesignInfo::default();
            let part = |key: &str| design_part(&design, key);
            let field = |name: &str| format!("protocolSection.designModule.designInfo.{name}");
            info.allocation = part("Allocation").and_then(|v| mapped(&v, DesignAllocation::from_label, DesignAllocation::Unlisted, &field("allocation"), w));
            info.intervention_model = part("Intervention Model").and_then(|v| {
                mapped(&v, InterventionalAssignment::from_label, InterventionalAssignment::Unlisted, &field("interventionModel"), w)
            });
            info.masking_info = part("Masking").and_then(|v| masking(&v, &field("maskingInfo.masking"), w));
            info.primary_purpose = part("Primary Purpose").and_then(|v| mapped(&v, PrimaryPurpose::from_label, PrimaryPurpose::Unlisted, &field("primaryPurpose"), w));
            put(&mut d.design_info, info);
            module(&mut module(&mut study.registry_section).registry_fields).study_design_text = non_empty(&design);
        }
        put(&mut protocol.design_module, d);
        let conditions: Vec<String> = self.section("Related Conditions & MeSH terms").iter().filter_map(|l| non_empty(l)).collect();
        if conditions.is_empty() {
            w.push(Warning::new("protocolSection.conditionsModule.conditions", "the page's \"Related Conditions & MeSH terms\" section is empty"));
        } else {
            module(&mut protocol.conditions_module).conditions = conditions;
        }
        self.warnings.append(w);
    }

    fn eligibility(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let mut m = trialdex_model::EligibilityModule {
            eligibility_criteria: self.value("Eligibility"),
            healthy_volunteers: self.value("Accepts healthy volunteers").as_deref().and_then(yes_no),
            sex: self.value("Gender").and_then(|v| mapped(&v, Sex::from_label, Sex::Unlisted, "protocolSection.eligibilityModule.sex", w)),
            ..Default::default()
        };
        if let Some(text) = self.value("Age group") {
            match ages(&text) {
                Some(a) => (m.minimum_age, m.maximum_age, m.std_ages) = (a.minimum, a.maximum, a.standard),
                None => w.push(Warning::new("protocolSection.eligibilityModule.minimumAge", format!("{text:?} could not be read as ages"))),
            }
        }
        put(&mut module(&mut study.protocol_section).eligibility_module, m);
        self.warnings.append(w);
    }

    /// "Drug:" on one line, the name on the next, then the description.
    fn interventions(&mut self, study: &mut Study) {
        let text = self.section("Intervention").join("\n");
        let items = typed_items(&text);
        let mut list = Vec::new();
        for (i, (_, name_start, kind, _)) in items.iter().enumerate() {
            let end = items.get(i + 1).map_or(text.len(), |next| next.0);
            let item = text[*name_start..end].trim();
            let (name, description) = item.split_once('\n').unwrap_or((item, ""));
            list.push(Intervention {
                kind: Some(kind.clone()),
                name: non_empty(name),
                description: non_empty_block(description),
                ..Default::default()
            });
        }
        if !list.is_empty() {
            module(&mut module(&mut study.protocol_section).arms_interventions_module).interventions = list;
        }
    }

    /// "Country Name City State" rows with their columns run together. The country comes
    /// from the page's country list, the facility from the names the page gives elsewhere
    /// (source, sponsors); what is left is the city and state.
    fn locations(&mut self, study: &mut Study) {
        let countries: Vec<String> = self
            .section("Country where clinical trial is conducted")
            .iter()
            .flat_map(|l| l.split(','))
            .filter_map(non_empty)
            .collect();
        let protocol = module(&mut study.protocol_section);
        let mut names: Vec<String> = self.value("Source").into_iter().collect();
        if let Some(m) = &protocol.sponsor_collaborators_module {
            names.extend(m.lead_sponsor.iter().chain(&m.collaborators).filter_map(|s| s.name.clone()));
        }
        let mut locations = Vec::new();
        let rows: Vec<&str> = self.section("Locations").to_vec();
        for row in rows.into_iter().filter(|l| fold_label(l) != "countrynamecitystate") {
            let country = countries.iter().filter(|c| row.starts_with(&format!("{c} "))).max_by_key(|c| c.len());
            let rest = country.map_or(row, |c| row[c.len()..].trim());
            let mut site = Location { country: country.cloned(), ..Default::default() };
            match names.iter().filter(|n| rest.starts_with(n.as_str())).max_by_key(|n| n.len()) {
                Some(name) => {
                    site.facility = Some(name.clone());
                    let place: Vec<&str> = rest[name.len()..].split_whitespace().collect();
                    match place.as_slice() {
                        [] => {}
                        [city] => site.city = Some((*city).to_owned()),
                        [city, state] => (site.city, site.state) = (Some((*city).to_owned()), Some((*state).to_owned())),
                        _ => {
                            site.city = Some(place.join(" "));
                            self.warnings.push(Warning::new("protocolSection.contactsLocationsModule.locations.city", "the page runs city and state together; kept as one"));
                        }
                    }
                }
                None => {
                    site.facility = non_empty(rest);
                    self.warnings.push(Warning::new(
                        "protocolSection.contactsLocationsModule.locations.facility",
                        "the page runs facility, city and state together; kept as one",
                    ));
                }
            }
            locations.push(site);
        }
        if !locations.is_empty() {
            module(&mut protocol.contacts_locations_module).locations = locations;
        }
        if !countries.is_empty() {
            let fields = module(&mut module(&mut study.registry_section).registry_fields);
            fields.extra.insert("countries".into(), countries.into());
        }
    }

    /// "Type Measure Description Time frame Safety issue" rows with their columns run
    /// together. The type is the first word; the time frame is the closing run of time
    /// words ("week 0,week 24 and week 48"); the description starts at the first
    /// sentence-like word ("Changes in …"). That is wording, not structure: warned.
    fn outcomes(&mut self, study: &mut Study) {
        let mut m = trialdex_model::OutcomesModule::default();
        for row in self.section("Outcome") {
            let Some((kind, body)) = row.split_once(' ') else { continue };
            let list = match fold_label(kind).as_str() {
                "primary" => &mut m.primary_outcomes,
                "secondary" => &mut m.secondary_outcomes,
                "other" => &mut m.other_outcomes,
                _ => continue,
            };
            let (rest, time_frame) = split_time_frame(body);
            let (measure, description) = split_description(rest);
            list.push(Outcome { measure: non_empty(measure), description: non_empty(description), time_frame: time_frame.and_then(non_empty), ..Default::default() });
        }
        if m != Default::default() {
            self.warnings.push(Warning::new(
                "protocolSection.outcomesModule",
                "the page's outcome table lost its column breaks; measure, description and time frame were told apart by wording",
            ));
        }
        put(&mut module(&mut study.protocol_section).outcomes_module, m);
    }
}

fn heading(line: &str) -> Option<&'static str> {
    if line.starts_with("Sponsors") && (line == "Sponsors" || line[8..].trim().starts_with('(')) {
        return Some("Sponsors");
    }
    HEADINGS.into_iter().find(|h| *h == line)
}

fn field(line: &str) -> Option<Field<'_>> {
    let first = line.split(' ').next().unwrap_or("");
    let kind = date_kind(first);
    let rest = if kind.is_some() { line[first.len()..].trim_start() } else { line };
    let lower = rest.to_ascii_lowercase();
    let label = LABELS
        .into_iter()
        .filter(|l| lower.starts_with(&l.to_ascii_lowercase()) && rest[l.len()..].chars().next().is_none_or(char::is_whitespace))
        .max_by_key(|l| l.len())?;
    Some(Field { label, kind, value: rest[label.len()..].trim() })
}

/// "Allocation: Randomized, Intervention Model: Parallel Assignment, …" → the value of `key`.
fn design_part(text: &str, key: &str) -> Option<String> {
    let (_, after) = split_ci(text, &format!("{key}:"))?;
    let keys = ["Allocation:", "Intervention Model:", "Masking:", "Primary Purpose:", "Observational Model:", "Time Perspective:"];
    let end = keys.iter().filter_map(|k| split_ci(after, k).map(|(before, _)| before.len())).min().unwrap_or(after.len());
    non_empty(after[..end].trim_end().trim_end_matches(','))
}

/// Words a time frame is made of: numbers, units, and the few words joining them.
fn is_time_word(word: &str) -> bool {
    const WORDS: [&str; 17] = [
        "week", "weeks", "day", "days", "month", "months", "year", "years", "hour", "hours", "minute", "minutes",
        "baseline", "and", "to", "up", "at",
    ];
    word.split([',', '-', '/'])
        .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase())
        .all(|p| p.is_empty() || p.chars().all(|c| c.is_ascii_digit()) || WORDS.contains(&p.as_str()))
}

/// "… follow-up period week 0,week 24 and week 48" → ("… follow-up period", "week 0,week 24 and week 48").
fn split_time_frame(body: &str) -> (&str, Option<&str>) {
    let words: Vec<(usize, &str)> = body.match_indices(|c: char| !c.is_whitespace()).fold(Vec::new(), |mut acc, (i, _)| {
        if i == 0 || body[..i].ends_with(char::is_whitespace) {
            let end = body[i..].find(char::is_whitespace).map_or(body.len(), |e| i + e);
            acc.push((i, &body[i..end]));
        }
        acc
    });
    let mut start = words.len();
    while start > 1 && is_time_word(words[start - 1].1) {
        start -= 1;
    }
    // A time frame opens with a number or a unit, not with "and"/"to"/"at".
    while start < words.len() && matches!(words[start].1, "and" | "to" | "at") {
        start += 1;
    }
    let has_number = words[start..].iter().any(|(_, w)| w.chars().any(|c| c.is_ascii_digit()) || w.eq_ignore_ascii_case("baseline"));
    match words.get(start) {
        Some(&(at, _)) if has_number => (body[..at].trim_end(), Some(&body[at..])),
        _ => (body, None),
    }
}

/// "ALSFRS-R score Changes in the rate …" → ("ALSFRS-R score", "Changes in the rate …"):
/// the description starts at the first capitalised word (not an acronym) followed by a
/// lower-case one.
fn split_description(text: &str) -> (&str, &str) {
    let words: Vec<&str> = text.split(' ').collect();
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase()) && w.chars().skip(1).all(|c| c.is_lowercase());
    let lower = |w: &str| w.starts_with(|c: char| c.is_lowercase());
    let at = (1..words.len().saturating_sub(1)).find(|&i| capitalised(words[i]) && lower(words[i + 1]));
    match at {
        Some(i) => {
            let offset: usize = words[..i].iter().map(|w| w.len() + 1).sum();
            (text[..offset].trim_end(), text[offset..].trim())
        }
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_frames_are_the_closing_run_of_time_words() {
        assert_eq!(split_time_frame("Changes in the rate period week 0,week 24 and week 48"), ("Changes in the rate period", Some("week 0,week 24 and week 48")));
        assert_eq!(split_time_frame("Analysis before treatment. week 0 and week 24"), ("Analysis before treatment.", Some("week 0 and week 24")));
        assert_eq!(split_time_frame("Score at weeks and"), ("Score at weeks and", None));
    }

    #[test]
    fn descriptions_start_at_a_sentence_like_word() {
        assert_eq!(split_description("ALSFRS-R score Changes in the rate"), ("ALSFRS-R score", "Changes in the rate"));
        assert_eq!(split_description("Immunological Responses Analysis regulatory CD4+"), ("Immunological Responses", "Analysis regulatory CD4+"));
        assert_eq!(split_description("NFL in the serum"), ("NFL in the serum", ""));
    }

    #[test]
    fn labels_may_say_est() {
        let f = field("Est. primary completion date December 31, 2021").unwrap();
        assert_eq!((f.label, f.kind, f.value), ("Primary completion date", Some(DateType::Estimated), "December 31, 2021"));
        assert!(field("Statusquo").is_none());
    }
}
