//! Randomized chaos: many seeds of faults and client load, every checker after every event,
//! linearizability of the history at the end, and recovery once the faults stop.
//!
//! Each seed draws its own cluster and fault mix (swarm testing, src/sim/chaos/swarm.rs).
//! `make test` runs this in the test profile: CHAOS_SEEDS (default 10,000; about 40 s on two
//! cores) seeds of CHAOS_DURATION_MS (default 60000) simulated ms. `make chaos` runs 20,000
//! in release. With the fix of issue 17 reverted, seed 2950 fails (Lease Safety).

use raftlab::sim::chaos::{run_seeds, Plan, SearchSummary};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn chaos_seeds_keep_every_promise() {
    let seeds = env_u64("CHAOS_SEEDS", 10_000);
    let plan = Plan::new(env_u64("CHAOS_DURATION_MS", 60_000));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let started = std::time::Instant::now();
    let reports = run_seeds(1, seeds, &plan, threads).unwrap();
    let sum = SearchSummary::of(&reports);
    eprintln!(
        "chaos: {seeds} seeds x {} ms on {threads} threads: {} events, {} failing, {} \
         linearizability unknown, worst recovery {} ms to a leader and {} ms to every answer, \
         {:.1} s wall",
        plan.duration_ms,
        sum.events,
        sum.failing,
        sum.undecided,
        sum.worst_leader_after_ms,
        sum.worst_settled_after_ms,
        started.elapsed().as_secs_f64()
    );
    let failures: Vec<String> = reports
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| {
            format!(
                "seed {} ({}): {}\n  replay: {}",
                r.seed,
                r.swarm,
                r.problems.join("; "),
                plan.replay_command(r.seed)
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(sum.seeds, seeds);
    assert!(
        sum.undecided * 100 <= seeds,
        "{} seeds left undecided by the search limit",
        sum.undecided
    );
}
