//! EU CTR values: yes/no answers, "Information not present in EudraCT", member states,
//! trial statuses.

use trialdex_model::Status;

/// What the register writes where a field holds nothing.
const NOTHING: [&str; 5] = ["", "na", "n/a", "information not present in eudract", "not applicable"];

/// An empty value, or one of the register's ways of saying there is none.
pub(crate) fn is_blank(value: &str) -> bool {
    let folded = value.trim().to_ascii_lowercase();
    NOTHING.contains(&folded.as_str())
}

/// A yes/no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Yes,
    No,
    /// Anything else, as written.
    Other(String),
}

pub(crate) fn answer(value: &str) -> Answer {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" => Answer::Yes,
        "no" | "false" | "0" => Answer::No,
        _ => Answer::Other(value.trim().to_owned()),
    }
}

/// EEA member states with the codes the register puts in its links ("…/2022-002568-62/ES/").
const MEMBER_STATES: [(&str, &str); 33] = [
    ("Austria", "AT"),
    ("Belgium", "BE"),
    ("Bulgaria", "BG"),
    ("Croatia", "HR"),
    ("Cyprus", "CY"),
    ("Czech Republic", "CZ"),
    ("Czechia", "CZ"),
    ("Denmark", "DK"),
    ("Estonia", "EE"),
    ("Finland", "FI"),
    ("France", "FR"),
    ("Germany", "DE"),
    ("Greece", "GR"),
    ("Hungary", "HU"),
    ("Iceland", "IS"),
    ("Ireland", "IE"),
    ("Italy", "IT"),
    ("Latvia", "LV"),
    ("Liechtenstein", "LI"),
    ("Lithuania", "LT"),
    ("Luxembourg", "LU"),
    ("Malta", "MT"),
    ("Netherlands", "NL"),
    ("Norway", "NO"),
    ("Poland", "PL"),
    ("Portugal", "PT"),
    ("Romania", "RO"),
    ("Slovakia", "SK"),
    ("Slovenia", "SI"),
    ("Spain", "ES"),
    ("Sweden", "SE"),
    ("UK", "GB"),
    ("United Kingdom", "GB"),
];

/// "Spain - AEMPS" → ("Spain", "ES"). `None` for a country the register does not list.
pub(crate) fn member_state(authority: &str) -> Option<(&'static str, &'static str)> {
    let country = authority.split(" - ").next().unwrap_or(authority).trim();
    MEMBER_STATES.iter().find(|(name, _)| name.eq_ignore_ascii_case(country)).copied()
}

/// The member-state code a trial link ends with: ".../trial/2022-002568-62/ES/" → "ES",
/// ".../3rd" → "3RD".
pub(crate) fn member_state_of_link(link: &str) -> Option<String> {
    let last = link.trim().trim_end_matches('/').rsplit('/').next()?;
    let code_like = (2..=3).contains(&last.len()) && last.chars().all(|c| c.is_ascii_alphanumeric());
    code_like.then(|| last.to_ascii_uppercase())
}

/// EU CTR trial statuses that mean one CT.gov status. "Ongoing", "Restarted" (recruiting
/// or not?) and "Not Authorised" have no single CT.gov status.
pub(crate) fn status(text: &str) -> Option<Status> {
    match text.trim().to_ascii_lowercase().as_str() {
        "completed" => Some(Status::Completed),
        "prematurely ended" => Some(Status::Terminated),
        "temporarily halted" | "suspended by ca" => Some(Status::Suspended),
        "prohibited by ca" => Some(Status::Withdrawn),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_states_come_from_authorities_and_links() {
        assert_eq!(member_state("Spain - AEMPS"), Some(("Spain", "ES")));
        assert_eq!(member_state("Poland - Office for Medicinal Products"), Some(("Poland", "PL")));
        assert_eq!(member_state("Atlantis - X"), None);
        let link = "https://www.clinicaltrialsregister.eu/ctr-search/trial/2022-002568-62/ES/";
        assert_eq!(member_state_of_link(link).as_deref(), Some("ES"));
        assert_eq!(member_state_of_link(".../trial/2011-005852-33/3rd").as_deref(), Some("3RD"));
        assert_eq!(member_state_of_link(".../trial/2011-005852-33").as_deref(), None);
    }

    #[test]
    fn blanks_answers_and_statuses() {
        assert!(is_blank(" Information not present in EudraCT "));
        assert!(is_blank("NA"));
        assert_eq!(answer("Yes "), Answer::Yes);
        assert_eq!(answer("maybe"), Answer::Other("maybe".into()));
        assert_eq!(status("Prematurely Ended"), Some(Status::Terminated));
        assert_eq!(status("Ongoing"), None);
    }
}
