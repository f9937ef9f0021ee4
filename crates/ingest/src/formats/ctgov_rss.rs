//! ClinicalTrials.gov search RSS feed: one `<item>` per study found, with its title,
//! NCT id (`guid`), a publication date and an HTML description naming conditions,
//! interventions, sponsors and the recruitment status:
//!
//! `<b>Condition</b>: COVID-19<br/><b>Interventions</b>: Drug: A;   Drug: B<br/>
//!  <b>Sponsors</b>: X;   Y<br/><b>Recruiting</b> - verified June 2016`
//!
//! Each item becomes a summary record with a warning that it is one: everything the
//! feed does not show (phase, dates, eligibility…) is left empty.

use trialdex_model::*;

use super::ctgov_xml::tree::{self, Element};
use crate::{
    Diagnostic, Parsed,
    decode::decode,
    finish::finish,
    text::{decode_entities, non_empty},
};

const SUMMARY_WARNING: &str = "a search-feed summary, not a full record: only the title, conditions, \
interventions, sponsors and status are shown; read the study's own record for the rest";

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let doc = tree::read(&text);
    if let Some(error) = doc.error {
        parsed.diagnostics.push(Diagnostic::error(error));
        return parsed;
    }
    let Some(channel) = doc.roots.iter().find(|r| r.name == "rss").and_then(|rss| rss.child("channel")) else {
        let found = doc.roots.first().map_or("no element at all".to_owned(), |r| format!("<{}>", r.name));
        parsed.diagnostics.push(Diagnostic::error(format!("expected an <rss> feed with a <channel>, found {found}")));
        return parsed;
    };
    for (i, item) in channel.all("item").enumerate() {
        match read_item(item) {
            Some(study) => parsed.records.push(study),
            None => parsed.diagnostics.push(
                Diagnostic::error("expected an item with a guid (NCT id) or a title, found neither")
                    .at(format!("item[{i}]")),
            ),
        }
    }
    if parsed.records.is_empty() && parsed.errors().next().is_none() {
        parsed.diagnostics.push(Diagnostic::note("feed holds no items"));
    }
    parsed
}

fn read_item(item: &Element) -> Option<Study> {
    let nct_id = item.text_of("guid");
    let brief_title = item.text_of("title");
    if nct_id.is_none() && brief_title.is_none() {
        return None;
    }
    // The link only repeats the id with the search's parameters; finish() sets the study's page.
    let _ = item.child("link");
    let summary = item.child("description").map(|d| read_description(&d.text)).unwrap_or_default();
    let mut warnings = vec![Warning::new("registrySection.sourceFormat", SUMMARY_WARNING)];
    let overall_status = summary.status.as_deref().map(|s| {
        Status::from_label(s).unwrap_or_else(|| {
            warnings.push(Warning::new(
                "protocolSection.statusModule.overallStatus",
                format!("{s:?} is no CT.gov status; kept as written"),
            ));
            Status::Unlisted(s.to_owned())
        })
    });
    if overall_status.is_none() {
        warnings.push(Warning::new("protocolSection.statusModule.overallStatus", "the feed item shows no status"));
    }
    let mut sponsors = summary.sponsors.into_iter().map(|name| Sponsor { name: Some(name), ..Sponsor::default() });
    let protocol = ProtocolSection {
        identification_module: Some(IdentificationModule { nct_id, brief_title, ..Default::default() }),
        status_module: Some(StatusModule {
            overall_status,
            status_verified_date: summary.verified,
            ..StatusModule::default()
        }),
        sponsor_collaborators_module: Some(SponsorCollaboratorsModule {
            lead_sponsor: sponsors.next(),
            collaborators: sponsors.collect(),
            ..Default::default()
        })
        .filter(|m| m.lead_sponsor.is_some()),
        conditions_module: Some(ConditionsModule { conditions: summary.conditions, ..Default::default() })
            .filter(|m| !m.conditions.is_empty()),
        arms_interventions_module: Some(ArmsInterventionsModule {
            interventions: summary.interventions,
            ..Default::default()
        })
        .filter(|m| !m.interventions.is_empty()),
        ..ProtocolSection::default()
    };
    // CT.gov dated each item by the day the study was first received (older feeds)
    // or first posted (later ones): the registration date, in either case.
    let registration_date = item.text_of("pubDate").and_then(|d| rfc822_date(&d));
    let mut study = Study { protocol_section: Some(protocol), ..Study::default() };
    let section = study.registry_section.get_or_insert_with(Default::default);
    section.warnings = warnings;
    if registration_date.is_some() {
        section.registry_fields = Some(RegistryFields { registration_date, ..Default::default() });
    }
    finish(&mut study, SourceFormat::CtgovRss);
    Some(study)
}

