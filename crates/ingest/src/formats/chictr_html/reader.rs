//! The bilingual detail page as HTML → `Record`.
//!
//! The page is tables of label cells and value cells: a label cell holds one label per
//! language (`<p class="cn">注册号：</p><p class="en">Registration number：</p>`), the
//! cell after it the value. Repeating parts (groups, sites, outcomes, samples) are
//! tables nested in a value cell, with the same label/value cells inside. Cells are
//! read in document order and handed to the shared `Writer` exactly as the text reader
//! hands it lines, so a page read as HTML and copied as text gives the same record.

use scraper::{ElementRef, Html, Selector};

use crate::formats::chictr::fields::lookup;
use crate::formats::chictr::record::Record;
use crate::formats::chictr::writer::Writer;
use crate::text::clean_inline;

/// Elements whose text stands on lines of its own, as a browser lays them out (`<br>` aside).
const LINE_ELEMENTS: &[&str] = &["p", "div", "tr", "li", "table", "h1", "h2", "h3", "h4", "ul", "ol"];

pub fn read(html: &Html) -> Record {
    let mut writer = Writer::default();
    let Ok(cells) = Selector::parse("td") else {
        return writer.finish();
    };
    for cell in html.select(&cells).filter(|cell| !is_hidden(*cell)) {
        match labels(cell, &writer) {
            Some(parts) => {
                for part in parts {
                    // Re-read in the block the previous label left: "干预措施" opens the groups.
                    match lookup(writer.block(), &part) {
                        Some(label) => writer.label(label),
                        None => writer.line(&part),
                    }
                }
            }
            None => cell_lines(cell).iter().for_each(|line| writer.line(line)),
        }
    }
    writer.finish()
}

/// The cell's labels, when it is a label cell: every part of it (one per language) is a
/// label, and it is marked as one (`left_title`) or stands where labels stand. Rows
/// alternate label and value cells, so labels take the even places (a value spanning two
/// rows leaves the second row one cell short, after its last label); a value that
/// happens to read like a label ("说明", "Outcome") stays a value.
fn labels(cell: ElementRef, writer: &Writer) -> Option<Vec<String>> {
    let paragraphs: Vec<String> =
        cell.child_elements().filter(|e| e.value().name() == "p").map(|p| clean_inline(&text(p))).collect();
    let parts: Vec<String> = if paragraphs.is_empty() {
        vec![clean_inline(&own_text(cell))]
    } else {
        paragraphs.into_iter().filter(|p| !p.is_empty()).collect()
    };
    if parts.is_empty() || parts.iter().any(String::is_empty) {
        return None;
    }
    let marked = cell.value().classes().any(|c| c == "left_title");
    let place = cell.prev_siblings().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "td").count();
    let all_labels = parts.iter().all(|p| lookup(writer.block(), p).is_some());
    ((marked || place % 2 == 0) && all_labels).then_some(parts)
}

/// A row hidden by its style (the registrant's name and time) is not shown to a reader.
fn is_hidden(cell: ElementRef) -> bool {
    cell.ancestors().filter_map(ElementRef::wrap).take_while(|e| e.value().name() != "table").any(|row| {
        row.value().attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"))
    })
}

/// All text below `element`.
fn text(element: ElementRef) -> String {
    element.text().collect()
}

/// The cell's text outside the tables nested in it (those are read cell by cell).
fn own_text(cell: ElementRef) -> String {
    cell_lines(cell).join(" ")
}

/// The cell's lines as a browser shows them: block elements and `<br>` break lines;
/// nested tables are left out, their cells come next in document order.
fn cell_lines(cell: ElementRef) -> Vec<String> {
    /// A node to read, or the end of a block element: the line after it is a new one.
    enum Step<N> {
        Read(N),
        LineBreak,
    }
    let mut lines = vec![String::new()];
    // Depth-first without recursion: a page of deeply nested elements cannot exhaust the stack.
    let mut pending: Vec<_> = cell.children().rev().map(Step::Read).collect();
    while let Some(step) = pending.pop() {
        let node = match step {
            Step::Read(node) => node,
            Step::LineBreak => {
                new_line(&mut lines);
                continue;
            }
        };
        if let Some(text) = node.value().as_text() {
            if let Some(line) = lines.last_mut() {
                line.push_str(text);
            }
            continue;
        }
        let Some(element) = node.value().as_element() else { continue };
        let name = element.name();
        if matches!(name, "table" | "script" | "style") {
            continue;
        }
        if name == "br" {
            lines.push(String::new());
        } else if LINE_ELEMENTS.contains(&name) {
            new_line(&mut lines);
            pending.push(Step::LineBreak);
        }
        pending.extend(node.children().rev().map(Step::Read));
    }
    lines.iter().map(|l| l.trim().to_owned()).collect()
}

/// Starts a new line unless the last one is still blank: block elements next to each
/// other are one line break apart, not two.
fn new_line(lines: &mut Vec<String>) {
    match lines.last_mut() {
        Some(last) if last.trim().is_empty() => last.clear(),
        _ => lines.push(String::new()),
    }
}
