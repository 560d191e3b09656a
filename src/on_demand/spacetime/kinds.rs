//! Which messages the diagram shows: kinds in groups a person can turn on and off (heartbeats
//! are off at first: they are most of the arrows of a quiet run).

use crate::i18n::{key, tr};
use crate::raft::MessageKind;
use crate::sim::spacetime::Arrow;

/// A group of message kinds with one checkbox; a reply goes with its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Votes,
    PreVotes,
    Appends,
    Heartbeats,
    Reads,
    Snapshots,
    Transfers,
}

/// Every group, with its checkbox's words and tooltip (translated where they are shown).
pub const GROUPS: [(Group, &str, &str); 7] = [
    (
        Group::Votes,
        key("Votes"),
        key("RequestVote and its replies (§5.2)"),
    ),
    (
        Group::PreVotes,
        key("Pre-votes"),
        key("PreVote and its replies (§9.6)"),
    ),
    (
        Group::Appends,
        key("Appends"),
        key("AppendEntries with entries, and their replies (§5.3)"),
    ),
    (
        Group::Heartbeats,
        key("Heartbeats"),
        key("Empty AppendEntries and their successful replies"),
    ),
    (
        Group::Reads,
        key("Reads"),
        key("ReadIndex requests and replies (§6.4)"),
    ),
    (
        Group::Snapshots,
        key("Snapshots"),
        key("InstallSnapshot and its replies (§7)"),
    ),
    (
        Group::Transfers,
        key("Transfers"),
        key("TimeoutNow: leadership transfer (§3.10)"),
    ),
];

pub fn group_of(a: &Arrow) -> Group {
    match a.kind {
        _ if a.heartbeat => Group::Heartbeats,
        MessageKind::RequestVote | MessageKind::RequestVoteReply => Group::Votes,
        MessageKind::PreVote | MessageKind::PreVoteReply => Group::PreVotes,
        MessageKind::AppendEntries | MessageKind::AppendEntriesReply => Group::Appends,
        MessageKind::Heartbeat => Group::Heartbeats,
        MessageKind::ReadIndex | MessageKind::ReadIndexReply => Group::Reads,
        MessageKind::InstallSnapshot | MessageKind::InstallSnapshotReply => Group::Snapshots,
        MessageKind::TimeoutNow => Group::Transfers,
    }
}

/// The groups shown, as a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown(u8);

impl Default for Shown {
    fn default() -> Shown {
        Shown(!Shown::bit(Group::Heartbeats))
    }
}

impl Shown {
    fn bit(group: Group) -> u8 {
        1 << group as u8
    }

    pub fn contains(self, group: Group) -> bool {
        self.0 & Shown::bit(group) != 0
    }

    pub fn toggled(self, group: Group) -> Shown {
        Shown(self.0 ^ Shown::bit(group))
    }
}

/// The kind's name as the paper (and the legend) writes it, in the page's language: the
/// message names stay as they are, the words around them ("reply") are translated.
pub fn paper_name(kind: MessageKind) -> &'static str {
    tr(match kind {
        MessageKind::PreVote => "PreVote",
        MessageKind::PreVoteReply => key("PreVote reply"),
        MessageKind::RequestVote => "RequestVote",
        MessageKind::RequestVoteReply => key("RequestVote reply"),
        MessageKind::AppendEntries => "AppendEntries",
        MessageKind::Heartbeat => key("heartbeat (empty AppendEntries)"),
        MessageKind::AppendEntriesReply => key("AppendEntries reply"),
        MessageKind::TimeoutNow => "TimeoutNow",
        MessageKind::ReadIndex => "ReadIndex",
        MessageKind::ReadIndexReply => key("ReadIndex reply"),
        MessageKind::InstallSnapshot => "InstallSnapshot",
        MessageKind::InstallSnapshotReply => key("InstallSnapshot reply"),
    })
}
