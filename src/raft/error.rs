//! The errors of the Raft layer: one enum per kind of request, comparable in tests.
//!
//! Each is put into words when it is shown, in the language spoken then: one function per enum
//! picks the sentence (`key`) and its values, and translates it once (docs/i18n.md, "Errors").

use serde::{Deserialize, Serialize};

use super::types::{LogIndex, NodeId, Term};
use crate::i18n::{display_in_words, key, say, tr, Sentence};

/// What is wrong with a [`Config`](super::Config).
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    ZeroId,
    NoVoters,
    TooManyVoters {
        count: usize,
        max: usize,
    },
    InvalidVoter(NodeId),
    DuplicateVoter(NodeId),
    IdNotAVoter {
        id: NodeId,
        voters: Vec<NodeId>,
    },
    ZeroElectionTimeout,
    ElectionTimeoutTooLarge(u64),
    ZeroHeartbeatInterval,
    HeartbeatNotBelowElection {
        heartbeat: u64,
        election: u64,
    },
    ZeroBatch,
    /// The message leaves the value out: writing an `f64` would bring the float formatting code
    /// into the browser build (the simulator's own check, which runs first, shows it).
    DriftBoundOutOfRange(f64),
    ZeroSnapshotChunk,
}

/// Why a node could not compact its log (§7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum CompactError {
    /// A snapshot covers applied entries only: the state machine has not reached `index`.
    NotApplied { index: LogIndex, applied: LogIndex },
    /// The log is already compacted up to `snapshot` (or further than `index`).
    AlreadyCompacted { index: LogIndex, snapshot: LogIndex },
}

/// Why a proposal was not appended to the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ProposeError {
    /// Only the leader appends client commands (§5.3); the client should retry at the hint.
    NotLeader { leader_hint: Option<NodeId> },
    /// The leader stops taking proposals while it hands leadership over (§3.10).
    TransferInProgress { target: NodeId },
}

/// Why a configuration change was refused (§4). Nothing is appended and nothing changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ConfigChangeError {
    /// Only the leader appends configuration entries.
    NotLeader {
        leader_hint: Option<NodeId>,
    },
    /// The leader stops taking proposals while it hands leadership over (§3.10).
    TransferInProgress {
        target: NodeId,
    },
    /// One change at a time (§4.1): the configuration entry at `index` is not committed yet
    /// (in the joint phase, until C_new is).
    ChangePending {
        index: LogIndex,
    },
    /// Ongaro's fix (raft-dev, 2015): a leader changes the configuration only once it has
    /// committed an entry of its own term.
    NotCommittedInTerm {
        term: Term,
    },
    InvalidId(NodeId),
    AlreadyVoter(NodeId),
    AlreadyLearner(NodeId),
    NotAMember(NodeId),
    LastVoter(NodeId),
    NoVoters,
    NoChange(String),
    TooManyMembers {
        count: usize,
        max: usize,
    },
    NotJoint,
}

/// Why a read cannot be served (either at once, from [`Node::read`](super::Node::read), or later,
/// in a [`ReadOutcome`](super::ReadOutcome)). The client should retry, at the hint if given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ReadError {
    /// ReadIndex and lease reads are served by the leader (§6.4).
    NotLeader { leader_hint: Option<NodeId> },
    /// A follower read needs a leader to ask for the read index, and this node knows none.
    NoLeader,
    /// Read ids must strictly increase: `id` is not above `highest`, the highest id this node
    /// has accepted since it started. A reused id could be answered by a late reply meant for the
    /// earlier read, with that read's older read index.
    StaleId { id: u64, highest: u64 },
    /// The node stopped being leader (or its leader did) before the read could be confirmed.
    LeadershipLost,
    /// The read could not be confirmed in time (for example the leader is cut off from a majority).
    Timeout(u64),
}

/// Why a leadership transfer could not start (§3.10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum TransferError {
    NotLeader { leader_hint: Option<NodeId> },
    ToSelf(NodeId),
    UnknownNode(NodeId),
    InProgress { target: NodeId },
}

display_in_words!(
    ConfigError => config_error_text,
    CompactError => compact_error_text,
    ProposeError => propose_error_text,
    ConfigChangeError => config_change_error_text,
    ReadError => read_error_text,
    TransferError => transfer_error_text,
);

