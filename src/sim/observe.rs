//! What the invariant checker sees after every event: each node's role, term, indexes and log,
//! read through the checker's `LogView`, with a fingerprint per entry.

use super::checker::{LogView, NodeObservation};
use super::clock::Clock;
use super::config::MAX_NODES;
use super::world::{Life, StepText, World};
use crate::raft::{self, EntryData, Role};

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

/// What the checker compares entries by. Not the checker's byte-wise FNV: the checker
/// fingerprints several entries per node after every event, which makes this the simulator's
/// hottest loop. Words are mixed with independent multiplications (they pipeline), then the
/// sum is scrambled once; only equality matters, and both sides use this function.
pub(crate) fn entry_fingerprint(data: &EntryData) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let EntryData::Command(c) = data else {
        return 0;
    };
    let bytes = c.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut lane = 1u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h ^= (u64::from_le_bytes(word) ^ lane).wrapping_mul(K);
        lane = lane.wrapping_add(0x2545_f491);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h ^= (u64::from_le_bytes(last) ^ lane).wrapping_mul(K);
    (h ^ (h >> 29)).wrapping_mul(K) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_entries_apart() {
        let fp = |s: &str| entry_fingerprint(&EntryData::Command(s.into()));
        let a = fp("C1#1 put \"x\" \"1\"");
        assert_eq!(a, fp("C1#1 put \"x\" \"1\""));
        assert_ne!(a, fp("C1#1 put \"x\" \"2\""));
        assert_ne!(fp("abcdefgh12345678"), fp("12345678abcdefgh"));
        assert_ne!(fp("ab"), fp("ab\0"));
        assert_ne!(fp(""), entry_fingerprint(&EntryData::Noop));
    }
}
