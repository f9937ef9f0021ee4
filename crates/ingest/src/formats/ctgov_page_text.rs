//! The retired ClinicalTrials.gov classic study page, copied from a browser as text.
//!
//! The copy keeps the page's order and its table borders (`Label: | value |`) but loses
//! headings and the line breaks inside cells: conditions and interventions in the
//! summary table are joined by spaces, the outcome list no longer says which outcomes
//! are primary, the MeSH terms run together. What the copy still tells apart is read
//! into the CT.gov v2 shape; what it does not is kept as shown, with a warning.

use trialdex_model::macros::fold_label;
use trialdex_model::{
    ArmGroup, ArmGroupType, Contact, ContactRole, DateType, DesignAllocation, DesignTimePerspective,
    EnrollmentInfo, EnrollmentType, Intervention, InterventionalAssignment, ObservationalModel,
    Official, OfficialRole, OrgStudyIdInfo, Outcome, Phase, PrimaryPurpose, RecruitmentStatus,
    ResponsibleParty, ResponsiblePartyType, SecondaryIdInfo, SecondaryIdType, Sex, SourceFormat,
    Sponsor, Status, Study, StudyType, Warning, ids,
};

use super::page_text::*;
use crate::text::{clean_inline, non_empty, non_empty_block};
use crate::{Diagnostic, Parsed, decode::decode};

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

/// A `Label: | value |` row of one of the page's tables.
struct Row<'a> {
    at: usize,
    label: &'a str,
    folded: String,
    /// The cells after the label; when the row has none, the lines below it ("Other
    /// Study ID Numbers: |" lists its ids on the next lines).
    values: Vec<&'a str>,
    /// The line after the row and the value lines below it.
    next: usize,
}

struct Page<'a> {
    lines: &'a [&'a str],
    rows: Vec<Row<'a>>,
    /// Where the condition/intervention/phase table starts; the page header is above it.
    summary_table: Option<usize>,
    warnings: Vec<Warning>,
}

fn read(lines: &[&str]) -> Result<Study, String> {
    let mut page = Page::new(lines);
    let nct_id = page.nct_id();
    if nct_id.is_none() && page.summary_table.is_none() {
        let first = lines.iter().find(|l| !l.is_empty()).unwrap_or(&"");
        let first: String = first.chars().take(80).collect();
        return Err(format!(
            "expected a ClinicalTrials.gov study page (\"ClinicalTrials.gov Identifier: NCT…\" and the \
             condition/intervention/phase table), found text starting {first:?}"
        ));
    }
    let mut study = Study::default();
    page.identification(&mut study, nct_id);
    page.status(&mut study);
    page.sponsors(&mut study);
    page.oversight(&mut study);
    page.description(&mut study);
    page.summary_table(&mut study);
    page.design(&mut study);
    let arms_end = page.arms(&mut study);
    page.outcomes(&mut study, arms_end);
    let criteria_end = page.eligibility(&mut study);
    page.contacts_and_locations(&mut study, criteria_end);
    page.mesh_terms(&mut study);
    if lines.contains(&"- No Results Posted") {
        study.has_results = Some(false);
    } else if lines.contains(&"- Study Results") {
        study.has_results = Some(true);
    }
    Ok(complete(study, page.warnings, SourceFormat::CtgovPageText))
}

