//! Versioned record store (trait `Store`, SQLite backend). Arrives with issue #4: every
//! version of every record, with its raw source, behind a change sequence.
