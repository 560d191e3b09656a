//! Clients: each sends one request at a time to a chosen node, follows redirects to the leader,
//! retries on timeout, and records every operation in the history.
//!
//! A client's writes carry (client id, sequence number), so a write retried after a lost answer
//! is applied once (the state machine skips a sequence number it has seen, see `kv.rs`). A put
//! is answered by the node that accepted it once that node applies it; a get is answered by the
//! node whose core says the read may be served, from that node's state machine.
//!
//! Where the next attempt goes: to the leader a refusing node names (a redirect); otherwise,
//! after a refusal that names no leader or after a timeout, to another server in turn, as a real
//! client does. Asking the same server again could wait for as long as a partition lasts: a
//! server cut off in a minority never learns of the majority's leader (thesis §6.2).

use super::clients::{Client, ClientId, PendingOp};
use super::history::{OpId, OpKind, OpResult};
use super::kv::PutOp;
use super::sorted_set;
use super::world::{Due, Life, World};
use crate::raft::{ProposeError, ReadError, ReadOutcome};

/// Redirects in a row before a client backs off (two nodes with stale hints could otherwise
/// bounce a request between them).
const MAX_HOPS: u32 = 3;
/// Delay of a redirect: the client's round trip to the next node.
const REDIRECT_MS: u64 = 1;

impl World {
    /// A client request from a command: the first idle client takes it (a new client if all are
    /// busy), so concurrent commands make concurrent operations.
    pub(crate) fn client_request(&mut self, request: OpKind, node: u64) {
        let ci = match self.clients.iter().position(|c| c.op.is_none()) {
            Some(ci) => ci,
            None => {
                let id = self.clients.len() as ClientId + 1;
                self.clients.push(Client {
                    id,
                    seq: 0,
                    op: None,
                });
                self.clients.len() - 1
            }
        };
        let client = &mut self.clients[ci];
        let seq = match request {
            OpKind::Put { .. } => {
                client.seq += 1;
                client.seq
            }
            OpKind::Get { .. } => 0,
        };
        let op_id = self
            .history
            .invoke(client.id, request.clone(), node, self.now);
        client.op = Some(PendingOp {
            op_id,
            request,
            seq,
            node,
            attempt: 0,
            hops: 0,
            first_node: node,
            turns: 0,
        });
        self.send_attempt(ci, node);
    }

    /// Sends the client's pending request to `node` (a new attempt).
    fn send_attempt(&mut self, ci: usize, node: u64) {
        let now = self.now;
        let timeout = self.config.client_timeout_ms;
        let client = &mut self.clients[ci];
        let client_id = client.id;
        let Some(op) = client.op.as_mut() else {
            return;
        };
        op.attempt += 1;
        if op.node != node {
            op.node = node;
            let _ = self.history.redirect(op.op_id, node);
        }
        let (attempt, op_id, seq, request) = (op.attempt, op.op_id, op.seq, op.request.clone());
        self.schedule(
            now + timeout,
            Due::ClientTimeout {
                client: client_id,
                op: op_id,
                attempt,
            },
        );
        let idx = (node - 1) as usize;
        let local = self.local_now(idx);
        let read_id = self.next_read_id;
        self.next_read_id += 1;
        let server = &mut self.servers[idx];
        let Life::Up(core) = &mut server.life else {
            return; // the request is lost; the client will time out
        };
        let refused_hint = match request {
            OpKind::Put { key, value } => {
                let data = PutOp {
                    client: client_id,
                    seq,
                    key,
                    value,
                }
                .encode();
                match core.propose(local, data) {
                    Ok(_) => {
                        sorted_set::insert(&mut server.proposals, (client_id, seq));
                        None
                    }
                    Err(ProposeError::NotLeader { leader_hint }) => Some(leader_hint),
                    Err(_) => Some(None),
                }
            }
            OpKind::Get { mode, .. } => match core.read(local, read_id, mode) {
                Ok(()) => {
                    let pending = (client_id, op_id, attempt);
                    match server.reads.binary_search_by_key(&read_id, |r| r.0) {
                        Ok(i) => server.reads[i].1 = pending,
                        Err(i) => server.reads.insert(i, (read_id, pending)),
                    }
                    None
                }
                Err(ReadError::NotLeader { leader_hint }) => Some(leader_hint),
                Err(_) => Some(None),
            },
        };
        match refused_hint {
            None => {
                if let Some(op) = self.clients[ci].op.as_mut() {
                    op.hops = 0;
                }
                self.after_input(idx);
            }
            Some(hint) => self.redirect(ci, node, hint),
        }
    }

