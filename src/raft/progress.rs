//! The leader's view of each follower (Figure 2 nextIndex/matchIndex) and how it moves.
//!
//! A follower is probed one AppendEntries at a time until its log is found to match (Probe), then
//! entries are streamed optimistically (Replicate), like etcd/raft's progress states.
//! match_index never moves backwards and next_index never goes below match_index + 1, so stale,
//! duplicated and reordered replies are harmless.

use serde::{Deserialize, Serialize};

use super::types::LogIndex;

/// What a view shows of a follower's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The next index the leader will send.
    pub next_index: LogIndex,
    /// The highest index known to be replicated on the follower.
    pub match_index: LogIndex,
    /// The last index of the snapshot on its way to the follower (etcd's StateSnapshot): no
    /// entries are sent to it meanwhile (§7).
    pub pending_snapshot: Option<LogIndex>,
    /// Probing, streaming, or sending the snapshot.
    pub mode: ProgressMode,
}

named_enum! {
    /// How the leader sends a follower its entries: etcd's progress states, as a view shows
    /// them (`state` of a follower's progress in the state JSON).
    pub enum ProgressMode {
        /// Looking for where the logs match, one AppendEntries at a time.
        Probe = "probe",
        /// Streaming new entries as they are appended.
        Replicate = "replicate",
        /// Sending the snapshot (§7).
        Snapshot = "snapshot",
    }
}

