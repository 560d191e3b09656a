//! The messages servers exchange (Figure 2, §9.6 PreVote, §3.10 TimeoutNow, §6.4 ReadIndex), and
//! their descriptions in plain words.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::log::Entry;
use super::membership::ConfigState;
use super::types::{LogIndex, NodeId, Term};

/// One message on the wire. `term` is the sender's current term, except for a PreVote (the term
/// the sender would campaign in) and a granted PreVote reply (that same term), §9.6.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub from: NodeId,
    pub to: NodeId,
    pub term: Term,
    pub body: MessageBody,
}

/// Why a voter refused a vote or pre-vote; carried for the narration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteRefusal {
    /// The request is from an older term than the voter's.
    StaleTerm,
    /// The voter already voted for someone else in this term (§5.2).
    AlreadyVoted(NodeId),
    /// The voter knows a leader for this term.
    LeaderKnown(NodeId),
    /// The voter heard from a leader less than an election timeout ago (§9.6, §4.2.3).
    LeaderAlive(NodeId),
    /// The candidate's log is less up to date than the voter's (§5.4.1).
    LogNotUpToDate,
    /// The voter restarted less than an election timeout ago (with CheckQuorum, §6.4.1).
    RecentlyRestarted,
}

/// What a message says: one variant per kind, each carrying its own struct (the handlers take
/// the struct whole).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MessageBody {
    PreVote(PreVote),
    PreVoteReply(VoteReply),
    RequestVote(RequestVote),
    RequestVoteReply(VoteReply),
    AppendEntries(AppendEntries),
    AppendEntriesReply(AppendEntriesReply),
    /// "Start an election now" from the leader to its chosen successor (§3.10).
    TimeoutNow,
    ReadIndex(ReadIndex),
    ReadIndexReply(ReadIndexReply),
    InstallSnapshot(InstallSnapshot),
    InstallSnapshotReply(InstallSnapshotReply),
}

/// "Would you vote for me in `term`?" (§9.6). Changes no state at the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreVote {
    pub last_log_index: LogIndex,
    pub last_log_term: Term,
}

/// RequestVote (§5.2). `leadership_transfer` marks an election started by TimeoutNow (§3.10),
/// which voters must not ignore under the §4.2.3 rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestVote {
    pub last_log_index: LogIndex,
    pub last_log_term: Term,
    pub leadership_transfer: bool,
}

/// The answer to a PreVote or a RequestVote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteReply {
    pub granted: bool,
    pub refusal: Option<VoteRefusal>,
}

/// AppendEntries (§5.3). Without entries it is a heartbeat. `round` is the leader's
/// leadership-confirmation round, echoed in the reply (ReadIndex and leases, §6.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendEntries {
    pub prev_log_index: LogIndex,
    pub prev_log_term: Term,
    pub entries: Vec<Entry>,
    pub leader_commit: LogIndex,
    pub round: u64,
}

/// The answer to AppendEntries. On success `match_index` is the last index known to match the
/// leader's log. On rejection `rejected_index` is the request's prev_log_index and the hint
/// says where to retry (§5.3 fast backtracking): the follower's term at that index and the
/// first index it holds of that term, or (no term) the index just past its log.
/// `request_term` is the term of the AppendEntries answered: a reply to a request of an older
/// term (a rejection carrying the follower's newer term) acknowledges nothing, even when the
/// message's own term is the leader's current one and its `round` number is reused (§6.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendEntriesReply {
    pub success: bool,
    pub match_index: LogIndex,
    pub rejected_index: LogIndex,
    pub conflict_index: LogIndex,
    pub conflict_term: Option<Term>,
    pub last_log_index: LogIndex,
    pub round: u64,
    pub request_term: Term,
}

/// A follower asks the leader for a read index on behalf of client read `request_id` (§6.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadIndex {
    pub request_id: u64,
}

/// The leader's answer: the confirmed read index, or None when it cannot serve reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadIndexReply {
    pub request_id: u64,
    pub read_index: Option<LogIndex>,
}

