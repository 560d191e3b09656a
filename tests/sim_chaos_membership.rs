//! Chaos with membership changes (`raftlab-cli chaos --membership`): servers join (as voters
//! or learners), learners are promoted, servers leave (the leader too) and several voters
//! change at once through C_old,new, among crashes, partitions, loss and duplication. Every
//! checker holds, Configuration Overlap included, and the cluster settles after the calm.

use raftlab::sim::chaos::{chaos_run, run_seeds, Fault, Plan};
use raftlab::sim::command::Command;
use raftlab::sim::request::Request;
use raftlab::sim::Simulation;

fn plan(duration_ms: u64) -> Plan {
    let plain = Plan::new(duration_ms);
    Plan {
        faults: plain.faults.with(Fault::Membership),
        ..plain
    }
}

#[test]
fn membership_chaos_keeps_the_invariants_and_settles() {
    let seeds: u64 = std::env::var("SIM_CHAOS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for r in run_seeds(1, seeds, &plan(20_000), 2).unwrap() {
        assert!(
            r.problems.is_empty(),
            "seed {} ({}): {:?}",
            r.seed,
            r.swarm,
            r.problems
        );
    }
}

/// The changes the leader accepted over a few seeds: every kind happens.
#[test]
fn every_kind_of_change_happens() {
    let mut counts = [0usize; 5];
    for seed in 1..=30 {
        let run = chaos_run(seed, &plan(20_000)).unwrap();
        for (_, request) in &run.commands {
            let kind = match request {
                Request::Command(Command::AddServer { learner: false, .. }) => 0,
                Request::Command(Command::AddServer { learner: true, .. }) => 1,
                Request::Command(Command::Promote { .. }) => 2,
                Request::Command(Command::RemoveServer { .. }) => 3,
                Request::Command(Command::ChangeConfig { .. }) => 4,
                _ => continue,
            };
            counts[kind] += 1;
        }
    }
    assert!(
        counts.iter().all(|&n| n > 0),
        "add, add learner, promote, remove, joint: {counts:?}"
    );
}

#[test]
fn membership_chaos_is_deterministic_and_replayable() {
    let plan = plan(10_000);
    let (seed, a) = (1..100)
        .map(|seed| (seed, chaos_run(seed, &plan).unwrap()))
        .find(|(_, r)| {
            r.commands
                .iter()
                .any(|(_, c)| matches!(c, Request::Command(Command::AddServer { .. })))
        })
        .expect("a seed where a server joins");
    assert_eq!(chaos_run(seed, &plan).unwrap().trace_hash, a.trace_hash);
    let mut replay = Simulation::replay(a.config.clone(), &a.commands).unwrap();
    replay.seek(a.end_ms);
    assert_eq!(replay.trace_hash(), a.trace_hash);
}
