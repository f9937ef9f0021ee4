//! GSK Clinical Study Register study page: one trial, as `<td class="rowlabel">` label
//! and value rows in CT.gov's classic wording ("Study Recruitment Status", "Masked
//! Subject"), plus a locations tab, result documents and publications (`lists.rs`).
//! The record is GSK's (`GSK-` + the study id); the NCT id it shows goes to secondary ids.

mod lists;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use trialdex_model::*;

use super::draft::Draft;
use super::registry_page::block;
use super::registry_page::values::{age, date, phases, sex, status, yes_no};
use crate::text::{clean_inline, non_empty};
use crate::{Diagnostic, Parsed, decode::decode};

const STATUS_MODULE: &str = "protocolSection.statusModule";
/// GSK's placeholder where a study has no title of its own.
const NO_TITLE: &str = "See Detailed Description";

/// The page's label → value rows in page order.
pub(super) struct Rows<'a> {
    rows: Vec<(String, ElementRef<'a>)>,
}

impl<'a> Rows<'a> {
    fn read(html: &'a Html) -> Rows<'a> {
        let mut rows = Vec::new();
        let (Ok(tr), Ok(td)) = (Selector::parse("tr"), Selector::parse("td")) else { return Rows { rows } };
        for row in html.select(&tr) {
            let cells: Vec<ElementRef> = row.select(&td).collect();
            let [label, value, ..] = cells.as_slice() else { continue };
            if label.value().attr("class") != Some("rowlabel") {
                continue;
            }
            let label = clean_inline(&label.text().collect::<String>());
            let label = label.trim_end_matches([':', '?']).to_owned();
            rows.push((label, *value));
        }
        Rows { rows }
    }

    /// The first row of a label (the locations tab repeats contact labels).
    pub(super) fn cell(&self, label: &str) -> Option<ElementRef<'a>> {
        self.cells(label).next()
    }

    pub(super) fn cells(&self, label: &str) -> impl Iterator<Item = ElementRef<'a>> + '_ {
        let label = label.to_owned();
        self.rows.iter().filter(move |(l, _)| l.eq_ignore_ascii_case(&label)).map(|(_, cell)| *cell)
    }

    /// A value on one line; "" when absent, blank or "N/A".
    pub(super) fn get(&self, label: &str) -> String {
        let text = self.cell(label).map(|cell| clean_inline(&cell.text().collect::<String>())).unwrap_or_default();
        if text == "N/A" { String::new() } else { text }
    }
}

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let html = Html::parse_document(&text);
    let rows = Rows::read(&html);
    let Some(study_id) = non_empty(&rows.get("Study ID")) else {
        parsed.diagnostics.push(Diagnostic::error("expected a GSK study page with a Study ID, found none"));
        return parsed;
    };
    let mut d = Draft::default();
    identification(&rows, &mut d);
    status_and_dates(&rows, &html, &mut d);
    design_and_eligibility(&rows, &mut d);
    lists::outcomes_arms_interventions(&rows, &mut d);
    lists::contacts_and_locations(&rows, &html, &mut d);
    lists::results_and_publications(&rows, &html, &mut d);
    let study = d.into_study(Registry::Other, format!("GSK-{study_id}"), SourceFormat::GskHtml);
    parsed.records.push(study);
    parsed
}

/// A field the model has no place for, kept under its page label in camel case.
fn keep(fields: &mut RegistryFields, key: &str, value: String) {
    if !value.is_empty() {
        fields.extra.insert(key.to_owned(), Value::String(value));
    }
}

