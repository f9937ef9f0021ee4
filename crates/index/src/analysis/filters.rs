//! The filters of [`super::TEXT`]: tantivy's `LowerCaser` → `AsciiFoldingFilter` →
//! English `Stemmer`, behind a memo of their results.
//!
//! The three filters map each token on its own, and text repeats its tokens: in
//! the CT.gov records 5,000 distinct words make 86% of all tokens, and Chinese
//! text repeats its bigrams. Stemming alone was three quarters of the analyzer's
//! time on English, and lower-casing and folding every CJK token (a char-by-char
//! Unicode lookup each) half of it on Chinese. So a token the filters leave alone
//! (CJK) or only lower-case (numbers, one or two letters) skips them, any other
//! token seen before takes its term from a memo, and only a new one goes through
//! the filters. The terms are the filters', token for token (tests compare the
//! two on any text, and on every CJK character).
//!
//! The memo is one per thread, not one per analyzer: tantivy clones the analyzer
//! for every field of every segment writer, and per-clone memos would each fill
//! with the same words.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::tokenizer::{is_cjk, is_common_cjk};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Most tokens a thread's memo holds before it starts again (~3 MB).
pub(super) const MEMO_TOKENS: usize = 32_768;

/// The three filters over a one-token tokenizer: filters one token.
type Chain = <Stemmer as TokenFilter>::Tokenizer<
    <AsciiFoldingFilter as TokenFilter>::Tokenizer<<LowerCaser as TokenFilter>::Tokenizer<RawTokenizer>>,
>;

fn chain() -> Chain {
    let lower = LowerCaser.transform(RawTokenizer::default());
    Stemmer::new(Language::English).transform(AsciiFoldingFilter.transform(lower))
}

/// Filter: `LowerCaser` → `AsciiFoldingFilter` → English `Stemmer`, memoized.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextFilters;

impl TokenFilter for TextFilters {
    type Tokenizer<T: Tokenizer> = TextFiltersOver<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TextFiltersOver<T> {
        TextFiltersOver { inner: tokenizer }
    }
}

/// The tokenizer [`TextFilters`] makes of the one before it.
#[derive(Clone)]
pub struct TextFiltersOver<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for TextFiltersOver<T> {
    type TokenStream<'a> = TextFiltersStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TextFiltersStream { tail: self.inner.token_stream(text) }
    }
}

/// The token stream of [`TextFiltersOver`].
pub struct TextFiltersStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for TextFiltersStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if only_case_changes(&token.text) {
            token.text.make_ascii_lowercase();
        } else if !all_cjk(&token.text) {
            MEMO.with_borrow_mut(|memo| memo.filter(&mut token.text));
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Whether the filters do no more to `text` than lower-case it: a number (no
/// letters to stem or fold), or one or two ASCII letters or digits (the English
/// stemmer leaves words under three letters alone). A tenth of the tokens of
/// CT.gov records are numbers, mostly distinct: kept out of the memo, they
/// neither miss it nor crowd out words.
pub(super) fn only_case_changes(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && (bytes.iter().all(u8::is_ascii_digit) || (bytes.len() <= 2 && bytes.iter().all(u8::is_ascii_alphanumeric)))
}

/// Whether `text` is CJK characters only, which the filters leave as they are:
/// they have no case, no ASCII form and no English suffix. Chinese text has far
/// more distinct bigrams than a memo holds, so they stay out of it.
pub(super) fn all_cjk(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| is_common_cjk(c) || is_cjk(c))
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo { terms: HashMap::default(), chain: chain() });
}

struct Memo {
    /// Term of each token text seen; `None` when the term is the text itself
    /// (CJK tokens, lower-case words the stemmer keeps).
    terms: HashMap<Box<str>, Option<Box<str>>, BuildHasherDefault<TokenHasher>>,
    chain: Chain,
}

impl Memo {
    /// Replaces `text` with its term.
    fn filter(&mut self, text: &mut String) {
        match self.terms.get(text.as_str()) {
            Some(None) => {}
            Some(Some(term)) => {
                text.clear();
                text.push_str(term);
            }
            None => {
                let mut stream = self.chain.token_stream(text);
                stream.advance();
                let term = &stream.token().text;
                let changed = (term != text).then(|| Box::from(term.as_str()));
                if self.terms.len() >= MEMO_TOKENS {
                    self.terms.clear();
                }
                let key = Box::from(text.as_str());
                if let Some(term) = &changed {
                    text.clear();
                    text.push_str(term);
                }
                self.terms.insert(key, changed);
            }
        }
    }
}

/// FxHash (rustc's hasher), several times faster than SipHash on short tokens.
/// Tokens that collide on purpose could only slow a memo of at most
/// [`MEMO_TOKENS`] tokens.
#[derive(Default)]
struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
