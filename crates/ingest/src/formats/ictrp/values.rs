//! ICTRP's free-text values read into CT.gov enums: recruitment status, phase, study
//! type, ages, sex, target size, dates. A value that means one CT.gov value clearly is
//! mapped; anything else is kept as written and warned about.

use trialdex_model::macros::fold_label;
use trialdex_model::*;

use super::{Draft, fragment_inline};

const STATUS: &str = "protocolSection.statusModule.overallStatus";
const PHASES: &str = "protocolSection.designModule.phases";
const STUDY_TYPE: &str = "protocolSection.designModule.studyType";
const ELIGIBILITY: &str = "protocolSection.eligibilityModule";

/// "Recruiting", "Pending" map; "Not recruiting" (not yet, active or finished?) and
/// EU CTR's "Authorised" say too little, and are kept in `recruitmentStatusText`.
pub(super) fn status(raw: Option<String>, d: &mut Draft) -> Option<Status> {
    let Some(text) = raw.as_deref().and_then(fragment_inline) else {
        d.warn(STATUS, "the record gives no recruitment status");
        return None;
    };
    let folded = fold_label(&text);
    let mapped = match folded.as_str() {
        // ICTRP: "Pending: participants are not yet being recruited or enrolled".
        "pending" => Some(Status::NotYetRecruiting),
        "complete" => Some(Status::Completed),
        _ => Status::from_label(&text),
    };
    match &mapped {
        Some(status) if fold_label(status.as_str()) == folded => {}
        Some(_) => d.fields.recruitment_status_text = Some(text),
        None => {
            d.warn(
                STATUS,
                format!(
                    "{text:?} names no single CT.gov status; kept in registrySection.registryFields.recruitmentStatusText"
                ),
            );
            d.fields.recruitment_status_text = Some(text);
        }
    }
    mapped
}

/// "Phase 2/Phase 3", "2-3", "Phase II", "N/A", and EU CTR's yes/no list
/// ("Human pharmacology (Phase I): no …"). ChiCTR's bare "0" is its default, given to
/// observational and diagnostic studies alike, so it is not read as Phase 0.
pub(super) fn phases(raw: Option<String>, interventional: bool, d: &mut Draft) -> Vec<Phase> {
    let Some(text) = raw.as_deref().and_then(fragment_inline) else {
        if interventional {
            d.warn(PHASES, "the record gives no phase for an interventional study");
        }
        return Vec::new();
    };
    let phases = if text.contains("(Phase I)") {
        d.fields.study_phase_text = Some(text.clone());
        eu_phases(&text)
    } else if text.trim() == "0" {
        Vec::new()
    } else {
        Phase::parse_labels(&text.replace('|', "/"))
    };
    if phases.is_empty() {
        d.warn(
            PHASES,
            format!("{text:?} names no CT.gov phase; kept in registrySection.registryFields.studyPhaseText"),
        );
        d.fields.study_phase_text = Some(text);
    }
    phases
}

/// The phases EU CTR marks "yes", in order.
fn eu_phases(text: &str) -> Vec<Phase> {
    let labels = [
        ("(Phase I)", Phase::Phase1),
        ("(Phase II)", Phase::Phase2),
        ("(Phase III)", Phase::Phase3),
        ("(Phase IV)", Phase::Phase4),
    ];
    labels
        .into_iter()
        .filter(|(label, _)| {
            text.find(label).is_some_and(|at| {
                let answer = text[at + label.len()..].trim_start_matches([':', ' ', '-']);
                answer.get(..3).is_some_and(|a| a.eq_ignore_ascii_case("yes"))
            })
        })
        .map(|(_, phase)| phase)
        .collect()
}

/// "Interventional study", "Observational [Patient Registry]", EU CTR's "Interventional
/// clinical trial of medicinal product". ChiCTR's "Diagnostic test" or "Prognosis study"
/// do not say whether the study intervenes: kept `Unlisted`.
pub(super) fn study_type(raw: Option<String>, d: &mut Draft) -> Option<StudyType> {
    let Some(text) = raw.as_deref().and_then(fragment_inline) else {
        d.warn(STUDY_TYPE, "the record gives no study type");
        return None;
    };
    let folded = fold_label(&text);
    if folded.contains("patientregistry") {
        d.design().patient_registry = Some(true);
    }
    let mapped = StudyType::from_label(&text).or_else(|| {
        [("interventional", StudyType::Interventional), ("observational", StudyType::Observational)]
            .into_iter()
            .find(|(prefix, _)| folded.starts_with(prefix))
            .map(|(_, kind)| kind)
    });
    Some(mapped.unwrap_or_else(|| {
        d.warn(STUDY_TYPE, format!("{text:?} is no CT.gov study type; kept as written"));
        StudyType::Unlisted(text)
    }))
}

