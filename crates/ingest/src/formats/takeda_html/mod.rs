//! Takeda Clinical Trials protocol summary page: one trial, as `<p class="eyebrowbold">`
//! labels each followed by its value elements, over three tabs (trial description,
//! recruitment information, results). The record is Takeda's (`TAKEDA-` + the trial id
//! shown); the NCT and other registry ids it shows go to secondary ids.

mod lists;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use trialdex_model::*;

use super::draft::Draft;
use super::registry_page::block;
use super::registry_page::values::{age, date, phases, sex, status};
use crate::text::{clean_inline, html_fragment_to_text, non_empty, reflow};
use crate::{Diagnostic, Parsed, decode::decode};

const STATUS_MODULE: &str = "protocolSection.statusModule";

/// Each label with the elements after it, up to the next label or rule.
pub(super) struct Sections<'a> {
    sections: Vec<(String, Vec<ElementRef<'a>>)>,
}

impl<'a> Sections<'a> {
    fn read(html: &'a Html) -> Sections<'a> {
        let mut sections = Vec::new();
        let (Ok(labels), Ok(nested)) = (Selector::parse("p.eyebrowbold"), Selector::parse(".eyebrowbold")) else {
            return Sections { sections };
        };
        for label in html.select(&labels) {
            let name = clean_inline(&label.text().collect::<String>());
            let values: Vec<ElementRef> = label
                .next_siblings()
                .filter_map(ElementRef::wrap)
                // A block holding the next label ("Takeda Trial ID" after the title) ends the value too.
                .take_while(|e| {
                    e.value().name() != "hr" && !has_class(e, "eyebrowbold") && e.select(&nested).next().is_none()
                })
                // The collapsed excerpt repeats the start of the full text; the rest is page furniture.
                .filter(|e| !has_class(e, "excerpt") && !matches!(e.value().name(), "h4" | "img"))
                .collect();
            sections.push((name, values));
        }
        Sections { sections }
    }

    pub(super) fn elements(&self, label: &str) -> &[ElementRef<'a>] {
        self.sections.iter().find(|(l, _)| l.eq_ignore_ascii_case(label)).map_or(&[], |(_, v)| v.as_slice())
    }

    /// A value with its line breaks; "" when absent or blank.
    pub(super) fn block(&self, label: &str) -> String {
        let texts: Vec<String> = self.elements(label).iter().filter_map(|e| block(*e)).collect();
        texts.join("\n")
    }

    /// Running text that the page hard-wraps with `<br />` (~90 columns): paragraphs and
    /// list items each on one line; `None` when blank.
    pub(super) fn paragraphs(&self, label: &str) -> Option<String> {
        let texts: Vec<String> = self.elements(label).iter().map(|e| html_fragment_to_text(&e.inner_html())).collect();
        let text = reflow(&texts.join("\n\n"));
        (!text.is_empty()).then_some(text)
    }

    /// A value on one line.
    pub(super) fn get(&self, label: &str) -> String {
        clean_inline(&self.block(label))
    }
}

fn has_class(element: &ElementRef, class: &str) -> bool {
    element.value().attr("class").unwrap_or_default().split_whitespace().any(|c| c == class)
}

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let html = Html::parse_document(&text);
    let page = Sections::read(&html);
    let Some(trial_id) = non_empty(&page.get("Takeda Trial ID")) else {
        parsed
            .diagnostics
            .push(Diagnostic::error("expected a Takeda protocol summary with a Takeda Trial ID, found none"));
        return parsed;
    };
    let mut d = Draft::default();
    identification(&page, &mut d);
    status_and_dates(&page, &mut d);
    design_and_eligibility(&page, &mut d);
    lists::outcomes_and_arms(&page, &mut d);
    lists::results(&page, &mut d);
    let study = d.into_study(Registry::Other, format!("TAKEDA-{trial_id}"), SourceFormat::TakedaHtml);
    parsed.records.push(study);
    parsed
}

