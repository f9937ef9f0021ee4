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
    Contact, ContactRole, DateType, DesignAllocation, EnrollmentInfo, Intervention, InterventionalAssignment, Location,
    OrgStudyIdInfo, Organization, Outcome, Phase, PrimaryPurpose, Registry, SecondaryIdInfo, Sex, SourceFormat,
    Sponsor, Status, Study, StudyType, Warning, ids,
};

mod tables;

use super::page_text::*;
use crate::Parsed;
use crate::text::{non_empty, non_empty_block};

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
    parse_page(bytes, read)
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
    let mut page = Page::new(lines);
    let Some(nct_id) = page.value("NCT number") else {
        let first = lines.iter().find(|l| !l.is_empty()).unwrap_or(&"");
        let first: String = first.chars().take(80).collect();
        return Err(format!(
            "expected a \"Clinical Trial Details\" page with an \"NCT number\" line, found text starting {first:?}"
        ));
    };
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
        .filter(|id| id.registry == Registry::Ctgov && id.id != nct_id)
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
            if matches!(*heading, "Administrative data" | "Study information" | "Recruitment information / eligibility")
            {
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
        m.org_study_id_info =
            self.value("Other study ID #").map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() });
        m.secondary_id_infos = self
            .value("Secondary ID")
            .map(|id| SecondaryIdInfo { id: Some(id), ..Default::default() })
            .into_iter()
            .collect();
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
        m.overall_status = status.and_then(|s| {
            mapped(&s, Status::from_label, Status::Unlisted, "protocolSection.statusModule.overallStatus", w)
        });
        m.start_date_struct = dated("Start date", "protocolSection.statusModule.startDateStruct", w);
        m.primary_completion_date_struct =
            dated("Primary completion date", "protocolSection.statusModule.primaryCompletionDateStruct", w);
        m.completion_date_struct = dated("Completion date", "protocolSection.statusModule.completionDateStruct", w);
        m.status_verified_date = self
            .value("Verified date")
            .and_then(|v| partial_date(&v, "protocolSection.statusModule.statusVerifiedDate", w));
        m.study_first_submit_date = self
            .value("First received")
            .and_then(|v| partial_date(&v, "protocolSection.statusModule.studyFirstSubmitDate", w));
        m.last_update_submit_date = self
            .value("Last updated")
            .and_then(|v| partial_date(&v, "protocolSection.statusModule.lastUpdateSubmitDate", w));
        put(&mut protocol.status_module, m);
        self.warnings.append(w);
    }

    /// "Sponsors (N)" lists lead sponsor and collaborators in two columns the copy ran
    /// together; a row per sponsor is read as such, anything else is kept as shown.
    fn sponsors_and_contacts(&mut self, study: &mut Study) {
        let heading = self.sections.iter().find(|s| s.0 == "Sponsors");
        let rows: Vec<&str> = heading
            .map(|s| s.1.iter().copied().filter(|l| fold_label(l) != "leadsponsorcollaborator").collect())
            .unwrap_or_default();
        let protocol = module(&mut study.protocol_section);
        if let Some((lead, collaborators)) = rows.split_first() {
            let m = module(&mut protocol.sponsor_collaborators_module);
            m.lead_sponsor = non_empty(lead).map(|name| Sponsor { name: Some(name), ..Default::default() });
            m.collaborators = collaborators
                .iter()
                .filter_map(|c| non_empty(c))
                .map(|name| Sponsor { name: Some(name), ..Default::default() })
                .collect();
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
        d.study_type = self.value("Study type").and_then(|v| {
            mapped(&v, StudyType::from_label, StudyType::Unlisted, "protocolSection.designModule.studyType", w)
        });
        if let Some(phase) = self.value("Phase") {
            d.phases = Phase::parse_labels(&phase);
            if d.phases.is_empty() {
                w.push(Warning::new(
                    "protocolSection.designModule.phases",
                    format!("{phase:?} names no phase CT.gov knows; kept in registryFields.studyPhaseText"),
                ));
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
                w.push(Warning::new(
                    "protocolSection.designModule.enrollmentInfo.count",
                    format!("{:?} is no participant count", field.value),
                ));
            }
            d.enrollment_info = Some(EnrollmentInfo { count, kind, ..Default::default() });
        }
        let design = self.section("Study Design").join("\n");
        d.design_info = None;
        if design.is_empty() {
            w.push(Warning::new(
                "protocolSection.designModule.designInfo",
                "the page's \"Study Design\" section is empty",
            ));
        } else {
            let mut info = trialdex_model::DesignInfo::default();
            let part = |key: &str| design_part(&design, key);
            let field = |name: &str| format!("protocolSection.designModule.designInfo.{name}");
            info.allocation = part("Allocation").and_then(|v| {
                mapped(&v, DesignAllocation::from_label, DesignAllocation::Unlisted, &field("allocation"), w)
            });
            info.intervention_model = part("Intervention Model").and_then(|v| {
                mapped(
                    &v,
                    InterventionalAssignment::from_label,
                    InterventionalAssignment::Unlisted,
                    &field("interventionModel"),
                    w,
                )
            });
            info.masking_info = part("Masking").and_then(|v| masking(&v, &field("maskingInfo.masking"), w));
            info.primary_purpose = part("Primary Purpose").and_then(|v| {
                mapped(&v, PrimaryPurpose::from_label, PrimaryPurpose::Unlisted, &field("primaryPurpose"), w)
            });
            put(&mut d.design_info, info);
            module(&mut module(&mut study.registry_section).registry_fields).study_design_text = non_empty(&design);
        }
        put(&mut protocol.design_module, d);
        let conditions: Vec<String> =
            self.section("Related Conditions & MeSH terms").iter().filter_map(|l| non_empty(l)).collect();
        if conditions.is_empty() {
            w.push(Warning::new(
                "protocolSection.conditionsModule.conditions",
                "the page's \"Related Conditions & MeSH terms\" section is empty",
            ));
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
            sex: self
                .value("Gender")
                .and_then(|v| mapped(&v, Sex::from_label, Sex::Unlisted, "protocolSection.eligibilityModule.sex", w)),
            ..Default::default()
        };
        if let Some(text) = self.value("Age group") {
            match ages(&text) {
                Some(a) => (m.minimum_age, m.maximum_age, m.std_ages) = (a.minimum, a.maximum, a.standard),
                None => w.push(Warning::new(
                    "protocolSection.eligibilityModule.minimumAge",
                    format!("{text:?} could not be read as ages"),
                )),
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
            let item = text.get(*name_start..end).unwrap_or_default().trim();
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
        .filter(|l| {
            lower.starts_with(&l.to_ascii_lowercase()) && rest[l.len()..].chars().next().is_none_or(char::is_whitespace)
        })
        .max_by_key(|l| l.len())?;
    Some(Field { label, kind, value: rest[label.len()..].trim() })
}

/// "Allocation: Randomized, Intervention Model: Parallel Assignment, …" → the value of `key`.
fn design_part(text: &str, key: &str) -> Option<String> {
    let (_, after) = split_ci(text, &format!("{key}:"))?;
    let keys = [
        "Allocation:",
        "Intervention Model:",
        "Masking:",
        "Primary Purpose:",
        "Observational Model:",
        "Time Perspective:",
    ];
    let end =
        keys.iter().filter_map(|k| split_ci(after, k).map(|(before, _)| before.len())).min().unwrap_or(after.len());
    non_empty(after[..end].trim_end().trim_end_matches(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_may_say_est() {
        let f = field("Est. primary completion date December 31, 2021").unwrap();
        assert_eq!(
            (f.label, f.kind, f.value),
            ("Primary completion date", Some(DateType::Estimated), "December 31, 2021")
        );
        assert!(field("Statusquo").is_none());
    }
}
