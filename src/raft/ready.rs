//! What a node hands to its caller: messages to send, committed entries to apply, reads to serve
//! and events to narrate.

use serde::{Deserialize, Serialize};

use super::error::ReadError;
use super::event::Event;
use super::log::{Entry, Snapshot};
use super::message::Message;
use super::types::LogIndex;
pub use super::types::ReadMode;

/// The outcome of a client read. `Ok(read_index)` means "serve this read from your state machine
/// now": everything up to `read_index` has already been handed out as committed (for `Local`,
/// `read_index` is simply what is applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOutcome {
    pub id: u64,
    pub result: Result<LogIndex, ReadError>,
}

/// A read waiting on this node, for views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRead {
    pub id: u64,
    pub mode: ReadMode,
    /// The index the read waits for, once known.
    pub read_index: Option<LogIndex>,
}

/// Everything produced since the last [`Node::take_ready`](super::Node::take_ready).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Ready {
    /// Messages to send, in order.
    pub messages: Vec<Message>,
    /// A snapshot to restore the state machine from, before applying `committed` (the node
    /// installed it from its leader, or restarted from it; §7).
    pub snapshot: Option<Snapshot>,
    /// Newly committed entries, in log order; they count as applied once handed out.
    pub committed: Vec<Entry>,
    /// Reads ready to serve (after applying `committed`) or failed.
    pub reads: Vec<ReadOutcome>,
    /// State changes, in order, for narration.
    pub events: Vec<Event>,
}

impl Ready {
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
            && self.snapshot.is_none()
            && self.committed.is_empty()
            && self.reads.is_empty()
            && self.events.is_empty()
    }
}
