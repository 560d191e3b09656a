//! One run with every kind of event — elections, crashes, a partition, loss, duplication, clock
//! drift and client traffic — whose trace hash must be the same natively and in the browser.
//! Shared by tests/determinism.rs (native) and tests/wasm_app.rs (wasm32 in Chromium).

use raftlab::sim::command::Command;
use raftlab::sim::config::SimConfig;
use raftlab::sim::history::ReadMode;
use raftlab::sim::Simulation;

/// The trace hash of [`reference_run`]. It changes only when the simulation's behaviour does:
/// after a deliberate change, run `cargo test --test determinism` and copy the printed value.
pub const EXPECTED_TRACE_HASH: u64 = 0xa077_66be_6629_b80a;

pub fn reference_run() -> u64 {
    let config = SimConfig {
        seed: 2026,
        prevote: true,
        check_quorum: true,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config).expect("valid config");
    let script: Vec<(u64, Command)> = vec![
        (
            1_000,
            Command::Put {
                key: "x".into(),
                value: "1".into(),
                node: 1,
            },
        ),
        (1_500, Command::DropRate { p: 0.1 }),
        (1_600, Command::DupRate { p: 0.1 }),
        (2_000, Command::Crash { node: 1 }),
        (2_100, Command::ClockDrift { node: 2, rate: 1.3 }),
        (
            3_000,
            Command::Partition {
                groups: vec![vec![1, 2], vec![3, 4, 5]],
            },
        ),
        (
            3_200,
            Command::Put {
                key: "y".into(),
                value: "2".into(),
                node: 3,
            },
        ),
        (4_000, Command::Restart { node: 1 }),
        (5_000, Command::Heal),
        (
            5_500,
            Command::Get {
                key: "x".into(),
                node: 4,
                read: ReadMode::Follower,
            },
        ),
        (6_000, Command::Timeout { node: 5 }),
        (
            7_000,
            Command::Put {
                key: "x".into(),
                value: "3".into(),
                node: 2,
            },
        ),
    ];
    for (at, command) in script {
        sim.run_until(at);
        sim.apply(command).expect("valid command");
    }
    sim.run_until(12_000);
    sim.trace_hash()
}
