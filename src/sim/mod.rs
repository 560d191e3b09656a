//! The simulated world around the Raft nodes: virtual time, the network, crashes, clients and
//! their key-value state machine, fault injection, checkers, the timeline and scenarios.

pub mod checker;
pub mod history;
pub mod scenario;

// The world (simulator) engineer's modules.
pub mod rng;
pub mod state;