/// InstallSnapshot (§7, Figure 13): one chunk of the leader's snapshot, sent when a follower
/// needs entries the leader has compacted away. Chunks follow each other by `offset` (in bytes
/// of the snapshot's data), one at a time: the next goes out when the follower has answered
/// this one. `done` marks the last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallSnapshot {
    pub last_included_index: LogIndex,
    pub last_included_term: Term,
    pub offset: u64,
    pub data: Arc<str>,
    pub done: bool,
    /// The leader's confirmation round, echoed in the reply (§6.4), as in AppendEntries.
    pub round: u64,
    /// The configuration in force at `last_included_index` (§4, §7), in every chunk.
    pub conf_state: ConfigState,
}

/// The answer to a chunk. `done`: the follower has the snapshot up to `last_included_index`
/// (installed now, or already covered by what it had committed). Otherwise it holds the first
/// `bytes_received` bytes and waits for the chunk that starts there. `request_term` is the term
/// of the InstallSnapshot answered, as in AppendEntriesReply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallSnapshotReply {
    pub last_included_index: LogIndex,
    pub bytes_received: u64,
    pub done: bool,
    pub round: u64,
    pub request_term: Term,
}

named_enum! {
    /// The kind of a message, with stable names (`data-msg-kind`, `kind` in the state JSON).
    pub enum MessageKind {
        PreVote = "pre_vote",
        PreVoteReply = "pre_vote_reply",
        RequestVote = "request_vote",
        RequestVoteReply = "request_vote_reply",
        AppendEntries = "append_entries",
        Heartbeat = "heartbeat",
        AppendEntriesReply = "append_entries_reply",
        TimeoutNow = "timeout_now",
        ReadIndex = "read_index",
        ReadIndexReply = "read_index_reply",
        InstallSnapshot = "install_snapshot",
        InstallSnapshotReply = "install_snapshot_reply",
    }
}

impl MessageKind {
    /// Is this a reply to another message?
    pub fn is_reply(self) -> bool {
        matches!(
            self,
            MessageKind::PreVoteReply
                | MessageKind::RequestVoteReply
                | MessageKind::AppendEntriesReply
                | MessageKind::ReadIndexReply
                | MessageKind::InstallSnapshotReply
        )
    }
}

impl std::fmt::Display for MessageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Message {
    pub fn kind(&self) -> MessageKind {
        match &self.body {
            MessageBody::PreVote(PreVote { .. }) => MessageKind::PreVote,
            MessageBody::PreVoteReply(VoteReply { .. }) => MessageKind::PreVoteReply,
            MessageBody::RequestVote(RequestVote { .. }) => MessageKind::RequestVote,
            MessageBody::RequestVoteReply(VoteReply { .. }) => MessageKind::RequestVoteReply,
            MessageBody::AppendEntries(AppendEntries { entries, .. }) if entries.is_empty() => {
                MessageKind::Heartbeat
            }
            MessageBody::AppendEntries(AppendEntries { .. }) => MessageKind::AppendEntries,
            MessageBody::AppendEntriesReply(AppendEntriesReply { .. }) => {
                MessageKind::AppendEntriesReply
            }
            MessageBody::TimeoutNow => MessageKind::TimeoutNow,
            MessageBody::ReadIndex(ReadIndex { .. }) => MessageKind::ReadIndex,
            MessageBody::ReadIndexReply(ReadIndexReply { .. }) => MessageKind::ReadIndexReply,
            MessageBody::InstallSnapshot(_) => MessageKind::InstallSnapshot,
            MessageBody::InstallSnapshotReply(_) => MessageKind::InstallSnapshotReply,
        }
    }

    /// For replies: whether the request was granted / accepted / answered. None for requests.
    pub fn is_success(&self) -> Option<bool> {
        match &self.body {
            MessageBody::PreVoteReply(VoteReply { granted, .. })
            | MessageBody::RequestVoteReply(VoteReply { granted, .. }) => Some(*granted),
            MessageBody::AppendEntriesReply(AppendEntriesReply { success, .. }) => Some(*success),
            MessageBody::ReadIndexReply(ReadIndexReply { read_index, .. }) => {
                Some(read_index.is_some())
            }
            MessageBody::InstallSnapshotReply(reply) => Some(reply.done),
            _ => None,
        }
    }