fn config_error_text(error: &ConfigError) -> String {
    use ConfigError::*;
    let voters;
    let words: Sentence = match error {
        ZeroId => (
            key("id must be at least 1 (servers are numbered from 1)"),
            &[],
        ),
        NoVoters => (key("voters must not be empty"), &[]),
        TooManyVoters { count, max } => (
            key("there are {0} voters; a cluster has at most {1}"),
            &[count, max],
        ),
        InvalidVoter(id) => (
            key("voter id {0} is invalid: servers are numbered 1..=64"),
            &[id],
        ),
        DuplicateVoter(id) => (key("voter {0} appears more than once in voters"), &[id]),
        IdNotAVoter { id, voters: list } => {
            voters = format!("{list:?}");
            (key("id {0} must be one of the voters {1}"), &[id, &voters])
        }
        ZeroElectionTimeout => (key("election_timeout_ms must be greater than 0"), &[]),
        ElectionTimeoutTooLarge(ms) => (key("election_timeout_ms ({0}) is too large"), &[ms]),
        ZeroHeartbeatInterval => (key("heartbeat_interval_ms must be greater than 0"), &[]),
        HeartbeatNotBelowElection {
            heartbeat,
            election,
        } => (
            key("heartbeat_interval_ms ({0}) must be less than election_timeout_ms ({1})"),
            &[heartbeat, election],
        ),
        ZeroBatch => (key("max_entries_per_append must be at least 1"), &[]),
        DriftBoundOutOfRange(_) => (key("lease_clock_drift_bound must be in [0, 1)"), &[]),
        ZeroSnapshotChunk => (key("snapshot_chunk_bytes must be at least 1"), &[]),
    };
    say(words)
}

fn compact_error_text(error: &CompactError) -> String {
    let words: Sentence = match error {
        CompactError::NotApplied { index, applied } => (
            key("entry {0} is not applied yet (applied up to {1}); a snapshot covers applied entries only"),
            &[index, applied],
        ),
        CompactError::AlreadyCompacted { snapshot, .. } => {
            (key("the log is already compacted up to {0}"), &[snapshot])
        }
    };
    say(words)
}

fn propose_error_text(error: &ProposeError) -> String {
    match error {
        ProposeError::NotLeader { leader_hint } => not_leader_text(*leader_hint),
        ProposeError::TransferInProgress { target } => transfer_in_progress_text(*target),
    }
}

/// The leader stops taking proposals while it hands leadership over (§3.10).
fn transfer_in_progress_text(target: NodeId) -> String {
    say((
        key("leadership is being transferred to S{0}; retry shortly"),
        &[&target],
    ))
}

fn config_change_error_text(error: &ConfigChangeError) -> String {
    use ConfigChangeError::*;
    let words: Sentence = match error {
        NotLeader { leader_hint } => return not_leader_text(*leader_hint),
        TransferInProgress { target } => return transfer_in_progress_text(*target),
        ChangePending { index } => (
            key("the configuration change at index {0} is not committed yet; one change at a time"),
            &[index],
        ),
        NotCommittedInTerm { term } => (
            key("the leader has not yet committed an entry of its term {0}; a configuration change must wait for that"),
            &[term],
        ),
        InvalidId(id) => (
            key("server id {0} is invalid: servers are numbered 1..=64"),
            &[id],
        ),
        AlreadyVoter(id) => (key("S{0} is already a voter"), &[id]),
        AlreadyLearner(id) => (key("S{0} is already a learner"), &[id]),
        NotAMember(id) => (key("S{0} is not a member of the configuration"), &[id]),
        LastVoter(id) => (
            key("S{0} is the last voter; a cluster needs at least one"),
            &[id],
        ),
        NoVoters => (key("a configuration needs at least one voter"), &[]),
        NoChange(voters) => (key("the voters are already {0}"), &[voters]),
        TooManyMembers { count, max } => (
            key("the configuration would have {0} servers; a cluster has at most {1}"),
            &[count, max],
        ),
        NotJoint => (
            key("the configuration is not joint; there is nothing to leave"),
            &[],
        ),
    };
    say(words)
}

/// A failed read in words: the narration tells it ("S2's read #3 fails: ...").
fn read_error_text(error: &ReadError) -> String {
    let words: Sentence = match error {
        ReadError::NotLeader { leader_hint } => return not_leader_text(*leader_hint),
        ReadError::NoLeader => (
            key("no known leader to ask for a read index; retry later"),
            &[],
        ),
        ReadError::StaleId { id, highest } => (
            key("read id {0} is not above {1}, the highest read id this node has accepted; read ids must strictly increase"),
            &[id, highest],
        ),
        ReadError::LeadershipLost => (
            key("leadership was lost before the read could be confirmed; retry"),
            &[],
        ),
        ReadError::Timeout(ms) => (key("the read was not confirmed within {0} ms; retry"), &[ms]),
    };
    say(words)
}

fn transfer_error_text(error: &TransferError) -> String {
    let words: Sentence = match error {
        TransferError::NotLeader { leader_hint } => return not_leader_text(*leader_hint),
        TransferError::ToSelf(id) => (key("S{0} is already the leader"), &[id]),
        TransferError::UnknownNode(id) => (key("S{0} is not a voter of this cluster"), &[id]),
        TransferError::InProgress { target } => {
            (key("a transfer to S{0} is already in progress"), &[target])
        }
    };
    say(words)
}

fn not_leader_text(hint: Option<NodeId>) -> String {
    match hint {
        Some(l) => say((key("not the leader; try S{0}"), &[&l])),
        None => tr("not the leader, and no leader is known").to_string(),
    }
}

/// Convenience alias for results of index-returning requests.
pub type ProposeResult = Result<LogIndex, ProposeError>;
