//! The chaos driver: random faults and client load from a seed, then calm, then a check that
//! the cluster recovered (a leader, every pending write answered).
//!
//! The faults are drawn from a generator of their own (seeded from the same seed), so the
//! simulation's stream is the same whether a fault was drawn or not; everything the driver does
//! goes through ordinary commands, so `commands` replays the run exactly.

use super::checker::linearizability::{check_history, Verdict};
use super::command::Command;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::history::{History, ReadMode};
use super::rng::{between, chance, seeded, SimRng};
use super::simulation::Simulation;

/// Which kinds of fault a chaos run injects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Faults {
    pub crash: bool,
    pub partition: bool,
    pub cut: bool,
    pub loss: bool,
    pub dup: bool,
    pub drift: bool,
}

impl Faults {
    pub const NAMES: [&'static str; 6] = ["crash", "partition", "cut", "loss", "dup", "drift"];

    pub fn all() -> Faults {
        Faults {
            crash: true,
            partition: true,
            cut: true,
            loss: true,
            dup: true,
            drift: true,
        }
    }

    pub fn none() -> Faults {
        Faults {
            crash: false,
            partition: false,
            cut: false,
            loss: false,
            dup: false,
            drift: false,
        }
    }

    /// Parses a comma-separated list ("crash,partition,loss"); "all" and "none" too.
    pub fn parse(list: &str) -> Result<Faults> {
        let mut faults = Faults::none();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "all" => faults = Faults::all(),
                "none" => {}
                "crash" => faults.crash = true,
                "partition" => faults.partition = true,
                "cut" => faults.cut = true,
                "loss" => faults.loss = true,
                "dup" => faults.dup = true,
                "drift" => faults.drift = true,
                other => {
                    return Err(SimError::range(
                        "faults",
                        "a list of crash, partition, cut, loss, dup, drift (or all, none)",
                        format!("\"{other}\""),
                    ))
                }
            }
        }
        Ok(faults)
    }
}

/// After the faults stop, the cluster must have a leader and every pending client operation
/// must be answered within this much simulated time.
pub const SETTLE_BOUND_MS: u64 = 10_000;

/// How one chaos run went.
#[derive(Debug, Clone)]
pub struct ChaosOutcome {
    pub seed: u64,
    pub config: SimConfig,
    /// Simulated time at the end (faults, then calm).
    pub end_ms: u64,
    pub events: u64,
    /// A leader after the calm period.
    pub leader: Option<u64>,
    /// Client operations still unanswered at the end.
    pub pending_ops: usize,
    /// Leader found and nothing pending within [`SETTLE_BOUND_MS`].
    pub settled: bool,
    /// Invariant violations (the checker's words).
    pub violations: Vec<String>,
    /// The client history, for the linearizability checker.
    pub history: History,
    /// Every command of the run: `Simulation::replay(config, &commands)` reproduces it.
    pub commands: Vec<(u64, Command)>,
    pub trace_hash: u64,
}

/// What a chaos run's checks concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaosVerdict {
    /// Everything that went wrong, in words: invariant violations, a non-linearizable history,
    /// no recovery after the faults. Empty for a good run.
    pub problems: Vec<String>,
    /// The linearizability search hit its limit (neither proven nor refuted).
    pub undecided: bool,
}

impl ChaosOutcome {
    /// Runs the whole-history linearizability check and gathers every problem of the run.
    pub fn verdict(&self) -> ChaosVerdict {
        let lin = check_history(&self.history);
        let mut problems = self.violations.clone();
        if lin.verdict == Verdict::NotLinearizable {
            problems.push(lin.summary());
        }
        if !self.settled {
            problems.push(format!(
                "did not settle after the faults: leader {:?}, {} operation(s) pending",
                self.leader, self.pending_ops
            ));
        }
        ChaosVerdict {
            problems,
            undecided: lin.verdict == Verdict::Unknown,
        }
    }
}

