//! Linearizability of the key-value history: a Wing–Gong search with Lowe's memoisation, as
//! Porcupine does it, partitioned per key (each key is an independent register).
//!
//! The model: a put sets the key's value; a get returns the last value put, or none. A put that
//! never completed (or ended `Unknown`) may or may not have taken effect: it gets a return time at
//! infinity, so the search may place it anywhere after its call, including after everything (which
//! is the same as never taking effect). A get without a result and a `Failed` operation constrain
//! nothing and are left out. The search is bounded: past the step limit a key is "unknown", never
//! a hang.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use serde::Serialize;

use super::{Property, Violation};
use crate::i18n::{fill, tr, Localized};
use crate::sim::history::{History, OpId, OpKind, OpResult, Operation};
use crate::sim::sorted_set::SortedSet;
use litemap::LiteMap;

/// The default number of search steps per key before giving up.
pub const DEFAULT_MAX_STEPS: u64 = 2_000_000;

/// The verdict for one key or for the whole history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Linearizable,
    NotLinearizable,
    /// The search hit its step limit: no answer.
    Unknown,
}

/// The result for one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyResult {
    pub key: String,
    pub verdict: Verdict,
    /// How many operations on the key took part in the search.
    pub operations: usize,
    pub steps: u64,
    /// For a failure: the longest valid order found, then the operation it could not place.
    pub witness: Vec<OpId>,
    pub message: Localized,
}

/// The result for a whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinReport {
    pub verdict: Verdict,
    pub keys: Vec<KeyResult>,
}

impl LinReport {
    /// The failing (or undecided) keys in plain words, one per line.
    pub fn summary(&self) -> String {
        match self.verdict {
            Verdict::Linearizable => {
                format!("linearizable ({} keys checked)", self.keys.len())
            }
            _ => self
                .keys
                .iter()
                .filter(|k| k.verdict != Verdict::Linearizable)
                .map(|k| k.message.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// A Linearizability violation for the safety panel, if the history is not linearizable.
    pub fn violation(&self, time_ms: u64, event: &str) -> Option<Violation> {
        let key = self
            .keys
            .iter()
            .find(|k| k.verdict == Verdict::NotLinearizable)?;
        Some(Violation {
            property: Property::Linearizability,
            time_ms,
            event: Localized::from(event.to_string()),
            nodes: Vec::new(),
            entries: Vec::new(),
            message: key.message.clone(),
        })
    }
}

/// Checks a whole history with the default step limit.
pub fn check_history(history: &History) -> LinReport {
    check_operations(history.operations(), DEFAULT_MAX_STEPS)
}

/// Checks operations key by key, each search bounded by `max_steps`.
pub fn check_operations(ops: &[Operation], max_steps: u64) -> LinReport {
    let mut by_key: LiteMap<&str, Vec<&Operation>> = LiteMap::new();
    for op in ops {
        match by_key.get_mut(op.op.key()) {
            Some(key_ops) => key_ops.push(op),
            None => {
                by_key.insert(op.op.key(), vec![op]);
            }
        }
    }
    let keys: Vec<KeyResult> = by_key
        .iter()
        .map(|(key, ops)| check_key(key, ops, max_steps))
        .collect();
    let verdict = if keys.iter().any(|k| k.verdict == Verdict::NotLinearizable) {
        Verdict::NotLinearizable
    } else if keys.iter().any(|k| k.verdict == Verdict::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Linearizable
    };
    LinReport { verdict, keys }
}

/// An operation as the search sees it: values interned (0 is "no value").
#[derive(Debug, Clone, Copy)]
struct LinOp {
    id: OpId,
    call: u64,
    ret: u64,
    put: bool,
    value: u32,
}

fn prepare<'a>(ops: &[&'a Operation]) -> (Vec<LinOp>, Vec<&'a Operation>) {
    let mut read_values = SortedSet::new();
    for op in ops {
        if let (OpKind::Get { .. }, Some(OpResult::Value { value: Some(v) })) = (&op.op, &op.result)
        {
            read_values.insert(v.as_str());
        }
    }
    let was_read = |v: &str| read_values.contains(&v);
    // Values no get returned are all alike to the model ("some value nobody read"): one id for
    // them all lets the memo merge states that differ only in which unread value is current.
    let mut values: LiteMap<&str, u32> = LiteMap::new_vec();
    let mut intern = |v: &'a str| {
        if !was_read(v) {
            return UNREAD;
        }
        let next_id = values.len() as u32 + 2;
        *values.entry(v).or_insert(next_id)
    };
    // A put that may not have completed can be placed after everything else, where it changes
    // nothing a get saw: unless some get returned its value, leave it out (a big saving when a
    // partition strands many writes).
    let mut out = Vec::new();
    let mut kept = Vec::new();
    for &op in ops {
        let open = !matches!(op.result, Some(OpResult::Ok)) || op.complete_ms.is_none();
        if let (OpKind::Put { value, .. }, true) = (&op.op, open) {
            if !was_read(value) {
                continue;
            }
        }
        let (put, value, ret) = match (&op.op, &op.result, op.complete_ms) {
            (_, Some(OpResult::Failed { .. }), _) => continue,
            (OpKind::Put { value, .. }, Some(OpResult::Ok), Some(t)) => (true, intern(value), t),
            (OpKind::Put { value, .. }, _, _) => (true, intern(value), u64::MAX),
            (OpKind::Get { .. }, Some(OpResult::Value { value }), Some(t)) => {
                (false, value.as_deref().map_or(0, &mut intern), t)
            }
            (OpKind::Get { .. }, _, _) => continue,
        };
        out.push(LinOp {
            id: op.id,
            call: op.invoke_ms,
            ret,
            put,
            value,
        });
        kept.push(op);
    }
    (out, kept)
}