    /// The node refused: follow its leader hint, or back off and try another server.
    fn redirect(&mut self, ci: usize, node: u64, hint: Option<u64>) {
        let (backoff, nodes) = (self.config.heartbeat_ms, self.config.nodes);
        let client = &mut self.clients[ci];
        let Some(op) = client.op.as_mut() else {
            return;
        };
        let (next, delay) = match hint {
            Some(h) if h != node && op.hops < MAX_HOPS && (1..=nodes).contains(&h) => {
                op.hops += 1;
                (h, REDIRECT_MS)
            }
            // No leader named (or hints going round in circles): this server cannot help now.
            _ => {
                op.hops = 0;
                (op.another_server(node, nodes), backoff)
            }
        };
        let due = Due::ClientSend {
            client: client.id,
            op: op.op_id,
            attempt: op.attempt,
            node: next,
        };
        self.schedule(self.now + delay, due);
    }

    /// The client's index if it still waits on `attempt` of operation `op`.
    fn current(&self, client: ClientId, op: OpId, attempt: u64) -> Option<usize> {
        let ci = usize::try_from(client.checked_sub(1)?).ok()?;
        let pending = self.clients.get(ci)?.op.as_ref()?;
        (pending.op_id == op && pending.attempt == attempt).then_some(ci)
    }

    /// A redirect or back-off timer: resend if the client still waits on that attempt.
    pub(crate) fn client_send(
        &mut self,
        client: ClientId,
        op: OpId,
        attempt: u64,
        node: u64,
    ) -> bool {
        let Some(ci) = self.current(client, op, attempt) else {
            return false;
        };
        self.set_event_text(format_args!("client {client} sends its request to S{node}"));
        self.send_attempt(ci, node);
        true
    }

    /// No answer in time: retry at another server in turn.
    pub(crate) fn client_timeout(&mut self, client: ClientId, op: OpId, attempt: u64) -> bool {
        let Some(ci) = self.current(client, op, attempt) else {
            return false;
        };
        let nodes = self.config.nodes;
        let Some(pending) = self.clients[ci].op.as_mut() else {
            return false;
        };
        let silent = pending.node;
        let next = pending.another_server(silent, nodes);
        let text = format!("client {client} got no answer from S{silent} and retries at S{next}");
        self.narrator.say(self.now, None, text.clone());
        self.event_text = text;
        self.send_attempt(ci, next);
        true
    }

    /// Node `node` applied the write (client, seq) it had accepted: answer the client.
    pub(crate) fn complete_put(&mut self, client: ClientId, seq: u64, node: u64) {
        let Some(ci) = usize::try_from(client.saturating_sub(1)).ok() else {
            return;
        };
        let Some(c) = self.clients.get_mut(ci) else {
            return;
        };
        let Some(op) = c.op.as_ref().filter(|op| op.seq == seq && seq > 0) else {
            return;
        };
        let op_id = op.op_id;
        c.op = None;
        if self.history.complete(op_id, self.now, OpResult::Ok).is_ok() {
            if let Some(done) = self.history.get(op_id) {
                let text = format!("S{node} answers: {}", done.describe());
                self.narrator.say(self.now, Some(node), text);
            }
        }
    }

    /// A read outcome from node `idx`'s core: serve it from the state machine, or retry.
    pub(crate) fn serve_read(&mut self, idx: usize, outcome: ReadOutcome) {
        let reads = &mut self.servers[idx].reads;
        let Ok(i) = reads.binary_search_by_key(&outcome.id, |r| r.0) else {
            return;
        };
        let (_, (client, op_id, attempt)) = reads.remove(i);
        let node = self.servers[idx].id;
        let Some(ci) = usize::try_from(client.saturating_sub(1)).ok() else {
            return;
        };
        let Some(op) = self.clients.get(ci).and_then(|c| c.op.as_ref()) else {
            return;
        };
        if op.op_id != op_id {
            return; // already answered by another attempt
        }
        match (outcome.result, &op.request) {
            (Ok(_), OpKind::Get { key, .. }) => {
                let value = self.servers[idx].kv.get(key).cloned();
                self.clients[ci].op = None;
                let result = OpResult::Value { value };
                if self.history.complete(op_id, self.now, result).is_ok() {
                    if let Some(done) = self.history.get(op_id) {
                        let text = format!("S{node} answers: {}", done.describe());
                        self.narrator.say(self.now, Some(node), text);
                    }
                }
            }
            (Err(ReadError::NotLeader { leader_hint }), _) if op.attempt == attempt => {
                self.redirect(ci, node, leader_hint)
            }
            (Err(_), _) if op.attempt == attempt => self.redirect(ci, node, None),
            _ => {}
        }
    }
}
