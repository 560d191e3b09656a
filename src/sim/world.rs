//! The world at one instant: the nodes, their clocks and state machines, the network, the
//! clients, and a queue of what happens next, in virtual time.
//!
//! Event-driven: the queue holds message deliveries, one timer per node (at the global time its
//! local `next_deadline` falls due) and client timers. Ties at the same time are broken by
//! insertion order, so a run is a pure function of the seed and the commands. The whole world is
//! `Clone`: the timeline keeps copies of it as checkpoints.

use super::checker::{AppliedEntry, Checker};
use super::clients::Client;
use super::clock::Clock;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::fingerprint::entry_fingerprint;
use super::history::History;
use super::kv::{Applied, Kv};
use super::narration::Narrator;
use super::network::{Latency, Network};
use super::rng::{seeded, SimRng};
use super::sorted_set;
use super::state::Stats;
use super::trace::TraceHash;
use crate::raft::{
    self, Entry, EntryData, Event, Message, MessageKind, Node, PersistentState, Role,
};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;

pub type NodeId = u64;

/// A node is either running or crashed with only its persistent state.
#[derive(Debug, Clone)]
pub(crate) enum Life {
    Up(Box<Node>),
    Down(PersistentState),
}

/// One server and what the simulator keeps beside its Raft core.
#[derive(Debug, Clone)]
pub(crate) struct Server {
    pub id: NodeId,
    pub life: Life,
    pub clock: Clock,
    /// The state machine: volatile, rebuilt from the log after a restart.
    pub kv: Kv,
    /// Global time of the earliest timer queued for this node (later ones are not queued: the
    /// early one re-queues itself when it finds the deadline moved).
    pub timer_at: Option<u64>,
    pub last_crash_ms: Option<u64>,
    /// Client writes this node accepted as leader, answered when it applies them: (client, seq).
    /// Sorted (a small set: a Vec, see `sorted_set`).
    pub proposals: Vec<(u64, u64)>,
    /// Reads pending here: (read id, (client, history op id, client attempt)), sorted by read id
    /// (a few at a time: a sorted Vec, smaller than a map in the wasm build).
    pub reads: Vec<(u64, (u64, u64, u64))>,
}

impl Server {
    pub fn node(&self) -> Option<&Node> {
        match &self.life {
            Life::Up(n) => Some(n),
            Life::Down(_) => None,
        }
    }

    pub fn persistent(&self) -> &PersistentState {
        match &self.life {
            Life::Up(n) => n.persistent(),
            Life::Down(p) => p,
        }
    }
}

/// What a queue entry does when its time comes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Due {
    Deliver(u64),
    Timer(NodeId),
    /// A client heard nothing for its attempt in time. A client timer belongs to one attempt
    /// of one operation (`op`, the history id): attempts are numbered per operation, so the
    /// pair alone would match the same client's next operation.
    ClientTimeout {
        client: u64,
        op: u64,
        attempt: u64,
    },
    /// A client (re)sends its request to `node` after a redirect or a back-off.
    ClientSend {
        client: u64,
        op: u64,
        attempt: u64,
        node: NodeId,
    },
}

#[derive(Debug, Clone)]
pub struct World {
    pub(crate) config: SimConfig,
    pub(crate) now: u64,
    pub(crate) rng: SimRng,
    pub(crate) servers: Vec<Server>,
    pub(crate) network: Network<Message>,
    queue: BinaryHeap<Reverse<(u64, u64, Due)>>,
    next_seq: u64,
    pub(crate) clients: Vec<Client>,
    pub(crate) next_read_id: u64,
    pub(crate) history: History,
    pub(crate) narrator: Narrator,
    pub(crate) stats: Stats,
    pub(crate) trace: TraceHash,
    pub(crate) checker: Checker,
    /// Steps taken: events that did something plus commands applied (what stepping counts).
    pub(crate) steps: u64,
    /// Queue entries popped (stale ones too) plus commands applied: the exact position a
    /// command was applied at, so a replay puts it between the same two pops.
    pub(crate) position: u64,
    /// When the latest step happened (`now` may have moved on since, with nothing happening).
    pub(crate) last_step_ms: u64,
    /// The highest commit index seen anywhere (to count each committed index once).
    max_commit: u64,
    /// What the current step is, for naming it in violations: deliveries and timers (nearly
    /// every step) are kept as data and written out only if a violation names them; other
    /// steps write `event_text` (a reused buffer).
    pub(crate) step: Step,
    pub(crate) event_text: String,
}

/// The current step in words, written out on demand (see [`World::step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Receive {
        id: u64,
        kind: MessageKind,
        from: NodeId,
        to: NodeId,
    },
    Lost {
        id: u64,
        kind: MessageKind,
        from: NodeId,
        to: NodeId,
    },
    Timer(NodeId),
    /// Described by `event_text`.
    Text,
}

