//! Linearizability in the live state: `Simulation::state().invariants` names a non-linearizable
//! history (what the safety panel shows), at the same instant however often it is asked.

use raftlab::raft::ReadMode;
use raftlab::sim::checker::linearizability::{check_history, Verdict};
use raftlab::sim::command::Command;
use raftlab::sim::config::SimConfig;
use raftlab::sim::scenario::{presets::presets, run_scenario, RunOptions, Scenario};
use raftlab::sim::state::{Invariants, ViolationState};
use raftlab::sim::Simulation;

fn preset(id: &str) -> Scenario {
    let p = presets()
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no preset {id}"));
    Scenario::parse(p.source).expect("presets parse")
}

fn linearizability(inv: &Invariants) -> Vec<&ViolationState> {
    inv.violations
        .iter()
        .filter(|v| v.property == "Linearizability")
        .collect()
}

#[test]
fn a_stale_local_read_shows_in_the_live_state() {
    let (sim, outcome) = run_scenario(
        &preset("stale-local-read"),
        RunOptions::default(),
        &mut |_| {},
    )
    .expect("the preset runs");
    assert_eq!(outcome.linearizability.verdict, Verdict::NotLinearizable);
    let state = sim.state();
    let found = linearizability(&state.invariants);
    assert_eq!(found.len(), 1, "{:#?}", state.invariants);
    let v = found[0];
    assert!(!state.invariants.ok);
    assert!(state.invariants.total >= 1);
    // The stale get (sent to S2 at 4 s) is what breaks it, and the message says so in words.
    assert!(v.message.contains("key x"), "{}", v.message);
    assert!(v.message.contains("get x"), "{}", v.message);
    assert!(v.event.contains("get x"), "{}", v.event);
    assert!((4_000..4_500).contains(&v.time_ms), "{}", v.time_ms);
    assert!(v.nodes.contains(&2), "{:?}", v.nodes);
}

/// The violation is dated at the completion that broke the history, not when someone looked:
/// asking after every step, only at the end, or after a seek gives the same answer.
#[test]
fn the_violation_does_not_depend_on_when_it_is_asked() {
    let sc = preset("stale-local-read");
    let (end_state, _) = run_scenario(&sc, RunOptions::default(), &mut |_| {}).unwrap();
    let at_end = end_state.state().invariants;

    let mut sim = Simulation::replay(sc.config.clone(), &sc.commands()).unwrap();
    let mut first_seen = None;
    while sim.now() < end_state.now() && sim.step_forward() {
        let inv = sim.state().invariants;
        if first_seen.is_none() {
            if let Some(v) = linearizability(&inv).first() {
                first_seen = Some(((*v).clone(), sim.now()));
            }
        }
    }
    let (v, seen_at) = first_seen.expect("found while stepping");
    assert_eq!(&v, linearizability(&at_end)[0]);
    assert_eq!(
        seen_at, v.time_ms,
        "shown as soon as the breaking operation completes"
    );

    // Back before it: gone; forward again: the same one.
    sim.seek(v.time_ms - 1);
    assert!(linearizability(&sim.state().invariants).is_empty());
    sim.seek(end_state.now());
    assert_eq!(linearizability(&sim.state().invariants), vec![&v]);
}

#[test]
fn a_normal_run_stays_linearizable() {
    let config = SimConfig {
        nodes: 5,
        seed: 7,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config).unwrap();
    let modes = [ReadMode::ReadIndex, ReadMode::Follower, ReadMode::Lease];
    for i in 0..300u64 {
        sim.advance(50);
        let node = sim.leader().unwrap_or(1);
        let key = format!("k{}", i % 3);
        let command = if i % 2 == 0 {
            Command::Put {
                key,
                value: i.to_string(),
                node,
            }
        } else {
            Command::Get {
                key,
                node: i % 5 + 1,
                read: modes[(i as usize / 2) % 3],
            }
        };
        let _ = sim.apply(command);
        if i == 150 {
            let _ = sim.apply(Command::Crash { node });
        }
        if i == 200 {
            let _ = sim.apply(Command::Restart { node });
        }
        let inv = sim.state().invariants;
        assert!(inv.ok, "at {} ms: {:#?}", sim.now(), inv.violations);
    }
    sim.advance(2_000);
    let completed = sim
        .history()
        .operations()
        .iter()
        .filter(|op| op.result.is_some())
        .count();
    assert!(completed > 200, "only {completed} operations completed");
    assert_eq!(check_history(sim.history()).verdict, Verdict::Linearizable);
    assert!(linearizability(&sim.state().invariants).is_empty());
}
