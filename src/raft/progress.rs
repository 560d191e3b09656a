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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReplicationState {
    /// Looking for the point where the logs match: one AppendEntries in flight at a time.
    Probe,
    /// The logs match up to match_index: new entries are sent as soon as they are appended.
    Replicate,
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
}

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
        }
    }

    pub fn view(&self) -> Progress {
        Progress {
            next_index: self.next_index,
            match_index: self.match_index,
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
        if self.state == ReplicationState::Probe {
            // The probe found the matching point: start streaming from just after it.
            self.state = ReplicationState::Replicate;
            self.next_index = self.match_index + 1;
        }
        self.probe_sent = false;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_index_never_moves_back() {
        let mut p = PeerProgress::new(11, 0);
        assert!(p.on_success(10));
        assert!(!p.on_success(7));
        assert_eq!(p.match_index, 10);
        assert_eq!(p.next_index, 11);
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