impl<'a> Page<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        let mut rows = Vec::new();
        for (at, line) in lines.iter().enumerate() {
            let Some((label, rest)) = line.split_once(':') else { continue };
            if label.contains('|') || label.len() > 120 || !rest.trim_start().starts_with('|') {
                continue;
            }
            let mut values = cells(rest);
            let mut next = at + 1;
            if values.is_empty() {
                values = lines[at + 1..]
                    .iter()
                    .take_while(|l| !l.is_empty() && !is_row(l))
                    .map(|l| strip_border(l))
                    .collect();
                next += values.len();
            }
            rows.push(Row { at, label: label.trim(), folded: fold_label(label), values, next });
        }
        let summary_table = lines.iter().position(|l| l.starts_with("Condition or disease") && l.contains('|'));
        Page { lines, rows, summary_table, warnings: Vec::new() }
    }

    /// The first row whose label folds to `label`.
    fn row(&self, label: &str) -> Option<&Row<'a>> {
        let folded = fold_label(label);
        self.rows.iter().find(|r| r.folded == folded)
    }

    fn value(&self, label: &str) -> Option<String> {
        self.row(label).and_then(|r| non_empty(&r.values.join(" ")))
    }

    /// "Label : value" in the page header (above the summary table), the value on the
    /// same line or the next one.
    fn header(&self, label: &str) -> Option<String> {
        let folded = fold_label(label);
        let end = self.summary_table.unwrap_or(self.lines.len());
        let at = self.lines[..end].iter().position(|l| {
            l.split_once(':').is_some_and(|(head, rest)| fold_label(head) == folded && !rest.trim_start().starts_with('|'))
        })?;
        let same_line = self.lines[at].split_once(':').map_or("", |(_, v)| strip_border(v));
        non_empty(same_line).or_else(|| {
            self.lines[at + 1..end].iter().find(|l| !l.is_empty()).filter(|l| !l.ends_with(':')).and_then(|l| non_empty(strip_border(l)))
        })
    }

    fn nct_id(&self) -> Option<String> {
        self.lines
            .iter()
            .filter(|l| l.starts_with("ClinicalTrials.gov Identifier") || l.starts_with("Please refer to this study"))
            .flat_map(|l| ids::find_ids(l))
            .find(|id| id.registry == trialdex_model::Registry::Ctgov)
            .map(|id| id.id)
    }

    fn identification(&mut self, study: &mut Study, nct_id: Option<String>) {
        let protocol = module(&mut study.protocol_section);
        let m = module(&mut protocol.identification_module);
        m.nct_id = nct_id;
        // The page opens with the brief title, above the disclaimer and the identifier.
        let first = self.lines.iter().find(|l| !l.is_empty()).copied().unwrap_or("");
        if !first.starts_with("ClinicalTrials.gov Identifier") && !first.contains('|') {
            m.brief_title = non_empty(first);
        }
        m.official_title = self.value("Official Title");
        m.acronym = self.value("Acronym");
        let study_ids: Vec<String> =
            self.row("Other Study ID Numbers").map(|r| r.values.iter().filter_map(|v| non_empty(v)).collect()).unwrap_or_default();
        let mut study_ids = study_ids.into_iter();
        m.org_study_id_info = study_ids.next().map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() });
        m.secondary_id_infos = study_ids.map(|id| secondary_id(&id, &mut self.warnings)).collect();
    }

    fn status(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let status_field = "protocolSection.statusModule.overallStatus";
        let overall = self.header("Recruitment Status").and_then(|s| mapped(&s, Status::from_label, Status::Unlisted, status_field, w));
        let last_known = self
            .header("Recruitment status was")
            .and_then(|s| mapped(&s, Status::from_label, Status::Unlisted, "protocolSection.statusModule.lastKnownStatus", w));
        let posted = |label: &str, page: &Self, w: &mut Vec<Warning>, field: &str| {
            let value = page.header(label).or_else(|| page.value(label))?;
            // "March 15, 2022 Key Record Dates", "June 8, 2015 (Estimate)"
            let value = value.replace("Key Record Dates", "");
            let kind = value.contains("(Estimate)").then_some(DateType::Estimated);
            date_struct(&value.replace("(Estimate)", ""), kind, field, w)
        };
        let first_posted = posted("First Posted", self, w, "protocolSection.statusModule.studyFirstPostDateStruct");
        let last_update = posted("Last Update Posted", self, w, "protocolSection.statusModule.lastUpdatePostDateStruct");
        let results_posted = posted("Results First Posted", self, w, "protocolSection.statusModule.resultsFirstPostDateStruct");
        let verified = self
            .value("Last Verified")
            .or_else(|| self.header("Last Verified"))
            .and_then(|v| partial_date(&v, "protocolSection.statusModule.statusVerifiedDate", w));
        let dated = |suffix: &str, field: &str, w: &mut Vec<Warning>| {
            let suffix = fold_label(suffix);
            let row = self.rows.iter().find(|r| r.folded.ends_with(&suffix))?;
            date_struct(&row.values.join(" "), date_kind(row.label), field, w)
        };
        let start = dated("Study Start Date", "protocolSection.statusModule.startDateStruct", w);
        let primary = dated("Primary Completion Date", "protocolSection.statusModule.primaryCompletionDateStruct", w);
        let completion = dated("Study Completion Date", "protocolSection.statusModule.completionDateStruct", w);
        let protocol = module(&mut study.protocol_section);
        let mut m = protocol.status_module.take().unwrap_or_default();
        m.overall_status = overall;
        m.last_known_status = last_known;
        m.study_first_post_date_struct = first_posted;
        m.last_update_post_date_struct = last_update;
        m.results_first_post_date_struct = results_posted;
        m.status_verified_date = verified;
        m.start_date_struct = start;
        m.primary_completion_date_struct = primary;
        m.completion_date_struct = completion;
        put(&mut protocol.status_module, m);
        self.warnings.append(w);
    }

    fn sponsors(&mut self, study: &mut Study) {
        let lead = self.value("Sponsor").or_else(|| self.header("Sponsor"));
        let collaborators: Vec<String> = self
            .row("Collaborators")
            .or_else(|| self.row("Collaborator"))
            .map(|r| r.values.iter().filter_map(|v| non_empty(v)).collect())
            .unwrap_or_default();
        let party = self.value("Responsible Party").or_else(|| self.header("Information provided by (Responsible Party)"));
        if lead.is_none() && collaborators.is_empty() && party.is_none() {
            return;
        }
        let m = module(&mut module(&mut study.protocol_section).sponsor_collaborators_module);
        m.lead_sponsor = lead.map(|name| Sponsor { name: Some(name), ..Default::default() });
        m.collaborators = collaborators.into_iter().map(|name| Sponsor { name: Some(name), ..Default::default() }).collect();
        m.responsible_party = party.map(|p| responsible_party(&p));
    }

    fn oversight(&mut self, study: &mut Study) {
        let flag = |label: &str| self.value(label).and_then(|v| yes_no(&v));
        let drug = flag("Studies a U.S. FDA-regulated Drug Product");
        let device = flag("Studies a U.S. FDA-regulated Device Product");
        let unapproved = flag("Device Product Not Approved or Cleared by U.S. FDA");
        let ppsd = flag("Pediatric Postmarket Surveillance of a Device Product");
        let export = flag("Product Manufactured in and Exported from the U.S.");
        let dmc = flag("Data Monitoring Committee");
        if [drug, device, unapproved, ppsd, export, dmc].iter().all(Option::is_none) {
            return;
        }
        let m = module(&mut module(&mut study.protocol_section).oversight_module);
        (m.is_fda_regulated_drug, m.is_fda_regulated_device, m.is_unapproved_device) = (drug, device, unapproved);
        (m.is_ppsd, m.is_us_export, m.oversight_has_dmc) = (ppsd, export, dmc);
    }

    /// "Brief Summary:" and "Detailed Description:" sit between the header and the summary table.
    fn description(&mut self, study: &mut Study) {
        let end = self.summary_table.unwrap_or(self.lines.len());
        let heading = |name: &str| self.lines[..end].iter().position(|l| fold_label(l) == fold_label(name));
        let (brief, detailed) = (heading("Brief Summary:"), heading("Detailed Description:"));
        let block = |from: Option<usize>, to: usize| from.and_then(|f| non_empty_block(&self.lines[f + 1..to.max(f + 1)].join("\n")));
        let brief_end = detailed.filter(|d| brief.is_some_and(|b| *d > b)).unwrap_or(end);
        let brief_summary = block(brief, brief_end);
        let detailed_description = block(detailed, end);
        if brief_summary.is_some() || detailed_description.is_some() {
            let m = module(&mut module(&mut study.protocol_section).description_module);
            (m.brief_summary, m.detailed_description) = (brief_summary, detailed_description);
        }
    }

    /// "Condition or disease | Intervention/treatment | Phase |" and its one row.
    fn summary_table(&mut self, study: &mut Study) {
        let Some(at) = self.summary_table else { return };
        let header = row_cells(self.lines[at]);
        let body: Vec<&str> = self.lines[at + 1..]
            .iter()
            .skip_while(|l| l.starts_with("---"))
            .take_while(|l| !l.is_empty() && !is_row(l))
            .copied()
            .collect();
        let row = row_cells(&body.join(" ")).into_iter().map(str::to_owned).collect::<Vec<_>>();
        let column = |name: &str| header.iter().position(|h| h.starts_with(name)).and_then(|i| row.get(i)).and_then(|c| non_empty(c));
        let protocol = module(&mut study.protocol_section);
        if let Some(conditions) = column("Condition") {
            // The page joins its conditions with spaces ("ITP Immune Thrombocytopenia"),
            // and nothing on it tells where one ends: kept as one text, as shown.
            if conditions.contains(' ') {
                self.warnings.push(Warning::new(
                    "protocolSection.conditionsModule.conditions",
                    "the page copy runs its conditions together with spaces, so where one ends cannot be told; \
                     kept as one condition, as shown",
                ));
            }
            module(&mut protocol.conditions_module).conditions = vec![conditions];
        }
        if let Some(cell) = column("Intervention") {
            let arms = module(&mut protocol.arms_interventions_module);
            for (kind, _, name, _) in typed_runs(&cell, &[]) {
                merge_intervention(&mut arms.interventions, kind, name, None, Vec::new(), None);
            }
        }
        if let Some(cell) = column("Phase") {
            let phases = phases(&cell);
            if phases.is_empty() {
                self.warnings.push(Warning::new("protocolSection.designModule.phases", format!("{cell:?} names no phase CT.gov knows")));
            }
            module(&mut protocol.design_module).phases = phases;
        }
    }

    fn design(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let value = |label: &str| self.rows.iter().find(|r| r.folded == fold_label(label)).map(|r| r.values.join(" "));
        let protocol = module(&mut study.protocol_section);
        let mut d = protocol.design_module.take().unwrap_or_default();
        let field = |name: &str| format!("protocolSection.designModule.{name}");
        d.study_type = value("Study Type").and_then(|v| mapped(&v, StudyType::from_label, StudyType::Unlisted, &field("studyType"), w));
        if let Some(row) = self.rows.iter().find(|r| r.folded.ends_with("enrollment")) {
            let count = leading_count(&row.values.join(" "));
            if count.is_none() {
                w.push(Warning::new(field("enrollmentInfo.count"), format!("{:?} is no participant count", row.values.join(" "))));
            }
            let kind = date_kind(row.label).map(|k| match k {
                DateType::Actual => EnrollmentType::Actual,
                _ => EnrollmentType::Estimated,
            });
            d.enrollment_info = Some(EnrollmentInfo { count, kind, ..Default::default() });
        }
        let mut info = d.design_info.take().unwrap_or_default();
        let info_field = |name: &str| format!("protocolSection.designModule.designInfo.{name}");
        info.allocation = value("Allocation")
            .and_then(|v| mapped(&v, DesignAllocation::from_label, DesignAllocation::Unlisted, &info_field("allocation"), w));
        info.intervention_model = value("Intervention Model").and_then(|v| {
            mapped(&v, InterventionalAssignment::from_label, InterventionalAssignment::Unlisted, &info_field("interventionModel"), w)
        });
        info.intervention_model_description = value("Intervention Model Description").and_then(|v| non_empty(&v));
        info.masking_info = value("Masking").and_then(|v| masking(&v, &info_field("maskingInfo.masking"), w));
        if let Some(description) = value("Masking Description").and_then(|v| non_empty(&v)) {
            module(&mut info.masking_info).masking_description = Some(description);
        }
        info.primary_purpose = value("Primary Purpose")
            .and_then(|v| mapped(&v, PrimaryPurpose::from_label, PrimaryPurpose::Unlisted, &info_field("primaryPurpose"), w));
        info.observational_model = value("Observational Model").and_then(|v| {
            mapped(&v, ObservationalModel::from_label, ObservationalModel::Unlisted, &info_field("observationalModel"), w)
        });
        info.time_perspective = value("Time Perspective").and_then(|v| {
            mapped(&v, DesignTimePerspective::from_label, DesignTimePerspective::Unlisted, &info_field("timePerspective"), w)
        });
        put(&mut d.design_info, info);
        put(&mut protocol.design_module, d);
        self.warnings.append(w);
    }

    /// The "Arm | Intervention/treatment |" (or "Group/Cohort | …") table. Each row is
    /// the arm's heading and description, a lone "|", then its interventions. Returns
    /// the line after the table.
    fn arms(&mut self, study: &mut Study) -> Option<usize> {
        let header = self.lines.iter().position(|l| {
            let c = row_cells(l);
            c.len() == 2 && matches!(c[0], "Arm" | "Group/Cohort") && c[1].starts_with("Intervention")
        })?;
        let arms_module = module(&mut module(&mut study.protocol_section).arms_interventions_module);
        let known: Vec<(trialdex_model::InterventionType, String)> =
            arms_module.interventions.iter().filter_map(|i| Some((i.kind.clone()?, i.name.clone()?))).collect();
        let mut at = header + 1;
        let (mut first_cell, mut second_cell, mut in_second) = (Vec::new(), Vec::new(), false);
        while let Some(line) = self.lines.get(at) {
            if line.is_empty() || is_outcome_start(line) {
                break;
            }
            at += 1;
            match *line {
                l if l.starts_with("---") => {}
                "|" => in_second = true,
                l if l.ends_with('|') => {
                    let text = strip_border(l);
                    if in_second { second_cell.push(text) } else { first_cell.push(text) }
                    let arm = read_arm(&first_cell, &second_cell.join("\n"), &known, &mut arms_module.interventions);
                    arms_module.arm_groups.push(arm);
                    (first_cell, second_cell, in_second) = (Vec::new(), Vec::new(), false);
                }
                l if in_second => second_cell.push(l),
                l => first_cell.push(l),
            }
        }
        if !first_cell.is_empty() {
            let arm = read_arm(&first_cell, &second_cell.join("\n"), &known, &mut arms_module.interventions);
            arms_module.arm_groups.push(arm);
        }
        Some(at)
    }

    /// "- Measure [ Time Frame: … ]Description" items. The copy lost the "Primary/Secondary
    /// Outcome Measures" headings; when they are there they are honoured.
    fn outcomes(&mut self, study: &mut Study, from: Option<usize>) {
        let from = from.unwrap_or_else(|| self.rows.iter().rev().find(|r| r.folded.contains("completiondate")).map_or(0, |r| r.at + 1));
        let mut kinds_shown = false;
        let mut items: Vec<(Option<&str>, String)> = Vec::new();
        let mut kind: Option<&str> = None;
        for line in &self.lines[from.min(self.lines.len())..] {
            let heading = ["Primary", "Secondary", "Other"].into_iter().find(|k| fold_label(line) == fold_label(&format!("{k} Outcome Measures:")));
            if heading.is_some() {
                (kind, kinds_shown) = (heading, true);
            } else if let Some(item) = line.strip_prefix("- ") {
                items.push((kind, item.to_owned()));
            } else if is_row(line) || (line.is_empty() && !items.is_empty()) {
                break;
            } else if let Some((_, text)) = items.last_mut() {
                text.push('\n');
                text.push_str(line);
            }
        }
        if items.is_empty() {
            return;
        }
        let count = items.len();
        let m = module(&mut module(&mut study.protocol_section).outcomes_module);
        for (i, (kind, text)) in items.into_iter().enumerate() {
            let outcome = outcome(&text);
            // Without headings: CT.gov lists primary outcomes first and every record has one.
            match kind.unwrap_or(if i == 0 { "Primary" } else { "Secondary" }) {
                "Primary" => m.primary_outcomes.push(outcome),
                "Secondary" => m.secondary_outcomes.push(outcome),
                _ => m.other_outcomes.push(outcome),
            }
        }
        if !kinds_shown && count > 1 {
            self.warnings.push(Warning::new(
                "protocolSection.outcomesModule",
                format!(
                    "the page copy lost the primary/secondary headings of its {count} outcomes; the first is taken \
                     as primary (CT.gov lists primary outcomes first), the other {} as secondary, though some may be primary",
                    count - 1
                ),
            ));
        }
    }

    /// Ages, sexes, healthy volunteers, then the criteria text down to the next blank line.
    /// Returns the line after the criteria.
    fn eligibility(&mut self, study: &mut Study) -> Option<usize> {
        let labels = ["Ages Eligible for Study", "Sexes Eligible for Study", "Accepts Healthy Volunteers", "Gender Based", "Sampling Method"];
        let last = self.rows.iter().filter(|r| labels.iter().any(|l| fold_label(l) == r.folded)).map(|r| r.at).max()?;
        let w = &mut self.warnings;
        let rows = &self.rows;
        let value = |label: &str| rows.iter().find(|r| r.folded == fold_label(label)).map(|r| r.values.join(" "));
        let m = module(&mut module(&mut study.protocol_section).eligibility_module);
        if let Some(text) = value("Ages Eligible for Study") {
            match ages(&text) {
                Some(a) => (m.minimum_age, m.maximum_age, m.std_ages) = (a.minimum, a.maximum, a.standard),
                None => w.push(Warning::new("protocolSection.eligibilityModule.minimumAge", format!("{text:?} could not be read as ages"))),
            }
        }
        m.sex = value("Sexes Eligible for Study").and_then(|v| mapped(&v, Sex::from_label, Sex::Unlisted, "protocolSection.eligibilityModule.sex", w));
        m.healthy_volunteers = value("Accepts Healthy Volunteers").and_then(|v| yes_no(&v));
        m.gender_based = value("Gender Based").and_then(|v| yes_no(&v));
        let criteria: Vec<&str> = self.lines[last + 1..].iter().take_while(|l| !l.is_empty()).filter(|l| **l != "Criteria").copied().collect();
        m.eligibility_criteria = non_empty_block(&criteria.join("\n"));
        Some(last + 1 + criteria.len())
    }

    /// Central contacts, then locations grouped under "Country[, State]" lines: facility
    /// (and site status), address, site contacts. Then the investigators table.
    fn contacts_and_locations(&mut self, study: &mut Study, from: Option<usize>) {
        let start = self.lines.iter().position(|l| l.starts_with("Please refer to this study")).map(|i| i + 1).or(from).unwrap_or(self.lines.len());
        let end = self.rows.iter().find(|r| r.at >= start).map_or(self.lines.len(), |r| r.at);
        let mut central = Vec::new();
        let mut places: Vec<(Vec<&str>, Vec<Contact>)> = Vec::new();
        for line in &self.lines[start..end] {
            let contact = if let Some(rest) = line.strip_prefix("Contact:") {
                let c = cells(rest);
                let contact = if c.len() > 1 { contact_from_cells(&c) } else { contact_from_text(strip_border(rest)) };
                Some(Contact { role: Some(ContactRole::Contact), ..contact })
            } else {
                site_person(line)
            };
            match (contact, places.last_mut()) {
                (Some(c), Some((_, site_contacts))) => site_contacts.push(c),
                (Some(c), None) => central.push(c),
                (None, _) if line.is_empty() || line.starts_with("To learn more") || *line == "Locations" => {}
                (None, _) => places.push((row_cells(line), Vec::new())),
            }
        }
        let locations = read_locations(places, &mut self.warnings);
        let officials: Vec<Official> = self
            .rows
            .iter()
            .filter_map(|r| {
                let role = OfficialRole::from_label(r.label).filter(|_| r.at >= end)?;
                let mut cells = r.values.iter().filter_map(|v| non_empty(v));
                Some(Official { name: cells.next(), affiliation: cells.next(), role: Some(role), ..Default::default() })
            })
            .collect();
        if central.is_empty() && locations.is_empty() && officials.is_empty() {
            return;
        }
        let m = module(&mut module(&mut study.protocol_section).contacts_locations_module);
        (m.central_contacts, m.locations, m.overall_officials) = (central, locations, officials);
    }

    /// The page ends with its MeSH table: condition terms, their ancestors, then the
    /// intervention terms and theirs, all run together with no mark between terms
    /// ("Purpura, Thrombocytopenic, Idiopathic Pathologic Processes …"). Splitting it
    /// would take the MeSH vocabulary, so it is kept as shown.
    fn mesh_terms(&mut self, study: &mut Study) {
        let tail_start = self.rows.last().map_or(self.lines.len(), |r| r.next);
        let from_row = self.row("Additional relevant MeSH terms").map(|r| r.values.join(" "));
        let tail: Vec<&str> = self.lines[tail_start.min(self.lines.len())..].iter().filter(|l| l.ends_with('|')).map(|l| strip_border(l)).collect();
        let Some(text) = from_row.or_else(|| (!tail.is_empty()).then(|| tail.join(" "))).and_then(|t| non_empty(&t)) else { return };
        let fields = module(&mut module(&mut study.registry_section).registry_fields);
        fields.extra.insert("meshTermsText".into(), text.into());
        self.warnings.push(Warning::new(
            "derivedSection.conditionBrowseModule",
            "the page lists its condition and intervention MeSH terms with nothing between terms; kept as shown in \
             registrySection.registryFields.meshTermsText",
        ));
    }
}

