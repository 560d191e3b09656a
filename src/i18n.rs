//! SHIM: a stand-in for the `i18n` branch's module (issue 14), with the same two functions, so
//! that the narration can be written against them before that branch lands; its `tr` speaks
//! English only. Replace this file with that branch's `src/i18n/`.
//!
//! - [`tr`]: the Chinese of an English text (the key) when the page speaks Chinese and
//!   `www/i18n/zh.json` has it, else the English;
//! - [`fill`]: a template's numbered placeholders (`{0}`, `{1}` …) filled in, so that a
//!   translation can put them in the order its language needs.

use std::fmt::{Display, Write};

/// `en` in the language spoken now (here: always English).
pub fn tr(en: &'static str) -> &'static str {
    en
}

/// `template` with `{0}`, `{1}` … replaced by `args`; anything else in braces stays as it is.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_values_in_their_places_and_leaves_other_braces() {
        assert_eq!(fill("{1} then {0}", &[&"a", &2]), "2 then a");
        assert_eq!(fill("voters {1,2} {0}", &[&"x"]), "voters {1,2} x");
        assert_eq!(fill("{3} {}", &[&1]), "{3} {}");
    }
}
