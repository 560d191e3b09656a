//! A small in-test network for scenario tests of the Raft core: a message queue with latency,
//! partitions and one-way cuts, message filters, crashes and restarts, and per-node local clocks
//! that can run fast or slow. It is a test helper, not the simulator.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use raftlab::raft::{
    Config, Entry, Event, LogIndex, Message, MessageKind, Node, NodeId, PersistentState, ReadMode,
    ReadOutcome, Role, Term,
};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// A message in flight.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub deliver_at: u64,
    pub seq: u64,
    pub msg: Message,
}

/// One server: its node while up, the persistent state kept across a crash, and its clock.
pub struct Server {
    pub node: Option<Node>,
    pub kept: PersistentState,
    /// local = base_local + (global - base_global) * rate
    pub rate: f64,
    base_global: u64,
    base_local: u64,
}

impl Server {
    fn local(&self, global: u64) -> u64 {
        self.base_local + ((global - self.base_global) as f64 * self.rate).floor() as u64
    }

    /// The first global time at which the local clock reads at least `local`.
    fn global_for(&self, local: u64, now_global: u64) -> u64 {
        if local <= self.local(now_global) {
            return now_global;
        }
        let delta = (local - self.base_local) as f64 / self.rate;
        let mut g = self.base_global + delta.ceil() as u64;
        g = g.max(now_global);
        while self.local(g) < local {
            g += 1;
        }
        g
    }
}

type Filter = Box<dyn FnMut(&Message) -> bool>;
type Rewrite = Box<dyn FnMut(Message) -> Option<Message>>;

pub struct Cluster {
    pub time: u64,
    pub servers: BTreeMap<NodeId, Server>,
    pub template: Config,
    pub rng: Pcg64,
    pub queue: Vec<InFlight>,
    seq: u64,
    /// Per-message latency drawn uniformly from this inclusive range.
    pub latency: (u64, u64),
    /// Probability that a message is lost, and that it is delivered twice.
    pub drop_rate: f64,
    pub dup_rate: f64,
    /// Blocked directed links (from, to).
    pub blocked: BTreeSet<(NodeId, NodeId)>,
    /// Messages for which this returns true are dropped when sent.
    pub drop_filter: Option<Filter>,
    /// Rewrites (or, returning None, drops) messages when sent: for scripted scenarios.
    pub rewrite: Option<Rewrite>,
    /// Per-link latency (from, to), overriding `latency`: a slow link.
    pub link_latency: BTreeMap<(NodeId, NodeId), (u64, u64)>,
    /// Messages for which this returns true are held back when sent, into `held`, until
    /// [`Cluster::release_held`] puts them on the wire: a message delayed for as long as a
    /// scenario needs.
    pub hold: Option<Filter>,
    pub held: Vec<Message>,
    /// Every message sent, in order (before filters), and every message delivered.
    pub sent: Vec<Message>,
    pub delivered: Vec<Message>,
    /// What each node applied since it (re)started, and everything any node ever applied.
    pub applied: BTreeMap<NodeId, Vec<Entry>>,
    pub applied_ever: Vec<(NodeId, Entry)>,
    pub reads: BTreeMap<NodeId, Vec<(u64, ReadOutcome)>>,
    pub events: Vec<(u64, Event)>,
    /// Every (term, leader) ever seen, for Election Safety.
    pub leaders_seen: BTreeMap<Term, BTreeSet<NodeId>>,
    /// For each read (node, id): the highest index applied anywhere when it was invoked.
    pub read_floor: BTreeMap<(NodeId, u64), (ReadMode, LogIndex)>,
    /// Violations noticed while running (Leader Completeness, monotonic state, stale reads).
    pub violations: Vec<String>,
    /// Per node: (term, commit_index) seen last, for monotonicity checks.
    last_seen: BTreeMap<NodeId, (Term, LogIndex)>,
    /// Compact a node's log whenever it has applied this many entries past its snapshot (§7).
    pub compact_every: Option<u64>,
}

impl Cluster {
    /// `n` servers S1..Sn with the given template configuration (its id and voters replaced).
    pub fn new(n: u64, template: Config, seed: u64) -> Cluster {
        Cluster::with_states(template, vec![PersistentState::new(); n as usize], seed)
    }