/// A line that is a `Label: | value |` row.
fn is_row(line: &str) -> bool {
    line.split_once(':').is_some_and(|(label, rest)| !label.contains('|') && rest.trim_start().starts_with('|'))
}

fn is_outcome_start(line: &str) -> bool {
    (line.starts_with("- ") && line.contains("Time Frame:")) || line.ends_with("Outcome Measures:")
}

/// "Sustained response [ Time Frame: 6 months ]The maintenance of …".
fn outcome(text: &str) -> Outcome {
    let mut out = Outcome::default();
    match text.split_once("[ Time Frame:").or_else(|| text.split_once("[Time Frame:")) {
        Some((measure, rest)) => {
            let (time_frame, description) = rest.split_once(']').unwrap_or((rest, ""));
            out.measure = non_empty(measure);
            out.time_frame = non_empty(time_frame);
            out.description = non_empty_block(description);
        }
        None => out.measure = non_empty(text),
    }
    out
}

/// "Phase 2", "Phase 1/Phase 2", or two phases the copy joined: "Phase 1 Phase 2".
fn phases(cell: &str) -> Vec<Phase> {
    let whole = Phase::parse_labels(cell);
    if !whole.is_empty() {
        return whole;
    }
    let starts: Vec<usize> = cell
        .match_indices("Phase")
        .map(|(i, _)| if cell[..i].ends_with("Early ") { i - 6 } else { i })
        .collect();
    starts
        .iter()
        .enumerate()
        .flat_map(|(k, &start)| Phase::parse_labels(&cell[start..starts.get(k + 1).copied().unwrap_or(cell.len())]))
        .collect()
}

