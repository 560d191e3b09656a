//! Figure 2 of `make bench`: the simulator's standard workload run inside the page's own
//! release wasm, through the very function the CLI's `bench` runs natively, so the two numbers
//! compare the same work. A binary of its own exports it (src/bench_main.rs, `raftlab-bench.js`
//! beside the page), which the benchmark imports; it is a measuring hook, not part of the
//! `window.raftlab` contract. (An export of this library would be kept in every binary, the
//! page's and the second module's too, and with it the whole simulator.)

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
