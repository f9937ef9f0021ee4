//! Builds the [`Expr`] tree from tokens, by recursive descent over CT.gov's precedence:
//!
//! ```text
//! or_expr       = and_expr ("OR" and_expr)*
//! and_expr      = operator_expr ("AND"? operator_expr)*        adjacent operands are an implicit AND
//! operator_expr = ("NOT" | AREA[…] | SEARCH[…] | COVERAGE[…] | EXPANSION[…] | TILT[…]) operator_expr
//!               | source
//! source        = word+ | "phrase" | "(" or_expr ")" | RANGE[…] | DISTANCE[…] | MISSING | ALL
//! ```
//!
//! Consecutive words are taken together as one term before any implicit AND is considered,
//! so `heart attack AND stroke` is two terms, not three.

use std::iter::Peekable;
use std::vec::IntoIter;

use super::ast::{Expr, QueryError, Span};
use super::lexer::{BracketOperator, Token, TokenKind, tokenize};
use super::params::{self, Context};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;
/// Deepest nesting accepted, counting parentheses and unary operators (NOT, AREA, …);
/// keeps recursion here and in whatever walks the tree far from the stack's end.
pub const MAX_DEPTH: usize = 50;
/// Most terms accepted (words in a row, phrases, RANGE, DISTANCE, MISSING and ALL count one each).
pub const MAX_TERMS: usize = 1_000;

/// Parses a CT.gov query expression ("Essie" syntax) such as
/// `heart attack AND SEARCH[Location](AREA[LocationCity]Portland AND AREA[LocationState]Maine)`.
///
/// Area, scope and field names are returned as written; checking them is the caller's job.
pub fn parse(input: &str) -> Result<Expr, QueryError> {
    if input.chars().count() > MAX_QUERY_CHARS {
        let message = format!("query is longer than {MAX_QUERY_CHARS} characters");
        return Err(QueryError::at(MAX_QUERY_CHARS, message));
    }
    let chars: Vec<char> = input.chars().collect();
    let tokens = tokenize(&chars)?;
    let mut parser = Parser { tokens: tokens.into_iter().peekable(), depth: 0, terms: 0 };
    let expr = parser.or_expr(&Needs::Start)?;
    match parser.tokens.next() {
        None => Ok(expr),
        // `or_expr` only stops early at a ")" it has no "(" for.
        Some(token) => Err(QueryError::at(token.span.start, format!("unexpected {}", describe(&token.kind)))),
    }
}

/// Who is asking for an operand, so a missing one is reported where the user can fix it.
enum Needs {
    /// The start of the query.
    Start,
    /// Just after "(" at this span.
    Group(Span),
    /// The right side of AND / OR.
    Binary(&'static str, Span),
    /// The expression a unary operator applies to, with how the operator is called in messages.
    Unary(String, Span),
}

struct Parser {
    tokens: Peekable<IntoIter<Token>>,
    depth: usize,
    terms: usize,
}

/// Whether a token can begin an operator-expression.
fn starts_operand(kind: &TokenKind) -> bool {
    !matches!(kind, TokenKind::And | TokenKind::Or | TokenKind::Close)
}

fn describe(kind: &TokenKind) -> &'static str {
    match kind {
        TokenKind::And => "AND",
        TokenKind::Or => "OR",
        TokenKind::Close => "\")\"",
        _ => "expression",
    }
}

/// `And`/`Or` of several operands, or the operand itself when there is one.
fn one_or_many(mut operands: Vec<Expr>, combine: fn(Vec<Expr>) -> Expr) -> Expr {
    if operands.len() == 1 { operands.remove(0) } else { combine(operands) }
}

impl Parser {
    fn or_expr(&mut self, needs: &Needs) -> Result<Expr, QueryError> {
        let mut operands = vec![self.and_expr(needs)?];
        while let Some(or) = self.tokens.next_if(|token| token.kind == TokenKind::Or) {
            operands.push(self.and_expr(&Needs::Binary("OR", or.span))?);
        }
        Ok(one_or_many(operands, Expr::Or))
    }

    fn and_expr(&mut self, needs: &Needs) -> Result<Expr, QueryError> {
        let mut operands = vec![self.operator_expr(needs)?];
        loop {
            if let Some(and) = self.tokens.next_if(|token| token.kind == TokenKind::And) {
                operands.push(self.operator_expr(&Needs::Binary("AND", and.span))?);
            } else if self.tokens.peek().is_some_and(|token| starts_operand(&token.kind)) {
                // Implicit AND: the operand is already there, so `needs` never reports.
                operands.push(self.operator_expr(&Needs::Start)?);
            } else {
                break;
            }
        }
        Ok(one_or_many(operands, Expr::And))
    }

