//! The errors of the Raft layer: one enum per kind of request, comparable in tests.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::types::{LogIndex, NodeId, Term};
use crate::i18n::{fill, tr};

/// What is wrong with a [`Config`](super::Config).
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("id must be at least 1 (servers are numbered from 1)")]
    ZeroId,
    #[error("voters must not be empty")]
    NoVoters,
    #[error("there are {count} voters; a cluster has at most {max}")]
    TooManyVoters { count: usize, max: usize },
    #[error("voter id {0} is invalid: servers are numbered 1..=64")]
    InvalidVoter(NodeId),
    #[error("voter {0} appears more than once in voters")]
    DuplicateVoter(NodeId),
    #[error("id {id} must be one of the voters {voters:?}")]
    IdNotAVoter { id: NodeId, voters: Vec<NodeId> },
    #[error("election_timeout_ms must be greater than 0")]
    ZeroElectionTimeout,
    #[error("election_timeout_ms ({0}) is too large")]
    ElectionTimeoutTooLarge(u64),
    #[error("heartbeat_interval_ms must be greater than 0")]
    ZeroHeartbeatInterval,
    #[error(
        "heartbeat_interval_ms ({heartbeat}) must be less than election_timeout_ms ({election})"
    )]
    HeartbeatNotBelowElection { heartbeat: u64, election: u64 },
    #[error("max_entries_per_append must be at least 1")]
    ZeroBatch,
    /// The message leaves the value out: writing an `f64` would bring the float formatting code
    /// into the browser build (the simulator's own check, which runs first, shows it).
    #[error("lease_clock_drift_bound must be in [0, 1)")]
    DriftBoundOutOfRange(f64),
    #[error("snapshot_chunk_bytes must be at least 1")]
    ZeroSnapshotChunk,
}

/// Why a node could not compact its log (§7).
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum CompactError {
    /// A snapshot covers applied entries only: the state machine has not reached `index`.
    #[error("entry {index} is not applied yet (applied up to {applied}); a snapshot covers applied entries only")]
    NotApplied { index: LogIndex, applied: LogIndex },
    /// The log is already compacted up to `snapshot` (or further than `index`).
    #[error("the log is already compacted up to {snapshot}")]
    AlreadyCompacted { index: LogIndex, snapshot: LogIndex },
}

/// Why a proposal was not appended to the log.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ProposeError {
    /// Only the leader appends client commands (§5.3); the client should retry at the hint.
    #[error("{}", not_leader_text(*.leader_hint))]
    NotLeader { leader_hint: Option<NodeId> },
    /// The leader stops taking proposals while it hands leadership over (§3.10).
    #[error("leadership is being transferred to S{target}; retry shortly")]
    TransferInProgress { target: NodeId },
}

/// Why a configuration change was refused (§4). Nothing is appended and nothing changes.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ConfigChangeError {
    /// Only the leader appends configuration entries.
    #[error("{}", not_leader_text(*.leader_hint))]
    NotLeader { leader_hint: Option<NodeId> },
    /// The leader stops taking proposals while it hands leadership over (§3.10).
    #[error("leadership is being transferred to S{target}; retry shortly")]
    TransferInProgress { target: NodeId },
    /// One change at a time (§4.1): the configuration entry at `index` is not committed yet
    /// (in the joint phase, until C_new is).
    #[error(
        "the configuration change at index {index} is not committed yet; one change at a time"
    )]
    ChangePending { index: LogIndex },
    /// Ongaro's fix (raft-dev, 2015): a leader changes the configuration only once it has
    /// committed an entry of its own term.
    #[error("the leader has not yet committed an entry of its term {term}; a configuration change must wait for that")]
    NotCommittedInTerm { term: Term },
    #[error("server id {0} is invalid: servers are numbered 1..=64")]
    InvalidId(NodeId),
    #[error("S{0} is already a voter")]
    AlreadyVoter(NodeId),
    #[error("S{0} is already a learner")]
    AlreadyLearner(NodeId),
    #[error("S{0} is not a member of the configuration")]
    NotAMember(NodeId),
    #[error("S{0} is the last voter; a cluster needs at least one")]
    LastVoter(NodeId),
    #[error("a configuration needs at least one voter")]
    NoVoters,
    #[error("the voters are already {0}")]
    NoChange(String),
    #[error("the configuration would have {count} servers; a cluster has at most {max}")]
    TooManyMembers { count: usize, max: usize },
    #[error("the configuration is not joint; there is nothing to leave")]
    NotJoint,
}

/// Why a read cannot be served (either at once, from [`Node::read`](super::Node::read), or later,
/// in a [`ReadOutcome`](super::ReadOutcome)). The client should retry, at the hint if given.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ReadError {
    /// ReadIndex and lease reads are served by the leader (§6.4).
    #[error("{}", read_error_text(self))]
    NotLeader { leader_hint: Option<NodeId> },
    /// A follower read needs a leader to ask for the read index, and this node knows none.
    #[error("{}", read_error_text(self))]
    NoLeader,
    /// Read ids must strictly increase: `id` is not above `highest`, the highest id this node
    /// has accepted since it started. A reused id could be answered by a late reply meant for the
    /// earlier read, with that read's older read index.
    #[error("{}", read_error_text(self))]
    StaleId { id: u64, highest: u64 },
    /// The node stopped being leader (or its leader did) before the read could be confirmed.
    #[error("{}", read_error_text(self))]
    LeadershipLost,
    /// The read could not be confirmed in time (for example the leader is cut off from a majority).
    #[error("{}", read_error_text(self))]
    Timeout(u64),
}

/// A failed read in words, in the page's language: the narration tells it ("S2's read #3
/// fails: ...").
fn read_error_text(error: &ReadError) -> String {
    match error {
        ReadError::NotLeader { leader_hint } => not_leader_text(*leader_hint),
        ReadError::NoLeader => {
            tr("no known leader to ask for a read index; retry later").to_string()
        }
        ReadError::StaleId { id, highest } => fill(
            tr("read id {0} is not above {1}, the highest read id this node has accepted; read ids must strictly increase"),
            &[id, highest],
        ),
        ReadError::LeadershipLost => {
            tr("leadership was lost before the read could be confirmed; retry").to_string()
        }
        ReadError::Timeout(ms) => {
            fill(tr("the read was not confirmed within {0} ms; retry"), &[ms])
        }
    }
}

/// Why a leadership transfer could not start (§3.10).
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum TransferError {
    #[error("{}", not_leader_text(*.leader_hint))]
    NotLeader { leader_hint: Option<NodeId> },
    #[error("S{0} is already the leader")]
    ToSelf(NodeId),
    #[error("S{0} is not a voter of this cluster")]
    UnknownNode(NodeId),
    #[error("a transfer to S{target} is already in progress")]
    InProgress { target: NodeId },
}

fn not_leader_text(hint: Option<NodeId>) -> String {
    match hint {
        Some(l) => fill(tr("not the leader; try S{0}"), &[&l]),
        None => tr("not the leader, and no leader is known").to_string(),
    }
}

/// Convenience alias for results of index-returning requests.
pub type ProposeResult = Result<LogIndex, ProposeError>;
