//! A cluster configuration read from JSON (the `config` command, share links), field by field
//! with serde's wording (see from_json.rs).

use super::fields::Fields;
use super::from_json::{invalid_type, FromJson};
use crate::sim::config::{Quirks, SimConfig};
use crate::sim::seed;
use serde_json::Value;

/// A `config` command's fields: any field left out keeps its default; unknown fields are refused.
impl FromJson for SimConfig {
    fn from_json(value: Value) -> Result<Self, String> {
        let Value::Object(object) = value else {
            return Err(invalid_type(&value, "struct SimConfig"));
        };
        let d = SimConfig::default();
        let mut f = Fields::new(object);
        let config = SimConfig {
            nodes: f.opt("nodes", d.nodes),
            seed: f.opt("seed", Seed(d.seed)).0,
            election_ms: f.opt("election_ms", d.election_ms),
            heartbeat_ms: f.opt("heartbeat_ms", d.heartbeat_ms),
            latency_ms: f.opt("latency_ms", d.latency_ms),
            drop_rate: f.opt("drop_rate", d.drop_rate),
            dup_rate: f.opt("dup_rate", d.dup_rate),
            prevote: f.opt("prevote", d.prevote),
            check_quorum: f.opt("check_quorum", d.check_quorum),
            lease_clock_drift_bound: f.opt("lease_clock_drift_bound", d.lease_clock_drift_bound),
            max_entries_per_append: f.opt("max_entries_per_append", d.max_entries_per_append),
            client_timeout_ms: f.opt("client_timeout_ms", d.client_timeout_ms),
            checkpoint_every_ms: f.opt("checkpoint_every_ms", d.checkpoint_every_ms),
            snapshot_every: f.opt("snapshot_every", d.snapshot_every),
            snapshot_chunk: f.opt("snapshot_chunk", d.snapshot_chunk),
            quirks: f.opt("quirks", d.quirks),
        };
        f.finish(config)
    }
}

/// A seed: a number, or a decimal string (sim/seed.rs).
struct Seed(u64);

impl FromJson for Seed {
    fn from_json(value: Value) -> Result<Self, String> {
        let seed = match &value {
            Value::String(text) => seed::parse(text),
            Value::Number(n) => n.as_u64(),
            _ => None,
        };
        seed.map(Seed).ok_or_else(|| match &value {
            Value::String(text) => format!("invalid value: string {text:?}, expected a seed"),
            _ => invalid_type(&value, "a seed"),
        })
    }
}

impl FromJson for Quirks {
    fn from_json(value: Value) -> Result<Self, String> {
        let Value::Object(object) = value else {
            return Err(invalid_type(&value, "struct Quirks"));
        };
        let mut f = Fields::new(object);
        let mut quirks = Quirks::default();
        for q in Quirks::ALL {
            q.switch(&mut quirks, f.opt(q.name, false));
        }
        f.finish(quirks)
    }
}
