//! English and Simplified Chinese (issue 14; docs/i18n.md says how to add a string).
//!
//! English stays in the code and is the key; the Chinese lives in a catalogue, `www/i18n/zh.json`
//! (one flat JSON object, English → Chinese), which the page fetches only when its language is
//! Chinese (www/i18n.js), so a page in English downloads no Chinese at all. Each binary installs
//! the catalogue once, at start (`browser::start`, or `browser::read` once the loader waited for
//! it); from then on:
//!
//! - [`tr`]`("Settings")` is "设置" when the language is Chinese and the key is in the catalogue,
//!   else the English it was given;
//! - [`fill`]`(tr("Step {0} of {1}"), &[&2, &5])` puts values in a sentence: placeholders are
//!   numbered, so a translation can order them as its language needs ("第 {0} 步，共 {1} 步");
//! - [`key`]`("…")` marks a string that a table keeps and [`tr`] translates where it is shown.
//!
//! tests/i18n_catalogue.rs reads every `tr("…")` and `key("…")` under src/ and fails when the
//! code and the catalogue disagree. Keys are plain string literals, never raw strings.
//!
//! The catalogue is serde_json's `Map`, which both binaries already carry (with `preserve_order`,
//! the IndexMap Yew brings): no map type of its own, so the mechanism adds little to the wasm
//! (docs/i18n.md has the figures).

use serde::Serialize;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt::{Display, Write};

#[cfg(target_arch = "wasm32")]
pub mod browser;
mod localized;

pub use localized::Localized;

/// The languages Raftlab speaks: the page's words, the lessons' prose, `<html lang>`, `?lang=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code in URLs and `<html lang>`: "en", "zh".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language a code names ("zh", "zh-CN", "en-GB" …), if Raftlab speaks it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| code.starts_with(l.code()))
    }
}

/// English → Chinese, installed once and kept for the life of the page.
type Catalogue = Map<String, Value>;

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static CATALOGUE: Cell<Option<&'static Catalogue>> = const { Cell::new(None) };
}

/// The language [`tr`] speaks now.
pub fn lang() -> Lang {
    LANG.get()
}

/// Switches [`tr`] to `lang` (the Chinese catalogue must be installed for Chinese to show).
pub fn set_lang(lang: Lang) {
    LANG.set(lang);
}

/// Whether a catalogue is installed.
pub fn installed() -> bool {
    CATALOGUE.get().is_some()
}

/// Installs the Chinese catalogue from its JSON text (`www/i18n/zh.json`); false when the text
/// is not a JSON object (tests/i18n_catalogue.rs keeps the file right; the words then stay in
/// English, and no error text is carried into the wasm for it). Only the first one installed
/// counts: it lives as long as the page, so [`tr`] can hand out `&'static str`s.
pub fn install(json: &str) -> bool {
    if installed() {
        return true;
    }
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => {
            CATALOGUE.set(Some(Box::leak(Box::new(map))));
            true
        }
        _ => false,
    }
}

/// `en` in the language spoken now: the catalogue's text when it is Chinese and the key is
/// there, else `en` itself (a missing key shows English, never nothing).
pub fn tr(en: &'static str) -> &'static str {
    let catalogue = CATALOGUE.get().filter(|_| lang() == Lang::Zh);
    (catalogue.and_then(|c| c.get(en)).and_then(Value::as_str))
        .filter(|text| !text.is_empty())
        .unwrap_or(en)
}

/// `template` with `{0}`, `{1}` … replaced by `args` in that order. Anything else in braces
/// (`{AppendEntries}`, a placeholder with no value) stays as it is.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 8 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let n: usize = after[..close].parse().ok()?;
            Some((close, args.get(n)?))
        });
        match arg {
            Some((close, arg)) => {
                let _ = write!(out, "{arg}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The address's query (`?lesson=quorum&lang=zh`) with its `lang` set to `code`; `None` when
/// it names no language (the language then stays out of the address).
pub fn query_with_lang(search: &str, code: &str) -> Option<String> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut named = false;
    let pairs: Vec<String> = (query.split('&'))
        .map(|pair| match pair == "lang" || pair.starts_with("lang=") {
            true => {
                named = true;
                format!("lang={code}")
            }
            false => pair.to_string(),
        })
        .collect();
    named.then(|| format!("?{}", pairs.join("&")))
}

/// Marks `en` as a catalogue key where it cannot be translated yet: an entry of a constant
/// table, translated with [`tr`] where it is shown. It returns `en` unchanged.
pub const fn key(en: &'static str) -> &'static str {
    en
}

/// A sentence (a [`key`]) and the values for its placeholders: what a `match` that picks one
/// of many sentences gives, so that [`say`] translates and fills once for all its arms (each
/// arm's own `tr` and `fill` would cost the wasm more).
pub type Sentence<'a> = (&'static str, &'a [&'a dyn Display]);

/// The sentence in the language spoken now, its values in place.
pub fn say((sentence, values): Sentence) -> String {
    fill(tr(sentence), values)
}

/// `Display` and `std::error::Error` for an error type whose words a function picks, in the
/// language spoken when the error is shown (not when it was made):
/// `display_in_words!(ConfigError => config_error_text);`. The function matches on the variant,
/// each arm giving its `key("…")` and values, and calls [`tr`] and [`fill`] once on the result
/// (docs/i18n.md, "Errors").
macro_rules! display_in_words {
    ($($error:ty => $words:path),+ $(,)?) => {$(
        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&$words(self))
            }
        }
        impl ::std::error::Error for $error {}
    )+};
}
pub(crate) use display_in_words;