    /// The entries carried, if any.
    pub fn entries(&self) -> &[Entry] {
        match &self.body {
            MessageBody::AppendEntries(AppendEntries { entries, .. }) => entries,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::log::EntryData;

    fn entry(index: LogIndex, term: Term) -> Entry {
        Entry {
            index,
            term,
            data: EntryData::Noop,
        }
    }

    #[test]
    fn describes_votes_and_appends() {
        let m = Message {
            from: 3,
            to: 1,
            term: 4,
            body: MessageBody::RequestVoteReply(VoteReply {
                granted: true,
                refusal: None,
            }),
        };
        assert_eq!(m.describe(), "S3 grants its vote to S1 for term 4");
        let m = Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::AppendEntries(AppendEntries {
                prev_log_index: 4,
                prev_log_term: 3,
                entries: vec![entry(5, 3), entry(6, 3), entry(7, 3)],
                leader_commit: 4,
                round: 1,
            }),
        };
        assert_eq!(m.kind(), MessageKind::AppendEntries);
        assert_eq!(
            m.describe(),
            "S1 sends AppendEntries to S2: entries 5..7 (term 3), prev 4/3, commit 4"
        );
    }

    #[test]
    fn empty_append_is_a_heartbeat() {
        let m = Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::AppendEntries(AppendEntries {
                prev_log_index: 4,
                prev_log_term: 3,
                entries: vec![],
                leader_commit: 4,
                round: 1,
            }),
        };
        assert_eq!(m.kind().name(), "heartbeat");
    }

