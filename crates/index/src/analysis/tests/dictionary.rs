//! The medical user dictionary: well formed, reachable, and doing its job.

use std::collections::HashSet;

use jieba_rs::Jieba;

use crate::analysis::tokenizer::{SegmentKind, next_segment};
use crate::analysis::{MEDICAL_ZH, jieba, medical_entries};

fn entries() -> Vec<&'static str> {
    MEDICAL_ZH.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect()
}

#[test]
fn every_line_is_word_frequency_tag() {
    let mut seen = HashSet::new();
    for line in entries() {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 3, "`word freq tag` expected, found {line:?}");
        assert!(fields[1].parse::<usize>().is_ok_and(|f| f > 0), "frequency expected, found {line:?}");
        assert!(seen.insert(fields[0]), "{} is listed twice", fields[0]);
    }
    assert!(seen.len() >= 300, "a few hundred terms expected, found {}", seen.len());
    Jieba::empty().load_dict(&mut medical_entries().as_bytes()).expect("jieba reads medical_zh.txt");
}

#[test]
fn every_word_is_one_cjk_run() {
    // the tokenizer cuts runs at digits, Latin and punctuation: jieba would never see a word that spans them
    for line in entries() {
        let word = line.split(' ').next().unwrap();
        let segment = next_segment(word, 0).unwrap();
        assert!(
            segment.kind == SegmentKind::Cjk && segment.from == 0 && segment.to == word.len(),
            "{word} is not one CJK run"
        );
    }
}

#[test]
fn every_word_is_new_to_jieba_and_cut_whole() {
    let default = Jieba::new();
    let ours = jieba();
    for line in entries() {
        let word = line.split(' ').next().unwrap();
        assert!(!default.has_word(word), "{word} is in jieba's own dictionary already");
        let cut: Vec<&str> = ours.cut(word, false).iter().map(|t| t.word).collect();
        assert_eq!(cut, [word]);
    }
}

#[test]
fn no_word_carries_a_stage_or_severity() {
    for line in entries() {
        let word = line.split(' ').next().unwrap();
        for prefix in ["重型", "极重型", "晚期", "早期", "转移性", "难治性", "复发难治"] {
            assert!(!word.starts_with(prefix), "{word}: the bare name without {prefix} is the word");
        }
    }
}

#[test]
fn medical_terms_are_cut_whole_in_running_text() {
    let cases = [
        ("抗胸腺细胞球蛋白联合环孢素治疗重型再生障碍性贫血", "再生障碍性贫血"),
        ("原发免疫性血小板减少症患者", "免疫性血小板减少症"),
        ("系统性红斑狼疮合并狼疮性肾炎", "系统性红斑狼疮"),
        ("原发性干燥综合征的低剂量治疗", "干燥综合征"),
        ("帕博利珠单抗一线治疗晚期非小细胞肺癌", "非小细胞肺癌"),
        ("帕博利珠单抗一线治疗晚期非小细胞肺癌", "帕博利珠单抗"),
        ("新诊断急性髓系白血病患者", "急性髓系白血病"),
        ("慢性阻塞性肺疾病急性加重", "慢性阻塞性肺疾病"),
        ("利妥昔单抗联合化疗", "利妥昔单抗"),
        ("随机对照试验的纳入标准和排除标准", "纳入标准"),
        ("随机对照试验的纳入标准和排除标准", "排除标准"),
        ("随机对照试验的纳入标准和排除标准", "随机对照试验"),
        ("白细胞介素联合安慰剂", "白细胞介素"),
    ];
    for (text, word) in cases {
        let cut: Vec<&str> = jieba().cut(text, false).iter().map(|t| t.word).collect();
        assert!(cut.contains(&word), "{text}: {word} expected whole, cut {cut:?}");
    }
}
