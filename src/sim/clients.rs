//! Clients: each sends one request at a time to a chosen server, follows redirects to the
//! leader, retries on timeout, and records every operation in the history.
//!
//! A state machine of its own, driven by the world (world.rs): requests and answers come in as
//! calls, and what the clients want done comes out — an [`Attempt`] for the world to hand to a
//! server's core, and timers ([`ClientTimer`]) for the world to queue (taken with
//! [`Clients::take_timer`]). The clients own every operation in flight: the history, the
//! writes a leader accepted and the reads a server is serving.
//!
//! A client's writes carry (client id, sequence number), so a write retried after a lost answer
//! is applied once (the state machine skips a sequence number it has seen, see `kv.rs`). A put
//! is answered by the server that accepted it once that server applies it; a get is answered by
//! the server whose core says the read may be served, from that server's state machine.
//!
//! Where the next attempt goes: to the leader a refusing server names (a redirect); otherwise,
//! after a refusal that names no leader or after a timeout, to another server in turn, as a real
//! client does. Asking the same server again could wait for as long as a partition lasts: a
//! server cut off in a minority never learns of the majority's leader (thesis §6.2).

use super::config::SimConfig;
use super::history::{History, OpId, OpKind, OpResult, Operation};
use super::kv::{Kv, PutOp};
use super::sorted_set::SortedSet;
use crate::raft::{ReadError, ReadMode, ReadOutcome};
use litemap::LiteMap;

pub type ClientId = u64;
type NodeId = u64;

/// Redirects in a row before a client backs off (two servers with stale hints could otherwise
/// bounce a request between them).
const MAX_HOPS: u32 = 3;
/// Delay of a redirect: the client's round trip to the next server.
const REDIRECT_MS: u64 = 1;

#[derive(Debug, Clone)]
struct Client {
    id: ClientId,
    /// The last sequence number used for a write.
    seq: u64,
    op: Option<PendingOp>,
}

#[derive(Debug, Clone)]
struct PendingOp {
    op_id: OpId,
    request: OpKind,
    /// The write's sequence number (0 for a read).
    seq: u64,
    /// The server the latest attempt went to.
    node: NodeId,
    /// Attempts so far; timers and answers of older attempts (and of other operations) are
    /// ignored.
    attempt: u64,
    /// Redirects followed in a row.
    hops: u32,
    /// The server the operation was first sent to, and how many turns of the round robin that
    /// starts after it were taken (see [`PendingOp::another_server`]).
    first_node: NodeId,
    turns: u64,
}

impl PendingOp {
    /// A server other than `node`, in turn after the first one asked. The turn is kept per
    /// operation, not derived from `node`: two servers whose hints send the client back and
    /// forth cannot keep it from the others.
    fn another_server(&mut self, node: NodeId, nodes: u64) -> NodeId {
        let mut next = node;
        while next == node && nodes > 1 {
            self.turns += 1;
            next = (self.first_node + self.turns - 1) % nodes + 1;
        }
        next
    }
}

/// A timer a client asks the world to queue. It belongs to one attempt of one operation (`op`,
/// the history id): attempts are numbered per operation, so the pair alone would match the same
/// client's next operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ClientTimer {
    /// No answer in time: try another server.
    Timeout {
        client: ClientId,
        op: OpId,
        attempt: u64,
    },
    /// (Re)send the request to `node` after a redirect or a back-off.
    Send {
        client: ClientId,
        op: OpId,
        attempt: u64,
        node: NodeId,
    },
}

/// A request on its way to a server's core.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    pub client: ClientId,
    pub node: NodeId,
    pub request: Request,
}

#[derive(Debug, Clone)]
pub(crate) enum Request {
    /// A write, encoded as the log entry's data.
    Propose(String),
    /// A read, with the id the core reports it under.
    Read { id: u64, mode: ReadMode },
}

/// A fired client timer: the attempt to make, and (after a timeout) the server that was silent.
pub(crate) struct Fired {
    pub attempt: Attempt,
    pub silent: Option<NodeId>,
}

/// A write a leader accepted, answered when that server applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Proposal {
    node: NodeId,
    client: ClientId,
    seq: u64,
}

