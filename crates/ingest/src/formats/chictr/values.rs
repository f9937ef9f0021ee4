//! ChiCTR's values read into the model's terms: statuses, study types, phases, designs,
//! blinding, sex, ages, periods, yes/no answers. Each reader returns `None` (or an empty
//! list) when the value says nothing it can map; the caller keeps the wording and warns.

use trialdex_model::macros::fold_label;
use trialdex_model::{
    DesignAllocation, DesignMasking, InterventionalAssignment, IpdSharing, PartialDate, Period, Phase, Sex, Status,
    StudyType,
};

use crate::text::nfkc;

/// The recruiting status. ChiCTR's English values are CT.gov's labels ("Not yet
/// recruiting", "Recruiting", "Completed", "Suspended"); the Chinese ones are read when
/// the page gives no English.
pub fn status(en: Option<&str>, zh: Option<&str>) -> Option<Status> {
    if let Some(en) = en {
        return Status::from_label(en);
    }
    match zh?.trim() {
        "尚未开始" => Some(Status::NotYetRecruiting),
        "正在进行" => Some(Status::Recruiting),
        "结束" | "已结束" | "已完成" => Some(Status::Completed),
        _ => None,
    }
}

pub fn study_type(en: Option<&str>, zh: Option<&str>) -> Option<StudyType> {
    if let Some(en) = en {
        return StudyType::from_label(en);
    }
    match zh?.trim() {
        "干预性研究" => Some(StudyType::Interventional),
        "观察性研究" => Some(StudyType::Observational),
        _ => None,
    }
}

/// "2", "1+2", "Phase 2/3"; or the Chinese "II期临床试验" when there is no English.
pub fn phases(en: Option<&str>, zh: Option<&str>) -> Vec<Phase> {
    if let Some(en) = en {
        return Phase::parse_labels(&en.replace('+', "/"));
    }
    let Some(zh) = zh else { return Vec::new() };
    // Roman numerals may be the single characters Ⅱ, Ⅲ: NFKC spells them out.
    let folded = nfkc(zh);
    let bare = folded.trim().trim_end_matches("临床试验").trim_end_matches('期');
    Phase::parse_labels(bare)
}

/// Allocation and model of an interventional design. ChiCTR's "Single arm" is CT.gov's
/// single group; CT.gov defines allocation "N/A" as the value for single-arm studies.
pub fn design(en: &str) -> Option<(Option<DesignAllocation>, InterventionalAssignment)> {
    match fold_label(en).as_str() {
        "randomizedparallelcontrolledtrial" | "randomisedparallelcontrolledtrial" => {
            Some((Some(DesignAllocation::Randomized), InterventionalAssignment::Parallel))
        }
        _ => match InterventionalAssignment::from_label(en)? {
            InterventionalAssignment::SingleGroup => {
                Some((Some(DesignAllocation::Na), InterventionalAssignment::SingleGroup))
            }
            model => Some((None, model)),
        },
    }
}

/// Masking from the blinding statement: "None", "Open label", "Double blinded", "双盲".
pub fn masking(en: Option<&str>, zh: Option<&str>) -> Option<DesignMasking> {
    if let Some(en) = en {
        let folded = fold_label(en);
        let word = folded.trim_end_matches("blinded").trim_end_matches("blind");
        return match word {
            "none" | "openlabel" | "open" | "no" => Some(DesignMasking::None),
            "single" => Some(DesignMasking::Single),
            "double" => Some(DesignMasking::Double),
            "triple" => Some(DesignMasking::Triple),
            "quadruple" => Some(DesignMasking::Quadruple),
            _ => None,
        };
    }
    match zh?.trim() {
        "无" | "开放" | "非盲" => Some(DesignMasking::None),
        "单盲" => Some(DesignMasking::Single),
        "双盲" => Some(DesignMasking::Double),
        "三盲" => Some(DesignMasking::Triple),
        _ => None,
    }
}

