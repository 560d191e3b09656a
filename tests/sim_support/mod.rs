//! Small helpers shared by the simulator's integration tests.
#![allow(dead_code)]

use raftlab::sim::{Command, Simulation};

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
