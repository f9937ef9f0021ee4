//! Central contacts, locations and investigators of the classic page.

use super::*;

impl<'a> Page<'a> {
    /// Central contacts, then locations grouped under "Country[, State]" lines: facility
    /// (and site status), address, site contacts. Then the investigators table.
    pub(super) fn contacts_and_locations(&mut self, study: &mut Study, from: Option<usize>) {
        let start = self
            .lines
            .iter()
            .position(|l| l.starts_with("Please refer to this study"))
            .map(|i| i + 1)
            .or(from)
            .unwrap_or(self.lines.len());
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
fn read_locations(
    places: Vec<(Vec<&str>, Vec<Contact>)>,
    warnings: &mut Vec<Warning>,
) -> Vec<trialdex_model::Location> {
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
            mapped(
                s,
                RecruitmentStatus::from_label,
                RecruitmentStatus::Unlisted,
                "protocolSection.contactsLocationsModule.locations.status",
                warnings,
            )
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
    let Some(at) = parts.iter().rposition(|p| p.eq_ignore_ascii_case(country)) else {
        return;
    };
    site.city = parts.first().filter(|_| at > 0).cloned();
    site.state = (at > 1).then(|| parts[1..at].join(", "));
    site.country = Some(parts[at].clone());
    site.zip = non_empty(&parts[at + 1..].join(", "));
}
