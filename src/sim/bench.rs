//! The standard benchmark workload (issue 4, "Numbers").
//!
//! 5 nodes, latency 10-15 ms, heartbeat 50 ms, election timeout 150-300 ms, one client write
//! every 100 ms, 600 simulated seconds, time-travel checkpoints on. The simulator never reads a
//! clock: the wall clock is a parameter that the caller (the CLI, a test, a browser page) supplies.

use super::command::Command;
use super::config::SimConfig;
use super::simulation::Simulation;
use serde::Serialize;

/// What a benchmark run measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BenchReport {
    pub simulated_s: f64,
    pub wall_s: f64,
    /// The headline number: simulated seconds per wall-clock second.
    pub sim_s_per_wall_s: f64,
    /// Events processed (deliveries, timer firings, client steps, commands).
    pub events: u64,
    pub events_per_wall_s: f64,
    pub writes_sent: u64,
    pub writes_completed: u64,
    pub checkpoints: usize,
    /// Estimated bytes held by the checkpoints at the end.
    pub checkpoint_bytes: usize,
    /// Equal hashes mean two runs did the same work (native and wasm, say). In JSON it is a
    /// hex string: JavaScript numbers cannot hold 64 bits.
    #[serde(serialize_with = "as_hex")]
    pub trace_hash: u64,
}

fn as_hex<S: serde::Serializer>(hash: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&format_args!("{hash:#018x}"))
}

/// The workload's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub config: SimConfig,
    pub duration_ms: u64,
    pub write_every_ms: u64,
}

impl Workload {
    /// The standard workload of the issue.
    pub fn standard() -> Workload {
        Workload {
            config: SimConfig {
                nodes: 5,
                seed: 42,
                election_ms: [150, 300],
                heartbeat_ms: 50,
                latency_ms: [10, 15],
                ..SimConfig::default()
            },
            duration_ms: 600_000,
            write_every_ms: 100,
        }
    }
}

/// Runs `workload`; `wall_clock` returns seconds since any fixed origin.
pub fn run_workload(workload: &Workload, wall_clock: &mut dyn FnMut() -> f64) -> BenchReport {
    let started = wall_clock();
    let mut writes_sent = 0;
    let report_of = |sim: &Simulation, wall_s: f64, writes_sent: u64| {
        let simulated_s = sim.now() as f64 / 1000.0;
        let events = sim.steps();
        let writes_completed = sim
            .history()
            .operations()
            .iter()
            .filter(|op| op.result.is_some())
            .count() as u64;
        let (checkpoints, checkpoint_bytes) = sim.checkpoint_stats();
        BenchReport {
            simulated_s,
            wall_s,
            sim_s_per_wall_s: simulated_s / wall_s.max(1e-9),
            events,
            events_per_wall_s: events as f64 / wall_s.max(1e-9),
            writes_sent,
            writes_completed,
            checkpoints,
            checkpoint_bytes,
            trace_hash: sim.trace_hash(),
        }
    };
    let Ok(mut sim) = Simulation::new(workload.config.clone()) else {
        // The standard configuration is valid; a custom invalid one measures nothing.
        return BenchReport::default();
    };
    let every = workload.write_every_ms.max(1);
    while sim.now() + every <= workload.duration_ms {
        sim.advance(every);
        // A client that remembers the leader sends there; before any election, to S1.
        let node = sim.leader().unwrap_or(1);
        let put = Command::Put {
            key: format!("k{}", writes_sent % 10),
            value: writes_sent.to_string(),
            node,
        };
        if sim.apply(put).is_ok() {
            writes_sent += 1;
        }
    }
    sim.run_until(workload.duration_ms);
    let wall_s = wall_clock() - started;
    report_of(&sim, wall_s, writes_sent)
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.0} simulated s in {:.3} wall s: {:.0} simulated s per wall s, {} events ({:.0} per \
             wall s), {}/{} writes completed, {} checkpoints (~{:.1} MiB), trace {:#018x}",
            self.simulated_s,
            self.wall_s,
            self.sim_s_per_wall_s,
            self.events,
            self.events_per_wall_s,
            self.writes_completed,
            self.writes_sent,
            self.checkpoints,
            self.checkpoint_bytes as f64 / (1024.0 * 1024.0),
            self.trace_hash
        )
    }
}