    /// Servers S1..Sn starting from the given persistent states (S1 gets `states[0]`, ...).
    pub fn with_states(template: Config, states: Vec<PersistentState>, seed: u64) -> Cluster {
        let voters: Vec<NodeId> = (1..=states.len() as NodeId).collect();
        let mut c = Cluster {
            time: 0,
            servers: BTreeMap::new(),
            template: Config {
                voters: voters.clone(),
                ..template
            },
            rng: Pcg64::seed_from_u64(seed),
            queue: Vec::new(),
            seq: 0,
            latency: (1, 5),
            drop_rate: 0.0,
            dup_rate: 0.0,
            blocked: BTreeSet::new(),
            drop_filter: None,
            rewrite: None,
            link_latency: BTreeMap::new(),
            hold: None,
            held: Vec::new(),
            sent: Vec::new(),
            delivered: Vec::new(),
            applied: BTreeMap::new(),
            applied_ever: Vec::new(),
            reads: BTreeMap::new(),
            events: Vec::new(),
            leaders_seen: BTreeMap::new(),
            read_floor: BTreeMap::new(),
            violations: Vec::new(),
            last_seen: BTreeMap::new(),
            compact_every: None,
        };
        for (id, kept) in voters.into_iter().zip(states) {
            c.servers.insert(
                id,
                Server {
                    node: None,
                    kept,
                    rate: 1.0,
                    base_global: 0,
                    base_local: 0,
                },
            );
            c.start(id);
        }
        c
    }

    /// The default test configuration: E = 100 ms, heartbeat 20 ms, PreVote and CheckQuorum on.
    pub fn config() -> Config {
        Config {
            election_timeout_ms: 100,
            heartbeat_interval_ms: 20,
            max_entries_per_append: 16,
            pre_vote: true,
            check_quorum: true,
            ..Config::default()
        }
    }

    pub fn ids(&self) -> Vec<NodeId> {
        self.servers.keys().copied().collect()
    }

    fn start(&mut self, id: NodeId) {
        // A server outside the bootstrap voters joined later (§4): it starts outside the
        // configuration and learns it from the leader.
        let config = Config {
            id,
            joining: !self.template.voters.contains(&id),
            ..self.template.clone()
        };
        let local = self.local_time(id);
        let kept = self.servers[&id].kept.clone();
        let node = Node::new(config, kept, local, &mut self.rng).expect("valid test config");
        self.servers.get_mut(&id).unwrap().node = Some(node);
        self.applied.insert(id, Vec::new());
        // A restarted node relearns its commit index: monotonic within one life only.
        if let Some(seen) = self.last_seen.get_mut(&id) {
            seen.1 = 0;
        }
        self.drain(id);
    }

    pub fn local_time(&self, id: NodeId) -> u64 {
        self.servers[&id].local(self.time)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        self.servers[&id].node.as_ref().expect("node is up")
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        self.servers
            .get_mut(&id)
            .unwrap()
            .node
            .as_mut()
            .expect("node is up")
    }

    /// Is S`id` a server of this network, and up? (Messages to an id no server has are lost.)
    pub fn is_up(&self, id: NodeId) -> bool {
        self.servers.get(&id).is_some_and(|s| s.node.is_some())
    }

    // ----- faults -----

    pub fn crash(&mut self, id: NodeId) {
        let s = self.servers.get_mut(&id).unwrap();
        if let Some(node) = s.node.take() {
            s.kept = node.persistent().clone();
        }
    }

    pub fn restart(&mut self, id: NodeId) {
        assert!(!self.is_up(id));
        self.start(id);
    }

    /// A brand-new server S`id` with an empty log joins the network, outside the configuration
    /// until the leader adds it (§4). Its clock starts now, in step with the others' time.
    pub fn add_server(&mut self, id: NodeId) {
        assert!(!self.servers.contains_key(&id), "S{id} exists already");
        let server = Server {
            node: None,
            kept: PersistentState::new(),
            rate: 1.0,
            base_global: self.time,
            base_local: self.time,
        };
        self.servers.insert(id, server);
        self.start(id);
    }