/// One chaos run: `duration_ms` of faults and load on `nodes` servers, then calm.
pub fn chaos_run(seed: u64, duration_ms: u64, nodes: u64, faults: Faults) -> Result<ChaosOutcome> {
    // PreVote and CheckQuorum on: lease reads are then really served from the lease, and the
    // drift faults stay within its bound, so they must stay linearizable.
    let config = SimConfig {
        nodes,
        seed,
        prevote: true,
        check_quorum: true,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config.clone())?;
    let mut rng = seeded(seed ^ 0x6368_616f_735f_7631); // "chaos_v1": a stream of its own
    while sim.now() < duration_ms {
        let gap = between(&mut rng, 20, 400);
        sim.run_until((sim.now() + gap).min(duration_ms));
        if let Some(command) = draw(&mut rng, &sim, faults) {
            // A drawn command may not fit the moment (e.g. crash a node that is down): skip it.
            let _ = sim.apply(command);
        }
    }
    calm(&mut sim);
    let deadline = sim.now() + SETTLE_BOUND_MS;
    while sim.now() < deadline && (sim.leader().is_none() || sim.pending_ops() > 0) {
        sim.advance(50);
    }
    let settled = sim.leader().is_some() && sim.pending_ops() == 0;
    Ok(ChaosOutcome {
        seed,
        end_ms: sim.now(),
        events: sim.steps(),
        leader: sim.leader(),
        pending_ops: sim.pending_ops(),
        settled,
        violations: sim
            .checker()
            .violations()
            .iter()
            .map(|v| v.to_string())
            .collect(),
        history: sim.history().clone(),
        commands: sim.commands(),
        trace_hash: sim.trace_hash(),
        config,
    })
}

/// Ends every fault: heal, restart everyone, no loss, duplication or drift.
fn calm(sim: &mut Simulation) {
    let _ = sim.apply(Command::Heal);
    let _ = sim.apply(Command::DropRate { p: 0.0 });
    let _ = sim.apply(Command::DupRate { p: 0.0 });
    let state = sim.state();
    for node in &state.nodes {
        if !node.up {
            let _ = sim.apply(Command::Restart { node: node.id });
        }
        if node.clock_rate != 1.0 {
            let _ = sim.apply(Command::ClockDrift {
                node: node.id,
                rate: 1.0,
            });
        }
    }
}

/// One random action: mostly client load, sometimes a fault or its repair.
fn draw(rng: &mut SimRng, sim: &Simulation, faults: Faults) -> Option<Command> {
    let nodes = sim.config().nodes;
    let node = between(rng, 1, nodes);
    let other = between(rng, 1, nodes);
    match between(rng, 0, 19) {
        0..=7 => Some(Command::Put {
            key: format!("k{}", between(rng, 0, 4)),
            value: between(rng, 0, 999).to_string(),
            node,
        }),
        8..=10 => {
            // Linearizable read modes only: `local` is stale by design.
            let read = match between(rng, 0, 2) {
                0 => ReadMode::ReadIndex,
                1 => ReadMode::Follower,
                _ => ReadMode::Lease,
            };
            Some(Command::Get {
                key: format!("k{}", between(rng, 0, 4)),
                node,
                read,
            })
        }
        11 if faults.crash => Some(Command::Crash { node }),
        12 if faults.crash => Some(Command::Restart { node }),
        13 if faults.partition => {
            let mut groups = vec![Vec::new(), Vec::new()];
            for id in 1..=nodes {
                groups[usize::from(chance(rng, 0.5))].push(id);
            }
            groups.retain(|g| !g.is_empty());
            Some(Command::Partition { groups })
        }
        14 if faults.cut => Some(Command::Cut {
            from: node,
            to: other,
            oneway: chance(rng, 0.5),
        }),
        15 if faults.loss => Some(Command::DropRate {
            p: between(rng, 0, 20) as f64 / 100.0,
        }),
        16 if faults.dup => Some(Command::DupRate {
            p: between(rng, 0, 20) as f64 / 100.0,
        }),
        // Within the lease's drift bound (0.1 by default): lease reads must stay safe.
        17 if faults.drift => Some(Command::ClockDrift {
            node,
            rate: between(rng, 96, 104) as f64 / 100.0,
        }),
        18 | 19 => Some(Command::Heal),
        _ => None,
    }
}
