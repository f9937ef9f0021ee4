//! What the readers of registry and sponsor pages (ANZCTR, GSK, Takeda) share: the
//! record being filled in, its assembly into a `Study`, a cell as text, and the
//! registries' free-text values in the model's terms (`values`).

pub(crate) mod values;

use scraper::ElementRef;
use trialdex_model::{ProtocolSection, Registry, RegistryFields, RegistrySection, SourceFormat, Study, Warning};

use crate::finish::finish;
use crate::text::html_fragment_to_text;

/// What a page is being read into.
#[derive(Default)]
pub(crate) struct Draft {
    pub(crate) protocol: ProtocolSection,
    pub(crate) fields: RegistryFields,
    pub(crate) warnings: Vec<Warning>,
}

impl Draft {
    /// The finished record of `registry` / `registry_id`.
    pub(crate) fn into_study(self, registry: Registry, registry_id: String, format: SourceFormat) -> Study {
        let section = RegistrySection {
            registry: Some(registry),
            registry_id: Some(registry_id),
            registry_fields: (self.fields != RegistryFields::default()).then_some(self.fields),
            warnings: self.warnings,
            ..Default::default()
        };
        let mut study =
            Study { protocol_section: Some(self.protocol), registry_section: Some(section), ..Study::default() };
        finish(&mut study, format);
        study
    }
}

/// An element as text, `<br>` kept as line breaks, blank lines dropped.
pub(crate) fn block(element: ElementRef) -> Option<String> {
    let text = html_fragment_to_text(&element.inner_html());
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}