/// What an age limit says.
#[derive(Debug, PartialEq)]
pub(super) enum Age {
    /// CT.gov's spelling: "18 Years", "6 Months".
    Limit(String),
    /// "N/A", "No limit", "None".
    NoLimit,
    Unread,
}

/// "18", "18 Years", "18Y", "60(Year)", "16years-old", ">= 20age old", "No limit".
/// A bare number is years, as ICTRP writes it.
pub(super) fn age(text: &str) -> Age {
    let text = text.trim();
    let folded = fold_label(text);
    if ["na", "none", "nolimit", "notapplicable", "nomaximumage", "nominimumage"].contains(&folded.as_str()) {
        return Age::NoLimit;
    }
    let number_start = text.trim_start_matches([' ', '>', '<', '=', '≥', '≤']);
    let strict = text.starts_with(['>', '<']) && !text.contains('=');
    let digits: String = number_start.chars().take_while(char::is_ascii_digit).collect();
    let Ok(number) = digits.parse::<u32>() else { return Age::Unread };
    let unit = fold_label(&number_start[digits.len()..]);
    let unit = match unit.as_str() {
        "" | "y" | "year" | "years" | "yearsold" | "yearold" | "ageold" => "Year",
        "m" | "month" | "months" => "Month",
        "w" | "week" | "weeks" => "Week",
        "d" | "day" | "days" => "Day",
        "h" | "hour" | "hours" => "Hour",
        _ => return Age::Unread,
    };
    // "> 18" excludes 18 itself; "18.5" and "65+" are not whole limits either.
    if strict || number_start[digits.len()..].trim_start().starts_with(['.', '+', ',']) {
        return Age::Unread;
    }
    Age::Limit(format!("{number} {unit}{}", if number == 1 { "" } else { "s" }))
}

/// Reads one age limit into the eligibility module; an unreadable one is kept in
/// `registryFields` under `minimumAgeText`/`maximumAgeText` and warned about.
pub(super) fn age_limit(raw: Option<String>, key: &str, d: &mut Draft) -> Option<String> {
    let text = raw.as_deref().and_then(fragment_inline)?;
    match age(&text) {
        // A maximum of 0 is a placeholder, not a limit.
        Age::Limit(limit) if !(key == "maximumAge" && limit.starts_with("0 ")) => Some(limit),
        Age::NoLimit => None,
        _ => {
            d.warn(
                format!("{ELIGIBILITY}.{key}"),
                format!("{text:?} is no age limit trialdex can read; kept in registrySection.registryFields.{key}Text"),
            );
            let kept =
                if key == "maximumAge" { &mut d.fields.maximum_age_text } else { &mut d.fields.minimum_age_text };
            *kept = Some(text);
            None
        }
    }
}

/// "Both", "All", "Male", "Females", "Male and Female", "<br>Female: yes<br>Male: no<br>".
pub(super) fn sex(raw: Option<String>, d: &mut Draft) -> Option<Sex> {
    let text = raw.as_deref().and_then(fragment_inline)?;
    let lower = text.to_lowercase();
    let answers = (answer_after(&lower, "female:"), answer_after(&lower, "male:"));
    let folded = fold_label(&text);
    let mapped = match answers {
        (Some(true), Some(true)) => Some(Sex::All),
        (Some(true), Some(false)) => Some(Sex::Female),
        (Some(false), Some(true)) => Some(Sex::Male),
        (Some(_), _) | (_, Some(_)) => None,
        _ => Sex::from_label(&text).or_else(|| match folded.as_str() {
            "females" => Some(Sex::Female),
            "males" => Some(Sex::Male),
            f if f.contains("both") || f.replacen("female", "", 1).contains("male") && f.contains("female") => {
                Some(Sex::All)
            }
            _ => None,
        }),
    };
    Some(mapped.unwrap_or_else(|| {
        d.warn(format!("{ELIGIBILITY}.sex"), format!("{text:?} is no CT.gov sex value; kept as written"));
        Sex::Unlisted(text)
    }))
}

