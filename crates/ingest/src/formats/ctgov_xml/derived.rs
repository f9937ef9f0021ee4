//! The parts of a `<clinical_study>` that v2 keeps outside the design: references and
//! links, IPD sharing, MeSH terms, submission tracking, provided documents, and the
//! old one-line design text.

use trialdex_model::*;

use super::{date, flag, label, read_date, tree::Element};

pub(super) fn read(root: &Element, study: &mut Study, w: &mut Vec<Warning>) {
    let protocol = study.protocol_section.get_or_insert_with(Default::default);
    protocol.references_module = references(root);
    protocol.ipd_sharing_statement_module = ipd_sharing(root, w);
    let derived = DerivedSection {
        misc_info_module: misc_info(root),
        condition_browse_module: browse(root, "condition_browse"),
        intervention_browse_module: browse(root, "intervention_browse"),
        ..DerivedSection::default()
    };
    study.derived_section = (derived != DerivedSection::default()).then_some(derived);
    study.document_section = documents(root, w);
    if let Some(text) = root.text_of("study_design") {
        let section = study.registry_section.get_or_insert_with(Default::default);
        section.registry_fields.get_or_insert_with(Default::default).study_design_text = Some(text);
    }
}

fn references(root: &Element) -> Option<ReferencesModule> {
    // A plain <reference> is one the sponsor did not flag as reporting results:
    // BACKGROUND in v2's terms.
    let reference = |e: &Element, kind: ReferenceType| Reference {
        pmid: e.text_of("PMID"),
        kind: Some(kind),
        citation: e.text_of("citation"),
        ..Reference::default()
    };
    let references = root
        .all("reference")
        .map(|e| reference(e, ReferenceType::Background))
        .chain(root.all("results_reference").map(|e| reference(e, ReferenceType::Result)))
        .collect();
    let see_also_links = root
        .all("link")
        .map(|e| SeeAlsoLink { label: e.text_of("description"), url: e.text_of("url"), ..SeeAlsoLink::default() })
        .collect();
    // Before 2017 the "available study data/documents" were <study_docs>.
    let avail_ipds = root
        .all("study_docs")
        .flat_map(|docs| docs.all("study_doc"))
        .map(|d| AvailIpd {
            id: d.text_of("doc_id"),
            kind: d.text_of("doc_type"),
            url: d.text_of("doc_url"),
            comment: d.text_of("doc_comment"),
            ..AvailIpd::default()
        })
        .collect();
    let module = ReferencesModule { references, see_also_links, avail_ipds, ..ReferencesModule::default() };
    (module != ReferencesModule::default()).then_some(module)
}

fn ipd_sharing(root: &Element, w: &mut Vec<Warning>) -> Option<IpdSharingStatementModule> {
    let data = root.child("patient_data")?;
    let field = "protocolSection.ipdSharingStatementModule";
    Some(IpdSharingStatementModule {
        ipd_sharing: label(
            data.text_of("sharing_ipd"),
            IpdSharing::from_label,
            IpdSharing::Unlisted,
            &format!("{field}.ipdSharing"),
            w,
        ),
        description: data.block_of("ipd_description"),
        info_types: data
            .all("ipd_info_type")
            .filter_map(|t| {
                let kind = t.inline();
                label(
                    kind,
                    IpdSharingInfoType::from_label,
                    IpdSharingInfoType::Unlisted,
                    &format!("{field}.infoTypes"),
                    w,
                )
            })
            .collect(),
        time_frame: data.block_of("ipd_time_frame"),
        access_criteria: data.block_of("ipd_access_criteria"),
        url: data.text_of("ipd_url"),
        ..IpdSharingStatementModule::default()
    })
}

