//! The world: one event loop over the parts it owns, in virtual time.
//!
//! - **Servers** (servers.rs): each Raft node with its clock and key-value state machine.
//! - **Network** (network.rs): messages in flight, partitions, cuts, loss and latency.
//! - **Clients** (clients.rs): requests, redirects, retries and the history of operations.
//! - **Observers** (observers.rs): the invariant checker, narration, trace hash, statistics.
//!
//! A queue holds what happens next: message deliveries, one timer per server (at the global
//! time its local `next_deadline` falls due) and client timers. Ties at the same time are
//! broken by insertion order, so a run is a pure function of the seed and the commands. Each
//! step takes one entry from the queue (or applies one command), hands it to the part it
//! concerns, routes what comes out (a core's messages to the network, its committed entries to
//! the state machine and the clients, ...) and ends with the observers. The whole world is
//! `Clone`: the timeline keeps copies of it as checkpoints.

use super::checker::AppliedEntry;
use super::clients::{Attempt, ClientTimer, Clients, Request as ClientRequest};
use super::cluster_checks::{check_against_cluster, normalize_groups};
use super::command::Command;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::fingerprint::entry_fingerprint;
use super::history::OpKind;
use super::kv::Applied;
use super::membership::config_change;
use super::narration::Told;
use super::network::{Latency, Network};
use super::observers::{Observers, Step, TraceTag};
use super::request::Request;
use super::rng::{seeded, SimRng};
use super::servers::{NodeId, Servers, Submitted};
use super::spacetime::{Accept, Fate};
use crate::i18n::{fill, tr};
use crate::raft::{Entry, EntryData, Message, ReadOutcome};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What a queue entry does when its time comes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Deliver(u64),
    Timer(NodeId),
    Client(ClientTimer),
}

#[derive(Debug, Clone)]
pub struct World {
    pub(crate) config: SimConfig,
    pub(crate) now: u64,
    rng: SimRng,
    pub(crate) servers: Servers,
    pub(crate) network: Network<Message>,
    pub(crate) clients: Clients,
    pub(crate) observers: Observers,
    queue: BinaryHeap<Reverse<(u64, u64, Due)>>,
    next_seq: u64,
    /// Steps taken: events that did something plus commands applied (what stepping counts).
    pub(crate) steps: u64,
    /// Queue entries popped (stale ones too) plus commands applied: the exact position a
    /// command was applied at, so a replay puts it between the same two pops.
    pub(crate) position: u64,
    /// When the latest step happened (`now` may have moved on since, with nothing happening).
    pub(crate) last_step_ms: u64,
}

impl World {
    /// A fresh cluster at time 0: every node a follower with an empty log.
    pub fn new(config: SimConfig) -> Result<World> {
        let mut world = World::starting_at(config, 0)?;
        // The start is a step of its own for the space-time records: position 0.
        world.observers.spacetime.end_step(0, 0, &world.servers);
        Ok(world)
    }

    /// A fresh cluster whose clocks start at `start_ms`: at 0 for a new run, at the current
    /// time for a scenario's timed `config`, which restarts the cluster in place (time goes on).
    fn starting_at(config: SimConfig, start_ms: u64) -> Result<World> {
        config.validate()?;
        let latency = Latency {
            min_ms: config.latency_ms[0],
            max_ms: config.latency_ms[1],
        };
        let mut rng = seeded(config.seed);
        let mut world = World {
            servers: Servers::start(&config, start_ms, &mut rng)?,
            rng,
            now: start_ms,
            network: Network::new(latency, config.drop_rate, config.dup_rate),
            clients: Clients::new(&config),
            observers: Observers::new(),
            queue: BinaryHeap::new(),
            next_seq: 0,
            steps: 0,
            position: 0,
            last_step_ms: start_ms,
            config,
        };
        world
            .observers
            .spacetime
            .observe_lanes(start_ms, &world.servers);
        for idx in 0..world.servers.len() {
            world.after_input(idx);
        }
        let nodes = world.config.nodes;
        (world.observers.narrator).say(start_ms, None, Told::ClusterStarts { nodes });
        Ok(world)
    }

