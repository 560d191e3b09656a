//! The client history: every operation with its invoke and completion times.
//!
//! The simulator's clients call [`History::invoke`] when an operation starts and
//! [`History::complete`] when its outcome is known. The linearizability checker reads the
//! history as it stands; an operation that never completed (or whose client gave up with an
//! [`OpResult::Unknown`] outcome) may or may not have taken effect.
//!
//! [`History::to_porcupine`] exports the history in the shape Porcupine's key-value model reads
//! (see its documentation for the exact fields).

use crate::i18n::{display_in_words, fill, key, say, tr, Sentence};
use serde::Serialize;

/// A server id, as in the Raft core (`S1` is 1).
pub type NodeId = u64;
/// A simulated client.
pub type ClientId = u64;
/// An operation's position in the history (0, 1, 2, ... in invoke order).
pub type OpId = u64;

/// How a get is served (§6.4 of Ongaro's thesis); the same names as the `read` field of a `get`
/// command.
pub use crate::raft::ReadMode;

/// What the client asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpKind {
    /// Set `key` to `value`.
    Put { key: String, value: String },
    /// Read `key`, served with the given read mode.
    Get { key: String, mode: ReadMode },
}

impl OpKind {
    /// The key the operation touches.
    pub fn key(&self) -> &str {
        match self {
            OpKind::Put { key, .. } | OpKind::Get { key, .. } => key,
        }
    }
}

/// How an operation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OpResult {
    /// A put was applied.
    Ok,
    /// A get returned this value (`None`: the key had no value).
    Value { value: Option<String> },
    /// The operation definitely did not take effect (for example the node refused it).
    Failed { reason: String },
    /// The client gave up without knowing whether the operation took effect (for example it
    /// timed out). For linearizability this is the same as never completing.
    Unknown { reason: String },
}

/// One client operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub id: OpId,
    pub client: ClientId,
    #[serde(flatten)]
    pub op: OpKind,
    /// The node the request was (last) sent to.
    pub node: NodeId,
    pub invoke_ms: u64,
    pub complete_ms: Option<u64>,
    pub result: Option<OpResult>,
}

impl Operation {
    /// True if the outcome is known: applied, read, or definitely not applied.
    pub fn is_determinate(&self) -> bool {
        matches!(
            self.result,
            Some(OpResult::Ok | OpResult::Value { .. } | OpResult::Failed { .. })
        )
    }

    /// One line in plain words, e.g. "client 2: put x=1 via S3 at 1200 ms -> ok at 1240 ms".
    pub fn describe(&self) -> String {
        // The request in the command's own words ("put x=1", "get x (lease)").
        let what = match &self.op {
            OpKind::Put { key, value } => format!("put {key}={value}"),
            // The English is the mode's name in the command notation; the Chinese says it in
            // words (display only: nothing parses this text).
            OpKind::Get { key: k, mode } => fill(
                tr(match mode {
                    ReadMode::ReadIndex => key("get {0} (read_index)"),
                    ReadMode::Follower => key("get {0} (follower)"),
                    ReadMode::Lease => key("get {0} (lease)"),
                    ReadMode::Local => key("get {0} (local)"),
                }),
                &[k],
            ),
        };
        let (client, node, invoked) = (&self.client, &self.node, &self.invoke_ms);
        match (&self.result, self.complete_ms) {
            (Some(OpResult::Ok), Some(t)) => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> ok at {4} ms"),
                &[client, &what, node, invoked, &t],
            ),
            (Some(OpResult::Value { value: Some(v) }), Some(t)) => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> {4} at {5} ms"),
                &[client, &what, node, invoked, v, &t],
            ),
            (Some(OpResult::Value { value: None }), Some(t)) => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> no value at {4} ms"),
                &[client, &what, node, invoked, &t],
            ),
            (Some(OpResult::Failed { reason }), Some(t)) => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> failed ({4}) at {5} ms"),
                &[client, &what, node, invoked, reason, &t],
            ),
            (Some(OpResult::Unknown { reason }), Some(t)) => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> unknown ({4}) at {5} ms"),
                &[client, &what, node, invoked, reason, &t],
            ),
            _ => fill(
                tr("client {0}: {1} via S{2} at {3} ms -> pending"),
                &[client, &what, node, invoked],
            ),
        }
    }
}