/// A step and the text buffer it may refer to.
pub(crate) struct StepText<'a>(pub Step, pub &'a str);

impl std::fmt::Display for StepText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Step::Receive { id, kind, from, to } => {
                write!(f, "S{to} receives message {id} ({kind}) from S{from}")
            }
            Step::Lost { id, kind, from, to } => {
                write!(f, "message {id} ({kind}) S{from}->S{to} lost")
            }
            Step::Timer(id) => write!(f, "S{id}'s timer fires"),
            Step::Text => f.write_str(self.1),
        }
    }
}

impl World {
    /// A fresh cluster at time 0: every node a follower with an empty log.
    pub fn new(config: SimConfig) -> Result<World> {
        World::starting_at(config, 0)
    }

    /// A fresh cluster whose clocks start at `start_ms`: at 0 for a new run, at the current
    /// time for a scenario's timed `config`, which restarts the cluster in place (time goes on).
    fn starting_at(config: SimConfig, start_ms: u64) -> Result<World> {
        config.validate()?;
        let latency = Latency {
            min_ms: config.latency_ms[0],
            max_ms: config.latency_ms[1],
        };
        let network = Network::new(latency, config.drop_rate, config.dup_rate);
        let mut world = World {
            rng: seeded(config.seed),
            now: start_ms,
            servers: Vec::new(),
            network,
            queue: BinaryHeap::new(),
            next_seq: 0,
            clients: Vec::new(),
            next_read_id: 1,
            history: History::new(),
            narrator: Narrator::default(),
            stats: Stats::default(),
            trace: TraceHash::default(),
            checker: Checker::new(),
            steps: 0,
            position: 0,
            last_step_ms: start_ms,
            max_commit: 0,
            step: Step::Text,
            event_text: String::new(),
            config,
        };
        for id in 1..=world.config.nodes {
            let raft_config = world.raft_config(id);
            let node = Node::new(
                raft_config,
                PersistentState::new(),
                start_ms,
                &mut world.rng,
            )
            .map_err(|e| SimError::Config(e.to_string()))?;
            world.servers.push(Server {
                id,
                life: Life::Up(Box::new(node)),
                clock: Clock::new(start_ms),
                kv: Kv::default(),
                timer_at: None,
                last_crash_ms: None,
                proposals: Vec::new(),
                reads: Vec::new(),
            });
        }
        for idx in 0..world.servers.len() {
            world.after_input(idx);
        }
        let nodes = world.config.nodes;
        world.narrator.say(
            start_ms,
            None,
            format!("a cluster of {nodes} servers starts"),
        );
        Ok(world)
    }

    /// A scenario's timed `config`: a new cluster from `config`, starting now. The timeline's
    /// counters (steps, position, trace) go on, so a replay finds later commands in their place.
    pub(crate) fn restart_cluster(&mut self, config: &SimConfig) -> Result<()> {
        let mut fresh = World::starting_at(config.clone(), self.now)?;
        fresh.steps = self.steps;
        fresh.position = self.position;
        fresh.trace = std::mem::take(&mut self.trace);
        *self = fresh;
        Ok(())
    }

    /// The core's configuration for server `id`.
    pub(crate) fn raft_config(&self, id: NodeId) -> raft::Config {
        let c = &self.config;
        raft::Config {
            id,
            voters: (1..=c.nodes).collect(),
            election_timeout_ms: c.election_ms[0],
            heartbeat_interval_ms: c.heartbeat_ms,
            max_entries_per_append: c.max_entries_per_append as usize,
            pre_vote: c.prevote,
            check_quorum: c.check_quorum,
            lease_clock_drift_bound: c.lease_clock_drift_bound,
            quirks: c.quirks,
        }
    }

    /// The index of server `id`, or a clear error.
    pub(crate) fn index_of(&self, id: NodeId) -> Result<usize> {
        let nodes = self.config.nodes;
        if id == 0 || id > nodes {
            return Err(SimError::UnknownNode { node: id, nodes });
        }
        Ok((id - 1) as usize)
    }

    pub(crate) fn local_now(&self, idx: usize) -> u64 {
        self.servers[idx].clock.local(self.now)
    }

    pub(crate) fn schedule(&mut self, at: u64, due: Due) {
        self.next_seq += 1;
        self.queue.push(Reverse((at, self.next_seq, due)));
    }