    /// A restart: a new cluster from `config`, starting now. The timeline's counters (steps,
    /// position, trace) go on, so a replay finds later requests in their place.
    fn restart_cluster(&mut self, config: &SimConfig) -> Result<()> {
        let mut fresh = World::starting_at(config.clone(), self.now)?;
        fresh.steps = self.steps;
        fresh.position = self.position;
        fresh.observers.trace = std::mem::take(&mut self.observers.trace);
        // The diagram's lanes go on: the new cluster's states are told against the old one's.
        fresh.observers.spacetime = std::mem::take(&mut self.observers.spacetime);
        fresh.observers.spacetime.cluster_restarted(self.now);
        *self = fresh;
        Ok(())
    }

    fn schedule(&mut self, at: u64, due: Due) {
        self.next_seq += 1;
        self.queue.push(Reverse((at, self.next_seq, due)));
    }

    /// The time of the next queued entry (it may turn out to do nothing).
    fn next_due(&self) -> Option<u64> {
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
        match due {
            Due::Deliver(id) => self.deliver(id),
            Due::Timer(node) => self.fire_timer(node, at),
            Due::Client(timer) => self.client_timer(&timer),
        }
    }

    fn deliver(&mut self, id: u64) -> bool {
        let Some((m, reachable)) = self.network.take(id) else {
            return false; // dropped by hand earlier
        };
        let (from, to) = (m.from, m.to);
        let kind = m.msg.kind();
        let idx = (to - 1) as usize;
        // A message is lost if random loss took it (counted when sent), if its sender crashed
        // after sending it, if its receiver is down, or if a partition or cut now lies between them.
        let sender = &self.servers[(from - 1) as usize];
        let sender_crashed = sender.last_crash_ms.is_some_and(|t| t >= m.sent_ms);
        let receiver_up = self.servers[idx].node().is_some();
        let observers = &mut self.observers;
        observers.trace_step(self.now, TraceTag::Deliver);
        observers.trace.u64(id);
        if m.lost || !reachable || sender_crashed || !receiver_up {
            if !m.lost {
                observers.stats.messages_dropped += 1;
            }
            let fate = match () {
                _ if m.lost => Fate::Lost,
                _ if !reachable => Fate::Partitioned,
                _ if sender_crashed => Fate::SenderDown,
                _ => Fate::ReceiverDown,
            };
            observers.spacetime.ended(id, self.now, fate);
            observers.trace.u64(0);
            observers.set_step(Step::Lost { id, kind, from, to });
            return true;
        }
        observers.stats.messages_delivered += 1;
        observers.set_step(Step::Receive { id, kind, from, to });
        observers.spacetime.ended(id, self.now, Fate::Delivered);
        observers.spacetime.delivering(kind);
        let server = &mut self.servers[idx];
        let local = server.local_now(self.now);
        if let Some(node) = server.node_mut() {
            node.receive(local, m.msg, &mut self.rng);
        }
        self.after_input(idx);
        true
    }

    /// A server's timer entry queued for `at` (the server's `timer_at` says whether it is still
    /// the one that counts).
    fn fire_timer(&mut self, id: NodeId, at: u64) -> bool {
        let idx = (id - 1) as usize;
        let server = &mut self.servers[idx];
        if server.timer_at != Some(at) {
            return false; // superseded by an earlier entry
        }
        server.timer_at = None;
        let local = server.local_now(self.now);
        let Some(node) = server.node_mut() else {
            return false;
        };
        if node.next_deadline().is_none_or(|deadline| deadline > local) {
            // The deadline moved later since this entry was queued: queue it again.
            self.queue_timer(idx);
            return false;
        }
        node.tick(local, &mut self.rng);
        self.observers.trace_step(self.now, TraceTag::Timer);
        self.observers.trace.u64(id);
        self.observers.set_step(Step::Timer(id));
        self.after_input(idx);
        true
    }

    /// Queues the server's next timer if it is earlier than the one already queued.
    fn queue_timer(&mut self, idx: usize) {
        if let Some(at) = self.servers[idx].earlier_timer(self.now) {
            let id = self.servers[idx].id;
            self.schedule(at, Due::Timer(id));
        }
    }