#[derive(Debug, Default)]
struct Summary {
    conditions: Vec<String>,
    interventions: Vec<Intervention>,
    sponsors: Vec<String>,
    status: Option<String>,
    verified: Option<PartialDate>,
}

/// Reads the description's `<b>Label</b>: value` lines and its last `<b>Status</b>` line.
fn read_description(html: &str) -> Summary {
    let mut summary = Summary::default();
    for line in html.split("<br/>").flat_map(|l| l.split("<br>")) {
        let Some(rest) = line.trim().strip_prefix("<b>") else {
            continue;
        };
        let Some((label, after)) = rest.split_once("</b>") else {
            continue;
        };
        let label = decode_entities(label);
        match after.trim_start().strip_prefix(':') {
            Some(value) => {
                let values = split_list(value);
                match label.trim() {
                    "Condition" | "Conditions" => summary.conditions = values,
                    "Intervention" | "Interventions" => {
                        summary.interventions = values.iter().map(|v| intervention(v)).collect();
                    }
                    "Sponsor" | "Sponsors" => summary.sponsors = values,
                    _ => {}
                }
            }
            None => {
                // "<b>Recruiting</b> - verified June 2016"
                summary.status = non_empty(&label);
                summary.verified = after.trim().strip_prefix("- verified").and_then(|d| PartialDate::parse(d).ok());
            }
        }
    }
    summary
}

/// Values are separated by ";" and a run of (possibly non-breaking) spaces; a ";"
/// followed by one space belongs to the value ("designs: 1) clear; 2) tinted").
fn split_list(value: &str) -> Vec<String> {
    let text = decode_entities(value);
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(';') {
        let gap = text.get(at + 1..).unwrap_or("").chars().take_while(|c| c.is_whitespace()).count();
        if gap >= 2 {
            out.extend(non_empty(text.get(start..at).unwrap_or("")));
            start = at + 1;
        }
    }
    out.extend(non_empty(text.get(start..).unwrap_or("")));
    out
}

/// "Drug: Placebo" → a DRUG named Placebo; text without a known type is all name.
fn intervention(value: &str) -> Intervention {
    if let Some((kind, name)) = value.split_once(':')
        && let Some(kind) = InterventionType::from_label(kind)
        && let Some(name) = non_empty(name)
    {
        return Intervention { kind: Some(kind), name: Some(name), ..Intervention::default() };
    }
    Intervention { name: Some(value.to_owned()), ..Intervention::default() }
}

/// "Thu, 11 Jun 2020 12:00:00 EDT" → 2020-06-11.
fn rfc822_date(value: &str) -> Option<PartialDate> {
    let after_weekday = value.split_once(',').map_or(value, |(_, rest)| rest);
    let words: Vec<&str> = after_weekday.split_whitespace().take(3).collect();
    PartialDate::parse(&words.join(" ")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_description_lines() {
        let html = "<b>Conditions</b>:    A;   B; still B<br/><b>Interventions</b>:    Drug: X;   Other thing<br/>\
                    <b>Sponsors</b>: \u{a0}  Lead &amp; Co;\u{a0}  Helper<br/><b>Active, not recruiting</b> - verified June 2016";
        let s = read_description(html);
        assert_eq!(s.conditions, ["A", "B; still B"]);
        assert_eq!(s.interventions[0].kind, Some(InterventionType::Drug));
        assert_eq!(s.interventions[0].name.as_deref(), Some("X"));
        assert_eq!(s.interventions[1].kind, None);
        assert_eq!(s.interventions[1].name.as_deref(), Some("Other thing"));
        assert_eq!(s.sponsors, ["Lead & Co", "Helper"]);
        assert_eq!(s.status.as_deref(), Some("Active, not recruiting"));
        assert_eq!(s.verified, Some(PartialDate::month(2016, 6)));
    }

    #[test]
    fn reads_rfc822_dates() {
        assert_eq!(rfc822_date("Thu, 11 Jun 2020 12:00:00 EDT"), Some(PartialDate::day(2020, 6, 11)));
        assert_eq!(rfc822_date("soon"), None);
    }
}
