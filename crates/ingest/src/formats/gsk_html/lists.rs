//! The GSK page's lists: outcomes, arms, interventions, the locations tab, result
//! documents and publications, and the dates tables that have no row labels.

use scraper::{ElementRef, Html, Selector};
use serde_json::{Value, json};
use trialdex_model::*;

use super::Rows;
use crate::formats::draft::Draft;
use crate::formats::registry_page::block;
use crate::text::{clean_inline, non_empty};

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn text(element: ElementRef) -> String {
    clean_inline(&element.text().collect::<String>())
}

/// The `<li>` items of a cell, each as its lines.
fn items(cell: Option<ElementRef>) -> Vec<Vec<String>> {
    let (Some(cell), Some(li)) = (cell, selector("li")) else { return Vec::new() };
    cell.select(&li).filter_map(block).map(|b| b.lines().map(str::to_owned).collect()).collect()
}

/// The first `td.WhiteRowColumn1` pair of the protocol tab: first received, last updated.
pub(super) fn protocol_dates(html: &Html) -> (String, String) {
    let Some(cells) = selector("#ps td.WhiteRowColumn1") else { return Default::default() };
    let mut found = html.select(&cells).map(text);
    (found.next().unwrap_or_default(), found.next().unwrap_or_default())
}

/// "Measure" then "Time Frame: …" and "Safety Issue: …" lines.
fn outcome(lines: &[String]) -> Option<Outcome> {
    let mut measure = Vec::new();
    let mut time_frame = None;
    for line in lines {
        if let Some(frame) = line.strip_prefix("Time Frame:") {
            time_frame = non_empty(frame);
        } else if !line.starts_with("Safety Issue:") {
            measure.push(line.as_str());
        }
    }
    let measure = non_empty(&measure.join(" "))?;
    Some(Outcome { measure: Some(measure), time_frame, ..Default::default() })
}

/// The text after "Label:" on one of an item's lines.
fn labelled<'a>(lines: &'a [String], label: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| l.strip_prefix(label)).map(str::trim).filter(|v| !v.is_empty())
}

pub(super) fn outcomes_arms_interventions(rows: &Rows, d: &mut Draft) {
    let primary: Vec<Outcome> = items(rows.cell("Primary Outcomes")).iter().filter_map(|l| outcome(l)).collect();
    let secondary: Vec<Outcome> = items(rows.cell("Secondary Outcomes")).iter().filter_map(|l| outcome(l)).collect();
    if primary.is_empty() {
        d.warnings
            .push(Warning::new("protocolSection.outcomesModule.primaryOutcomes", "the page lists no primary outcome"));
    }
    d.protocol.outcomes_module =
        Some(OutcomesModule { primary_outcomes: primary, secondary_outcomes: secondary, ..Default::default() });
    // An arm: its label, then its description.
    let arm_groups: Vec<ArmGroup> = items(rows.cell("Arms"))
        .into_iter()
        .filter_map(|lines| {
            let (label, rest) = lines.split_first()?;
            Some(ArmGroup { label: Some(label.clone()), description: non_empty(&rest.join(" ")), ..Default::default() })
        })
        .collect();
    // An intervention: its name, then "Type:", "Description:", "Arms:" lines.
    let interventions: Vec<Intervention> = items(rows.cell("Interventions"))
        .into_iter()
        .filter_map(|lines| {
            let name = lines.first()?.clone();
            let kind = labelled(&lines, "Type:")
                .map(|t| InterventionType::from_label(t).unwrap_or_else(|| InterventionType::Unlisted(t.to_owned())));
            Some(Intervention {
                name: Some(name),
                kind,
                description: labelled(&lines, "Description:").map(str::to_owned),
                arm_group_labels: labelled(&lines, "Arms:").map(str::to_owned).into_iter().collect(),
                ..Default::default()
            })
        })
        .collect();
    if interventions.iter().any(|i| matches!(i.kind, Some(InterventionType::Unlisted(_)))) {
        let field = "protocolSection.armsInterventionsModule.interventions";
        d.warnings.push(Warning::new(field, "an intervention type is no CT.gov type; kept as written"));
    }
    if !arm_groups.is_empty() || !interventions.is_empty() {
        d.protocol.arms_interventions_module =
            Some(ArmsInterventionsModule { arm_groups, interventions, ..Default::default() });
    }
}

