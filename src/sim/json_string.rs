//! JSON string literals: how a put entry quotes its key and value, and how scenario text quotes
//! a string. Read as a JSON value, never as a typed `String`: serde's typed read carries an
//! "invalid type" message that kept Rust's float printer in the browser build.

use serde_json::Value;

/// `s` as a JSON string literal: `say "hi"` -> `"say \"hi\""`.
pub fn quote(s: &str) -> String {
    // Serializing a &str to JSON cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

/// The text of one whole JSON string literal, or why it is not one.
pub fn unquote(literal: &str) -> Result<String, String> {
    match serde_json::from_str(literal) {
        Ok(Value::String(s)) => Ok(s),
        Ok(_) => Err("not a string".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// The JSON string literal `text` starts with, read, and the text after it.
pub fn split_first(text: &str) -> Option<(String, &str)> {
    if !text.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().skip(1) {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return Some((unquote(&text[..=i]).ok()?, &text[i + 1..])),
            _ => escaped = false,
        }
    }
    None
}

/// `text` after any leading JSON white space (space, tab, line feed, carriage return).
pub fn skip_space(text: &str) -> &str {
    text.trim_start_matches([' ', '\t', '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_and_unquote_are_inverse() {
        for s in ["", "x", "say \"hi\"", "a\\b", "tab\there", "é ✓", "\u{1}"] {
            assert_eq!(unquote(&quote(s)), Ok(s.to_string()), "{s:?}");
        }
        assert!(unquote("\"open").is_err());
        assert!(unquote("12").is_err());
    }

    #[test]
    fn split_first_reads_one_literal() {
        assert_eq!(
            split_first(r#""x" "1""#),
            Some(("x".to_string(), r#" "1""#))
        );
        assert_eq!(
            split_first(r#""a\"b"rest"#),
            Some(("a\"b".to_string(), "rest"))
        );
        assert_eq!(
            split_first(r#""a\\"rest"#),
            Some(("a\\".to_string(), "rest"))
        );
        assert_eq!(split_first(r#""open"#), None);
        assert_eq!(split_first(r#"x"#), None);
    }
}