    /// A struct per kind changes nothing on the wire: the body is one flat object, tagged.
    #[test]
    fn a_body_serializes_flat_with_its_type() {
        let m = Message {
            from: 2,
            to: 1,
            term: 3,
            body: MessageBody::RequestVoteReply(VoteReply {
                granted: false,
                refusal: Some(VoteRefusal::AlreadyVoted(3)),
            }),
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"from":2,"to":1,"term":3,"body":{"type":"request_vote_reply","granted":false,"refusal":{"already_voted":3}}}"#
        );
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), m);
        let timeout = r#"{"from":1,"to":2,"term":3,"body":{"type":"timeout_now"}}"#;
        let m: Message = serde_json::from_str(timeout).unwrap();
        assert_eq!(m.body, MessageBody::TimeoutNow);
    }

    fn message(body: MessageBody) -> Message {
        Message {
            from: 2,
            to: 1,
            term: 3,
            body,
        }
    }

    /// One body of every kind, replies both granted and refused.
    fn every_body() -> Vec<MessageBody> {
        let vote = |granted| VoteReply {
            granted,
            refusal: (!granted).then_some(VoteRefusal::StaleTerm),
        };
        let append_reply = |success| AppendEntriesReply {
            success,
            match_index: 4,
            rejected_index: 4,
            conflict_index: 3,
            conflict_term: Some(2),
            last_log_index: 6,
            round: 1,
            request_term: 3,
        };
        let append = |entries| AppendEntries {
            prev_log_index: 4,
            prev_log_term: 3,
            entries,
            leader_commit: 4,
            round: 1,
        };
        let read_reply = |read_index| ReadIndexReply {
            request_id: 1,
            read_index,
        };
        let snapshot_reply = |done| InstallSnapshotReply {
            last_included_index: 4,
            bytes_received: 2,
            done,
            round: 1,
            request_term: 3,
        };
        vec![
            MessageBody::PreVote(PreVote {
                last_log_index: 4,
                last_log_term: 3,
            }),
            MessageBody::PreVoteReply(vote(true)),
            MessageBody::PreVoteReply(vote(false)),
            MessageBody::RequestVote(RequestVote {
                last_log_index: 4,
                last_log_term: 3,
                leadership_transfer: false,
            }),
            MessageBody::RequestVoteReply(vote(true)),
            MessageBody::RequestVoteReply(vote(false)),
            MessageBody::AppendEntries(append(vec![])),
            MessageBody::AppendEntries(append(vec![entry(5, 3)])),
            MessageBody::AppendEntriesReply(append_reply(true)),
            MessageBody::AppendEntriesReply(append_reply(false)),
            MessageBody::TimeoutNow,
            MessageBody::ReadIndex(ReadIndex { request_id: 1 }),
            MessageBody::ReadIndexReply(read_reply(Some(4))),
            MessageBody::ReadIndexReply(read_reply(None)),
            MessageBody::InstallSnapshot(InstallSnapshot {
                last_included_index: 4,
                last_included_term: 3,
                offset: 0,
                data: "{}".into(),
                done: true,
                round: 1,
                conf_state: ConfigState::bootstrap(&[1, 2, 3]),
            }),
            MessageBody::InstallSnapshotReply(snapshot_reply(true)),
            MessageBody::InstallSnapshotReply(snapshot_reply(false)),
        ]
    }

    /// A reply answers a request, so it (and only it) says whether the request succeeded; a
    /// ReadIndexReply succeeds when it carries a read index (§6.4).
    #[test]
    fn replies_and_only_replies_report_success() {
        let messages: Vec<Message> = every_body().into_iter().map(message).collect();
        for &k in MessageKind::ALL {
            assert!(messages.iter().any(|m| m.kind() == k), "no {k:?} checked");
        }
        for m in &messages {
            assert_eq!(m.kind().is_reply(), m.is_success().is_some(), "{m:?}");
        }
        let outcomes: Vec<Option<bool>> = messages
            .iter()
            .filter(|m| m.kind() == MessageKind::ReadIndexReply)
            .map(Message::is_success)
            .collect();
        assert_eq!(outcomes, vec![Some(true), Some(false)]);
    }

    /// The simulator's trace shows a kind by its stable name: "S2 receives message 7
    /// (append_entries) from S1".
    #[test]
    fn a_kind_displays_as_its_stable_name() {
        for k in MessageKind::ALL {
            assert_eq!(k.to_string(), k.name());
        }
        assert_eq!(
            format!("({})", MessageKind::AppendEntriesReply),
            "(append_entries_reply)"
        );
    }

    /// Reference: §5.1 (a request from a stale term is rejected). A rejection of a request from
    /// an older term says so instead of describing a log conflict that may not exist.
    #[test]
    fn describes_a_stale_term_rejection_apart_from_a_log_conflict() {
        let reject = |request_term, conflict_term| {
            message(MessageBody::AppendEntriesReply(AppendEntriesReply {
                success: false,
                match_index: 0,
                rejected_index: 5,
                conflict_index: 3,
                conflict_term,
                last_log_index: 6,
                round: 1,
                request_term,
            }))
        };
        assert_eq!(
            reject(2, Some(2)).describe(),
            "S2 rejects S1's AppendEntries of term 2: S2 is in term 3"
        );
        assert_eq!(
            reject(3, Some(2)).describe(),
            "S2 rejects S1's AppendEntries (term 3): its entry 5 has term 2; its first entry of term 2 is 3"
        );
        assert_eq!(
            reject(3, None).describe(),
            "S2 rejects S1's AppendEntries (term 3): it has no entry 5; its log ends at 6"
        );
    }

    /// The narration says why a vote was refused: one vote per term (§5.2), the election
    /// restriction (§5.4.1), a live leader (§4.2.3, §9.6).
    #[test]
    fn describes_why_a_vote_or_pre_vote_is_refused() {
        let refused = |refusal| VoteReply {
            granted: false,
            refusal,
        };
        let vote = |refusal| message(MessageBody::RequestVoteReply(refused(refusal)));
        let pre_vote = |refusal| message(MessageBody::PreVoteReply(refused(refusal)));
        assert_eq!(
            vote(Some(VoteRefusal::AlreadyVoted(3))).describe(),
            "S2 refuses its vote to S1 for term 3: it already voted for S3"
        );
        assert_eq!(
            pre_vote(Some(VoteRefusal::LogNotUpToDate)).describe(),
            "S2 refuses a pre-vote to S1 (term 3): the candidate's log is not as up to date as its own"
        );
        assert_eq!(
            pre_vote(Some(VoteRefusal::LeaderAlive(4))).describe(),
            "S2 refuses a pre-vote to S1 (term 3): it heard from leader S4 less than an election timeout ago"
        );
        assert_eq!(
            vote(None).describe(),
            "S2 refuses its vote to S1 for term 3"
        );
    }

    #[test]
    fn kind_names_are_stable_and_match_serde() {
        for k in MessageKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.name())
            );
        }
    }
}