fn identification(rows: &Rows, d: &mut Draft) {
    let title = rows.get("Study Title");
    if title.is_empty() || title == NO_TITLE {
        d.warnings.push(Warning::new(
            "protocolSection.identificationModule.briefTitle",
            format!("the page gives no title of its own ({title:?})"),
        ));
    }
    let mut module = IdentificationModule {
        brief_title: non_empty(&title).filter(|t| t != NO_TITLE),
        acronym: non_empty(&rows.get("Acronym")),
        org_study_id_info: non_empty(&rows.get("Clinical Study ID"))
            .map(|id| OrgStudyIdInfo { id: Some(id), ..Default::default() }),
        ..Default::default()
    };
    if let Some(nct) = non_empty(&rows.get("Clinicaltrials.gov Identifier")) {
        module.secondary_id_infos.push(SecondaryIdInfo {
            id: Some(nct),
            kind: Some(SecondaryIdType::Registry),
            domain: Some("ClinicalTrials.gov".into()),
            ..Default::default()
        });
    }
    let secondary = rows.cell("Secondary IDs").and_then(block).unwrap_or_default();
    for id in secondary.lines().flat_map(|l| l.split(',')).filter_map(non_empty) {
        let kind = ids::find_ids(&id).first().map(|_| SecondaryIdType::Registry);
        module.secondary_id_infos.push(SecondaryIdInfo { id: Some(id), kind, ..Default::default() });
    }
    d.protocol.identification_module = Some(module);
    d.protocol.description_module = Some(DescriptionModule {
        brief_summary: rows.cell("Brief Summary").and_then(block),
        detailed_description: rows.cell("Detailed Description").and_then(block),
        ..Default::default()
    })
    .filter(|m| *m != DescriptionModule::default());
    let indication = rows.get("Study Indication");
    let keywords = rows.cell("Keywords").and_then(block).unwrap_or_default();
    d.protocol.conditions_module = Some(ConditionsModule {
        conditions: non_empty(&indication).into_iter().collect(),
        keywords: keywords.lines().map(str::to_owned).collect(),
        ..Default::default()
    });
    if indication.is_empty() {
        d.warnings
            .push(Warning::new("protocolSection.conditionsModule.conditions", "the page names no study indication"));
    }
    let sponsor = non_empty(&rows.get("Sponsor")).map(|name| Sponsor { name: Some(name), ..Default::default() });
    let collaborators = rows.get("Collaborators");
    d.protocol.sponsor_collaborators_module = Some(SponsorCollaboratorsModule {
        lead_sponsor: sponsor,
        collaborators: collaborators
            .split(',')
            .filter_map(non_empty)
            .map(|name| Sponsor { name: Some(name), ..Default::default() })
            .collect(),
        ..Default::default()
    });
    keep(&mut d.fields, "genericName", rows.get("Generic Name"));
    keep(&mut d.fields, "tradeName", rows.get("Trade Name"));
    for (label, key) in [
        ("FDA Regulated Intervention", "fdaRegulatedIntervention"),
        ("Section 801 Clinical Trial", "section801ClinicalTrial"),
        ("IND/IDE Protocol", "indIdeProtocol"),
        ("IND/IDE Grantor", "indIdeGrantor"),
        ("IND/IDE Number", "indIdeNumber"),
        ("IND/IDE Serial Number", "indIdeSerialNumber"),
        ("Oversight Authority", "oversightAuthority"),
        ("Study Classification (Endpoint)", "endpointClassification"),
    ] {
        keep(&mut d.fields, key, rows.get(label));
    }
}

/// "September 2003" with its type ("Anticipated", "Actual"; GSK writes "None" for none).
fn dated(rows: &Rows, label: &str, field: &str, d: &mut Draft) -> Option<DateStruct> {
    let date = date(&rows.get(label), &format!("{STATUS_MODULE}.{field}"), &mut d.warnings)?;
    let kind = DateType::from_label(&rows.get(&format!("{label} Type")));
    Some(DateStruct { date: Some(date), kind, ..Default::default() })
}

fn status_and_dates(rows: &Rows, html: &Html, d: &mut Draft) {
    let overall = status(&rows.get("Study Recruitment Status"), &mut d.fields, &mut d.warnings);
    // The protocol tab opens with "First Received" / "Last Updated" in a table of their own.
    let (first, last) = lists::protocol_dates(html);
    let mut module = StatusModule {
        overall_status: overall,
        study_first_submit_date: date(&first, &format!("{STATUS_MODULE}.studyFirstSubmitDate"), &mut d.warnings),
        last_update_submit_date: date(&last, &format!("{STATUS_MODULE}.lastUpdateSubmitDate"), &mut d.warnings),
        status_verified_date: date(&rows.get("Record Verification Date"), STATUS_MODULE, &mut d.warnings),
        why_stopped: non_empty(&rows.get("Why Study Stopped")),
        delayed_posting: yes_no(&rows.get("Delayed Posting")),
        start_date_struct: dated(rows, "Study Start Date", "startDateStruct", d),
        completion_date_struct: dated(rows, "Study Completion Date", "completionDateStruct", d),
        primary_completion_date_struct: dated(rows, "Primary Completion Date", "primaryCompletionDateStruct", d),
        ..Default::default()
    };
    if let Some(expanded) = yes_no(&rows.get("Has Expanded Access")) {
        module.expanded_access_info =
            Some(ExpandedAccessInfo { has_expanded_access: Some(expanded), ..Default::default() });
    }
    d.protocol.status_module = Some(module);
}

