//! Shareable links: the URL's fragment carries the seed, the configuration and every command
//! given so far, so opening the link replays the same run exactly.
//!
//! Form: `#run=<URI-encoded JSON {"config": {...}, "commands": [{"at_ms": T, "cmd": ...}], "t": T}>`
//! (the commands in the same form as a JSON-lines scenario).

use crate::sim::config::SimConfig;
use crate::sim::error::SimError;
use crate::sim::request::Request;
use crate::sim::Simulation;
use serde_json::Value;
use std::fmt::Write as _;

const PREFIX: &str = "#run=";

/// The fragment for a run. Each request is written by `Request::to_json`, the form the
/// simulator records, so a link needs no serializer of its own.
pub fn encode(config: &SimConfig, commands: &[(u64, Request)], t: u64) -> String {
    let mut json = format!(
        "{{\"config\":{},\"commands\":[",
        Request::Restart(config.clone()).to_json()
    );
    for (i, (at_ms, command)) in commands.iter().enumerate() {
        let separator = if i == 0 { "" } else { "," };
        // `to_json` writes an object, `{"cmd":...}`: put `at_ms` in front of its fields.
        let object = command.to_json();
        let fields = object.strip_prefix('{');
        debug_assert!(fields.is_some(), "a command's JSON is an object: {object}");
        let _ = write!(
            json,
            "{separator}{{\"at_ms\":{at_ms},{}",
            fields.unwrap_or("}")
        );
    }
    let _ = write!(json, "],\"t\":{t}}}");
    let encoded: String = js_sys::encode_uri_component(&json).into();
    format!("{PREFIX}{encoded}")
}

/// The run a fragment describes: `Ok(None)` when there is no run in it, `Err` with a message
/// a person can act on when it is malformed.
pub fn decode(fragment: &str) -> Result<Option<(Simulation, u64)>, String> {
    let Some(encoded) = fragment.strip_prefix(PREFIX) else {
        return Ok(None);
    };
    let json: String = js_sys::decode_uri_component(encoded)
        .map_err(|_| "the link could not be opened: it is damaged (bad %-encoding)".to_string())?
        .into();
    parse(&json)
        .map(Some)
        .map_err(|e| format!("the link could not be opened: {e}"))
}

fn parse_commands(list: &Value) -> Result<Vec<(u64, Request)>, String> {
    let list = list.as_array().ok_or("commands must be a list")?;
    let mut commands: Vec<(u64, Request)> = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let n = i + 1;
        let mut c = c.clone();
        let at_ms = c
            .as_object_mut()
            .and_then(|o| o.shift_remove("at_ms"))
            .and_then(|t| t.as_u64())
            .ok_or_else(|| format!("command {n}: at_ms must be a whole number of ms"))?;
        let command = Request::from_value(c).map_err(|e| format!("command {n}: {e}"))?;
        if commands
            .last()
            .is_some_and(|(previous, _)| *previous > at_ms)
        {
            return Err(format!("command {n}: times must not go backwards"));
        }
        commands.push((at_ms, command));
    }
    Ok(commands)
}

/// Rebuilds a run from the JSON a link carries.
pub fn parse(json: &str) -> Result<(Simulation, u64), String> {
    let value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let config = match value.get("config") {
        Some(c) => config_of(c.clone())?,
        None => return Err("it has no config".into()),
    };
    let commands = match value.get("commands") {
        Some(list) => parse_commands(list)?,
        None => Vec::new(),
    };
    let t = value.get("t").and_then(|t| t.as_u64()).unwrap_or(0);
    let mut sim = Simulation::replay(config, &commands).map_err(|e| e.to_string())?;
    let limit = sim.now() + crate::ui::api::MAX_ADVANCE_MS;
    if t > sim.now() {
        sim.run_until(t.min(limit));
    } else {
        sim.seek(t);
    }
    Ok((sim, t))
}

/// The link's configuration, read as a `config` command (the same fields); links made before
/// the configuration carried `"cmd": "config"` work too.
fn config_of(mut value: Value) -> Result<SimConfig, String> {
    let object = value
        .as_object_mut()
        .ok_or("config: expected a JSON object")?;
    object.insert("cmd".into(), "config".into());
    match Request::from_value(value) {
        Ok(Request::Restart(config)) => Ok(config),
        Ok(_) => Err("config: expected a configuration".into()),
        // A bad or invalid field: its detail, without the variant's own "config: " or
        // "invalid config: " in front of it.
        Err(SimError::Config(detail) | SimError::BadField { detail, .. }) => {
            Err(format!("config: {detail}"))
        }
        Err(e) => Err(format!("config: {e}")),
    }
}
