//! EU Clinical Trials Register text download: a preamble, then one block per trial and
//! member state, each opening with a "Summary" line ("EudraCT Number: …", "Link: …") and
//! going on with sections "A. Protocol Information" … "P. End of Trial" of numbered lines
//! ("A.3 Full title of the trial: …", "A.3 Full title of the trial (es): …"). A value may
//! run over several lines; a line that starts no field continues the one before.
//! Every block is one record, read through the shared `euctr` field table.

use trialdex_model::SourceFormat;

use super::euctr::{self, Field, Fields, split_code, split_label};
use crate::{Diagnostic, Parsed, decode::decode, finish::finish};

/// Section titles after their letter ("A. Protocol Information").
const SECTIONS: [&str; 10] = [
    "protocol information",
    "sponsor information",
    "applicant identification",
    "imp identification",
    "general information on the trial",
    "population of trial subjects",
    "investigator networks",
    "review by the competent authority",
    "end of trial",
    "third country",
];

/// Lines that head a group and hold no value of their own.
const HEADINGS: [&str; 2] = ["MedDRA Classification", "The IMP is a:"];

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.trim() == "Summary").map(|(i, _)| i).collect();
    if starts.is_empty() {
        return Parsed::failed(
            "expected EU CTR trial blocks opening with a \"Summary\" line followed by \"EudraCT Number: …\", found none",
        );
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let block = lines.get(start + 1..end).unwrap_or(&[]);
        let at = format!("line {}", start + 1);
        let fields = read_block(block);
        let has_id = fields.list.iter().any(|f| {
            (f.code == "Summary" && f.label.eq_ignore_ascii_case("EudraCT Number") || f.code == "A.2")
                && !f.value.trim().is_empty()
        });
        if !has_id {
            parsed.diagnostics.push(
                Diagnostic::error(format!(
                    "expected \"EudraCT Number: …\" in the block's summary, found {} fields and no EudraCT number",
                    fields.list.len()
                ))
                .at(at),
            );
            continue;
        }
        let mut study = euctr::build(&fields);
        finish(&mut study, SourceFormat::EuctrText);
        parsed.records.push(study);
    }
    parsed
}

/// The fields of one block, in order.
fn read_block(lines: &[&str]) -> Fields {
    let mut fields = Fields::default();
    let mut section = 'S';
    // Whether the last field may take continuation lines (not after a heading line).
    let mut open = false;
    for line in lines {
        let line = line.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if open && let Some(last) = fields.list.last_mut() {
                last.value.push('\n');
            }
            continue;
        }
        if let Some(letter) = section_heading(trimmed) {
            section = letter;
            open = false;
            continue;
        }
        if section == 'S' {
            let (label, value) = split_label(trimmed);
            if !value.is_empty() || trimmed.ends_with(':') {
                fields.list.push(Field::new("Summary", label, value));
                open = true;
            } else {
                continue_last(&mut fields, open, line);
            }
            continue;
        }
        if let Some(number) = trimmed.strip_prefix("Sponsor ").filter(|n| n.parse::<u32>().is_ok()) {
            fields.list.push(Field::new("B.Sponsor", "", number));
            open = false;
            continue;
        }
        if HEADINGS.contains(&trimmed) {
            open = false;
            continue;
        }
        match split_code(trimmed).filter(|(code, _)| belongs_to(code, section)) {
            Some((code, rest)) => {
                let (label, value) = split_label(rest);
                fields.list.push(Field::new(&code, label, value));
                open = true;
            }
            None => continue_last(&mut fields, open, line),
        }
    }
    fields
}

/// A line that starts no field: the next line of the last field's value, or, with no
/// field open, a line kept on its own so nothing is lost.
fn continue_last(fields: &mut Fields, open: bool, line: &str) {
    match fields.list.last_mut() {
        Some(last) if open => {
            last.value.push('\n');
            last.value.push_str(line);
        }
        _ => {
            fields.list.push(Field::new("", "", line));
        }
    }
}

/// "A. Protocol Information" → 'A'.
fn section_heading(line: &str) -> Option<char> {
    let (code, rest) = split_code(line)?;
    let mut chars = code.chars();
    let (letter, dot, end) = (chars.next()?, chars.next()?, chars.next());
    if dot != '.' || end.is_some() && !code.starts_with("H.4") {
        return None;
    }
    let rest = rest.trim().to_ascii_lowercase();
    // "P. End of Trial Status: Ongoing" is a field of section P, not its heading.
    if rest.contains(':') {
        return None;
    }
    SECTIONS.iter().any(|s| rest.starts_with(s)).then_some(letter)
}

/// A field's code must be of the section it is in; a bare "N." or "P." only in N and P,
/// so that "E. coli" in a criteria line stays text.
fn belongs_to(code: &str, section: char) -> bool {
    code.starts_with(section) && (code.len() > 2 || matches!(section, 'N' | 'P'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_join_their_field_and_headings_open_sections() {
        let block = [
            "EudraCT Number: 2022-002568-62",
            "Link: https://www.clinicaltrialsregister.eu/ctr-search/trial/2022-002568-62/ES/",
            "",
            "E. General Information on the Trial",
            "E.3 Principal inclusion criteria: 1. Adults",
            "E. coli infection: excluded",
            "E.8.6.3 If E.8.6.1 or E.8.6.2 are Yes, specify the regions in which trial sites are planned:",
            "United States",
            "P. End of Trial",
            "P. End of Trial Status: Ongoing",
        ];
        let fields = read_block(&block);
        let codes: Vec<&str> = fields.list.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["Summary", "Summary", "E.3", "E.8.6.3", "P."]);
        assert_eq!(fields.list[2].value, " 1. Adults\nE. coli infection: excluded");
        assert_eq!(fields.list[3].value.trim(), "United States");
    }

    #[test]
    fn a_block_without_an_eudract_number_is_an_error_and_the_next_goes_on() {
        let text = "Summary\nTrial Status: Ongoing\n\nSummary\nEudraCT Number: 2021-002179-21\n";
        let parsed = parse(text.as_bytes());
        assert_eq!(parsed.records.len(), 1);
        let error = parsed.errors().next().unwrap();
        assert_eq!(error.record.as_deref(), Some("line 1"));
        assert!(error.message.starts_with("expected \"EudraCT Number: …\""), "{error}");
    }
}