fn identification(page: &Sections, d: &mut Draft) {
    let mut module =
        IdentificationModule { official_title: non_empty(&page.get("Official Title")), ..Default::default() };
    if module.official_title.is_none() {
        let field = "protocolSection.identificationModule.officialTitle";
        d.warnings.push(Warning::new(field, "the page gives no official title"));
    }
    // Ids sit in `span.ext-link`s, one each; "JapicCTI-070495, JapicCTI-R100126" may share one.
    for (label, domain) in [("NCT Number", Some("ClinicalTrials.gov")), ("Other Trial IDs", None)] {
        for id in page.block(label).split([',', '\n']).filter_map(non_empty) {
            let kind = (domain.is_some() || !ids::find_ids(&id).is_empty()).then_some(SecondaryIdType::Registry);
            let domain = domain.map(str::to_owned);
            module.secondary_id_infos.push(SecondaryIdInfo { id: Some(id), kind, domain, ..Default::default() });
        }
    }
    d.protocol.identification_module = Some(module);
    d.protocol.description_module = Some(DescriptionModule {
        brief_summary: page.paragraphs("Brief Summary"),
        detailed_description: page.paragraphs("Detailed Description"),
        ..Default::default()
    })
    .filter(|m| *m != DescriptionModule::default());
    let condition = page.get("Condition");
    if condition.is_empty() {
        d.warnings.push(Warning::new("protocolSection.conditionsModule.conditions", "the page names no condition"));
    }
    d.protocol.conditions_module =
        non_empty(&condition).map(|condition| ConditionsModule { conditions: vec![condition], ..Default::default() });
    if let Some(compound) = non_empty(&page.get("Compound")) {
        d.fields.extra.insert("compound".into(), Value::String(compound));
    }
    let sponsor = non_empty(&page.get("Trial sponsor")).map(|name| Sponsor { name: Some(name), ..Default::default() });
    let responsible = non_empty(&page.get("Responsible party"));
    d.protocol.sponsor_collaborators_module = Some(SponsorCollaboratorsModule {
        lead_sponsor: sponsor,
        // The page names the party, not its CT.gov type.
        responsible_party: responsible
            .map(|name| ResponsibleParty { old_organization: Some(name), ..Default::default() }),
        ..Default::default()
    });
    // "Locations" names countries only; the site search is elsewhere.
    d.fields.countries = page.get("Locations").split(',').filter_map(non_empty).collect();
}

fn status_and_dates(page: &Sections, d: &mut Draft) {
    let overall = status(&page.get("Recruitment Status"), &mut d.fields, &mut d.warnings);
    let start = date(&page.get("Start date"), &format!("{STATUS_MODULE}.startDateStruct"), &mut d.warnings);
    let end = date(&page.get("Completion date"), &format!("{STATUS_MODULE}.completionDateStruct"), &mut d.warnings);
    let dated = |date: Option<PartialDate>| date.map(|date| DateStruct { date: Some(date), ..Default::default() });
    d.protocol.status_module = Some(StatusModule {
        overall_status: overall,
        start_date_struct: dated(start),
        completion_date_struct: dated(end),
        ..Default::default()
    });
}

fn design_and_eligibility(page: &Sections, d: &mut Draft) {
    let type_text = page.get("Trial Type");
    let study_type = non_empty(&type_text).map(|text| {
        StudyType::from_label(&text).unwrap_or_else(|| {
            let field = "protocolSection.designModule.studyType";
            d.warnings.push(Warning::new(field, format!("{text:?} is no CT.gov study type; kept as written")));
            StudyType::Unlisted(text)
        })
    });
    let design_info = lists::design_info(&page.block("Trial Design"), &mut d.fields);
    let enrollment = page.get("Enrollment/number of participants");
    let enrollment_info = match enrollment.replace(',', "").parse::<i64>() {
        Ok(count) => Some(EnrollmentInfo { count: Some(count), ..Default::default() }),
        Err(_) if enrollment.is_empty() => None,
        Err(_) => {
            let field = "protocolSection.designModule.enrollmentInfo";
            d.warnings.push(Warning::new(field, format!("expected a number of participants, found {enrollment:?}; kept in registrySection.registryFields.targetSizeText")));
            d.fields.target_size_text = Some(enrollment);
            None
        }
    };
    d.protocol.design_module = Some(DesignModule {
        study_type,
        phases: phases(&page.get("Trial Phase"), &mut d.fields, &mut d.warnings),
        design_info,
        enrollment_info,
        ..Default::default()
    });
    let mut module = EligibilityModule {
        eligibility_criteria: page.paragraphs("Eligibility criteria"),
        sex: sex(&page.get("Gender"), &mut d.warnings),
        ..Default::default()
    };
    ages(&page.get("Ages"), &mut module, d);
    d.protocol.eligibility_module = Some(module);
}

/// "18 years - 55 years", "20 years and up"; anything else is kept and warned.
fn ages(text: &str, module: &mut EligibilityModule, d: &mut Draft) {
    if text.is_empty() {
        return;
    }
    let limit = |part: &str| {
        let part = part.trim();
        let (number, unit) = part.split_once(' ').unwrap_or((part, ""));
        age(number, unit).ok().flatten()
    };
    let read = match text.split_once(" - ") {
        Some((min, max)) => limit(min).zip(limit(max)).map(|(min, max)| (Some(min), Some(max))),
        None => text.strip_suffix(" and up").and_then(limit).map(|min| (Some(min), None)),
    };
    match read {
        Some((min, max)) => (module.minimum_age, module.maximum_age) = (min, max),
        None => {
            let field = "protocolSection.eligibilityModule.minimumAge";
            d.warnings.push(Warning::new(
                field,
                format!(
                    "{text:?} are no ages trialdex can read; kept in registrySection.registryFields.minimumAgeText"
                ),
            ));
            d.fields.minimum_age_text = Some(text.to_owned());
        }
    }
}
