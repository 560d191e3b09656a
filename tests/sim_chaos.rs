//! The chaos driver: swarm draws, random faults from a seed, then calm and recovery.

use raftlab::sim::chaos::{chaos_run, run_seeds, Plan, SearchSummary};
use raftlab::sim::Simulation;

#[test]
fn chaos_runs_recover_and_keep_the_invariants() {
    let seeds: u64 = std::env::var("SIM_CHAOS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let reports = run_seeds(1, seeds, &Plan::new(20_000), 2).unwrap();
    for r in &reports {
        assert!(
            r.problems.is_empty(),
            "seed {} ({}): {:?}",
            r.seed,
            r.swarm,
            r.problems
        );
        assert!(r.events > 0);
    }
    let sum = SearchSummary::of(&reports);
    assert_eq!(sum.seeds, seeds);
    assert!(sum.worst_settled_after_ms >= sum.worst_leader_after_ms);
}

#[test]
fn chaos_is_deterministic_and_replayable() {
    let plan = Plan::new(10_000);
    // A seed whose run compacts logs and has a real history (the first from 70 on).
    let (seed, a) = (70..200)
        .map(|seed| (seed, chaos_run(seed, &plan).unwrap()))
        .find(|(_, r)| r.config.snapshot_every > 0 && r.history.len() > 10)
        .expect("such a seed");
    let b = chaos_run(seed, &plan).unwrap();
    assert_eq!(a.trace_hash, b.trace_hash);
    // The command list replays the run exactly.
    let mut replay = Simulation::replay(a.config.clone(), &a.commands).unwrap();
    replay.seek(a.end_ms);
    assert_eq!(replay.trace_hash(), a.trace_hash);
    // The thread count does not change what a seed does.
    assert_eq!(
        run_seeds(70, 8, &plan, 1).unwrap(),
        run_seeds(70, 8, &plan, 3).unwrap()
    );
}

#[test]
fn the_seed_range_holds_at_both_ends_of_u64() {
    let plan = Plan::new(200);
    let seeds = |first, count| -> Vec<u64> {
        let reports = run_seeds(first, count, &plan, 2).unwrap();
        reports.iter().map(|r| r.seed).collect()
    };
    assert_eq!(seeds(0, 2), vec![0, 1]);
    assert_eq!(seeds(u64::MAX - 1, 5), vec![u64::MAX - 1, u64::MAX]);
    assert_eq!(seeds(7, 0), Vec::<u64>::new());
}

#[test]
fn an_absurd_duration_is_refused() {
    let err = chaos_run(1, &Plan::new(u64::MAX)).unwrap_err().to_string();
    assert!(err.contains("at most 3600000"), "{err}");
}
