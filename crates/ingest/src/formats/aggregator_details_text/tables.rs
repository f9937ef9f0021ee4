//! The two tables of the details page whose columns the copy ran together: locations
//! and outcomes.

use super::*;

impl<'a> Page<'a> {
    /// "Country Name City State" rows with their columns run together. The country comes
    /// from the page's country list, the facility from the names the page gives elsewhere
    /// (source, sponsors); what is left is the city and state.
    pub(super) fn locations(&mut self, study: &mut Study) {
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
                        [city, state] => {
                            (site.city, site.state) = (Some((*city).to_owned()), Some((*state).to_owned()))
                        }
                        _ => {
                            site.city = Some(place.join(" "));
                            self.warnings.push(Warning::new(
                                "protocolSection.contactsLocationsModule.locations.city",
                                "the page runs city and state together; kept as one",
                            ));
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
            fields.countries = countries;
        }
    }

    /// "Type Measure Description Time frame Safety issue" rows with their columns run
    /// together. The type is the first word; the time frame is the closing run of time
    /// words ("week 0,week 24 and week 48"); the description starts at the first
    /// sentence-like word ("Changes in …"). That is wording, not structure: warned.
    pub(super) fn outcomes(&mut self, study: &mut Study) {
        let mut m = trialdex_model::OutcomesModule::default();
        for row in self.section("Outcome") {
            let Some((kind, body)) = row.split_once(' ') else {
                continue;
            };
            let list = match fold_label(kind).as_str() {
                "primary" => &mut m.primary_outcomes,
                "secondary" => &mut m.secondary_outcomes,
                "other" => &mut m.other_outcomes,
                _ => continue,
            };
            let (rest, time_frame) = split_time_frame(body);
            let (measure, description) = split_description(rest);
            list.push(Outcome {
                measure: non_empty(measure),
                description: non_empty(description),
                time_frame: time_frame.and_then(non_empty),
                ..Default::default()
            });
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
    let words: Vec<(usize, &str)> =
        body.match_indices(|c: char| !c.is_whitespace()).fold(Vec::new(), |mut acc, (i, _)| {
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
    let has_number =
        words[start..].iter().any(|(_, w)| w.chars().any(|c| c.is_ascii_digit()) || w.eq_ignore_ascii_case("baseline"));
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
    let capitalised =
        |w: &str| w.starts_with(|c: char| c.is_uppercase()) && w.chars().skip(1).all(|c| c.is_lowercase());
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
        assert_eq!(
            split_time_frame("Changes in the rate period week 0,week 24 and week 48"),
            ("Changes in the rate period", Some("week 0,week 24 and week 48"))
        );
        assert_eq!(
            split_time_frame("Analysis before treatment. week 0 and week 24"),
            ("Analysis before treatment.", Some("week 0 and week 24"))
        );
        assert_eq!(split_time_frame("Score at weeks and"), ("Score at weeks and", None));
    }

    #[test]
    fn descriptions_start_at_a_sentence_like_word() {
        assert_eq!(split_description("ALSFRS-R score Changes in the rate"), ("ALSFRS-R score", "Changes in the rate"));
        assert_eq!(
            split_description("Immunological Responses Analysis regulatory CD4+"),
            ("Immunological Responses", "Analysis regulatory CD4+")
        );
        assert_eq!(split_description("NFL in the serum"), ("NFL in the serum", ""));
    }
}