    /// Only nodes of the same group can talk.
    pub fn partition(&mut self, groups: &[&[NodeId]]) {
        self.blocked.clear();
        let ids = self.ids();
        for &a in &ids {
            for &b in &ids {
                let same = groups.iter().any(|g| g.contains(&a) && g.contains(&b));
                if a != b && !same {
                    self.blocked.insert((a, b));
                }
            }
        }
    }

    pub fn isolate(&mut self, id: NodeId) {
        for other in self.ids() {
            if other != id {
                self.blocked.insert((id, other));
                self.blocked.insert((other, id));
            }
        }
    }

    pub fn cut(&mut self, a: NodeId, b: NodeId) {
        self.blocked.insert((a, b));
        self.blocked.insert((b, a));
    }

    pub fn heal(&mut self) {
        self.blocked.clear();
    }

    /// Sets a node's clock rate (1.0 = real time) from now on.
    pub fn set_clock_rate(&mut self, id: NodeId, rate: f64) {
        let now = self.time;
        let s = self.servers.get_mut(&id).unwrap();
        s.base_local = s.local(now);
        s.base_global = now;
        s.rate = rate;
    }

    // ----- inputs -----

    pub fn propose(
        &mut self,
        id: NodeId,
        data: &str,
    ) -> Result<LogIndex, raftlab::raft::ProposeError> {
        let local = self.local_time(id);
        let r = self.node_mut(id).propose(local, data.to_string());
        self.drain(id);
        r
    }

    pub fn read(
        &mut self,
        id: NodeId,
        read_id: u64,
        mode: ReadMode,
    ) -> Result<(), raftlab::raft::ReadError> {
        let local = self.local_time(id);
        let floor = self
            .applied_ever
            .iter()
            .map(|(_, e)| e.index)
            .max()
            .unwrap_or(0);
        self.read_floor.insert((id, read_id), (mode, floor));
        let r = self.node_mut(id).read(local, read_id, mode);
        self.drain(id);
        r
    }

    pub fn transfer(&mut self, id: NodeId, to: NodeId) -> Result<(), raftlab::raft::TransferError> {
        let local = self.local_time(id);
        let r = self.node_mut(id).transfer_leadership(local, to);
        self.drain(id);
        r
    }

    pub fn propose_config(
        &mut self,
        id: NodeId,
        change: raftlab::raft::ConfigChange,
    ) -> Result<LogIndex, raftlab::raft::ConfigChangeError> {
        let local = self.local_time(id);
        let r = self.node_mut(id).propose_config_change(local, change);
        self.drain(id);
        r
    }

    pub fn timeout(&mut self, id: NodeId) {
        let local = self.local_time(id);
        let s = self.servers.get_mut(&id).unwrap();
        s.node
            .as_mut()
            .expect("up")
            .force_election_timeout(local, &mut self.rng);
        self.drain(id);
    }

    /// Hands a message straight to a node (bypassing the network).
    pub fn inject(&mut self, msg: Message) {
        let to = msg.to;
        if !self.is_up(to) {
            return;
        }
        let local = self.local_time(to);
        let s = self.servers.get_mut(&to).unwrap();
        s.node.as_mut().unwrap().receive(local, msg, &mut self.rng);
        self.drain(to);
    }

