//! The WHO trial registration data set as XML: `<trials>` holding one `<trial>` per
//! trial (`<main>`, `<contacts>`, `<criteria>`, …), as TCTR and REPEC export it. The
//! mapping is shared with the JSON form (`who_trds/`).
//!
//! Each `<trial>` is cut out and read on its own, so a damaged one is an error for
//! that trial and the others go on.

use trialdex_model::SourceFormat;

use super::ctgov_xml::tree;
use super::who_trds::{Node, trial_to_study};
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let chunks = match tree::record_chunks(&text, "trial") {
        Ok(chunks) => chunks,
        Err(refusal) => {
            parsed.diagnostics.push(Diagnostic::error(refusal));
            return parsed;
        }
    };
    if chunks.is_empty() {
        parsed
            .diagnostics
            .push(Diagnostic::error("expected <trial> records of the WHO trial registration data set, found none"));
        return parsed;
    }
    for (i, chunk) in chunks.iter().enumerate() {
        let name = tree::text_by_search(chunk, "trial_id").unwrap_or_else(|| format!("trial[{i}]"));
        match read_one(chunk) {
            Ok(study) => parsed.records.push(study),
            Err(message) => parsed.diagnostics.push(Diagnostic::error(message).at(name)),
        }
    }
    parsed
}

fn read_one(chunk: &str) -> Result<trialdex_model::Study, String> {
    let doc = tree::read(chunk);
    if let Some(error) = doc.error {
        return Err(format!("the <trial> cannot be read: {error}"));
    }
    let trial = doc.roots.iter().find(|r| r.name == "trial").ok_or("the <trial> holds no XML")?;
    trial_to_study(&Node::from_element(trial), SourceFormat::WhoTrdsXml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trials_are_cut_apart_and_trials_is_no_trial() {
        let text = "<trials><trial><main>a</main><trial><main>b</main></trial></trials>";
        assert_eq!(
            tree::record_chunks(text, "trial").unwrap(),
            ["<trial><main>a</main>", "<trial><main>b</main></trial>"]
        );
        assert_eq!(parse(b"<trials></trials>").errors().count(), 1);
    }

    #[test]
    fn a_broken_trial_costs_only_itself() {
        let xml = "<trials><trial><main><trial_id>TCTR20120000007</trial_id><public_title>A</public_title></main></trial>\
                   <trial><main><trial_id>TCTR20120000008</trial_id><public_title>B</main></trial></trials>";
        let parsed = parse(xml.as_bytes());
        assert_eq!(parsed.records.len(), 1);
        let error = parsed.errors().next().unwrap();
        assert_eq!(error.record.as_deref(), Some("TCTR20120000008"));
        for (at, _) in xml.char_indices() {
            let _ = parse(&xml.as_bytes()[..at]);
        }
    }
}
