//! Small helpers shared by the simulator's integration tests.
#![allow(dead_code)]

use raftlab::sim::{Command, SimConfig, Simulation};

/// Runs in 10 ms slices until a leader appears (or `max_ms` passes).
pub fn leader_within(sim: &mut Simulation, max_ms: u64) -> Option<u64> {
    let deadline = sim.now() + max_ms;
    while sim.now() < deadline && sim.leader().is_none() {
        sim.advance(10);
    }
    sim.leader()
}

/// A client write of `key=value` sent to `node`.
pub fn put(sim: &mut Simulation, key: &str, value: &str, node: u64) {
    let command = Command::Put {
        key: key.into(),
        value: value.into(),
        node,
    };
    sim.apply(command).expect("valid put");
}

/// Three servers (seed 7) with a leader whose no-op is committed, so that it may change the
/// configuration (membership tests).
pub fn three() -> Simulation {
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
