//! Measures the heap a long run holds, time-travel checkpoints included. A measurement, not a
//! timed test: `cargo test --release --test sim_memory -- --ignored --nocapture`.

use raftlab::sim::{Command, SimConfig, Simulation};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the bytes currently allocated. The measurements (ignored by default) take [`ALONE`]
/// so that they run one at a time: a concurrent test would blur the figures.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

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
    let _alone = ALONE.lock();
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

/// The space-time records of the standard workload (ten minutes, a write every 100 ms): how
/// many of each, and the heap the whole simulation holds with them.
#[test]
#[ignore = "a measurement: run with --release -- --ignored --nocapture"]
fn space_time_records_of_ten_busy_minutes() {
    let _alone = ALONE.lock();
    let before = LIVE.load(Ordering::Relaxed);
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    let mut i = 0u64;
    while s.now() < 600_000 {
        s.advance(100);
        i += 1;
        let node = s.leader().unwrap_or(1);
        let key = format!("k{}", i % 10);
        let _ = s.apply(Command::Put {
            key,
            value: i.to_string(),
            node,
        });
    }
    let held = LIVE.load(Ordering::Relaxed) - before;
    let w = s.spacetime(0, raftlab::sim::MAX_TIME_MS);
    let heartbeats = w.messages.iter().filter(|m| m.heartbeat).count();
    println!(
        "10 busy minutes: {} messages ({heartbeats} heartbeats or their replies), {} marks, \
         {} bands, {} operations, recorded from {} ms; {} KiB held by the simulation in all",
        w.messages.len(),
        w.marks.len(),
        w.bands.len(),
        w.ops.len(),
        w.recorded_from_ms,
        held / 1024
    );
    let window = s.spacetime_with(597_000, 600_000, false);
    println!(
        "the last 3 s without heartbeats: {} messages",
        window.messages.len()
    );
}
