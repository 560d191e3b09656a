//! Commitment (§5.4.2): the leader commits an entry of its current term once a majority stores
//! it (of both voter sets in the joint phase, §4.3); earlier-term entries commit only indirectly
//! (Figure 8). Committed entries are handed out in order and count as applied.

use super::event::Event;
use super::types::{LogIndex, Role};
use super::Node;

impl Node {
    /// Leader: advance commit_index to the highest index stored on a majority of the
    /// configuration in force, if that entry is of the current term (§5.4.2). A leader outside
    /// the voters (being removed, §4.2.2) does not count itself. The
    /// `commit_old_term_by_counting` quirk skips the term check.
    pub(crate) fn maybe_commit(&mut self, now: u64) {
        let Some(leadership) = self.leadership() else {
            return;
        };
        let me = self.id();
        let last = self.log().last_index();
        let peers = &leadership.peers;
        let replicated = self.membership().quorum_value(|v| {
            if v == me {
                last
            } else {
                peers.get(&v).map_or(0, |p| p.match_index)
            }
        });
        if replicated <= self.commit_index {
            return;
        }
        let of_current_term = self.log().term(replicated) == Some(self.current_term());
        if of_current_term || self.config.quirks.commit_old_term_by_counting {
            let from = self.commit_index;
            self.commit_to(replicated);
            self.after_commit_config(now, from);
        }
    }

    /// Raises commit_index (never lowers it) and hands the newly committed entries out for
    /// applying, then serves the reads that were waiting for them.
    pub(crate) fn commit_to(&mut self, index: LogIndex) {
        let index = index.min(self.log().last_index());
        if index <= self.commit_index {
            return;
        }
        let from = self.commit_index;
        self.commit_index = index;
        let node = self.id();
        let told_by = match self.role() {
            Role::Leader => None,
            _ => self.leader_id(),
        };
        self.emit(Event::CommitAdvanced {
            node,
            from,
            to: index,
            told_by,
            snapshot: false,
        });
        while self.last_applied < self.commit_index {
            let next = self.last_applied + 1;
            if let Some(e) = self.log().entry(next) {
                let e = e.clone();
                self.ready.committed.push(e);
            }
            self.last_applied = next;
        }
        self.advance_reads();
    }

    /// Has the leader committed an entry of its own term yet? Until then it does not know the
    /// latest commit index, so reads wait (§6.4 step 1).
    pub(crate) fn committed_in_current_term(&self) -> bool {
        self.log().term(self.commit_index) == Some(self.current_term())
    }
}
