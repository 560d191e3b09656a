//! The standard workload's numbers. Not a timed test: run it explicitly, in release:
//! `cargo test --release --test sim_bench -- --ignored --nocapture`
//! (the CLI's `bench` command runs the same workload).

use raftlab::sim::bench::{run_workload, BenchReport, Workload};

/// Runs a workload timed with the native wall clock.
fn timed(workload: &Workload) -> BenchReport {
    let origin = std::time::Instant::now();
    run_workload(workload, &mut || origin.elapsed().as_secs_f64())
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn standard_workload() {
    let report = timed(&Workload::standard());
    println!("standard workload: {report}");
    assert!(report.writes_completed > 0);
}

/// The standard workload's trace hash. tests/e2e/smoke.test.mjs expects the same one from the
/// page's wasm (`make bench` compares the two builds on it too).
const STANDARD_TRACE_HASH: u64 = 0x2a5a_515d_763d_d6d2;

#[test]
fn standard_workload_does_the_recorded_work() {
    let report = run_workload(&Workload::standard(), &mut || 0.0);
    assert_eq!(report.trace_hash, STANDARD_TRACE_HASH, "{report}");
    assert_eq!(report.simulated_s, 600.0);
    assert_eq!(report.writes_sent, 6000);
}

/// The workload finishes and is deterministic (a short version, so it runs in every test pass).
#[test]
fn short_workload_is_deterministic() {
    let workload = Workload {
        duration_ms: 20_000,
        ..Workload::standard()
    };
    let a = run_workload(&workload, &mut || 0.0);
    let b = run_workload(&workload, &mut || 0.0);
    assert_eq!(a.trace_hash, b.trace_hash);
    assert_eq!(a.writes_sent, 200);
    assert!(a.writes_completed >= a.writes_sent - 1, "{a}");
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn standard_workload_without_time_travel() {
    let mut workload = Workload::standard();
    workload.config.checkpoint_every_ms = 0;
    let report = timed(&workload);
    println!("without checkpoints: {report}");
}
