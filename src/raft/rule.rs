//! The rules of Raft as data: each line of the paper's Figure 2 that the core implements, and
//! the rules of the extensions it adds (PreVote, CheckQuorum, ReadIndex, leases, leadership
//! transfer, log compaction, membership change). Every [`Event`] and every [`Message`] names
//! the rule that produced it, so a view can light the rule as it fires (the Rules panel of the
//! second module, `rule` in the state JSON) without reading any sentence.
//!
//! The ids are stable (`data-rule`, the state JSON): the section first, then a few words. The
//! rules' own words are the Rules panel's (src/on_demand), not the core's.

use super::event::{CampaignCause, Event, FollowerCause};
use super::membership::ConfigChange;
use super::message::{Message, MessageBody, VoteRefusal, VoteReply};
use super::types::ReadMode;
use super::ReadError;

named_enum! {
    /// One rule, in Figure 2's order, then the extensions'.
    pub enum Rule {
        // Figure 2, State.
        /// currentTerm, votedFor and log[] are persisted before answering; a server restarts
        /// from them, as a follower (§5.2).
        PersistentState = "fig2-persistent-state",
        /// commitIndex and lastApplied, volatile on every server.
        VolatileState = "fig2-volatile-state",
        /// nextIndex[] and matchIndex[], the leader's, set afresh after each election.
        LeaderState = "fig2-leader-state",
        // Figure 2, RequestVote RPC, receiver.
        /// 1. Reply false if term < currentTerm (§5.1).
        VoteStaleTerm = "5.1-vote-stale-term",
        /// 2. Grant if votedFor is null or the candidate (§5.2) ...
        GrantVote = "5.2-grant-vote",
        /// ... and the candidate's log is at least as up to date (§5.4.1).
        UpToDateLog = "5.4.1-up-to-date",
        // Figure 2, AppendEntries RPC, receiver.
        /// 1. Reply false if term < currentTerm (§5.1).
        AppendStaleTerm = "5.1-append-stale-term",
        /// 2. Reply false if the log has no entry at prevLogIndex of prevLogTerm (§5.3).
        LogMatching = "5.3-log-matching",
        /// 3. A conflicting entry is deleted with all that follow it (§5.3).
        DeleteConflicts = "5.3-delete-conflicts",
        /// 4. Append any new entries not already in the log.
        AppendNew = "5.3-append-new",
        /// 5. commitIndex = min(leaderCommit, index of last new entry).
        FollowerCommit = "5.3-follower-commit",
        // Figure 2, Rules for Servers, all servers.
        /// commitIndex > lastApplied: apply log[lastApplied] (§5.3).
        Apply = "5.3-apply",
        /// A term T > currentTerm in any RPC: currentTerm = T, become follower (§5.1).
        HigherTerm = "5.1-higher-term",
        // Followers (§5.2).
        /// Respond to RPCs from candidates and leaders.
        FollowerResponds = "5.2-follower-responds",
        /// No leader heard and no vote granted for an election timeout: become candidate.
        FollowerTimeout = "5.2-follower-timeout",
        // Candidates (§5.2).
        /// On becoming candidate: increment the term, vote for itself, reset the timer, send
        /// RequestVote to all others.
        StartElection = "5.2-start-election",
        /// Votes from a majority: become leader.
        MajorityWins = "5.2-majority-wins",
        /// AppendEntries from the new leader: become follower.
        LeaderFound = "5.2-leader-found",
        /// The election timeout elapses: start a new election.
        CandidateTimeout = "5.2-candidate-timeout",
        /// Not in Figure 2 (etcd does it too): refused by a majority, a candidate cannot win
        /// and goes back to follower.
        ElectionLost = "5.2-election-lost",
        // Leaders.
        /// Upon election and when idle: empty AppendEntries (heartbeats) to every server (§5.2).
        Heartbeats = "5.2-heartbeats",
        /// A client command: append it to the local log (§5.3).
        ClientCommand = "5.3-client-command",
        /// last log index >= nextIndex: send AppendEntries from nextIndex (§5.3).
        SendEntries = "5.3-send-entries",
        /// Success: update nextIndex and matchIndex (§5.3).
        UpdateProgress = "5.3-update-progress",
        /// Failure from an inconsistency: move nextIndex back and retry (§5.3).
        DecrementNext = "5.3-decrement-next",
        /// A majority stores N > commitIndex of the current term: commitIndex = N (§5.3, §5.4.2).
        LeaderCommit = "5.4.2-leader-commit",
        // PreVote (§9.6).
        /// Before an election, ask whether a majority would vote, without raising the term.
        PreVote = "9.6-pre-vote",
        /// A majority would: start the real election.
        PreVoteWon = "9.6-pre-vote-won",
        /// A majority would not: go back to follower, term unchanged.
        PreVoteLost = "9.6-pre-vote-lost",
        // CheckQuorum (§6.2).
        /// A leader that heard from no majority for an election timeout steps down.
        CheckQuorum = "6.2-check-quorum",
        // Disruptive servers (§4.2.3).
        /// A server that heard from a leader within the minimum election timeout ignores vote
        /// requests.
        IgnoreVoteRequests = "4.2.3-ignore-vote-requests",
        // ReadIndex (§6.4).
        /// The leader records its commit index, confirms its leadership with a majority, and
        /// serves once applied that far.
        ReadIndex = "6.4-read-index",
        /// A follower asks the leader for a read index and serves once applied that far.
        FollowerRead = "6.4-follower-read",
        /// Raftlab's unsafe local read: what the server applied, unconfirmed (for contrast).
        LocalRead = "6.4-local-read",
        // Leases (§6.4.1).
        /// The leader serves reads without a round trip while its lease holds.
        LeaseRead = "6.4.1-lease-read",
        /// A server a lease may count on helps elect no one until that expires.
        LeasePromise = "6.4.1-lease-promise",
        // Leadership transfer (§3.10).
        /// The leader stops taking proposals and brings the target up to date.
        TransferStart = "3.10-transfer",
        /// TimeoutNow: the target starts an election at once.
        TimeoutNow = "3.10-timeout-now",
        /// No takeover within an election timeout: the leader gives up the transfer.
        TransferAbort = "3.10-transfer-abort",
        // Log compaction (§7, Figure 13).
        /// A server snapshots its applied state and discards the entries the snapshot covers.
        Compact = "7-compact",
        /// A follower needs discarded entries: the leader sends InstallSnapshot.
        SendSnapshot = "7-send-snapshot",
        /// The follower takes the snapshot in chunks; its state machine and commit index
        /// restart from it.
        InstallSnapshot = "7-install-snapshot",
        /// Its log holds the snapshot's last entry: the entries after it are kept.
        KeepSuffix = "7-keep-suffix",
        /// Otherwise the whole log is discarded.
        DiscardLog = "7-discard-log",
        // Membership change (§4).
        /// A server uses the latest configuration in its log, committed or not (§4.1).
        LatestConfig = "4.1-latest-config",
        /// One server at a time, after the leader committed an entry of its term (§4.1).
        OneAtATime = "4.1-one-at-a-time",
        /// The configuration entry committed: the change is complete (§4.1).
        ConfigCommitted = "4.1-config-committed",
        /// Learners (and servers outside the configuration) neither vote nor campaign (§4.2.1).
        NonVoting = "4.2.1-non-voting",
        /// A leader not in C_new steps down once C_new is committed (§4.2.2).
        LeaderRemoved = "4.2.2-leader-removed",
        /// C_old,new: every decision needs a majority of both (§4.3).
        JointConsensus = "4.3-joint-consensus",
        /// C_old,new committed: the leader appends C_new (§4.3).
        LeaveJoint = "4.3-leave-joint",
    }
}

