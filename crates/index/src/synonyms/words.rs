//! Splitting text into the normalized words that synonym keys are made of.
//!
//! Lower case, diacritics folded, compatibility forms folded (full-width "ＩＬ－２" reads
//! as "il 2"), split on every character that is not a letter or digit. A run of CJK
//! characters is one word of its own, even when Latin letters touch it, because Chinese
//! and Japanese text has no spaces to split on (a later analyzer segments it).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One word of a text: its normalized form and whether the source spelled it in capitals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasedWord {
    pub text: String,
    /// Every letter was upper case (digits do not count, but a letter is needed):
    /// "ALL" and "B-ALL" yes, "All" and "2" no.
    pub all_caps: bool,
}

/// Lower case, diacritics folded (Sjögren → sjogren), split on every non-alphanumeric char
/// ("IL-2" → ["il", "2"]); CJK text kept as runs.
pub fn normalize_words(text: &str) -> Vec<String> {
    cased_words(text).into_iter().map(|word| word.text).collect()
}

/// [`normalize_words`] that also says which words were written in capitals, so that
/// abbreviations which are also English words ("ALL", "MS") can require them.
pub fn cased_words(text: &str) -> Vec<CasedWord> {
    let mut splitter = Splitter::default();
    // NFKC would spell "Zorbanol™" as "ZorbanolTM"; trade marks separate words instead.
    let without_marks = text.chars().map(|c| if matches!(c, '™' | '℠' | '®' | '©') { ' ' } else { c });
    for c in without_marks.nfkc() {
        if is_cjk(c) {
            // Decomposing kana would drop its voicing marks and Hangul would fall apart
            // into jamo, so CJK characters are kept exactly as NFKC left them.
            splitter.push(c, CharClass::Cjk, false);
        } else if c.is_alphanumeric() {
            let upper = c.is_uppercase();
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    for lower in part.to_lowercase() {
                        if !is_combining_mark(lower) {
                            splitter.push(lower, CharClass::Other, upper);
                        }
                    }
                }
            });
        } else {
            splitter.finish_word();
        }
    }
    splitter.finish_word();
    splitter.words
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Cjk,
    Other,
}

#[derive(Default)]
struct Splitter {
    words: Vec<CasedWord>,
    current: String,
    class: Option<CharClass>,
    has_letter: bool,
    has_lower: bool,
}

impl Splitter {
    fn push(&mut self, c: char, class: CharClass, was_upper: bool) {
        if self.class.is_some_and(|current| current != class) {
            self.finish_word();
        }
        // A decomposition can yield non-alphanumeric leftovers (e.g. "¼" → "1⁄4");
        // those split words like any other separator.
        if !c.is_alphanumeric() {
            self.finish_word();
            return;
        }
        self.class = Some(class);
        if c.is_alphabetic() {
            self.has_letter = true;
            self.has_lower |= !was_upper;
        }
        self.current.push(c);
    }

    fn finish_word(&mut self) {
        if !self.current.is_empty() {
            let all_caps = self.has_letter && !self.has_lower && self.class == Some(CharClass::Other);
            self.words.push(CasedWord { text: std::mem::take(&mut self.current), all_caps });
        }
        self.class = None;
        self.has_letter = false;
        self.has_lower = false;
    }
}

/// Han, kana, Hangul and their compatibility blocks: scripts written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x1100..=0x11FF    // Hangul jamo
        | 0x3130..=0x318F    // Hangul compatibility jamo
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width katakana
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}
