//! Browser entry point: Trunk builds this binary to WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {
    raftlab::ui::start();
}

/// Figure 2 of `make bench` (src/ui/bench.rs), exported by the page's binary alone.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_standard_workload() -> wasm_bindgen::JsValue {
    raftlab::ui::bench::standard_workload()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raftlab is the browser build; run `make run`, or use `raftlab-cli` in a terminal");
    std::process::exit(2);
}