named_enum! {
    /// Where a rule sits: Figure 2's boxes, then one group per extension.
    pub enum RuleGroup {
        State = "state",
        RequestVote = "request_vote",
        AppendEntries = "append_entries",
        AllServers = "all_servers",
        Followers = "followers",
        Candidates = "candidates",
        Leaders = "leaders",
        PreVote = "pre_vote",
        CheckQuorum = "check_quorum",
        DisruptiveServers = "disruptive_servers",
        ReadIndex = "read_index",
        Leases = "leases",
        Transfer = "transfer",
        Compaction = "compaction",
        Membership = "membership",
    }
}

impl Rule {
    /// Its section of the paper (§ without the sign; "Figure 2" for the state), from the id.
    pub fn section(self) -> &'static str {
        let id = self.name();
        match id.split_once('-') {
            Some(("fig2", _)) => "Figure 2",
            Some((section, _)) => section,
            None => id,
        }
    }

    pub fn group(self) -> RuleGroup {
        use Rule::*;
        match self {
            PersistentState | VolatileState | LeaderState => RuleGroup::State,
            VoteStaleTerm | GrantVote | UpToDateLog => RuleGroup::RequestVote,
            AppendStaleTerm | LogMatching | DeleteConflicts | AppendNew | FollowerCommit => {
                RuleGroup::AppendEntries
            }
            Apply | HigherTerm => RuleGroup::AllServers,
            FollowerResponds | FollowerTimeout => RuleGroup::Followers,
            StartElection | MajorityWins | LeaderFound | CandidateTimeout | ElectionLost => {
                RuleGroup::Candidates
            }
            Heartbeats | ClientCommand | SendEntries | UpdateProgress | DecrementNext
            | LeaderCommit => RuleGroup::Leaders,
            PreVote | PreVoteWon | PreVoteLost => RuleGroup::PreVote,
            CheckQuorum => RuleGroup::CheckQuorum,
            IgnoreVoteRequests => RuleGroup::DisruptiveServers,
            ReadIndex | FollowerRead | LocalRead => RuleGroup::ReadIndex,
            LeaseRead | LeasePromise => RuleGroup::Leases,
            TransferStart | TimeoutNow | TransferAbort => RuleGroup::Transfer,
            Compact | SendSnapshot | InstallSnapshot | KeepSuffix | DiscardLog => {
                RuleGroup::Compaction
            }
            LatestConfig | OneAtATime | ConfigCommitted | NonVoting | LeaderRemoved
            | JointConsensus | LeaveJoint => RuleGroup::Membership,
        }
    }
}

