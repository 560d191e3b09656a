//! Reading a command's JSON object field by field, as serde's derive with `deny_unknown_fields`
//! would and with its messages. serde's derive for an internally tagged enum (`"cmd": ...`)
//! buffers the whole object first and cost the browser build 15 KB gzipped.

use super::from_json::FromJson;
use serde_json::{Map, Value};

/// Takes the fields out of a JSON object one by one and reports what serde's derive would: the
/// first bad or unknown field in the document's order, else the first missing field in
/// declaration order.
pub(super) struct Fields {
    object: Map<String, Value>,
    /// The object's keys in order, to tell which error serde would meet first.
    keys: Vec<String>,
    /// Field names read so far, in declaration order (for "expected one of ...").
    names: Vec<&'static str>,
    /// The error on the earliest key so far, with that key's position.
    error: Option<(usize, String)>,
    missing: Option<&'static str>,
}

impl Fields {
    pub fn new(object: Map<String, Value>) -> Self {
        let keys = object.keys().cloned().collect();
        Fields {
            object,
            keys,
            names: Vec::new(),
            error: None,
            missing: None,
        }
    }

    /// A required field (its value is a placeholder when it is missing or bad).
    pub fn req<T: FromJson + Default>(&mut self, name: &'static str) -> T {
        if !self.object.contains_key(name) {
            self.missing.get_or_insert(name);
        }
        self.opt(name, T::default())
    }

    /// A field that takes `default` when it is absent.
    pub fn opt<T: FromJson>(&mut self, name: &'static str, default: T) -> T {
        self.names.push(name);
        match self.object.remove(name) {
            None => default,
            Some(value) => T::from_json(value).unwrap_or_else(|e| {
                self.note(name, e);
                default
            }),
        }
    }

    fn note(&mut self, key: &str, error: String) {
        let at = self
            .keys
            .iter()
            .position(|k| k == key)
            .unwrap_or(usize::MAX);
        if self.error.as_ref().is_none_or(|(first, _)| at < *first) {
            self.error = Some((at, error));
        }
    }

    /// `value` if every field was known, present and well typed.
    pub fn finish<T>(mut self, value: T) -> Result<T, String> {
        // Every known field has been taken out: what is left is unknown.
        // The first of them in the document (removals may have reordered the map).
        if let Some(key) = self
            .keys
            .iter()
            .find(|k| self.object.contains_key(*k))
            .cloned()
        {
            let error = unknown_field(&key, &self.names);
            self.note(&key, error);
        }
        match (self.error, self.missing) {
            (Some((_, error)), _) => Err(error),
            (None, Some(name)) => Err(format!("missing field `{name}`")),
            (None, None) => Ok(value),
        }
    }
}

/// serde's wording: "unknown field `nod`, expected `node`".
fn unknown_field(key: &str, expected: &[&str]) -> String {
    let quoted: Vec<String> = expected.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => format!("unknown field `{key}`, there are no fields"),
        [one] => format!("unknown field `{key}`, expected {one}"),
        [a, b] => format!("unknown field `{key}`, expected {a} or {b}"),
        _ => format!(
            "unknown field `{key}`, expected one of {}",
            quoted.join(", ")
        ),
    }
}
