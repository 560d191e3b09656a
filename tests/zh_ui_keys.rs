//! The page's own words (src/ui) against the Chinese catalogue, www/i18n/zh.json (issue 14).
//!
//! Every `tr` call under src/ui takes a plain string literal (no raw string, no variable), and
//! that literal is a key of the catalogue whose Chinese has the same `{n}` placeholders; every
//! key of the catalogue is used somewhere under src/; the file is one flat object of non-empty
//! strings, keys sorted. (The `i18n` branch's completeness test checks the same for all of src/;
//! this one lets the UI's words be checked before it lands.)

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CATALOGUE: &str = "www/i18n/zh.json";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The string literal opening at `src[at] == '"'`, as Rust reads it, and the index after it.
fn literal(src: &str, at: usize) -> Result<(String, usize), String> {
    let mut out = String::new();
    let mut chars = src[at + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, at + 1 + i + 1)),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('\'') => out.push('\''),
                Some('0') => out.push('\0'),
                // A line continuation: the newline and the next line's leading blanks go.
                Some('\n') => {
                    let rest = &src[at + 1 + i + 2..];
                    let blanks = rest.len() - rest.trim_start().len();
                    for _ in 0..blanks {
                        chars.next();
                    }
                }
                other => return Err(format!("an escape this test does not read: \\{other:?}")),
            },
            c => out.push(c),
        }
    }
    Err("an unterminated string".into())
}

/// Each `tr(` call's key in `src`, with its line; an error for a call whose argument is not a
/// plain string literal.
fn keys_in(src: &str) -> Vec<(usize, Result<String, String>)> {
    let mut found = Vec::new();
    let bytes = src.as_bytes();
    let mut from = 0;
    while let Some(pos) = src[from..].find("tr(") {
        let at = from + pos;
        from = at + 3;
        let ident_before =
            at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let definition = src[..at].ends_with("fn ");
        if ident_before || definition {
            continue;
        }
        let line = src[..at].matches('\n').count() + 1;
        let arg = src[at + 3..].trim_start();
        let arg_at = src.len() - arg.len();
        if arg.starts_with('"') {
            let key = literal(src, arg_at);
            if let Ok((_, end)) = &key {
                from = *end;
            }
            found.push((line, key.map(|(k, _)| k)));
        } else {
            let shown: String = arg.chars().take(30).collect();
            found.push((
                line,
                Err(format!("not a plain string literal: tr({shown}…")),
            ));
        }
    }
    found
}

/// `{0}`, `{1}` … in a text, sorted (a translation may reorder them).
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            if rest[..close].chars().all(|c| c.is_ascii_digit()) && close > 0 {
                out.push(rest[..close].to_string());
            }
        }
    }
    out.sort();
    out
}

fn catalogue() -> Map<String, Value> {
    let text = std::fs::read_to_string(CATALOGUE).expect("www/i18n/zh.json");
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        other => panic!("{CATALOGUE} must be one JSON object: {other:?}"),
    }
}

/// Key → where it is used, for every `tr` under `dir`; problems go to `errors`.
fn uses(dir: &str, errors: &mut Vec<String>) -> BTreeMap<String, Vec<String>> {
    let mut files = Vec::new();
    rust_files(Path::new(dir), &mut files);
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let src = std::fs::read_to_string(&file).expect("a source file");
        for (line, key) in keys_in(&src) {
            let at = format!("{}:{line}", file.display());
            match key {
                Ok(key) => keys.entry(key).or_default().push(at),
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        }
    }
    keys
}

#[test]
fn every_word_of_the_page_has_its_chinese() {
    let zh = catalogue();
    let mut errors = Vec::new();
    let ui = uses("src/ui", &mut errors);
    assert!(ui.len() > 100, "src/ui has only {} keys", ui.len());
    for (key, at) in &ui {
        match zh.get(key).and_then(Value::as_str) {
            None => errors.push(format!("{}: {key:?} is not in {CATALOGUE}", at[0])),
            Some(text) if placeholders(text) != placeholders(key) => errors.push(format!(
                "{}: {key:?} and its Chinese {text:?} differ in placeholders",
                at[0]
            )),
            Some(_) => {}
        }
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn the_catalogue_is_flat_sorted_and_all_used() {
    let zh = catalogue();
    let mut ignored = Vec::new();
    let used: BTreeSet<String> = uses("src", &mut ignored).into_keys().collect();
    let mut errors = Vec::new();
    let keys: Vec<&String> = zh.keys().collect();
    for pair in keys.windows(2) {
        if pair[0] >= pair[1] {
            errors.push(format!(
                "keys out of order: {:?} before {:?}",
                pair[0], pair[1]
            ));
        }
    }
    for (key, value) in &zh {
        match value.as_str() {
            Some(text) if !text.trim().is_empty() && text != key => {}
            _ => errors.push(format!(
                "{key:?}: the Chinese must be a string, not empty, not the English"
            )),
        }
        if !used.contains(key) {
            errors.push(format!(
                "{key:?} is in {CATALOGUE} but no tr(…) under src/ uses it"
            ));
        }
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

/// The legend is markup with its words filled in (src/ui/legend.rs): they must not be markup.
#[test]
fn the_legend_words_are_plain_text() {
    let zh = catalogue();
    let src = std::fs::read_to_string("src/ui/legend.rs").expect("src/ui/legend.rs");
    for (line, key) in keys_in(&src) {
        let key = key.unwrap_or_else(|e| panic!("src/ui/legend.rs:{line}: {e}"));
        let text = zh.get(&key).and_then(Value::as_str).unwrap_or_default();
        for word in [key.as_str(), text] {
            assert!(
                !word.contains(['<', '&']),
                "src/ui/legend.rs:{line}: {word:?} would be read as markup"
            );
        }
    }
}

#[test]
fn the_scanner_reads_literals_as_rust_does() {
    let src = "x(tr(\"a {0}\\\"b\"), tr(\"one \\\n    two\")); fn tr(x) {} y(tr(name))";
    let keys = keys_in(src);
    assert_eq!(keys[0].1, Ok("a {0}\"b".to_string()));
    assert_eq!(keys[1].1, Ok("one two".to_string()));
    assert!(keys[2].1.is_err());
    assert_eq!(placeholders("{1} of {0} {x}"), vec!["0", "1"]);
}