impl RuleGroup {
    /// Figure 2's own boxes; the others are the extensions Raftlab implements.
    pub fn in_figure_2(self) -> bool {
        self <= RuleGroup::Leaders
    }
}

impl Event {
    /// The rule that produced this state change.
    pub fn rule(&self) -> Rule {
        match self {
            Event::BecameFollower { cause, .. } => match cause {
                FollowerCause::Started => Rule::PersistentState,
                FollowerCause::HigherTerm { .. } => Rule::HigherTerm,
                FollowerCause::LeaderFound { .. } => Rule::LeaderFound,
                FollowerCause::ElectionLost => Rule::ElectionLost,
                FollowerCause::PreVoteLost => Rule::PreVoteLost,
                FollowerCause::CheckQuorum => Rule::CheckQuorum,
                FollowerCause::RemovedFromConfig { .. } => Rule::LeaderRemoved,
            },
            Event::BecamePreCandidate { .. } => Rule::PreVote,
            Event::BecameCandidate { cause, again, .. } => match cause {
                CampaignCause::ElectionTimeout | CampaignCause::Forced if *again => {
                    Rule::CandidateTimeout
                }
                CampaignCause::ElectionTimeout | CampaignCause::Forced => Rule::FollowerTimeout,
                CampaignCause::PreVoteWon => Rule::PreVoteWon,
                CampaignCause::TimeoutNow { .. } => Rule::TimeoutNow,
            },
            Event::BecameLeader { .. } => Rule::MajorityWins,
            Event::LeaderKnown { .. } => Rule::FollowerResponds,
            Event::Compacted { .. } => Rule::Compact,
            Event::SnapshotSent { .. } => Rule::SendSnapshot,
            Event::SnapshotInstalled { kept_entries, .. } => match kept_entries {
                true => Rule::KeepSuffix,
                false => Rule::DiscardLog,
            },
            Event::Voted { .. } => Rule::GrantVote,
            Event::VoteRefused { reason, .. } => refusal_rule(*reason),
            Event::VoteRequestIgnored { .. } => Rule::IgnoreVoteRequests,
            Event::VoteRequestIgnoredAfterRestart { .. } | Event::TimeoutDeferred { .. } => {
                Rule::LeasePromise
            }
            // A leader has no election timer: its heartbeats keep the others' from firing.
            Event::TimeoutIgnored { .. } => Rule::Heartbeats,
            Event::Proposed { .. } => Rule::ClientCommand,
            Event::CommitAdvanced {
                told_by, snapshot, ..
            } => match (told_by, snapshot) {
                (_, true) => Rule::InstallSnapshot,
                (None, false) => Rule::LeaderCommit,
                (Some(_), false) => Rule::FollowerCommit,
            },
            // Only a quirk lets the deletion reach a committed entry.
            Event::EntriesTruncated { .. } | Event::CommittedEntryOverwritten { .. } => {
                Rule::DeleteConflicts
            }
            Event::TransferStarted { .. } => Rule::TransferStart,
            Event::TransferAbandoned { .. } => Rule::TransferAbort,
            Event::ConfigChangeProposed { entry, .. } => match entry.change {
                ConfigChange::LeaveJoint => Rule::LeaveJoint,
                _ if entry.membership.outgoing.is_some() => Rule::JointConsensus,
                _ => Rule::OneAtATime,
            },
            Event::ConfigAdopted { .. } | Event::ConfigReverted { .. } => Rule::LatestConfig,
            Event::ConfigCommitted { membership, .. } => match membership.outgoing {
                Some(_) => Rule::JointConsensus,
                None => Rule::ConfigCommitted,
            },
            Event::JointLeaving { .. } => Rule::LeaveJoint,
            Event::NotAVoter { .. } => Rule::NonVoting,
            Event::LeaseFallback { .. } => Rule::LeaseRead,
            Event::ReadServed { mode, .. } => match mode {
                ReadMode::ReadIndex => Rule::ReadIndex,
                ReadMode::Follower => Rule::FollowerRead,
                ReadMode::Lease => Rule::LeaseRead,
                ReadMode::Local => Rule::LocalRead,
            },
            Event::ReadFailed { error, .. } => match error {
                ReadError::NoLeader => Rule::FollowerRead,
                _ => Rule::ReadIndex,
            },
        }
    }
}