/// A misuse of the history API by the simulator (never a panic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    UnknownOp(OpId),
    AlreadyCompleted(OpId),
    CompletedBeforeInvoke {
        id: OpId,
        at_ms: u64,
        invoke_ms: u64,
    },
}

display_in_words!(HistoryError => history_error_text);

fn history_error_text(error: &HistoryError) -> String {
    let words: Sentence = match error {
        HistoryError::UnknownOp(id) => (key("no operation with id {0}"), &[id]),
        HistoryError::AlreadyCompleted(id) => (key("operation {0} already completed"), &[id]),
        HistoryError::CompletedBeforeInvoke {
            id,
            at_ms,
            invoke_ms,
        } => (
            key("operation {0} cannot complete at {1} ms, before its invoke at {2} ms"),
            &[id, at_ms, invoke_ms],
        ),
    };
    say(words)
}

/// Every client operation of a run, in invoke order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct History {
    ops: Vec<Operation>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a new operation invoked at `now_ms`; returns its id.
    pub fn invoke(&mut self, client: ClientId, op: OpKind, node: NodeId, now_ms: u64) -> OpId {
        let id = self.ops.len() as OpId;
        self.ops.push(Operation {
            id,
            client,
            op,
            node,
            invoke_ms: now_ms,
            complete_ms: None,
            result: None,
        });
        id
    }

    /// Records that the request was redirected to (or retried on) `node`.
    pub fn redirect(&mut self, id: OpId, node: NodeId) -> Result<(), HistoryError> {
        let op = self.pending_mut(id)?;
        op.node = node;
        Ok(())
    }

    /// Records the outcome of operation `id` at `now_ms`.
    pub fn complete(
        &mut self,
        id: OpId,
        now_ms: u64,
        result: OpResult,
    ) -> Result<(), HistoryError> {
        let op = self.pending_mut(id)?;
        if now_ms < op.invoke_ms {
            return Err(HistoryError::CompletedBeforeInvoke {
                id,
                at_ms: now_ms,
                invoke_ms: op.invoke_ms,
            });
        }
        op.complete_ms = Some(now_ms);
        op.result = Some(result);
        Ok(())
    }

    fn pending_mut(&mut self, id: OpId) -> Result<&mut Operation, HistoryError> {
        let op = usize::try_from(id)
            .ok()
            .and_then(|i| self.ops.get_mut(i))
            .ok_or(HistoryError::UnknownOp(id))?;
        if op.result.is_some() {
            return Err(HistoryError::AlreadyCompleted(id));
        }
        Ok(op)
    }

    pub fn get(&self, id: OpId) -> Option<&Operation> {
        usize::try_from(id).ok().and_then(|i| self.ops.get(i))
    }

    pub fn operations(&self) -> &[Operation] {
        &self.ops
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Operations invoked but not yet completed.
    pub fn pending(&self) -> impl Iterator<Item = &Operation> {
        self.ops.iter().filter(|op| op.result.is_none())
    }

    /// Drops every operation invoked at or after `time_ms` and forgets outcomes recorded after it
    /// (for a timeline that forks in the past).
    pub fn truncate_to(&mut self, time_ms: u64) {
        self.ops.retain(|op| op.invoke_ms < time_ms);
        for op in &mut self.ops {
            if op.complete_ms.is_some_and(|t| t >= time_ms) {
                op.complete_ms = None;
                op.result = None;
            }
        }
    }

    /// The history as Porcupine's operations (`porcupine.Operation`, with the input and output
    /// of its key-value model): a JSON list of `{"clientId", "input": {"op", "key", "value"},
    /// "call", "output": {"value"}, "return"}` (docs/trace-format.md). Go's JSON decoder fills
    /// `Operation` from these names, as it matches field names without regard to case.
    ///
    /// - `clientId` is the client's number minus one (Porcupine counts clients from 0);
    /// - `op` is 0 for get and 1 for put (Porcupine's `kvInput.op`); `value` is "" for a get;
    /// - `output.value` is the value read ("" when the key has no value, as Porcupine's model
    ///   reads a missing key) and "" for a put;
    /// - `call` and `return` are simulated milliseconds;
    /// - a put that never completed or whose outcome is unknown may have taken effect: it is kept
    ///   with `return` = `i64::MAX` (Porcupine's convention for an open call);
    /// - a get that never completed and a failed operation constrain nothing and are left out.
    pub fn to_porcupine(&self) -> Vec<serde_json::Value> {
        let mut list = Vec::new();
        for op in &self.ops {
            let (code, key, value) = match &op.op {
                OpKind::Get { key, .. } => (0, key, ""),
                OpKind::Put { key, value } => (1, key, value.as_str()),
            };
            let (output, ret) = match (&op.result, op.complete_ms) {
                (Some(OpResult::Ok), Some(t)) => (String::new(), t as i64),
                (Some(OpResult::Value { value }), Some(t)) => {
                    (value.clone().unwrap_or_default(), t as i64)
                }
                (Some(OpResult::Failed { .. }), _) => continue,
                _ if code == 0 => continue,
                _ => (String::new(), i64::MAX),
            };
            list.push(serde_json::json!({
                "clientId": op.client.saturating_sub(1),
                "input": { "op": code, "key": key, "value": value },
                "call": op.invoke_ms,
                "output": { "value": output },
                "return": ret,
            }));
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(key: &str, value: &str) -> OpKind {
        OpKind::Put {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn invoke_and_complete() {
        let mut h = History::new();
        let a = h.invoke(1, put("x", "1"), 2, 100);
        assert_eq!(a, 0);
        assert_eq!(h.pending().count(), 1);
        assert_eq!(h.complete(a, 150, OpResult::Ok), Ok(()));
        assert_eq!(h.pending().count(), 0);
        assert_eq!(
            h.complete(a, 160, OpResult::Ok),
            Err(HistoryError::AlreadyCompleted(0))
        );
        assert_eq!(
            h.complete(9, 160, OpResult::Ok),
            Err(HistoryError::UnknownOp(9))
        );
        let b = h.invoke(1, put("x", "2"), 2, 200);
        assert!(matches!(
            h.complete(b, 100, OpResult::Ok),
            Err(HistoryError::CompletedBeforeInvoke { .. })
        ));
    }

    #[test]
    fn serializes_flat() {
        let mut h = History::new();
        let a = h.invoke(
            3,
            OpKind::Get {
                key: "x".into(),
                mode: ReadMode::Follower,
            },
            4,
            10,
        );
        h.complete(a, 20, OpResult::Value { value: None }).unwrap();
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json[0]["op"], "get");
        assert_eq!(json[0]["mode"], "follower");
        assert_eq!(json[0]["result"]["status"], "value");
        assert_eq!(json[0]["complete_ms"], 20);
    }

    #[test]
    fn porcupine_export() {
        let mut h = History::new();
        let a = h.invoke(1, put("x", "1"), 1, 10);
        h.complete(a, 30, OpResult::Ok).unwrap();
        h.invoke(2, put("x", "2"), 1, 40); // never completes: kept open
        let g = h.invoke(
            3,
            OpKind::Get {
                key: "x".into(),
                mode: ReadMode::ReadIndex,
            },
            1,
            50,
        );
        h.complete(
            g,
            60,
            OpResult::Value {
                value: Some("2".into()),
            },
        )
        .unwrap();
        let f = h.invoke(1, put("y", "1"), 1, 70);
        h.complete(
            f,
            71,
            OpResult::Failed {
                reason: "not leader".into(),
            },
        )
        .unwrap();
        let list = h.to_porcupine();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1]["return"], i64::MAX);
        assert_eq!(list[1]["clientId"], 1, "client 2, counted from 0");
        assert_eq!(list[2]["input"]["op"], 0);
        assert_eq!(list[2]["output"]["value"], "2");
    }

    #[test]
    fn truncate_forgets_the_future() {
        let mut h = History::new();
        let a = h.invoke(1, put("x", "1"), 1, 10);
        h.complete(a, 30, OpResult::Ok).unwrap();
        h.invoke(1, put("x", "2"), 1, 40);
        h.truncate_to(25);
        assert_eq!(h.len(), 1);
        assert!(h.operations()[0].result.is_none());
    }
}
