//! A small element tree read with quick-xml, shared by the legacy XML and RSS parsers.
//!
//! The DTD is never read: a DOCTYPE that declares entities is refused (that is how
//! "billion laughs" bombs arrive), and a reference to an entity XML does not predefine
//! is kept as the literal `&name;`. Text is appended piece by piece, so a 50 MB field
//! costs linear time. Each element remembers whether the mapper read it, so whatever
//! the mapper left out can be reported instead of silently dropped.

use std::cell::Cell;

use quick_xml::{Reader, events::Event};

/// Real CT.gov records nest about ten deep; anything far deeper is not one of them,
/// and a tree that deep would overflow the stack when dropped.
const MAX_DEPTH: usize = 64;

/// The largest CT.gov records hold tens of thousands of elements. A cap keeps a file
/// of millions of tiny elements (`<a/><a/>…`, ~30 bytes of tree per 4 of input) from
/// turning into gigabytes.
const MAX_ELEMENTS: usize = 2_000_000;

#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    attrs: Vec<(String, String)>,
    /// The element's own text (not its children's), entities resolved, untrimmed.
    pub text: String,
    pub children: Vec<Element>,
    read: Cell<Read>,
}

/// How far the mapper has read an element.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Read {
    #[default]
    No,
    /// Read; its children are checked one by one.
    Itself,
    /// Read with everything below it (or deliberately passed over).
    Wholly,
}

/// The top-level elements of a document, and what reading it had to say.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub roots: Vec<Element>,
    /// Why the document could not be read to its end, if it could not.
    pub error: Option<String>,
    /// Entity references that were kept as literal text (`&nbsp;`), first few.
    pub unknown_entities: Vec<String>,
}

pub(crate) fn read(text: &str) -> Document {
    let mut doc = Document::default();
    let mut reader = Reader::from_str(text);
    // A stray "&" in text is kept as text rather than failing the whole record.
    reader.config_mut().allow_dangling_amp = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut elements = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                doc.error = Some(format!("malformed XML at byte {}: {e}", reader.error_position()));
                return doc;
            }
        };
        match event {
            Event::Start(start) | Event::Empty(start) if stack.len() >= MAX_DEPTH => {
                let name = start.name().into_inner().to_owned();
                doc.error = Some(format!("elements nested deeper than {MAX_DEPTH} levels (at <{name}>)"));
                return doc;
            }
            Event::Start(_) | Event::Empty(_) if elements >= MAX_ELEMENTS => {
                doc.error = Some(format!("more than {MAX_ELEMENTS} elements: no CT.gov record is this large"));
                return doc;
            }
            Event::Start(start) => {
                elements += 1;
                stack.push(element(&start));
            }
            Event::Empty(start) => {
                elements += 1;
                let element = element(&start);
                close(element, &mut stack, &mut doc.roots);
            }
            Event::End(_) => {
                // quick-xml has already checked that the end tag matches.
                if let Some(element) = stack.pop() {
                    close(element, &mut stack, &mut doc.roots);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let Some(top) = stack.last_mut() else {
                    continue;
                };
                match resolve(&r) {
                    Some(c) => top.text.push(c),
                    None => {
                        top.text.push('&');
                        top.text.push_str(&r);
                        top.text.push(';');
                        if doc.unknown_entities.len() < 5 && !doc.unknown_entities.iter().any(|e| e == &*r) {
                            doc.unknown_entities.push(r.to_string());
                        }
                    }
                }
            }
            Event::DocType(dtd) => {
                if dtd.contains("<!ENTITY") {
                    doc.error = Some(ENTITY_REFUSAL.to_owned());
                    return doc;
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    doc.error = Some(format!("the XML ends inside <{}>: the file looks truncated", open.name));
                }
                return doc;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
}

fn element(start: &quick_xml::events::BytesStart) -> Element {
    let attrs = start
        .attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (a.key.into_inner().to_owned(), value)
        })
        .collect();
    Element { name: start.name().into_inner().to_owned(), attrs, ..Element::default() }
}

fn close(element: Element, stack: &mut [Element], roots: &mut Vec<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => roots.push(element),
    }
}

/// The five entities XML predefines and character references; `None` for any other.
fn resolve(reference: &quick_xml::events::BytesRef) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

impl Element {
    /// The first child called `name`, marked as read.
    pub fn child(&self, name: &str) -> Option<&Element> {
        let found = self.children.iter().find(|c| c.name == name)?;
        found.mark(Read::Itself);
        Some(found)
    }