/// A read a server is serving: whose, and for which attempt.
#[derive(Debug, Clone, Copy)]
struct PendingRead {
    node: NodeId,
    client: ClientId,
    op: OpId,
    attempt: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Clients {
    clients: Vec<Client>,
    history: History,
    proposals: SortedSet<Proposal>,
    /// By read id (a few at a time).
    reads: LiteMap<u64, PendingRead>,
    next_read_id: u64,
    timers: Vec<(u64, ClientTimer)>,
    /// Settings from the cluster's configuration.
    nodes: u64,
    timeout_ms: u64,
    backoff_ms: u64,
}

impl Clients {
    pub fn new(config: &SimConfig) -> Clients {
        Clients {
            clients: Vec::new(),
            history: History::new(),
            proposals: SortedSet::new(),
            reads: LiteMap::new_vec(),
            next_read_id: 1,
            timers: Vec::new(),
            nodes: config.nodes,
            timeout_ms: config.client_timeout_ms,
            backoff_ms: config.heartbeat_ms,
        }
    }

    /// A server joined the run (membership change): clients may be sent to it and try it.
    pub fn server_joined(&mut self, servers: u64) {
        self.nodes = servers;
    }

    /// Every operation so far.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The operation client `client` waits on (a history id), if any.
    pub fn pending_op(&self, client: ClientId) -> Option<OpId> {
        let op = self.clients.get(self.index(client)?)?.op.as_ref()?;
        Some(op.op_id)
    }

    /// Client operations not yet answered.
    pub fn pending_ops(&self) -> usize {
        self.clients.iter().filter(|c| c.op.is_some()).count()
    }

    /// The next timer to queue, in the order the clients asked for them.
    pub fn take_timer(&mut self) -> Option<(u64, ClientTimer)> {
        (!self.timers.is_empty()).then(|| self.timers.remove(0))
    }

    /// A request from a command: the first idle client takes it (a new client if all are
    /// busy), so concurrent commands make concurrent operations.
    pub fn request(&mut self, now: u64, request: OpKind, node: NodeId) -> Option<Attempt> {
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
        let op_id = self.history.invoke(client.id, request.clone(), node, now);
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
        self.attempt(now, ci, node)
    }

    /// A new attempt of client `ci`'s operation at `node`, with its timeout.
    fn attempt(&mut self, now: u64, ci: usize, node: NodeId) -> Option<Attempt> {
        let client = &mut self.clients[ci];
        let op = client.op.as_mut()?;
        op.attempt += 1;
        if op.node != node {
            op.node = node;
            let _ = self.history.redirect(op.op_id, node);
        }
        let timeout = ClientTimer::Timeout {
            client: client.id,
            op: op.op_id,
            attempt: op.attempt,
        };
        self.timers.push((now + self.timeout_ms, timeout));
        let read_id = self.next_read_id;
        self.next_read_id += 1;
        let request = match &op.request {
            OpKind::Put { key, value } => Request::Propose(
                PutOp {
                    client: client.id,
                    seq: op.seq,
                    key: key.clone(),
                    value: value.clone(),
                }
                .encode(),
            ),
            OpKind::Get { mode, .. } => Request::Read {
                id: read_id,
                mode: *mode,
            },
        };
        Some(Attempt {
            client: client.id,
            node,
            request,
        })
    }

    /// The server's core took the request: wait for it to apply the write or serve the read.
    pub fn accepted(&mut self, attempt: &Attempt) {
        let Some(ci) = self.index(attempt.client) else {
            return;
        };
        let Some(op) = self.clients[ci].op.as_mut() else {
            return;
        };
        op.hops = 0;
        match attempt.request {
            Request::Propose(_) => {
                let proposal = Proposal {
                    node: attempt.node,
                    client: attempt.client,
                    seq: op.seq,
                };
                self.proposals.insert(proposal);
            }
            Request::Read { id, .. } => {
                let read = PendingRead {
                    node: attempt.node,
                    client: attempt.client,
                    op: op.op_id,
                    attempt: op.attempt,
                };
                self.reads.insert(id, read);
            }
        }
    }

    /// The server refused, naming the leader it knows of (if any): follow the hint, or back off
    /// and try another server.
    pub fn refused(&mut self, now: u64, attempt: &Attempt, hint: Option<NodeId>) {
        if let Some(ci) = self.index(attempt.client) {
            self.redirect(now, ci, attempt.node, hint);
        }
    }

