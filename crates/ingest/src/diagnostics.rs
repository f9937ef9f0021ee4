//! What a parser returns: the records it read and what it has to say about the input.

use std::fmt;

use serde::Serialize;
use trialdex_model::Study;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing lost (e.g. "file holds no trial records").
    Note,
    /// Something was read only in part; the record is kept with a warning in registrySection.
    Warning,
    /// A record (or the whole input) could not be read.
    Error,
}

/// One thing a parser says about its input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Which record, when the input holds several: its id, or its position ("studies[3]", "line 7").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, record: None, message: message.into() }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, record: None, message: message.into() }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, record: None, message: message.into() }
    }

    pub fn at(mut self, record: impl Into<String>) -> Self {
        self.record = Some(record.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match &self.record {
            Some(record) => write!(f, "{record}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Records read from one input, and the diagnostics about it.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub records: Vec<Study>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn failed(message: impl Into<String>) -> Self {
        Parsed { records: Vec::new(), diagnostics: vec![Diagnostic::error(message)] }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}
