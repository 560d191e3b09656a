//! Membership changes as chaos faults (thesis chapter 4): the driver asks the leader to add a
//! server (a voter, or a learner to catch up first, §4.2.1), promote a learner, remove a server
//! (the leader too, §4.2.2), or change several voters at once through C_old,new (§4.3). A
//! change the moment does not allow (no leader, a change pending, the last voter, more than
//! `MAX_NODES` servers) is refused by the simulator like any other command.

use crate::raft::{Membership, NodeId};
use crate::sim::command::Command;
use crate::sim::config::MAX_NODES;
use crate::sim::rng::{between, chance, SimRng};
use crate::sim::Simulation;

/// What a membership change is drawn from: the servers that exist and the configuration the
/// leader uses.
#[derive(Debug, Clone, Default)]
pub(super) struct Cluster {
    /// Servers S1..=S`servers` exist (ids are never reused; removed servers still run).
    pub servers: u64,
    pub membership: Option<Membership>,
}

impl Cluster {
    pub fn of(sim: &Simulation) -> Cluster {
        Cluster {
            servers: sim.server_count(),
            membership: sim.leader_membership(),
        }
    }
}

/// One membership command.
pub(super) fn change(rng: &mut SimRng, cluster: &Cluster) -> Command {
    let next = cluster.servers + 1;
    let Some(m) = cluster.membership else {
        return Command::AddServer {
            node: next,
            learner: false,
        }; // no leader: refused, and told
    };
    let voters: Vec<NodeId> = m.voters.iter().collect();
    let learners: Vec<NodeId> = m.learners.iter().collect();
    let room = next <= MAX_NODES;
    match between(rng, 0, 3) {
        0 if room => Command::AddServer {
            node: next,
            learner: chance(rng, 0.5),
        },
        1 if !learners.is_empty() => Command::Promote {
            node: pick(rng, &learners),
        },
        2 => {
            let members: Vec<NodeId> = m.members().iter().collect();
            Command::RemoveServer {
                node: pick(rng, &members),
            }
        }
        // Also instead of an add without room or a promotion without a learner.
        _ => Command::ChangeConfig {
            voters: joint_target(rng, &voters, &learners, next),
        },
    }
}

/// New voters for a change of several at once: one or two voters leave, one or two join
/// (learners, or the next new servers, in id order); never none.
fn joint_target(
    rng: &mut SimRng,
    voters: &[NodeId],
    learners: &[NodeId],
    next: NodeId,
) -> Vec<NodeId> {
    let mut target = voters.to_vec();
    for _ in 0..between(rng, 1, 2) {
        if target.len() > 1 {
            target.remove(between(rng, 0, target.len() as u64 - 1) as usize);
        }
    }
    let (mut learners, mut new_id) = (learners.to_vec(), next);
    for _ in 0..between(rng, 1, 2) {
        let options = learners.len() as u64 + u64::from(new_id <= MAX_NODES);
        if options == 0 {
            break;
        }
        let i = between(rng, 0, options - 1) as usize;
        if i < learners.len() {
            target.push(learners.remove(i));
        } else {
            target.push(new_id);
            new_id += 1;
        }
    }
    target.sort_unstable();
    target
}

fn pick(rng: &mut SimRng, ids: &[NodeId]) -> NodeId {
    ids[between(rng, 0, ids.len() as u64 - 1) as usize]
}