pub fn sex(en: Option<&str>, zh: Option<&str>) -> Option<Sex> {
    if let Some(en) = en {
        return Sex::from_label(en);
    }
    match zh?.trim() {
        "男女均可" => Some(Sex::All),
        "男" | "男性" => Some(Sex::Male),
        "女" | "女性" => Some(Sex::Female),
        _ => None,
    }
}

/// Minimum and maximum age from "最小 Min age 18 years / 最大 Max age 60 years" (the
/// HTML page puts "岁 years" after the number), in CT.gov's spelling "18 Years".
pub fn ages(text: &str) -> (Option<String>, Option<String>) {
    let text = nfkc(text);
    let lower = text.to_lowercase();
    let max_at = lower.find("max age");
    let min_part = match (lower.find("min age"), max_at) {
        (Some(min), Some(max)) if min < max => lower.get(min..max),
        (Some(min), _) => lower.get(min..),
        _ => None,
    };
    let max_part = max_at.and_then(|max| lower.get(max..));
    (min_part.and_then(age), max_part.and_then(age))
}

/// "min age 18 岁 years" → "18 Years"; `None` without a number and a unit.
fn age(part: &str) -> Option<String> {
    let rest = part.get("min age".len()..)?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number: u32 = digits.parse().ok()?;
    let after = rest.get(digits.len()..)?;
    let word: String = after
        .split_whitespace()
        .find(|w| w.chars().any(|c| c.is_ascii_alphabetic()) || ["岁", "月", "周", "天"].contains(w))?
        .to_owned();
    let unit = match word.as_str() {
        "岁" => "Year",
        "月" => "Month",
        "周" => "Week",
        "天" => "Day",
        w if w.starts_with("year") => "Year",
        w if w.starts_with("month") => "Month",
        w if w.starts_with("week") => "Week",
        w if w.starts_with("day") => "Day",
        _ => return None,
    };
    Some(format!("{number} {unit}{}", if number == 1 { "" } else { "s" }))
}

/// "From 2026-02-01 00:00:00 To 2026-10-31 00:00:00" (or "从 … 至 …"): the first two dates.
pub fn period(text: &str) -> Option<Period> {
    let mut dates = text
        .split(|c: char| c.is_whitespace() || c == '从' || c == '至')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()) && w.contains(['-', '/']))
        .filter_map(|w| PartialDate::parse(w).ok());
    let start = dates.next();
    let end = dates.next();
    (start.is_some() || end.is_some()).then(|| Period { start, end, ..Default::default() })
}

/// The first date in `text` ("2025-05-09 00:00:00").
pub fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse(text.split_whitespace().next()?).ok()
}

/// "Yes" / "是" / "有/Yes" → true; "No" / "否" / "无/No" → false.
pub fn yes_no(text: &str) -> Option<bool> {
    let answers: Vec<String> = text.split(['/', ' ']).map(fold_label).filter(|a| !a.is_empty()).collect();
    let yes = answers.iter().all(|a| matches!(a.as_str(), "yes" | "是" | "有" | "是yes" | "有yes"));
    let no = answers.iter().all(|a| matches!(a.as_str(), "no" | "否" | "无" | "否no" | "无no"));
    match (answers.is_empty(), yes, no) {
        (false, true, false) => Some(true),
        (false, false, true) => Some(false),
        _ => None,
    }
}

/// "否No" → NO, "是Yes" → YES; ChiCTR writes both languages in one value.
pub fn ipd_sharing(text: &str) -> Option<IpdSharing> {
    match yes_no(text) {
        Some(true) => Some(IpdSharing::Yes),
        Some(false) => Some(IpdSharing::No),
        None => IpdSharing::from_label(text.trim_start_matches(|c: char| !c.is_ascii_alphabetic())),
    }
}

