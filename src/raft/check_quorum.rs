//! CheckQuorum (§6.2): a leader that has not heard from a majority (of both voter sets in the
//! joint phase, §4.3) within an election timeout steps down, so a leader cut off in a minority
//! stops claiming leadership (and its lease).

use rand::Rng;

use super::event::FollowerCause;
use super::role_state::Leadership;
use super::Node;

impl Node {
    /// The latest time by which a majority (the leader included) has been heard from.
    fn quorum_heard_at(&self, leadership: &Leadership) -> u64 {
        let me = self.id();
        self.membership().quorum_value(|v| {
            if v == me {
                u64::MAX
            } else {
                leadership.peers.get(&v).map_or(0, |p| p.last_heard_at)
            }
        })
    }

    /// When the leader must step down unless it hears from more followers.
    pub(crate) fn check_quorum_deadline(&self) -> Option<u64> {
        let leadership = self.leadership().filter(|_| self.config.check_quorum)?;
        Some(
            self.quorum_heard_at(leadership)
                .saturating_add(self.config.election_timeout_ms),
        )
    }

    pub(crate) fn check_quorum_failed(&self, now: u64) -> bool {
        self.check_quorum_deadline().is_some_and(|d| now >= d)
    }

    pub(crate) fn step_down_check_quorum<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        let term = self.current_term();
        self.become_follower(now, rng, term, None, FollowerCause::CheckQuorum);
    }
}
