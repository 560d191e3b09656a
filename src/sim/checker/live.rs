//! Linearizability for the live safety panel: checked on demand, key by key, and cached.
//!
//! The search (linearizability.rs) is over a whole key's history, too costly to run after
//! every event, so the simulation's hot loop never runs it. [`LiveLinearizability::update`]
//! is called when someone looks (the state snapshot, every animation frame in the UI): it finds
//! the operations that completed since the last look in O(new + open operations) and searches
//! again only the keys they touch.
//!
//! What it reports does not depend on when it is asked: a key's violation is dated at the
//! earliest completion after which that key's history can no longer be linearized (a history
//! that is not linearizable stays so whatever happens next, so that instant is well defined and
//! found by bisection), and described as the history stood then.

use super::linearizability::{check_key, Verdict, DEFAULT_MAX_STEPS};
use super::{Property, Violation};
use crate::i18n::{fill, tr, Localized};
use crate::sim::history::{History, OpId, OpResult, Operation};
use litemap::LiteMap;

#[derive(Debug, Clone, Default)]
pub struct LiveLinearizability {
    /// `operations()[..seen]` are indexed in `keys`.
    seen: usize,
    /// Indexed operations without an outcome yet: (id, key).
    open: Vec<(OpId, String)>,
    /// By key.
    keys: LiteMap<String, KeyTrack>,
}

#[derive(Debug, Clone, Default)]
struct KeyTrack {
    ops: Vec<OpId>,
    /// A sum of fingerprints of the key's completed operations: it changes when one completes
    /// (open operations cannot change the verdict: they may take effect last, or never).
    signature: u64,
    /// The signature the cached verdict was computed for.
    checked: Option<u64>,
    violation: Option<Violation>,
    /// The violation was found in this very history (not before a reset): since a broken
    /// history stays broken, more completions cannot change it.
    settled: bool,
}

impl LiveLinearizability {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets what it indexed (the history was replaced: a seek back restored an older world),
    /// keeping the verdicts: a key whose completed operations turn out the same keeps its own.
    pub fn reset(&mut self) {
        self.seen = 0;
        self.open.clear();
        for (_, track) in &mut self.keys {
            track.ops.clear();
            track.signature = 0;
            track.settled = false;
        }
    }

    /// Brings the verdicts up to date with `history`; returns the Linearizability violations,
    /// one per failing key, in key order.
    pub fn update(&mut self, history: &History) -> Vec<Violation> {
        let ops = history.operations();
        if ops.len() < self.seen {
            self.reset();
        }
        self.index_completions(ops);
        self.index_new(ops);
        for (key, track) in &mut self.keys {
            if track.checked != Some(track.signature) {
                track.recheck(key, ops);
            }
        }
        self.keys
            .values()
            .filter_map(|t| t.violation.clone())
            .collect()
    }

    fn index_completions(&mut self, ops: &[Operation]) {
        let keys = &mut self.keys;
        self.open.retain(|(id, key)| {
            let Some(op) = usize::try_from(*id).ok().and_then(|i| ops.get(i)) else {
                return false;
            };
            if op.result.is_none() {
                return true;
            }
            if let Some(track) = keys.get_mut(key.as_str()) {
                track.signature = track.signature.wrapping_add(op_fingerprint(op));
            }
            false
        });
    }

    fn index_new(&mut self, ops: &[Operation]) {
        for op in &ops[self.seen..] {
            let key = op.op.key();
            let track = self.keys.entry(key.to_string()).or_default();
            track.ops.push(op.id);
            if op.result.is_some() {
                track.signature = track.signature.wrapping_add(op_fingerprint(op));
            } else {
                self.open.push((op.id, key.to_string()));
            }
        }
        self.seen = ops.len();
    }
}

impl KeyTrack {
    fn recheck(&mut self, key: &str, all: &[Operation]) {
        self.checked = Some(self.signature);
        if self.settled && self.violation.is_some() {
            return;
        }
        let ops: Vec<&Operation> = self
            .ops
            .iter()
            .filter_map(|&id| usize::try_from(id).ok().and_then(|i| all.get(i)))
            .collect();
        let now = check_key(key, &ops, DEFAULT_MAX_STEPS);
        self.violation =
            (now.verdict == Verdict::NotLinearizable).then(|| first_violation(key, &ops));
        self.settled = true;
    }
}

/// The violation as of the earliest completion after which `ops` (one key's operations, not
/// linearizable) cannot be linearized.
fn first_violation(key: &str, ops: &[&Operation]) -> Violation {
    let mut times: Vec<u64> = ops.iter().filter_map(|op| op.complete_ms).collect();
    times.sort_unstable();
    times.dedup();
    // Bisection: not linearizable as of times[hi]; linearizable as of times[lo] (when lo >= 0).
    let broken = |t: u64| {
        let prefix: Vec<Operation> = ops.iter().filter_map(|op| as_of(op, t)).collect();
        let refs: Vec<&Operation> = prefix.iter().collect();
        let result = check_key(key, &refs, DEFAULT_MAX_STEPS);
        (result.verdict == Verdict::NotLinearizable).then_some(result)
    };
    let (mut lo, mut hi) = (0usize, times.len());
    let mut found = None;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match broken(times[mid]) {
            Some(result) => {
                found = Some((times[mid], result));
                hi = mid;
            }
            None => lo = mid + 1,
        }
    }
    let Some((time_ms, result)) = found else {
        // Unreachable for a key that is not linearizable; say so rather than panic.
        let key = key.to_string();
        let message = Localized::new(move || fill(tr("key {0}: not linearizable"), &[&key]));
        return violation(0, Localized::default(), Vec::new(), message);
    };
    let completing: Vec<&&Operation> = ops
        .iter()
        .filter(|op| op.complete_ms == Some(time_ms))
        .collect();
    let completed: Vec<Operation> = completing.iter().map(|&&op| op.clone()).collect();
    let event = Localized::new(move || {
        let described: Vec<String> = completed.iter().map(Operation::describe).collect();
        described.join("; ")
    });
    let stuck = result
        .witness
        .last()
        .and_then(|id| ops.iter().find(|op| op.id == *id));
    let mut nodes: Vec<u64> = completing.iter().map(|op| op.node).collect();
    nodes.extend(stuck.map(|op| op.node));
    nodes.sort_unstable();
    nodes.dedup();
    violation(time_ms, event, nodes, result.message)
}

fn violation(time_ms: u64, event: Localized, nodes: Vec<u64>, message: Localized) -> Violation {
    Violation {
        property: Property::Linearizability,
        time_ms,
        event,
        nodes,
        entries: Vec::new(),
        message,
    }
}

/// `op` as the history stood at `t`: absent if invoked later, open if it completed later.
fn as_of(op: &Operation, t: u64) -> Option<Operation> {
    if op.invoke_ms > t {
        return None;
    }
    let mut op = op.clone();
    if op.complete_ms.is_some_and(|c| c > t) {
        op.complete_ms = None;
        op.result = None;
    }
    Some(op)
}

/// Tells completed operations apart (id, time and kind of outcome; an operation completes once).
fn op_fingerprint(op: &Operation) -> u64 {
    let outcome = match op.result {
        None => 0,
        Some(OpResult::Ok) => 1,
        Some(OpResult::Value { .. }) => 2,
        Some(OpResult::Failed { .. }) => 3,
        Some(OpResult::Unknown { .. }) => 4,
    };
    let mut h = op.id.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= op.complete_ms.unwrap_or(u64::MAX).wrapping_add(outcome);
    h = (h ^ (h >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 29)
}
