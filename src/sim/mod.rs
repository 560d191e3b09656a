//! The simulated world around the Raft nodes: virtual time, the network, crashes, clients and
//! their key-value state machine, fault injection, checkers, the timeline and scenarios.

pub mod checker;
pub mod history;
pub mod scenario;

// The world: virtual time, network, clients, timeline (see simulation.rs for the public API).
pub mod clock;
pub mod command;
pub mod config;
pub mod error;
pub mod kv;
pub mod network;
pub mod rng;
pub mod state;