    /// The time of the next queued entry (it may turn out to do nothing).
    pub(crate) fn next_due(&self) -> Option<u64> {
        self.queue.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Processes queued entries until one real event due at or before `limit` happened (true),
    /// or none is left by then (false). Stale entries (a dropped message, a moved timer) are
    /// discarded on the way without counting as a step. Stops before `position` would pass
    /// `stop_at` (where a recorded command goes).
    pub(crate) fn step_until(&mut self, limit: u64, stop_at: u64) -> bool {
        while let Some(at) = self.next_due() {
            if at > limit || self.position >= stop_at {
                return false;
            }
            let Some(Reverse((at, _, due))) = self.queue.pop() else {
                return false;
            };
            self.position += 1;
            self.now = self.now.max(at);
            if self.handle(at, due) {
                self.finish_step();
                return true;
            }
        }
        false
    }

    /// Runs every event due at or before `t`, then sets the clock to `t`.
    pub(crate) fn run_to(&mut self, t: u64) {
        while self.step_until(t, u64::MAX) {}
        self.now = self.now.max(t);
    }

    fn handle(&mut self, at: u64, due: Due) -> bool {
        // Client steps write their text into `event_text`.
        self.step = Step::Text;
        match due {
            Due::Deliver(id) => self.deliver(id),
            Due::Timer(node) => self.fire_timer(node, at),
            Due::ClientTimeout {
                client,
                op,
                attempt,
            } => {
                self.trace.u64(self.now << 8 | 4);
                self.trace.u64(client);
                self.client_timeout(client, op, attempt)
            }
            Due::ClientSend {
                client,
                op,
                attempt,
                node,
            } => {
                self.trace.u64(self.now << 8 | 5);
                self.trace.u64(client << 8 | node);
                self.client_send(client, op, attempt, node)
            }
        }
    }

    fn deliver(&mut self, id: u64) -> bool {
        let Some((m, reachable)) = self.network.take(id) else {
            return false; // dropped by hand earlier
        };
        let (from, to) = (m.from, m.to);
        let kind = m.msg.kind();
        let idx = (to - 1) as usize;
        let sender = &self.servers[(from - 1) as usize];
        // A message is lost if random loss took it (counted when sent), if its sender crashed
        // after sending it, if its receiver is down, or if a partition or cut now lies between them.
        let sender_crashed = sender.last_crash_ms.is_some_and(|t| t >= m.sent_ms);
        let receiver_up = self.servers[idx].node().is_some();
        self.trace.u64(self.now << 8 | 1);
        self.trace.u64(id);
        if m.lost || !reachable || sender_crashed || !receiver_up {
            if !m.lost {
                self.stats.messages_dropped += 1;
            }
            self.trace.u64(0);
            self.step = Step::Lost { id, kind, from, to };
            return true;
        }
        self.stats.messages_delivered += 1;
        self.step = Step::Receive { id, kind, from, to };
        let local = self.local_now(idx);
        if let Life::Up(node) = &mut self.servers[idx].life {
            node.receive(local, m.msg, &mut self.rng);
        }
        self.after_input(idx);
        true
    }

    /// A node's timer entry queued for `at` (the node's `timer_at` says whether it is still the
    /// one that counts).
    fn fire_timer(&mut self, id: NodeId, at: u64) -> bool {
        let idx = (id - 1) as usize;
        if self.servers[idx].timer_at != Some(at) {
            return false; // superseded by an earlier entry
        }
        self.servers[idx].timer_at = None;
        let local = self.local_now(idx);
        let Life::Up(node) = &mut self.servers[idx].life else {
            return false;
        };
        match node.next_deadline() {
            Some(deadline) if deadline <= local => {
                node.tick(local, &mut self.rng);
                self.trace.u64(self.now << 8 | 2);
                self.trace.u64(id);
                self.step = Step::Timer(id);
                self.after_input(idx);
                true
            }
            // The deadline moved later since this entry was queued: queue it again.
            _ => {
                self.reschedule_timer(idx);
                false
            }
        }
    }

    /// Queues the node's next timer if it is earlier than the one already queued.
    pub(crate) fn reschedule_timer(&mut self, idx: usize) {
        let server = &self.servers[idx];
        let Some(deadline) = server.node().and_then(|n| n.next_deadline()) else {
            return;
        };
        let at = server.clock.global_at(deadline, self.now);
        if server.timer_at.is_none_or(|t| at < t) {
            self.servers[idx].timer_at = Some(at);
            let id = self.servers[idx].id;
            self.schedule(at, Due::Timer(id));
        }
    }

    /// Carries out what a node's core produced: send its messages, apply its committed entries,
    /// serve its reads, narrate its events, and queue its next timer.
    pub(crate) fn after_input(&mut self, idx: usize) {
        let Life::Up(node) = &mut self.servers[idx].life else {
            return;
        };
        let ready = node.take_ready();
        let commit = node.commit_index();
        for msg in ready.messages {
            self.send(msg);
        }
        for entry in ready.committed {
            self.apply_entry(idx, &entry);
        }
        for read in ready.reads {
            self.serve_read(idx, read);
        }
        for event in ready.events {
            if matches!(event, Event::BecameCandidate { .. }) {
                self.stats.elections += 1;
            }
            self.narrator.core(self.now, event);
        }
        if commit > self.max_commit {
            self.stats.commits += commit - self.max_commit;
            self.max_commit = commit;
        }
        self.reschedule_timer(idx);
    }

    fn send(&mut self, msg: Message) {
        let (from, to) = (msg.from, msg.to);
        if to == 0 || to > self.config.nodes {
            return; // the core only addresses voters; never trust an id blindly
        }
        self.stats.messages_sent += 1;
        let sent = self.network.send(&mut self.rng, self.now, from, to, msg);
        if sent.blocked || sent.lost {
            self.stats.messages_dropped += 1;
        } else if sent.copies.len() == 2 {
            self.stats.messages_duplicated += 1;
        }
        for (id, at) in sent.copies {
            self.schedule(at, Due::Deliver(id));
        }
    }

    fn apply_entry(&mut self, idx: usize, entry: &Entry) {
        let server = &mut self.servers[idx];
        let applied = AppliedEntry {
            index: entry.index,
            term: entry.term,
            fingerprint: entry_fingerprint(&entry.data),
        };
        self.checker.on_apply(server.id, &applied);
        let EntryData::Command(data) = &entry.data else {
            return;
        };
        if let Applied::Put { op, .. } = server.kv.apply(data) {
            let answered = sorted_set::remove(&mut server.proposals, &(op.client, op.seq));
            // Older proposals of the same client can no longer be waited for.
            server
                .proposals
                .retain(|&(c, s)| c != op.client || s > op.seq);
            if answered {
                let node = server.id;
                self.complete_put(op.client, op.seq, node);
            }
        }
    }

    /// Steps end here: count it and let the checker look at every node. (What the step was is
    /// already in the trace: every random draw shows in event times, so the events alone tell
    /// two runs apart.)
    fn finish_step(&mut self) {
        self.steps += 1;
        self.last_step_ms = self.now;
        self.stats.events = self.steps;
        self.observe();
    }

    pub(crate) fn set_event_text(&mut self, args: std::fmt::Arguments<'_>) {
        self.step = Step::Text;
        self.event_text.clear();
        let _ = self.event_text.write_fmt(args);
    }

    /// A command counts as a step too (the timeline steps over it).
    pub(crate) fn finish_command(&mut self, text: String) {
        self.position += 1;
        self.trace.u64(self.now << 8 | 3);
        self.trace.str(&text);
        self.step = Step::Text;
        self.event_text = text;
        self.finish_step();
    }

    /// The leader of the highest term among live nodes.
    pub fn leader(&self) -> Option<NodeId> {
        self.servers
            .iter()
            .filter_map(|s| s.node())
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.current_term())
            .map(|n| n.id())
    }

