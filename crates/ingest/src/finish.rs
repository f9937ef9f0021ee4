//! The last step of every parser: fill `registrySection` the same way for all formats:
//! the record's registry and id (or a stable `LOCAL-` id), its source format and page,
//! and the registry ids it carries.

use sha2::{Digest, Sha256};
use trialdex_model::{OtherId, Registry, RegistrySection, SecondaryIdType, SourceFormat, Study, Warning, ids};

const NCT_FIELD: &str = "protocolSection.identificationModule.nctId";

/// Completes `registrySection`. A parser that knows the record's registry and id
/// (ChiCTR, say) sets them first; otherwise they come from the NCT id.
pub(crate) fn finish(study: &mut Study, format: SourceFormat) {
    let nct_id = study
        .protocol_section
        .as_ref()
        .and_then(|p| p.identification_module.as_ref())
        .and_then(|m| m.nct_id.as_deref())
        .map(|id| id.trim().to_ascii_uppercase())
        .filter(|id| !id.is_empty());
    let carried = carried_ids(study);
    let mentioned = mentioned_ids(study);
    let needs_local_id = {
        let section = study.registry_section.get_or_insert_with(RegistrySection::default);
        section.source_format.get_or_insert(format);
        if section.registry_id.is_none()
            && let Some(nct) = &nct_id
        {
            if ids::registry_of(nct) != Some(Registry::Ctgov) || nct.len() != 11 {
                section
                    .warnings
                    .push(Warning::new(NCT_FIELD, format!("{nct:?} is not an NCT number (NCT followed by 8 digits)")));
            }
            section.registry.get_or_insert(Registry::Ctgov);
            section.registry_id = Some(nct.clone());
        }
        let section_registry = section.registry;
        if let (Some(Registry::Ctgov), Some(id)) = (section_registry, &section.registry_id)
            && section.source_url.is_none()
            && ids::registry_of(id) == Some(Registry::Ctgov)
        {
            section.source_url = Some(format!("https://clinicaltrials.gov/study/{id}"));
        }
        if let (Some(registry), Some(id)) = (section.registry, &section.registry_id) {
            push_unique(&mut section.other_ids, OtherId::new(registry, id.clone()));
        }
        for id in carried.into_iter().chain(mentioned) {
            push_unique(&mut section.other_ids, id);
        }
        section.registry_id.is_none()
    };
    if needs_local_id {
        let id = local_id(study);
        let section = study.registry_section.as_mut().expect("set above");
        section.registry.get_or_insert(Registry::Other);
        section.warnings.push(Warning::new(
            "registrySection.registryId",
            format!("the source shows no registry id; {id} is derived from the record's content"),
        ));
        section.registry_id = Some(id);
    }
}

/// Adds an id unless the list has it already; the first place it was found wins, so an
/// id given as an id is not demoted to a mention.
fn push_unique(list: &mut Vec<OtherId>, id: OtherId) {
    if !list.iter().any(|o| o.registry == id.registry && o.id == id.id) {
        list.push(id);
    }
}

/// Ids mentioned in the record's text ("also registered as NCT01234567", "the parent
/// study NCT05687903"), each marked with the field it was found in.
fn mentioned_ids(study: &Study) -> Vec<OtherId> {
    let Some(protocol) = study.protocol_section.as_ref() else { return Vec::new() };
    let description = protocol.description_module.as_ref();
    let texts = [
        (
            "protocolSection.identificationModule.officialTitle",
            protocol.identification_module.as_ref().and_then(|m| m.official_title.as_deref()),
        ),
        ("protocolSection.descriptionModule.briefSummary", description.and_then(|d| d.brief_summary.as_deref())),
        (
            "protocolSection.descriptionModule.detailedDescription",
            description.and_then(|d| d.detailed_description.as_deref()),
        ),
        (
            "protocolSection.eligibilityModule.eligibilityCriteria",
            protocol.eligibility_module.as_ref().and_then(|e| e.eligibility_criteria.as_deref()),
        ),
    ];
    let mut out = Vec::new();
    for (field, text) in texts {
        for mut id in text.map(ids::find_ids).unwrap_or_default() {
            id.found_in = Some(field.to_owned());
            out.push(id);
        }
    }
    out
}

/// Registry ids in the identification module: NCT aliases, the org study id and
/// secondary ids (typed EudraCT/CTIS ones, and any that look like a registry's id).
fn carried_ids(study: &Study) -> Vec<OtherId> {
    let Some(module) = study.protocol_section.as_ref().and_then(|p| p.identification_module.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for alias in &module.nct_id_aliases {
        out.extend(ids::find_ids(alias));
    }
    if let Some(org) = module.org_study_id_info.as_ref().and_then(|o| o.id.as_deref()) {
        out.extend(ids::find_ids(org));
    }
    for secondary in &module.secondary_id_infos {
        let Some(id) = secondary.id.as_deref() else { continue };
        let found = ids::find_ids(id);
        if found.is_empty() {
            let registry = match secondary.kind {
                Some(SecondaryIdType::EudractNumber) => Some(Registry::Euctr),
                Some(SecondaryIdType::Ctis) => Some(Registry::Ctis),
                _ => None,
            };
            if let Some(registry) = registry {
                out.push(OtherId::new(registry, id.trim()));
            }
        }
        out.extend(found);
    }
    out
}

/// A stable id for a record that shows none: `LOCAL-` and 16 hex digits of the
/// SHA-256 of its content (registrySection left out, so re-reading gives the same id).
pub fn local_id(study: &Study) -> String {
    let mut content = study.clone();
    content.registry_section = None;
    let bytes = serde_json::to_vec(&content).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("LOCAL-{hex}")
}