/// The interventions in a run of text, each as (type, type label, name, the text after
/// the name). The name is the longest `known` name of that type the item starts with,
/// else the item's first line: the copy may run a name into its description.
fn typed_runs<'t>(
    text: &'t str,
    known: &[(trialdex_model::InterventionType, String)],
) -> Vec<(trialdex_model::InterventionType, &'t str, String, &'t str)> {
    let items = typed_items(text);
    let mut out = Vec::new();
    for (i, (_, name_start, kind, label)) in items.iter().enumerate() {
        let end = items.get(i + 1).map_or(text.len(), |next| next.0);
        let item = text[*name_start..end].trim();
        let name = known
            .iter()
            .filter(|(k, n)| k == kind && item.starts_with(n.as_str()) && item[n.len()..].chars().next().is_none_or(char::is_whitespace))
            .map(|(_, n)| n.as_str())
            .max_by_key(|n| n.len())
            .unwrap_or_else(|| item.lines().next().unwrap_or(item));
        out.push((kind.clone(), *label, clean_inline(name), item[name.len().min(item.len())..].trim()));
    }
    out
}

fn merge_intervention(
    list: &mut Vec<Intervention>,
    kind: trialdex_model::InterventionType,
    name: String,
    description: Option<String>,
    other_names: Vec<String>,
    arm: Option<&str>,
) {
    let at = match list.iter().position(|i| i.kind.as_ref() == Some(&kind) && i.name.as_deref() == Some(&name)) {
        Some(at) => at,
        None => {
            list.push(Intervention { kind: Some(kind), name: Some(name), ..Default::default() });
            list.len() - 1
        }
    };
    let i = &mut list[at];
    i.description = i.description.take().or(description);
    for other in other_names {
        if !i.other_names.contains(&other) {
            i.other_names.push(other);
        }
    }
    if let Some(arm) = arm.filter(|a| !i.arm_group_labels.iter().any(|l| l == a)) {
        i.arm_group_labels.push(arm.to_owned());
    }
}

