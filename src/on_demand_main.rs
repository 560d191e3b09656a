//! The second module's entry point (src/on_demand: Learn mode, Settings, the keyboard help):
//! Trunk builds this binary to a WebAssembly module of its own, which www/on-demand.js fetches
//! the first time one of them is opened (the page's first download does not carry it:
//! docs/size.md).

#[cfg(target_arch = "wasm32")]
fn main() {
    raftlab::on_demand::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raftlab-on-demand is part of the browser build; run `make run` and press Learn");
    std::process::exit(2);
}