    /// The leader every live server follows in its term, if there is one (a leader alone in a
    /// minority, or one the others have not heard of yet, is not).
    pub fn followed_leader(&self) -> Option<NodeId> {
        let leader = self.leader()?;
        let term = self
            .servers
            .iter()
            .find(|s| s.id == leader)?
            .node()?
            .current_term();
        self.servers
            .iter()
            .filter_map(|s| s.node())
            .all(|n| n.current_term() == term && n.leader_id() == Some(leader))
            .then_some(leader)
    }

    /// Client operations not yet answered.
    pub fn pending_ops(&self) -> usize {
        self.clients.iter().filter(|c| c.op.is_some()).count()
    }

    /// A rough count of the heap bytes this world holds (logs dominate), for the timeline's
    /// memory budget. Measured figures are in tests/sim_timeline.rs.
    pub(crate) fn approx_bytes(&self) -> usize {
        let per_entry = std::mem::size_of::<Entry>() + 48;
        let logs: usize = self
            .servers
            .iter()
            .map(|s| {
                let entries = s.persistent().log.entries();
                let text: usize = entries
                    .iter()
                    .map(|e| match &e.data {
                        EntryData::Command(c) => c.len(),
                        EntryData::Noop => 0,
                    })
                    .sum();
                entries.len() * per_entry + text + s.kv.approx_bytes()
            })
            .sum();
        let history = self.history.len() * 160;
        let wire = self.network.in_flight_len() * 256;
        // The checker mirrors every log and remembers each committed index.
        logs * 2 + history + wire + 16 * 1024
    }
}
