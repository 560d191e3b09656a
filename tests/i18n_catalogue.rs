//! The Chinese catalogue against the code (issue 14: "a test fails when a key exists in one
//! language and not the other"; docs/i18n.md). Every `tr("…")` and `key("…")` under src/ is a
//! key; so are the entries of the tables the code translates at run time with `tr(entry)`
//! (`TABLES` below, for tables in layers that do not depend on `crate::i18n`). The test fails,
//! saying what to add or remove, when
//!
//! - (a) a key is used in the code and missing from www/i18n/zh.json;
//! - (b) www/i18n/zh.json has a key no code uses;
//! - (c) an entry's placeholders (`{0}`, `{1}`, `{AppendEntries}` …) differ between English and
//!   Chinese;
//! - (d) a value is empty, or the English unchanged (except [`SAME_IN_BOTH`]);
//! - (e) the file is not one flat object of strings with sorted keys.
//!
//! Keys are read from the source as Rust reads string literals (escapes, `\` line continuations);
//! a raw string (`r"…"`) inside `tr(` or `key(` is an error, so every key is found the same way.
//! The mechanism itself (`tr`, `fill`, the language) is tested at the end.

use raftlab::i18n::{fill, install, lang, set_lang, tr, Lang};
use raftlab::raft::Quirks;
use raftlab::sim::scenario::presets::PRESET_TOPICS;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CATALOGUE: &str = "www/i18n/zh.json";

/// Values the same in both languages on purpose: names that Chinese text keeps in English.
const SAME_IN_BOTH: &[&str] = &[];

/// Tables translated where they are shown (`tr(entry)`), written where `key("…")` cannot be:
/// src/raft depends on nothing, and a `macro_rules!` table takes literals.
fn tables() -> Vec<(String, &'static str)> {
    let quirks = Quirks::ALL
        .iter()
        .map(|q| ("src/raft/quirks.rs (Quirks::ALL, label)", q.label));
    let topics = PRESET_TOPICS
        .iter()
        .map(|(topic, _)| ("src/sim/scenario/presets.rs (PRESET_TOPICS)", *topic));
    quirks
        .chain(topics)
        .map(|(at, key)| (at.to_string(), key))
        .collect()
}

/// Where a key is used: "src/on_demand/settings.rs:120".
type Uses = BTreeMap<String, Vec<String>>;

/// The functions whose literal argument is a key.
const MARKERS: [&str; 2] = ["tr", "key"];

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The marker (`tr`, `key`) whose call opens just before `at` (`tr(` then spaces), if any.
fn marker_before(src: &[u8], at: usize) -> Option<&'static str> {
    let mut i = at;
    while i > 0 && src[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    if i == 0 || src[i - 1] != b'(' {
        return None;
    }
    let end = i - 1;
    let mut start = end;
    while start > 0 && is_ident(src[start - 1]) {
        start -= 1;
    }
    let name = std::str::from_utf8(&src[start..end]).ok()?;
    MARKERS.into_iter().find(|m| *m == name)
}

/// The string literal that opens at `src[at] == '"'`: its value and the index after its closing
/// quote, as Rust reads it.
fn string_literal(src: &[u8], at: usize) -> Result<(String, usize), String> {
    let mut out = Vec::new();
    let mut i = at + 1;
    loop {
        match src.get(i) {
            None => return Err("unterminated string".into()),
            Some(b'"') => break,
            Some(b'\\') => {
                i += 1;
                match src.get(i) {
                    Some(b'n') => out.push(b'\n'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'0') => out.push(0),
                    Some(b'\\') => out.push(b'\\'),
                    Some(b'"') => out.push(b'"'),
                    Some(b'\'') => out.push(b'\''),
                    Some(b'x') => {
                        let hex =
                            std::str::from_utf8(&src[i + 1..i + 3]).map_err(|e| e.to_string())?;
                        out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
                        i += 2;
                    }
                    Some(b'u') => {
                        let close =
                            (src[i..].iter().position(|&b| b == b'}')).ok_or("bad \\u escape")?;
                        let hex = std::str::from_utf8(&src[i + 2..i + close])
                            .map_err(|e| e.to_string())?;
                        let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                        let c = char::from_u32(code).ok_or("bad \\u escape")?;
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        i += close;
                    }
                    // A line continuation: the newline and the whitespace after it vanish.
                    Some(b'\n') | Some(b'\r') => {
                        while src.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()) {
                            i += 1;
                        }
                    }
                    other => return Err(format!("unknown escape {:?}", other.map(|&b| b as char))),
                }
            }
            Some(&b) => out.push(b),
        }
        i += 1;
    }
    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
    Ok((text, i + 1))
}

