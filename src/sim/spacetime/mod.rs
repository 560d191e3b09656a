//! The space-time diagram's records (issue 15): what each server was (role and term, or
//! crashed) and when, every message from its send to its end (delivered or lost, and how), the
//! commit and apply marks of each server, and the client operations with the servers that
//! accepted them (the operations themselves are the client history's). `Simulation::spacetime(from_ms, to_ms)` returns what overlaps a window of
//! time; the second module draws it (src/on_demand/spacetime).
//!
//! - [`record`]: the world's side. A [`record::Recorder`] lives in the world (so a checkpoint
//!   copies its few fields and a replay rebuilds them) and writes down facts as steps happen;
//!   each fact carries the position of the step that made it.
//! - [`store`]: the simulation's side. [`Spacetime`] keeps the facts, outside the world, so a
//!   checkpoint does not copy them. A replay after a seek makes the same facts again
//!   (the seed makes it exact): the store keeps only those of positions past the furthest it
//!   has, so seeking back and forth records nothing twice. A fork (a command in the past,
//!   `rewind`) discards the records of the future it drops, and reopens what was still open at
//!   the fork: messages in flight, roles held.
//! - Memory: at most [`store::MAX_MESSAGES`] messages (104 bytes each: 15 MB) and bounded
//!   counts of the rest; past them the oldest quarter goes, and [`Window::recorded_from_ms`]
//!   says from when the records are whole.

pub mod life;
#[cfg(feature = "replica")]
pub mod record;
#[cfg(feature = "replica")]
pub mod store;
// The page's own binary is built without the feature (Cargo.toml, index.html): it does not draw
// the diagram, and the records' code would weigh on its first download (docs/size.md). There
// the recorder and the store are stand-ins that note and keep nothing.
#[cfg(not(feature = "replica"))]
mod off;
#[cfg(not(feature = "replica"))]
pub use off::{record, store};

pub use store::Spacetime;

use super::state::OperationState;
use crate::raft::MessageKind;
use serde::{Deserialize, Serialize};

/// What a server's lane shows for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneState {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
    Crashed,
    /// Not a server of the run (yet, or any more after a restart with fewer servers).
    #[default]
    Absent,
}

/// How a message's life ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    Delivered,
    /// Random loss took it (it vanishes half way).
    Lost,
    /// A partition or a cut lay between the servers: at its send (it never left, and ends
    /// where it started) or at its arrival.
    Partitioned,
    /// Its sender crashed after sending it.
    SenderDown,
    /// Its receiver was down when it arrived.
    ReceiverDown,
    /// Dropped by hand (`drop_message`), or still in flight when the cluster restarted.
    Dropped,
}

/// A mark on a server's lane: its commit index advanced, or it applied entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    Commit,
    Apply,
}

/// A stretch of a server's lane in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub server: u64,
    pub state: LaneState,
    /// The server's current term (while crashed: the term it keeps on disk).
    pub term: u64,
    pub from_ms: u64,
    /// None: still so at the end of the records.
    pub to_ms: Option<u64>,
}

/// One message, from its send to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrow {
    /// The message's id on the wire (as in the state's `in_flight`); 0 for a message a
    /// partition stopped at its send, which never had one.
    pub id: u64,
    pub kind: MessageKind,
    pub from: u64,
    pub to: u64,
    pub term: u64,
    /// The log index it is about: AppendEntries its last entry (or, as a heartbeat, the index
    /// before it), a reply to it the matching index, a vote request the candidate's last
    /// index, InstallSnapshot the snapshot's, a ReadIndex reply the read index.
    pub index: u64,
    /// Entries carried (AppendEntries).
    pub entries: u64,
    /// A reply: granted, accepted or answered (None for a request).
    pub success: Option<bool>,
    /// A heartbeat, or a heartbeat's successful reply: routine traffic a filter may hide.
    pub heartbeat: bool,
    pub sent_ms: u64,
    /// When it was due to arrive (for a message random loss took: when it vanishes).
    pub due_ms: u64,
    /// When it was delivered or lost; None while in flight.
    pub end_ms: Option<u64>,
    pub fate: Option<Fate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub server: u64,
    pub kind: MarkKind,
    pub at_ms: u64,
    /// The indexes it covers: newly committed, or applied, `from_index..=index`.
    pub from_index: u64,
    pub index: u64,
}

/// A server took a client's request: a leader appended a write at `index`, or a server took
/// a read (`index` 0) to serve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accept {
    pub server: u64,
    pub at_ms: u64,
    pub index: u64,
}

/// A client operation (as the state's `history` lists it) and the servers that took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientOp {
    pub operation: OperationState,
    pub accepted: Vec<Accept>,
}

/// What overlaps a window of time: `window.raftlab.spacetime(fromMs, toMs)` (docs/api.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from_ms: u64,
    pub to_ms: u64,
    /// The simulation's current time and the end of its timeline (records may reach past the
    /// current time after a seek back: the future the run will replay).
    pub time_ms: u64,
    pub end_ms: u64,
    /// Records are whole from this time on (older ones were let go to bound memory).
    pub recorded_from_ms: u64,
    /// Servers S1..S`servers` have had a lane.
    pub servers: u64,
    pub bands: Vec<Band>,
    /// By send time.
    pub messages: Vec<Arrow>,
    /// By time.
    pub marks: Vec<Mark>,
    /// By invoke time: the client history until the current time (the operations of the run's
    /// current cluster: a restart in place starts a new history).
    pub ops: Vec<ClientOp>,
}

#[cfg(all(test, feature = "replica"))]
mod tests;
