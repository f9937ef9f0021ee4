//! Splits a query into tokens: words, quoted phrases, parentheses and operators.
//!
//! Operator words are recognised only in upper case and only as whole words, so "and",
//! "Andes" or "ANDROGEN" stay words; a backslash in front (`\AND`) makes one a word too.
//! Bracketed operators are read whole, parameter included (`AREA[LocationCity]`), because
//! what their parameter may contain (spaces, commas) differs from words.

use super::ast::{QueryError, Span};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// An unquoted word, backslash escapes removed.
    Word(String),
    /// The text between double quotes, `\"` and `\\` unescaped.
    Phrase(String),
    Open,
    Close,
    And,
    Or,
    Not,
    Missing,
    All,
    /// `NAME[param]`: `param` is the text between the brackets, trimmed, and `param_span` where it is.
    Bracketed {
        operator: BracketOperator,
        param: String,
        param_span: Span,
    },
}

/// The operators written with a bracketed parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BracketOperator {
    Area,
    Search,
    Coverage,
    Expansion,
    Tilt,
    Range,
    Distance,
}

impl BracketOperator {
    const ALL: [BracketOperator; 7] = [
        BracketOperator::Area,
        BracketOperator::Search,
        BracketOperator::Coverage,
        BracketOperator::Expansion,
        BracketOperator::Tilt,
        BracketOperator::Range,
        BracketOperator::Distance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BracketOperator::Area => "AREA",
            BracketOperator::Search => "SEARCH",
            BracketOperator::Coverage => "COVERAGE",
            BracketOperator::Expansion => "EXPANSION",
            BracketOperator::Tilt => "TILT",
            BracketOperator::Range => "RANGE",
            BracketOperator::Distance => "DISTANCE",
        }
    }

    /// How the operator is written, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            BracketOperator::Area => "AREA[ConditionSearch]asthma",
            BracketOperator::Search => "SEARCH[Location](AREA[LocationCity]Portland)",
            BracketOperator::Coverage => "COVERAGE[FullMatch]pain",
            BracketOperator::Expansion => "EXPANSION[Concept]exhaustion",
            BracketOperator::Tilt => "TILT[StudyFirstPostDate]asthma",
            BracketOperator::Range => "RANGE[2020-01-01, MAX]",
            BracketOperator::Distance => "DISTANCE[39.0, -77.1, 25mi]",
        }
    }

    /// AREA, SEARCH, COVERAGE, EXPANSION and TILT apply to an expression; RANGE and DISTANCE are one.
    pub fn is_context(self) -> bool {
        !matches!(self, BracketOperator::Range | BracketOperator::Distance)
    }

    fn from_name(name: &str) -> Option<BracketOperator> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// Reads every token of `chars`, or the first lexical error (unclosed quote, unknown operator, …).
pub(crate) fn tokenize(chars: &[char]) -> Result<Vec<Token>, QueryError> {
    let mut lexer = Lexer { chars, pos: 0 };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

struct Lexer<'a> {
    chars: &'a [char],
    pos: usize,
}

/// Characters that end an unquoted word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

