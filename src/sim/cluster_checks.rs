//! Whether a command fits the cluster as it is now. Every command is checked in full before
//! anything changes, so a refused command leaves the world exactly as it was (the UI may send
//! anything; scenario files may be wrong).

use super::command::Command;
use super::error::{Result, SimError};
use super::network::Network;
use super::servers::{NodeId, Servers};
use super::sorted_set::SortedSet;
use crate::i18n::{fill, tr};
use crate::raft::Message;

/// Node ids exist, nodes are up or down as the command needs, messages are in flight.
pub(crate) fn check_against_cluster(
    servers: &Servers,
    network: &Network<Message>,
    command: &Command,
) -> Result<()> {
    check_ids(servers, command)?;
    let up = |id: NodeId| servers.is_up(id);
    match command {
        Command::Crash { node } if !up(*node) => Err(SimError::NodeDown(*node)),
        Command::Restart { node } if up(*node) => Err(SimError::NodeUp(*node)),
        Command::Timeout { node } if !up(*node) => Err(SimError::NodeDown(*node)),
        Command::DropMessage { id } if network.get(*id).is_none() => {
            Err(SimError::UnknownMessage(*id))
        }
        Command::Snapshot { node } if !up(*node) => Err(SimError::NodeDown(*node)),
        Command::Snapshot { node } => {
            let server = &servers[servers.index_of(*node)?];
            match server.node() {
                Some(n) if n.last_applied() > n.log().snapshot_index() => Ok(()),
                _ => Err(SimError::Refused(fill(
                    tr("S{0} has applied nothing since its last snapshot"),
                    &[node],
                ))),
            }
        }
        _ => Ok(()),
    }
}

/// The checks that hold whatever the time: every node named exists, links join two
/// different nodes, partition groups are disjoint.
pub(crate) fn check_ids(servers: &Servers, command: &Command) -> Result<()> {
    let distinct = |from: NodeId, to: NodeId| -> Result<()> {
        servers.index_of(from)?;
        servers.index_of(to)?;
        if from == to {
            return Err(SimError::range("to", tr("a node other than from"), to));
        }
        Ok(())
    };
    match command {
        Command::Partition { groups } => normalize_groups(servers, groups).map(|_| ()),
        Command::Cut { from, to, .. } | Command::Uncut { from, to, .. } => distinct(*from, *to),
        Command::Latency {
            from: Some(from),
            to: Some(to),
            ..
        } => distinct(*from, *to),
        // New servers are checked (and created) when the leader takes the change.
        Command::AddServer { .. } | Command::ChangeConfig { .. } => Ok(()),
        _ => match command.subject() {
            Some(node) => servers.index_of(node).map(|_| ()),
            None => Ok(()),
        },
    }
}

/// Groups sorted, each node at most once; nodes not named stand alone.
pub(crate) fn normalize_groups(
    servers: &Servers,
    groups: &[Vec<NodeId>],
) -> Result<Vec<Vec<NodeId>>> {
    // Every node named so far.
    let mut seen = SortedSet::new();
    let mut out = Vec::new();
    for group in groups {
        if group.is_empty() {
            return Err(SimError::BadField {
                cmd: "partition".into(),
                detail: tr("a group is empty").into(),
            });
        }
        let mut g = Vec::new();
        for &id in group {
            servers.index_of(id)?;
            if !seen.insert(id) {
                return Err(SimError::BadField {
                    cmd: "partition".into(),
                    detail: fill(tr("S{0} is in more than one group"), &[&id]),
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
    for id in 1..=servers.len() as NodeId {
        if !seen.contains(&id) {
            sorted.push(vec![id]);
        } else if let Some(i) = out.iter().position(|g| g[0] == id) {
            sorted.push(out.swap_remove(i));
        }
    }
    Ok(sorted)
}
