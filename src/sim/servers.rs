//! The servers: each Raft node with what the simulator keeps beside it — its clock, its
//! key-value state machine, whether it is up, and the one timer the world has queued for it.
//!
//! The world's event loop (world.rs) hands a server its inputs and routes what its core
//! produces; this module knows how a server starts, crashes and restarts, and which one leads.

use super::clients::Request;
use super::clock::Clock;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::kv::Kv;
use super::rng::SimRng;
use crate::i18n::{fill, tr};
use crate::raft::{
    ConfigChange, ConfigChangeError, Entry, EntryData, Node, PersistentState, ProposeError,
    ReadError, Role, Snapshot, TransferError,
};

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
}

impl Server {
    pub fn node(&self) -> Option<&Node> {
        match &self.life {
            Life::Up(n) => Some(n),
            Life::Down(_) => None,
        }
    }

    pub fn node_mut(&mut self) -> Option<&mut Node> {
        match &mut self.life {
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

    /// The node's local time when the world's clock reads `now`.
    pub fn local_now(&self, now: u64) -> u64 {
        self.clock.local(now)
    }

    /// When (global time) the node's next timer falls due, if it is earlier than the one
    /// already queued: the caller queues it. The early entry re-queues itself when it finds
    /// the deadline moved later.
    pub fn earlier_timer(&mut self, now: u64) -> Option<u64> {
        let deadline = self.node()?.next_deadline()?;
        let at = self.clock.global_at(deadline, now);
        if self.timer_at.is_some_and(|t| t <= at) {
            return None;
        }
        self.timer_at = Some(at);
        Some(at)
    }

    /// Hands a client's request to the core: taken, refused (naming the leader the server
    /// knows of, if any), or lost because the server is down.
    pub fn submit(&mut self, now: u64, request: &Request) -> Submitted {
        let local = self.clock.local(now);
        let Some(core) = self.node_mut() else {
            return Submitted::Lost;
        };
        let result = match request {
            Request::Propose(data) => match core.propose(local, data.clone()) {
                Ok(_) => Ok(()),
                Err(ProposeError::NotLeader { leader_hint }) => Err(leader_hint),
                Err(_) => Err(None),
            },
            Request::Read { id, mode } => match core.read(local, *id, *mode) {
                Ok(()) => Ok(()),
                Err(ReadError::NotLeader { leader_hint }) => Err(leader_hint),
                Err(_) => Err(None),
            },
        };
        match result {
            Ok(()) => Submitted::Accepted,
            Err(leader_hint) => Submitted::Refused { leader_hint },
        }
    }

    /// The `timeout` command: the election timer fires now (if the server is up).
    pub fn force_timeout(&mut self, now: u64, rng: &mut SimRng) {
        let local = self.clock.local(now);
        if let Some(core) = self.node_mut() {
            core.force_election_timeout(local, rng);
        }
    }

    /// The `transfer` command, asked of this server (the leader).
    pub fn transfer_leadership(&mut self, now: u64, to: NodeId) -> Result<(), TransferError> {
        let local = self.clock.local(now);
        match self.node_mut() {
            Some(core) => core.transfer_leadership(local, to),
            None => Ok(()),
        }
    }

    /// A membership command, asked of this server (the leader): Ok once the configuration
    /// entry is in its log (§4.1).
    pub fn propose_config_change(
        &mut self,
        now: u64,
        change: ConfigChange,
    ) -> Result<(), ConfigChangeError> {
        let local = self.clock.local(now);
        match self.node_mut() {
            Some(core) => core.propose_config_change(local, change).map(|_| ()),
            None => Err(ConfigChangeError::NotLeader { leader_hint: None }),
        }
    }

    /// Compacts the node's log up to what it has applied, with its state machine as the
    /// snapshot (§7). Err says why not (down, or nothing applied since its snapshot).
    pub fn compact(&mut self) -> Result<()> {
        let data = self.kv.snapshot();
        let id = self.id;
        let node = match &mut self.life {
            Life::Up(node) => node,
            Life::Down(_) => return Err(SimError::NodeDown(id)),
        };
        node.compact(node.last_applied(), data.into()).map_err(|e| {
            SimError::Refused(fill(tr("S{0} cannot compact its log: {1}"), &[&id, &e]))
        })
    }

    /// Whether the node has applied `every` entries since its snapshot (0: never).
    pub fn due_for_snapshot(&self, every: u64) -> bool {
        self.node().is_some_and(|n| {
            every > 0 && n.last_applied() >= n.log().snapshot_index().saturating_add(every)
        })
    }

    /// A snapshot from the leader (or the one the node restarted from): the state machine
    /// becomes what it holds.
    pub fn restore(&mut self, snapshot: &Snapshot) {
        self.kv = Kv::restore(&snapshot.data).unwrap_or_default();
    }

    /// Crash: keep the persistent state (term, vote, log), lose everything else. False if the
    /// server was already down.
    pub fn crash(&mut self, now: u64) -> bool {
        let Life::Up(node) = &self.life else {
            return false;
        };
        self.life = Life::Down(node.persistent().clone());
        self.kv = Kv::default();
        self.timer_at = None;
        self.last_crash_ms = Some(now);
        true
    }

    /// Restart from the persistent state; the state machine is rebuilt as entries commit
    /// again. False if the server was up.
    pub fn restart(&mut self, config: &SimConfig, now: u64, rng: &mut SimRng) -> bool {
        let Life::Down(persistent) = &self.life else {
            return false;
        };
        let local = self.clock.local(now);
        // The configuration was validated when the cluster started: this cannot fail.
        let Ok(node) = Node::new(config.raft_config(self.id), persistent.clone(), local, rng)
        else {
            return false;
        };
        self.life = Life::Up(Box::new(node));
        true
    }
}

/// What became of a client request handed to a server.
pub(crate) enum Submitted {
    Accepted,
    Refused { leader_hint: Option<NodeId> },
    Lost,
}

/// Every server of the run, S1 first: the `config.nodes` it started with, then those that
/// joined while it ran (membership change), in id order. A server is never taken out, even
/// once removed from the configuration, so server `id` is always at index `id - 1`.
#[derive(Debug, Clone)]
pub(crate) struct Servers(Vec<Server>);

impl Servers {
    /// A fresh cluster whose clocks start at `start_ms`: every node a follower, empty log.
    pub fn start(config: &SimConfig, start_ms: u64, rng: &mut SimRng) -> Result<Servers> {
        let mut servers = Servers(Vec::new());
        for _ in 1..=config.nodes {
            servers.add(config, start_ms, rng)?;
        }
        Ok(servers)
    }

    /// A new server, the next id, up with an empty log and its clock reading `now`: one of the
    /// cluster's first servers, or (past `config.nodes`) one joining it, which does not campaign
    /// until a configuration makes it a voter. Returns its index.
    pub fn add(&mut self, config: &SimConfig, now: u64, rng: &mut SimRng) -> Result<usize> {
        let id = self.0.len() as NodeId + 1;
        let node = Node::new(config.raft_config(id), PersistentState::new(), now, rng)
            .map_err(|e| SimError::Config(e.to_string()))?;
        self.0.push(Server {
            id,
            life: Life::Up(Box::new(node)),
            clock: Clock::new(now),
            kv: Kv::default(),
            timer_at: None,
            last_crash_ms: None,
        });
        Ok(self.0.len() - 1)
    }

    /// The index of server `id`, or a clear error.
    pub fn index_of(&self, id: NodeId) -> Result<usize> {
        let nodes = self.0.len() as u64;
        if id == 0 || id > nodes {
            return Err(SimError::UnknownNode { node: id, nodes });
        }
        Ok((id - 1) as usize)
    }

    /// Whether server `id` exists and is up.
    pub fn is_up(&self, id: NodeId) -> bool {
        self.index_of(id).is_ok_and(|i| self.0[i].node().is_some())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Server> {
        self.0.iter()
    }

    pub fn as_slice(&self) -> &[Server] {
        &self.0
    }

    /// The leader of the highest term among live nodes.
    pub fn leader(&self) -> Option<NodeId> {
        self.live()
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.current_term())
            .map(|n| n.id())
    }

    /// The leader every live member of its configuration follows in its term, if there is one
    /// (a leader alone in a minority, or one the others have not heard of yet, is not).
    pub fn followed_leader(&self) -> Option<NodeId> {
        let leader = self.leader()?;
        let node = self.0[self.index_of(leader).ok()?].node()?;
        let (term, members) = (node.current_term(), node.membership().members());
        // A server the leader's configuration leaves out (removed, §4.2.2) need not follow it.
        self.live()
            .filter(|n| members.contains(n.id()))
            .all(|n| n.current_term() == term && n.leader_id() == Some(leader))
            .then_some(leader)
    }

    fn live(&self) -> impl Iterator<Item = &Node> {
        self.0.iter().filter_map(Server::node)
    }

    /// Rough heap bytes of the logs and state machines (for the timeline's memory budget).
    pub fn approx_bytes(&self) -> usize {
        let per_entry = std::mem::size_of::<Entry>() + 48;
        self.0
            .iter()
            .map(|s| {
                let entries = s.persistent().log.entries();
                let text: usize = entries
                    .iter()
                    .map(|e| match &e.data {
                        EntryData::Command(c) => c.len(),
                        EntryData::Noop | EntryData::Config(_) => 0,
                    })
                    .sum();
                entries.len() * per_entry + text + s.kv.approx_bytes()
            })
            .sum()
    }
}

impl std::ops::Index<usize> for Servers {
    type Output = Server;
    fn index(&self, idx: usize) -> &Server {
        &self.0[idx]
    }
}

impl std::ops::IndexMut<usize> for Servers {
    fn index_mut(&mut self, idx: usize) -> &mut Server {
        &mut self.0[idx]
    }
}
