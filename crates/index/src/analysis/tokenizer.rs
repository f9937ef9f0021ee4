//! `TrialTokenizer`: text cut into Latin/number words and CJK runs; a CJK run
//! yields its jieba words and its overlapping character bigrams.

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::jieba;

/// A word longer than this many bytes is not indexed (it still takes its
/// position): such runs are base64, hashes or run-together junk, and tantivy
/// drops terms longer than 65,530 bytes with a warning anyway.
pub(super) const MAX_WORD_BYTES: usize = 100;

/// How a CJK run is handed to jieba: search mode (each word, plus the two- and
/// three-character dictionary words inside it), without HMM. Measured on the
/// 267 Chinese fields of the ChiCTR page and seed, 96 user-like queries: the
/// jieba words alone found 90.7% of the fields holding the query text, against
/// 73.8% for `cut` (HMM on or off made no difference), and 31 more fields with
/// the words apart (晚期 … 肺癌) against 10; on 947 substrings of the fields,
/// HMM found fewer (17.2% against 18.4%). The bigram phrase finds them all.
const SEARCH_MODE: bool = true;
const HMM: bool = false;

/// The tokenizer of [`super::TEXT`]; see the module documentation for the tokens
/// and positions it produces. Holds its buffers, so a tokenizer reused by an
/// index writer allocates nothing per token (jieba returns one vector per CJK run).
#[derive(Clone, Default)]
pub struct TrialTokenizer {
    token: Token,
    run: RunBuffers,
}

/// The token stream of [`TrialTokenizer`].
pub struct TrialTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next segment starts.
    cursor: usize,
    /// Position of the next Latin word, or the base of the next CJK run.
    next_position: usize,
    token: &'a mut Token,
    run: &'a mut RunBuffers,
    /// Index into `run.pieces` of the next piece to emit.
    pending: usize,
    /// Byte offset and base position of the CJK run in `run`.
    run_from: usize,
    run_base: usize,
}

impl Tokenizer for TrialTokenizer {
    type TokenStream<'a> = TrialTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TrialTokenStream<'a> {
        self.token.reset();
        self.run.pieces.clear();
        TrialTokenStream {
            text,
            cursor: 0,
            next_position: 0,
            token: &mut self.token,
            run: &mut self.run,
            pending: 0,
            run_from: 0,
            run_base: 0,
        }
    }
}

