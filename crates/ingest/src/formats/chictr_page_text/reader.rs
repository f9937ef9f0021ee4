//! The bilingual detail page copied as text → `Record`.
//!
//! The copy is a run of lines: labels ("研究疾病:", "Target disease:") each followed by
//! its value, which may be empty, span several lines, or (for a few rows) hold both
//! languages after the English label. Copying breaks some labels over two or more lines
//! ("Study leader's" / "telephone:"), so adjacent lines are joined to try again.

use crate::formats::chictr::fields::{Block, Label, lookup};
use crate::formats::chictr::record::Record;
use crate::formats::chictr::writer::Writer;

/// A label broken into more parts than this is not tried.
const MAX_LABEL_PARTS: usize = 8;

pub fn read(text: &str) -> Record {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut writer = Writer::default();
    let mut i = 0;
    while i < lines.len() {
        match label_at(&lines[i..], writer.block()) {
            Some((label, used)) => {
                writer.label(label);
                i += used;
            }
            None => {
                writer.line(lines[i]);
                i += 1;
            }
        }
    }
    writer.finish()
}

/// The label starting at `lines[0]`, and how many lines it takes. A label broken over
/// lines (blank ones between them or not) is joined back; only its last part may end
/// with a colon.
fn label_at(lines: &[&str], block: Block) -> Option<(Label, usize)> {
    if lines.first().is_none_or(|l| l.is_empty()) {
        return None;
    }
    let mut joined = String::new();
    let mut parts = 0;
    for (at, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        if parts > 0 {
            joined.push(' ');
        }
        joined.push_str(line);
        parts += 1;
        if let Some(label) = lookup(block, &joined) {
            return Some((label, at + 1));
        }
        if parts == MAX_LABEL_PARTS || line.ends_with([':', '：']) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::chictr::fields::{Field, Side};

    #[test]
    fn values_follow_their_labels_in_both_languages() {
        let record = read(
            "研究疾病:\n\n重型再生障碍性贫血  \n\nTarget disease:\n\nSever aplastic anemia\n\n研究疾病代码:\n\nTarget disease code:\n",
        );
        assert_eq!(record.main.zh(Field::TargetDisease), Some("重型再生障碍性贫血"));
        assert_eq!(record.main.en(Field::TargetDisease), Some("Sever aplastic anemia"));
        assert!(record.main.has_label(Field::TargetDiseaseCode, Side::En));
        assert_eq!(record.main.any(Field::TargetDiseaseCode), None);
    }

    #[test]
    fn broken_labels_are_joined() {
        let record = read("Study leader's\ntelephone:\n\n+86 138 2096 1539\n\nStudy leader's\n\nE-mail:\n\na@b.cn");
        assert_eq!(record.main.en(Field::LeaderPhone), Some("+86 138 2096 1539"));
        assert_eq!(record.main.en(Field::LeaderEmail), Some("a@b.cn"));
    }

    #[test]
    fn an_empty_field_takes_nothing_from_the_next_one() {
        let record =
            read("纳入标准:\n\nInclusion criteria\n\n排除标准:\n\n1. 妊娠\n\nExclusion criteria:\n\n1. Pregnancy\n");
        assert!(record.main.has_label(Field::InclusionCriteria, Side::Zh));
        assert_eq!(record.main.any(Field::InclusionCriteria), None);
        assert_eq!(record.main.en(Field::ExclusionCriteria), Some("1. Pregnancy"));
    }

    #[test]
    fn a_repeated_label_starts_the_next_block() {
        let text = "测量指标:\nOutcomes:\n指标中文名:\n复发率\nOutcome:\nRecurrence rate\n指标中文名:\n死亡率\nOutcome:\nMortality\n征募研究对象情况:\n尚未开始";
        let record = read(text);
        let outcomes = record.blocks(Block::Outcome);
        assert_eq!(outcomes.len(), 2);
        assert_eq!(outcomes[1].en(Field::OutcomeName), Some("Mortality"));
        assert_eq!(record.main.zh(Field::RecruitingStatus), Some("尚未开始"));
    }
}
