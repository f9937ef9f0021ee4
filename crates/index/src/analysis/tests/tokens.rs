//! Token streams: terms, positions and offsets of English, Chinese and mixed text.

use super::{analyzed, bigrams, check, raw_tokens, terms};
use crate::analysis::tokenizer::MAX_WORD_BYTES;
use crate::analysis::{QueryPart, keyword_analyzer, query_parts};
use tantivy::tokenizer::TokenStream;

#[test]
fn hyphens_split_words_and_numbers() {
    check("IL-2", &[("il", 0), ("2", 1)]);
    check("COVID-19", &[("covid", 0), ("19", 1)]);
    check("PD-L1/CTLA-4", &[("pd", 0), ("l1", 1), ("ctla", 2), ("4", 3)]);
}

#[test]
fn accents_fold_and_english_words_stem() {
    check("Sjögren's syndrome", &[("sjogren", 0), ("s", 1), ("syndrom", 2)]);
    check("Anemias treated", &[("anemia", 0), ("treat", 1)]);
    check("ÉTUDE naïve", &[("etud", 0), ("naiv", 1)]);
}

#[test]
fn numbers_are_words() {
    check(
        "3.5 mg/kg, ≥18 years; 2020-03-18",
        &[("3", 0), ("5", 1), ("mg", 2), ("kg", 3), ("18", 4), ("year", 5), ("2020", 6), ("03", 7), ("18", 8)],
    );
    // full-width digits and letters, common in Chinese records, fold to ASCII
    check("ＣＯＶＩＤ－１９", &[("covid", 0), ("19", 1)]);
}

#[test]
fn empty_and_blank_text_have_no_tokens() {
    check("", &[]);
    check(" \t\r\n\u{3000} ", &[]);
    check("—,.;:()（）、。！", &[]);
    assert!(query_parts("  ").is_empty());
}

#[test]
fn user_dictionary_word_and_its_bigrams() {
    // the word (user dictionary), the three-character words jieba's search mode
    // finds inside it, and the bigrams (再生, 障碍, 贫血 are words too)
    check(
        "再生障碍性贫血",
        &[
            ("再生", 0),
            ("再生障碍性贫血", 0),
            ("生障", 1),
            ("障碍", 2),
            ("障碍性", 2),
            ("碍性", 3),
            ("性贫", 4),
            ("性贫血", 4),
            ("贫血", 5),
        ],
    );
    let terms: Vec<String> = terms("再生障碍性贫血").into_iter().map(|(t, _)| t).collect();
    for (bigram, _) in bigrams("再生障碍性贫血", 0) {
        assert!(terms.contains(&bigram), "{bigram}");
    }
}

#[test]
fn jieba_words_sit_at_their_first_character() {
    // 重型 / 再生障碍性贫血 / 患者: a two-character word is its bigram, indexed once
    check(
        "重型再生障碍性贫血患者",
        &[
            ("重型", 0),
            ("型再", 1),
            ("再生", 2),
            ("再生障碍性贫血", 2),
            ("生障", 3),
            ("障碍", 4),
            ("障碍性", 4),
            ("碍性", 5),
            ("性贫", 6),
            ("性贫血", 6),
            ("贫血", 7),
            ("血患", 8),
            ("患者", 9),
        ],
    );
}

#[test]
fn latin_after_a_chinese_run_continues_after_it() {
    // 肺癌 (2 chars) at 0..2, then il 2, then 患者 at 4
    check("肺癌IL-2患者", &[("肺癌", 0), ("il", 2), ("2", 3), ("患者", 4)]);
    check("KRAS G12C突变", &[("kras", 0), ("g12c", 1), ("突变", 2)]);
    check("5天 (day)", &[("5", 0), ("天", 1), ("day", 2)]);
}

#[test]
fn one_character_run_is_that_character() {
    check("A 癌 b", &[("a", 0), ("癌", 1), ("b", 2)]);
    let parts = query_parts("癌");
    assert_eq!(parts, [QueryPart::Cjk { text: "癌".into(), words: vec!["癌".into()], bigrams: vec!["癌".into()] }]);
}

