//! Abbreviation definitions in free text, by the Schwartz–Hearst rule (Schwartz & Hearst,
//! "A simple algorithm for identifying abbreviation definitions in biomedical text", 2003).
//!
//! Both "long form (SF)" and "SF (long form)" are found. A short form is 2–10 characters,
//! at most two words, starts with a letter or digit and has a letter; its letters and
//! digits must occur in order in the long form, its first one at the start of a word.
//! The long form is at most min(|SF| + 5, |SF| × 2) words and ends where the parenthesis opens.
//!
//! Beyond the paper: the short form needs an upper-case letter ("(mg)", "(inoperable)",
//! "(n = 12)" are not abbreviations), and the long form stays inside its sentence.

/// One definition found in text, as written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub short_form: String,
    pub long_form: String,
}

/// Every abbreviation definition in `text`.
pub fn find_definitions(text: &str) -> Vec<Definition> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(offset) = text[search_from..].find('(') {
        let open = search_from + offset;
        search_from = open + 1;
        let Some(close) = matching_close(text, open) else { continue };
        let inside = first_clause(&text[open + 1..close]);
        let before = sentence_tail(&text[..open]);
        if let Some(definition) = long_then_short(before, inside).or_else(|| short_then_long(before, inside)) {
            found.push(definition);
        }
    }
    found
}

/// "non-small cell lung cancer (NSCLC)".
fn long_then_short(before: &str, inside: &str) -> Option<Definition> {
    if !is_short_form(inside) {
        return None;
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let limit = word_limit(inside);
    let candidate = words[words.len().saturating_sub(limit)..].join(" ");
    let long_form = best_long_form(inside, &candidate)?;
    Some(Definition { short_form: inside.to_string(), long_form })
}

/// "NSCLC (non-small cell lung cancer)": the parenthesis holds no short form.
fn short_then_long(before: &str, inside: &str) -> Option<Definition> {
    if is_short_form(inside) {
        return None;
    }
    let short_form = before.split_whitespace().last()?.trim_matches(|c: char| !c.is_alphanumeric());
    if !is_short_form(short_form) || inside.split_whitespace().count() > word_limit(short_form) {
        return None;
    }
    let long_form = best_long_form(short_form, inside)?;
    Some(Definition { short_form: short_form.to_string(), long_form })
}

/// At most min(|SF| + 5, |SF| × 2) words of long form.
fn word_limit(short_form: &str) -> usize {
    let length = short_form.chars().count();
    (length + 5).min(length * 2)
}

fn is_short_form(candidate: &str) -> bool {
    let length = candidate.chars().count();
    (2..=10).contains(&length)
        && candidate.split_whitespace().count() <= 2
        && candidate.chars().next().is_some_and(char::is_alphanumeric)
        && candidate.chars().any(char::is_alphabetic)
        && candidate.chars().any(char::is_uppercase)
}

/// The shortest tail of `candidate` whose start holds the short form's first character at
/// a word start and whose text holds the rest of its letters and digits in order.
fn best_long_form(short_form: &str, candidate: &str) -> Option<String> {
    // One char per char, so indices into `long` are indices into `candidate`'s chars.
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let short: Vec<char> = short_form.chars().map(lower).collect();
    let long: Vec<char> = candidate.chars().map(lower).collect();
    let mut long_index = long.len() as isize - 1;
    for short_index in (0..short.len()).rev() {
        let wanted = short[short_index];
        if !wanted.is_alphanumeric() {
            continue;
        }
        let is_first = short_index == 0;
        loop {
            if long_index < 0 {
                return None;
            }
            let here = long_index as usize;
            let starts_long_form = here == 0 || !long[here - 1].is_alphanumeric() && !is_connective(&long[here..]);
            if long[here] == wanted && (!is_first || starts_long_form) {
                break;
            }
            long_index -= 1;
        }
        long_index -= 1;
    }
    let start = (long_index + 1) as usize;
    let word_start = long[..start].iter().rposition(|c| c.is_whitespace()).map_or(0, |space| space + 1);
    let long_form: String = candidate.chars().skip(word_start).collect();
    let long_form = long_form.trim().trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
    let longer_than_short = long_form.chars().count() > short_form.chars().count();
    let repeats_short = long_form.split_whitespace().any(|word| word.eq_ignore_ascii_case(short_form));
    (longer_than_short && !repeats_short).then_some(long_form)
}

/// A long form does not start with a connective: "Adolescents and Young Adults (AYA)"
/// is not defined by "and Young Adults", though its "a" would fit.
fn is_connective(word_onwards: &[char]) -> bool {
    const CONNECTIVES: &[&str] = &["and", "or", "of", "the", "a", "an", "in", "on", "for", "with", "to", "at", "by"];
    let word: String = word_onwards.iter().take_while(|c| c.is_alphanumeric()).collect();
    CONNECTIVES.contains(&word.as_str())
}

/// The index of the ')' that closes the '(' at `open`, nesting allowed.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + index);
                }
            }
            _ => {}
        }
    }
    None
}

/// "NSCLC; stage IV" → "NSCLC": what follows a comma or semicolon is commentary.
fn first_clause(inside: &str) -> &str {
    let end = inside.find([',', ';']).unwrap_or(inside.len());
    inside[..end].trim()
}

/// The text after the last sentence break, so a long form never spans sentences.
fn sentence_tail(before: &str) -> &str {
    let breaks = [". ", "; ", ": ", "? ", "! ", "\n", ")", "]"];
    let start = breaks.iter().filter_map(|mark| before.rfind(mark).map(|at| at + mark.len())).max().unwrap_or(0);
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        find_definitions(text).into_iter().map(|d| (d.short_form, d.long_form)).collect()
    }

    fn pair(short: &str, long: &str) -> (String, String) {
        (short.to_string(), long.to_string())
    }

    #[test]
    fn long_form_then_short_form() {
        assert_eq!(
            pairs("Patients With Advanced Non-Small Cell Lung Cancer (NSCLC) and EGFR"),
            [pair("NSCLC", "Non-Small Cell Lung Cancer")]
        );
        assert_eq!(
            pairs("a study of transcranial direct current stimulation (tDCS) in stroke"),
            [pair("tDCS", "transcranial direct current stimulation")]
        );
    }

    #[test]
    fn short_form_then_long_form() {
        assert_eq!(
            pairs("Treatment of ITP (immune thrombocytopenia) in adults"),
            [pair("ITP", "immune thrombocytopenia")]
        );
    }

    #[test]
    fn long_form_does_not_start_with_a_connective() {
        assert_eq!(pairs("in Adolescents and Young Adults (AYA)"), [pair("AYA", "Adolescents and Young Adults")]);
    }

    #[test]
    fn first_letter_must_start_a_word() {
        // "S" occurs inside "disease" but no word of the candidate starts with "s".
        assert_eq!(pairs("the disease (SD)"), []);
    }

    #[test]
    fn not_abbreviations() {
        assert_eq!(pairs("dose of 10 mg (mg) daily"), []);
        assert_eq!(pairs("patients (n = 12)"), []);
        assert_eq!(pairs("Phase 2 (II) study"), []);
        assert_eq!(pairs("unbalanced ( parenthesis"), []);
    }

    #[test]
    fn long_form_stays_in_its_sentence() {
        assert_eq!(pairs("Magnetic fields. Resonance imaging (MRI) was done"), []);
    }
}
