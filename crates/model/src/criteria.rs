//! Eligibility criteria text split into inclusion and exclusion items.
//!
//! Registries write criteria as one text: CT.gov as markdown bullets under
//! "Inclusion Criteria:" / "Exclusion Criteria:", legacy XML with " - " bullets,
//! aggregator pages squeezed onto one line ("Inclusion Criteria: - a; - b; Exclusion
//! Criteria: - c"), ChiCTR as numbered runs ("1. a; 2. b"). `split` reads all of them.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    pub inclusion: Vec<String>,
    pub exclusion: Vec<String>,
    /// Text outside both headings (a preamble, or criteria with no heading at all).
    pub other: Vec<String>,
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\n|[.;]\s+)[ \t]*(?:[-*#•]+\s*)?(?:key |main |general |major |additional )?(inclusion|exclusion)(?: criteria| criterion)?\b[^:\n]{0,40}:|(?im)^[ \t]*(?:key |main )?(inclusion|exclusion)(?: criteria)?[ \t]*$",
    )
    .expect("heading pattern")
});

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*•·▪◦]|\d{1,3}[.)、]|\(\d{1,3}\)|[a-z][.)])\s*").expect("bullet pattern"));

static INLINE_DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\s)-\s+").expect("dash pattern"));

/// Splits criteria text into inclusion, exclusion and other items.
pub fn split(text: &str) -> Criteria {
    let mut out = Criteria::default();
    let mut sections: Vec<(usize, usize, bool)> = Vec::new(); // (heading start, body start, is_inclusion)
    for caps in HEADING.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let word = caps.get(1).or_else(|| caps.get(2)).expect("one group").as_str();
        sections.push((whole.start(), whole.end(), word.eq_ignore_ascii_case("inclusion")));
    }
    let preamble_end = sections.first().map_or(text.len(), |s| s.0);
    out.other = items(&text[..preamble_end]);
    for (i, &(_, body_start, is_inclusion)) in sections.iter().enumerate() {
        let body_end = sections.get(i + 1).map_or(text.len(), |s| s.0);
        let body = items(&text[body_start..body_end]);
        if is_inclusion {
            out.inclusion.extend(body);
        } else {
            out.exclusion.extend(body);
        }
    }
    out
}

/// Items of one section: bullet lines, continuation lines joined to their item,
/// one-line runs split at their dashes or at consecutive numbers.
fn items(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() == 1 {
        return split_one_line(lines[0]);
    }
    let mut out: Vec<String> = Vec::new();
    let mut continuing = false;
    for line in lines {
        let bulleted = BULLET.is_match(line);
        let text = BULLET.replace(line, "");
        let text = clean_item(&text);
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if !bulleted && continuing => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        continuing = bulleted || continuing;
    }
    out
}

fn split_one_line(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    if trimmed.starts_with("- ") || trimmed.contains("; - ") || trimmed.contains(". - ") {
        return INLINE_DASH.split(trimmed).map(clean_item).filter(|s| !s.is_empty()).collect();
    }
    if let Some(numbered) = split_numbered(trimmed) {
        return numbered;
    }
    let item = clean_item(&BULLET.replace(trimmed, ""));
    if item.is_empty() { Vec::new() } else { vec![item] }
}

/// "1. a; 2. b; 3. c" → [a, b, c]; only when the numbers run 1, 2, 3… in order.
fn split_numbered(line: &str) -> Option<Vec<String>> {
    let mut cuts = Vec::new();
    let mut next = 1;
    let mut search_from = 0;
    loop {
        let marker_dot = format!("{next}.");
        let marker_paren = format!("{next})");
        let marker_cn = format!("{next}、");
        let found = [&marker_dot, &marker_paren, &marker_cn]
            .iter()
            .filter_map(|m| {
                line[search_from..]
                    .match_indices(m.as_str())
                    .map(|(i, _)| i + search_from)
                    .find(|&at| {
                        let before_ok = at == 0
                            || line[..at].ends_with(char::is_whitespace)
                            || line[..at].ends_with([';', '；', '。']);
                        let after = &line[at + m.len()..];
                        before_ok && !after.starts_with(|c: char| c.is_ascii_digit())
                    })
                    .map(|at| (at, m.len()))
            })
            .min();
        match found {
            Some((at, len)) => {
                cuts.push((at, at + len));
                search_from = at + len;
                next += 1;
            }
            None => break,
        }
    }
    if cuts.len() < 2 || cuts[0].0 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for (i, &(_, body_start)) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map_or(line.len(), |c| c.0);
        let item = clean_item(&line[body_start..end]);
        if !item.is_empty() {
            out.push(item);
        }
    }
    Some(out)
}

fn clean_item(s: &str) -> String {
    s.trim().trim_end_matches([';', '；']).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctgov_markdown_bullets() {
        let c = split(
            "Inclusion Criteria:\n\n* Age 18 or older\n* Signed consent\n\nExclusion Criteria:\n\n* Pregnancy\n  continued line\n* HIV",
        );
        assert_eq!(c.inclusion, ["Age 18 or older", "Signed consent"]);
        assert_eq!(c.exclusion, ["Pregnancy continued line", "HIV"]);
        assert!(c.other.is_empty());
    }

    #[test]
    fn one_line_with_dashes_as_aggregators_print_it() {
        let c = split(
            "Inclusion Criteria: - 18-70 years old; - ALS -like signs; Exclusion Criteria: - Allergic to IL2; - Pregnant",
        );
        assert_eq!(c.inclusion, ["18-70 years old", "ALS -like signs"]);
        assert_eq!(c.exclusion, ["Allergic to IL2", "Pregnant"]);
    }

    #[test]
    fn numbered_runs_split_only_in_sequence() {
        let c = split("Exclusion criteria: 1. Tumour; 2. Dose 1.5 mg/kg; 3. Pregnant");
        assert_eq!(c.exclusion, ["Tumour", "Dose 1.5 mg/kg", "Pregnant"]);
        assert!(c.inclusion.is_empty());
    }

    #[test]
    fn criteria_without_headings_are_other() {
        let c = split("Adults with asthma.");
        assert_eq!(c.other, ["Adults with asthma."]);
        assert!(c.inclusion.is_empty() && c.exclusion.is_empty());
    }

    #[test]
    fn a_mention_inside_an_item_is_not_a_heading() {
        let c = split("Inclusion Criteria:\n- meets the exclusion criteria of study B is fine\n- adult");
        assert_eq!(c.inclusion.len(), 2);
        assert!(c.exclusion.is_empty());
    }
}
