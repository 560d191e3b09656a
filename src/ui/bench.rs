//! Figure 2 of `make bench`: the simulator's standard workload run inside the page's own
//! release wasm, through the very function the CLI's `bench` runs natively, so the two numbers
//! compare the same work. The page's binary (src/main.rs) exports it, and Trunk puts the
//! module's exports on `window.wasmBindings`; this is a measuring hook, not part of the
//! `window.raftlab` contract. (An export of this library would be kept in every binary, Learn
//! mode's module too, and with it the whole simulator.)

use crate::sim::bench::{run_workload, Workload};
use wasm_bindgen::JsValue;

/// Runs the standard workload once, timed with `performance.now()`; returns the
/// `BenchReport` as a plain object.
pub fn standard_workload() -> JsValue {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut wall_clock = || performance.as_ref().map_or(0.0, |p| p.now() / 1000.0);
    let report = run_workload(&Workload::standard(), &mut wall_clock);
    super::api::to_js(&report)
}
