//! What the parsers of trial pages copied as text share: the CT.gov classic page and
//! the two aggregator pages write ages, enrollment, masking, dates, contacts and
//! intervention types the same way, lose their table borders the same way, and need
//! the same "the page does not show it" warnings.

use trialdex_model::{
    Contact, DateStruct, DateType, DesignMasking, InterventionType, MaskingBlock, PartialDate, SourceFormat,
    StandardAge, Study, Warning, WhoMasked,
};

use crate::finish::finish;
use crate::text::clean_inline;
use crate::{Diagnostic, Parsed, decode::decode};

/// The page's lines, trimmed (a copied page carries stray spaces and no-break spaces).
/// The `parse` of every one-record page format: decode, split into lines, read.
pub(crate) fn parse_page(bytes: &[u8], read: impl FnOnce(&[&str]) -> Result<Study, String>) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    match read(&page_lines(&text)) {
        Ok(study) => parsed.records.push(study),
        Err(message) => parsed.diagnostics.push(Diagnostic::error(message)),
    }
    parsed
}

pub(crate) fn page_lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).collect()
}

/// The cells of a table row as the copy writes it ("a | b | |"): trimmed, empty ones dropped.
pub(crate) fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect()
}

/// The cells of a table row, empty ones kept in place ("ITP | | Phase 2 |" has an
/// empty second cell); only the empty cells after the closing border are dropped.
pub(crate) fn row_cells(line: &str) -> Vec<&str> {
    let mut out: Vec<&str> = line.split('|').map(str::trim).collect();
    while out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    out
}

/// A row's text without its closing cell border: "PKU-ITP030 |" → "PKU-ITP030".
pub(crate) fn strip_border(line: &str) -> &str {
    line.trim().trim_end_matches(|c: char| c == '|' || c.is_whitespace())
}

/// The module in `slot`, created empty if it is not there yet.
pub(crate) fn module<T: Default>(slot: &mut Option<T>) -> &mut T {
    slot.get_or_insert_with(T::default)
}

/// Stores `value` in `slot` unless it is empty, so a page that shows nothing of a
/// module does not get an empty one.
pub(crate) fn put<T: Default + PartialEq>(slot: &mut Option<T>, value: T) {
    *slot = (value != T::default()).then_some(value);
}

