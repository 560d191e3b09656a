//! Measures the heap a long run holds, time-travel checkpoints included. A measurement, not a
//! timed test: `cargo test --release --test sim_memory -- --ignored --nocapture`.

use raftlab::sim::{Command, SimConfig, Simulation};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the bytes currently allocated. Tests in this file run one at a time in practice
/// (the measurement is ignored by default); a concurrent test would blur the figures.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes held by a simulation after `minutes` of simulated time with a write every
/// `write_every_ms` (0: no client load), and its checkpoint count.
fn measure(minutes: u64, write_every_ms: u64, checkpoint_every_ms: u64) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let mut s = Simulation::new(SimConfig {
        checkpoint_every_ms,
        ..SimConfig::default()
    })
    .unwrap();
    let end = minutes * 60_000;
    let step = if write_every_ms == 0 {
        1_000
    } else {
        write_every_ms
    };
    let mut i = 0u64;
    while s.now() < end {
        s.advance(step);
        if write_every_ms > 0 {
            i += 1;
            let _ = s.apply(Command::Put {
                key: format!("k{}", i % 10),
                value: i.to_string(),
                node: s.leader().unwrap_or(1),
            });
        }
    }
    let held = LIVE.load(Ordering::Relaxed) - before;
    let (count, _) = s.checkpoint_stats();
    drop(s);
    (held, count)
}

#[test]
#[ignore = "a measurement: run with --release -- --ignored --nocapture"]
fn thirty_minute_runs() {
    for (label, write_every_ms) in [("idle", 0), ("a write per second", 1_000)] {
        let (with, count) = measure(30, write_every_ms, 5_000);
        let (without, _) = measure(30, write_every_ms, 0);
        println!(
            "30 simulated minutes, {label}: {} KiB held in all, of which {} KiB in {} \
             checkpoints (one world alone: {} KiB)",
            with / 1024,
            (with - without) / 1024,
            count,
            without / 1024,
        );
        assert!(with < 256 * 1024 * 1024);
    }
}

/// A short version that runs in every test pass: checkpoints stay within their budget.
#[test]
fn checkpoints_hold_bounded_memory() {
    let (with, count) = measure(3, 500, 1_000);
    assert!(count <= raftlab::sim::timeline::MAX_CHECKPOINTS);
    assert!(with < 64 * 1024 * 1024, "{with} bytes");
}
