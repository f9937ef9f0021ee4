//! Labels and value lines, in the order a source shows them → `Record`.
//!
//! Every ChiCTR reader meets the same sequence: a label, then its value, then the next
//! label. Which block a value goes to follows from the labels alone: a section heading
//! ("干预措施:" / "Interventions:") opens a run of blocks, a block's label met twice
//! starts its next entry, and a field of the record itself leaves the blocks.

use super::fields::{Block, Label};
use super::record::Record;

#[derive(Debug, Default)]
pub(crate) struct Writer {
    record: Record,
    block: Block,
    /// Where the lines that follow go: the value of this label in the current block.
    target: Option<Label>,
}

impl Writer {
    /// The block being read: labels are looked up in it first.
    pub fn block(&self) -> Block {
        self.block
    }

    /// A label was met: the lines that follow are its value.
    pub fn label(&mut self, label: Label) {
        self.record.labels_read += 1;
        let (field, side) = label;
        if let Some(opened) = field.opens() {
            self.block = opened;
            self.target = None;
            return;
        }
        let home = field.blocks();
        if !home.contains(&self.block) {
            self.block = home.first().copied().unwrap_or(Block::Main);
        }
        // A label met twice in one block starts the block's next entry.
        if self.block != Block::Main && self.record.fields_mut(self.block).has_label(field, side) {
            self.record.start_block(self.block);
        }
        self.record.fields_mut(self.block).open(field, side);
        self.target = Some(label);
    }

    /// One line of the current label's value; lines before any label are not a value.
    pub fn line(&mut self, line: &str) {
        if let Some((field, side)) = self.target {
            self.record.fields_mut(self.block).push_line(field, side, line);
        }
    }

    /// The record, its values cleaned.
    pub fn finish(mut self) -> Record {
        self.record.settle();
        self.record
    }
}