/// The criteria block behind "Click to view inclusion/exclusion criteria".
pub(super) fn criteria(cell: ElementRef) -> Option<String> {
    let hidden = selector("#eligcrit").and_then(|s| cell.select(&s).next())?;
    block(hidden)
}

pub(super) fn contacts_and_locations(rows: &Rows, html: &Html, d: &mut Draft) {
    let mut module = ContactsLocationsModule::default();
    if let Some(name) = non_empty(&rows.get("Central Contact")) {
        module.central_contacts.push(Contact {
            name: Some(name),
            role: Some(ContactRole::Contact),
            phone: non_empty(&rows.get("Central Contact Phone")),
            email: non_empty(&rows.get("Central Contact Email")),
            ..Default::default()
        });
    }
    if let Some(name) = non_empty(&rows.get("Overall Study Official")) {
        let role = rows.get("Overall Study Official Role");
        module.overall_officials.push(Official {
            name: Some(name),
            affiliation: non_empty(&rows.get("Overall Study Official Affiliation")),
            role: OfficialRole::from_label(&role).or_else(|| non_empty(&role).map(OfficialRole::Unlisted)),
            ..Default::default()
        });
    }
    if let (Some(site_rows), Some(cells)) = (selector("#locations tr[data-state]"), selector("td")) {
        for row in html.select(&site_rows) {
            let cells: Vec<ElementRef> = row.select(&cells).collect();
            let [site, status, ..] = cells.as_slice() else { continue };
            module.locations.push(location(&block(*site).unwrap_or_default(), &text(*status)));
        }
    }
    if module != ContactsLocationsModule::default() {
        d.protocol.contacts_locations_module = Some(module);
    }
}

/// "GSK Investigational Site" then "United States, Connecticut, Hamden, 06518": country
/// first, then state (when four parts), city and postal code.
fn location(site: &str, status: &str) -> Location {
    let mut lines = site.lines();
    let facility = lines.next().and_then(non_empty);
    let place: Vec<String> = lines.next().unwrap_or_default().split(',').filter_map(non_empty).collect();
    let mut location = Location {
        facility,
        status: RecruitmentStatus::from_label(status).or_else(|| non_empty(status).map(RecruitmentStatus::Unlisted)),
        ..Default::default()
    };
    let has_zip = place.last().is_some_and(|p| p.chars().any(|c| c.is_ascii_digit()));
    let (rest, zip) = if has_zip { (&place[..place.len() - 1], place.last().cloned()) } else { (&place[..], None) };
    location.zip = zip;
    match rest {
        [country, state, city] => {
            (location.country, location.state, location.city) =
                (Some(country.clone()), Some(state.clone()), Some(city.clone()))
        }
        [country, city] => (location.country, location.city) = (Some(country.clone()), Some(city.clone())),
        [country] => location.country = Some(country.clone()),
        _ => {}
    }
    location
}

/// Result documents (title, link, dates) from the "Scientific Result Summary" tab, and citations.
pub(super) fn results_and_publications(rows: &Rows, html: &Html, d: &mut Draft) {
    let mut documents = Vec::new();
    if let (Some(doc_rows), Some(links), Some(cells)) = (selector("#rs tr"), selector("a[href]"), selector("td")) {
        for row in html.select(&doc_rows) {
            let cells: Vec<String> = row.select(&cells).map(text).collect();
            for link in row.select(&links) {
                documents.push(json!({
                    "title": text(link),
                    "url": link.value().attr("href").unwrap_or_default(),
                    "firstReceived": cells.get(1).cloned().unwrap_or_default(),
                    "lastUpdated": cells.get(2).cloned().unwrap_or_default(),
                }));
            }
        }
    }
    // What the result tab shows: whether GSK lists a result summary for the study.
    d.fields.results_public_access =
        Some(if documents.is_empty() { "No result summary listed" } else { "Result summary posted" }.to_owned());
    if !documents.is_empty() {
        d.fields.extra.insert("resultDocuments".into(), Value::Array(documents));
    }
    let references: Vec<Reference> = rows
        .cells("Citation")
        .filter_map(block)
        .map(|citation| Reference { citation: Some(citation), ..Default::default() })
        .collect();
    if !references.is_empty() {
        d.protocol.references_module = Some(ReferencesModule { references, ..Default::default() });
    }
}
