//! A third-party trial summary page sourced from CT.gov, copied as text (seed 004):
//! headings ("Status and phase", "About", "Full description", "Enrollment", …) each
//! followed by their text. A copy taken before the page finished loading shows most
//! headings empty, stacked one after another, a "Loading..." where the groups would
//! be, and no trial id. Only what is under a heading (or unmistakable, like
//! "12 participants in 1 patient group") is read; an empty heading is reported, never
//! filled in. With no id on the page the record gets a `LOCAL-` id.

use trialdex_model::macros::fold_label;
use trialdex_model::{
    Contact, ContactRole, DesignAllocation, EnrollmentInfo, Intervention, InterventionalAssignment, Phase,
    PrimaryPurpose, Sex, SourceFormat, Status, Study, Warning,
};

use super::page_text::*;
use crate::Parsed;
use crate::text::{non_empty, non_empty_block};

const HEADINGS: [&str; 16] = [
    "Status and phase",
    "Conditions",
    "Treatments",
    "About",
    "Full description",
    "Enrollment",
    "Sex",
    "Ages",
    "Volunteers",
    "Inclusion criteria",
    "Exclusion criteria",
    "Primary purpose",
    "Allocation",
    "Interventional model",
    "Masking",
    "Central trial contact",
];

/// Where the trial ends and the site's footer ("Clinical trials", "Legal") begins.
const SOURCE_LINE: &str = "Data sourced from ";

pub fn parse(bytes: &[u8]) -> Parsed {
    parse_page(bytes, read)
}

/// The headings in page order, each with the lines under it.
struct Page<'a> {
    sections: Vec<(&'static str, Vec<&'a str>)>,
    /// "12 participants in 1 patient group": (participants, groups).
    enrollment: Option<(i64, Option<i64>)>,
    data_source: Option<&'a str>,
    loading: bool,
    warnings: Vec<Warning>,
}

fn read(lines: &[&str]) -> Result<Study, String> {
    let mut page = Page::new(lines);
    let first: String = lines.iter().find(|l| !l.is_empty()).unwrap_or(&"").chars().take(80).collect();
    if page.sections.len() < 2 {
        return Err(format!(
            "expected a trial summary page with headings such as \"Status and phase\" and \"Full description\", \
             found text starting {first:?}"
        ));
    }
    let mut study = Study::default();
    page.status_and_design(&mut study);
    page.description(&mut study);
    page.conditions_and_treatments(&mut study);
    page.eligibility(&mut study);
    page.contacts(&mut study);
    if study.protocol_section.as_ref().is_none_or(|p| *p == Default::default()) {
        return Err(format!(
            "the trial summary page shows its headings but nothing under them (text starting {first:?})"
        ));
    }
    if let Some(source) = page.data_source {
        module(&mut module(&mut study.registry_section).registry_fields).data_source = Some(source.to_owned());
    }
    if let Some((_, Some(groups))) = page.enrollment {
        let fields = module(&mut module(&mut study.registry_section).registry_fields);
        fields.extra.insert("patientGroups".into(), groups.into());
        let shown =
            if page.loading { "was still \"Loading...\" when the page was copied" } else { "is not on the page" };
        page.warnings.push(Warning::new(
            "protocolSection.armsInterventionsModule.armGroups",
            format!("the page counts {groups} patient group(s); what they are {shown}"),
        ));
    }
    Ok(complete(study, page.warnings, SourceFormat::AggregatorSummaryText))
}