/// Maps a display label to a CT.gov enum; a label the enum does not know is kept
/// verbatim (`unlisted`) with a warning. `None` for an empty label.
pub(crate) fn mapped<T>(
    label: &str,
    from_label: fn(&str) -> Option<T>,
    unlisted: fn(String) -> T,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Option<T> {
    let label = clean_inline(label);
    if label.is_empty() {
        return None;
    }
    Some(from_label(&label).unwrap_or_else(|| {
        warnings.push(Warning::new(field, format!("{label:?} is no value CT.gov lists; kept as written")));
        unlisted(label)
    }))
}

/// Whether a date label says the date happened or is planned: "Actual Study Start Date",
/// "Estimated Primary Completion Date", "Est. completion date", "Anticipated …".
pub(crate) fn date_kind(label: &str) -> Option<DateType> {
    let first = label.split_whitespace().next().unwrap_or("");
    match first.trim_end_matches('.').to_ascii_lowercase().as_str() {
        "actual" => Some(DateType::Actual),
        "estimated" | "est" | "anticipated" | "expected" => Some(DateType::Estimated),
        _ => None,
    }
}

/// A date as the page writes it, with its kind; a value that is no date is left
/// out with a warning.
pub(crate) fn date_struct(
    value: &str,
    kind: Option<DateType>,
    field: &str,
    warnings: &mut Vec<Warning>,
) -> Option<DateStruct> {
    let date = partial_date(value, field, warnings)?;
    Some(DateStruct { date: Some(date), kind, ..Default::default() })
}

pub(crate) fn partial_date(value: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<PartialDate> {
    let value = clean_inline(value);
    if value.is_empty() {
        return None;
    }
    match PartialDate::parse(&value) {
        Ok(date) => Some(date),
        Err(e) => {
            warnings.push(Warning::new(field, format!("{e}; the value was left out")));
            None
        }
    }
}

/// The leading count of "120 participants", "1,200", "12 participants in 1 patient group".
pub(crate) fn leading_count(value: &str) -> Option<i64> {
    let digits: String =
        value.trim().chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// "Yes"/"No" as the pages write them.
pub(crate) fn yes_no(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// Eligible ages as the pages write them: "18 Years to 70 Years (Adult, Older Adult)",
/// "18 Years and older", "up to 17 Years (Child)", "Child, Adult, Older Adult".
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Ages {
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub standard: Vec<StandardAge>,
}

pub(crate) fn ages(value: &str) -> Option<Ages> {
    let value = clean_inline(value);
    let (range, groups) = match value.split_once('(') {
        Some((range, rest)) => (range.trim(), Some(rest.trim_end_matches(')'))),
        None => (value.as_str(), None),
    };
    let mut out = Ages::default();
    let standard_of = |list: &str| -> Option<Vec<StandardAge>> {
        list.split(',').map(|g| StandardAge::from_label(g.trim())).collect()
    };
    match groups.map(standard_of) {
        Some(Some(standard)) => out.standard = standard,
        Some(None) => return None,
        None => {}
    }
    let lower = range.to_ascii_lowercase();
    if let Some(max) = lower.strip_prefix("up to ") {
        out.maximum = age(range.get(range.len() - max.len()..)?);
        out.maximum.as_ref()?;
    } else if let Some((min, max)) = split_ci(range, " to ") {
        out.minimum = age(min);
        out.maximum = age(max);
        if out.minimum.is_none() || out.maximum.is_none() {
            return None;
        }
    } else if let Some(min) = lower.strip_suffix(" and older").or(lower.strip_suffix(" and over")) {
        out.minimum = age(range.get(..min.len())?);
        out.minimum.as_ref()?;
    } else if let Some(standard) = standard_of(range).filter(|_| groups.is_none() && !range.is_empty()) {
        out.standard = standard;
    } else if !range.is_empty() {
        return None;
    }
    Some(out)
}

/// "18 Years", "6 Months" — a number and a unit, as CT.gov writes ages.
fn age(s: &str) -> Option<String> {
    let s = clean_inline(s);
    let (number, unit) = s.split_once(' ')?;
    let units =
        ["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes"];
    (number.parse::<u32>().is_ok() && units.contains(&unit.to_ascii_lowercase().as_str())).then_some(s)
}

/// Splits at the first ASCII-case-insensitive occurrence of `sep`.
pub(crate) fn split_ci<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = s.to_ascii_lowercase().find(&sep.to_ascii_lowercase())?;
    Some((s.get(..at)?, s.get(at + sep.len()..)?))
}

/// "Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor)", "None (Open Label)".
pub(crate) fn masking(value: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<MaskingBlock> {
    let value = clean_inline(value);
    if value.is_empty() {
        return None;
    }
    let mut block = MaskingBlock::default();
    if let Some(masking) = DesignMasking::from_label(&value) {
        block.masking = Some(masking);
        return Some(block);
    }
    let (level, who) = match value.split_once('(') {
        Some((level, who)) => (level.trim(), who.trim_end_matches(')')),
        None => (value.as_str(), ""),
    };
    block.masking = mapped(level, DesignMasking::from_label, DesignMasking::Unlisted, field, warnings);
    let who_field = format!("{field}.whoMasked");
    block.who_masked = who
        .split(',')
        .filter_map(|w| mapped(w, WhoMasked::from_label, WhoMasked::Unlisted, &who_field, warnings))
        .collect();
    Some(block)
}

/// Where an intervention type label ("Drug:", "Dietary Supplement:") starts an item in
/// `text`: (start of the label, start of the name after the colon, the type, the label).
pub(crate) fn typed_items(text: &str) -> Vec<(usize, usize, InterventionType, &str)> {
    let mut out = Vec::new();
    for (colon, _) in text.match_indices(':') {
        let before = &text[..colon];
        let words: Vec<(usize, &str)> = word_starts(before).into_iter().rev().take(2).collect();
        // One-word labels ("Drug") and two-word ones ("Dietary Supplement").
        for take in 1..=words.len() {
            let start = words[take - 1].0;
            let label = &before[start..];
            // A label never spans an earlier colon, so items never overlap.
            if label.starts_with(|c: char| c.is_uppercase())
                && !label.contains(':')
                && let Some(kind) = InterventionType::from_label(label)
            {
                out.push((start, colon + 1, kind, label));
                break;
            }
        }
    }
    out
}

/// Byte offsets and text of the words of `s`.
fn word_starts(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// A contact written in one run of text: "Zhuo-Yu An 15010638916 anzhuoyu@pku.edu.cn",
/// "Jane Doe, MD 555-123-4567 ext 12 jane@x.org". The email is the word with an '@';
/// the phone is the run of number-like words; the rest is the name.
pub(crate) fn contact_from_text(text: &str) -> Contact {
    let mut contact = Contact::default();
    let mut name: Vec<&str> = Vec::new();
    let mut phone: Vec<&str> = Vec::new();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        let bare = word.trim_end_matches([',', ';']);
        if bare.contains('@') && contact.email.is_none() {
            contact.email = Some(bare.to_owned());
        } else if !phone.is_empty() && bare.trim_end_matches('.').eq_ignore_ascii_case("ext") {
            contact.phone_ext = words.next().map(|e| e.trim_end_matches([',', ';']).to_owned());
        } else if is_phone_word(bare) && !name.is_empty() {
            phone.push(bare);
        } else {
            name.push(word);
        }
    }
    // A number too short to dial ("Site 01") belongs to the name.
    if phone.iter().flat_map(|w| w.chars()).filter(char::is_ascii_digit).count() < 6 {
        name.append(&mut phone);
        contact.phone_ext = None;
    }
    contact.name = (!name.is_empty()).then(|| name.join(" ").trim_end_matches(',').to_owned());
    contact.phone = (!phone.is_empty()).then(|| phone.join(" "));
    contact
}

/// A contact written as table cells: "Xiao-Hui Zhang, MD | 15010638916 | a@b.cn".
pub(crate) fn contact_from_cells(cells: &[&str]) -> Contact {
    let mut contact = Contact::default();
    for cell in cells {
        if cell.contains('@') && contact.email.is_none() {
            contact.email = Some((*cell).to_owned());
        } else if cell.split_whitespace().next().is_some_and(is_phone_word) && contact.phone.is_none() {
            let cleaned = clean_inline(cell);
            match split_ci(&cleaned, " ext") {
                Some((phone, ext)) => {
                    contact.phone = Some(phone.trim().to_owned());
                    contact.phone_ext = Some(ext.trim_start_matches('.').trim().to_owned()).filter(|e| !e.is_empty());
                }
                None => contact.phone = Some(cleaned),
            }
        } else if contact.name.is_none() {
            contact.name = Some(clean_inline(cell));
        }
    }
    contact
}

/// A word of a phone number: digits and + ( ) - . / only, at least one digit.
fn is_phone_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || "+()-./".contains(c))
}

/// Warns for each field a reader of a trial page expects but this record lacks,
/// unless the parser already said why. Observational studies have no phase.
pub(crate) fn warn_missing(study: &Study, warnings: &mut Vec<Warning>) {
    let p = study.protocol_section.as_ref();
    let id = p.and_then(|p| p.identification_module.as_ref());
    let status = p.and_then(|p| p.status_module.as_ref());
    let design = p.and_then(|p| p.design_module.as_ref());
    let eligibility = p.and_then(|p| p.eligibility_module.as_ref());
    let observational = design
        .and_then(|d| d.study_type.as_ref())
        .is_some_and(|t| !matches!(t, trialdex_model::StudyType::Interventional));
    let expected: [(&str, bool); 12] = [
        ("protocolSection.identificationModule.briefTitle", id.is_some_and(|m| m.brief_title.is_some())),
        ("protocolSection.statusModule.overallStatus", status.is_some_and(|m| m.overall_status.is_some())),
        ("protocolSection.statusModule.startDateStruct", status.is_some_and(|m| m.start_date_struct.is_some())),
        ("protocolSection.designModule.studyType", design.is_some_and(|m| m.study_type.is_some())),
        ("protocolSection.designModule.phases", observational || design.is_some_and(|m| !m.phases.is_empty())),
        (
            "protocolSection.designModule.enrollmentInfo",
            design.and_then(|m| m.enrollment_info.as_ref()).is_some_and(|e| e.count.is_some()),
        ),
        (
            "protocolSection.descriptionModule.briefSummary",
            p.and_then(|p| p.description_module.as_ref()).is_some_and(|m| m.brief_summary.is_some()),
        ),
        (
            "protocolSection.conditionsModule.conditions",
            p.and_then(|p| p.conditions_module.as_ref()).is_some_and(|m| !m.conditions.is_empty()),
        ),
        (
            "protocolSection.eligibilityModule.eligibilityCriteria",
            eligibility.is_some_and(|m| m.eligibility_criteria.is_some()),
        ),
        ("protocolSection.eligibilityModule.sex", eligibility.is_some_and(|m| m.sex.is_some())),
        (
            "protocolSection.sponsorCollaboratorsModule.leadSponsor",
            p.and_then(|p| p.sponsor_collaborators_module.as_ref()).is_some_and(|m| m.lead_sponsor.is_some()),
        ),
        (
            "protocolSection.outcomesModule.primaryOutcomes",
            p.and_then(|p| p.outcomes_module.as_ref()).is_some_and(|m| !m.primary_outcomes.is_empty()),
        ),
    ];
    for (field, present) in expected {
        let explained = warnings.iter().any(|w| w.field.as_deref().is_some_and(|f| f.starts_with(field)));
        if !present && !explained {
            warnings.push(Warning::new(field, "the page does not show it"));
        }
    }
}

/// The last step of each page parser: the warnings go into registrySection, then
/// `finish` fills the ids.
pub(crate) fn complete(mut study: Study, mut warnings: Vec<Warning>, format: SourceFormat) -> Study {
    warn_missing(&study, &mut warnings);
    module(&mut study.registry_section).warnings.extend(warnings);
    finish(&mut study, format);
    study
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_every_spelling_the_pages_use() {
        let a = ages("18 Years to 70 Years (Adult, Older Adult)").unwrap();
        assert_eq!((a.minimum.as_deref(), a.maximum.as_deref()), (Some("18 Years"), Some("70 Years")));
        assert_eq!(a.standard, [StandardAge::Adult, StandardAge::OlderAdult]);
        assert_eq!(ages("18 Years and older (Adult, Older Adult)").unwrap().minimum.as_deref(), Some("18 Years"));
        assert_eq!(ages("up to 17 Years (Child)").unwrap().maximum.as_deref(), Some("17 Years"));
        assert_eq!(ages("Child, Adult").unwrap().standard, [StandardAge::Child, StandardAge::Adult]);
        assert_eq!(ages("18 Years to 70 Years").unwrap().standard, []);
        assert_eq!(ages("adults only"), None);
    }

    #[test]
    fn masking_with_who_is_masked() {
        let mut w = Vec::new();
        let m =
            masking("Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor)", "m", &mut w).unwrap();
        assert_eq!(m.masking, Some(DesignMasking::Quadruple));
        assert_eq!(m.who_masked.len(), 4);
        assert_eq!(masking("None (Open Label)", "m", &mut w).unwrap().masking, Some(DesignMasking::None));
        assert!(w.is_empty());
    }

    #[test]
    fn intervention_type_labels_inside_a_run_of_text() {
        let text = "Other Name: Iremod Drug: Danazol Oral; Dietary Supplement: Fish oil";
        let labels: Vec<&str> = typed_items(text).iter().map(|item| item.3).collect();
        assert_eq!(labels, ["Drug", "Dietary Supplement"]);
    }

    #[test]
    fn contacts_in_one_run_of_text_or_in_cells() {
        let c = contact_from_text("Zhuo-Yu An 15010638916 anzhuoyu@pku.edu.cn");
        assert_eq!(
            (c.name.as_deref(), c.phone.as_deref(), c.email.as_deref()),
            (Some("Zhuo-Yu An"), Some("15010638916"), Some("anzhuoyu@pku.edu.cn"))
        );
        let c = contact_from_text("Xiao-hui Zhang, Professor zhangxh100@sina.com");
        assert_eq!((c.name.as_deref(), c.phone), (Some("Xiao-hui Zhang, Professor"), None));
        let c = contact_from_text("Jane Doe 555-123-4567 ext 12");
        assert_eq!((c.phone.as_deref(), c.phone_ext.as_deref()), (Some("555-123-4567"), Some("12")));
        let c = contact_from_cells(&["Xiao-Hui Zhang, MD", "15010638916", "a@b.cn"]);
        assert_eq!(
            (c.name.as_deref(), c.phone.as_deref(), c.email.as_deref()),
            (Some("Xiao-Hui Zhang, MD"), Some("15010638916"), Some("a@b.cn"))
        );
    }

    #[test]
    fn date_kinds_from_labels() {
        assert_eq!(date_kind("Actual Study Start Date"), Some(DateType::Actual));
        assert_eq!(date_kind("Est. completion date"), Some(DateType::Estimated));
        assert_eq!(date_kind("Start date"), None);
    }
}