/// The registry's outcome type as trialdex's kind: primary, secondary, adverse-events, other.
pub fn outcome_kind(en: Option<&str>, zh: Option<&str>) -> Option<&'static str> {
    if let Some(en) = en {
        return match fold_label(en).as_str() {
            "primaryindicator" | "primary" | "primaryoutcome" => Some("primary"),
            "secondaryindicator" | "secondary" | "secondaryoutcome" => Some("secondary"),
            "adverseevents" | "adverseevent" | "sideeffectindicator" => Some("adverse-events"),
            "additionalindicator" | "other" => Some("other"),
            _ => None,
        };
    }
    match zh?.trim() {
        "主要指标" => Some("primary"),
        "次要指标" => Some("secondary"),
        "副作用指标" => Some("adverse-events"),
        "附加指标" => Some("other"),
        _ => None,
    }
}

/// A group's sample size: "10", "１０", "10例"; `None` unless it starts with a number.
pub fn sample_size(text: &str) -> Option<i64> {
    let text = nfkc(text);
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Values that say a field is empty ("无", "None", "N/A", "/"); for ids and the like,
/// where such a word is never the value itself.
pub fn is_placeholder(text: &str) -> bool {
    let folded = fold_label(text);
    folded.is_empty() || matches!(folded.as_str(), "无" | "暂无" | "none" | "na" | "nil" | "no")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_text_and_html_spellings() {
        assert_eq!(
            ages("最小 Min age 18 years\n最大 Max age 60 years"),
            (Some("18 Years".into()), Some("60 Years".into()))
        );
        assert_eq!(ages("最小 Min age 18 岁 years 最大 Max age 岁 years"), (Some("18 Years".into()), None));
        assert_eq!(ages("最小 Min age 6 months"), (Some("6 Months".into()), None));
        assert_eq!(ages("18 to 60"), (None, None));
    }

    #[test]
    fn periods_and_dates() {
        let p = period("From 2026-02-01 00:00:00 To 2026-10-31 00:00:00").unwrap();
        assert_eq!(
            (p.start.unwrap().to_string(), p.end.unwrap().to_string()),
            ("2026-02-01".into(), "2026-10-31".into())
        );
        let p = period("从\nFrom\n2024-06-01 00:00:00\n至\nTo\n").unwrap();
        assert_eq!((p.start.map(|d| d.to_string()), p.end), (Some("2024-06-01".into()), None));
        assert!(period("From To").is_none());
        assert_eq!(date("2025-05-09 00:00:00").unwrap().to_string(), "2025-05-09");
    }

    #[test]
    fn enums_from_both_languages() {
        assert_eq!(status(Some("Not yet recruiting"), Some("尚未开始")), Some(Status::NotYetRecruiting));
        assert_eq!(status(None, Some("尚未开始")), Some(Status::NotYetRecruiting));
        assert_eq!(study_type(Some("Interventional study"), None), Some(StudyType::Interventional));
        assert_eq!(phases(Some("2"), None), [Phase::Phase2]);
        assert_eq!(phases(None, Some("Ⅱ期临床试验")), [Phase::Phase2]);
        assert_eq!(phases(Some("1+2"), None), [Phase::Phase1, Phase::Phase2]);
        assert!(phases(Some("Retrospective study"), None).is_empty());
        assert_eq!(design("Single arm"), Some((Some(DesignAllocation::Na), InterventionalAssignment::SingleGroup)));
        assert_eq!(design("Parallel"), Some((None, InterventionalAssignment::Parallel)));
        assert_eq!(masking(Some("None"), None), Some(DesignMasking::None));
        assert_eq!(masking(Some("Double blinded"), Some("双盲")), Some(DesignMasking::Double));
        assert_eq!(sex(Some("Both"), Some("男女均可")), Some(Sex::All));
        assert_eq!(ipd_sharing("否No"), Some(IpdSharing::No));
        assert_eq!(yes_no("有/Yes"), Some(true));
        assert_eq!(yes_no("暂未确定/Not yet"), None);
        assert_eq!(outcome_kind(Some("Adverse events"), Some("副作用指标")), Some("adverse-events"));
        assert_eq!(sample_size("10"), Some(10));
        assert_eq!(sample_size("about ten"), None);
    }
}
