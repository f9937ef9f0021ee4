//! CT.gov's query language (the "Essie" expression syntax of `query.term` and Expert Search):
//! [`parse`] turns a query string into an [`Expr`] tree, or a [`QueryError`] that says where
//! and why, worded for the user.
//!
//! Pure: no index here. Compiling the tree into index queries, and checking area names
//! against the search areas, is the next step's job.

mod ast;
mod lexer;
mod params;
mod parser;

#[cfg(test)]
mod tests;

pub use ast::{Coverage, Expansion, Expr, QueryError, Span};
pub use parser::{MAX_DEPTH, MAX_QUERY_CHARS, MAX_TERMS, parse};