impl ProgressMode {
    /// etcd's name for it (`tracker.StateType`).
    pub fn etcd_name(self) -> &'static str {
        match self {
            ProgressMode::Probe => "StateProbe",
            ProgressMode::Replicate => "StateReplicate",
            ProgressMode::Snapshot => "StateSnapshot",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReplicationState {
    /// Looking for the point where the logs match: one AppendEntries in flight at a time.
    Probe,
    /// The logs match up to match_index: new entries are sent as soon as they are appended.
    Replicate,
    /// The follower needs entries the leader compacted away: a snapshot up to `index` is on its
    /// way (§7), and no entries are sent until it is acknowledged. With no answer for
    /// `rounds_left` more heartbeat rounds, it is sent again (a chunk or its answer was lost;
    /// the follower keeps what it holds and says where to go on).
    Snapshot { index: LogIndex, rounds_left: u32 },
}

#[derive(Clone, Debug)]
pub(crate) struct PeerProgress {
    pub next_index: LogIndex,
    pub match_index: LogIndex,
    pub state: ReplicationState,
    /// In Probe: a probe is in flight, wait for its reply or the next heartbeat.
    pub probe_sent: bool,
    /// In Replicate: the last index sent before the previous heartbeat. If it is still not
    /// acknowledged at the next heartbeat, a message was probably lost and the entries after
    /// match_index are sent again (§5.3: the leader retries AppendEntries indefinitely).
    pub sent_before_heartbeat: LogIndex,
    /// Local time the leader last heard from this follower in its term (CheckQuorum, §6.2).
    pub last_heard_at: u64,
    /// The latest confirmation round this follower acknowledged (§6.4).
    pub acked_round: u64,
    /// Snapshot sendings in a row that this follower has not answered (the narration tells the
    /// first two and leaves out the rest while a follower stays down).
    pub unanswered_snapshots: u32,
}

/// Heartbeat rounds a snapshot sending may go unanswered before it starts again. A lost chunk
/// or answer costs that much; starting again costs little, since the follower keeps what it
/// holds of the same snapshot and answers with where to go on.
const SNAPSHOT_PATIENCE_ROUNDS: u32 = 2;

impl PeerProgress {
    pub fn new(next_index: LogIndex, now: u64) -> Self {
        PeerProgress {
            next_index: next_index.max(1),
            match_index: 0,
            state: ReplicationState::Probe,
            probe_sent: false,
            sent_before_heartbeat: 0,
            last_heard_at: now,
            acked_round: 0,
            unanswered_snapshots: 0,
        }
    }

    pub fn view(&self) -> Progress {
        Progress {
            next_index: self.next_index,
            match_index: self.match_index,
            pending_snapshot: match self.state {
                ReplicationState::Snapshot { index, .. } => Some(index),
                _ => None,
            },
            mode: match self.state {
                ReplicationState::Probe => ProgressMode::Probe,
                ReplicationState::Replicate => ProgressMode::Replicate,
                ReplicationState::Snapshot { .. } => ProgressMode::Snapshot,
            },
        }
    }

    /// A success reply says the follower's log matches up to `index`. Returns whether
    /// match_index advanced. Stale (smaller) indices never move it back.
    pub fn on_success(&mut self, index: LogIndex) -> bool {
        let advanced = index > self.match_index;
        if advanced {
            self.match_index = index;
        }
        self.next_index = self.next_index.max(self.match_index + 1);
        match self.state {
            ReplicationState::Probe => {
                // The probe found the matching point: start streaming from just after it.
                self.state = ReplicationState::Replicate;
                self.next_index = self.match_index + 1;
            }
            // A late AppendEntries reply may already cover the snapshot.
            ReplicationState::Snapshot { index, .. } if self.match_index >= index => {
                self.state = ReplicationState::Replicate;
                self.next_index = self.match_index + 1;
            }
            _ => {}
        }
        self.probe_sent = false;
        advanced
    }

    /// The snapshot up to `index` began to go out (§7): wait for its answers. Returns how many
    /// times in a row it went out unanswered, this one included.
    pub fn snapshot_sent(&mut self, index: LogIndex) -> u32 {
        self.unanswered_snapshots = self.unanswered_snapshots.saturating_add(1);
        self.state = ReplicationState::Snapshot {
            index,
            rounds_left: SNAPSHOT_PATIENCE_ROUNDS,
        };
        self.next_index = index + 1;
        self.unanswered_snapshots
    }

    /// The follower answered a chunk: the sending goes on, so it gets its full time again.
    pub fn snapshot_progress(&mut self) {
        if let ReplicationState::Snapshot { index, .. } = self.state {
            self.state = ReplicationState::Snapshot {
                index,
                rounds_left: SNAPSHOT_PATIENCE_ROUNDS,
            };
        }
    }

    /// The follower has the snapshot up to `index`: its log matches up to there. Probing goes
    /// on from just after it. Returns whether match_index advanced.
    pub fn on_snapshot_reply(&mut self, index: LogIndex) -> bool {
        let advanced = index > self.match_index;
        self.match_index = self.match_index.max(index);
        let sending = match self.state {
            ReplicationState::Snapshot { index, .. } => Some(index),
            _ => None,
        };
        match sending {
            // An older snapshot's answer: the one being sent is still on its way.
            Some(sending) if index < sending => {}
            Some(_) => {
                self.state = ReplicationState::Probe;
                self.next_index = self.match_index + 1;
                self.probe_sent = false;
            }
            // A late or duplicated answer: an acknowledgement like any other.
            None => self.next_index = self.next_index.max(self.match_index + 1),
        }
        advanced
    }

    /// A rejection of the AppendEntries whose prev_log_index was `rejected`, with `hint_next` the
    /// index the leader computed from the follower's conflict hint. Returns whether to send again;
    /// stale rejections (of a probe that is no longer current, or below match_index) are ignored.
    pub fn on_reject(&mut self, rejected: LogIndex, hint_next: LogIndex) -> bool {
        // Everything up to match_index is known to match, so a rejection at or below it is stale.
        if rejected <= self.match_index {
            return false;
        }
        match self.state {
            ReplicationState::Replicate => {}
            ReplicationState::Probe => {
                if rejected.checked_add(1) != Some(self.next_index) {
                    return false;
                }
            }
            // Only the snapshot's answer moves a follower on from here.
            ReplicationState::Snapshot { .. } => return false,
        }
        self.state = ReplicationState::Probe;
        self.next_index = hint_next.min(rejected).max(self.match_index + 1);
        self.probe_sent = false;
        true
    }

    /// Falls back to probing from just after match_index (after a lost message).
    pub fn restart_from_match(&mut self) {
        self.next_index = self.match_index + 1;
        self.probe_sent = false;
    }

    /// A new heartbeat round: what to send this follower, whose log should end at `last`.
    /// A probe is retried (it or its reply may be lost); entries sent a heartbeat ago and still
    /// unacknowledged are sent again from match_index (§5.3: the leader retries indefinitely).
    pub fn on_heartbeat(&mut self, last: LogIndex) -> HeartbeatSend {
        if let ReplicationState::Snapshot { rounds_left, .. } = &mut self.state {
            if *rounds_left > 0 {
                *rounds_left -= 1;
                return HeartbeatSend::Heartbeat;
            }
            // No answer in time: probe again, which sends the snapshot again if still needed.
            self.state = ReplicationState::Probe;
            self.restart_from_match();
            return HeartbeatSend::Entries;
        }
        if self.match_index >= last {
            return HeartbeatSend::Heartbeat;
        }
        match self.state {
            ReplicationState::Probe => {
                self.probe_sent = false;
                HeartbeatSend::Entries
            }
            ReplicationState::Replicate if self.match_index < self.sent_before_heartbeat => {
                self.restart_from_match();
                HeartbeatSend::Entries
            }
            ReplicationState::Replicate | ReplicationState::Snapshot { .. } => {
                HeartbeatSend::EntriesOrHeartbeat
            }
        }
    }

    /// Remembers how far entries had been sent when this heartbeat round went out.
    pub fn mark_round_sent(&mut self) {
        self.sent_before_heartbeat = self.next_index - 1;
    }

    /// Where a heartbeat checks consistency: at match_index, known to match (while probing, at
    /// the probe point, so that its answer moves the probe on rather than back).
    pub fn heartbeat_prev_index(&self) -> LogIndex {
        match self.state {
            ReplicationState::Replicate | ReplicationState::Snapshot { .. } => self.match_index,
            ReplicationState::Probe => self.next_index - 1,
        }
    }

    /// Flow control: in Replicate, at most `window` entries sent and unacknowledged.
    pub fn is_paused(&self, window: u64) -> bool {
        self.state == ReplicationState::Replicate
            && self.next_index.saturating_sub(self.match_index + 1) >= window
    }

    /// The first index to send next, given the leader's log ends at `last`; None when nothing
    /// may be sent now (a probe is in flight, or in Replicate everything has been sent).
    pub fn next_to_send(&self, last: LogIndex) -> Option<LogIndex> {
        let next = self.next_index.max(1);
        match self.state {
            ReplicationState::Probe if self.probe_sent => None,
            ReplicationState::Replicate if next > last => None,
            ReplicationState::Snapshot { .. } => None,
            _ => Some(next),
        }
    }

    /// AppendEntries up to `index` went out: one probe in flight, or (Replicate) next_index
    /// moves on optimistically.
    pub fn sent(&mut self, index: LogIndex) {
        match self.state {
            ReplicationState::Probe => self.probe_sent = true,
            ReplicationState::Replicate => self.next_index = index + 1,
            ReplicationState::Snapshot { .. } => {}
        }
    }

    /// A reply arrived at `now` (CheckQuorum, §6.2) acknowledging confirmation `round` (§6.4);
    /// rounds ahead of the leader's `current_round` belong to another leadership and count not.
    pub fn heard(&mut self, now: u64, round: u64, current_round: u64) {
        self.last_heard_at = self.last_heard_at.max(now);
        self.unanswered_snapshots = 0;
        if round <= current_round {
            self.acked_round = self.acked_round.max(round);
        }
    }

    /// Lets a probe go out at once (a transfer wants the target caught up now, §3.10).
    pub fn probe_now(&mut self) {
        self.probe_sent = false;
    }
}

/// What a heartbeat round sends one follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeartbeatSend {
    /// It has everything: an empty AppendEntries.
    Heartbeat,
    /// Entries it lacks.
    Entries,
    /// Entries if the flow-control window allows, else a heartbeat.
    EntriesOrHeartbeat,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A follower in Replicate that acknowledged up to `matched`, with entries sent up to
    /// `sent` (next_index = sent + 1).
    fn replicating(matched: LogIndex, sent: LogIndex) -> PeerProgress {
        let mut p = PeerProgress::new(1, 0);
        p.on_success(matched);
        p.sent(sent);
        p
    }

    #[test]
    fn a_heartbeat_round_sends_what_each_follower_needs() {
        // Up to date: an empty heartbeat.
        assert_eq!(replicating(9, 9).on_heartbeat(9), HeartbeatSend::Heartbeat);
        // Probing: the probe goes again (it or its answer may be lost).
        let mut probe = PeerProgress::new(5, 0);
        probe.sent(9);
        assert!(probe.probe_sent);
        assert_eq!(probe.on_heartbeat(9), HeartbeatSend::Entries);
        assert!(!probe.probe_sent);
        // Replicating, all acknowledged that was sent before the last round: more if the
        // window allows.
        let mut p = replicating(6, 9);
        p.mark_round_sent();
        assert_eq!(p.sent_before_heartbeat, 9);
        p.on_success(9);
        p.sent(12);
        assert_eq!(p.on_heartbeat(12), HeartbeatSend::EntriesOrHeartbeat);
        // Replicating, entries sent before the last round still unacknowledged: from match.
        let mut p = replicating(6, 9);
        p.mark_round_sent();
        assert_eq!(p.on_heartbeat(9), HeartbeatSend::Entries);
        assert_eq!(p.next_index, 7, "resent from match_index + 1 (§5.3)");
    }

    #[test]
    fn a_heartbeat_checks_where_the_logs_are_known_to_match() {
        assert_eq!(replicating(6, 9).heartbeat_prev_index(), 6);
        let probe = PeerProgress::new(5, 0);
        assert_eq!(probe.heartbeat_prev_index(), 4, "the probe point");
    }

    #[test]
    fn flow_control_pauses_a_full_window_only() {
        let window = 4;
        assert!(!replicating(6, 9).is_paused(window), "3 in flight");
        assert!(replicating(6, 10).is_paused(window), "4 in flight");
        let mut probe = PeerProgress::new(20, 0);
        probe.match_index = 0;
        assert!(
            !probe.is_paused(window),
            "a probe is never paused by the window"
        );
    }

    #[test]
    fn what_to_send_next() {
        assert_eq!(replicating(6, 9).next_to_send(9), None, "everything sent");
        assert_eq!(replicating(6, 8).next_to_send(9), Some(9));
        let mut probe = PeerProgress::new(5, 0);
        assert_eq!(probe.next_to_send(9), Some(5));
        probe.sent(9);
        assert_eq!(probe.next_to_send(9), None, "one probe in flight");
        assert_eq!(probe.next_index, 5, "a probe does not move next_index");
        probe.probe_now();
        assert_eq!(probe.next_to_send(9), Some(5));
    }

    #[test]
    fn replies_count_for_check_quorum_and_for_the_leaders_own_rounds() {
        let mut p = PeerProgress::new(1, 10);
        p.heard(50, 3, 4);
        assert_eq!((p.last_heard_at, p.acked_round), (50, 3));
        p.heard(40, 2, 4);
        assert_eq!((p.last_heard_at, p.acked_round), (50, 3), "never back");
        p.heard(60, 9, 4);
        assert_eq!(
            (p.last_heard_at, p.acked_round),
            (60, 3),
            "a round ahead is not ours"
        );
    }

    #[test]
    fn match_index_never_moves_back() {
        let mut p = PeerProgress::new(11, 0);
        assert!(p.on_success(10));
        assert!(!p.on_success(10), "a duplicate reply advances nothing");
        assert!(!p.on_success(7));
        assert_eq!(p.match_index, 10);
        assert_eq!(p.next_index, 11);
    }

    /// A success for more than next_index - 1 (entries sent before the leader fell back to
    /// match_index, acknowledged late) moves next_index past it: nothing matched is sent again.
    #[test]
    fn a_late_success_past_next_index_moves_next_index_on() {
        let mut p = replicating(6, 9);
        p.restart_from_match();
        assert_eq!(p.next_index, 7);
        assert!(p.on_success(9));
        assert_eq!(p.next_index, 10);
    }

    /// §7: while the snapshot up to `index` is on its way no entries go out, and next_index
    /// stands just past the snapshot.
    #[test]
    fn nothing_but_the_snapshot_goes_to_a_follower_being_sent_one() {
        let mut p = replicating(6, 9);
        p.snapshot_sent(20);
        assert_eq!(
            p.state,
            ReplicationState::Snapshot {
                index: 20,
                rounds_left: 2
            }
        );
        assert_eq!(
            p.view(),
            Progress {
                next_index: 21,
                match_index: 6,
                pending_snapshot: Some(20),
                mode: ProgressMode::Snapshot,
            }
        );
        assert_eq!(p.next_to_send(30), None);
        assert_eq!(
            p.heartbeat_prev_index(),
            6,
            "heartbeats go on, where the logs match"
        );
    }

    /// A sending unanswered for `SNAPSHOT_PATIENCE_ROUNDS` heartbeat rounds starts over, from
    /// a probe at match_index; each answered chunk gives it its full time again.
    #[test]
    fn an_unanswered_snapshot_is_sent_again_after_two_rounds_an_answered_one_is_not() {
        let mut p = replicating(6, 9);
        p.snapshot_sent(20);
        assert_eq!(p.on_heartbeat(30), HeartbeatSend::Heartbeat);
        assert_eq!(p.on_heartbeat(30), HeartbeatSend::Heartbeat);
        p.snapshot_progress();
        assert_eq!(
            p.on_heartbeat(30),
            HeartbeatSend::Heartbeat,
            "a chunk was answered"
        );
        assert_eq!(p.on_heartbeat(30), HeartbeatSend::Heartbeat);
        assert_eq!(
            p.on_heartbeat(30),
            HeartbeatSend::Entries,
            "unanswered: start over"
        );
        assert_eq!(p.state, ReplicationState::Probe);
        assert_eq!(p.next_index, 7);
        assert_eq!(p.next_to_send(30), Some(7));
    }

    /// The follower has the snapshot: probing goes on from just after it. An answer for an
    /// older snapshot only raises match_index, the newer one is still on its way.
    #[test]
    fn the_snapshots_answer_moves_the_follower_on_an_older_ones_does_not() {
        let mut p = replicating(6, 9);
        p.snapshot_sent(20);
        assert!(p.on_snapshot_reply(10), "match_index advanced");
        assert_eq!(p.match_index, 10);
        assert_eq!(
            p.state,
            ReplicationState::Snapshot {
                index: 20,
                rounds_left: 2
            }
        );
        assert!(!p.on_snapshot_reply(10), "nothing new");
        assert!(p.on_snapshot_reply(20));
        assert_eq!(p.state, ReplicationState::Probe);
        assert_eq!(
            p.view(),
            Progress {
                next_index: 21,
                match_index: 20,
                pending_snapshot: None,
                mode: ProgressMode::Probe,
            }
        );
        assert_eq!(p.next_to_send(30), Some(21));
        // A late or duplicated answer for a snapshot past next_index, outside a sending.
        let mut p = replicating(6, 9);
        assert!(p.on_snapshot_reply(12));
        assert_eq!(p.state, ReplicationState::Replicate);
        assert_eq!(
            p.view(),
            Progress {
                next_index: 13,
                match_index: 12,
                pending_snapshot: None,
                mode: ProgressMode::Replicate,
            }
        );
    }

    /// A late AppendEntries success that already covers the snapshot being sent ends the
    /// sending; one that does not leaves it going.
    #[test]
    fn a_late_success_ends_a_snapshot_sending_only_if_it_covers_the_snapshot() {
        let mut p = replicating(6, 9);
        p.snapshot_sent(20);
        p.on_success(9);
        assert_eq!(
            p.state,
            ReplicationState::Snapshot {
                index: 20,
                rounds_left: 2
            }
        );
        assert_eq!(p.next_to_send(30), None);
        p.on_success(25);
        assert_eq!(p.state, ReplicationState::Replicate);
        assert_eq!(p.next_index, 26);
    }

    #[test]
    fn probe_rejection_uses_hint_but_stays_above_match() {
        let mut p = PeerProgress::new(11, 0);
        p.probe_sent = true;
        assert!(p.on_reject(10, 4));
        assert_eq!(p.next_index, 4);
        // A duplicate of the same rejection is stale now: the current probe is at 3.
        assert!(!p.on_reject(10, 4));
        assert_eq!(p.next_index, 4);
        // next_index never below 1.
        assert!(p.on_reject(3, 0));
        assert_eq!(p.next_index, 1);
    }

    #[test]
    fn stale_rejection_below_match_is_ignored() {
        let mut p = PeerProgress::new(1, 0);
        p.on_success(8);
        assert_eq!(p.state, ReplicationState::Replicate);
        assert!(!p.on_reject(5, 2));
        assert!(!p.on_reject(8, 2));
        assert_eq!(p.next_index, 9);
        assert!(p.on_reject(12, 2));
        assert_eq!(p.next_index, 9, "never below match + 1");
        assert_eq!(p.state, ReplicationState::Probe);
    }
}
