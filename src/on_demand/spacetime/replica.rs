//! The module's own copy of the page's run: it records what the diagram draws, and judges
//! Learn mode's conditions (`holds`), so neither weighs on the page's first download.
//!
//! The page's simulator records nothing (it is built without the `replica` feature: the
//! records' code would weigh on the first download, docs/size.md). This module replays the
//! page's run instead, from the same configuration and commands (`exportTrace`): the seed
//! makes the copy exact, event for event. It follows the page's clock (`now()`), reads the
//! run again only when the page's timeline was edited (a command, a rewind, a new run), and
//! then applies only the new commands when the old ones are unchanged.

use super::super::page::{self, Clock};
use crate::sim::request::Request;
use crate::sim::scenario::lesson_run::condition_holds;
use crate::sim::state::Detail;
use crate::sim::Simulation;
use crate::sim::MAX_TIME_MS;
use js_sys::Reflect;
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub struct Replica {
    sim: Simulation,
    /// The page's count of edits this copy has taken in.
    edits: u64,
}

thread_local! {
    /// One copy for the module, made the first time the diagram, Learn mode, `spacetime()` or
    /// `holds()` needs it.
    static REPLICA: RefCell<Option<Replica>> = const { RefCell::new(None) };
}

/// Whether `old` is where `new` starts (each command at the same time).
fn is_prefix(old: &[(u64, Request)], new: &[(u64, Request)]) -> bool {
    old.len() <= new.len() && old.iter().zip(new).all(|(a, b)| a == b)
}

impl Replica {
    /// A copy of the page's run as it is now.
    fn read(clock: Clock, old: Option<Replica>) -> Result<Replica, String> {
        let trace = page::trace()?;
        let mut copy = match old {
            Some(mut copy)
                if copy.sim.start_config() == &trace.config
                    && is_prefix(&copy.sim.commands(), &trace.commands) =>
            {
                let known = copy.sim.commands().len();
                for (at_ms, request) in &trace.commands[known..] {
                    // A command given in the page's past forks the copy there too.
                    if *at_ms < copy.sim.now() {
                        copy.sim.seek(*at_ms);
                    }
                    copy.sim
                        .schedule(*at_ms, request.clone())
                        .map_err(|e| e.to_string())?;
                }
                copy
            }
            _ => Replica {
                sim: Simulation::replay(trace.config, &trace.commands)
                    .map_err(|e| e.to_string())?,
                edits: clock.edits,
            },
        };
        copy.edits = clock.edits;
        Ok(copy)
    }
}

/// `with` the copy of the page's run, brought to where the page stands (`clock`).
pub fn with_run<T>(clock: Clock, with: impl FnOnce(&Simulation) -> T) -> Result<T, String> {
    REPLICA.with(|cell| {
        let mut slot = cell.borrow_mut();
        let current = slot.as_ref().is_some_and(|r| r.edits == clock.edits);
        if !current {
            let old = slot.take();
            *slot = Some(Replica::read(clock, old)?);
        }
        let Some(replica) = slot.as_mut() else {
            return Err("no copy of the run".into());
        };
        // As far as the page's run has gone (after a seek back, the future it will replay),
        // then where it stands.
        if replica.sim.end_ms() < clock.end_ms {
            replica.sim.seek(clock.end_ms);
        }
        replica.sim.seek(clock.time_ms);
        // Step mode stops between events of one millisecond.
        replica.sim.seek_step(clock.steps);
        Ok(with(&replica.sim))
    })
}

/// Whether a condition in the scenario's `expect` vocabulary holds where the page's run stands,
/// judged by the simulator (the copy's: the same run, event for event).
pub fn holds(condition: &str) -> Result<bool, String> {
    with_run(page::clock()?, |sim| condition_holds(condition, sim))?.map_err(|e| e.to_string())
}

/// The copy's state without logs or history (with the rule behind each narrated event and each
/// message, which the page's own state leaves out), where the page's run stands.
pub fn light_state() -> Result<serde_json::Value, String> {
    with_run(page::clock()?, |sim| {
        serde_json::to_value(sim.state_with(Detail::LIGHT))
    })?
    .map_err(|e| e.to_string())
}

/// `window.raftlab.holds(condition)`: `{ok: true, holds}`, or `{ok: false, error}`.
fn holds_call(condition: JsValue) -> JsValue {
    let verdict = (condition.as_string())
        .ok_or_else(|| "holds takes a condition such as \"leader\"".to_string())
        .and_then(|text| holds(&text));
    let outcome = js_sys::Object::new();
    let _ = Reflect::set(&outcome, &"ok".into(), &verdict.is_ok().into());
    let _ = match verdict {
        Ok(holds) => Reflect::set(&outcome, &"holds".into(), &holds.into()),
        Err(error) => Reflect::set(&outcome, &"error".into(), &error.into()),
    };
    outcome.into()
}

/// `window.raftlab.spacetime(fromMs = 0, toMs = the end of the timeline, {heartbeats = true})`:
/// the records as plain JS values (docs/api.md), or `{ok: false, error}`. This module installs
/// it when it loads (the page's own API does not record).
fn spacetime_call(from: JsValue, to: JsValue, options: JsValue) -> JsValue {
    let time = |value: &JsValue, missing: u64| match value.as_f64() {
        _ if value.is_undefined() => Ok(missing),
        Some(ms) if ms.is_finite() && (0.0..=MAX_TIME_MS as f64).contains(&ms) => {
            Ok(ms.round() as u64)
        }
        _ => Err(format!(
            "spacetime takes two times in simulated ms, from 0 to {MAX_TIME_MS}"
        )),
    };
    let heartbeats = Reflect::get(&options, &"heartbeats".into())
        .ok()
        .and_then(|h| h.as_bool());
    let answer = page::clock().and_then(|clock| {
        let (from, to) = (time(&from, 0)?, time(&to, clock.end_ms)?);
        with_run(clock, |sim| {
            sim.spacetime_with(from, to, heartbeats != Some(false))
        })
    });
    match answer {
        Ok(window) => (serde_json::to_string(&window).ok())
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .unwrap_or(JsValue::NULL),
        Err(error) => {
            let outcome = js_sys::Object::new();
            let _ = Reflect::set(&outcome, &"ok".into(), &false.into());
            let _ = Reflect::set(&outcome, &"error".into(), &error.into());
            outcome.into()
        }
    }
}

thread_local! {
    static SPACETIME: Closure<dyn Fn(JsValue, JsValue, JsValue) -> JsValue> = Closure::new(spacetime_call);
    static HOLDS: Closure<dyn Fn(JsValue) -> JsValue> = Closure::new(holds_call);
}

/// Adds `spacetime` and `holds` to the page's `window.raftlab`.
pub fn install() {
    let api = web_sys::window().and_then(|w| Reflect::get(&w, &"raftlab".into()).ok());
    if let Some(api) = api.filter(JsValue::is_object) {
        SPACETIME.with(|call| {
            let _ = Reflect::set(&api, &"spacetime".into(), call.as_ref().unchecked_ref());
        });
        HOLDS.with(|call| {
            let _ = Reflect::set(&api, &"holds".into(), call.as_ref().unchecked_ref());
        });
    }
}
