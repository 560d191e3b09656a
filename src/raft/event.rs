//! State changes of a node, for the narration, the CLI and tests; their sentences are in
//! event_text.rs.

use serde::{Deserialize, Serialize};

use super::error::ReadError;
use super::membership::{ConfigEntry, Membership};
use super::message::VoteRefusal;
use super::node_set::NodeSet;
use super::types::{LogIndex, NodeId, ReadMode, Term};

/// Why a node became (or stayed) a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum FollowerCause {
    /// The node started or restarted from its persistent state.
    Started,
    /// A message from `from` carried a higher term (§5.1: step down on any higher term).
    HigherTerm { from: NodeId },
    /// A leader for its own term appeared (§5.2: a candidate that hears from the leader steps down).
    LeaderFound { leader: NodeId },
    /// A majority refused its votes.
    ElectionLost,
    /// A majority refused its pre-votes (§9.6).
    PreVoteLost,
    /// CheckQuorum: a leader that has not heard from a majority for an election timeout steps down (§6.2).
    CheckQuorum,
    /// A leader not in C_new steps down once C_new (at `index`) is committed (§4.2.2).
    RemovedFromConfig { index: LogIndex },
}

/// Why a node started an election (or a pre-vote).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum CampaignCause {
    /// Its election timer fired (§5.2).
    ElectionTimeout,
    /// Someone fired its election timer by hand.
    Forced,
    /// A majority granted its pre-votes (§9.6).
    PreVoteWon,
    /// The leader asked it to take over (§3.10).
    TimeoutNow { from: NodeId },
}

/// Why a leadership transfer ended without success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferEnd {
    /// The target did not take over within an election timeout (§3.10).
    TimedOut,
    /// The leader stepped down before it completed.
    LeaderSteppedDown,
}

/// Why a leader cannot serve a lease read from its lease (§6.4.1), as data: the narration
/// words it, in whatever language it speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaseUnusable {
    /// Without CheckQuorum followers may elect a new leader at any time.
    NoCheckQuorum,
    /// It sent TimeoutNow in this term: the successor's election ignores §4.2.3.
    HandedOver,
    /// Nothing of its term is committed yet, so its commit index may be stale (§6.4).
    NothingCommittedInTerm,
    /// No majority acknowledged a round recent enough.
    Expired,
}

impl LeaseUnusable {
    pub fn describe(self) -> &'static str {
        match self {
            LeaseUnusable::NoCheckQuorum => {
                "CheckQuorum is off, so followers may elect a new leader at any time"
            }
            LeaseUnusable::HandedOver => "it handed leadership over in this term",
            LeaseUnusable::NothingCommittedInTerm => {
                "it has not yet committed an entry of its term"
            }
            LeaseUnusable::Expired => "its lease has expired",
        }
    }
}

