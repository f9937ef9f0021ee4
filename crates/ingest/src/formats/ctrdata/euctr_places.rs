//! EU CTR's member states: the country codes its copies are suffixed with, and the
//! languages their translated fields come in.

use trialdex_model::OriginalText;

use super::Fields;

/// The register's code for a member state named in full ("Austria - BASG" → "AT").
pub(super) fn country_code(name: &str) -> Option<&'static str> {
    crate::formats::euctr::values::member_state(name).map(|(_, code)| code)
}

/// EU CTR gives some fields in the member state's language too, as `<key>_<lang>`
/// ("a3_full_title_of_the_trial_de"). The copy's own language, or else the first one
/// found, goes to `originalLanguage`; others stay under `registryFields`.
pub(super) fn original_language(f: &mut Fields, member_state: Option<&str>) -> Option<OriginalText> {
    let languages = ["de", "es", "fr", "it", "pt", "pl", "nl", "sv", "cs", "el", "hu", "da", "fi"];
    let own = member_state.map(|s| match s {
        "AT" | "DE" => "de",
        "ES" => "es",
        "FR" | "BE" => "fr",
        "IT" => "it",
        "PT" => "pt",
        "PL" => "pl",
        "NL" => "nl",
        "SE" => "sv",
        "CZ" => "cs",
        other => other,
    });
    let present = |lang: &str| f.get(&format!("a3_full_title_of_the_trial_{lang}")).is_some();
    let lang = own.filter(|l| present(l)).or_else(|| languages.iter().copied().find(|l| present(l)))?;
    let key = |base: &str| format!("{base}_{lang}");
    let mut text = OriginalText {
        language: Some(lang.to_owned()),
        official_title: f.text(&key("a3_full_title_of_the_trial")),
        brief_title: f
            .text(&key("a31_title_of_the_trial_for_lay_people_in_easily_understood_ie_nontechnical_language")),
        acronym: f.text(&key("a32_name_or_abbreviated_title_of_the_trial_where_available")),
        brief_summary: f.block(&key("e21_main_objective_of_the_trial")),
        inclusion_criteria: f.block(&key("e3_principal_inclusion_criteria")),
        exclusion_criteria: f.block(&key("e4_principal_exclusion_criteria")),
        ..Default::default()
    };
    text.conditions.extend(f.text(&key("e11_medical_conditions_being_investigated")));
    text.outcomes.extend(f.block(&key("e51_primary_end_points")));
    text.outcomes.extend(f.block(&key("e52_secondary_end_points")));
    Some(text)
}
