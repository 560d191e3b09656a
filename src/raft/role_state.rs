//! What a server keeps only while it plays one role: a campaign's votes (pre-candidate and
//! candidate), a leader's view of its followers and its confirmation rounds, lease and transfer.
//! Becoming another role replaces the whole value, so no leader state outlives a leadership and
//! no vote outlives a campaign (etcd raft clears the same fields in `reset`).

use super::node_map::NodeMap;
use super::node_set::NodeSet;
use super::progress::PeerProgress;
use super::transfer::Transfer;
use super::types::{NodeId, Role};

#[derive(Clone, Debug)]
pub(crate) enum RoleState {
    Follower,
    PreCandidate(Campaign),
    Candidate(Campaign),
    Leader(Box<Leadership>),
}

impl RoleState {
    pub(crate) fn kind(&self) -> Role {
        match self {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate(_) => Role::PreCandidate,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }
}

/// The answers to a campaign's (pre-)vote requests, the candidate's own included.
#[derive(Clone, Debug, Default)]
pub(crate) struct Campaign {
    pub granted: NodeSet,
    pub refused: NodeSet,
}

impl Campaign {
    /// A campaign that starts with the candidate's vote for itself.
    pub(crate) fn new(me: NodeId) -> Campaign {
        Campaign {
            granted: [me].into_iter().collect(),
            refused: NodeSet::new(),
        }
    }

    /// Records `from`'s answer (a later answer of the same voter replaces an earlier one).
    pub(crate) fn answer(&mut self, from: NodeId, granted: bool) {
        if granted {
            self.refused.remove(from);
            self.granted.insert(from);
        } else {
            self.granted.remove(from);
            self.refused.insert(from);
        }
    }
}

/// A leader's volatile state (Figure 2's nextIndex and matchIndex, and §6.4's rounds).
#[derive(Clone, Debug)]
pub(crate) struct Leadership {
    /// Progress of every other member of the configuration (voters and learners, §4).
    pub peers: NodeMap<PeerProgress>,
    pub heartbeat_deadline: u64,
    /// The leadership-confirmation round (§6.4), numbered afresh by each leadership.
    pub round: u64,
    /// (round, sent at) of the rounds not yet confirmed, sorted by round (rounds only grow).
    pub round_sent_at: Vec<(u64, u64)>,
    /// Until when a lease read may be served without a round trip (§6.4.1).
    pub lease_expiry: Option<u64>,
    /// Set once TimeoutNow was sent in this term: the lease is never trusted again in this
    /// term, because the successor's election ignores the §4.2.3 rule.
    pub lease_revoked: bool,
    pub transfer: Option<Transfer>,
}

impl Leadership {
    /// A new leadership: every other member's next index just past the leader's log.
    pub(crate) fn new(others: &[NodeId], next_index: u64, now: u64) -> Leadership {
        // Inserted one by one: `collect()` into a map sorts its input, a sort the wasm build
        // would carry just for this.
        let mut peers = NodeMap::new();
        for &v in others {
            peers.insert(v, PeerProgress::new(next_index, now));
        }
        Leadership {
            peers,
            heartbeat_deadline: now,
            round: 0,
            round_sent_at: Vec::new(),
            lease_expiry: None,
            lease_revoked: false,
            transfer: None,
        }
    }

    /// Records when the current round began (a later call for the same round replaces it).
    pub(crate) fn note_round_sent(&mut self, now: u64) {
        let round = self.round;
        match self.round_sent_at.binary_search_by_key(&round, |r| r.0) {
            Ok(i) => self.round_sent_at[i].1 = now,
            Err(i) => self.round_sent_at.insert(i, (round, now)),
        }
    }

    /// Starts the next confirmation round at `now`.
    pub(crate) fn start_round(&mut self, now: u64) {
        self.round += 1;
        self.note_round_sent(now);
    }

    /// The other members it replicates to, in id order.
    pub(crate) fn peer_ids(&self) -> Vec<NodeId> {
        self.peers.keys().copied().collect()
    }
}
