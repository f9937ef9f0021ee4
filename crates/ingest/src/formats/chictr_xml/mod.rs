//! ChiCTR's XML export: `<trials>` holding one `<Triall>` (sic, the registry's spelling)
//! per trial, WHO-TRDS-like (`<main>`, `<contacts>`, `<criteria>`, `<primary_outcome>`…),
//! with `<tag>_cn` beside a tag where the registry gives the Chinese text.
//!
//! Each `<Triall>` is read on its own, so a damaged one is an error for that record and
//! the others go on. A record's fields go through the same `chictr::Record` and builder
//! as the detail page (`map`), and what has no `Field` is mapped directly.

mod map;

use trialdex_model::SourceFormat;

use crate::formats::chictr::build;
use crate::formats::ctgov_xml::tree;
use crate::{Diagnostic, Parsed, decode::decode, finish::finish};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let chunks = match tree::record_chunks(&text, "Triall") {
        Ok(chunks) => chunks,
        Err(refusal) => {
            parsed.diagnostics.push(Diagnostic::error(refusal));
            return parsed;
        }
    };
    if chunks.is_empty() {
        parsed.diagnostics.push(Diagnostic::error("expected <Triall> records in a ChiCTR XML export, found none"));
        return parsed;
    }
    for (i, chunk) in chunks.iter().enumerate() {
        let name = tree::text_by_search(chunk, "trial_id").unwrap_or_else(|| format!("Triall[{i}]"));
        match read_one(chunk) {
            Ok((mut study, notes)) => {
                finish(&mut study, SourceFormat::ChictrXml);
                parsed.diagnostics.extend(notes.into_iter().map(|n| n.at(name.clone())));
                parsed.records.push(study);
            }
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(name)),
        }
    }
    parsed
}

fn read_one(chunk: &str) -> Result<(trialdex_model::Study, Vec<Diagnostic>), String> {
    let doc = tree::read(chunk);
    if let Some(error) = doc.error {
        return Err(format!("the <Triall> record cannot be read: {error}"));
    }
    let Some(triall) = doc.roots.iter().find(|r| r.name == "Triall") else {
        return Err("the <Triall> record cannot be read".to_owned());
    };
    if triall.child("main").is_none() {
        return Err("the <Triall> record has no <main> part: no id, title or status".to_owned());
    }
    let record = map::record(triall);
    if !record.main.has_values() {
        return Err("the <Triall> record's <main> part holds no values".to_owned());
    }
    let mut study = build::build(&record);
    map::direct(triall, &mut study);
    let mut notes = Vec::new();
    if study.registry_section.as_ref().and_then(|s| s.registry_id.as_ref()).is_none() {
        notes.push(Diagnostic::warning("the record has no ChiCTR <trial_id>"));
    }
    Ok((study, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_records_is_an_error_and_any_prefix_never_panics() {
        assert_eq!(parse(b"<trials subjects=\"0\"></trials>").errors().count(), 1);
        let xml = "<trials><Triall><main><trial_id>ChiCTR2000034346</trial_id><public_title>再 x</public_title>\
                   </main><criteria><agemin>18</agemin></criteria></Triall></trials>";
        for (at, _) in xml.char_indices() {
            let _ = parse(&xml.as_bytes()[..at]);
        }
    }
}