    /// The next token, if it can begin the operand `needs` asks for; otherwise the error to show.
    fn operand_token(&mut self, needs: &Needs) -> Result<Token, QueryError> {
        if let Some(token) = self.tokens.next_if(|token| starts_operand(&token.kind)) {
            return Ok(token);
        }
        let next = self.tokens.peek().map(|token| (&token.kind, token.span.start));
        Err(match (needs, next) {
            (Needs::Binary(op, span), _) => {
                QueryError::at(span.start, format!("{op} needs an expression on both sides"))
            }
            (Needs::Unary(op, span), _) => QueryError::at(span.start, format!("{op} needs an expression after it")),
            (_, Some((kind @ (TokenKind::And | TokenKind::Or), at))) => {
                QueryError::at(at, format!("{} needs an expression on both sides", describe(kind)))
            }
            (Needs::Group(open), Some(_)) => QueryError::at(open.start, "empty parentheses"),
            (Needs::Group(open), None) => QueryError::at(open.start, "missing \")\" for \"(\""),
            (Needs::Start, Some((_, at))) => QueryError::at(at, "unexpected \")\""),
            (Needs::Start, None) => QueryError::at(0, "empty query"),
        })
    }

    fn operator_expr(&mut self, needs: &Needs) -> Result<Expr, QueryError> {
        let token = self.operand_token(needs)?;
        let span = token.span;
        match token.kind {
            TokenKind::Not => {
                let expr = self.nested(span, Needs::Unary("NOT".into(), span))?;
                Ok(Expr::Not(expr))
            }
            TokenKind::Bracketed { operator, param, param_span } if operator.is_context() => {
                let context = Context::read(operator, param, param_span)?;
                let needs = Needs::Unary(format!("{}[…]", operator.name()), span);
                Ok(context.wrap(self.nested(span, needs)?))
            }
            kind => self.source(kind, span),
        }
    }

    /// The operand of a unary operator, one level deeper.
    fn nested(&mut self, span: Span, needs: Needs) -> Result<Box<Expr>, QueryError> {
        self.enter(span)?;
        let expr = self.operator_expr(&needs)?;
        self.depth -= 1;
        Ok(Box::new(expr))
    }

    fn enter(&mut self, span: Span) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::at(span.start, format!("query nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn count_term(&mut self, span: Span) -> Result<(), QueryError> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(QueryError::at(span.start, format!("query has more than {MAX_TERMS} terms")));
        }
        Ok(())
    }

    fn source(&mut self, kind: TokenKind, span: Span) -> Result<Expr, QueryError> {
        if kind != TokenKind::Open {
            self.count_term(span)?;
        }
        match kind {
            TokenKind::Word(first) => Ok(self.words(first, span)),
            TokenKind::Phrase(text) => Ok(Expr::Term { text, quoted: true, span }),
            TokenKind::Open => self.group(span),
            TokenKind::Missing => Ok(Expr::Missing { span }),
            TokenKind::All => Ok(Expr::All),
            TokenKind::Bracketed { operator: BracketOperator::Range, param, param_span } => {
                params::range(&param, param_span, span)
            }
            TokenKind::Bracketed { operator: BracketOperator::Distance, param, param_span } => {
                params::distance(&param, param_span, span)
            }
            // `operator_expr` handles the rest; reaching here would be a parser bug, reported, not panicked on.
            other => Err(QueryError::at(span.start, format!("unexpected {}", describe(&other)))),
        }
    }

    /// One term from `first` and the words right after it.
    fn words(&mut self, first: String, span: Span) -> Expr {
        let mut text = first;
        let mut span = span;
        while let Some(token) = self.tokens.next_if(|token| matches!(token.kind, TokenKind::Word(_))) {
            if let TokenKind::Word(word) = token.kind {
                text.push(' ');
                text.push_str(&word);
                span = span.to(token.span);
            }
        }
        Expr::Term { text, quoted: false, span }
    }

    /// `( or_expr )`; the "(" at `open` is consumed.
    fn group(&mut self, open: Span) -> Result<Expr, QueryError> {
        self.enter(open)?;
        let expr = self.or_expr(&Needs::Group(open))?;
        if self.tokens.next_if(|token| token.kind == TokenKind::Close).is_none() {
            return Err(QueryError::at(open.start, "missing \")\" for \"(\""));
        }
        self.depth -= 1;
        Ok(expr)
    }
}