/// One arms-table row: "Experimental: Iguratimod and Danazol", its description, and its
/// interventions ("Drug: Iguratimod\nOral …\nOther Name: Iremod Drug: Danazol Oral …").
fn read_arm(first: &[&str], second: &str, known: &[(trialdex_model::InterventionType, String)], interventions: &mut Vec<Intervention>) -> ArmGroup {
    let heading = first.first().copied().unwrap_or("");
    let mut arm = ArmGroup::default();
    // The arm type is written before the label; the label may itself hold a colon
    // ("Active Comparator: Experimental: hrIL-2 active").
    match heading.split_once(':').and_then(|(t, l)| Some((ArmGroupType::from_label(t)?, l))) {
        Some((kind, label)) => (arm.kind, arm.label) = (Some(kind), non_empty(label)),
        None => arm.label = non_empty(heading),
    }
    arm.description = non_empty_block(&first.get(1..).unwrap_or_default().join("\n"));
    for (kind, type_label, name, rest) in typed_runs(second, known) {
        let mut description = Vec::new();
        let mut other_names = Vec::new();
        let mut in_other_names = false;
        for line in rest.lines().map(str::trim) {
            if let Some(other) = line.strip_prefix("Other Name:").or(line.strip_prefix("Other Names:")) {
                other_names.extend(other.split(';').filter_map(non_empty));
                in_other_names = true;
            } else if let Some(other) = line.strip_prefix("- ").filter(|_| in_other_names) {
                other_names.extend(non_empty(other));
            } else {
                in_other_names = false;
                description.push(line);
            }
        }
        arm.intervention_names.push(format!("{type_label}: {name}"));
        let description = non_empty_block(&description.join("\n"));
        merge_intervention(interventions, kind, name, description, other_names, arm.label.as_deref());
    }
    arm
}

