//! Clients end to end: each write is proposed once unless a real failure made the client retry,
//! and a client finds a working leader even when the server it first asked cannot help.

mod sim_support;

use raftlab::sim::state::State;
use raftlab::sim::{Command, SimConfig, Simulation};
use sim_support::{leader_within, put};

fn start(config: SimConfig) -> Simulation {
    Simulation::new(config).expect("valid config")
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

/// Thesis §6.2 (CheckQuorum): a server cut off in a minority refuses writes, or never answers
/// them, for as long as the partition lasts. A client that asked it tries the other servers, as
/// a real client does, and the majority's leader serves the write within a few seconds.
#[test]
fn a_client_that_asked_a_minority_server_finds_the_majority_leader() {
    let mut s = start(SimConfig {
        seed: 5,
        check_quorum: true,
        ..SimConfig::default()
    });
    leader_within(&mut s, 3_000).expect("a leader");
    // S1 leads (leadership is handed to it), then finds itself with S2 in the minority: it
    // steps down and knows no leader to send the client to.
    if s.leader() != Some(1) {
        s.apply(Command::Transfer { to: 1 })
            .expect("valid transfer");
        s.advance(500);
    }
    assert_eq!(s.leader(), Some(1), "S1 leads");
    let partition = Command::Partition {
        groups: vec![vec![1, 2], vec![3, 4, 5]],
    };
    s.apply(partition).expect("valid partition");
    let sent = s.now();
    put(&mut s, "x", "1", 1);
    // The partition lasts 16 s; the write must not wait for it to heal.
    assert!(answered_within(&mut s, 5_000), "the write is answered");
    let state = s.state();
    let op = &state.history[0];
    assert_eq!(op.status.as_deref(), Some("ok"), "{}", op.text);
    let took = op.complete_ms.unwrap_or(u64::MAX) - sent;
    assert!(took < 5_000, "answered after {took} ms");
    let leader = state.leader.expect("the majority has a leader");
    assert!([3, 4, 5].contains(&leader), "S{leader} leads");
    s.run_until(sent + 16_000);
    s.apply(Command::Heal).expect("valid heal");
    s.advance(2_000);
    let state = s.state();
    for n in &state.nodes {
        assert_eq!(write_entries(&state, n.id), 1, "S{}: {:?}", n.id, n.log);
        assert_eq!(n.kv.get("x").map(String::as_str), Some("1"), "S{}", n.id);
    }
    assert!(state.invariants.ok, "{:?}", state.invariants);
}
