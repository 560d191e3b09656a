//! Learn mode's entry point: Trunk builds this binary to a WebAssembly module of its own, which
//! www/learn.js fetches when a learner first opens Learn mode (the page's first download does
//! not carry it: docs/size.md).

#[cfg(target_arch = "wasm32")]
fn main() {
    raftlab::learn::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raftlab-learn is part of the browser build; run `make run` and press Learn");
    std::process::exit(2);
}
