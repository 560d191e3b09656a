//! The chaos driver: random faults from a seed, then calm and recovery.

use raftlab::sim::chaos::{chaos_run, Faults};
use raftlab::sim::checker::linearizability::{check_history, Verdict};
use raftlab::sim::Simulation;

#[test]
fn chaos_runs_recover_and_keep_the_invariants() {
    let seeds: u64 = std::env::var("SIM_CHAOS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for seed in 1..=seeds {
        let out = chaos_run(seed, 20_000, 5, Faults::all()).unwrap();
        assert!(
            out.violations.is_empty(),
            "seed {seed}: {:?}",
            out.violations
        );
        assert!(
            out.settled,
            "seed {seed}: leader {:?}, {} pending",
            out.leader, out.pending_ops
        );
        assert!(out.history.len() > 10);
        let lin = check_history(&out.history);
        assert_eq!(
            lin.verdict,
            Verdict::Linearizable,
            "seed {seed}: {}",
            lin.summary()
        );
    }
}

#[test]
fn chaos_is_deterministic_and_replayable() {
    let a = chaos_run(77, 10_000, 5, Faults::all()).unwrap();
    let b = chaos_run(77, 10_000, 5, Faults::all()).unwrap();
    assert_eq!(a.trace_hash, b.trace_hash);
    // The command list replays the run exactly.
    let mut replay = Simulation::replay(a.config.clone(), &a.commands).unwrap();
    replay.seek(a.end_ms);
    assert_eq!(replay.trace_hash(), a.trace_hash);
}

#[test]
fn faults_parse_from_a_list() {
    let f = Faults::parse("crash, partition").unwrap();
    assert!(f.crash && f.partition && !f.loss);
    assert_eq!(Faults::parse("all").unwrap(), Faults::all());
    let err = Faults::parse("crash,meteor").unwrap_err().to_string();
    assert!(err.contains("\"meteor\""), "{err}");
}
