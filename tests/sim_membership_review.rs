//! An adversarial review of membership change in the simulator (thesis chapter 4): each test
//! failed before the fix its commit brings.

mod sim_support;

use raftlab::sim::{Command, SimConfig, Simulation};
use sim_support::leader_within;

fn three() -> Simulation {
    let config = SimConfig {
        nodes: 3,
        seed: 7,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config).unwrap();
    leader_within(&mut sim, 3_000).expect("a leader");
    sim.advance(500); // its no-op is committed: it may change the configuration
    sim
}

/// Scheduling in the past forks the run: the old future is discarded, so a server only that
/// future brought is unknown, and naming it is refused at once (not accepted, then skipped).
#[test]
fn scheduling_in_the_past_checks_ids_against_the_fork() {
    let mut sim = three();
    let before = sim.now();
    sim.apply(Command::AddServer {
        node: 4,
        learner: false,
    })
    .unwrap();
    sim.advance(2_000);
    sim.seek(before - 10);
    let commands = sim.commands();
    let err = sim
        .schedule(before + 500, Command::Crash { node: 4 })
        .expect_err("S4 does not exist on the fork");
    assert_eq!(err.to_string(), "no node S4 (the cluster has S1..S3)");
    assert_eq!(sim.commands(), commands, "a refusal changes nothing");
}