    /// Every child called `name`, each marked as read.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name).inspect(|c| c.mark(Read::Itself))
    }

    /// The child's text on one line; `None` when absent or blank.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).and_then(Element::inline)
    }

    /// This element's text on one line; `None` when blank.
    pub fn inline(&self) -> Option<String> {
        crate::text::non_empty(&self.text)
    }

    /// A text block: the child's `<textblock>` (or its own text) with its paragraphs
    /// and list items kept and the export's hard line wraps undone.
    pub fn block_of(&self, name: &str) -> Option<String> {
        let element = self.child(name)?;
        let text = element.child("textblock").map_or(&element.text, |block| &block.text);
        Some(crate::text::reflow(text)).filter(|t| !t.is_empty())
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every child called `name`, not marked: for a mapper that decides what to read.
    pub fn peek<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Marks this element as read; its children are still checked one by one.
    pub fn mark_read(&self) {
        self.mark(Read::Itself);
    }

    /// Marks this element and everything below it as read: for parts that have no v2
    /// home by design (the download header), so they are not reported as left out.
    pub fn skip(&self) {
        self.read.set(Read::Wholly);
    }

    fn mark(&self, read: Read) {
        if self.read.get() == Read::No {
            self.read.set(read);
        }
    }

    /// Paths of the elements below this one that nobody read, e.g. "clinical_results/foo".
    /// An unread element is reported once, not its children.
    pub fn unread(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut pending: Vec<(String, &Element)> = vec![(String::new(), self)];
        while let Some((path, element)) = pending.pop() {
            for child in &element.children {
                let child_path = if path.is_empty() { child.name.clone() } else { format!("{path}/{}", child.name) };
                match child.read.get() {
                    Read::No if !out.contains(&child_path) => out.push(child_path),
                    Read::Itself => pending.push((child_path, child)),
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_entities_and_cdata() {
        let doc = read("<a x=\"1 &amp; 2\"><b>x &lt; y&#xD;\n&nbsp;z<![CDATA[<c>]]></b><e/></a>");
        assert!(doc.error.is_none(), "{:?}", doc.error);
        let a = &doc.roots[0];
        assert_eq!(a.attr("x"), Some("1 & 2"));
        assert_eq!(a.child("b").unwrap().text, "x < y\r\n&nbsp;z<c>");
        assert_eq!(doc.unknown_entities, ["nbsp"]);
        assert_eq!(a.unread(), ["e"]);
    }

    #[test]
    fn refuses_entity_declarations_and_reports_truncation() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"xx\"><!ENTITY y \"&x;&x;\">]><a>&y;</a>";
        assert!(read(bomb).error.unwrap().contains("declares entities"));
        assert!(read("<a><b>text").error.unwrap().contains("ends inside <b>"));
        assert!(read("<a></b>").error.unwrap().starts_with("malformed XML"));
    }

    #[test]
    fn deep_nesting_and_floods_of_elements_are_refused() {
        let deep = "<a>".repeat(100_000);
        assert!(read(&deep).error.unwrap().contains("nested deeper"));
        let flood = format!("<r>{}</r>", "<a/>".repeat(MAX_ELEMENTS + 1));
        assert!(read(&flood).error.unwrap().contains("more than"));
    }
}

/// Why a document with a DTD declaring entities is refused.
pub(crate) const ENTITY_REFUSAL: &str =
    "the DOCTYPE declares entities; trialdex does not expand DTD entities (an entity bomb looks like this)";

/// The text of each `<name …>…</name>` in an export of many records, cut apart before
/// parsing so that one malformed record costs only itself (an XML reader stops at the
/// first error). A record missing its end tag runs to the next record's start.
///
/// `Err` when the prolog's DOCTYPE declares entities, which records cut out of their
/// document would otherwise silently escape.
pub(crate) fn record_chunks<'a>(text: &'a str, name: &str) -> Result<Vec<&'a str>, String> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let starts: Vec<usize> = text
        .match_indices(&open)
        .map(|(at, _)| at)
        .filter(|&at| text[at + open.len()..].starts_with(['>', ' ', '/', '\n', '\r', '\t']))
        .collect();
    if text[..starts.first().copied().unwrap_or(text.len())].contains("<!ENTITY") {
        return Err(ENTITY_REFUSAL.to_owned());
    }
    Ok(starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let next = starts.get(n + 1).copied().unwrap_or(text.len());
            let end = text[start..next].find(&close).map_or(next, |at| start + at + close.len());
            &text[start..end]
        })
        .collect())
}

/// The text of the first `<tag>` in a record that may not be well-formed XML: its id,
/// to name it in a diagnostic even when it cannot be read.
pub(crate) fn text_by_search(chunk: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = chunk.find(&open)? + open.len();
    let end = start + chunk[start..].find('<')?;
    Some(chunk[start..end].trim().to_owned()).filter(|id| !id.is_empty() && id.len() <= 80)
}

#[cfg(test)]
mod record_tests {
    use super::*;

    #[test]
    fn records_are_cut_apart_even_when_one_lacks_its_end() {
        let text = "<trials><Triall><main>a</main><Triall><main>b</main></Triall><Trialls/></trials>";
        assert_eq!(
            record_chunks(text, "Triall").unwrap(),
            ["<Triall><main>a</main>", "<Triall><main>b</main></Triall>"]
        );
        assert!(record_chunks("<trials/>", "Triall").unwrap().is_empty());
        let bomb = "<!DOCTYPE trials [<!ENTITY x \"xx\">]><trials><Triall>&x;</Triall></trials>";
        assert!(record_chunks(bomb, "Triall").unwrap_err().contains("declares entities"));
        assert_eq!(text_by_search("<Triall><trial_id> ChiCTR1 </trial_id>", "trial_id").as_deref(), Some("ChiCTR1"));
    }
}
