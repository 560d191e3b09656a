//! Clients end to end: each write is proposed once unless a real failure made the client retry.

use raftlab::sim::state::State;
use raftlab::sim::{Command, SimConfig, Simulation};

fn start(config: SimConfig) -> Simulation {
    Simulation::new(config).expect("valid config")
}

/// Runs in 10 ms slices until a leader appears (or `max_ms` passes).
fn leader_within(sim: &mut Simulation, max_ms: u64) -> Option<u64> {
    let deadline = sim.now() + max_ms;
    while sim.now() < deadline && sim.leader().is_none() {
        sim.advance(10);
    }
    sim.leader()
}

fn put(sim: &mut Simulation, key: &str, value: &str, node: u64) {
    let command = Command::Put {
        key: key.into(),
        value: value.into(),
        node,
    };
    sim.apply(command).expect("valid put");
}

/// Runs in 5 ms slices until every client operation is answered (or `max_ms` passes).
fn answered_within(sim: &mut Simulation, max_ms: u64) -> bool {
    let deadline = sim.now() + max_ms;
    while sim.now() < deadline && sim.pending_ops() > 0 {
        sim.advance(5);
    }
    sim.pending_ops() == 0
}

/// Log entries of `node` holding a client write (text "put k=v (C1#3)").
fn write_entries(state: &State, node: u64) -> usize {
    let log = &state.nodes[(node - 1) as usize].log;
    log.iter().filter(|e| e.text.starts_with("put ")).count()
}

/// A client's timeout belongs to the operation it was armed for: the timer of a write answered
/// long ago must not fire into the same client's next write and send it a second time.
#[test]
fn an_answered_writes_timer_does_not_resend_the_next_write() {
    let mut s = start(SimConfig {
        seed: 3,
        ..SimConfig::default()
    });
    let leader = leader_within(&mut s, 3_000).expect("a leader");
    let timeout = s.config().client_timeout_ms;
    let sent = s.now();
    put(&mut s, "a", "1", leader);
    assert!(answered_within(&mut s, 200), "the first write is answered");
    // The same (idle) client's next write starts 10 ms before the first one's timer is due.
    s.run_until(sent + timeout - 10);
    put(&mut s, "b", "2", leader);
    assert!(answered_within(&mut s, 200), "the second write is answered");
    s.advance(2_000);
    let state = s.state();
    assert!(state.history.iter().all(|o| o.client == 1), "one client");
    for n in &state.nodes {
        assert_eq!(write_entries(&state, n.id), 2, "S{}: {:?}", n.id, n.log);
    }
    assert!(state.invariants.ok, "{:?}", state.invariants);
}

/// Under a steady load without faults no write is ever retried, so the log holds exactly one
/// entry per write.
#[test]
fn a_steady_load_without_faults_makes_one_entry_per_write() {
    let mut s = start(SimConfig {
        seed: 42,
        ..SimConfig::default()
    });
    let leader = leader_within(&mut s, 3_000).expect("a leader");
    let mut writes = 0;
    // A write every 70 ms: the client is idle again long before its 1 s timeout, and a new
    // write is in flight whenever an old write's timer comes due.
    for i in 0..400 {
        s.advance(70);
        put(&mut s, &format!("k{}", i % 10), &i.to_string(), leader);
        writes += 1;
    }
    assert!(answered_within(&mut s, 2_000), "every write is answered");
    let state = s.state();
    assert_eq!(s.leader(), Some(leader), "no fault: the leader stays");
    assert_eq!(write_entries(&state, leader), writes);
    assert!(state.invariants.ok, "{:?}", state.invariants);
}