fn design_and_eligibility(rows: &Rows, d: &mut Draft) {
    let type_text = rows.get("Study Type");
    let study_type = non_empty(&type_text).map(|text| {
        StudyType::from_label(&text).unwrap_or_else(|| {
            let field = "protocolSection.designModule.studyType";
            d.warnings.push(Warning::new(field, format!("{text:?} is no CT.gov study type; kept as written")));
            StudyType::Unlisted(text)
        })
    });
    let masking_text = rows.get("Masking");
    let folded = masking_text.to_lowercase();
    let masking = ["none", "single", "double", "triple", "quadruple"]
        .into_iter()
        .find(|word| folded.starts_with(word) || folded == "open label")
        .and_then(DesignMasking::from_label);
    let who_masked = [
        ("Masked Subject", WhoMasked::Participant),
        ("Masked Caregiver", WhoMasked::CareProvider),
        ("Masked Investigator", WhoMasked::Investigator),
        ("Masked Assessor", WhoMasked::OutcomesAssessor),
    ]
    .into_iter()
    .filter(|(label, _)| yes_no(&rows.get(label)) == Some(true))
    .map(|(_, who)| who)
    .collect();
    let masking_info = non_empty(&masking_text).map(|text| MaskingBlock {
        masking,
        masking_description: Some(text),
        who_masked,
        ..Default::default()
    });
    let design_info = DesignInfo {
        allocation: DesignAllocation::from_label(&rows.get("Allocation")),
        intervention_model: InterventionalAssignment::from_label(&rows.get("Study Design (Assignment)")),
        primary_purpose: PrimaryPurpose::from_label(&rows.get("Primary Purpose")),
        masking_info,
        ..Default::default()
    };
    let count = rows.get("Enrollment").replace(',', "").parse::<i64>().ok();
    let enrollment = count.map(|count| EnrollmentInfo {
        count: Some(count),
        kind: EnrollmentType::from_label(&rows.get("Enrollment Type")),
        ..Default::default()
    });
    d.protocol.design_module = Some(DesignModule {
        study_type,
        phases: phases(&rows.get("Phase"), &mut d.fields, &mut d.warnings),
        design_info: (design_info != DesignInfo::default()).then_some(design_info),
        enrollment_info: enrollment,
        ..Default::default()
    });
    let mut module = EligibilityModule {
        eligibility_criteria: rows.cell("Eligibility Criteria").and_then(lists::criteria),
        sex: sex(&rows.get("Gender"), &mut d.warnings),
        healthy_volunteers: yes_no(&rows.get("Healthy Volunteers")),
        ..Default::default()
    };
    for (label, key) in [("Minimum Age", "minimumAge"), ("Maximum Age", "maximumAge")] {
        // "18 Years"; "N/A N/A" is no limit.
        let text = rows.get(label);
        let (number, unit) = text.split_once(' ').unwrap_or((&text, ""));
        let limit = if number == "N/A" { Ok(None) } else { age(number, unit) };
        let limit = limit.unwrap_or_else(|text| {
            let field = format!("protocolSection.eligibilityModule.{key}");
            d.warnings.push(Warning::new(
                field,
                format!("{text:?} is no age limit trialdex can read; kept in registrySection.registryFields.{key}Text"),
            ));
            let kept =
                if key == "maximumAge" { &mut d.fields.maximum_age_text } else { &mut d.fields.minimum_age_text };
            *kept = Some(text);
            None
        });
        if key == "maximumAge" {
            module.maximum_age = limit;
        } else {
            module.minimum_age = limit;
        }
    }
    d.protocol.eligibility_module = Some(module);
}
