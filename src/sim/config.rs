//! The cluster configuration: what the `config` command carries and what a run starts from.

use super::decimal::Decimal;
use super::error::{Result, SimError};
use crate::i18n::{fill, tr};
use serde::Serialize;

/// The core's teaching quirks: one table, in src/raft/quirks.rs.
pub use crate::raft::Quirks;

/// Smallest and largest cluster the playground draws and checks.
pub const MIN_NODES: u64 = 3;
pub const MAX_NODES: u64 = 9;

/// Everything a run starts from. Missing fields take their defaults, so `{"cmd": "config",
/// "nodes": 3}` is a whole configuration; unknown fields are refused (a typo should not be
/// silently ignored).
///
/// Read from JSON by `FromJson` (sim/command/from_json.rs); the unit tests check it against
/// serde's derive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(default, deny_unknown_fields)]
pub struct SimConfig {
    /// Cluster size, 3..=9 (servers S1..SN).
    pub nodes: u64,
    /// Seeds the one random generator: the same seed and commands give the same run. In JSON a
    /// number, or a decimal string above 2^53 − 1 (sim/seed.rs).
    #[serde(serialize_with = "crate::sim::seed::serialize")]
    #[cfg_attr(test, serde(deserialize_with = "crate::sim::seed::deserialize"))]
    pub seed: u64,
    /// Election timeouts are drawn in [min, max); the core draws in [E, 2E), so max = 2 x min.
    pub election_ms: [u64; 2],
    /// How often a leader sends heartbeats.
    pub heartbeat_ms: u64,
    /// Message delay, drawn per message in [min, max] (inclusive).
    pub latency_ms: [u64; 2],
    /// Probability that a message is lost.
    pub drop_rate: f64,
    /// Probability that a message is delivered twice.
    pub dup_rate: f64,
    /// PreVote (thesis §9.6).
    pub prevote: bool,
    /// CheckQuorum: a leader steps down without a quorum of replies (thesis §6.2).
    pub check_quorum: bool,
    /// How much faster than real time a node's clock may run before lease reads become unsafe;
    /// the lease is E x (1 - bound).
    pub lease_clock_drift_bound: f64,
    /// Entries per AppendEntries message at most.
    pub max_entries_per_append: u64,
    /// A client retries a request that got no answer within this time.
    pub client_timeout_ms: u64,
    /// Time travel: a checkpoint every this many simulated ms (0 turns time travel off).
    pub checkpoint_every_ms: u64,
    /// Log compaction (§7): a node snapshots its state machine and discards its log once it
    /// has applied this many entries since its last snapshot (0: never, the default).
    #[serde(skip_serializing_if = "is_zero")]
    pub snapshot_every: u64,
    /// InstallSnapshot sends a snapshot in chunks of at most this many bytes.
    #[serde(skip_serializing_if = "is_default_chunk")]
    pub snapshot_chunk: u64,
    /// Teaching quirks: each breaks one rule of Raft. Unsafe; all off by default.
    pub quirks: Quirks,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            nodes: 5,
            seed: 1,
            election_ms: [150, 300],
            heartbeat_ms: 50,
            latency_ms: [10, 15],
            drop_rate: 0.0,
            dup_rate: 0.0,
            prevote: false,
            check_quorum: false,
            lease_clock_drift_bound: 0.1,
            max_entries_per_append: 64,
            client_timeout_ms: 1000,
            checkpoint_every_ms: 5_000,
            snapshot_every: 0,
            snapshot_chunk: DEFAULT_SNAPSHOT_CHUNK,
            quirks: Quirks::default(),
        }
    }
}

/// The largest latency or timeout accepted, so a typo cannot stall the run for years.
pub const MAX_DELAY_MS: u64 = 60_000;

/// The default InstallSnapshot chunk: any snapshot of a playground's state machine in one.
pub const DEFAULT_SNAPSHOT_CHUNK: u64 = 64 * 1024;
/// The largest `snapshot_every` and `snapshot_chunk` accepted.
pub const MAX_SNAPSHOT_EVERY: u64 = 100_000;
pub const MAX_SNAPSHOT_CHUNK: u64 = 1 << 20;

/// Left out of the JSON when off, so configurations without compaction read as before.
fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_default_chunk(n: &u64) -> bool {
    *n == DEFAULT_SNAPSHOT_CHUNK
}

