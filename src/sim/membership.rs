//! Membership commands (thesis chapter 4): which change `add_server`, `remove_server`,
//! `promote` and `change_config` ask of the leader, and which new servers they bring.
//!
//! Servers are numbered in the order they join and an id is never reused, so a new server is
//! always the next id; a run shows at most [`MAX_NODES`] servers, those removed included (the
//! drawing, the state JSON's `members` and the checker keep them). The world proposes the
//! change to the leader like a client request, and creates the new servers only once the
//! leader has taken it: a refused command changes nothing.

use super::command::Command;
use super::config::MAX_NODES;
use super::error::{Result, SimError};
use super::servers::{NodeId, Servers};
use crate::i18n::{fill, tr};
use crate::raft::{ConfigChange, NodeSet};

/// The core's change for `command`, and how many new servers it brings.
pub(crate) fn config_change(servers: &Servers, command: &Command) -> Result<(ConfigChange, usize)> {
    let existing = servers.len() as NodeId;
    let exists = |id: NodeId| servers.index_of(id).map(|_| ());
    Ok(match command {
        Command::AddServer { node, learner } => {
            if *node <= existing {
                return Err(SimError::Refused(fill(
                    tr("S{0} already exists (ids are not reused); {1}"),
                    &[node, &next_id_text(existing)],
                )));
            }
            new_ids(existing, &[*node])?;
            let change = if *learner {
                ConfigChange::AddLearner(*node)
            } else {
                ConfigChange::AddVoter(*node)
            };
            (change, 1)
        }
        Command::RemoveServer { node } => {
            exists(*node)?;
            (ConfigChange::Remove(*node), 0)
        }
        Command::Promote { node } => {
            exists(*node)?;
            (ConfigChange::Promote(*node), 0)
        }
        Command::ChangeConfig { voters } => {
            let new = new_ids(existing, voters)?;
            let set: NodeSet = voters.iter().copied().collect();
            (ConfigChange::ChangeVoters(set), new)
        }
        _ => {
            let name = command.name();
            return Err(SimError::Refused(fill(
                tr("{0} is not a membership command"),
                &[&name],
            )));
        }
    })
}

/// How many of `ids` are new servers: those past `existing` must be the next ids (S6, then
/// S7, ...; the ids are distinct, `Command::check` saw to it), and the run must have room.
fn new_ids(existing: NodeId, ids: &[NodeId]) -> Result<usize> {
    let new = ids.iter().filter(|&&id| id > existing).count();
    let last = existing + new as NodeId;
    if let Some(id) = ids.iter().find(|&&id| id > last.min(MAX_NODES)) {
        return Err(SimError::Refused(fill(
            tr("S{0} is not the next new server: {1}"),
            &[id, &next_id_text(existing)],
        )));
    }
    Ok(new)
}

/// "the next new server is S6" (or that there is no room for one).
fn next_id_text(existing: NodeId) -> String {
    if existing >= MAX_NODES {
        fill(
            tr("a run has at most {0} servers, so no new server can join"),
            &[&MAX_NODES],
        )
    } else {
        fill(tr("the next new server is S{0}"), &[&(existing + 1)])
    }
}
