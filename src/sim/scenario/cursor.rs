//! Reading the tokens of one line: words, numbers, times, nodes and node sets, each failing with
//! the line and column of the offending token.

use super::error::ScenarioError;
use super::lexer::{Spanned, Tok};
use crate::i18n::{fill, tr};
use crate::sim::command::NodeId;
use crate::sim::decimal::parse_decimal;
use crate::sim::horizon::{max_time_words, MAX_TIME_MS};

/// The tokens of one line and a position in them.
pub struct Cursor {
    toks: Vec<Spanned>,
    pos: usize,
    pub line: usize,
    /// The column just past the end of the line (for "expected ... at the end").
    end_col: usize,
    /// Nodes in the cluster, for "unknown node" checks.
    pub nodes: u64,
}

impl Cursor {
    pub fn new(toks: Vec<Spanned>, line: usize, line_len: usize, nodes: u64) -> Self {
        Cursor {
            toks,
            pos: 0,
            line,
            end_col: line_len + 1,
            nodes,
        }
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.toks.len()
    }

    /// The column of the next token (or the end of the line).
    pub fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end_col, |t| t.col)
    }

    pub fn err(&self, col: usize, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.line, col, message)
    }

    /// An error at the next token.
    pub fn err_here(&self, message: impl Into<String>) -> ScenarioError {
        self.err(self.col(), message)
    }

    pub fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    pub fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<Spanned> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    /// Consumes the word `w` (case-insensitive) if it is next.
    pub fn eat_word(&mut self, w: &str) -> bool {
        if self.peek_word().is_some_and(|x| x.eq_ignore_ascii_case(w)) {
            self.pos += 1;
            return true;
        }
        false
    }

    pub fn eat_punct(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(x)) if *x == p) {
            self.pos += 1;
            return true;
        }
        false
    }

    /// `what` says where `p` belongs, in the language spoken (`tr`), as for every `what` here.
    pub fn expect_punct(&mut self, p: &str, what: &str) -> Result<(), ScenarioError> {
        if self.eat_punct(p) {
            return Ok(());
        }
        Err(self.err_here(self.expected_here(p, what)))
    }

    pub fn expect_word(&mut self, w: &str, what: &str) -> Result<(), ScenarioError> {
        if self.eat_word(w) {
            return Ok(());
        }
        Err(self.err_here(self.expected_here(w, what)))
    }

    /// "expected \"=\" after \"rate\", found \"x\"".
    fn expected_here(&self, token: &str, what: &str) -> String {
        let words = tr("expected \"{0}\" {1}{2}");
        fill(words, &[&token, &what, &self.found()])
    }

    /// "expected a node such as S1, found \"x\"".
    fn expected(&self, what: &str) -> String {
        fill(tr("expected {0}{1}"), &[&what, &self.found()])
    }

    /// ", found \"x\"" or ", found the end of the line".
    pub fn found(&self) -> String {
        match self.peek() {
            Some(t) => fill(tr(", found {0}"), &[&t.show()]),
            None => tr(", found the end of the line").to_string(),
        }
    }

    /// A word or a quoted string (keys and values); returns it with its column.
    pub fn text(&mut self, what: &str) -> Result<(String, usize), ScenarioError> {
        let col = self.col();
        match self.next() {
            Some(Spanned {
                tok: Tok::Word(w) | Tok::Str(w),
                ..
            }) => Ok((w, col)),
            _ => {
                self.pos -= 1;
                Err(self.err(col, self.expected(what)))
            }
        }
    }

    /// A bare word with its column.
    pub fn word(&mut self, what: &str) -> Result<(String, usize), ScenarioError> {
        let col = self.col();
        match self.next() {
            Some(Spanned {
                tok: Tok::Word(w), ..
            }) => Ok((w, col)),
            _ => {
                self.pos -= 1;
                Err(self.err(col, self.expected(what)))
            }
        }
    }

    /// Fails unless the line is finished.
    pub fn finish(&self) -> Result<(), ScenarioError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => {
                let words = tr("unexpected {0} at the end of the line");
                Err(self.err_here(fill(words, &[&t.show()])))
            }
        }
    }

    /// A node: `S3`, `s3` or `3`, checked against the cluster size.
    pub fn node(&mut self) -> Result<NodeId, ScenarioError> {
        let (w, col) = self.word(tr("a node such as S1"))?;
        let digits = w.strip_prefix(['S', 's']).unwrap_or(&w);
        let id: NodeId = digits.parse().map_err(|_| {
            let words = tr("expected a node such as S1, found \"{0}\"");
            self.err(col, fill(words, &[&w]))
        })?;
        if id == 0 || id > self.nodes {
            let words = tr("unknown node {0} (cluster has S1..S{1})");
            return Err(self.err(col, fill(words, &[&w, &self.nodes])));
        }
        Ok(id)
    }

    /// A set of nodes: `{1,2}` or `{S1, S2}`.
    pub fn node_set(&mut self) -> Result<Vec<NodeId>, ScenarioError> {
        self.expect_punct("{", tr("to start a set of nodes such as {1,2}"))?;
        let mut set = Vec::new();
        if self.eat_punct("}") {
            return Ok(set);
        }
        loop {
            let col = self.col();
            let id = self.node()?;
            if set.contains(&id) {
                return Err(self.err(col, fill(tr("S{0} is listed twice"), &[&id])));
            }
            set.push(id);
            if self.eat_punct("}") {
                return Ok(set);
            }
            self.expect_punct(",", tr("or \"}\" in a set of nodes"))?;
        }
    }

    /// A time or duration with its unit: `1200ms`, `2s`, `3.5s`; in milliseconds.
    pub fn time(&mut self) -> Result<u64, ScenarioError> {
        let (w, col) = self.word(tr("a time such as 1200ms or 2s"))?;
        parse_time(&w).map_err(|m| self.err(col, m))
    }

    /// A number (probabilities, rates, ids).
    pub fn number(&mut self, what: &str) -> Result<f64, ScenarioError> {
        let (w, col) = self.word(what)?;
        parse_number(&w).map_err(|m| self.err(col, m))
    }

    /// A whole number.
    pub fn integer(&mut self, what: &str) -> Result<u64, ScenarioError> {
        let (w, col) = self.word(what)?;
        w.parse().map_err(|_| {
            let words = tr("expected {0} (a whole number), found \"{1}\"");
            self.err(col, fill(words, &[&what, &w]))
        })
    }
}

