//! Raftlab: a Raft consensus playground.
//!
//! Layers, each depending only on the ones above it:
//! - [`raft`]: one node's protocol state machine, pure and deterministic;
//! - [`sim`]: the world around the nodes (virtual time, network, clients, checkers, timeline);
//! - [`i18n`]: the words in the page's language (English in the code, Chinese in a catalogue);
//! - `ui`: Yew components (browser build only);
//! - `on_demand`: what the first screen does not show (Learn mode, Settings, the keyboard help),
//!   a second browser module that drives the page through `window.raftlab`.

pub mod i18n;
pub mod raft;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod on_demand;

// The browser build's allocator: Talc, made for WebAssembly, in place of the standard library's
// dlmalloc. It is smaller (docs/size.md, B4) and faster (bench figure 2).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
