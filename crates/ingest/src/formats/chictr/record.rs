//! A ChiCTR record as fields: what a reader of any ChiCTR source hands to `build`.

use std::collections::BTreeMap;

use super::fields::{Block, Field, Side};
use crate::text::clean_block;

/// One field's value in both languages. `None`: the page has no such label;
/// `Some("")`: the label is there with nothing after it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Slot {
    zh: Option<String>,
    en: Option<String>,
}

impl Slot {
    fn side(&mut self, side: Side) -> &mut Option<String> {
        match side {
            Side::Zh => &mut self.zh,
            Side::En => &mut self.en,
        }
    }
}

/// The fields of the record itself or of one repeating block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    slots: BTreeMap<Field, Slot>,
}

impl Fields {
    /// Whether the label of `field` in `side`'s language was met.
    pub fn has_label(&self, field: Field, side: Side) -> bool {
        self.slots.get(&field).is_some_and(|s| match side {
            Side::Zh => s.zh.is_some(),
            Side::En => s.en.is_some(),
        })
    }

    /// Records that the label was met, with no value yet.
    pub fn open(&mut self, field: Field, side: Side) {
        self.slots.entry(field).or_default().side(side).get_or_insert_with(String::new);
    }

    /// Adds one line of the value that follows the label.
    pub fn push_line(&mut self, field: Field, side: Side, line: &str) {
        let value = self.slots.entry(field).or_default().side(side).get_or_insert_with(String::new);
        if !value.is_empty() {
            value.push('\n');
        }
        value.push_str(line);
    }

    /// The Chinese value, cleaned, when there is one.
    pub fn zh(&self, field: Field) -> Option<&str> {
        self.slots.get(&field).and_then(|s| s.zh.as_deref()).filter(|v| !v.is_empty())
    }

    /// The English value, cleaned, when there is one.
    pub fn en(&self, field: Field) -> Option<&str> {
        self.slots.get(&field).and_then(|s| s.en.as_deref()).filter(|v| !v.is_empty())
    }

    /// A value that is the same in both languages (a date, a number, a phone): the
    /// English one, or the Chinese one when only that is given.
    pub fn any(&self, field: Field) -> Option<&str> {
        self.en(field).or_else(|| self.zh(field))
    }

    /// Whether any field holds a value.
    pub fn has_values(&self) -> bool {
        self.slots
            .values()
            .any(|s| s.zh.as_deref().is_some_and(|v| !v.is_empty()) || s.en.as_deref().is_some_and(|v| !v.is_empty()))
    }

    /// Cleans every value and separates the pairs the page prints after both labels.
    ///
    /// A row such as "征募研究对象情况: / Recruiting status: / 尚未开始 / Not yet recruiting"
    /// puts both values after the English label. When the Chinese value is empty and the
    /// English one starts with lines in Chinese followed only by lines without any, the
    /// Chinese lines are the Chinese value.
    pub fn settle(&mut self) {
        for slot in self.slots.values_mut() {
            for value in [&mut slot.zh, &mut slot.en].into_iter().flatten() {
                *value = clean_block(value);
            }
            let zh_empty = slot.zh.as_deref().is_none_or(str::is_empty);
            if let (true, Some(en)) = (zh_empty, slot.en.as_deref())
                && let Some((zh, en)) = split_chinese_lead(en)
            {
                slot.zh = Some(zh);
                slot.en = Some(en);
            }
        }
    }
}

/// "尚未开始\n\nNot yet recruiting" → ("尚未开始", "Not yet recruiting"); `None` unless
/// Chinese lines come first and only lines without Chinese follow.
fn split_chinese_lead(value: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = value.lines().filter(|l| !l.trim().is_empty()).collect();
    let lead = lines.iter().take_while(|l| has_chinese(l)).count();
    if lead == 0 || lead == lines.len() || lines[lead..].iter().any(|l| has_chinese(l)) {
        return None;
    }
    Some((lines[..lead].join("\n"), lines[lead..].join("\n")))
}

/// Whether `s` holds a CJK ideograph.
pub fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}'))
}

/// A whole ChiCTR record: its own fields and its repeating blocks, in page order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub main: Fields,
    blocks: BTreeMap<Block, Vec<Fields>>,
    /// How many labels the reader recognised; zero means the input is no ChiCTR record.
    pub labels_read: usize,
}

impl Record {
    /// The fields values of `block` go to: the record's own, or the block's last entry.
    pub fn fields_mut(&mut self, block: Block) -> &mut Fields {
        if block == Block::Main {
            return &mut self.main;
        }
        let list = self.blocks.entry(block).or_default();
        if list.is_empty() {
            list.push(Fields::default());
        }
        let last = list.len() - 1;
        &mut list[last]
    }

    /// Starts a new entry of `block` (a second sponsor, the next outcome).
    pub fn start_block(&mut self, block: Block) {
        self.blocks.entry(block).or_default().push(Fields::default());
    }

    pub fn blocks(&self, block: Block) -> &[Fields] {
        self.blocks.get(&block).map_or(&[], Vec::as_slice)
    }

    pub fn settle(&mut self) {
        self.main.settle();
        self.blocks.values_mut().flatten().for_each(Fields::settle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_of_values_after_the_english_label_is_split_by_script() {
        let mut fields = Fields::default();
        fields.open(Field::RecruitingStatus, Side::Zh);
        fields.push_line(Field::RecruitingStatus, Side::En, "尚未开始");
        fields.push_line(Field::RecruitingStatus, Side::En, "");
        fields.push_line(Field::RecruitingStatus, Side::En, "Not yet");
        fields.push_line(Field::RecruitingStatus, Side::En, "recruiting");
        fields.settle();
        assert_eq!(fields.zh(Field::RecruitingStatus), Some("尚未开始"));
        assert_eq!(fields.en(Field::RecruitingStatus), Some("Not yet\nrecruiting"));
    }

    #[test]
    fn mixed_lines_stay_together() {
        let mut fields = Fields::default();
        fields.push_line(Field::ParticipantAge, Side::En, "最小 Min age 18 years");
        fields.push_line(Field::ParticipantAge, Side::En, "最大 Max age 60 years");
        fields.settle();
        assert_eq!(fields.zh(Field::ParticipantAge), None);
        assert_eq!(fields.en(Field::ParticipantAge), Some("最小 Min age 18 years\n最大 Max age 60 years"));
    }
}
