//! Figure 2 of `make bench` (src/ui/bench.rs): the simulator's standard workload in the
//! browser's release wasm, exported as `bench_standard_workload`. Trunk builds this binary beside
//! the page's; the page never loads it (the benchmark and a smoke test import `raftlab-bench.js`
//! themselves), so the page's first download does not carry the export (1.1 KB, docs/size.md).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_standard_workload() -> wasm_bindgen::JsValue {
    raftlab::ui::bench::standard_workload()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raftlab-bench is part of the browser build; run `make bench`");
    std::process::exit(2);
}