    /// Carries out what a server's core produced: send its messages, apply its committed
    /// entries, serve its reads, tell its events, and queue its next timer.
    fn after_input(&mut self, idx: usize) {
        let Some(node) = self.servers[idx].node_mut() else {
            return;
        };
        let ready = node.take_ready();
        let commit = node.commit_index();
        for msg in ready.messages {
            self.send(msg);
        }
        // What the server applies: a snapshot it installs, then committed entries.
        let snapshot = ready.snapshot.as_ref().map(|s| s.index);
        let first = snapshot.or(ready.committed.first().map(|e| e.index));
        let last = ready.committed.last().map(|e| e.index).or(snapshot);
        let id = self.servers[idx].id;
        (self.observers.spacetime).server_stepped(id, self.now, commit, first.zip(last));
        if let Some(snapshot) = &ready.snapshot {
            self.servers[idx].restore(snapshot);
        }
        for entry in ready.committed {
            self.apply_entry(idx, &entry);
        }
        for read in ready.reads {
            self.serve_read(idx, read);
        }
        for event in ready.events {
            self.observers.core_event(self.now, event);
        }
        self.observers.commit_index(commit);
        if self.servers[idx].due_for_snapshot(self.config.snapshot_every) {
            self.compact(idx);
        }
        self.queue_timer(idx);
    }

    /// Compacts server `idx`'s log now (§7), and tells it.
    fn compact(&mut self, idx: usize) {
        if self.servers[idx].compact().is_err() {
            return; // nothing new applied: nothing to do
        }
        if let Some(node) = self.servers[idx].node_mut() {
            for event in node.take_ready().events {
                self.observers.core_event(self.now, event);
            }
        }
    }

    fn send(&mut self, msg: Message) {
        let (from, to) = (msg.from, msg.to);
        if to == 0 || to > self.servers.len() as NodeId {
            return; // the core only addresses servers that exist; never trust an id blindly
        }
        let stats = &mut self.observers.stats;
        stats.messages_sent += 1;
        let noted = self.observers.spacetime.sending(self.now, &msg);
        let sent = self.network.send(&mut self.rng, self.now, from, to, msg);
        self.observers.spacetime.sent(noted, &sent.copies);
        let stats = &mut self.observers.stats;
        if sent.blocked || sent.lost {
            stats.messages_dropped += 1;
        } else if sent.copies.len() == 2 {
            stats.messages_duplicated += 1;
        }
        for (id, at) in sent.copies {
            self.schedule(at, Due::Deliver(id));
        }
    }

    /// A committed entry reaches server `idx`'s state machine; a write it had accepted is
    /// answered.
    fn apply_entry(&mut self, idx: usize, entry: &Entry) {
        let server = &mut self.servers[idx];
        let applied = AppliedEntry {
            index: entry.index,
            term: entry.term,
            fingerprint: entry_fingerprint(&entry.data),
        };
        self.observers.checker.on_apply(server.id, &applied);
        let EntryData::Command(data) = &entry.data else {
            return;
        };
        if let Applied::Put { op, .. } = server.kv.apply(data) {
            let node = server.id;
            if let Some(op) = self
                .clients
                .on_applied_put(self.now, node, op.client, op.seq)
            {
                let answer = Told::Answer { node, op };
                self.observers.narrator.say(self.now, Some(node), answer);
            }
        }
    }

    /// A read outcome from server `idx`'s core, for the client that asked.
    fn serve_read(&mut self, idx: usize, outcome: ReadOutcome) {
        let server = &self.servers[idx];
        let answered = self
            .clients
            .on_read(self.now, server.id, outcome, &server.kv);
        if let Some(op) = answered {
            let answer = Told::Answer {
                node: server.id,
                op,
            };
            self.observers
                .narrator
                .say(self.now, Some(server.id), answer);
        }
        self.queue_client_timers();
    }

    fn queue_client_timers(&mut self) {
        while let Some((at, timer)) = self.clients.take_timer() {
            self.schedule(at, Due::Client(timer));
        }
    }

    /// A client timer came due: a timeout or a resend, if the client still waits.
    fn client_timer(&mut self, timer: &ClientTimer) -> bool {
        let (client, tag, detail) = match *timer {
            ClientTimer::Timeout { client, .. } => (client, TraceTag::ClientTimeout, client),
            ClientTimer::Send { client, node, .. } => {
                (client, TraceTag::ClientSend, client << 8 | node)
            }
        };
        self.observers.trace_step(self.now, tag);
        self.observers.trace.u64(detail);
        self.observers.set_step(Step::Text);
        let Some(fired) = self.clients.on_timer(self.now, timer) else {
            return false;
        };
        let node = fired.attempt.node;
        match fired.silent {
            None => self.observers.set_step(Step::ClientSend { client, node }),
            Some(silent) => {
                let retry = Told::Retry {
                    client,
                    silent,
                    node,
                };
                self.observers.narrator.say(self.now, None, retry);
                let step = Step::ClientRetry {
                    client,
                    silent,
                    node,
                };
                self.observers.set_step(step);
            }
        }
        self.make_attempt(fired.attempt);
        true
    }