/// A site investigator line inside the locations: "Principal Investigator: Jane Doe, MD".
fn site_person(line: &str) -> Option<Contact> {
    let (label, name) = line.split_once(':')?;
    let role = match fold_label(label).as_str() {
        "principalinvestigator" => ContactRole::PrincipalInvestigator,
        "subinvestigator" => ContactRole::SubInvestigator,
        "studychair" => ContactRole::StudyChair,
        "studydirector" => ContactRole::StudyDirector,
        _ => return None,
    };
    Some(Contact { name: non_empty(strip_border(name)), role: Some(role), ..Default::default() })
}

/// Locations from their lines: a "Country[, State]" line opens a group; in a group, a
/// line naming the group's country is the address of the facility above it, any other
/// line is a new facility with its site status.
fn read_locations(places: Vec<(Vec<&str>, Vec<Contact>)>, warnings: &mut Vec<Warning>) -> Vec<trialdex_model::Location> {
    let parts = |s: &str| s.split(',').map(str::trim).map(str::to_owned).collect::<Vec<_>>();
    let first_cell = |i: usize| places.get(i).and_then(|(c, _)| c.first().copied()).unwrap_or("");
    let mut out: Vec<trialdex_model::Location> = Vec::new();
    let mut country: Option<String> = None;
    let mut has_address = true;
    for (i, (cells, contacts)) in places.iter().enumerate() {
        let text = first_cell(i);
        let names_country = |c: &String| parts(text).iter().skip(1).any(|p| p.eq_ignore_ascii_case(c));
        if !has_address && country.as_ref().is_some_and(names_country) {
            if let Some(site) = out.last_mut() {
                read_address(site, &parts(text), country.as_deref().unwrap_or(""));
                site.contacts.extend(contacts.iter().cloned());
            }
            has_address = true;
            continue;
        }
        // A group line: two lines down, the address names it as its country.
        let head = parts(text).into_iter().next().unwrap_or_default();
        if parts(first_cell(i + 2)).iter().skip(1).any(|p| p.eq_ignore_ascii_case(&head)) {
            country = Some(head);
            continue;
        }
        let status = cells.get(1).and_then(|s| {
            mapped(s, RecruitmentStatus::from_label, RecruitmentStatus::Unlisted, "protocolSection.contactsLocationsModule.locations.status", warnings)
        });
        out.push(trialdex_model::Location {
            facility: non_empty(text),
            status,
            country: country.clone(),
            contacts: contacts.clone(),
            ..Default::default()
        });
        has_address = false;
    }
    out
}

