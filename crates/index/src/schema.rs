//! The index schema: one field per piece (`pieces::PIECES`), typed by its kind, plus
//! the fields search needs beyond the pieces (record key, which pieces are present,
//! facets, the sites for same-site and distance matching).

use std::collections::HashMap;

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use trialdex_model::pieces::{PIECES, Piece, PieceKind};

use crate::analysis;

/// Field names that are not pieces start with an underscore, so they never collide.
pub const KEY: &str = "_key";
pub const PRESENT: &str = "_present";
pub const FACETS: &str = "_facets";
pub const SITES: &str = "_sites";
pub const LAT: &str = "_lat";
pub const LON: &str = "_lon";

/// The schema and the handle of every field.
#[derive(Clone)]
pub struct Fields {
    pub schema: Schema,
    /// "registry:registryId", stored: what a hit returns, and the term a record is replaced by.
    pub key: Field,
    /// Lower-case names of the pieces a record has a value for (`MISSING`).
    pub present: Field,
    pub facets: Field,
    /// The record's sites as JSON (`SEARCH[Location]`, `DISTANCE`).
    pub sites: Field,
    /// Site coordinates, one value per site that has them, in site order.
    pub lat: Field,
    pub lon: Field,
    pieces: HashMap<&'static str, (Field, &'static Piece)>,
}

impl Fields {
    pub fn new() -> Fields {
        let mut builder = Schema::builder();
        let key = builder.add_text_field(KEY, STRING | STORED);
        let present = builder.add_text_field(PRESENT, STRING);
        let facets = builder.add_facet_field(FACETS, FacetOptions::default());
        let sites = builder.add_bytes_field(SITES, STORED);
        let lat = builder.add_f64_field(LAT, INDEXED | FAST);
        let lon = builder.add_f64_field(LON, INDEXED | FAST);
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::TEXT)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let keyword = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(analysis::KEYWORD).set_index_option(IndexRecordOption::Basic),
        );
        let number = NumericOptions::default().set_indexed().set_fast();
        let mut pieces = HashMap::new();
        for piece in PIECES {
            let field = match piece.kind {
                PieceKind::Text => builder.add_text_field(piece.name, text.clone()),
                PieceKind::Id | PieceKind::Enum | PieceKind::Bool => {
                    builder.add_text_field(piece.name, keyword.clone())
                }
                PieceKind::Date | PieceKind::Number => builder.add_i64_field(piece.name, number.clone()),
                PieceKind::Age => builder.add_f64_field(piece.name, number.clone()),
                PieceKind::GeoPoint => continue,
            };
            pieces.insert(piece.name, (field, piece));
        }
        Fields { schema: builder.build(), key, present, facets, sites, lat, lon, pieces }
    }

    /// The field of a piece, by the piece's exact name.
    pub fn piece(&self, name: &str) -> Option<(Field, &'static Piece)> {
        self.pieces.get(name).copied()
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}
