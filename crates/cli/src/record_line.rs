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
        let protocol = study.protocol_section.as_ref();
        let status = protocol
            .and_then(|p| p.status_module.as_ref())
            .and_then(|s| s.overall_status.as_ref())
            .map_or("-".to_owned(), ToString::to_string);
        let phases = protocol
            .and_then(|p| p.design_module.as_ref())
            .map(|d| d.phases.iter().map(ToString::to_string).collect::<Vec<_>>().join("/"))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "-".into());
        RecordLine {
            registry: section.and_then(|s| s.registry).map_or("-", |r| r.as_str()),
            id: section.and_then(|s| s.registry_id.as_deref()).unwrap_or("-"),
            status,
            phases,
            title: protocol
                .and_then(|p| p.identification_module.as_ref())
                .and_then(|i| i.brief_title.as_deref().or(i.official_title.as_deref()))
                .unwrap_or("-"),
        }
    }
}
