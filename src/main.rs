//! Browser entry point: Trunk builds this binary to WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {
    raftlab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raftlab is the browser build; run `make run`, or use `raftlab-cli` in a terminal");
    std::process::exit(2);
}
