//! The page's programming interface for embedding pages, scripts and tests:
//! `window.raftlab.{state, now, config, command, advance, seek, rewind, load, watch, pause, play,
//! exportTrace, importTrace, names}` and `postMessage`
//! (`{raftlab: {...command...}}`). Everything returns `{ok: true}` or `{ok: false, error}`;
//! nothing thrown, nothing changed on error.

use super::engine::{Engine, MAX_RUN_AT_ONCE_MS};
use crate::i18n::{fill, tr};
use crate::raft::Naming;
use crate::sim::horizon::{max_time_words, MAX_TIME_MS};
use crate::sim::request::Request;
use crate::sim::trace_file::Trace;
use gloo_events::EventListener;
use js_sys::{Object, Reflect, JSON};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// Keeps the API's closures alive while the app is mounted; dropping it removes
/// `window.raftlab` and the message listener.
pub struct Api {
    _closures: Vec<Closure<dyn Fn(JsValue) -> JsValue>>,
    _message_listener: Option<EventListener>,
}

impl Drop for Api {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = Reflect::delete_property(&window, &JsValue::from_str("raftlab"));
        }
    }
}

fn outcome(result: Result<(), String>) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"ok".into(), &JsValue::from_bool(result.is_ok()));
    if let Err(error) = result {
        let _ = Reflect::set(&object, &"error".into(), &JsValue::from_str(&error));
    }
    object.into()
}

/// Plain JS values, as `JSON.parse` makes them from the value's JSON (the state JSON contract,
/// read the same way by every consumer). Every integer is a plain number: none reaches 2^53 but
/// a seed, which is a string above it (sim/seed.rs). Not serde-wasm-bindgen: it measured 3 KB
/// heavier and slower on a large state (docs/size.md S5).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}

/// A command (or a `config`) from JS: an object, or its JSON text.
pub fn command_from_js(value: &JsValue) -> Result<Request, String> {
    if let Some(text) = value.as_string() {
        return Request::from_json(&text).map_err(|e| e.to_string());
    }
    let text = (value.is_object())
        .then(|| JSON::stringify(value).ok()?.as_string())
        .flatten()
        .ok_or("the command must be an object such as {cmd: \"crash\", node: 2}")?;
    Request::from_json(&text).map_err(|e| e.to_string())
}

fn advance_ms(value: &JsValue) -> Result<u64, String> {
    match value.as_f64() {
        Some(ms) if ms.is_finite() && (0.0..=MAX_RUN_AT_ONCE_MS as f64).contains(&ms) => {
            Ok(ms.round() as u64)
        }
        _ => Err(format!(
            "advance takes a number of simulated milliseconds from 0 to {MAX_RUN_AT_ONCE_MS}"
        )),
    }
}

/// `ms` if advancing by it from `now` stays within the largest simulated time (where the
/// simulation's clock stops).
fn within_horizon(now: u64, ms: u64) -> Result<u64, String> {
    if now.saturating_add(ms) <= MAX_TIME_MS {
        return Ok(ms);
    }
    Err(fill(
        tr("advancing {0} ms from {1} ms would pass the largest simulated time, {2}"),
        &[&ms, &now, &max_time_words()],
    ))
}

/// A JS argument as JSON text: a string as it is, an object stringified.
fn json_text(value: &JsValue) -> Option<String> {
    match value.as_string() {
        Some(text) => Some(text),
        None if value.is_object() => JSON::stringify(value).ok().and_then(|t| t.as_string()),
        None => None,
    }
}

/// What `load` and `watch` start from time 0: a scenario's script as a trace (a preset's
/// www/scenarios/NAME.json, `exportTrace()`'s object). A scenario's own text is read by the
/// second module, which replaces these two calls with ones that take it too (docs/api.md): the
/// scenario parser would weigh on the page's first download (docs/size.md).
fn script(value: &JsValue) -> Result<Trace, String> {
    let text = json_text(value).ok_or("load and watch take a scenario, as a trace or as text")?;
    if !text.trim_start().starts_with('{') {
        return Err("a scenario's text is read by the second module: \
                    await window.raftlabLoad() first (or pass the scenario as a trace)"
            .into());
    }
    super::share::read(&text)
}

