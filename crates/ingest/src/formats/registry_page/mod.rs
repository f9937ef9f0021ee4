//! What the readers of registry and sponsor pages (ANZCTR, GSK, Takeda) share: a cell
//! as text, and the registries' free-text values in the model's terms (`values`). The
//! record they fill in is `formats::draft::Draft`.

pub(crate) mod values;

use crate::text::html_fragment_to_text;
use scraper::ElementRef;

/// An element as text, `<br>` kept as line breaks, blank lines dropped.
pub(crate) fn block(element: ElementRef) -> Option<String> {
    let text = html_fragment_to_text(&element.inner_html());
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}