    /// Collects a node's outputs: messages into the network, applied entries, reads, events.
    fn drain(&mut self, id: NodeId) {
        let Some(node) = self.servers.get_mut(&id).unwrap().node.as_mut() else {
            return;
        };
        let ready = node.take_ready();
        let (role, term, commit) = (node.role(), node.current_term(), node.commit_index());
        if role == Role::Leader {
            self.leaders_seen.entry(term).or_default().insert(id);
        }
        if commit > node.log().last_index() {
            self.violations
                .push(format!("S{id}: commit index {commit} past its log"));
        }
        let (old_term, old_commit) = self.last_seen.get(&id).copied().unwrap_or((0, 0));
        if term < old_term || commit < old_commit {
            self.violations
                .push(format!("S{id}: term or commit index went backwards"));
        }
        self.last_seen.insert(id, (term, commit));
        if ready
            .events
            .iter()
            .any(|e| matches!(e, Event::BecameLeader { .. }))
        {
            // Leader Completeness: a new leader holds every entry committed before.
            for (_, e) in &self.applied_ever {
                // Entries its snapshot replaced are committed ones (§7): they count as held.
                let held = e.index <= node.log().snapshot_index()
                    || node.log().term(e.index) == Some(e.term);
                if !held {
                    self.violations.push(format!(
                        "S{id} became leader of term {term} without committed entry {}",
                        e.describe()
                    ));
                    break;
                }
            }
        }
        if let Some(snapshot) = ready.snapshot {
            // The test's state machine is the list of entries applied: the snapshot holds it.
            let entries: Vec<Entry> =
                serde_json::from_str(&snapshot.data).expect("a snapshot this harness wrote");
            assert_eq!(entries.len() as LogIndex, snapshot.index, "S{id} snapshot");
            for e in &entries {
                self.applied_ever.push((id, e.clone()));
            }
            self.applied.insert(id, entries);
        }
        for e in ready.committed {
            let applied = self.applied.get_mut(&id).unwrap();
            assert_eq!(
                e.index,
                applied.len() as LogIndex + 1,
                "S{id} applies entries in order"
            );
            applied.push(e.clone());
            self.applied_ever.push((id, e));
        }
        for r in ready.reads {
            if let (Ok(index), Some((mode, floor))) = (&r.result, self.read_floor.get(&(id, r.id)))
            {
                if *mode != ReadMode::Local && index < floor {
                    self.violations.push(format!(
                        "S{id} served {} read #{} at index {index}, but index {floor} was committed before it began",
                        mode.describe(),
                        r.id
                    ));
                }
            }
            self.reads.entry(id).or_default().push((self.time, r));
        }
        for e in ready.events {
            self.events.push((self.time, e));
        }
        for m in ready.messages {
            self.send(m);
        }
        if let Some(every) = self.compact_every.filter(|&e| e > 0) {
            let node = self.servers[&id].node.as_ref().unwrap();
            let applied = node.last_applied();
            if applied >= node.log().snapshot_index() + every {
                self.compact(id, applied)
                    .expect("compacting applied entries");
            }
        }
    }

    /// Compacts S`id`'s log up to `index`, with its state machine (the entries it applied,
    /// as JSON) as the snapshot (§7).
    pub fn compact(
        &mut self,
        id: NodeId,
        index: LogIndex,
    ) -> Result<(), raftlab::raft::CompactError> {
        let applied = &self.applied[&id];
        let upto = usize::try_from(index).unwrap().min(applied.len());
        let data = serde_json::to_string(&applied[..upto]).unwrap();
        let node = self.servers.get_mut(&id).unwrap().node.as_mut().unwrap();
        let result = node.compact(index, data.into());
        self.drain(id);
        result
    }

    fn send(&mut self, msg: Message) {
        self.sent.push(msg.clone());
        let msg = match self.rewrite.as_mut() {
            Some(r) => match r(msg) {
                Some(m) => m,
                None => return,
            },
            None => msg,
        };
        if self.blocked.contains(&(msg.from, msg.to)) {
            return;
        }
        if self.hold.as_mut().is_some_and(|h| h(&msg)) {
            self.held.push(msg);
            return;
        }
        if let Some(f) = self.drop_filter.as_mut() {
            if f(&msg) {
                return;
            }
        }
        if self.drop_rate > 0.0 && self.rng.random_range(0.0..1.0) < self.drop_rate {
            return;
        }
        let copies = if self.dup_rate > 0.0 && self.rng.random_range(0.0..1.0) < self.dup_rate {
            2
        } else {
            1
        };
        for _ in 0..copies {
            self.put_on_wire(msg.clone());
        }
    }

    fn put_on_wire(&mut self, msg: Message) {
        let (min, max) = self
            .link_latency
            .get(&(msg.from, msg.to))
            .copied()
            .unwrap_or(self.latency);
        let lat = self.rng.random_range(min..=max);
        self.seq += 1;
        self.queue.push(InFlight {
            deliver_at: self.time + lat,
            seq: self.seq,
            msg,
        });
    }

    /// Puts every held message on the wire now (each with its link's latency), stops holding.
    pub fn release_held(&mut self) {
        self.hold = None;
        for msg in std::mem::take(&mut self.held) {
            self.put_on_wire(msg);
        }
    }

    // ----- running -----