/// `exportTrace({history})`: the run as a trace object (docs/trace-format.md). The whole
/// narration (`events`) is `raftlab-cli run TRACE.json --trace-out T --trace-events`'s: gathering
/// it in the page cost 1.3 KB the page's budget could not take.
fn export_trace(engine: &Engine, options: &JsValue) -> JsValue {
    let asked = |name: &str| {
        (options.is_object())
            .then(|| Reflect::get(options, &name.into()).ok()?.as_bool())
            .flatten()
            == Some(true)
    };
    let trace = engine.trace(asked("history"));
    JSON::parse(&trace.to_json()).unwrap_or(JsValue::NULL)
}

/// `importTrace(trace)`: a trace object, or its JSON text, replayed to its time (paused).
fn import_trace(engine: &Engine, value: &JsValue) -> Result<(), String> {
    let text = json_text(value)
        .ok_or("importTrace takes a trace: the object exportTrace returns, or its JSON")?;
    engine.import(&super::share::read(&text)?)
}

/// What the API calls act on: the simulation, and the page's way to show a scenario a person
/// chose (`watch`: its title and description, a pause where its script ends).
struct Page {
    engine: Rc<Engine>,
    on_watch: Callback<Trace, Result<(), String>>,
}

/// `{time_ms, end_ms, edits, steps}`: where the run stands, for a view that follows it many
/// times a second (`state()` is far bigger on a long run); `edits` counts the changes to its
/// timeline, `steps` the events and commands so far (several can share a millisecond).
fn clock(engine: &Engine) -> JsValue {
    let object = Object::new();
    for (key, value) in ["time_ms", "end_ms", "edits", "steps"]
        .into_iter()
        .zip(engine.clock())
    {
        let _ = Reflect::set(&object, &key.into(), &(value as f64).into());
    }
    object.into()
}

/// `names("etcd")` or `names("paper")`: whose names the page gives the messages;
/// `names()`: `{ok: true, names}`, the one in use.
fn names(engine: &Engine, value: &JsValue) -> JsValue {
    if value.is_undefined() {
        let object = outcome(Ok(()));
        let _ = Reflect::set(&object, &"names".into(), &engine.naming().name().into());
        return object;
    }
    let naming = (value.as_string())
        .and_then(|name| Naming::from_name(&name))
        .ok_or_else(|| "names takes \"paper\" or \"etcd\"".to_string());
    outcome(naming.map(|n| engine.set_naming(n)))
}

/// The calls the second module installs on `window.raftlab` (www/on-demand.js loads it to
/// answer them by `postMessage`).
const MODULE_CALLS: [&str; 2] = ["holds", "spacetime"];

/// One API call by name, shared by `window.raftlab` and `postMessage`.
fn call(page: &Page, name: &str, arg: &JsValue) -> JsValue {
    let engine = &page.engine;
    match name {
        // `state("light")`: without logs and history, cheap however long the run.
        "state" if arg.as_string().as_deref() == Some("light") => to_js(&engine.light_state()),
        "state" => to_js(&engine.state()),
        "now" => clock(engine),
        // The configuration as the `config` command that restarts with it (what Settings edits).
        "config" => {
            JSON::parse(&Request::Restart(engine.config()).to_json()).unwrap_or(JsValue::NULL)
        }
        "command" => outcome(command_from_js(arg).and_then(|r| engine.request(r))),
        "advance" => outcome(
            advance_ms(arg)
                .and_then(|ms| within_horizon(engine.now(), ms))
                .map(|ms| engine.advance(ms)),
        ),
        "seek" => outcome(advance_ms(arg).map(|ms| engine.seek(ms))),
        "rewind" => outcome(advance_ms(arg).map(|ms| engine.rewind(ms))),
        "load" => outcome(script(arg).and_then(|s| engine.load(&s))),
        "watch" => outcome(script(arg).and_then(|s| page.on_watch.emit(s))),
        "exportTrace" => export_trace(engine, arg),
        "importTrace" => outcome(import_trace(engine, arg)),
        "names" => names(engine, arg),
        "pause" => {
            engine.set_playing(false);
            outcome(Ok(()))
        }
        "play" => {
            engine.set_playing(true);
            outcome(Ok(()))
        }
        _ => outcome(Err(format!("unknown call {name}"))),
    }
}

