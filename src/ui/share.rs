//! Shareable links: the URL's fragment carries the seed, the configuration and every command
//! given so far, so opening the link replays the same run exactly.
//!
//! Form: `#run=<URI-encoded JSON {"config": {...}, "commands": [{"at_ms": T, "cmd": ...}], "t": T}>`.

use crate::sim::config::SimConfig;
use crate::sim::simulation::TimedCommand;
use crate::sim::Simulation;
use serde::Serialize;

const PREFIX: &str = "#run=";

#[derive(Serialize)]
struct Link<'a> {
    config: &'a SimConfig,
    commands: &'a [TimedCommand],
    /// The time the person was looking at.
    t: u64,
}

/// The fragment for a run.
pub fn encode(config: &SimConfig, commands: &[TimedCommand], t: u64) -> String {
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
        .map_err(|_| "the link is damaged (bad %-encoding)".to_string())?
        .into();
    parse(&json)
        .map(Some)
        .map_err(|e| format!("the link could not be opened: {e}"))
}

/// Rebuilds a run from the JSON a link carries.
pub fn parse(json: &str) -> Result<(Simulation, u64), String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let config: SimConfig = match value.get("config") {
        Some(c) => serde_json::from_value(c.clone()).map_err(|e| format!("config: {e}"))?,
        None => return Err("it has no config".into()),
    };
    let mut commands = Vec::new();
    if let Some(list) = value.get("commands") {
        let list = list.as_array().ok_or("commands must be a list")?;
        for (i, c) in list.iter().enumerate() {
            let command = TimedCommand::from_json(&c.to_string())
                .map_err(|e| format!("command {}: {e}", i + 1))?;
            if commands
                .last()
                .is_some_and(|p: &TimedCommand| p.at_ms > command.at_ms)
            {
                return Err(format!("command {}: times must not go backwards", i + 1));
            }
            commands.push(command);
        }
    }
    let t = value.get("t").and_then(|t| t.as_u64()).unwrap_or(0);
    let mut sim = Simulation::replay(config, &commands).map_err(|e| e.to_string())?;
    if t > sim.now() {
        sim.run_until(t.min(crate::ui::api::MAX_ADVANCE_MS as u64 + sim.now()));
    } else {
        sim.seek(t);
    }
    Ok((sim, t))
}
