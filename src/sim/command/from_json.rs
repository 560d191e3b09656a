//! Typed values out of a parsed JSON value, with serde's wording ("invalid type: string \"a\",
//! expected u64") but without serde's `Deserialize`. A derived `Deserialize` reaches serde's
//! `Unexpected`, whose message can print a float, and that kept Rust's whole float printer in
//! the browser build: about 8 KB gzipped for error messages alone.

use crate::raft::ReadMode;
use crate::sim::decimal::Decimal;
use serde_json::Value;

/// A value a command field can hold.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, String>;
}

/// serde's "invalid type: ..., expected ..." message.
pub fn invalid_type(value: &Value, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(value))
}

/// How serde's `Unexpected` names a value: "integer `-1`", "string \"a\"", "map". (Floats are
/// written by `Decimal`, so a rare one reads differently: `-0` as `0.0`, `1e-7` as `0.0000001`.)
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => format!("integer `{u}`"),
            (_, Some(i), _) => format!("integer `{i}`"),
            (_, _, Some(f)) => {
                let text = Decimal::new(f).to_string();
                // serde writes a float with a decimal point even when it is whole: `2.0`.
                let whole = text.bytes().all(|b| b.is_ascii_digit() || b == b'-');
                format!("floating point `{text}{}`", if whole { ".0" } else { "" })
            }
            _ => format!("number `{n}`"),
        },
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

impl FromJson for u64 {
    fn from_json(value: Value) -> Result<Self, String> {
        match &value {
            Value::Number(n) if n.is_i64() && !n.is_u64() => Err(format!(
                "invalid value: {}, expected u64",
                unexpected(&value)
            )),
            Value::Number(n) => n.as_u64().ok_or_else(|| invalid_type(&value, "u64")),
            _ => Err(invalid_type(&value, "u64")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, String> {
        value.as_f64().ok_or_else(|| invalid_type(&value, "f64"))
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, String> {
        value
            .as_bool()
            .ok_or_else(|| invalid_type(&value, "a boolean"))
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(invalid_type(&other, "a string")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            other => Err(invalid_type(&other, "a sequence")),
        }
    }
}

impl FromJson for [u64; 2] {
    fn from_json(value: Value) -> Result<Self, String> {
        const EXPECTED: &str = "an array of length 2";
        let Value::Array(items) = value else {
            return Err(invalid_type(&value, EXPECTED));
        };
        let len = items.len();
        match <[Value; 2]>::try_from(items) {
            Ok([a, b]) => Ok([u64::from_json(a)?, u64::from_json(b)?]),
            Err(_) => Err(format!("invalid length {len}, expected {EXPECTED}")),
        }
    }
}

impl FromJson for ReadMode {
    fn from_json(value: Value) -> Result<Self, String> {
        let Value::String(name) = &value else {
            return Err(invalid_type(&value, "a read mode"));
        };
        ReadMode::from_name(name).ok_or_else(|| {
            format!(
                "unknown variant `{name}`, expected one of `read_index`, `follower`, `lease`, `local`"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::{Quirks, SimConfig};
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use serde_json::json;

    /// The message serde's own `Deserialize` gives for the same value.
    fn serde_says<T: DeserializeOwned>(value: &Value) -> String {
        match T::deserialize(value.clone()) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    }

    fn ours<T: FromJson>(value: &Value) -> String {
        match T::from_json(value.clone()) {
            Ok(_) => "ok".to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn messages_match_serde() {
        let values = [
            json!(null),
            json!(true),
            json!(7),
            json!(-1),
            json!(1.5),
            json!(2.0),
            json!(-0.25),
            json!("a"),
            json!("say \"hi\"\n"),
            json!("\u{1}\u{7f}\u{200b}\u{feff}é"),
            json!([1, 2]),
            json!([1]),
            json!([1, "x"]),
            json!({"a": 1}),
        ];
        for v in &values {
            assert_eq!(ours::<u64>(v), serde_says::<u64>(v), "u64 from {v}");
            assert_eq!(ours::<f64>(v), serde_says::<f64>(v), "f64 from {v}");
            assert_eq!(ours::<bool>(v), serde_says::<bool>(v), "bool from {v}");
            assert_eq!(
                ours::<String>(v),
                serde_says::<String>(v),
                "String from {v}"
            );
            assert_eq!(
                ours::<Option<u64>>(v),
                serde_says::<Option<u64>>(v),
                "Option<u64> from {v}"
            );
            assert_eq!(
                ours::<Vec<u64>>(v),
                serde_says::<Vec<u64>>(v),
                "Vec<u64> from {v}"
            );
        }
        for v in [json!([1, 2]), json!([1, 2, 3]), json!([1]), json!(3)] {
            let ok = matches!(v.as_array(), Some(a) if a.len() == 2);
            assert_eq!(<[u64; 2]>::from_json(v.clone()).is_ok(), ok, "{v}");
        }
        assert_eq!(
            ours::<[u64; 2]>(&json!([1])),
            "invalid length 1, expected an array of length 2"
        );
    }

    /// Where this reader knowingly differs from serde's derive: forms no command needs are
    /// refused, and a pair's length is checked before its elements.
    #[test]
    fn intended_differences_from_serde() {
        // serde reads a unit variant from a map and a struct from an array.
        assert_eq!(
            ours::<ReadMode>(&json!({"local": null})),
            "invalid type: map, expected a read mode"
        );
        assert_eq!(
            ours::<Quirks>(&json!([true, false, false, false])),
            "invalid type: sequence, expected struct Quirks"
        );
        assert_eq!(
            ours::<[u64; 2]>(&json!(["x"])),
            "invalid length 1, expected an array of length 2"
        );
        assert_eq!(
            ours::<[u64; 2]>(&json!([1, 2, 3])),
            "invalid length 3, expected an array of length 2"
        );
    }

    #[test]
    fn config_reads_as_serde_derive() {
        let configs = [
            json!({}),
            json!({"nodes": 3, "seed": 9, "prevote": true}),
            json!({"election_ms": [100, 200], "latency_ms": [1, 2], "drop_rate": 0.25}),
            json!({"quirks": {"forget_vote_on_restart": true}}),
            json!({"nodes": "3"}),
            json!({"election_ms": [100]}),
            json!({"election_ms": 100}),
            json!({"bogus": 1}),
            json!({"seed": 1.5, "bogus": 1}),
            json!({"bogus": 1, "seed": 1.5}),
            json!({"seed": "18446744073709551557"}),
            json!({"seed": "12x"}),
            json!({"seed": -3}),
            json!({"seed": true}),
            json!({"quirks": {"x": true}}),
            json!({"quirks": 5}),
            json!({"check_quorum": null}),
            json!(7),
        ];
        for c in &configs {
            let derived = SimConfig::deserialize(c.clone()).map_err(|e| e.to_string());
            assert_eq!(SimConfig::from_json(c.clone()), derived, "{c}");
        }
    }

    #[test]
    fn read_modes_by_name() {
        for mode in [
            ReadMode::ReadIndex,
            ReadMode::Follower,
            ReadMode::Lease,
            ReadMode::Local,
        ] {
            assert_eq!(ReadMode::from_json(json!(mode.name())), Ok(mode));
        }
        assert_eq!(
            ours::<ReadMode>(&json!("fast")),
            serde_says::<ReadMode>(&json!("fast"))
        );
    }
}