    fn redirect(&mut self, now: u64, ci: usize, node: NodeId, hint: Option<NodeId>) {
        let nodes = self.nodes;
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
                (op.another_server(node, nodes), self.backoff_ms)
            }
        };
        let send = ClientTimer::Send {
            client: client.id,
            op: op.op_id,
            attempt: op.attempt,
            node: next,
        };
        self.timers.push((now + delay, send));
    }

    /// The client's index if it still waits on `attempt` of operation `op`.
    fn current(&self, client: ClientId, op: OpId, attempt: u64) -> Option<usize> {
        let ci = self.index(client)?;
        let pending = self.clients[ci].op.as_ref()?;
        (pending.op_id == op && pending.attempt == attempt).then_some(ci)
    }

    fn index(&self, client: ClientId) -> Option<usize> {
        let ci = usize::try_from(client.checked_sub(1)?).ok()?;
        (ci < self.clients.len()).then_some(ci)
    }

    /// A client timer came due: the attempt to make now, if the client still waits on the
    /// attempt the timer belongs to.
    pub fn on_timer(&mut self, now: u64, timer: &ClientTimer) -> Option<Fired> {
        match *timer {
            ClientTimer::Send {
                client,
                op,
                attempt,
                node,
            } => {
                let ci = self.current(client, op, attempt)?;
                let attempt = self.attempt(now, ci, node)?;
                Some(Fired {
                    attempt,
                    silent: None,
                })
            }
            ClientTimer::Timeout {
                client,
                op,
                attempt,
            } => {
                let ci = self.current(client, op, attempt)?;
                let nodes = self.nodes;
                let pending = self.clients[ci].op.as_mut()?;
                let silent = pending.node;
                let next = pending.another_server(silent, nodes);
                let attempt = self.attempt(now, ci, next)?;
                Some(Fired {
                    attempt,
                    silent: Some(silent),
                })
            }
        }
    }

    /// Server `node` applied the write (client, seq). If that server had accepted it, the
    /// client is answered: the operation answered, for the narration.
    pub fn on_applied_put(
        &mut self,
        now: u64,
        node: NodeId,
        client: ClientId,
        seq: u64,
    ) -> Option<Box<Operation>> {
        let answered = self.proposals.remove(&Proposal { node, client, seq });
        // Older proposals of the same client can no longer be waited for.
        self.proposals
            .retain(|p| p.node != node || p.client != client || p.seq > seq);
        if !answered {
            return None;
        }
        let ci = self.index(client)?;
        let c = &mut self.clients[ci];
        let op = c.op.as_ref().filter(|op| op.seq == seq && seq > 0)?;
        let op_id = op.op_id;
        c.op = None;
        self.answer(now, op_id, OpResult::Ok)
    }

    /// A read outcome from server `node`'s core: served from its state machine `kv` (the
    /// operation answered, for the narration), or retried elsewhere.
    pub fn on_read(
        &mut self,
        now: u64,
        node: NodeId,
        outcome: ReadOutcome,
        kv: &Kv,
    ) -> Option<Box<Operation>> {
        let read = self.reads.remove(&outcome.id)?;
        let ci = self.index(read.client)?;
        let op = self.clients[ci].op.as_ref()?;
        if op.op_id != read.op {
            return None; // already answered by another attempt
        }
        match (outcome.result, &op.request) {
            (Ok(_), OpKind::Get { key, .. }) => {
                let value = kv.get(key).cloned();
                self.clients[ci].op = None;
                self.answer(now, read.op, OpResult::Value { value })
            }
            (Err(ReadError::NotLeader { leader_hint }), _) if op.attempt == read.attempt => {
                self.redirect(now, ci, node, leader_hint);
                None
            }
            (Err(_), _) if op.attempt == read.attempt => {
                self.redirect(now, ci, node, None);
                None
            }
            _ => None,
        }
    }

    fn answer(&mut self, now: u64, op: OpId, result: OpResult) -> Option<Box<Operation>> {
        self.history.complete(op, now, result).ok()?;
        self.history.get(op).cloned().map(Box::new)
    }

    /// Server `node` crashed: what it had accepted or was serving will never be answered by it.
    pub fn on_crash(&mut self, node: NodeId) {
        self.proposals.retain(|p| p.node != node);
        self.reads.retain(|_, r| r.node != node);
    }
}