fn misc_info(root: &Element) -> Option<MiscInfoModule> {
    // "ClinicalTrials.gov processed this data on February 03, 2023": the date of the
    // data, which v2 calls the version holder.
    let version_holder = root
        .child("required_header")
        .and_then(|h| h.text_of("download_date"))
        .and_then(|text| text.rsplit(" on ").next().and_then(read_date))
        .map(|d| d.to_string());
    let removed_countries = root
        .child("removed_countries")
        .map(|c| c.all("country").filter_map(Element::inline).collect())
        .unwrap_or_default();
    let module = MiscInfoModule {
        version_holder,
        removed_countries,
        submission_tracking: submission_tracking(root),
        ..MiscInfoModule::default()
    };
    (module != MiscInfoModule::default()).then_some(module)
}

/// `<pending_results>` lists, in order, each results submission ("submitted") and
/// what became of it ("returned" after QC review, or "submission_canceled"); v2
/// lists the same as release, reset and unrelease dates.
fn submission_tracking(root: &Element) -> Option<SubmissionTracking> {
    let pending = root.child("pending_results")?;
    let mut infos: Vec<SubmissionInfo> = Vec::new();
    for event in &pending.children {
        let when = event.inline();
        let iso = when.as_deref().and_then(read_date).map(|d| d.to_string());
        let unknown = when.as_deref().is_some_and(|w| w.eq_ignore_ascii_case("unknown"));
        if matches!(event.name.as_str(), "submitted" | "returned" | "submission_canceled") {
            event.mark_read();
        }
        match event.name.as_str() {
            "submitted" => infos.push(SubmissionInfo { release_date: iso, ..SubmissionInfo::default() }),
            "returned" => match infos.last_mut() {
                Some(last) if last.reset_date.is_none() => last.reset_date = iso,
                _ => infos.push(SubmissionInfo { reset_date: iso, ..SubmissionInfo::default() }),
            },
            "submission_canceled" => {
                let (date, date_unknown) = if unknown { (None, Some(true)) } else { (iso, None) };
                match infos.last_mut() {
                    Some(last) if last.unrelease_date.is_none() => {
                        last.unrelease_date = date;
                        last.unrelease_date_unknown = date_unknown;
                    }
                    _ => infos.push(SubmissionInfo {
                        unrelease_date: date,
                        unrelease_date_unknown: date_unknown,
                        ..SubmissionInfo::default()
                    }),
                }
            }
            _ => {}
        }
    }
    (!infos.is_empty()).then(|| SubmissionTracking { submission_infos: infos, ..SubmissionTracking::default() })
}

fn browse(root: &Element, name: &str) -> Option<BrowseModule> {
    let meshes: Vec<Mesh> = root
        .child(name)?
        .all("mesh_term")
        .filter_map(Element::inline)
        .map(|term| Mesh { term: Some(term), ..Mesh::default() })
        .collect();
    (!meshes.is_empty()).then(|| BrowseModule { meshes, ..BrowseModule::default() })
}

/// Protocols, analysis plans and consent forms posted with the record. v2 names each
/// by its file; the file name is the last part of the document's URL.
fn documents(root: &Element, w: &mut Vec<Warning>) -> Option<DocumentSection> {
    let section = root.child("provided_document_section")?;
    let field = |name: &str| format!("documentSection.largeDocumentModule.largeDocs.{name}");
    let large_docs: Vec<LargeDoc> = section
        .all("provided_document")
        .map(|d| {
            let filename = d.text_of("document_url").and_then(|url| url.rsplit('/').next().map(str::to_owned));
            let type_abbrev = filename.as_deref().and_then(|f| f.rsplit_once('_')).map(|(abbrev, _)| abbrev.to_owned());
            LargeDoc {
                type_abbrev,
                has_protocol: flag(d, "document_has_protocol", &field("hasProtocol"), w),
                has_sap: flag(d, "document_has_sap", &field("hasSap"), w),
                has_icf: flag(d, "document_has_icf", &field("hasIcf"), w),
                label: d.text_of("document_type"),
                date: date(d, "document_date", &field("date"), w).map(|d| d.to_string()),
                filename,
                ..LargeDoc::default()
            }
        })
        .collect();
    (!large_docs.is_empty()).then(|| DocumentSection {
        large_document_module: Some(LargeDocumentModule { large_docs, ..LargeDocumentModule::default() }),
        ..DocumentSection::default()
    })
}
