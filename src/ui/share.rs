//! Shareable links: the URL's fragment carries the run as a trace (docs/trace-format.md: the
//! seed, the configuration it started from, every command given so far and the time reached),
//! so opening the link replays the same run exactly, and the page reads links and trace files
//! with one reader.
//!
//! Form: `#run=<URI-encoded trace JSON>`. Links made before carried
//! `{"config": {...}, "commands": [{"at_ms": T, "cmd": ...}], "t": T}`; they still open.

use super::engine::replay;
use crate::i18n::{fill, tr};
use crate::sim::config::SimConfig;
use crate::sim::trace_file::{Trace, TRACE_FIELD, TRACE_VERSION};
use crate::sim::Simulation;
use serde_json::Value;

const PREFIX: &str = "#run=";

/// The fragment for a run: its trace on one line.
pub fn encode(trace: &Trace) -> String {
    let json = trace.to_json();
    let one_line = serde_json::from_str::<Value>(&json).map_or(json, |v| v.to_string());
    let encoded: String = js_sys::encode_uri_component(&one_line).into();
    format!("{PREFIX}{encoded}")
}

/// The run a fragment describes: `Ok(None)` when there is no run in it, `Err` with a message
/// a person can act on when it is malformed.
pub fn decode(fragment: &str) -> Result<Option<(Simulation, u64)>, String> {
    let Some(encoded) = fragment.strip_prefix(PREFIX) else {
        return Ok(None);
    };
    let json: String = js_sys::decode_uri_component(encoded)
        .map_err(|_| {
            tr("the link could not be opened: it is damaged (bad %-encoding)").to_string()
        })?
        .into();
    let opened = read(&json).and_then(|trace| Ok((replay(&trace)?, trace.time_ms)));
    opened
        .map(Some)
        .map_err(|e| fill(tr("the link could not be opened: {0}"), &[&e]))
}

/// A trace from its JSON, or from an older link's.
pub fn read(json: &str) -> Result<Trace, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let value = if value.get(TRACE_FIELD).is_some() {
        value
    } else {
        from_old_link(value)
    };
    Trace::from_value(value).map_err(|e| e.to_string())
}

/// An older link's `{config, commands, t}` as a trace (its config may carry `"cmd": "config"`
/// and its seed); anything else is left for the trace reader to refuse.
fn from_old_link(value: Value) -> Value {
    let Value::Object(mut link) = value else {
        return value;
    };
    let mut trace = serde_json::Map::new();
    trace.insert(TRACE_FIELD.into(), TRACE_VERSION.into());
    let mut config = link.shift_remove("config").unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut config {
        fields.shift_remove("cmd");
        let seed = fields.shift_remove("seed");
        let seed = seed.unwrap_or_else(|| SimConfig::default().seed.into());
        trace.insert("seed".into(), seed);
    }
    trace.insert("config".into(), config);
    let commands = link.shift_remove("commands");
    trace.insert(
        "commands".into(),
        commands.unwrap_or_else(|| Value::Array(Vec::new())),
    );
    trace.insert("time_ms".into(), link.shift_remove("t").unwrap_or(0.into()));
    Value::Object(trace)
}
