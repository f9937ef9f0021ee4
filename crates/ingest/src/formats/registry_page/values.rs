//! Page wording read into CT.gov values, shared by the registry-page readers (ANZCTR,
//! GSK, Takeda): what maps clearly is mapped, anything else is kept as written and warned.

use trialdex_model::macros::fold_label;
use trialdex_model::*;

pub(crate) const STATUS: &str = "protocolSection.statusModule.overallStatus";
pub(crate) const PHASES: &str = "protocolSection.designModule.phases";
pub(crate) const SEX: &str = "protocolSection.eligibilityModule.sex";

/// A date as the page writes it: "6/07/2005" (day first), "May 15, 2009", "September 2003".
pub(crate) fn date(text: &str, field: &str, warnings: &mut Vec<Warning>) -> Option<PartialDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match PartialDate::parse_day_first(text) {
        Ok(date) => Some(date),
        Err(_) => {
            warnings.push(Warning::new(field, format!("expected a date, found {text:?}; left out")));
            None
        }
    }
}

/// CT.gov's statuses by their labels, plus "Stopped early" (ANZCTR's word for a trial
/// ended before its time, CT.gov's Terminated). The page's wording is kept when it differs.
pub(crate) fn status(text: &str, fields: &mut RegistryFields, warnings: &mut Vec<Warning>) -> Option<Status> {
    let text = text.trim();
    if text.is_empty() {
        warnings.push(Warning::new(STATUS, "the page gives no recruitment status"));
        return None;
    }
    let mapped = match fold_label(text).as_str() {
        "stoppedearly" => Some(Status::Terminated),
        _ => Status::from_label(text),
    };
    match &mapped {
        Some(status) if fold_label(status.as_str()) == fold_label(text) => {}
        Some(_) => fields.recruitment_status_text = Some(text.to_owned()),
        None => {
            warnings.push(Warning::new(
                STATUS,
                format!(
                    "{text:?} names no CT.gov status; kept in registrySection.registryFields.recruitmentStatusText"
                ),
            ));
            fields.recruitment_status_text = Some(text.to_owned());
        }
    }
    mapped
}

/// "Phase 2", "phase 3", "Phase 1 / Phase 2", "Not Applicable"; others kept and warned.
pub(crate) fn phases(text: &str, fields: &mut RegistryFields, warnings: &mut Vec<Warning>) -> Vec<Phase> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let phases = Phase::parse_labels(text);
    if phases.is_empty() {
        warnings.push(Warning::new(
            PHASES,
            format!("{text:?} names no CT.gov phase; kept in registrySection.registryFields.studyPhaseText"),
        ));
        fields.study_phase_text = Some(text.to_owned());
    }
    phases
}

/// "Both", "Both males and females", "Males", "Female"; others kept as `Unlisted`, warned.
pub(crate) fn sex(text: &str, warnings: &mut Vec<Warning>) -> Option<Sex> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let folded = fold_label(text);
    let mapped = Sex::from_label(text).or(match folded.as_str() {
        "males" | "maleonly" | "malesonly" => Some(Sex::Male),
        "females" | "femaleonly" | "femalesonly" => Some(Sex::Female),
        f if f.starts_with("both") || f == "malesandfemales" || f == "all" => Some(Sex::All),
        _ => None,
    });
    Some(mapped.unwrap_or_else(|| {
        warnings.push(Warning::new(SEX, format!("{text:?} is no CT.gov sex value; kept as written")));
        Sex::Unlisted(text.to_owned())
    }))
}

/// "Yes"/"No" (any case, "true"/"false" too); anything else is no answer.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match fold_label(text).as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// An age limit as CT.gov writes it ("18 Years") from a number and a unit ("18", "Years");
/// `None` for an empty number. A unit that is no time unit leaves the limit unread.
pub(crate) fn age(number: &str, unit: &str) -> Result<Option<String>, String> {
    let number = number.trim();
    if number.is_empty() {
        return Ok(None);
    }
    let Ok(value) = number.parse::<u32>() else { return Err(format!("{number} {unit}").trim().to_owned()) };
    let unit = match fold_label(unit).as_str() {
        "" | "y" | "year" | "years" => "Year",
        "month" | "months" => "Month",
        "week" | "weeks" => "Week",
        "day" | "days" => "Day",
        "hour" | "hours" => "Hour",
        _ => return Err(format!("{number} {unit}").trim().to_owned()),
    };
    Ok(Some(format!("{value} {unit}{}", if value == 1 { "" } else { "s" })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_from_number_and_unit() {
        assert_eq!(age("18", "Years"), Ok(Some("18 Years".into())));
        assert_eq!(age("1", "Months"), Ok(Some("1 Month".into())));
        assert_eq!(age("", "Not stated"), Ok(None));
        assert!(age("18", "Fortnights").is_err());
    }

    #[test]
    fn stopped_early_is_terminated_with_the_wording_kept() {
        let (mut fields, mut warnings) = (RegistryFields::default(), Vec::new());
        assert_eq!(status("Stopped early", &mut fields, &mut warnings), Some(Status::Terminated));
        assert_eq!(fields.recruitment_status_text.as_deref(), Some("Stopped early"));
        assert!(warnings.is_empty());
    }
}