impl TokenStream for TrialTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(&piece) = self.run.pieces.get(self.pending) {
                self.pending += 1;
                let (from, to) = self.run.byte_range(piece);
                self.set_token(self.run_from + from, self.run_from + to, self.run_base + piece.start as usize);
                self.token.position_length = piece.len as usize;
                return true;
            }
            let Some(segment) = next_segment(self.text, self.cursor) else {
                return false;
            };
            self.cursor = segment.to;
            match segment.kind {
                SegmentKind::Word => {
                    let position = self.next_position;
                    self.next_position += 1;
                    if segment.to - segment.from <= MAX_WORD_BYTES {
                        self.set_token(segment.from, segment.to, position);
                        self.token.position_length = 1;
                        return true;
                    }
                }
                SegmentKind::Cjk => {
                    self.run.segment(jieba(), &self.text[segment.from..segment.to]);
                    self.pending = 0;
                    self.run_from = segment.from;
                    self.run_base = self.next_position;
                    self.next_position += self.run.char_count();
                }
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl TrialTokenStream<'_> {
    fn set_token(&mut self, from: usize, to: usize, position: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SegmentKind {
    /// A run of alphanumeric characters that are not CJK: one token.
    Word,
    /// A run of CJK characters (Han, kana, hangul): words and bigrams.
    Cjk,
}

/// A run of one kind at bytes `from..to` of the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Segment {
    pub kind: SegmentKind,
    pub from: usize,
    pub to: usize,
}

/// The first segment at or after byte `at` (a char boundary); every character
/// that is neither alphanumeric nor CJK separates segments and is skipped.
pub(super) fn next_segment(text: &str, mut at: usize) -> Option<Segment> {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let (class, width) = class_at(text, at);
        match class {
            Class::Other => at += width,
            Class::Word | Class::Cjk => {
                let kind = if class == Class::Word { SegmentKind::Word } else { SegmentKind::Cjk };
                let from = at;
                at += width;
                while at < bytes.len() {
                    let (next, width) = class_at(text, at);
                    if next != class {
                        break;
                    }
                    at += width;
                }
                return Some(Segment { kind, from, to: at });
            }
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Cjk,
    Other,
}

/// The class and UTF-8 width of the character at byte `at`, ASCII on a fast path.
#[inline]
fn class_at(text: &str, at: usize) -> (Class, usize) {
    let b = text.as_bytes()[at];
    if b < 0x80 {
        return (if b.is_ascii_alphanumeric() { Class::Word } else { Class::Other }, 1);
    }
    let c = text[at..].chars().next().unwrap_or_default();
    let class = if is_common_cjk(c) {
        Class::Cjk
    } else if !c.is_alphanumeric() {
        Class::Other
    } else if is_cjk(c) {
        Class::Cjk
    } else {
        Class::Word
    };
    (class, c.len_utf8())
}

/// The CJK characters of nearly all Chinese, Japanese and Korean text, every one
/// of them alphanumeric: a range test instead of the slow alphanumeric lookup.
#[inline]
pub(super) fn is_common_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{AC00}'..='\u{D7A3}')
}

/// Han ideographs (with 々 and 〇), kana and hangul. Callers have checked that
/// `c` is alphanumeric, which leaves out the punctuation in these blocks (・, ゠).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF          // Hangul Jamo
        | 0x3005..=0x3007        // 々 〆 〇
        | 0x3021..=0x3029        // Hangzhou numerals
        | 0x3031..=0x303C        // kana repeat marks, 〻
        | 0x3040..=0x30FF        // Hiragana, Katakana
        | 0x3130..=0x318F        // Hangul Compatibility Jamo
        | 0x31F0..=0x31FF        // Katakana Phonetic Extensions
        | 0x3400..=0x4DBF        // CJK Extension A
        | 0x4E00..=0x9FFF        // CJK Unified Ideographs
        | 0xA960..=0xA97F        // Hangul Jamo Extended-A
        | 0xAC00..=0xD7FF        // Hangul Syllables, Jamo Extended-B
        | 0xF900..=0xFAFF        // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F        // halfwidth Katakana
        | 0xFFA0..=0xFFDC        // halfwidth Hangul
        | 0x20000..=0x323AF // CJK Extensions B-H, Compatibility Supplement
    )
}

/// What a piece of a CJK run is indexed as (bit flags: a two-character jieba
/// word is also the bigram at its place, and is indexed once).
pub(super) const WORD: u8 = 1;
pub(super) const BIGRAM: u8 = 2;

/// One token of a CJK run: `len` characters from character `start` of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Piece {
    pub start: u32,
    pub len: u32,
    pub kind: u8,
}

/// A CJK run cut into pieces, in position order; reused from run to run.
#[derive(Clone, Default)]
pub(super) struct RunBuffers {
    /// Byte offset of every character of the run, then the run's length.
    chars: Vec<u32>,
    pub pieces: Vec<Piece>,
}

impl RunBuffers {
    /// Cut `run` (CJK characters only) into its jieba words and its bigrams;
    /// a one-character run is one piece, both word and bigram.
    pub fn segment(&mut self, jieba: &Jieba, run: &str) {
        self.chars.clear();
        self.chars.extend(run.char_indices().map(|(offset, _)| offset as u32));
        self.chars.push(run.len() as u32);
        self.pieces.clear();
        let n = self.char_count() as u32;
        if n == 1 {
            self.pieces.push(Piece { start: 0, len: 1, kind: WORD | BIGRAM });
            return;
        }
        self.pieces.extend((0..n - 1).map(|start| Piece { start, len: 2, kind: BIGRAM }));
        let words = if SEARCH_MODE { jieba.cut_for_search(run, HMM) } else { jieba.cut(run, HMM) };
        self.pieces.extend(words.iter().map(|w| Piece {
            start: w.start as u32,
            len: (w.end - w.start) as u32,
            kind: WORD,
        }));
        self.pieces.sort_unstable_by_key(|p| (p.start, p.len));
        // `dedup_by` hands (later, kept): the later one is removed.
        self.pieces.dedup_by(|later, kept| {
            let same = later.start == kept.start && later.len == kept.len;
            if same {
                kept.kind |= later.kind;
            }
            same
        });
    }

    pub fn char_count(&self) -> usize {
        self.chars.len() - 1
    }

    /// Byte range of `piece` within the run.
    pub fn byte_range(&self, piece: Piece) -> (usize, usize) {
        let start = piece.start as usize;
        (self.chars[start] as usize, self.chars[start + piece.len as usize] as usize)
    }
}
