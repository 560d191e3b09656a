//! A seed in JSON: a number up to 2^53 − 1, a decimal string above it. JavaScript reads every
//! JSON number as a double, which holds integers exactly only up to 2^53 − 1, and a seed may be
//! any u64 (a chaos run draws them so): as a string, a large seed reaches a page, a share link
//! or a script unchanged. Both forms are read everywhere a seed is.

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_EXACT_IN_JS: u64 = (1 << 53) - 1;

/// `#[serde(serialize_with = "seed::serialize")]`
pub fn serialize<S: Serializer>(seed: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    if *seed <= MAX_EXACT_IN_JS {
        serializer.serialize_u64(*seed)
    } else {
        serializer.collect_str(seed)
    }
}

/// A seed written as a decimal string ("18446744073709551557").
pub fn parse(text: &str) -> Option<u64> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

/// `#[serde(deserialize_with = "seed::deserialize")]`: a number or a decimal string.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Seed;
    impl Visitor<'_> for Seed {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            // The wording of FromJson's message (sim/command/config_json.rs).
            f.write_str("a seed")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
            parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    deserializer.deserialize_any(Seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Config {
        #[serde(serialize_with = "serialize", deserialize_with = "deserialize")]
        seed: u64,
    }

    #[test]
    fn a_seed_is_a_number_while_javascript_holds_it_exactly_and_a_string_above() {
        for (seed, json) in [
            (0, r#"{"seed":0}"#),
            (MAX_EXACT_IN_JS, r#"{"seed":9007199254740991}"#),
            (MAX_EXACT_IN_JS + 1, r#"{"seed":"9007199254740992"}"#),
            (u64::MAX, r#"{"seed":"18446744073709551615"}"#),
        ] {
            let config = Config { seed };
            assert_eq!(serde_json::to_string(&config).unwrap(), json);
            assert_eq!(serde_json::from_str::<Config>(json).unwrap(), config);
        }
        // Either form is read.
        let read = |json| serde_json::from_str::<Config>(json).map(|c| c.seed);
        assert_eq!(read(r#"{"seed":"7"}"#).unwrap(), 7);
        assert_eq!(read(r#"{"seed":18446744073709551615}"#).unwrap(), u64::MAX);
        for bad in [
            r#"{"seed":"-1"}"#,
            r#"{"seed":"+7"}"#,
            r#"{"seed":"1e3"}"#,
            r#"{"seed":"18446744073709551616"}"#,
            r#"{"seed":""}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
