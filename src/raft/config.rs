//! A node's configuration and its validation.

use serde::{Deserialize, Serialize};

use super::error::ConfigError;
use super::node_set::MAX_NODE_ID;
pub use super::quirks::Quirks;
use super::types::NodeId;

/// The largest cluster a playground shows.
pub const MAX_VOTERS: usize = 9;

/// The configuration of one node. Every node of a cluster gets the same values except `id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// This server's id; must be one of `voters` unless `joining`.
    pub id: NodeId,
    /// The bootstrap configuration: the voters of the cluster before any configuration entry
    /// (the same list on every server). From then on the configuration is data in the log
    /// (§4, see `config_in_use.rs`), and quorums come from the configuration in force.
    pub voters: Vec<NodeId>,
    /// This server joins a running cluster (§4.2.1): it starts outside the bootstrap
    /// configuration, with an empty log, and learns the configuration from the leader.
    pub joining: bool,
    /// E, the base election timeout in ms of the node's local clock. Each election timeout is drawn
    /// uniformly from [E, 2E) (§5.2). Also the CheckQuorum period, the "heard from a leader
    /// recently" window of §4.2.3 / §9.6, and the leadership transfer deadline (§3.10).
    pub election_timeout_ms: u64,
    /// How often the leader sends heartbeats (AppendEntries without entries) and retries
    /// unacknowledged entries. Must be less than `election_timeout_ms`.
    pub heartbeat_interval_ms: u64,
    /// Batching limit: at most this many entries in one AppendEntries.
    pub max_entries_per_append: usize,
    /// PreVote (§9.6): a server first asks whether it could win before raising its term.
    pub pre_vote: bool,
    /// CheckQuorum (§6.2): a leader that has not heard from a majority for an election timeout
    /// steps down. Also enables the disruptive-server rule (§4.2.3): a server that heard from a
    /// leader within the minimum election timeout ignores RequestVote. Lease reads need it.
    pub check_quorum: bool,
    /// The bound on clock drift the lease read trusts: the lease lasts
    /// `election_timeout_ms * (1 - lease_clock_drift_bound)` from the moment the confirming
    /// heartbeat round was sent (§6.4.1). In [0, 1).
    pub lease_clock_drift_bound: f64,
    /// InstallSnapshot sends a snapshot in chunks of at most this many bytes of its data (§7).
    pub snapshot_chunk_bytes: u64,
    /// Teaching quirks, all off by default.
    pub quirks: Quirks,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            id: 1,
            voters: vec![1, 2, 3, 4, 5],
            joining: false,
            election_timeout_ms: 150,
            heartbeat_interval_ms: 50,
            max_entries_per_append: 64,
            pre_vote: true,
            check_quorum: true,
            lease_clock_drift_bound: 0.1,
            snapshot_chunk_bytes: 64 * 1024,
            quirks: Quirks::default(),
        }
    }
}

impl Config {
    /// A default configuration for server `id` of a cluster of `voters`.
    pub fn new(id: NodeId, voters: Vec<NodeId>) -> Self {
        Config {
            id,
            voters,
            ..Config::default()
        }
    }

