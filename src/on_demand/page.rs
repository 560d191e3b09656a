//! The page as Learn mode sees it: `window.raftlab` (docs/api.md), the same calls an embedding
//! page or a test makes. Each returns the page's error in words.

use crate::i18n::{fill, tr};
use crate::raft::Naming;
use crate::sim::config::SimConfig;
use crate::sim::request::Request;
use crate::sim::trace_file::Trace;
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

fn call(name: &str, arg: &JsValue) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or(tr("no window"))?;
    let api = (Reflect::get(&window, &"raftlab".into()).ok())
        .filter(JsValue::is_object)
        .ok_or(tr(
            "the simulation is not running (window.raftlab is missing)",
        ))?;
    let function: Function = (Reflect::get(&api, &name.into()).ok())
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| fill(tr("the page has no call \"{0}\""), &[&name]))?;
    let failed = || fill(tr("the page's \"{0}\" failed"), &[&name]);
    let result = function.call1(&api, arg).map_err(|_| failed())?;
    let field = |key: &str| Reflect::get(&result, &key.into()).ok();
    if field("ok").and_then(|ok| ok.as_bool()) == Some(false) {
        let error = field("error").and_then(|e| e.as_string());
        return Err(error.unwrap_or_else(failed));
    }
    Ok(result)
}

/// The state JSON (DESIGN.md's contract).
pub fn state() -> Result<serde_json::Value, String> {
    let state = call("state", &JsValue::UNDEFINED)?;
    let text = (JSON::stringify(&state).ok())
        .and_then(|t| t.as_string())
        .ok_or("the page's state is not JSON")?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The page's configuration (what Settings edits).
pub fn config() -> Result<SimConfig, String> {
    let command = call("config", &JsValue::UNDEFINED)?;
    let text = (JSON::stringify(&command).ok())
        .and_then(|t| t.as_string())
        .ok_or("the page's configuration is not JSON")?;
    match Request::from_json(&text).map_err(|e| e.to_string())? {
        Request::Restart(config) => Ok(config),
        _ => Err("the page's configuration is not a config command".into()),
    }
}

/// The simulated time now, in ms.
pub fn now(state: &serde_json::Value) -> u64 {
    state["time_ms"].as_u64().unwrap_or(0)
}

/// Replaces the run with a scenario's (its text, or a trace's: the `load` this module put on
/// `window.raftlab` at its start reads either, `scenario_calls`).
pub fn load(scenario: &str) -> Result<(), String> {
    call("load", &JsValue::from_str(scenario)).map(drop)
}

/// Replaces the run with a scenario a person chose: the page shows its description and pauses
/// where its script ends.
pub fn watch(scenario: &str) -> Result<(), String> {
    call("watch", &JsValue::from_str(scenario)).map(drop)
}

/// The run as a trace file's text (one command a line, as `raftlab-cli` writes it) and the time
/// it reached.
pub fn export_trace(history: bool) -> Result<(String, u64), String> {
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"history".into(), &history.into());
    let trace = call("exportTrace", &options)?;
    let text = (JSON::stringify(&trace).ok())
        .and_then(|t| t.as_string())
        .ok_or("the page's trace is not JSON")?;
    let trace = Trace::parse(&text).map_err(|e| e.to_string())?;
    Ok((trace.to_json(), trace.time_ms))
}

/// Replaces the run with a trace's (its JSON text), paused at the trace's time.
pub fn import_trace(text: &str) -> Result<(), String> {
    call("importTrace", &JsValue::from_str(text)).map(drop)
}

pub fn request(request: &Request) -> Result<(), String> {
    call("command", &JsValue::from_str(&request.to_json())).map(drop)
}

pub fn play() -> Result<(), String> {
    call("play", &JsValue::UNDEFINED).map(drop)
}

pub fn pause() -> Result<(), String> {
    call("pause", &JsValue::UNDEFINED).map(drop)
}

/// Where the run stands (`window.raftlab.now()`, cheap however long the run): its current time,
/// the end of its timeline, and how many times its timeline was edited (a command, a rewind, a
/// new run): when that count moves, the run must be read again (`exportTrace`); and the steps
/// taken (events and commands: in step mode, where the run stands within a millisecond).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub time_ms: u64,
    pub end_ms: u64,
    pub edits: u64,
    pub steps: u64,
}

pub fn clock() -> Result<Clock, String> {
    let clock = call("now", &JsValue::UNDEFINED)?;
    let field = |key: &str| {
        Reflect::get(&clock, &key.into())
            .ok()
            .and_then(|v| v.as_f64())
    };
    match (
        field("time_ms"),
        field("end_ms"),
        field("edits"),
        field("steps"),
    ) {
        (Some(time), Some(end), Some(edits), Some(steps)) => Ok(Clock {
            time_ms: time as u64,
            end_ms: end as u64,
            edits: edits as u64,
            steps: steps as u64,
        }),
        _ => Err("the page's clock is not {time_ms, end_ms, edits, steps}".into()),
    }
}

/// The run as data to replay: its start configuration, every command with its time.
pub fn trace() -> Result<Trace, String> {
    let options = js_sys::Object::new();
    let trace = call("exportTrace", &options)?;
    let text = (JSON::stringify(&trace).ok())
        .and_then(|t| t.as_string())
        .ok_or("the page's trace is not JSON")?;
    Trace::parse(&text).map_err(|e| e.to_string())
}

/// Moves the run to simulated time `ms` (forwards or back).
pub fn seek(ms: u64) -> Result<(), String> {
    call("seek", &JsValue::from_f64(ms as f64)).map(drop)
}

/// Whose names the page gives the messages now.
pub fn naming() -> Result<Naming, String> {
    let result = call("names", &JsValue::UNDEFINED)?;
    let name = Reflect::get(&result, &"names".into()).ok();
    Ok(name
        .and_then(|n| n.as_string())
        .and_then(|n| Naming::from_name(&n))
        .unwrap_or_default())
}

/// Names the messages with the paper's words or etcd's, in every view of the page.
pub fn set_naming(naming: Naming) -> Result<(), String> {
    call("names", &JsValue::from_str(naming.name())).map(drop)
}