    /// Runs the world for `ms` of global time.
    pub fn run_for(&mut self, ms: u64) {
        let end = self.time + ms;
        self.run_until_time(end);
    }

    /// Runs until `pred` holds (checked after every step) or `max_ms` pass; returns whether it held.
    pub fn run_until(&mut self, max_ms: u64, mut pred: impl FnMut(&Cluster) -> bool) -> bool {
        let end = self.time + max_ms;
        loop {
            if pred(self) {
                return true;
            }
            if !self.step(end) {
                return pred(self);
            }
        }
    }

    fn run_until_time(&mut self, end: u64) {
        while self.step(end) {}
        self.time = self.time.max(end);
    }

    /// Processes the next event at or before `end`. Returns false if there is none.
    fn step(&mut self, end: u64) -> bool {
        let next_msg = self
            .queue
            .iter()
            .enumerate()
            .min_by_key(|(_, f)| (f.deliver_at, f.seq))
            .map(|(i, f)| (f.deliver_at, i));
        let mut next_timer: Option<(u64, NodeId)> = None;
        for (&id, s) in &self.servers {
            if let Some(d) = s.node.as_ref().and_then(|n| n.next_deadline()) {
                let g = s.global_for(d, self.time);
                if next_timer.is_none_or(|(t, _)| g < t) {
                    next_timer = Some((g, id));
                }
            }
        }
        let msg_first = match (next_msg, next_timer) {
            (Some((mt, _)), Some((tt, _))) => mt <= tt,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return false,
        };
        if msg_first {
            let (t, i) = next_msg.unwrap();
            if t > end {
                return false;
            }
            self.time = self.time.max(t);
            let f = self.queue.remove(i);
            if self.blocked.contains(&(f.msg.from, f.msg.to)) {
                return true;
            }
            self.delivered.push(f.msg.clone());
            self.inject(f.msg);
        } else {
            let (t, id) = next_timer.unwrap();
            if t > end {
                return false;
            }
            self.time = self.time.max(t);
            let local = self.local_time(id);
            let s = self.servers.get_mut(&id).unwrap();
            s.node.as_mut().unwrap().tick(local, &mut self.rng);
            self.drain(id);
        }
        true
    }

    // ----- observations -----

