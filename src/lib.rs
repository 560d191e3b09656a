//! Raftlab: a Raft consensus playground.
//!
//! Layers, each depending only on the ones above it:
//! - [`raft`]: one node's protocol state machine, pure and deterministic;
//! - [`sim`]: the world around the nodes (virtual time, network, clients, checkers, timeline);
//! - `ui`: Yew components (browser build only).

pub mod raft;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
