//! `window.raftlab.load(text)` and `watch(text)` for a scenario's text. The page's own two calls
//! take a scenario's script as a trace only (`Trace::of_scenario`: the presets' .json files),
//! because the scenario parser would weigh on its first download (docs/size.md). This module
//! carries the parser, so when it loads it puts calls in their place that take the text too and
//! hand the page the trace its own calls take.

use crate::sim::scenario::Scenario;
use crate::sim::trace_file::{looks_like_trace, Trace};
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A scenario's text (or a trace's, left as it is) as the page's own calls take it.
fn as_script(scenario: &str) -> Result<String, String> {
    if looks_like_trace(scenario) {
        return Ok(scenario.to_string());
    }
    let parsed = Scenario::parse(scenario).map_err(|e| e.to_string())?;
    let script = Trace::of_scenario(&parsed).map_err(|e| e.to_string())?;
    Ok(script.to_json())
}

/// The page's own calls, by name.
const NAMES: [&str; 2] = ["load", "watch"];

thread_local! {
    static PAGE_CALLS: RefCell<Option<[Function; 2]>> = const { RefCell::new(None) };
    static CALLS: [Closure<dyn Fn(JsValue) -> JsValue>; 2] = [
        Closure::new(|arg| scenario_call(0, arg)),
        Closure::new(|arg| scenario_call(1, arg)),
    ];
}

fn scenario_call(which: usize, arg: JsValue) -> JsValue {
    let arg = match arg.as_string().map(|text| as_script(&text)) {
        Some(Ok(script)) => JsValue::from_str(&script),
        Some(Err(error)) => {
            let outcome = js_sys::Object::new();
            let _ = Reflect::set(&outcome, &"ok".into(), &false.into());
            let _ = Reflect::set(&outcome, &"error".into(), &error.into());
            return outcome.into();
        }
        None => arg,
    };
    PAGE_CALLS.with(|calls| match calls.borrow().as_ref() {
        Some(calls) => calls[which]
            .call1(&JsValue::UNDEFINED, &arg)
            .unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    })
}

/// Puts the calls that take a scenario's text in place of the page's `load` and `watch`.
pub fn install() {
    let api = web_sys::window().and_then(|w| Reflect::get(&w, &"raftlab".into()).ok());
    let Some(api) = api.filter(JsValue::is_object) else {
        return;
    };
    let page_calls = NAMES.map(|name| {
        (Reflect::get(&api, &name.into()).ok()).and_then(|f| f.dyn_into::<Function>().ok())
    });
    let [Some(load), Some(watch)] = page_calls else {
        return;
    };
    PAGE_CALLS.with(|calls| *calls.borrow_mut() = Some([load, watch]));
    CALLS.with(|calls| {
        for (name, call) in NAMES.iter().zip(calls) {
            let _ = Reflect::set(&api, &(*name).into(), call.as_ref().unchecked_ref());
        }
    });
}
