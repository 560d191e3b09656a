//! Shareable links: the URL's fragment carries the seed, the configuration and every command
//! given so far, so opening the link replays the same run exactly.
//!
//! Form: `#run=<URI-encoded JSON {"config": {...}, "commands": [{"at_ms": T, "cmd": ...}], "t": T}>`
//! (the commands in the same form as a JSON-lines scenario).

use crate::sim::command::Command;
use crate::sim::config::SimConfig;
use crate::sim::Simulation;
use serde::Serialize;

const PREFIX: &str = "#run=";

#[derive(Serialize)]
struct Link<'a> {
    config: &'a SimConfig,
    commands: Vec<serde_json::Value>,
    /// The time the person was looking at.
    t: u64,
}

/// `{"at_ms": T, "cmd": ...}`.
fn timed_json(at_ms: u64, command: &Command) -> serde_json::Value {
    let mut value = serde_json::to_value(command).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("at_ms".into(), at_ms.into());
    }
    value
}

/// The fragment for a run.
pub fn encode(config: &SimConfig, commands: &[(u64, Command)], t: u64) -> String {
    let commands = commands.iter().map(|(at, c)| timed_json(*at, c)).collect();
    let json = serde_json::to_string(&Link {
        config,
        commands,
        t,
    })
    .unwrap_or_default();
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

fn parse_commands(list: &serde_json::Value) -> Result<Vec<(u64, Command)>, String> {
    let list = list.as_array().ok_or("commands must be a list")?;
    let mut commands: Vec<(u64, Command)> = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let n = i + 1;
        let mut c = c.clone();
        let at_ms = c
            .as_object_mut()
            .and_then(|o| o.remove("at_ms"))
            .and_then(|t| t.as_u64())
            .ok_or_else(|| format!("command {n}: at_ms must be a whole number of ms"))?;
        let command = Command::from_value(c).map_err(|e| format!("command {n}: {e}"))?;
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
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let config: SimConfig = match value.get("config") {
        Some(c) => serde_json::from_value(c.clone()).map_err(|e| format!("config: {e}"))?,
        None => return Err("it has no config".into()),
    };
    config.validate().map_err(|e| e.to_string())?;
    let commands = match value.get("commands") {
        Some(list) => parse_commands(list)?,
        None => Vec::new(),
    };
    let t = value.get("t").and_then(|t| t.as_u64()).unwrap_or(0);
    let mut sim = Simulation::replay(config, &commands).map_err(|e| e.to_string())?;
    let limit = sim.now() + crate::ui::api::MAX_ADVANCE_MS as u64;
    if t > sim.now() {
        sim.run_until(t.min(limit));
    } else {
        sim.seek(t);
    }
    Ok((sim, t))
}
