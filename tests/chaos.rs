//! Randomized chaos: many seeds of faults and client load, every checker after every event,
//! linearizability of the history at the end, and recovery once the faults stop.
//!
//! `make test` runs this in the test profile (debug): CHAOS_SEEDS (default 500) seeds of
//! CHAOS_DURATION_MS (default 60000) simulated ms. `make chaos` runs a long soak in release.

use raftlab::sim::chaos::{chaos_run, Faults};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one seed found: events, whether linearizability was undecided, and problems.
fn run_seed(seed: u64, duration: u64) -> (u64, bool, Option<String>) {
    let outcome = match chaos_run(seed, duration, 5, Faults::all()) {
        Ok(o) => o,
        Err(e) => return (0, false, Some(format!("seed {seed}: {e}"))),
    };
    let verdict = outcome.verdict();
    let problems = verdict.problems;
    let failure = (!problems.is_empty()).then(|| {
        format!(
            "seed {seed}: {}\n  replay: raftlab-cli chaos --seeds 1 --first-seed {seed} \
             --duration-ms {duration}",
            problems.join("; ")
        )
    });
    (outcome.events, verdict.undecided, failure)
}

#[test]
fn chaos_seeds_keep_every_promise() {
    let seeds = env_u64("CHAOS_SEEDS", 500);
    let duration = env_u64("CHAOS_DURATION_MS", 60_000);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let started = std::time::Instant::now();
    // Seeds are independent and each run is deterministic: split them over the cores.
    let results: Vec<(u64, bool, Option<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (1..=seeds)
                        .filter(|s| s % threads == t)
                        .map(|s| run_seed(s, duration))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    assert_eq!(results.len() as u64, seeds, "a chaos thread panicked");
    let events: u64 = results.iter().map(|r| r.0).sum();
    let unknown = results.iter().filter(|r| r.1).count() as u64;
    let failures: Vec<&String> = results.iter().filter_map(|r| r.2.as_ref()).collect();
    eprintln!(
        "chaos: {seeds} seeds x {duration} ms on {threads} threads: {events} events, {} failing, \
         {unknown} linearizability unknown, {:.1} s wall",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    let failures: Vec<&str> = failures.iter().map(|s| s.as_str()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        unknown * 100 <= seeds,
        "{unknown} seeds left undecided by the search limit"
    );
}