/// The value id shared by every value that no get returned (0 is "no value").
const UNREAD: u32 = 1;

type Cache = HashSet<(Vec<u64>, u32), BuildHasherDefault<std::hash::DefaultHasher>>;

/// The call/return entries of one key as a doubly linked list that entries can be lifted out of
/// and put back (dancing links).
struct Entries {
    /// For entry e: the operation, and whether it is the call.
    op: Vec<usize>,
    is_call: Vec<bool>,
    /// The matching return entry of a call.
    partner: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
}

/// The list head is the sentinel at index `len`; `next == head` means the end.
impl Entries {
    fn new(ops: &[LinOp]) -> Self {
        // By time; at equal times calls first, so touching operations count as concurrent; then
        // by operation. Sorted as `(time, is_return << 32 | op)` pairs: the wasm build's one
        // `(u64, u64)` sort, shared with the candidates below.
        let mut keys: Vec<(u64, u64)> = Vec::with_capacity(2 * ops.len());
        for (i, op) in ops.iter().enumerate() {
            keys.push((op.call, i as u64));
            keys.push((op.ret, (1 << 32) | i as u64));
        }
        keys.sort_unstable();
        let events: Vec<(u64, bool, usize)> = keys
            .iter()
            .map(|&(t, k)| (t, k >> 32 == 0, (k & 0xffff_ffff) as usize))
            .collect();
        let n = events.len();
        let mut call_at = vec![0; ops.len()];
        let mut ret_at = vec![0; ops.len()];
        for (e, &(_, call, i)) in events.iter().enumerate() {
            if call {
                call_at[i] = e;
            } else {
                ret_at[i] = e;
            }
        }
        Entries {
            op: events.iter().map(|e| e.2).collect(),
            is_call: events.iter().map(|e| e.1).collect(),
            partner: events
                .iter()
                .map(|&(_, call, i)| if call { ret_at[i] } else { call_at[i] })
                .collect(),
            next: (0..=n).map(|e| if e == n { 0 } else { e + 1 }).collect(),
            prev: (0..=n).map(|e| if e == 0 { n } else { e - 1 }).collect(),
        }
    }

    fn head(&self) -> usize {
        self.op.len()
    }

    fn first(&self) -> usize {
        self.next[self.head()]
    }

    fn unlink(&mut self, e: usize) {
        let (p, n) = (self.prev[e], self.next[e]);
        self.next[p] = n;
        self.prev[n] = p;
    }

    fn relink(&mut self, e: usize) {
        let (p, n) = (self.prev[e], self.next[e]);
        self.next[p] = e;
        self.prev[n] = e;
    }

    fn lift(&mut self, call: usize) {
        self.unlink(call);
        self.unlink(self.partner[call]);
    }

    fn unlift(&mut self, call: usize) {
        self.relink(self.partner[call]);
        self.relink(call);
    }
}

/// Checks the operations of one key (all on `key`).
pub(super) fn check_key(key: &str, ops: &[&Operation], max_steps: u64) -> KeyResult {
    let (lin_ops, kept) = prepare(ops);
    let search = Search::run(&lin_ops, max_steps);
    let operations = lin_ops.len();
    let (verdict, message) = match search.outcome {
        Verdict::Linearizable => (Verdict::Linearizable, Localized::default()),
        Verdict::Unknown => {
            let key = key.to_string();
            let message = Localized::new(move || {
                fill(
                    tr("key {0}: unknown (search limit of {1} steps reached over {2} operations)"),
                    &[&key, &max_steps, &operations],
                )
            });
            (Verdict::Unknown, message)
        }
        Verdict::NotLinearizable => {
            let op = |i: Option<&usize>| i.and_then(|&i| kept.get(i)).map(|&op| op.clone());
            let n = search.witness.len();
            let placed = n.saturating_sub(1);
            let stuck = op(search.witness.last());
            let last = op(n.checked_sub(2).and_then(|i| search.witness.get(i)));
            let key = key.to_string();
            let message = Localized::new(move || {
                let stuck = stuck.as_ref().map(Operation::describe).unwrap_or_default();
                match &last {
                    Some(last) => fill(
                        tr("key {0}: not linearizable. No order of its {1} operations fits the register; the longest valid order placed {2} (the last: {3}), and then could not place {4}"),
                        &[&key, &operations, &placed, &last.describe(), &stuck],
                    ),
                    None => fill(
                        tr("key {0}: not linearizable. No order of its {1} operations fits the register; the longest valid order placed {2}, and then could not place {3}"),
                        &[&key, &operations, &placed, &stuck],
                    ),
                }
            });
            (Verdict::NotLinearizable, message)
        }
    };
    KeyResult {
        key: key.to_string(),
        verdict,
        operations: lin_ops.len(),
        steps: search.steps,
        witness: search.witness.iter().map(|&i| lin_ops[i].id).collect(),
        message,
    }
}