#[test]
fn punctuation_splits_chinese_runs() {
    // 、 and ，split runs; positions go on across them
    check("肺癌、胃癌，肝癌", &[("肺癌", 0), ("胃癌", 2), ("肝癌", 4)]);
}

#[test]
fn kana_and_hangul_are_bigrams() {
    let expected =
        [("アス", 0), ("ア", 0), ("ス", 1), ("スピ", 1), ("ピ", 2), ("ピリ", 2), ("リ", 3), ("リン", 3), ("ン", 4)];
    let mut got = terms("アスピリン");
    got.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let mut want: Vec<(String, usize)> = expected.iter().map(|&(t, p)| (t.to_owned(), p)).collect();
    want.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    assert_eq!(got, want);
    assert!(terms("임상시험").iter().any(|(t, p)| t == "시험" && *p == 2));
}

#[test]
fn common_cjk_fast_path_agrees_with_the_full_test() {
    use crate::analysis::tokenizer::{is_cjk, is_common_cjk};
    for c in (0..=0x3FFFF).filter_map(char::from_u32).filter(|&c| is_common_cjk(c)) {
        assert!(c.is_alphanumeric() && is_cjk(c), "{c:?}");
    }
}

#[test]
fn offsets_point_at_the_original_text() {
    let text = "Sjögren 综合征 ≥ 18岁";
    for token in raw_tokens(text) {
        assert_eq!(&text[token.offset_from..token.offset_to], token.text, "{token:?}");
    }
    let analyzed = analyzed(text);
    let spans: Vec<&str> = analyzed.iter().map(|t| &text[t.offset_from..t.offset_to]).collect();
    assert_eq!(spans, ["Sjögren", "综合", "综合征", "合征", "18", "岁"]);
}

#[test]
fn position_length_covers_the_run() {
    let tokens = analyzed("再生障碍性贫血 x");
    let word = tokens.iter().find(|t| t.text == "再生障碍性贫血").unwrap();
    assert_eq!(word.position_length, 7);
    assert_eq!(tokens.iter().map(|t| t.position + t.position_length).max(), Some(8));
}

#[test]
fn overlong_words_are_dropped_but_keep_their_place() {
    let junk = "x".repeat(MAX_WORD_BYTES + 1);
    check(&format!("a {junk} b"), &[("a", 0), ("b", 2)]);
    let kept = "y".repeat(MAX_WORD_BYTES);
    assert_eq!(terms(&kept).len(), 1);
    assert_eq!(query_parts(&format!("a {junk} b")), [QueryPart::Word("a".into()), QueryPart::Word("b".into())]);
}

#[test]
fn tokenizer_is_reused_across_texts() {
    let mut analyzer = crate::analysis::text_analyzer();
    let mut collect = |text: &str| {
        let mut out = Vec::new();
        analyzer.token_stream(text).process(&mut |t| out.push((t.text.clone(), t.position)));
        out
    };
    assert_eq!(collect("再生障碍性贫血").len(), 9);
    // nothing of the previous run leaks into the next text
    assert_eq!(collect("IL-2"), [("il".to_owned(), 0), ("2".to_owned(), 1)]);
    assert!(collect("").is_empty());
}

#[test]
fn keyword_is_the_whole_value_lower_cased() {
    let mut analyzer = keyword_analyzer();
    let mut out = Vec::new();
    analyzer.token_stream("NCT02464319").process(&mut |t| out.push(t.text.clone()));
    assert_eq!(out, ["nct02464319"]);
    out.clear();
    analyzer.token_stream("ACTIVE_NOT_RECRUITING").process(&mut |t| out.push(t.text.clone()));
    assert_eq!(out, ["active_not_recruiting"]);
}

#[test]
fn query_parts_of_mixed_text() {
    let parts = query_parts("Low-dose IL-2 再生障碍性贫血");
    let word = |w: &str| QueryPart::Word(w.to_owned());
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        parts,
        [
            word("low"),
            word("dose"),
            word("il"),
            word("2"),
            QueryPart::Cjk {
                text: "再生障碍性贫血".into(),
                words: strings(&["再生", "再生障碍性贫血", "障碍", "障碍性", "性贫血", "贫血"]),
                bigrams: strings(&["再生", "生障", "障碍", "碍性", "性贫", "贫血"]),
            },
        ]
    );
}