/// The rule behind a refused vote (or pre-vote).
fn refusal_rule(reason: VoteRefusal) -> Rule {
    match reason {
        VoteRefusal::StaleTerm => Rule::VoteStaleTerm,
        VoteRefusal::AlreadyVoted(_) | VoteRefusal::LeaderKnown(_) => Rule::GrantVote,
        VoteRefusal::LogNotUpToDate => Rule::UpToDateLog,
        VoteRefusal::LeaderAlive(_) => Rule::IgnoreVoteRequests,
        VoteRefusal::RecentlyRestarted => Rule::LeasePromise,
    }
}

impl Message {
    /// The rule that had this message sent: a request by the rule that sends it, an answer
    /// by the receiver's rule that decided it.
    pub fn rule(&self) -> Rule {
        match &self.body {
            MessageBody::PreVote(_) => Rule::PreVote,
            // A pre-vote is refused while a leader is alive, or by the vote rules (§9.6).
            MessageBody::PreVoteReply(VoteReply { refusal, .. }) => match refusal {
                Some(VoteRefusal::LeaderAlive(_)) | None => Rule::PreVote,
                Some(reason) => refusal_rule(*reason),
            },
            MessageBody::RequestVote(_) => Rule::StartElection,
            MessageBody::RequestVoteReply(VoteReply { refusal, .. }) => match refusal {
                None => Rule::GrantVote,
                Some(reason) => refusal_rule(*reason),
            },
            MessageBody::AppendEntries(a) if a.entries.is_empty() => Rule::Heartbeats,
            MessageBody::AppendEntries(_) => Rule::SendEntries,
            MessageBody::AppendEntriesReply(r) if r.success => Rule::AppendNew,
            MessageBody::AppendEntriesReply(r) if r.request_term != self.term => {
                Rule::AppendStaleTerm
            }
            MessageBody::AppendEntriesReply(_) => Rule::LogMatching,
            MessageBody::TimeoutNow => Rule::TimeoutNow,
            MessageBody::ReadIndex(_) | MessageBody::ReadIndexReply(_) => Rule::FollowerRead,
            MessageBody::InstallSnapshot(_) => Rule::SendSnapshot,
            MessageBody::InstallSnapshotReply(_) => Rule::InstallSnapshot,
        }
    }
}
