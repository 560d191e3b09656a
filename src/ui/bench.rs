//! Figure 2 of `make bench`: the simulator's standard workload run inside the page's own
//! release wasm, through the very function the CLI's `bench` runs natively, so the two numbers
//! compare the same work. Trunk puts the module's exports on `window.wasmBindings`; this is a
//! measuring hook, not part of the `window.raftlab` contract.

use crate::sim::bench::{run_workload, Workload};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// Runs the standard workload once, timed with `performance.now()`; returns the
/// `BenchReport` as a plain object.
#[wasm_bindgen]
pub fn bench_standard_workload() -> JsValue {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut wall_clock = || performance.as_ref().map_or(0.0, |p| p.now() / 1000.0);
    let report = run_workload(&Workload::standard(), &mut wall_clock);
    super::api::to_js(&report)
}