impl Lexer<'_> {
    fn at(&self, pos: usize) -> Option<char> {
        self.chars.get(pos).copied()
    }

    fn next_non_space(&self) -> Option<char> {
        self.chars[self.pos..].iter().copied().find(|c| !c.is_whitespace())
    }

    fn next_token(&mut self) -> Result<Option<Token>, QueryError> {
        while self.at(self.pos).is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(c) = self.at(start) else { return Ok(None) };
        let kind = match c {
            '(' | ')' => {
                self.pos += 1;
                if c == '(' { TokenKind::Open } else { TokenKind::Close }
            }
            '"' => self.phrase()?,
            _ => match self.bracket_operator()? {
                Some(kind) => kind,
                None => self.word()?,
            },
        };
        Ok(Some(Token { kind, span: Span::new(start, self.pos) }))
    }

    /// A quoted phrase; `self.pos` is on the opening quote.
    fn phrase(&mut self) -> Result<TokenKind, QueryError> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.at(self.pos) {
                None => return Err(QueryError::at(start, "unclosed quote starting")),
                Some('"') => break,
                Some('\\') if matches!(self.at(self.pos + 1), Some('"' | '\\')) => {
                    text.extend(self.at(self.pos + 1));
                    self.pos += 2;
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        if text.trim().is_empty() {
            return Err(QueryError::at(start, "empty quotes"));
        }
        Ok(TokenKind::Phrase(text))
    }

    /// `NAME[param]` when the word at `self.pos` is upper-case letters followed by `[`;
    /// `None` (position unchanged) when it is not.
    fn bracket_operator(&mut self) -> Result<Option<TokenKind>, QueryError> {
        let start = self.pos;
        let name_len = self.chars[start..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let open = start + name_len;
        // One capital before a bracket is more likely a term ("C[11]") than a misspelt operator.
        if name_len < 2 || self.at(open) != Some('[') {
            return Ok(None);
        }
        let name: String = self.chars[start..open].iter().collect();
        let Some(operator) = BracketOperator::from_name(&name) else {
            return Err(QueryError::at(start, format!("unknown operator {name}[…]")));
        };
        let Some(close) = self.chars[open..].iter().position(|&c| c == ']').map(|i| open + i) else {
            return Err(QueryError::at(open, format!("missing \"]\" for \"[\" of {name}")));
        };
        let inner = &self.chars[open + 1..close];
        let leading = inner.iter().take_while(|c| c.is_whitespace()).count();
        let trailing = inner[leading..].iter().rev().take_while(|c| c.is_whitespace()).count();
        let param_span = Span::new(open + 1 + leading, close - trailing);
        let param = self.chars[param_span.start..param_span.end].iter().collect();
        self.pos = close + 1;
        Ok(Some(TokenKind::Bracketed { operator, param, param_span }))
    }

    /// An unquoted word, or the operator it spells.
    fn word(&mut self) -> Result<TokenKind, QueryError> {
        let start = self.pos;
        let mut text = String::new();
        let mut literal = false;
        while let Some(c) = self.at(self.pos) {
            let next = self.at(self.pos + 1);
            if c == '\\' && matches!(next, Some('"' | '(' | ')' | '\\')) {
                // An escaped delimiter is part of the word.
                text.extend(next);
                self.pos += 2;
                continue;
            }
            if c == '\\' && self.pos == start && next.is_some_and(|n| !ends_word(n)) {
                // `\MISSING`: the backslash only says "this is a word".
                literal = true;
                self.pos += 1;
                continue;
            }
            if c == '"' && !text.is_empty() && next == Some('\\') && self.at(self.pos + 2).is_none_or(ends_word) {
                // The reference writes a quoted quote as \"sleep deprivation"\ : a closing `"\`
                // ends the literal quote rather than opening a phrase.
                text.push('"');
                self.pos += 2;
                continue;
            }
            if ends_word(c) {
                break;
            }
            text.push(c);
            self.pos += 1;
        }
        if literal {
            return Ok(TokenKind::Word(text));
        }
        Ok(match text.as_str() {
            "AND" => TokenKind::And,
            "OR" => TokenKind::Or,
            "NOT" => TokenKind::Not,
            "MISSING" => TokenKind::Missing,
            "ALL" => TokenKind::All,
            _ => match BracketOperator::from_name(&text) {
                // `AREA [X]` means the operator; a bare AREA elsewhere ("AREA UNDER CURVE") is a word.
                Some(op) if self.next_non_space() == Some('[') => {
                    let message = format!("{} must be followed directly by \"[\", as in {}", op.name(), op.example());
                    return Err(QueryError::at(start, message));
                }
                _ => TokenKind::Word(text),
            },
        })
    }
}
