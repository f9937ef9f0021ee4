//! How piece values become index values, the same way for records and for queries:
//! enum values as compact keywords, dates as days, ages as days.

use trialdex_model::PartialDate;
pub use trialdex_model::date::{days_from_civil, year_of_days};

/// An enum value or a term compared with one: lower case, letters and digits only,
/// so "PHASE2", "Phase 2" and "phase_2" meet, as do "NOT_YET_RECRUITING" and "not yet recruiting".
pub fn keyword(value: &str) -> String {
    value.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Days since 1970-01-01 of a date's first day ("2020-03" → 2020-03-01).
pub fn days(date: PartialDate) -> i64 {
    days_from_civil(i64::from(date.year), i64::from(date.month.unwrap_or(1)), i64::from(date.day.unwrap_or(1)))
}

/// A date as a RANGE bound or record value: ISO ("2020-03-18", "2020-03", "2020"), US
/// ("03/18/2020", as CT.gov's own examples write them) or spelled out ("March 18, 2020").
pub fn parse_date(text: &str) -> Option<PartialDate> {
    PartialDate::parse_month_first(text).ok()
}

pub const DAYS_PER_YEAR: f64 = 365.25;

/// An age such as "18 Years", "6 Months", "28 days", "21 years" in days; a bare number is
/// years. Months and years are averaged so that 12 months = 1 year, and 1 year > 6 months.
pub fn age_days(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let number: f64 = text[..split].trim().parse().ok()?;
    let unit = text[split..].trim().to_ascii_lowercase();
    let per_unit = match unit.trim_end_matches('s') {
        "" | "year" | "yr" | "y" => DAYS_PER_YEAR,
        "month" | "mo" | "m" => DAYS_PER_YEAR / 12.0,
        "week" | "wk" | "w" => 7.0,
        "day" | "d" => 1.0,
        "hour" | "h" => 1.0 / 24.0,
        "minute" | "min" => 1.0 / 1440.0,
        _ => return None,
    };
    Some(number * per_unit)
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn days_count_from_1970() {
        assert_eq!(days(PartialDate::day(1970, 1, 1)), 0);
        assert_eq!(days(PartialDate::day(2000, 3, 1)), 11_017);
        assert_eq!(days(PartialDate::month(2020, 3)), days(PartialDate::day(2020, 3, 1)));
        assert_eq!(days(PartialDate::day(1969, 12, 31)), -1);
    }

    #[test]
    fn dates_read_as_ctgov_writes_them() {
        assert_eq!(parse_date("01/01/2015"), Some(PartialDate::day(2015, 1, 1)));
        assert_eq!(parse_date("2025-03-20"), Some(PartialDate::day(2025, 3, 20)));
        assert_eq!(parse_date("2024"), Some(PartialDate::year(2024)));
    }

    #[test]
    fn ages_order_across_units() {
        assert_eq!(age_days("18 Years"), Some(18.0 * DAYS_PER_YEAR));
        assert!(age_days("1 Year").unwrap() > age_days("6 Months").unwrap());
        assert_eq!(age_days("12 months"), age_days("1 year"));
        assert_eq!(age_days("21 years"), age_days("21"));
        assert_eq!(age_days("28 Days"), Some(28.0));
        assert_eq!(age_days("N/A"), None);
        assert_eq!(age_days(""), None);
    }

    #[test]
    fn keywords_meet_across_spellings() {
        assert_eq!(keyword("PHASE2"), keyword("Phase 2"));
        assert_eq!(keyword("NOT_YET_RECRUITING"), keyword("not yet recruiting"));
    }
}
