//! Splits one line of a text scenario into tokens, each with its column (1-based, in characters).

use super::error::ScenarioError;
use crate::i18n::{fill, tr};
use crate::sim::json_string;

/// A token of the text form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A bare word: a keyword, a number, a time, a node (`S3`), a key or a value.
    Word(String),
    /// A double-quoted string (JSON escapes).
    Str(String),
    /// Punctuation: `{` `}` `,` `=` `->` `<->` `..` `==` `!=` `>=` `<=` `>` `<`.
    Punct(&'static str),
}

impl Tok {
    /// How the token is shown in an error.
    pub fn show(&self) -> String {
        match self {
            Tok::Word(w) => format!("\"{w}\""),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Punct(p) => format!("\"{p}\""),
        }
    }
}

/// A token and the column it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub tok: Tok,
    pub col: usize,
}

const PUNCT: [&str; 13] = [
    "<->", "->", "..", "==", "!=", ">=", "<=", "{", "}", ",", "=", ">", "<",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '%' | '-' | ':' | '/' | '+' | '@')
}

/// Tokens of one line (comments from `#` on are dropped).
pub fn lex(line: &str, line_no: usize) -> Result<Vec<Spanned>, ScenarioError> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c == '#' {
            break;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' {
            let (text, next) = lex_string(&chars, i, line_no)?;
            out.push(Spanned {
                tok: Tok::Str(text),
                col,
            });
            i = next;
            continue;
        }
        if let Some(p) = PUNCT.iter().find(|p| starts_with(&chars, i, p)) {
            // A '-' that starts a word (a negative number, a key) is not "->".
            out.push(Spanned {
                tok: Tok::Punct(p),
                col,
            });
            i += p.chars().count();
            continue;
        }
        if is_word_char(c) {
            let start = i;
            while i < chars.len()
                && is_word_char(chars[i])
                && !starts_with(&chars, i, "..")
                && !starts_with(&chars, i, "->")
            {
                i += 1;
            }
            out.push(Spanned {
                tok: Tok::Word(chars[start..i].iter().collect()),
                col,
            });
            continue;
        }
        return Err(ScenarioError::at(
            line_no,
            col,
            fill(tr("unexpected character '{0}'"), &[&c]),
        ));
    }
    Ok(out)
}

fn starts_with(chars: &[char], at: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, p)| chars.get(at + k) == Some(&p))
}

/// A JSON-style string starting at `chars[start] == '"'`; returns its text and the index after it.
fn lex_string(
    chars: &[char],
    start: usize,
    line_no: usize,
) -> Result<(String, usize), ScenarioError> {
    let mut i = start + 1;
    let mut escaped = false;
    while i < chars.len() {
        match chars[i] {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                let raw: String = chars[start..=i].iter().collect();
                return json_string::unquote(&raw).map(|s| (s, i + 1)).map_err(|e| {
                    ScenarioError::at(line_no, start + 1, fill(tr("bad string: {0}"), &[&e]))
                });
            }
            _ => escaped = false,
        }
        i += 1;
    }
    Err(ScenarioError::at(
        line_no,
        start + 1,
        tr("this string has no closing quote"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<Tok> {
        lex(line, 1)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.tok)
            .collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            words("at 2s partition {1,2} {3} # comment"),
            vec![
                Tok::Word("at".into()),
                Tok::Word("2s".into()),
                Tok::Word("partition".into()),
                Tok::Punct("{"),
                Tok::Word("1".into()),
                Tok::Punct(","),
                Tok::Word("2".into()),
                Tok::Punct("}"),
                Tok::Punct("{"),
                Tok::Word("3".into()),
                Tok::Punct("}"),
            ]
        );
        assert_eq!(
            words("latency 10..20ms S1->S2"),
            vec![
                Tok::Word("latency".into()),
                Tok::Word("10".into()),
                Tok::Punct(".."),
                Tok::Word("20ms".into()),
                Tok::Word("S1".into()),
                Tok::Punct("->"),
                Tok::Word("S2".into()),
            ]
        );
        assert_eq!(words(r#"put "a b"="c\"d""#)[1], Tok::Str("a b".into()));
        let err = lex("put \"x", 4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4, column 5: this string has no closing quote"
        );
        let err = lex("at 1s crash $", 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2, column 13: unexpected character '$'"
        );
    }
}
