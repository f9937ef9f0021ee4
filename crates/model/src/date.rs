//! `PartialDate`: a date that keeps the precision its source gave.
//!
//! CT.gov writes "2020", "2020-03" or "2020-03-18"; older formats and other registries
//! write "March 2020", "March 18, 2020", "18 March 2020", "2020-03-18 00:00:00" or
//! "2020/03/18". All read into one type; it is written back in CT.gov's ISO form
//! at the precision it was read with, so "March 2020" never becomes "2020-03-01".

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a date like 2020-03-18, 2020-03, March 2020 or March 18, 2020, found {found:?}")]
pub struct DateError {
    pub found: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl PartialDate {
    pub fn year(year: u16) -> Self {
        PartialDate { year, month: None, day: None }
    }

    pub fn month(year: u16, month: u8) -> Self {
        PartialDate { year, month: Some(month), day: None }
    }

    pub fn day(year: u16, month: u8, day: u8) -> Self {
        PartialDate { year, month: Some(month), day: Some(day) }
    }

    /// Reads any of the spellings listed in the module docs. Day-first numeric dates
    /// ("18/03/2020") are ambiguous and are read by `parse_day_first` only.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let err = || DateError { found: s.to_owned() };
        let t = s.trim();
        // Drop a time of day: "2020-03-18 00:00:00", "2020-03-18T09:48".
        let t = match t.find(['T', ' ']) {
            Some(i) if t.as_bytes().first().is_some_and(u8::is_ascii_digit) && t[..i].contains(['-', '/']) => &t[..i],
            _ => t,
        };
        if t.is_empty() {
            return Err(err());
        }
        if t.as_bytes()[0].is_ascii_digit() {
            let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
            if parts[0].len() == 4 {
                let nums: Option<Vec<u16>> = parts.iter().map(|p| p.parse().ok()).collect();
                let nums = nums.ok_or_else(err)?;
                return match nums.as_slice() {
                    [y] => Self::checked(*y, None, None),
                    [y, m] => Self::checked(*y, Some(*m), None),
                    [y, m, d] => Self::checked(*y, Some(*m), Some(*d)),
                    _ => None,
                }
                .ok_or_else(err);
            }
            // "18 March 2020"
            let words: Vec<&str> = t.split_whitespace().collect();
            if let [d, m, y] = words.as_slice() {
                let month = month_number(m).ok_or_else(err)?;
                let day = d.trim_end_matches(['.', ',']).parse().map_err(|_| err())?;
                let year = y.parse().map_err(|_| err())?;
                return Self::checked(year, Some(month as u16), Some(day)).ok_or_else(err);
            }
            return Err(err());
        }
        // "March 2020", "March 18, 2020", "Mar 18 2020"
        let cleaned = t.replace(',', " ");
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        let (m, rest) = words.split_first().ok_or_else(err)?;
        let month = month_number(m).ok_or_else(err)? as u16;
        match rest {
            [y] => Self::checked(y.parse().map_err(|_| err())?, Some(month), None),
            [d, y] => Self::checked(y.parse().map_err(|_| err())?, Some(month), Some(d.parse().map_err(|_| err())?)),
            _ => None,
        }
        .ok_or_else(err)
    }

    /// Reads "18/03/2020" (day first, as ICTRP and most registries outside the US
    /// write it), falling back to `parse` for every other spelling.
    pub fn parse_day_first(s: &str) -> Result<Self, DateError> {
        Self::parse_numeric(s, true)
    }

    /// Reads "03/18/2020" (month first, as ClinicalTrials.gov's search syntax writes
    /// RANGE bounds), falling back to `parse` for every other spelling.
    pub fn parse_month_first(s: &str) -> Result<Self, DateError> {
        Self::parse_numeric(s, false)
    }

    fn parse_numeric(s: &str, day_first: bool) -> Result<Self, DateError> {
        let t = s.trim();
        let t = t.split([' ', 'T']).next().unwrap_or(t);
        let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
        if let [a, b, y] = parts.as_slice()
            && y.len() == 4
            && a.len() <= 2
        {
            let nums = (a.parse::<u16>(), b.parse::<u16>(), y.parse::<u16>());
            if let (Ok(a), Ok(b), Ok(y)) = nums {
                let (d, m) = if day_first { (a, b) } else { (b, a) };
                return Self::checked(y, Some(m), Some(d)).ok_or(DateError { found: s.to_owned() });
            }
        }
        Self::parse(s)
    }

    fn checked(year: u16, month: Option<u16>, day: Option<u16>) -> Option<Self> {
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let month = match month {
            Some(m @ 1..=12) => Some(m as u8),
            Some(_) => return None,
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= days_in_month(year, m) as u16 => Some(d as u8),
            (_, Some(_)) => return None,
            (_, None) => None,
        };
        Some(PartialDate { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&w)).map(|i| i as u8 + 1)
}

/// Days since 1970-01-01 of a calendar day (proleptic Gregorian; Howard Hinnant's
/// days-from-civil), for comparing and sorting dates as numbers.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year of a day count (the inverse of `days_from_civil` for the year).
pub fn year_of_days(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        PartialDate::parse(s)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        PartialDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_day_count_gives_back_its_year() {
        for (year, month, day) in
            [(1970, 1, 1), (1999, 12, 31), (2000, 2, 29), (2024, 1, 1), (2026, 11, 22), (1899, 3, 1)]
        {
            assert_eq!(
                super::year_of_days(super::days_from_civil(year, month, day)),
                year as i32,
                "{year}-{month}-{day}"
            );
        }
    }

    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(PartialDate::parse(input).map(|d| d.to_string()), Ok(expect.to_owned()), "{input}");
    }

    #[test]
    fn keeps_the_precision_of_the_source() {
        check("2020", "2020");
        check("2020-03", "2020-03");
        check("2020-03-18", "2020-03-18");
        check("2020-03-18 00:00:00", "2020-03-18");
        check("2019-05-13T09:48", "2019-05-13");
        check("March 2020", "2020-03");
        check("March 18, 2020", "2020-03-18");
        check("Mar 18 2020", "2020-03-18");
        check("18 March 2020", "2020-03-18");
        check("2020/03/18", "2020-03-18");
        check("  September 1, 2021 ", "2021-09-01");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in ["", "soon", "2020-13", "2020-02-30", "March", "0000", "18/03/2020", "Marc 2020 x"] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn day_first_dates_read_only_when_asked() {
        assert_eq!(PartialDate::parse_day_first("18/03/2020").unwrap().to_string(), "2020-03-18");
        assert_eq!(PartialDate::parse_day_first("2020-03-18").unwrap().to_string(), "2020-03-18");
    }
}
