//! The retired ClinicalTrials.gov classic study page, copied from a browser as text.
//!
//! The copy keeps the page's order and its table borders (`Label: | value |`) but loses
//! headings and the line breaks inside cells: conditions and interventions in the
//! summary table are joined by spaces, the outcome list no longer says which outcomes
//! are primary, the MeSH terms run together. What the copy still tells apart is read
//! into the CT.gov v2 shape; what it does not is kept as shown, with a warning.

use trialdex_model::macros::fold_label;
use trialdex_model::{
    ArmGroup, ArmGroupType, Contact, ContactRole, DateType, DesignAllocation, DesignTimePerspective, EnrollmentInfo,
    EnrollmentType, Intervention, InterventionalAssignment, ObservationalModel, Official, OfficialRole, OrgStudyIdInfo,
    Outcome, Phase, PrimaryPurpose, RecruitmentStatus, ResponsibleParty, ResponsiblePartyType, SecondaryIdInfo,
    SecondaryIdType, Sex, SourceFormat, Sponsor, Status, Study, StudyType, Warning, ids,
};

mod arms;
mod design;
mod locations;

use arms::{merge_intervention, typed_runs};

use super::page_text::*;
use crate::Parsed;
use crate::text::{clean_inline, non_empty, non_empty_block};

pub fn parse(bytes: &[u8]) -> Parsed {
    parse_page(bytes, read)
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
            let Some((label, rest)) = line.split_once(':') else {
                continue;
            };
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
            l.split_once(':')
                .is_some_and(|(head, rest)| fold_label(head) == folded && !rest.trim_start().starts_with('|'))
        })?;
        let same_line = self.lines[at].split_once(':').map_or("", |(_, v)| strip_border(v));
        non_empty(same_line).or_else(|| {
            self.lines[at + 1..end]
                .iter()
                .find(|l| !l.is_empty())
                .filter(|l| !l.ends_with(':'))
                .and_then(|l| non_empty(strip_border(l)))
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
        let study_ids: Vec<String> = self
            .row("Other Study ID Numbers")
            .map(|r| r.values.iter().filter_map(|v| non_empty(v)).collect())
            .unwrap_or_default();
        let mut study_ids = study_ids.into_iter();
        m.org_study_id_info = study_ids.next().map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() });
        m.secondary_id_infos = study_ids.map(|id| secondary_id(&id, &mut self.warnings)).collect();
    }

    fn status(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let status_field = "protocolSection.statusModule.overallStatus";
        let overall = self
            .header("Recruitment Status")
            .and_then(|s| mapped(&s, Status::from_label, Status::Unlisted, status_field, w));
        let last_known = self.header("Recruitment status was").and_then(|s| {
            mapped(&s, Status::from_label, Status::Unlisted, "protocolSection.statusModule.lastKnownStatus", w)
        });
        let posted = |label: &str, page: &Self, w: &mut Vec<Warning>, field: &str| {
            let value = page.header(label).or_else(|| page.value(label))?;
            // "March 15, 2022 Key Record Dates", "June 8, 2015 (Estimate)"
            let value = value.replace("Key Record Dates", "");
            let kind = value.contains("(Estimate)").then_some(DateType::Estimated);
            date_struct(&value.replace("(Estimate)", ""), kind, field, w)
        };
        let first_posted = posted("First Posted", self, w, "protocolSection.statusModule.studyFirstPostDateStruct");
        let last_update =
            posted("Last Update Posted", self, w, "protocolSection.statusModule.lastUpdatePostDateStruct");
        let results_posted =
            posted("Results First Posted", self, w, "protocolSection.statusModule.resultsFirstPostDateStruct");
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
        let party =
            self.value("Responsible Party").or_else(|| self.header("Information provided by (Responsible Party)"));
        if lead.is_none() && collaborators.is_empty() && party.is_none() {
            return;
        }
        let m = module(&mut module(&mut study.protocol_section).sponsor_collaborators_module);
        m.lead_sponsor = lead.map(|name| Sponsor { name: Some(name), ..Default::default() });
        m.collaborators =
            collaborators.into_iter().map(|name| Sponsor { name: Some(name), ..Default::default() }).collect();
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
        let block = |from: Option<usize>, to: usize| {
            from.and_then(|f| non_empty_block(&self.lines[f + 1..to.max(f + 1)].join("\n")))
        };
        let brief_end = detailed.filter(|d| brief.is_some_and(|b| *d > b)).unwrap_or(end);
        let brief_summary = block(brief, brief_end);
        let detailed_description = block(detailed, end);
        if brief_summary.is_some() || detailed_description.is_some() {
            let m = module(&mut module(&mut study.protocol_section).description_module);
            (m.brief_summary, m.detailed_description) = (brief_summary, detailed_description);
        }
    }

    /// Ages, sexes, healthy volunteers, then the criteria text down to the next blank line.
    /// Returns the line after the criteria.
    fn eligibility(&mut self, study: &mut Study) -> Option<usize> {
        let labels = [
            "Ages Eligible for Study",
            "Sexes Eligible for Study",
            "Accepts Healthy Volunteers",
            "Gender Based",
            "Sampling Method",
        ];
        let last = self.rows.iter().filter(|r| labels.iter().any(|l| fold_label(l) == r.folded)).map(|r| r.at).max()?;
        let w = &mut self.warnings;
        let rows = &self.rows;
        let value = |label: &str| rows.iter().find(|r| r.folded == fold_label(label)).map(|r| r.values.join(" "));
        let m = module(&mut module(&mut study.protocol_section).eligibility_module);
        if let Some(text) = value("Ages Eligible for Study") {
            match ages(&text) {
                Some(a) => (m.minimum_age, m.maximum_age, m.std_ages) = (a.minimum, a.maximum, a.standard),
                None => w.push(Warning::new(
                    "protocolSection.eligibilityModule.minimumAge",
                    format!("{text:?} could not be read as ages"),
                )),
            }
        }
        m.sex = value("Sexes Eligible for Study")
            .and_then(|v| mapped(&v, Sex::from_label, Sex::Unlisted, "protocolSection.eligibilityModule.sex", w));
        m.healthy_volunteers = value("Accepts Healthy Volunteers").and_then(|v| yes_no(&v));
        m.gender_based = value("Gender Based").and_then(|v| yes_no(&v));
        let criteria: Vec<&str> = self.lines[last + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .filter(|l| **l != "Criteria")
            .copied()
            .collect();
        m.eligibility_criteria = non_empty_block(&criteria.join("\n"));
        Some(last + 1 + criteria.len())
    }

    /// The page ends with its MeSH table: condition terms, their ancestors, then the
    /// intervention terms and theirs, all run together with no mark between terms
    /// ("Purpura, Thrombocytopenic, Idiopathic Pathologic Processes …"). Splitting it
    /// would take the MeSH vocabulary, so it is kept as shown.
    fn mesh_terms(&mut self, study: &mut Study) {
        let tail_start = self.rows.last().map_or(self.lines.len(), |r| r.next);
        let from_row = self.row("Additional relevant MeSH terms").map(|r| r.values.join(" "));
        let tail: Vec<&str> = self.lines[tail_start.min(self.lines.len())..]
            .iter()
            .filter(|l| l.ends_with('|'))
            .map(|l| strip_border(l))
            .collect();
        let Some(text) = from_row.or_else(|| (!tail.is_empty()).then(|| tail.join(" "))).and_then(|t| non_empty(&t))
        else {
            return;
        };
        let fields = module(&mut module(&mut study.registry_section).registry_fields);
        fields.mesh_terms_text = Some(text);
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
            (
                id,
                mapped(
                    kind.trim_end_matches(')'),
                    SecondaryIdType::from_label,
                    SecondaryIdType::Unlisted,
                    field,
                    warnings,
                ),
            )
        }
        None => (text, None),
    };
    SecondaryIdInfo { id: non_empty(id), kind, ..Default::default() }
}
