//! What the chaos driver does between two pauses: client load, or one of the seed's faults or
//! a repair. Every action is an ordinary [`Command`], so a run replays from
//! its command list.

use super::faults::Fault;
use super::membership::{self, Cluster};
use super::swarm::Swarm;
use crate::sim::command::Command;
use crate::sim::history::ReadMode;
use crate::sim::rng::{between, chance, SimRng};

/// One random action: client load, or (with the seed's share) one of its faults or a repair,
/// at one of the servers that exist now (`cluster`: more than the configured ones once some
/// joined).
pub(super) fn draw(rng: &mut SimRng, swarm: &Swarm, cluster: &Cluster) -> Command {
    let nodes = cluster.servers;
    let node = between(rng, 1, nodes);
    let other = between(rng, 1, nodes);
    if !chance(rng, swarm.fault_share) {
        return load(rng, swarm, node);
    }
    // The seed's faults, then two repairs: heal the network, restore the latency.
    let kinds = swarm.faults.iter().count() as u64;
    let pick = between(rng, 0, kinds + 1);
    match swarm.faults.iter().nth(pick as usize) {
        Some(Fault::Membership) => membership::change(rng, cluster),
        Some(fault) => inject(rng, swarm, fault, node, other, nodes),
        None if pick == kinds => Command::Heal,
        None => base_latency(swarm),
    }
}

/// A client write (two times in three) or read at `node`.
fn load(rng: &mut SimRng, swarm: &Swarm, node: u64) -> Command {
    let key = format!("k{}", between(rng, 0, 4));
    if between(rng, 0, 2) < 2 {
        Command::Put {
            key,
            value: between(rng, 0, 999).to_string(),
            node,
        }
    } else {
        Command::Get {
            key,
            node,
            read: read_mode(rng, swarm.lease_reads),
        }
    }
}

fn inject(
    rng: &mut SimRng,
    swarm: &Swarm,
    fault: Fault,
    node: u64,
    other: u64,
    nodes: u64,
) -> Command {
    match fault {
        Fault::Crash if chance(rng, 0.5) => Command::Crash { node },
        Fault::Crash => Command::Restart { node },
        Fault::Partition => Command::Partition {
            groups: two_groups(rng, nodes),
        },
        Fault::Cut => Command::Cut {
            from: node,
            to: other,
            oneway: chance(rng, 0.5),
        },
        Fault::Loss => Command::DropRate {
            p: between(rng, 0, 20) as f64 / 100.0,
        },
        Fault::Dup => Command::DupRate {
            p: between(rng, 0, 20) as f64 / 100.0,
        },
        Fault::Reorder => {
            let [min_ms, _] = swarm.config.latency_ms;
            Command::Latency {
                min_ms,
                max_ms: min_ms + between(rng, 50, 3000),
                from: None,
                to: None,
            }
        }
        Fault::Spike => {
            let min_ms = between(rng, 100, 3000);
            // A link to itself does not exist: the spike goes to the next server instead.
            let to = if other == node {
                node % nodes + 1
            } else {
                other
            };
            Command::Latency {
                min_ms,
                max_ms: min_ms + between(rng, 0, 500),
                from: Some(node),
                to: Some(to),
            }
        }
        Fault::Timeout => Command::Timeout { node },
        Fault::Transfer => Command::Transfer { to: node },
        // Within the lease's drift bound (0.1 by default): lease reads must stay safe.
        Fault::Drift => Command::ClockDrift {
            node,
            rate: between(rng, 96, 104) as f64 / 100.0,
        },
        Fault::Membership => membership::change(rng, &Cluster::default()),
    }
}

/// The configured latency everywhere again: ends reordering and every spike.
pub(super) fn base_latency(swarm: &Swarm) -> Command {
    let [min_ms, max_ms] = swarm.config.latency_ms;
    Command::Latency {
        min_ms,
        max_ms,
        from: None,
        to: None,
    }
}

/// Linearizable read modes only: `local` is stale by design.
fn read_mode(rng: &mut SimRng, lease_reads: bool) -> ReadMode {
    match between(rng, 0, 2) {
        0 => ReadMode::ReadIndex,
        1 => ReadMode::Follower,
        _ if lease_reads => ReadMode::Lease,
        _ => ReadMode::ReadIndex,
    }
}

fn two_groups(rng: &mut SimRng, nodes: u64) -> Vec<Vec<u64>> {
    let mut groups = vec![Vec::new(), Vec::new()];
    for id in 1..=nodes {
        groups[usize::from(chance(rng, 0.5))].push(id);
    }
    groups.retain(|g| !g.is_empty());
    groups
}