impl SimConfig {
    /// Checks every field; the message names the field, its allowed range and the value given.
    pub fn validate(&self) -> Result<()> {
        if !(MIN_NODES..=MAX_NODES).contains(&self.nodes) {
            return Err(SimError::not_in("nodes", "3..=9", self.nodes));
        }
        let [emin, emax] = self.election_ms;
        if !(1..=MAX_DELAY_MS).contains(&emin) {
            return Err(SimError::not_in("election_ms min", "1..=60000", emin));
        }
        if emax != 2 * emin {
            return Err(SimError::Config(fill(
                tr("election_ms must be [E, 2E] (timeouts are drawn in [E, 2E)), got [{0}, {1}]"),
                &[&emin, &emax],
            )));
        }
        if self.heartbeat_ms == 0 || self.heartbeat_ms >= emin {
            return Err(SimError::range(
                "heartbeat_ms",
                &fill(tr("in 1..{0} (below the election timeout)"), &[&emin]),
                self.heartbeat_ms,
            ));
        }
        check_latency(self.latency_ms[0], self.latency_ms[1])?;
        check_probability("drop_rate", self.drop_rate)?;
        check_probability("dup_rate", self.dup_rate)?;
        let bound = self.lease_clock_drift_bound;
        if !(0.0..1.0).contains(&bound) {
            return Err(SimError::not_in(
                "lease_clock_drift_bound",
                "[0,1)",
                Decimal::new(bound),
            ));
        }
        if !(1..=10_000).contains(&self.max_entries_per_append) {
            let got = self.max_entries_per_append;
            return Err(SimError::not_in("max_entries_per_append", "1..=10000", got));
        }
        if !(1..=MAX_DELAY_MS).contains(&self.client_timeout_ms) {
            let got = self.client_timeout_ms;
            return Err(SimError::not_in("client_timeout_ms", "1..=60000", got));
        }
        if self.snapshot_every > MAX_SNAPSHOT_EVERY {
            let got = self.snapshot_every;
            return Err(SimError::not_in("snapshot_every", "0..=100000", got));
        }
        if !(1..=MAX_SNAPSHOT_CHUNK).contains(&self.snapshot_chunk) {
            let got = self.snapshot_chunk;
            return Err(SimError::not_in("snapshot_chunk", "1..=1048576", got));
        }
        Ok(())
    }

    /// The core's configuration for server `id` of this cluster. A server past the first
    /// `nodes` joined while the cluster ran (§4.1): outside the bootstrap voters, it learns the
    /// configuration from the leader.
    pub fn raft_config(&self, id: u64) -> crate::raft::Config {
        crate::raft::Config {
            id,
            voters: (1..=self.nodes).collect(),
            joining: id > self.nodes,
            election_timeout_ms: self.election_ms[0],
            heartbeat_interval_ms: self.heartbeat_ms,
            max_entries_per_append: self.max_entries_per_append as usize,
            pre_vote: self.prevote,
            check_quorum: self.check_quorum,
            lease_clock_drift_bound: self.lease_clock_drift_bound,
            snapshot_chunk_bytes: self.snapshot_chunk,
            quirks: self.quirks,
        }
    }
}

/// A probability field: finite and in [0, 1].
pub fn check_probability(field: &str, p: f64) -> Result<()> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(SimError::not_in(field, "[0,1]", Decimal::new(p)))
    }
}

/// A latency range: min <= max <= 60 s.
pub fn check_latency(min_ms: u64, max_ms: u64) -> Result<()> {
    if max_ms > MAX_DELAY_MS {
        let expected = fill(tr("at most {0}"), &[&MAX_DELAY_MS]);
        return Err(SimError::range("max_ms", &expected, max_ms));
    }
    if min_ms > max_ms {
        let expected = fill(tr("at most max_ms ({0})"), &[&max_ms]);
        return Err(SimError::range("min_ms", &expected, min_ms));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        assert_eq!(SimConfig::default().validate(), Ok(()));
    }

    /// The page starts a fresh cluster from the default with a random seed and treats a refusal
    /// as unreachable (ui/boot.rs): no seed may make the default invalid.
    #[test]
    fn default_is_valid_with_any_seed() {
        for seed in [0, 1, 999_999, 1 << 53, u64::MAX] {
            let c = SimConfig {
                seed,
                ..SimConfig::default()
            };
            assert_eq!(c.validate(), Ok(()), "seed {seed}");
            assert!(crate::sim::Simulation::new(c).is_ok(), "seed {seed}");
        }
    }

    #[test]
    fn errors_name_field_and_value() {
        let c = SimConfig {
            nodes: 12,
            ..SimConfig::default()
        };
        let e = c.validate().unwrap_err().to_string();
        assert_eq!(e, "field nodes must be in 3..=9, got 12");
        let c = SimConfig {
            drop_rate: 1.5,
            ..SimConfig::default()
        };
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "field drop_rate must be in [0,1], got 1.5"
        );
        let c = SimConfig {
            election_ms: [150, 400],
            ..SimConfig::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("[E, 2E]"));
    }
}