/// The length of the raw string (`r"…"`, `r#"…"#`, `br"…"`) opening at `at`, if one does.
fn raw_string_len(src: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if src.get(i) == Some(&b'b') {
        i += 1;
    }
    if src.get(i) != Some(&b'r') || (at > 0 && is_ident(src[at - 1])) {
        return None;
    }
    i += 1;
    let hashes = src[i..].iter().take_while(|&&b| b == b'#').count();
    i += hashes;
    if src.get(i) != Some(&b'"') {
        return None;
    }
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let end = (i + 1..src.len()).find(|&j| src[j..].starts_with(&close))?;
    Some(end + close.len() - at)
}

/// The keys of one file: (key, line) for each `tr("…")` and `key("…")`, or what is wrong there.
fn keys_in(src: &str) -> Result<Vec<(String, usize)>, String> {
    let src = src.as_bytes();
    let line = |at: usize| src[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let mut keys = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        if rest.starts_with(b"//") {
            i += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < src.len() {
                if src[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if src[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(len) = raw_string_len(src, i) {
            if let Some(marker) = marker_before(src, i) {
                return Err(format!(
                    "line {}: a raw string in {marker}(): write the key as a plain \"…\" literal",
                    line(i)
                ));
            }
            i += len;
        } else if rest[0] == b'"' {
            let (text, end) =
                string_literal(src, i).map_err(|e| format!("line {}: {e}", line(i)))?;
            if let Some(marker) = marker_before(src, i) {
                // rustfmt may leave a comma after a literal it put on a line of its own.
                let mut after = src[end..].iter().filter(|b| !b.is_ascii_whitespace());
                let closes = match after.next() {
                    Some(b',') => after.next() == Some(&b')'),
                    next => next == Some(&b')'),
                };
                if !closes {
                    return Err(format!(
                        "line {}: {marker}(\"{text}\" …) takes the literal alone, as its only argument",
                        line(i)
                    ));
                }
                keys.push((text, line(i)));
            }
            i = end;
        } else if rest[0] == b'\'' {
            // A char literal ('"', '\'', '\u{2192}', 'é') or a lifetime ('static).
            let width = std::str::from_utf8(&rest[1..rest.len().min(5)])
                .or_else(|e| std::str::from_utf8(&rest[1..1 + e.valid_up_to()]))
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            if rest.get(1) == Some(&b'\\') {
                i += 2 + rest[2..].iter().position(|&b| b == b'\'').unwrap_or(0) + 1;
            } else if rest.get(1 + width) == Some(&b'\'') {
                i += 2 + width;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    Ok(keys)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every key the code uses, with where.
fn keys_used(root: &Path) -> Result<Uses, Vec<String>> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut uses = Uses::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        match keys_in(&std::fs::read_to_string(&file).unwrap()) {
            Ok(keys) => {
                for (key, line) in keys {
                    let at = format!("{name}:{line}");
                    let places = uses.entry(key).or_default();
                    if places.last() != Some(&at) {
                        places.push(at);
                    }
                }
            }
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    for (at, key) in tables() {
        uses.entry(key.to_string()).or_default().push(at);
    }
    if errors.is_empty() {
        Ok(uses)
    } else {
        Err(errors)
    }
}

/// The placeholders of a text, sorted: "{0}", "{AppendEntries}" …
fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                found.push(&rest[open..open + close + 1]);
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    // A set: a translation may name a value twice where its word order asks for it.
    found.sort_unstable();
    found.dedup();
    found
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn the_chinese_catalogue_has_every_key_the_code_uses_and_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let uses = keys_used(root).unwrap_or_else(|errors| {
        panic!(
            "keys that cannot be read in the source:\n  {}",
            errors.join("\n  ")
        )
    });
    let text = std::fs::read_to_string(root.join(CATALOGUE)).unwrap();
    let catalogue: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CATALOGUE} is not JSON: {e}"));
    let serde_json::Value::Object(catalogue) = catalogue else {
        panic!("{CATALOGUE} must be one JSON object, English → Chinese");
    };
    let mut problems = Vec::new();

    let missing: Vec<String> = (uses.iter())
        .filter(|(key, _)| !catalogue.contains_key(key.as_str()))
        .map(|(key, at)| {
            format!(
                "  {}: \"…Chinese…\",    (used at {})",
                json(key),
                at.join(", ")
            )
        })
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "(a) used in the code, missing from {CATALOGUE}: add these entries (in sorted place)\n{}",
            missing.join("\n")
        ));
    }

    let unused: Vec<String> = (catalogue.keys())
        .filter(|key| !uses.contains_key(key.as_str()))
        .map(|key| format!("  {}", json(key)))
        .collect();
    if !unused.is_empty() {
        problems.push(format!(
            "(b) in {CATALOGUE}, used by no code (no tr(\"…\") or key(\"…\") has them, nor a table): remove these keys, or mark \
             where the code uses them\n{}",
            unused.join("\n")
        ));
    }

    let mut placeholder_errors = Vec::new();
    let mut untranslated = Vec::new();
    let mut not_strings = Vec::new();
    for (key, value) in &catalogue {
        let Some(zh) = value.as_str() else {
            not_strings.push(format!("  {}", json(key)));
            continue;
        };
        if placeholders(key) != placeholders(zh) {
            placeholder_errors.push(format!(
                "  {}: {} has {:?}, the English {:?}",
                json(key),
                json(zh),
                placeholders(zh),
                placeholders(key)
            ));
        }
        if zh.trim().is_empty() || (zh == key && !SAME_IN_BOTH.contains(&key.as_str())) {
            untranslated.push(format!("  {}: {}", json(key), json(zh)));
        }
    }
    if !placeholder_errors.is_empty() {
        problems.push(format!(
            "(c) the Chinese must keep exactly the English's placeholders (their order may change, and one may come twice):\n{}",
            placeholder_errors.join("\n")
        ));
    }
    if !untranslated.is_empty() {
        problems.push(format!(
            "(d) empty, or the English unchanged: translate these (or, for a name kept in English, add the key to \
             SAME_IN_BOTH in tests/i18n_catalogue.rs)\n{}",
            untranslated.join("\n")
        ));
    }
    if !not_strings.is_empty() {
        problems.push(format!(
            "(e) values must be strings (one flat object):\n{}",
            not_strings.join("\n")
        ));
    }
    let keys: Vec<&String> = catalogue.keys().collect();
    if let Some(pair) = keys.windows(2).find(|pair| pair[0] >= pair[1]) {
        problems.push(format!(
            "(e) keys must be sorted by code point (python3 -m json.tool --sort-keys --no-ensure-ascii --indent 2 writes them so): {} comes before {}",
            json(pair[0]),
            json(pair[1])
        ));
    }
    assert!(
        problems.is_empty(),
        "{CATALOGUE} and the code disagree:\n\n{}\n",
        problems.join("\n\n")
    );
}

#[test]
fn keys_are_read_as_rust_reads_string_literals() {
    let source = r#####"
        // tr("in a comment") is not a key, /* nor tr("here") */
        let a = tr("Step {0} of {1}");
        let b = fill(tr("Saved {0}."), &[&name]);
        let c = attr("not a key");
        let d = tr( "a \"quoted\" word,\ttab" );
        let e = crate::i18n::tr("one \
                 line");
        let f = key("\u{2192} arrow");
        let g = '"'; let h = tr("after a quote char"); fn x<'a>(s: &'a str) {}
        let i = r#"tr("inside a raw string")"#;
        let j = tr(label);
    "#####;
    let keys: Vec<String> = keys_in(source)
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        keys,
        [
            "Step {0} of {1}",
            "Saved {0}.",
            "a \"quoted\" word,\ttab",
            "one line",
            "→ arrow",
            "after a quote char",
        ]
    );
    let raw = keys_in("let k = tr(r\"raw\");").unwrap_err();
    assert!(raw.contains("raw string in tr()"), "{raw}");
    let more = keys_in("let k = tr(\"a\" ).len(); let l = tr(\"b\".trim());").unwrap_err();
    assert!(more.contains("literal alone"), "{more}");
}

#[test]
fn placeholders_are_compared_as_sets_of_braced_names() {
    assert_eq!(placeholders("Fired at {1} after {0}"), ["{0}", "{1}"]);
    assert_eq!(
        placeholders("send {AppendEntries} ({heartbeats})"),
        ["{AppendEntries}", "{heartbeats}"]
    );
}

#[test]
fn tr_speaks_chinese_only_when_asked_and_falls_back_to_english() {
    // Thread-local: this test's thread has its own language and catalogue.
    assert_eq!(lang(), Lang::En);
    assert!(install(r#"{"Close": "关闭", "Empty": ""}"#));
    assert_eq!(
        tr("Close"),
        "Close",
        "English until the language is Chinese"
    );
    set_lang(Lang::Zh);
    assert_eq!(tr("Close"), "关闭");
    assert_eq!(tr("Not in the catalogue"), "Not in the catalogue");
    assert_eq!(tr("Empty"), "Empty", "an empty value shows the English");
    // The first catalogue stays (tr hands out &'static str from it).
    assert!(install(r#"{"Close": "另一个"}"#));
    assert_eq!(tr("Close"), "关闭");
    set_lang(Lang::En);
    assert_eq!(tr("Close"), "Close");
}

#[test]
fn a_catalogue_that_is_not_an_object_is_refused() {
    assert!(!install("[1, 2]"));
    assert!(!install("{"));
}

#[test]
fn fill_puts_values_where_the_translation_wants_them() {
    assert_eq!(fill("Step {0} of {1}", &[&2, &5]), "Step 2 of 5");
    assert_eq!(fill("第 {0} 步，共 {1} 步", &[&2, &5]), "第 2 步，共 5 步");
    assert_eq!(fill("{1} before {0}", &[&"a", &"b"]), "b before a");
    // Braces that are not a numbered placeholder with a value stay as they are.
    assert_eq!(
        fill("send {AppendEntries} {2} {", &[&1]),
        "send {AppendEntries} {2} {"
    );
}

#[test]
fn language_codes() {
    assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
    assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
    assert_eq!(Lang::from_code("fr"), None);
    assert_eq!(Lang::Zh.code(), "zh");
}

#[test]
fn a_language_in_the_address_follows_a_switch() {
    use raftlab::i18n::query_with_lang;
    assert_eq!(
        query_with_lang("?lesson=quorum&lang=zh", "en").as_deref(),
        Some("?lesson=quorum&lang=en")
    );
    assert_eq!(query_with_lang("?lang", "zh").as_deref(), Some("?lang=zh"));
    assert_eq!(query_with_lang("?language=x&slang=1", "zh"), None);
    assert_eq!(query_with_lang("", "zh"), None);
}
