//! The simulated world around the Raft nodes: virtual time, the network, crashes, clients and
//! their key-value state machine, fault injection, checkers, the timeline and scenarios.

pub mod checker;
pub mod history;
pub mod json_string;
pub mod scenario;

// The world: virtual time, network, clients, timeline (see simulation.rs for the public API).
pub mod bench;
pub mod chaos;
pub mod clock;
pub mod command;
pub mod config;
pub mod decimal;
pub mod error;
pub mod horizon;
pub mod kv;
pub mod network;
pub mod request;
pub mod rng;
pub mod seed;
pub mod simulation;
pub mod sorted_set;
pub mod spacetime;
pub mod state;
pub mod timeline;
pub mod trace_file;

mod clients;
mod cluster_checks;
mod fingerprint;
mod membership;
mod narration;
mod observers;
mod servers;
mod trace;
mod view;
mod world;

pub use command::Command;
pub use config::SimConfig;
pub use error::SimError;
pub use horizon::{check_time_ms, MAX_TIME_MS};
pub use request::Request;
pub use simulation::Simulation;
pub use state::State;
