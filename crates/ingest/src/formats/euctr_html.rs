//! EU Clinical Trials Register pages. A trial page shows one member-state copy: a summary
//! table (label cell, value cell), then sections A to P as rows of three cells ("A.3",
//! "Full title of the trial", value) with group rows ("D.IMP: 1") between them. Its
//! fields go through the same `euctr` field table as the text download. A search-results
//! page lists trials (EudraCT number, sponsor, title) but holds no full record: a note.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use trialdex_model::{Registry, SourceFormat, ids};

use super::euctr::{self, Field, Fields, split_code, split_label};
use crate::text::clean_inline;
use crate::{Diagnostic, Parsed, decode::decode, finish::finish};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let html = Html::parse_document(&text);
    let fields = read_page(&html);
    let has_id = fields.list.iter().any(|f| {
        (f.code == "A.2" || f.code == "Summary" && f.label.eq_ignore_ascii_case("EudraCT Number"))
            && !f.value.trim().is_empty()
    });
    if has_id {
        let mut study = euctr::build(&fields);
        finish(&mut study, SourceFormat::EuctrHtml);
        parsed.records.push(study);
    } else if let Some(listed) = search_results(&html, &text) {
        parsed.diagnostics.push(Diagnostic::note(listed));
    } else {
        parsed.diagnostics.push(Diagnostic::error(format!(
            "expected an EU CTR trial page (a summary with \"EudraCT Number\" and numbered rows such as \"A.3\") \
             or a search-results list, found {} fields and no EudraCT number",
            fields.list.len()
        )));
    }
    parsed
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The summary rows, then every row of the numbered sections, in page order.
fn read_page(html: &Html) -> Fields {
    let mut fields = Fields::default();
    if let Some(rows) = selector("table.summary tr") {
        for row in html.select(&rows) {
            if let [label, value] = cells(row).as_slice() {
                fields.list.push(Field::new("Summary", &cell_text(*label), &cell_text(*value)));
            }
        }
    }
    let Some(rows) = selector("table.content > tbody > tr, table.content > tr") else { return fields };
    for row in html.select(&rows) {
        match cells(row).as_slice() {
            [code, label, value] => {
                let code_text = clean_inline(&cell_text(*code));
                let code = split_code(&code_text).map(|(c, _)| c).unwrap_or(code_text);
                fields.list.push(Field::new(&code, &cell_text(*label), &cell_text(*value)));
            }
            [code, label] => {
                // A sub-heading: "D.2" | "Status of the IMP to be used in the clinical trial".
                let code_text = clean_inline(&cell_text(*code));
                let code = split_code(&code_text).map(|(c, _)| c).unwrap_or(code_text);
                fields.list.push(Field::new(&code, &cell_text(*label), ""));
            }
            [group] => {
                // A group row: "D.IMP: 1", "B.Sponsor: 1", "D.8 Placebo: 1", "B.4 Source(s) of …:".
                let text = clean_inline(&cell_text(*group));
                if let Some((code, rest)) = split_code(&text) {
                    let (label, value) = split_label(rest);
                    fields.list.push(Field::new(&code, label, value));
                }
            }
            _ => {}
        }
    }
    fields
}

fn cells(row: ElementRef) -> Vec<ElementRef> {
    row.children().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "td").collect()
}

/// A cell's text with its line breaks: `<br>` and the rows of a nested table end lines.
fn cell_text(cell: ElementRef) -> String {
    let mut out = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if matches!(e.name(), "br" | "tr") => out.push('\n'),
            _ => {}
        }
    }
    out.replace('\r', "")
}

static RESULTS_FOUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+) result\(s\) found").expect("results pattern"));

/// "an EU CTR search-results page listing N trials (ids)…", when the page is one.
fn search_results(html: &Html, text: &str) -> Option<String> {
    let results = selector("table.result")?;
    let tables: Vec<ElementRef> = html.select(&results).collect();
    let found = RESULTS_FOUND.captures(text).and_then(|c| c.get(1)).map(|m| m.as_str().to_owned());
    if tables.is_empty() && found.is_none() {
        return None;
    }
    let mut listed: Vec<String> = Vec::new();
    for table in tables {
        let text = cell_text(table);
        let Some(at) = text.find("EudraCT Number:") else { continue };
        let after = text.get(at..).unwrap_or("");
        if let Some(id) = ids::find_ids(after).into_iter().find(|id| id.registry == Registry::Euctr)
            && !listed.contains(&id.id)
        {
            listed.push(id.id);
        }
    }
    let matched = found.map(|n| format!("; the page says {n} result(s) found")).unwrap_or_default();
    Some(format!(
        "an EU CTR search-results page listing {} trial(s) ({}){matched}; it holds no full trial record",
        listed.len(),
        listed.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_cell_rows_and_group_rows_become_fields() {
        let page = "<html><body><table class=\"section summary\"><tr><td>EudraCT Number:</td><td>2009-016529-32</td></tr></table>\
            <table class=\"section content\"><tbody><tr><td colspan=\"3\">D.IMP: 1</td></tr>\
            <tr><td class=\"first\">D.1.2 and D.1.3</td><td>IMP Role</td><td>Test</td></tr>\
            <tr><td>D.3.7</td><td>Routes of administration for this IMP</td><td>Oral use<br>Intravenous use</td></tr>\
            </tbody></table></body></html>";
        let fields = read_page(&Html::parse_document(page));
        let codes: Vec<&str> = fields.list.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["Summary", "D.IMP", "D.1.2", "D.3.7"]);
        assert_eq!(fields.list[3].value, "Oral use\nIntravenous use");
    }

    #[test]
    fn a_page_with_neither_a_record_nor_results_is_an_error() {
        let parsed =
            parse(b"<html><head><title>Clinical Trials Register</title></head><body>maintenance</body></html>");
        assert!(parsed.records.is_empty());
        assert!(parsed.errors().next().unwrap().message.starts_with("expected an EU CTR trial page"));
    }
}