    /// Hands a client's request to the server it is for: accepted, it waits in the core;
    /// refused (or the server is down), the client goes on as it decides.
    fn make_attempt(&mut self, attempt: Attempt) {
        self.queue_client_timers(); // the attempt's timeout
        let Ok(idx) = self.servers.index_of(attempt.node) else {
            return;
        };
        let refused = match self.servers[idx].submit(self.now, &attempt.request) {
            Submitted::Accepted => {
                self.note_accepted(idx, &attempt);
                None
            }
            Submitted::Refused { leader_hint } => Some(leader_hint),
            Submitted::Lost => return, // the server is down; the client will time out
        };
        match refused {
            None => {
                self.clients.accepted(&attempt);
                self.after_input(idx);
            }
            Some(hint) => {
                self.clients.refused(self.now, &attempt, hint);
                self.queue_client_timers();
            }
        }
    }

    /// For the diagram: server `idx` took the attempt (a write: appended it at its last index).
    fn note_accepted(&mut self, idx: usize, attempt: &Attempt) {
        let Some(op) = self.clients.pending_op(attempt.client) else {
            return;
        };
        let server = &self.servers[idx];
        let index = match attempt.request {
            ClientRequest::Propose(_) => server.persistent().log.last_index(),
            ClientRequest::Read { .. } => 0,
        };
        let accept = Accept {
            server: server.id,
            at_ms: self.now,
            index,
        };
        self.observers.spacetime.accepted(op, accept);
    }

    /// Carries out `request` now, or returns why not (and changes nothing).
    pub(crate) fn apply(&mut self, request: &Request) -> Result<()> {
        match request {
            Request::Command(command) => self.apply_command(command),
            Request::Restart(config) => {
                self.restart_cluster(config)?;
                self.finish_command(request.to_json());
                Ok(())
            }
        }
    }

    /// Applies `command` now, or returns why not (and changes nothing).
    fn apply_command(&mut self, command: &Command) -> Result<()> {
        command.check()?;
        check_against_cluster(&self.servers, &self.network, command)?;
        let now = self.now;
        // The narration tells the command before its consequences; a transfer is told by the
        // core's own event once it has accepted it, a membership command once the leader has.
        let mut membership = None;
        match command {
            Command::Transfer { to } => self.transfer(*to)?,
            Command::AddServer { .. }
            | Command::RemoveServer { .. }
            | Command::Promote { .. }
            | Command::ChangeConfig { .. } => {
                membership = Some(self.change_membership(command)?);
                let narrator = &mut self.observers.narrator;
                narrator.command(now, command.subject(), command);
            }
            // Told with the groups as the network takes them (every server in one).
            Command::Partition { groups } => {
                let groups = normalize_groups(&self.servers, groups)?;
                let told = Command::Partition { groups };
                self.observers.narrator.command(now, None, &told);
            }
            _ => self
                .observers
                .narrator
                .command(now, command.subject(), command),
        }
        match command {
            Command::Crash { node } => {
                let idx = self.servers.index_of(*node)?;
                self.servers[idx].crash(now);
                self.clients.on_crash(*node);
            }
            Command::Restart { node } => {
                let idx = self.servers.index_of(*node)?;
                if self.servers[idx].restart(&self.config, now, &mut self.rng) {
                    self.observers.checker.on_restart(*node);
                    self.after_input(idx);
                }
            }
            Command::Partition { groups } => {
                let groups = normalize_groups(&self.servers, groups)?;
                let groups = if groups.len() == 1 {
                    Vec::new()
                } else {
                    groups
                };
                self.network.partition(groups);
            }
            Command::Cut { from, to, oneway } => self.network.cut(*from, *to, *oneway),
            Command::Uncut { from, to, oneway } => self.network.uncut(*from, *to, *oneway),
            Command::Heal => self.network.heal(),
            Command::DropRate { p } => self.network.set_drop_rate(*p),
            Command::DupRate { p } => self.network.set_dup_rate(*p),
            Command::Latency {
                min_ms,
                max_ms,
                from,
                to,
            } => {
                let latency = Latency {
                    min_ms: *min_ms,
                    max_ms: *max_ms,
                };
                self.network.set_latency(latency, from.zip(*to));
            }
            Command::DropMessage { id } => {
                if let Some(m) = self.network.drop_message(*id) {
                    // A message random loss took was counted as dropped when it was sent.
                    if !m.lost {
                        self.observers.stats.messages_dropped += 1;
                    }
                    self.observers.spacetime.ended(*id, now, Fate::Dropped);
                }
            }
            Command::Timeout { node } => {
                let idx = self.servers.index_of(*node)?;
                self.servers[idx].force_timeout(now, &mut self.rng);
                self.after_input(idx);
            }
            Command::Transfer { .. } => {}
            Command::Put { key, value, node } => {
                let request = OpKind::Put {
                    key: key.clone(),
                    value: value.clone(),
                };
                self.client_request(request, *node);
            }
            Command::Get { key, node, read } => {
                let request = OpKind::Get {
                    key: key.clone(),
                    mode: *read,
                };
                self.client_request(request, *node);
            }
            Command::ClockDrift { node, rate } => {
                let idx = self.servers.index_of(*node)?;
                self.servers[idx].clock.set_rate(now, *rate);
                self.queue_timer(idx);
            }
            Command::Snapshot { node } => {
                let idx = self.servers.index_of(*node)?;
                self.compact(idx);
            }
            Command::AddServer { .. }
            | Command::RemoveServer { .. }
            | Command::Promote { .. }
            | Command::ChangeConfig { .. } => {
                if let Some((leader, joined)) = membership.take() {
                    for idx in joined {
                        self.after_input(idx);
                    }
                    self.after_input(leader);
                }
            }
        }
        self.finish_command(command.to_json());
        Ok(())
    }

