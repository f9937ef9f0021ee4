//! How values read on a page: labels for CT.gov's enum spellings and registries, and
//! links that are only ever made of http(s) URLs.

/// "ACTIVE_NOT_RECRUITING" → "Active, not recruiting": CT.gov's labels for statuses,
/// phases and the other values the pages show; anything else in sentence case.
pub fn label(value: &str) -> String {
    let known = match value {
        "ACTIVE_NOT_RECRUITING" => "Active, not recruiting",
        "ENROLLING_BY_INVITATION" => "Enrolling by invitation",
        "NOT_YET_RECRUITING" => "Not yet recruiting",
        "NO_LONGER_AVAILABLE" => "No longer available",
        "TEMPORARILY_NOT_AVAILABLE" => "Temporarily not available",
        "APPROVED_FOR_MARKETING" => "Approved for marketing",
        "EARLY_PHASE1" => "Early phase 1",
        "PHASE1" => "Phase 1",
        "PHASE2" => "Phase 2",
        "PHASE3" => "Phase 3",
        "PHASE4" => "Phase 4",
        "NA" => "Not applicable",
        "ALL" => "All",
        "OLDER_ADULT" => "Older adult",
        "with" => "With results",
        "without" => "Without results",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    if value.chars().any(|c| c.is_lowercase()) {
        return value.to_owned();
    }
    let words = value.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// A value in CT.gov's enum spelling (RECRUITING, ACTIVE_NOT_RECRUITING), which
/// pages show as words with `label`.
pub fn is_enum_spelling(text: &str) -> bool {
    text.len() > 1 && text.chars().all(|c| c.is_ascii_uppercase() || c == '_') && text.contains(|c: char| c != '_')
}

/// The CSS class of a status badge: "ACTIVE_NOT_RECRUITING" → "active-not-recruiting".
pub fn status_class(status: &str) -> String {
    status.to_ascii_lowercase().replace('_', "-")
}

/// A registry's short name, as its users write it.
pub fn registry_label(key: &str) -> String {
    match key {
        "ctgov" => "ClinicalTrials.gov".to_owned(),
        "chictr" => "ChiCTR".to_owned(),
        "euctr" => "EU CTR".to_owned(),
        "nltr" => "NL Trial Register".to_owned(),
        "rebec" => "ReBEC".to_owned(),
        "other" => "Other registries".to_owned(),
        other => other.to_uppercase(),
    }
}

/// Text as a reader should see it: CT.gov writes markdown, so `\<1.0x10\^9/L` is
/// `<1.0x10^9/L`, and some sources escape HTML twice (`&lt;` in the text itself).
pub fn readable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next)) if "\\`*_{}[]()#+-.!<>^~|=&".contains(next) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
        out = out.replace(entity, character);
    }
    out
}

/// `url` when it is an http(s) URL, so a record cannot smuggle a `javascript:` link.
pub fn safe_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| trimmed.to_owned())
}

/// The record's page in its own registry.
pub fn registry_page(registry: &str, id: &str, source_url: Option<&str>) -> Option<String> {
    source_url.and_then(safe_url).or_else(|| match registry {
        "ctgov" => Some(format!("https://clinicaltrials.gov/study/{id}")),
        "chictr" => None,
        "isrctn" => Some(format!("https://www.isrctn.com/{id}")),
        "euctr" => Some(format!("https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}")),
        _ => None,
    })
}

/// Link to a study page: its key, so an id shared by several records is never ambiguous.
pub fn study_href(registry: &str, id: &str) -> String {
    format!("/study/{}:{}", registry, crate::percent_encode(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_ct_gov_writes_them() {
        assert_eq!(label("ACTIVE_NOT_RECRUITING"), "Active, not recruiting");
        assert_eq!(label("PHASE2"), "Phase 2");
        assert_eq!(label("COMPLETED"), "Completed");
        assert_eq!(label("United States"), "United States");
    }

    #[test]
    fn markdown_escapes_and_double_entities_read_as_text() {
        assert_eq!(readable(r"ANC \<1.0x10\^9/L, HLA \[Class I\]"), "ANC <1.0x10^9/L, HLA [Class I]");
        assert_eq!(readable("diameter &lt; 1 mm, \\&lt;30%"), "diameter < 1 mm, <30%");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_url(" https://example.org/x ").as_deref(), Some("https://example.org/x"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<script>"), None);
    }
}