/// The yes/no after a label that stands as a word ("male:" inside "female:" does not count).
fn answer_after(lower: &str, label: &str) -> Option<bool> {
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(label)) {
        let at = from + found;
        from = at + label.len();
        if lower[..at].chars().next_back().is_some_and(char::is_alphabetic) {
            continue;
        }
        let answer = lower[from..].trim_start();
        return match () {
            _ if answer.starts_with("yes") => Some(true),
            _ if answer.starts_with("no") => Some(false),
            _ => None,
        };
    }
    None
}

/// "500", or ChiCTR's per-group "Experimental group:30;Control group:30;": the groups go
/// to `groupSizes` and the enrollment is their sum when every group gives a number.
pub(super) fn target_size(raw: Option<String>, d: &mut Draft) -> Option<i64> {
    const FIELD: &str = "protocolSection.designModule.enrollmentInfo";
    let text = raw.as_deref().and_then(fragment_inline)?;
    if let Ok(count) = text.replace(',', "").trim().parse::<i64>() {
        return Some(count);
    }
    let mut sizes = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (label, size) = match part.rsplit_once(':') {
            Some((label, size)) => (Some(label.trim().to_owned()), size.trim().parse::<i64>().ok()),
            None => (None, part.parse::<i64>().ok()),
        };
        d.fields.group_sizes.push(GroupSize { label, size, ..Default::default() });
        sizes.push(size);
    }
    let total = sizes.iter().try_fold(0i64, |sum, size| sum.checked_add((*size)?));
    if total.is_none() || sizes.is_empty() {
        d.warn(FIELD, format!("target size {text:?} gives no number for every group; no enrollment is derived"));
        d.fields.target_size_text = Some(text.to_owned());
    }
    total.filter(|_| !sizes.is_empty())
}

/// A date as ICTRP writes it: "2020-02-17", "18/03/2020" (day first), "April 25, 2024",
/// "20200217". An unreadable date is warned about with its text.
pub(super) fn date(raw: Option<String>, field: &str, d: &mut Draft) -> Option<PartialDate> {
    let text = raw.as_deref().and_then(fragment_inline)?;
    let compact = (text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]));
    match PartialDate::parse_day_first(compact.as_deref().unwrap_or(&text)) {
        Ok(date) => Some(date),
        Err(_) => {
            d.warn(field, format!("expected a date, found {text:?}; left out"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_every_spelling_of_the_corpus() {
        let limit = |s: &str| Age::Limit(s.to_owned());
        for (raw, expect) in [
            ("18", limit("18 Years")),
            ("18 Years", limit("18 Years")),
            ("18Y", limit("18 Years")),
            ("1 Year", limit("1 Year")),
            ("6 Months", limit("6 Months")),
            ("28 Days", limit("28 Days")),
            ("60(Year)", limit("60 Years")),
            ("16years-old", limit("16 Years")),
            (">= 20age old", limit("20 Years")),
            ("<= 85age old", limit("85 Years")),
            ("N/A", Age::NoLimit),
            ("No limit", Age::NoLimit),
            ("None", Age::NoLimit),
            ("no maximum age", Age::NoLimit),
            ("65+", Age::Unread),
            ("0.1", Age::Unread),
            ("??", Age::Unread),
            ("-", Age::Unread),
            ("> 18", Age::Unread),
        ] {
            assert_eq!(age(raw), expect, "{raw}");
        }
    }

    #[test]
    fn eu_phase_lists_read_the_phases_marked_yes() {
        let text = "Human pharmacology (Phase I): no Therapeutic exploratory (Phase II): yes \
                    Therapeutic confirmatory - (Phase III): yes Therapeutic use (Phase IV): no";
        assert_eq!(eu_phases(text), [Phase::Phase2, Phase::Phase3]);
    }

    #[test]
    fn female_is_not_read_as_male() {
        assert_eq!(answer_after("female: yes male: no", "male:"), Some(false));
        assert_eq!(answer_after("female: yes male: no", "female:"), Some(true));
        assert_eq!(answer_after("female: yes", "male:"), None);
    }
}