    /// Checks every field; the error says what is wrong and with which values.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.id == 0 {
            return Err(ConfigError::ZeroId);
        }
        if self.voters.is_empty() {
            return Err(ConfigError::NoVoters);
        }
        if self.voters.len() > MAX_VOTERS {
            return Err(ConfigError::TooManyVoters {
                count: self.voters.len(),
                max: MAX_VOTERS,
            });
        }
        let invalid = |v: &&NodeId| !(1..=MAX_NODE_ID).contains(*v);
        if let Some(&bad) = self.voters.iter().find(invalid) {
            return Err(ConfigError::InvalidVoter(bad));
        }
        for (i, v) in self.voters.iter().enumerate() {
            if self.voters[..i].contains(v) {
                return Err(ConfigError::DuplicateVoter(*v));
            }
        }
        if self.joining && !(1..=MAX_NODE_ID).contains(&self.id) {
            return Err(ConfigError::InvalidVoter(self.id));
        }
        if !self.joining && !self.voters.contains(&self.id) {
            return Err(ConfigError::IdNotAVoter {
                id: self.id,
                voters: self.voters.clone(),
            });
        }
        if self.election_timeout_ms == 0 {
            return Err(ConfigError::ZeroElectionTimeout);
        }
        if self.heartbeat_interval_ms == 0 {
            return Err(ConfigError::ZeroHeartbeatInterval);
        }
        if self.heartbeat_interval_ms >= self.election_timeout_ms {
            return Err(ConfigError::HeartbeatNotBelowElection {
                heartbeat: self.heartbeat_interval_ms,
                election: self.election_timeout_ms,
            });
        }
        if self.election_timeout_ms > u64::MAX / 4 {
            return Err(ConfigError::ElectionTimeoutTooLarge(
                self.election_timeout_ms,
            ));
        }
        if self.max_entries_per_append == 0 {
            return Err(ConfigError::ZeroBatch);
        }
        let b = self.lease_clock_drift_bound;
        if !(0.0..1.0).contains(&b) {
            return Err(ConfigError::DriftBoundOutOfRange(b));
        }
        if self.snapshot_chunk_bytes == 0 {
            return Err(ConfigError::ZeroSnapshotChunk);
        }
        Ok(())
    }

    /// The lease a leader may rely on after a majority acknowledged a heartbeat round (§6.4.1):
    /// E * (1 - drift bound), rounded down, in ms of the leader's clock.
    pub fn lease_duration_ms(&self) -> u64 {
        (self.election_timeout_ms as f64 * (1.0 - self.lease_clock_drift_bound)).floor() as u64
    }

    /// How long a pending read may wait before it fails with a timeout and the client retries.
    pub fn read_timeout_ms(&self) -> u64 {
        2 * self.election_timeout_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn heartbeat_must_be_below_election_timeout() {
        let c = Config {
            heartbeat_interval_ms: 300,
            election_timeout_ms: 150,
            ..Config::default()
        };
        let e = c.validate().unwrap_err();
        assert_eq!(
            e.to_string(),
            "heartbeat_interval_ms (300) must be less than election_timeout_ms (150)"
        );
    }

    #[test]
    fn voters_must_contain_id_without_duplicates() {
        let c = Config::new(7, vec![1, 2, 3]);
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "id 7 must be one of the voters [1, 2, 3]"
        );
        let c = Config::new(1, vec![1, 2, 2]);
        assert_eq!(c.validate(), Err(ConfigError::DuplicateVoter(2)));
        let c = Config::new(1, (1..=10).collect());
        assert!(c.validate().unwrap_err().to_string().contains("at most 9"));
        let c = Config::new(1, vec![]);
        assert_eq!(c.validate(), Err(ConfigError::NoVoters));
        // Ids fit a node set (one bit each).
        let c = Config::new(1, vec![1, 2, MAX_NODE_ID]);
        assert_eq!(c.validate(), Ok(()));
        let c = Config::new(1, vec![1, 2, MAX_NODE_ID + 1]);
        assert_eq!(
            c.validate(),
            Err(ConfigError::InvalidVoter(MAX_NODE_ID + 1))
        );
    }

    #[test]
    fn a_cluster_of_nine_voters_is_the_largest_allowed() {
        let c = Config::new(1, (1..=MAX_VOTERS as NodeId).collect());
        assert_eq!(c.validate(), Ok(()));
        let c = Config::new(1, (1..=MAX_VOTERS as NodeId + 1).collect());
        assert_eq!(
            c.validate(),
            Err(ConfigError::TooManyVoters {
                count: MAX_VOTERS + 1,
                max: MAX_VOTERS
            })
        );
    }

    /// Election timeouts are drawn from [E, 2E) (§5.2) and reads wait 2E, so E is capped where
    /// twice it cannot overflow: the cap itself is accepted, one more is not.
    #[test]
    fn election_timeout_is_capped_so_that_twice_it_cannot_overflow() {
        let largest = u64::MAX / 4;
        let c = Config {
            election_timeout_ms: largest,
            ..Config::default()
        };
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.read_timeout_ms(), 2 * largest);
        let c = Config {
            election_timeout_ms: largest + 1,
            ..Config::default()
        };
        assert_eq!(
            c.validate(),
            Err(ConfigError::ElectionTimeoutTooLarge(largest + 1))
        );
    }

    #[test]
    fn drift_bound_and_batch_are_checked() {
        let c = Config {
            lease_clock_drift_bound: 1.0,
            ..Config::default()
        };
        assert!(c.validate().is_err());
        let c = Config {
            max_entries_per_append: 0,
            ..Config::default()
        };
        assert_eq!(c.validate(), Err(ConfigError::ZeroBatch));
    }

    #[test]
    fn lease_is_election_timeout_minus_drift() {
        let c = Config::default();
        assert_eq!(c.lease_duration_ms(), 135);
    }

    #[test]
    fn config_round_trips_through_json() {
        let c = Config::default();
        let s = serde_json::to_string(&c).unwrap();
        let back: Config = serde_json::from_str(&s).unwrap();
        assert_eq!(back, c);
        let partial: Config =
            serde_json::from_str(r#"{"id":2,"quirks":{"vote_without_log_check":true}}"#).unwrap();
        assert_eq!(partial.id, 2);
        assert!(partial.quirks.vote_without_log_check);
    }
}