/// "1200ms", "2s", "3.5s", "0.25s" -> milliseconds (at most millisecond precision, at most
/// [`MAX_TIME_MS`]: a run to a later time would not finish).
pub fn parse_time(w: &str) -> Result<u64, String> {
    let (num, scale) = if let Some(n) = w.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = w.strip_suffix('s') {
        (n, 1000)
    } else {
        let words = tr("a time needs a unit (ms or s), e.g. 1200ms or 1.2s; found \"{0}\"");
        return Err(fill(words, &[&w]));
    };
    let bad = || fill(tr("\"{0}\" is not a time (e.g. 1200ms or 1.2s)"), &[&w]);
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let frac_digits = frac.len() as u32;
    let unit_digits = if scale == 1000 { 3 } else { 0 };
    if frac_digits > unit_digits {
        return Err(fill(tr("\"{0}\" is finer than a millisecond"), &[&w]));
    }
    let frac_ms: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u64>().map_err(|_| bad())? * 10u64.pow(unit_digits - frac_digits)
    };
    whole
        .checked_mul(scale)
        .and_then(|ms| ms.checked_add(frac_ms))
        .filter(|&ms| ms <= MAX_TIME_MS)
        .ok_or_else(|| {
            let words = tr("\"{0}\" is past the largest simulated time, {1}");
            fill(words, &[&w, &max_time_words()])
        })
}

/// A finite decimal number, or a percentage ("10%" is 0.1).
pub fn parse_number(w: &str) -> Result<f64, String> {
    let (num, scale) = match w.strip_suffix('%') {
        Some(n) => (n, 0.01),
        None => (w, 1.0),
    };
    match parse_decimal(num) {
        Some(v) => Ok(v * scale),
        None => Err(fill(
            tr(
                "expected a number such as 0.25 or 10% (a plain decimal of at most 15 significant \
                digits), found \"{0}\"",
            ),
            &[&w],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1200ms"), Ok(1200));
        assert_eq!(parse_time("2s"), Ok(2000));
        assert_eq!(parse_time("3.5s"), Ok(3500));
        assert_eq!(parse_time("0.025s"), Ok(25));
        assert!(parse_time("1.5ms").is_err());
        assert!(parse_time("12").unwrap_err().contains("unit"));
        assert!(parse_time("s").is_err());
        assert!(parse_time("99999999999999999999s").is_err());
        assert_eq!(parse_time("1000000s"), Ok(MAX_TIME_MS));
        assert!(parse_time("1000000001ms")
            .unwrap_err()
            .contains("past the largest simulated time"));
        assert_eq!(parse_number("10%"), Ok(0.1));
        assert!(parse_number("NaN").is_err());
    }
}