impl<'a> Page<'a> {
    fn new(lines: &[&'a str]) -> Self {
        let mut page =
            Page { sections: Vec::new(), enrollment: None, data_source: None, loading: false, warnings: Vec::new() };
        for line in lines.iter().copied().filter(|l| !l.is_empty()) {
            if let Some(source) = line.strip_prefix(SOURCE_LINE) {
                page.data_source = non_empty(source).map(|_| source.trim());
                break;
            }
            if let Some(heading) = HEADINGS.into_iter().find(|h| *h == line) {
                page.sections.push((heading, Vec::new()));
            } else if line == "Loading..." {
                page.loading = true;
            } else if let Some(counts) = participants(line) {
                page.enrollment = Some(counts);
            } else if let Some(section) = page.sections.last_mut() {
                section.1.push(line);
            }
        }
        page
    }

    fn lines(&self, heading: &str) -> &[&'a str] {
        self.sections.iter().find(|s| s.0 == heading).map_or(&[], |s| &s.1)
    }

    /// The one value line under `heading`; an empty heading is warned about.
    fn value(&mut self, heading: &str, field: &str) -> Option<String> {
        let value = non_empty(&self.lines(heading).join(" "));
        if value.is_none() {
            self.warn_empty(heading, field);
        }
        value
    }

    fn warn_empty(&mut self, heading: &str, field: &str) {
        let shown = if self.sections.iter().any(|s| s.0 == heading) { "is empty" } else { "is not on the page" };
        self.warnings.push(Warning::new(field, format!("the page's {heading:?} section {shown}")));
    }

    fn status_and_design(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let status_lines = self.lines("Status and phase").to_vec();
        let mut status = None;
        let mut phases = Vec::new();
        for line in &status_lines {
            let line_phases = Phase::parse_labels(line);
            if let Some(s) = Status::from_label(line) {
                status = Some(s);
            } else if !line_phases.is_empty() {
                phases.extend(line_phases);
            } else {
                w.push(Warning::new(
                    "protocolSection.statusModule.overallStatus",
                    format!("{line:?} is no status or phase CT.gov lists; left out"),
                ));
            }
        }
        if status.is_none() {
            self.warn_empty("Status and phase", "protocolSection.statusModule.overallStatus");
        }
        if phases.is_empty() {
            self.warn_empty("Status and phase", "protocolSection.designModule.phases");
        }
        let protocol = module(&mut study.protocol_section);
        put(&mut protocol.status_module, trialdex_model::StatusModule { overall_status: status, ..Default::default() });
        let mut d = trialdex_model::DesignModule { phases, ..Default::default() };
        match self.enrollment {
            Some((count, _)) => d.enrollment_info = Some(EnrollmentInfo { count: Some(count), ..Default::default() }),
            None => self.warn_empty("Enrollment", "protocolSection.designModule.enrollmentInfo"),
        }
        let mut info = trialdex_model::DesignInfo::default();
        let field = |name: &str| format!("protocolSection.designModule.designInfo.{name}");
        info.primary_purpose = self.value("Primary purpose", &field("primaryPurpose")).and_then(|v| {
            mapped(&v, PrimaryPurpose::from_label, PrimaryPurpose::Unlisted, &field("primaryPurpose"), w)
        });
        info.allocation = self.value("Allocation", &field("allocation")).and_then(|v| {
            mapped(&v, DesignAllocation::from_label, DesignAllocation::Unlisted, &field("allocation"), w)
        });
        info.intervention_model = self.value("Interventional model", &field("interventionModel")).and_then(|v| {
            mapped(
                &v,
                InterventionalAssignment::from_label,
                InterventionalAssignment::Unlisted,
                &field("interventionModel"),
                w,
            )
        });
        info.masking_info =
            self.value("Masking", &field("maskingInfo")).and_then(|v| masking(&v, &field("maskingInfo.masking"), w));
        put(&mut d.design_info, info);
        put(&mut protocol.design_module, d);
        self.warnings.append(w);
    }

    fn description(&mut self, study: &mut Study) {
        let brief = non_empty_block(&self.lines("About").join("\n"));
        let detailed = non_empty_block(&self.lines("Full description").join("\n"));
        if brief.is_none() {
            self.warn_empty("About", "protocolSection.descriptionModule.briefSummary");
        }
        let m = trialdex_model::DescriptionModule {
            brief_summary: brief,
            detailed_description: detailed,
            ..Default::default()
        };
        put(&mut module(&mut study.protocol_section).description_module, m);
    }

    fn conditions_and_treatments(&mut self, study: &mut Study) {
        let conditions: Vec<String> = self.lines("Conditions").iter().filter_map(|l| non_empty(l)).collect();
        if conditions.is_empty() {
            self.warn_empty("Conditions", "protocolSection.conditionsModule.conditions");
        }
        // A treatment may say its type ("Drug: Tofacitinib") or only its name.
        let interventions: Vec<Intervention> = self
            .lines("Treatments")
            .iter()
            .map(|line| match typed_items(line).first() {
                Some((0, name_start, kind, _)) => Intervention {
                    kind: Some(kind.clone()),
                    name: non_empty(&line[*name_start..]),
                    ..Default::default()
                },
                _ => Intervention { name: non_empty(line), ..Default::default() },
            })
            .collect();
        if interventions.is_empty() {
            self.warn_empty("Treatments", "protocolSection.armsInterventionsModule.interventions");
        }
        let protocol = module(&mut study.protocol_section);
        put(&mut protocol.conditions_module, trialdex_model::ConditionsModule { conditions, ..Default::default() });
        put(
            &mut protocol.arms_interventions_module,
            trialdex_model::ArmsInterventionsModule { interventions, ..Default::default() },
        );
    }

    fn eligibility(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let field = |name: &str| format!("protocolSection.eligibilityModule.{name}");
        let mut m = trialdex_model::EligibilityModule {
            sex: self
                .value("Sex", &field("sex"))
                .and_then(|v| mapped(&v, Sex::from_label, Sex::Unlisted, &field("sex"), w)),
            ..Default::default()
        };
        if let Some(text) = self.value("Ages", &field("minimumAge")) {
            match ages(&text) {
                Some(a) => (m.minimum_age, m.maximum_age, m.std_ages) = (a.minimum, a.maximum, a.standard),
                None => w.push(Warning::new(field("minimumAge"), format!("{text:?} could not be read as ages"))),
            }
        }
        if let Some(text) = self.value("Volunteers", &field("healthyVolunteers")) {
            m.healthy_volunteers = yes_no(&text);
            if m.healthy_volunteers.is_none() {
                w.push(Warning::new(field("healthyVolunteers"), format!("{text:?} is not yes or no")));
            }
        }
        let inclusion = self.lines("Inclusion criteria").join("\n");
        let exclusion = self.lines("Exclusion criteria").join("\n");
        let mut criteria = String::new();
        for (title, body) in [("Inclusion Criteria:", inclusion), ("Exclusion Criteria:", exclusion)] {
            if !body.is_empty() {
                criteria.push_str(&format!("{title}\n{body}\n\n"));
            }
        }
        m.eligibility_criteria = non_empty_block(&criteria);
        if m.eligibility_criteria.is_none() {
            let message = "the page's \"Inclusion criteria\" and \"Exclusion criteria\" sections are empty";
            w.push(Warning::new(field("eligibilityCriteria"), message));
        }
        put(&mut module(&mut study.protocol_section).eligibility_module, m);
        self.warnings.append(w);
    }

    fn contacts(&mut self, study: &mut Study) {
        let contacts: Vec<Contact> = self
            .lines("Central trial contact")
            .iter()
            .map(|line| Contact { role: Some(ContactRole::Contact), ..contact_from_text(line) })
            .collect();
        if !contacts.is_empty() {
            module(&mut module(&mut study.protocol_section).contacts_locations_module).central_contacts = contacts;
        }
    }
}

/// "12 participants in 1 patient group", "1,200 participants in 3 patient groups".
fn participants(line: &str) -> Option<(i64, Option<i64>)> {
    let (count, rest) = line.split_once(' ')?;
    let rest = rest.strip_prefix("participants").or(rest.strip_prefix("participant"))?;
    let count = leading_count(count).filter(|_| count.chars().all(|c| c.is_ascii_digit() || c == ','))?;
    let groups = rest.trim().strip_prefix("in ").and_then(|g| {
        let (n, unit) = g.split_once(' ')?;
        fold_label(unit).starts_with("patientgroup").then(|| n.parse().ok()).flatten()
    });
    Some((count, groups))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participant_counts() {
        assert_eq!(participants("12 participants in 1 patient group"), Some((12, Some(1))));
        assert_eq!(participants("1,200 participants in 3 patient groups"), Some((1200, Some(3))));
        assert_eq!(participants("120 participants"), Some((120, None)));
        assert_eq!(participants("participants wanted"), None);
    }
}
