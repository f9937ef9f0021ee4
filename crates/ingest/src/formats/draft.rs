//! The record a reader fills in before it becomes a `Study`: the protocol section, the
//! original-language text, the registry fields and the warnings. Shared by the readers
//! that build the model field by field (ICTRP, CRIS, DRKS, registry and sponsor pages).

use trialdex_model::{
    OriginalText, ProtocolSection, Registry, RegistryFields, RegistrySection, SourceFormat, Study, Warning,
};

use crate::finish::finish;

#[derive(Default)]
pub(crate) struct Draft {
    pub(crate) protocol: ProtocolSection,
    pub(crate) original: OriginalText,
    pub(crate) fields: RegistryFields,
    pub(crate) warnings: Vec<Warning>,
}

impl Draft {
    pub(crate) fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning::new(field, message));
    }

    /// The finished record of `registry` / `registry_id`; empty parts are left out.
    pub(crate) fn into_study(self, registry: Registry, registry_id: String, format: SourceFormat) -> Study {
        let section = RegistrySection {
            registry: Some(registry),
            registry_id: Some(registry_id),
            original_language: (self.original != OriginalText::default()).then_some(self.original),
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