    fn client_request(&mut self, request: OpKind, node: NodeId) {
        if let Some(attempt) = self.clients.request(self.now, request, node) {
            self.make_attempt(attempt);
        }
    }

    /// A membership command (thesis chapter 4), asked of the current leader like a client
    /// request: the new servers it names are created once the leader has taken the change.
    /// Returns the leader's index and the new servers' (whose outputs the caller routes).
    fn change_membership(&mut self, command: &Command) -> Result<(usize, Vec<usize>)> {
        let (change, new) = config_change(&self.servers, command)?;
        let Some(leader) = self.servers.leader() else {
            let name = command.name();
            let text = fill(tr("there is no leader to ask ({0} needs one)"), &[&name]);
            return Err(SimError::Refused(text));
        };
        let idx = self.servers.index_of(leader)?;
        self.servers[idx]
            .propose_config_change(self.now, change)
            .map_err(|e| SimError::Refused(fill(tr("S{0} refuses: {1}"), &[&leader, &e])))?;
        let mut joined = Vec::new();
        for _ in 0..new {
            joined.push(self.servers.add(&self.config, self.now, &mut self.rng)?);
            let count = self.servers.len() as NodeId;
            self.network.server_joined(count);
            self.clients.server_joined(count);
        }
        Ok((idx, joined))
    }

    /// Leadership transfer (thesis §3.10), asked of the current leader.
    fn transfer(&mut self, to: NodeId) -> Result<()> {
        let Some(leader) = self.servers.leader() else {
            return Err(SimError::Refused(
                tr("there is no leader to hand leadership over").into(),
            ));
        };
        let idx = self.servers.index_of(leader)?;
        self.servers[idx]
            .transfer_leadership(self.now, to)
            .map_err(|e| SimError::Refused(e.to_string()))?;
        self.after_input(idx);
        Ok(())
    }

    /// Steps end here: count it and let the observers look at every server. (What the step was
    /// is already in the trace: every random draw shows in event times, so the events alone
    /// tell two runs apart.)
    fn finish_step(&mut self) {
        self.steps += 1;
        self.last_step_ms = self.now;
        self.observers.end_step(self.now, self.steps, &self.servers);
        (self.observers.spacetime).end_step(self.now, self.position, &self.servers);
    }

    /// A command counts as a step too (the timeline steps over it).
    fn finish_command(&mut self, text: String) {
        self.position += 1;
        self.observers.trace_step(self.now, TraceTag::Command);
        self.observers.trace.str(&text);
        self.observers.set_step_string(text);
        self.finish_step();
    }

    /// A rough count of the heap bytes this world holds (logs dominate), for the timeline's
    /// memory budget. Measured figures are in tests/sim_timeline.rs.
    pub(crate) fn approx_bytes(&self) -> usize {
        let logs = self.servers.approx_bytes();
        let history = self.clients.history().len() * 160;
        let wire = self.network.in_flight_len() * 256;
        // The checker mirrors every log and remembers each committed index.
        logs * 2 + history + wire + 16 * 1024
    }
}