    /// The up node that is leader in the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.servers
            .iter()
            .filter_map(|(&id, s)| s.node.as_ref().map(|n| (id, n)))
            .filter(|(_, n)| n.role() == Role::Leader)
            .max_by_key(|(_, n)| n.current_term())
            .map(|(id, _)| id)
    }

    /// Runs until exactly one leader exists among `among` whose term every node of `among` has reached.
    pub fn await_leader(&mut self, among: &[NodeId], max_ms: u64) -> Option<NodeId> {
        let among = among.to_vec();
        let ok = self.run_until(max_ms, |c| c.stable_leader(&among).is_some());
        if ok {
            self.stable_leader(&among)
        } else {
            None
        }
    }

    /// A leader among `among` that every other node of `among` follows in the same term.
    pub fn stable_leader(&self, among: &[NodeId]) -> Option<NodeId> {
        let leaders: Vec<NodeId> = among
            .iter()
            .copied()
            .filter(|&id| self.is_up(id) && self.node(id).role() == Role::Leader)
            .collect();
        let [l] = leaders[..] else { return None };
        let term = self.node(l).current_term();
        among
            .iter()
            .filter(|&&id| self.is_up(id))
            .all(|&id| self.node(id).current_term() == term && self.node(id).leader_id() == Some(l))
            .then_some(l)
    }

    pub fn terms(&self) -> Vec<Term> {
        self.servers
            .values()
            .filter_map(|s| s.node.as_ref().map(|n| n.current_term()))
            .collect()
    }

    pub fn max_term(&self) -> Term {
        self.terms().into_iter().max().unwrap_or(0)
    }

    pub fn count_sent(&self, kind: MessageKind) -> usize {
        self.sent.iter().filter(|m| m.kind() == kind).count()
    }

    pub fn count_delivered(&self, pred: impl Fn(&Message) -> bool) -> usize {
        self.delivered.iter().filter(|m| pred(m)).count()
    }

    pub fn reads_of(&self, id: NodeId) -> Vec<ReadOutcome> {
        self.reads
            .get(&id)
            .map(|v| v.iter().map(|(_, r)| r.clone()).collect())
            .unwrap_or_default()
    }

    pub fn read_result(&self, id: NodeId, read_id: u64) -> Option<ReadOutcome> {
        self.reads_of(id).into_iter().find(|r| r.id == read_id)
    }

    /// Texts of the commands a node applied since its last start.
    pub fn applied_commands(&self, id: NodeId) -> Vec<String> {
        self.applied[&id]
            .iter()
            .filter_map(|e| match &e.data {
                raftlab::raft::EntryData::Command(c) => Some(c.to_string()),
                raftlab::raft::EntryData::Noop | raftlab::raft::EntryData::Config(_) => None,
            })
            .collect()
    }

    // ----- safety checks (the paper's Figure 3 properties) -----

    /// State Machine Safety: no two nodes ever applied different entries at the same index.
    pub fn state_machine_safety_violations(&self) -> Vec<String> {
        let mut by_index: BTreeMap<LogIndex, (NodeId, Entry)> = BTreeMap::new();
        let mut out = Vec::new();
        for (id, e) in &self.applied_ever {
            match by_index.get(&e.index) {
                None => {
                    by_index.insert(e.index, (*id, e.clone()));
                }
                Some((other, first)) if first != e => out.push(format!(
                    "S{other} applied {} but S{id} applied {}",
                    first.describe(),
                    e.describe()
                )),
                Some(_) => {}
            }
        }
        out
    }

    /// Election Safety: at most one leader per term.
    pub fn election_safety_violations(&self) -> Vec<String> {
        self.leaders_seen
            .iter()
            .filter(|(_, l)| l.len() > 1)
            .map(|(t, l)| format!("term {t} had leaders {l:?}"))
            .collect()
    }

    /// Log Matching: if two logs hold an entry with the same index and term, the logs are
    /// identical up to it.
    pub fn log_matching_violations(&self) -> Vec<String> {
        let mut out = Vec::new();
        let logs: Vec<(NodeId, raftlab::raft::Log)> = self
            .servers
            .iter()
            .map(|(&id, s)| {
                let p = s
                    .node
                    .as_ref()
                    .map(|n| n.persistent().clone())
                    .unwrap_or_else(|| s.kept.clone());
                (id, p.log)
            })
            .collect();
        // Compared where both still hold entries: a snapshot stands for committed entries.
        for (i, (a, la)) in logs.iter().enumerate() {
            for (b, lb) in &logs[i + 1..] {
                let from = la.first_index().max(lb.first_index());
                let to = la.last_index().min(lb.last_index());
                let term = |log: &raftlab::raft::Log, k| log.entry(k).map(|e| e.term);
                if let Some(k) = (from..=to).rev().find(|&k| term(la, k) == term(lb, k)) {
                    if (from..=k).any(|j| la.entry(j) != lb.entry(j)) {
                        out.push(format!(
                            "S{a} and S{b} agree on {} but differ before",
                            la.entry(k).map(|e| e.describe()).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        out
    }

    pub fn assert_safe(&self) {
        let mut v = self.state_machine_safety_violations();
        v.extend(self.violations.iter().cloned());
        v.extend(self.election_safety_violations());
        v.extend(self.log_matching_violations());
        assert!(v.is_empty(), "safety violations: {v:#?}");
    }

    /// Every live node's log ends at the same entry, and the logs agree wherever both still
    /// hold entries (a snapshot stands for the entries it replaced, §7).
    pub fn logs_converged(&self) -> bool {
        let logs: Vec<_> = self
            .servers
            .values()
            .filter_map(|s| s.node.as_ref().map(|n| n.log()))
            .collect();
        logs.windows(2).all(|w| {
            let (a, b) = (w[0], w[1]);
            let from = a.first_index().max(b.first_index());
            a.last_index() == b.last_index()
                && a.last_term() == b.last_term()
                && (from..=a.last_index()).all(|i| a.entry(i) == b.entry(i))
        })
    }

    /// A transcript of the events so far, one line each (for failure messages).
    pub fn transcript(&self) -> String {
        self.events
            .iter()
            .map(|(t, e)| format!("{t:>6} {}\n", e.describe()))
            .collect()
    }
}
