//! Applying a command to the world at the current time.
//!
//! Every command is checked in full before anything changes, so a refused command leaves the
//! world exactly as it was (the UI may send anything; scenario files may be wrong).

use super::command::{describe_groups, Command};
use super::error::{Result, SimError};
use super::history::OpKind;
use super::kv::Kv;
use super::network::Latency;
use super::sorted_set;
use super::world::{Life, NodeId, World};
use crate::raft::Node;

impl World {
    /// Applies `command` now, or returns why not (and changes nothing).
    pub(crate) fn apply_command(&mut self, command: &Command) -> Result<()> {
        command.check()?;
        self.check_against_cluster(command)?;
        let now = self.now;
        // The narration tells the command before its consequences; a transfer is told by the
        // core's own event once it has accepted it.
        match command {
            Command::Transfer { to } => self.transfer(*to)?,
            Command::Partition { groups } => {
                let groups = describe_groups(&self.normalize_groups(groups)?);
                let text = format!("the network is partitioned into {groups}");
                self.narrator.say(now, None, text);
            }
            _ => self.narrator.command(now, command.subject(), command),
        }
        match command {
            Command::Crash { node } => self.crash(*node),
            Command::Restart { node } => self.restart(*node),
            Command::Partition { groups } => {
                let groups = self.normalize_groups(groups)?;
                if groups.len() == 1 {
                    self.network.partition(Vec::new());
                } else {
                    self.network.partition(groups);
                }
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
                // A message random loss took was counted as dropped when it was sent.
                if self.network.drop_message(*id).is_some_and(|m| !m.lost) {
                    self.stats.messages_dropped += 1;
                }
            }
            Command::Timeout { node } => {
                let idx = self.index_of(*node)?;
                let local = self.local_now(idx);
                if let Life::Up(core) = &mut self.servers[idx].life {
                    core.force_election_timeout(local, &mut self.rng);
                }
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
                let idx = self.index_of(*node)?;
                self.servers[idx].clock.set_rate(now, *rate);
                self.reschedule_timer(idx);
            }
            Command::Config(config) => self.restart_cluster(config)?,
        }
        self.finish_command(command.to_json());
        Ok(())
    }

    /// Node ids exist, nodes are up or down as the command needs, messages are in flight.
    fn check_against_cluster(&self, command: &Command) -> Result<()> {
        self.check_ids(command)?;
        let up = |id: NodeId| self.servers[(id - 1) as usize].node().is_some();
        match command {
            Command::Crash { node } if !up(*node) => Err(SimError::NodeDown(*node)),
            Command::Restart { node } if up(*node) => Err(SimError::NodeUp(*node)),
            Command::Timeout { node } if !up(*node) => Err(SimError::NodeDown(*node)),
            Command::DropMessage { id } if self.network.get(*id).is_none() => {
                Err(SimError::UnknownMessage(*id))
            }
            _ => Ok(()),
        }
    }

    /// The checks that hold whatever the time: every node named exists, links join two
    /// different nodes, partition groups are disjoint.
    pub(crate) fn check_ids(&self, command: &Command) -> Result<()> {
        let distinct = |from: NodeId, to: NodeId| -> Result<()> {
            self.index_of(from)?;
            self.index_of(to)?;
            if from == to {
                return Err(SimError::range("to", "a node other than from", to));
            }
            Ok(())
        };
        match command {
            Command::Partition { groups } => self.normalize_groups(groups).map(|_| ()),
            Command::Cut { from, to, .. } | Command::Uncut { from, to, .. } => distinct(*from, *to),
            Command::Latency {
                from: Some(from),
                to: Some(to),
                ..
            } => distinct(*from, *to),
            // Names no node: the new cluster is checked as a whole (`SimConfig::validate`).
            Command::Config(_) => Ok(()),
            _ => match command.subject() {
                Some(node) => self.index_of(node).map(|_| ()),
                None => Ok(()),
            },
        }
    }

    /// Groups sorted, each node at most once; nodes not named stand alone.
    fn normalize_groups(&self, groups: &[Vec<NodeId>]) -> Result<Vec<Vec<NodeId>>> {
        // Every node named so far, sorted.
        let mut seen: Vec<NodeId> = Vec::new();
        let mut out = Vec::new();
        for group in groups {
            if group.is_empty() {
                return Err(SimError::BadField {
                    cmd: "partition".into(),
                    detail: "a group is empty".into(),
                });
            }
            let mut g = Vec::new();
            for &id in group {
                self.index_of(id)?;
                if !sorted_set::insert(&mut seen, id) {
                    return Err(SimError::BadField {
                        cmd: "partition".into(),
                        detail: format!("S{id} is in more than one group"),
                    });
                }
                g.push(id);
            }
            g.sort_unstable();
            out.push(g);
        }
        // The groups are disjoint and each sorted, so their order is that of their first nodes:
        // listing them by first node, in id order, sorts them (no `Vec<Vec<_>>` sort in the wasm).
        let mut sorted = Vec::with_capacity(out.len());
        for id in 1..=self.config.nodes {
            if !sorted_set::contains(&seen, &id) {
                sorted.push(vec![id]);
            } else if let Some(i) = out.iter().position(|g| g[0] == id) {
                sorted.push(out.swap_remove(i));
            }
        }
        Ok(sorted)
    }

    /// Crash: keep the persistent state (term, vote, log), lose everything else.
    fn crash(&mut self, id: NodeId) {
        let now = self.now;
        let Ok(idx) = self.index_of(id) else { return };
        let server = &mut self.servers[idx];
        let Life::Up(node) = &server.life else { return };
        let persistent = node.persistent().clone();
        server.life = Life::Down(persistent);
        server.kv = Kv::default();
        server.timer_at = None;
        server.last_crash_ms = Some(now);
        server.proposals.clear();
        server.reads = Vec::new();
    }

    /// Restart from the persistent state; the state machine is rebuilt as entries commit again.
    fn restart(&mut self, id: NodeId) {
        let Ok(idx) = self.index_of(id) else { return };
        let config = self.raft_config(id);
        let local = self.local_now(idx);
        let server = &mut self.servers[idx];
        let Life::Down(persistent) = &server.life else {
            return;
        };
        // The configuration was validated when the cluster started: this cannot fail.
        let Ok(node) = Node::new(config, persistent.clone(), local, &mut self.rng) else {
            return;
        };
        server.life = Life::Up(Box::new(node));
        self.checker.on_restart(id);
        self.after_input(idx);
    }

    /// Leadership transfer (thesis §3.10), asked of the current leader.
    fn transfer(&mut self, to: NodeId) -> Result<()> {
        let Some(leader) = self.leader() else {
            return Err(SimError::Refused(
                "there is no leader to hand leadership over".into(),
            ));
        };
        let idx = self.index_of(leader)?;
        let local = self.local_now(idx);
        if let Life::Up(core) = &mut self.servers[idx].life {
            core.transfer_leadership(local, to)
                .map_err(|e| SimError::Refused(e.to_string()))?;
        }
        self.after_input(idx);
        Ok(())
    }
}
