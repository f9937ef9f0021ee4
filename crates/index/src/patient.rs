//! A patient's description pasted as text: its words as a query in which any word
//! counts, and the age and sex it states as filters (a trial closed to the patient's
//! age or sex is not one they can join, however well its text matches).

use crate::query::{Expansion, Expr, Span};
use crate::request::Filter;

pub(crate) fn as_query(text: &str) -> Expr {
    let span = Span { start: 0, end: 0 };
    Expr::Expansion {
        expansion: Expansion::Lossy,
        expr: Box::new(Expr::Term { text: text.to_owned(), quoted: false, span }),
    }
}

/// Adds the age and sex the text states to `filter`, unless the filter already says.
pub(crate) fn narrow(filter: &mut Filter, text: &str) {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if filter.age_years.is_none() {
        filter.age_years = age_years(&words);
    }
    if filter.sexes.is_empty()
        && let Some(sex) = sex(&words)
    {
        filter.sexes = vec![sex.to_owned(), "ALL".to_owned()];
    }
}

/// "58-year-old", "58 year old", "58 years old", "aged 58", "8-month-old" (the first one given).
fn age_years(words: &[String]) -> Option<f64> {
    for (i, word) in words.iter().enumerate() {
        let Ok(number) = word.parse::<f64>() else { continue };
        let next = words.get(i + 1).map(String::as_str);
        let per_year = match next {
            Some("year" | "years" | "yo" | "yr" | "yrs") => 1.0,
            Some("month" | "months") => 12.0,
            Some("week" | "weeks") => 52.0,
            Some("day" | "days") => 365.0,
            _ if i > 0 && words[i - 1] == "aged" => 1.0,
            _ => continue,
        };
        // "3 years of diabetes" is a duration, not an age: an age is followed by "old" or preceded by "aged".
        let old = words.get(i + 2).is_some_and(|w| w == "old") || (i > 0 && words[i - 1] == "aged");
        if old && number < 130.0 * per_year {
            return Some(number / per_year);
        }
    }
    None
}

fn sex(words: &[String]) -> Option<&'static str> {
    let (mut female, mut male) = (0, 0);
    for word in words {
        match word.as_str() {
            "woman" | "female" | "girl" | "lady" | "she" | "her" | "mother" | "pregnant" => female += 1,
            "man" | "male" | "boy" | "gentleman" | "he" | "his" | "him" | "father" => male += 1,
            _ => {}
        }
    }
    match female.cmp(&male) {
        std::cmp::Ordering::Greater => Some("FEMALE"),
        std::cmp::Ordering::Less => Some("MALE"),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrowed(text: &str) -> Filter {
        let mut filter = Filter::default();
        narrow(&mut filter, text);
        filter
    }

    #[test]
    fn age_and_sex_are_read_from_the_description() {
        let f = narrowed("A 58-year-old African-American woman presents to the ER with chest pain. She …");
        assert_eq!(f.age_years, Some(58.0));
        assert_eq!(f.sexes, ["FEMALE", "ALL"]);
        let f = narrowed("An 8-month-old boy with fever; his mother reports 3 days of cough.");
        assert_eq!(f.age_years, Some(8.0 / 12.0));
        assert_eq!(f.sexes, ["MALE", "ALL"]);
        let f = narrowed("Patient with 3 years of diabetes.");
        assert_eq!(f.age_years, None);
        assert!(f.sexes.is_empty());
    }
}