/// A state change of node `node`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    BecameFollower {
        node: NodeId,
        term: Term,
        leader: Option<NodeId>,
        cause: FollowerCause,
    },
    BecamePreCandidate {
        node: NodeId,
        term: Term,
        cause: CampaignCause,
    },
    BecameCandidate {
        node: NodeId,
        term: Term,
        cause: CampaignCause,
        /// It was a candidate already: its election ended with no winner (a split vote, or
        /// votes lost), so its timer starts a new one (§5.2).
        #[serde(default)]
        again: bool,
    },
    BecameLeader {
        node: NodeId,
        term: Term,
        votes: Vec<NodeId>,
    },
    /// A follower learned who leads its term.
    LeaderKnown {
        node: NodeId,
        term: Term,
        leader: NodeId,
    },
    /// The node compacted its log: a snapshot now stands for every entry up to `index` (§7).
    Compacted {
        node: NodeId,
        index: LogIndex,
        term: Term,
    },
    /// The leader sent `to` its snapshot: `to` needs entries the leader compacted away (§7).
    /// `attempt` counts the sendings in a row `to` has not answered (1: the first).
    SnapshotSent {
        node: NodeId,
        to: NodeId,
        index: LogIndex,
        term: Term,
        bytes: u64,
        attempt: u32,
    },
    /// A follower installed the leader's snapshot (Figure 13): its state machine restarts from
    /// it; entries after it were kept if its log held the snapshot's last entry.
    SnapshotInstalled {
        node: NodeId,
        leader: NodeId,
        index: LogIndex,
        term: Term,
        kept_entries: bool,
    },
    /// A vote was granted and persisted (§5.2).
    Voted {
        node: NodeId,
        candidate: NodeId,
        term: Term,
    },
    /// A vote was refused, and why (§5.2 one vote per term, §5.4.1 the election restriction,
    /// §4.2.3 a leader still alive). Refusals of a request from an older term are not told.
    VoteRefused {
        node: NodeId,
        candidate: NodeId,
        term: Term,
        reason: VoteRefusal,
    },
    /// A vote request was ignored because a leader was heard from recently (§4.2.3).
    VoteRequestIgnored {
        node: NodeId,
        candidate: NodeId,
        term: Term,
        leader: NodeId,
    },
    /// A vote request was ignored because this node restarted less than an election timeout
    /// ago and may have acknowledged a leader just before (CheckQuorum, §6.4.1).
    VoteRequestIgnoredAfterRestart {
        node: NodeId,
        candidate: NodeId,
        term: Term,
    },
    /// A timer fired on a node that has no use for it (e.g. a forced timeout on the leader).
    TimeoutIgnored {
        node: NodeId,
        term: Term,
    },
    /// A forced timeout that would break a leader's lease (CheckQuorum, §6.4.1): the election
    /// timer is set to fire in `wait_ms` instead, once nothing can count on this node any more.
    /// `leader` is the leader it heard from recently; None when it restarted recently.
    TimeoutDeferred {
        node: NodeId,
        term: Term,
        wait_ms: u64,
        leader: Option<NodeId>,
    },
    /// The leader appended a client command (§5.3).
    Proposed {
        node: NodeId,
        index: LogIndex,
        term: Term,
    },
    /// The commit index advanced (§5.4.2 on the leader, leader_commit on followers).
    CommitAdvanced {
        node: NodeId,
        from: LogIndex,
        to: LogIndex,
        /// The leader it learned the commit index from; None when it is the leader itself,
        /// which counted a majority (§5.3).
        told_by: Option<NodeId>,
        /// It came with the leader's snapshot, installed (§7), not with AppendEntries.
        #[serde(default)]
        snapshot: bool,
    },
    /// Conflicting entries were removed so the log matches the leader's (§5.3).
    EntriesTruncated {
        node: NodeId,
        from: LogIndex,
        count: u64,
    },
    /// A COMMITTED entry was removed: a safety violation, only possible with a quirk on.
    CommittedEntryOverwritten {
        node: NodeId,
        index: LogIndex,
        old_term: Term,
        new_term: Term,
    },
    TransferStarted {
        node: NodeId,
        target: NodeId,
    },
    /// The leader appended a configuration entry (§4): in force on it at once (§4.1).
    ConfigChangeProposed {
        node: NodeId,
        index: LogIndex,
        term: Term,
        entry: ConfigEntry,
        /// Before the leader committed an entry of its own term: only the quirk
        /// `config_change_without_own_term_commit` lets it (Ongaro's fix skipped, raft-dev 2015).
        #[serde(default)]
        before_own_term_commit: bool,
    },
    /// A configuration entry reached this node's log: it uses it now, committed or not (§4.1).
    ConfigAdopted {
        node: NodeId,
        index: LogIndex,
        membership: Membership,
    },
    /// A truncation (or a snapshot replacing the log) discarded the configuration entry at
    /// `discarded`: the node goes back to the configuration of `index` (0: the bootstrap one).
    ConfigReverted {
        node: NodeId,
        index: LogIndex,
        membership: Membership,
        discarded: LogIndex,
    },
    /// The leader committed the configuration in force.
    ConfigCommitted {
        node: NodeId,
        index: LogIndex,
        membership: Membership,
    },
    /// C_old,new is committed: the leader appends C_new at `index` by itself (§4.3).
    JointLeaving {
        node: NodeId,
        index: LogIndex,
        voters: NodeSet,
    },
    /// An election timeout on a server that is no voter (a learner, or outside the
    /// configuration): it does not campaign.
    NotAVoter {
        node: NodeId,
        term: Term,
        learner: bool,
    },
    TransferAbandoned {
        node: NodeId,
        target: NodeId,
        reason: TransferEnd,
    },
    /// A lease read could not use the lease and is confirmed with ReadIndex instead.
    LeaseFallback {
        node: NodeId,
        id: u64,
        reason: LeaseUnusable,
    },
    ReadServed {
        node: NodeId,
        id: u64,
        mode: ReadMode,
        read_index: LogIndex,
    },
    ReadFailed {
        node: NodeId,
        id: u64,
        error: ReadError,
    },
}

impl Event {
    /// The node the event happened on.
    pub fn node(&self) -> NodeId {
        match self {
            Event::BecameFollower { node, .. }
            | Event::BecamePreCandidate { node, .. }
            | Event::BecameCandidate { node, .. }
            | Event::BecameLeader { node, .. }
            | Event::LeaderKnown { node, .. }
            | Event::Compacted { node, .. }
            | Event::SnapshotSent { node, .. }
            | Event::SnapshotInstalled { node, .. }
            | Event::Voted { node, .. }
            | Event::VoteRefused { node, .. }
            | Event::VoteRequestIgnored { node, .. }
            | Event::VoteRequestIgnoredAfterRestart { node, .. }
            | Event::TimeoutIgnored { node, .. }
            | Event::TimeoutDeferred { node, .. }
            | Event::Proposed { node, .. }
            | Event::CommitAdvanced { node, .. }
            | Event::EntriesTruncated { node, .. }
            | Event::CommittedEntryOverwritten { node, .. }
            | Event::TransferStarted { node, .. }
            | Event::ConfigChangeProposed { node, .. }
            | Event::ConfigAdopted { node, .. }
            | Event::ConfigReverted { node, .. }
            | Event::ConfigCommitted { node, .. }
            | Event::JointLeaving { node, .. }
            | Event::NotAVoter { node, .. }
            | Event::TransferAbandoned { node, .. }
            | Event::LeaseFallback { node, .. }
            | Event::ReadServed { node, .. }
            | Event::ReadFailed { node, .. } => *node,
        }
    }

    /// The same thing already told twice in a row (a leader that keeps sending its snapshot to
    /// a follower that is down): worth keeping out of a narration.
    pub fn repeats_itself(&self) -> bool {
        matches!(self, Event::SnapshotSent { attempt, .. } if *attempt > 2)
    }

    /// Followers that learned the same commit index from the same leader, told as one line:
    /// the leader and the index, if this event is such a lesson.
    pub fn learned_commit(&self) -> Option<(NodeId, LogIndex)> {
        match self {
            Event::CommitAdvanced {
                to,
                told_by: Some(leader),
                ..
            } => Some((*leader, *to)),
            _ => None,
        }
    }
}