/// One bounded search over a key's operations.
struct Search {
    outcome: Verdict,
    steps: u64,
    /// Indexes into the key's operations: the deepest order found, then the blocked operation.
    witness: Vec<usize>,
}

/// The choices at one point of the search: Lowe's candidates (calls before the first pending
/// return), reduced for the register model. A get that is legal now is taken alone: taking it
/// at once never hurts, as it changes nothing. Puts of one value are interchangeable, so only
/// the one that must return first is tried.
struct Frame {
    candidates: Vec<usize>,
    next: usize,
    /// The operation whose return ends the candidates (for the witness).
    blocking: Option<usize>,
}

impl Frame {
    fn at(entries: &Entries, ops: &[LinOp], state: u32) -> Frame {
        // value -> the earliest-returning put of it: (value, (ret, entry)). A few concurrent puts
        // at most, so a Vec searched linearly (no map type for this in the wasm build).
        let mut puts: Vec<(u32, (u64, usize))> = Vec::new();
        let mut e = entries.first();
        let head = entries.head();
        let mut blocking = None;
        while e != head {
            let i = entries.op[e];
            if !entries.is_call[e] {
                blocking = Some(i);
                break;
            }
            let op = &ops[i];
            if !op.put && op.value == state {
                return Frame {
                    candidates: vec![e],
                    next: 0,
                    blocking: None,
                };
            }
            if op.put {
                match puts.iter_mut().find(|p| p.0 == op.value) {
                    Some((_, best)) if op.ret < best.0 => *best = (op.ret, e),
                    Some(_) => {}
                    None => puts.push((op.value, (op.ret, e))),
                }
            }
            e = entries.next[e];
        }
        // `(u64, u64)` pairs: the same sort as `Entries::new`'s.
        let mut candidates: Vec<(u64, u64)> = puts
            .into_iter()
            .map(|(_, (ret, e))| (ret, e as u64))
            .collect();
        candidates.sort_unstable();
        Frame {
            candidates: candidates.into_iter().map(|(_, e)| e as usize).collect(),
            next: 0,
            blocking,
        }
    }
}

impl Search {
    fn run(ops: &[LinOp], max_steps: u64) -> Search {
        let mut entries = Entries::new(ops);
        let head = entries.head();
        let mut linearized = vec![0u64; ops.len().div_ceil(64)];
        let mut cache = Cache::default();
        let mut state = 0u32;
        // taken[k] is the call linearized from frames[k], with the state before it.
        let mut taken: Vec<(usize, u32)> = Vec::new();
        let mut frames = vec![Frame::at(&entries, ops, state)];
        let mut steps = 0u64;
        let mut witness = Vec::new();
        let done = |outcome, steps, witness| Search {
            outcome,
            steps,
            witness,
        };
        while entries.first() != head {
            steps += 1;
            if steps > max_steps {
                return done(Verdict::Unknown, steps, witness);
            }
            let Some(frame) = frames.last_mut() else {
                return done(Verdict::NotLinearizable, steps, witness);
            };
            if let Some(&e) = frame.candidates.get(frame.next) {
                frame.next += 1;
                let i = entries.op[e];
                let Some(next_state) = step(state, &ops[i]) else {
                    continue;
                };
                linearized[i / 64] |= 1 << (i % 64);
                if cache.insert((linearized.clone(), next_state)) {
                    entries.lift(e);
                    taken.push((e, state));
                    state = next_state;
                    frames.push(Frame::at(&entries, ops, state));
                } else {
                    linearized[i / 64] &= !(1 << (i % 64));
                }
                continue;
            }
            // Every choice from here fails: record the deepest order tried, then go back.
            if taken.len() + 1 > witness.len() {
                witness = taken.iter().map(|&(e, _)| entries.op[e]).collect();
                witness.extend(frame.blocking);
            }
            frames.pop();
            let Some((e, prev_state)) = taken.pop() else {
                return done(Verdict::NotLinearizable, steps, witness);
            };
            let i = entries.op[e];
            linearized[i / 64] &= !(1 << (i % 64));
            state = prev_state;
            entries.unlift(e);
        }
        done(Verdict::Linearizable, steps, Vec::new())
    }
}

/// The register model: a put sets the value; a get must see the current one.
fn step(state: u32, op: &LinOp) -> Option<u32> {
    if op.put {
        Some(op.value)
    } else {
        (op.value == state).then_some(state)
    }
}
