//! A record in one line — what a person scanning the output of `parse` or `search` wants.

use trialdex_model::Study;

/// The fields of a one-line summary, "-" where the record has none.
pub struct RecordLine<'a> {
    pub registry: &'a str,
    pub id: &'a str,
    pub status: String,
    pub phases: String,
    pub title: &'a str,
}

impl<'a> RecordLine<'a> {
    pub fn of(study: &'a Study) -> Self {
        let section = study.registry_section.as_ref();
        let phases: Vec<&str> = study.phases().iter().map(|p| p.as_str()).collect();
        RecordLine {
            registry: section.and_then(|s| s.registry).map_or("-", |r| r.as_str()),
            id: section.and_then(|s| s.registry_id.as_deref()).unwrap_or("-"),
            status: study.overall_status().map_or("-".to_owned(), ToString::to_string),
            phases: if phases.is_empty() { "-".to_owned() } else { phases.join("/") },
            title: study.title().unwrap_or("-"),
        }
    }
}