/// "Beijing, Beijing, China, 100044": city, state, country, zip (CT.gov's order).
fn read_address(site: &mut trialdex_model::Location, parts: &[String], country: &str) {
    let Some(at) = parts.iter().rposition(|p| p.eq_ignore_ascii_case(country)) else { return };
    site.city = parts.first().filter(|_| at > 0).cloned();
    site.state = (at > 1).then(|| parts[1..at].join(", "));
    site.country = Some(parts[at].clone());
    site.zip = non_empty(&parts[at + 1..].join(", "));
}

/// "Xiao Hui Zhang, Vice president of …, Peking University People's Hospital": the page
/// writes an investigator as name, title, affiliation; a sponsor as "Sponsor". Whether the
/// investigator is the principal or a sponsor-investigator the page does not say.
fn responsible_party(text: &str) -> ResponsibleParty {
    let mut party = ResponsibleParty::default();
    if fold_label(text) == "sponsor" {
        party.kind = Some(ResponsiblePartyType::Sponsor);
        return party;
    }
    let parts: Vec<&str> = text.split(", ").collect();
    match parts.as_slice() {
        [name, title @ .., affiliation] if !title.is_empty() => {
            party.investigator_full_name = non_empty(name);
            party.investigator_title = non_empty(&title.join(", "));
            party.investigator_affiliation = non_empty(affiliation);
        }
        _ => party.investigator_full_name = non_empty(text),
    }
    party
}

/// "2017-001234-56 ( EudraCT Number )" → the id and its type.
fn secondary_id(text: &str, warnings: &mut Vec<Warning>) -> SecondaryIdInfo {
    let (id, kind) = match text.split_once(" (") {
        Some((id, kind)) => {
            let field = "protocolSection.identificationModule.secondaryIdInfos.type";
            (id, mapped(kind.trim_end_matches(')'), SecondaryIdType::from_label, SecondaryIdType::Unlisted, field, warnings))
        }
        None => (text, None),
    };
    SecondaryIdInfo { id: non_empty(id), kind, ..Default::default() }
}
