//! The narration's Chinese catalogue against the code (issue 14). Every `tr("…")` under src/ is
//! a key of www/i18n/zh.json; the test fails, saying what to add or remove, when
//!
//! - a key is used in the code and missing from the catalogue, or the catalogue has a key no
//!   code uses;
//! - a translation's placeholders (`{0}`, `{1}` …) are not exactly its key's, or a key's are not
//!   `{0}` to `{n-1}` (what `fill` is given);
//! - a translation is empty or the English unchanged;
//! - the file is not one entry per line, with keys sorted;
//! - a translation puts a half-width `,` `:` `;` `(` `)` next to a Chinese character (Chinese
//!   text takes full-width punctuation; `C_old,new` and `S1->S2` keep theirs).
//!
//! Keys are read as Rust reads string literals (escapes, `\` line continuations); a raw string
//! inside `tr(` is an error, so that every key is found the same way. The `i18n` branch's
//! tests/i18n_catalogue.rs checks the same for every string of the page and replaces this test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const CATALOGUE: &str = "www/i18n/zh.json";

/// Every `tr("…")` key under src/, with where it is used ("src/raft/log.rs:40").
fn code_keys() -> BTreeMap<String, Vec<String>> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, Vec<String>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for (key, line) in keys_in(&source).unwrap_or_else(|e| panic!("{path:?}: {e}")) {
                    out.entry(key)
                        .or_default()
                        .push(format!("{}:{line}", path.display()));
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new("src"), &mut out);
    out
}

/// The keys of `tr(` calls in `source`, with their line numbers; comments are skipped.
fn keys_in(source: &str) -> Result<Vec<(String, usize)>, String> {
    let bytes = source.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while let Some(at) = source[i..].find("tr(").map(|at| at + i) {
        i = at + 3;
        let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let in_comment = source[line_start..at].contains("//");
        if in_comment || before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let mut j = i;
        while bytes.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        let line = source[..at].matches('\n').count() + 1;
        match bytes.get(j) {
            Some(b'"') => {
                let (key, end) =
                    string_literal(source, j).map_err(|e| format!("line {line}: {e}"))?;
                keys.push((key, line));
                i = end;
            }
            Some(b'r') if bytes.get(j + 1).is_some_and(|b| *b == b'"' || *b == b'#') => {
                return Err(format!(
                    "line {line}: a raw string in tr(); write a plain literal"
                ));
            }
            _ => {} // tr(variable): not a key (a catalogue lookup of a value)
        }
    }
    Ok(keys)
}

/// The string literal that opens at `source[at] == '"'`, as Rust reads it, and the index after it.
fn string_literal(source: &str, at: usize) -> Result<(String, usize), String> {
    let mut out = String::new();
    let mut chars = source[at + 1..].char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => return Ok((out, at + 1 + k + 1)),
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('\'') => out.push('\''),
                Some('\n') => {
                    while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some('u') => {
                    let mut hex = String::new();
                    for (_, h) in chars.by_ref() {
                        match h {
                            '{' => {}
                            '}' => break,
                            h => hex.push(h),
                        }
                    }
                    let code = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                    out.push(char::from_u32(code).ok_or("bad \\u escape")?);
                }
                other => return Err(format!("escape \\{other:?} in a key")),
            },
            c => out.push(c),
        }
    }
    Err("unterminated string".into())
}

/// The catalogue's entries in file order: one `"key": "value"` per line.
fn catalogue() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(CATALOGUE).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        (lines.first(), lines.last()),
        (Some(&"{"), Some(&"}")),
        "{CATALOGUE} is one JSON object"
    );
    let whole: serde_json::Value = serde_json::from_str(&text).expect("the catalogue is JSON");
    let entries: Vec<(String, String)> = lines[1..lines.len() - 1]
        .iter()
        .map(|line| {
            let one = format!("{{{}}}", line.trim_end_matches(','));
            let value: serde_json::Value = serde_json::from_str(&one)
                .unwrap_or_else(|e| panic!("{CATALOGUE}: one entry per line: {line}: {e}"));
            let (key, value) = value.as_object().unwrap().iter().next().unwrap();
            let value = value
                .as_str()
                .unwrap_or_else(|| panic!("not a string: {key}"));
            (key.clone(), value.to_string())
        })
        .collect();
    assert_eq!(
        whole.as_object().map(|o| o.len()),
        Some(entries.len()),
        "{CATALOGUE}: every entry on its own line, no key twice"
    );
    entries
}

/// The placeholders of a template: `{0}`, `{1}` … (other braces, such as `{1,2}`, are text).
fn placeholders(template: &str) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(n) = rest.find('}').and_then(|close| rest[..close].parse().ok()) {
            out.insert(n);
        }
    }
    out
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn every_narration_key_has_its_chinese_and_every_chinese_its_key() {
    let code = code_keys();
    let entries = catalogue();
    assert!(
        code.len() > 150,
        "only {} keys found under src/",
        code.len()
    );
    let zh: BTreeMap<&str, &str> = entries
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();

    let missing: Vec<String> = (code.iter())
        .filter(|(key, _)| !zh.contains_key(key.as_str()))
        .map(|(key, at)| format!("  {key:?} (used at {})", at.join(", ")))
        .collect();
    assert!(
        missing.is_empty(),
        "add to {CATALOGUE}:\n{}",
        missing.join("\n")
    );
    let unused: Vec<&&str> = zh.keys().filter(|k| !code.contains_key(**k)).collect();
    assert!(
        unused.is_empty(),
        "no code uses these entries of {CATALOGUE}: {unused:?}"
    );

    let keys: Vec<&String> = entries.iter().map(|(k, _)| k).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "{CATALOGUE}: keys in sorted order");

    for (key, value) in &entries {
        let wanted = placeholders(key);
        assert!(
            wanted.iter().copied().eq(0..wanted.len()),
            "{key:?}: placeholders are {{0}} to {{n-1}}, each used"
        );
        assert_eq!(
            placeholders(value),
            wanted,
            "{key:?} → {value:?}: the same placeholders"
        );
        assert!(!value.is_empty() && value != key, "{key:?}: no translation");
        let chars: Vec<char> = value.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let next_to_chinese = (i > 0 && is_chinese(chars[i - 1]))
                || chars.get(i + 1).is_some_and(|&n| is_chinese(n));
            assert!(
                !(",:;()".contains(c) && next_to_chinese),
                "{value:?}: full-width punctuation in Chinese text (found {c:?})"
            );
        }
    }
}

#[test]
fn keys_are_read_as_rust_reads_them() {
    let source = "let a = tr(\"one {0}\");\n// tr(\"a comment\")\nlet b = str(\"no\");\n\
                  let c = tr(\"two \\\n     lines\");\nlet d = tr(key);\n";
    let keys: Vec<String> = keys_in(source)
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["one {0}", "two lines"]);
    assert!(keys_in("tr(r\"raw\")").is_err());
    assert_eq!(placeholders("voters {1,2} and {0}"), BTreeSet::from([0]));
}
