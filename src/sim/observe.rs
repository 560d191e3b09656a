//! What the invariant checker sees after every event: each node's role, term, indexes and log,
//! read through the checker's `LogView`, with a fingerprint per entry.

use super::checker::{LogView, NodeObservation};
use super::clock::Clock;
use super::config::MAX_NODES;
use super::fingerprint::entry_fingerprint;
use super::world::{Life, StepText, World};
use crate::raft::{self, Role};

impl World {
    /// Runs the invariant checker over every node.
    pub(crate) fn observe(&mut self) {
        // On the stack, not in a Vec: this runs after every event.
        let logs: [CoreLog<'_>; MAX_NODES as usize] =
            std::array::from_fn(|i| CoreLog(self.servers.get(i).map(|s| &s.persistent().log)));
        let observations: [NodeObservation<'_>; MAX_NODES as usize] = std::array::from_fn(|i| {
            let log = &logs[i];
            match self.servers.get(i).map(|s| (s.id, &s.life)) {
                Some((id, Life::Up(n))) => NodeObservation {
                    id,
                    up: true,
                    role: n.role(),
                    current_term: n.current_term(),
                    commit_index: n.commit_index(),
                    last_applied: n.last_applied(),
                    lease_until: lease_until(&self.servers[i].clock, self.now, n),
                    log,
                },
                Some((id, Life::Down(p))) => NodeObservation {
                    id,
                    up: false,
                    role: Role::Follower,
                    current_term: p.current_term,
                    commit_index: 0,
                    last_applied: 0,
                    lease_until: None,
                    log,
                },
                // Slots past the cluster's size; never shown to the checker.
                None => NodeObservation {
                    id: 0,
                    up: false,
                    role: Role::Follower,
                    current_term: 0,
                    commit_index: 0,
                    last_applied: 0,
                    lease_until: None,
                    log,
                },
            }
        });
        let n = self.servers.len();
        let event = StepText(self.step, &self.event_text);
        self.checker.observe(self.now, &event, &observations[..n]);
    }
}

/// Until when (simulated time) a leader's lease holds, if it holds one now: the lease runs on
/// the leader's own clock.
fn lease_until(clock: &Clock, now: u64, node: &raft::Node) -> Option<u64> {
    let expiry = node.lease_expiry()?;
    (clock.local(now) < expiry).then(|| clock.global_at(expiry, now))
}

/// The core's log as the checker reads it (`None`: an empty slot past the cluster's size).
struct CoreLog<'a>(Option<&'a raft::Log>);

impl LogView for CoreLog<'_> {
    fn first_index(&self) -> u64 {
        self.0.map_or(1, |l| l.first_index())
    }

    fn last_index(&self) -> u64 {
        self.0.map_or(0, |l| l.last_index())
    }

    fn entry_at(&self, index: u64) -> Option<(u64, u64)> {
        let entry = self.0?.entry(index)?;
        Some((entry.term, entry_fingerprint(&entry.data)))
    }

    fn revision(&self) -> Option<u64> {
        self.0.map(|l| l.revision())
    }

    fn lowest_truncation_since(&self, seen: u64) -> Option<u64> {
        self.0.map_or(Some(0), |l| l.lowest_truncation_since(seen))
    }
}