const CALLS: [&str; 14] = [
    "state",
    "now",
    "config",
    "command",
    "advance",
    "seek",
    "rewind",
    "load",
    "watch",
    "pause",
    "play",
    "exportTrace",
    "importTrace",
    "names",
];

/// Installs `window.raftlab` and the `postMessage` listener; `on_watch` shows a scenario a
/// person chose (`watch`).
pub fn install(engine: Rc<Engine>, on_watch: Callback<Trace, Result<(), String>>) -> Api {
    let mut closures = Vec::new();
    let Some(window) = web_sys::window() else {
        return Api {
            _closures: closures,
            _message_listener: None,
        };
    };
    let page = Rc::new(Page { engine, on_watch });
    let api = Object::new();
    for name in CALLS {
        let page = page.clone();
        let closure =
            Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg| call(&page, name, &arg));
        let _ = Reflect::set(&api, &name.into(), closure.as_ref().unchecked_ref());
        closures.push(closure);
    }
    let _ = Reflect::set(&window, &"raftlab".into(), &api);
    let listener = EventListener::new(&window, "message", move |event| {
        if let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() {
            on_message(&page, event);
        }
    });
    tell_parent("ready", "", JsValue::UNDEFINED);
    Api {
        _closures: closures,
        _message_listener: Some(listener),
    }
}

/// `{raftlab: {cmd: ...}}`: a command; `{raftlab: {call: "advance", arg: 500}}`: an API call.
/// When the message carries an `id` (any JSON value), the sender gets a reply,
/// `{raftlab: {reply: id, ok, error}}` (and `value` for `state` and `config`). Anything that is not
/// `{raftlab: {...}}` is ignored: the page may share its window with other messages.
fn on_message(page: &Page, event: &web_sys::MessageEvent) {
    let Ok(payload) = Reflect::get(&event.data(), &"raftlab".into()) else {
        return;
    };
    if !payload.is_object() {
        return;
    }
    let field = |name: &str| Reflect::get(&payload, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let call_name = field("call").as_string();
    if call_name
        .as_deref()
        .is_some_and(|name| MODULE_CALLS.contains(&name))
    {
        return; // www/on-demand.js answers these, once the module has loaded.
    }
    let id = field("id");
    // The command itself does not carry the id (its fields are checked).
    let _ = Reflect::delete_property(&payload.clone().into(), &"id".into());
    let result = match call_name {
        Some(name) if CALLS.contains(&name.as_str()) => call(page, &name, &field("arg")),
        Some(name) => outcome(Err(format!("unknown call {name}"))),
        None => outcome(command_from_js(&payload).and_then(|r| page.engine.request(r))),
    };
    if id.is_undefined() {
        return;
    }
    // `state`, `now`, `config` and `exportTrace` return a value rather than an outcome.
    let reply = if Reflect::has(&result, &"ok".into()).unwrap_or(false) {
        result
    } else {
        let object = outcome(Ok(()));
        let _ = Reflect::set(&object, &"value".into(), &result);
        object
    };
    let _ = Reflect::set(&reply, &"reply".into(), &id);
    if let Some(source) = event.source() {
        post(&source, &reply, &event.origin());
    }
}

/// Posts `{raftlab: message}` to `target` (a window), for `origin`.
fn post(target: &JsValue, message: &JsValue, origin: &str) {
    let wrapped = Object::new();
    let _ = Reflect::set(&wrapped, &"raftlab".into(), message);
    let post_message = Reflect::get(target, &"postMessage".into()).ok();
    if let Some(f) = post_message.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let origin = if origin.is_empty() || origin == "null" {
            "*"
        } else {
            origin
        };
        let _ = f.call2(target, &wrapped, &JsValue::from_str(origin));
    }
}

/// Tells the page that embeds this one (if any) about `event`, with one `key: value`:
/// `{raftlab: {event: "leader", leader: 3}}` (docs/api.md). Nothing outside a frame.
pub fn tell_parent(event: &str, key: &str, value: JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parent = window.parent().ok().flatten();
    if let Some(parent) = parent.filter(|p| !JsValue::from(p.clone()).loose_eq(&window)) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"event".into(), &event.into());
        if !key.is_empty() {
            let _ = Reflect::set(&message, &key.into(), &value);
        }
        post(&parent, &message, "*");
    }
}
