//! The chaos search: random faults and client load from a seed, then calm, then checks that
//! nothing broke (every checker after every event, linearizability of the whole history) and
//! that the cluster recovered in time (a leader, every client operation answered).
//!
//! Each seed draws its own cluster and fault mix ([`swarm`]). The driver's draws come from a
//! generator of their own (seeded from the same seed), so the simulation's stream is the same
//! whether a fault was drawn or not; everything the driver does goes through ordinary commands,
//! so `commands` replays the run exactly.

mod actions;
mod faults;
mod membership;
mod swarm;

pub use faults::{Fault, Faults};
pub use swarm::{Plan, Swarm};

use std::sync::atomic::{AtomicU64, Ordering};

use super::checker::linearizability::{check_history, Verdict};
use super::command::Command;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::history::History;
use super::request::Request;
use super::rng::{between, seeded};
use super::simulation::Simulation;
use super::trace_file::Trace;

/// After the faults stop, the cluster must have a leader and every pending client operation
/// must be answered within this much simulated time (liveness), plus one client timeout per
/// removed server shut down (see [`shut_down_removed`]): clients know nothing of membership
/// and try every server in turn, and one shut down answers nothing.
pub const SETTLE_BOUND_MS: u64 = 10_000;

/// The longest fault period a chaos seed accepts: one simulated hour (about a second of wall
/// time a seed). Longer would look like a hang.
pub const MAX_DURATION_MS: u64 = 3_600_000;

/// The most threads [`run_seeds`] uses.
pub const MAX_THREADS: u64 = 64;

/// At most this many client operations at once: real load comes from a bounded set of
/// clients, and an unbounded backlog built up while the cluster was down would measure
/// throughput after the calm, not liveness.
pub const CLIENTS: usize = 8;

/// "chaos_v2": the driver's stream, apart from the simulation's.
const DRIVER_STREAM: u64 = 0x6368_616f_735f_7632;

/// How one chaos run went.
#[derive(Debug, Clone)]
pub struct ChaosOutcome {
    pub seed: u64,
    /// What the seed drew: the cluster's configuration and the faults.
    pub swarm: Swarm,
    pub config: SimConfig,
    /// When the faults stopped and everything was healed.
    pub calm_ms: u64,
    /// How long after the calm the run had to settle: [`SETTLE_BOUND_MS`], longer when removed
    /// servers were shut down.
    pub settle_bound_ms: u64,
    /// Simulated time at the end (faults, then calm).
    pub end_ms: u64,
    pub events: u64,
    /// A leader that every server follows, at the end.
    pub leader: Option<u64>,
    /// Client operations still unanswered at the end.
    pub pending_ops: usize,
    /// How long after the calm began every server followed one leader, and every operation
    /// was answered (None: not within [`SETTLE_BOUND_MS`]).
    pub leader_after_ms: Option<u64>,
    pub settled_after_ms: Option<u64>,
    /// Invariant violations (the checker's words).
    pub violations: Vec<String>,
    /// The client history, for the linearizability checker.
    pub history: History,
    /// Every command of the run: `Simulation::replay(config, &commands)` reproduces it.
    pub commands: Vec<(u64, Request)>,
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
    /// Leader found and nothing pending within [`SETTLE_BOUND_MS`] of the calm.
    pub fn settled(&self) -> bool {
        self.settled_after_ms.is_some()
    }

    /// Runs the whole-history linearizability check and gathers every problem of the run.
    pub fn verdict(&self) -> ChaosVerdict {
        let lin = check_history(&self.history);
        let mut problems = self.violations.clone();
        if lin.verdict == Verdict::NotLinearizable {
            problems.push(lin.summary());
        }
        if !self.settled() {
            problems.push(format!(
                "did not settle within {} ms after the faults: leader {:?}, {} operation(s) \
                 pending",
                self.settle_bound_ms, self.leader, self.pending_ops
            ));
        }
        ChaosVerdict {
            problems,
            undecided: lin.verdict == Verdict::Unknown,
        }
    }

    /// The run as a JSON-lines scenario (docs/scenario-format.md) that expects every invariant
    /// to hold: `raftlab-cli run FILE` replays it, the page opens it, a test can keep it.
    pub fn scenario_jsonl(&self, plan: &Plan) -> String {
        let head = serde_json::json!({
            "title": format!("Chaos seed {}", self.seed),
            "about": format!(
                "{}. Replays {}.",
                self.swarm.describe(),
                plan.replay_command(self.seed)
            ),
        });
        let mut lines = vec![
            head.to_string(),
            json_line(None, &Request::Restart(self.config.clone())),
        ];
        for (at_ms, command) in &self.commands {
            lines.push(json_line(Some(*at_ms), command));
        }
        let settled = serde_json::json!({
            "at_ms": self.calm_ms,
            "expect": format!("leader within {}ms", self.settle_bound_ms),
        });
        lines.push(settled.to_string());
        lines.push(r#"{"expect": "invariants ok"}"#.to_string());
        lines.join("\n") + "\n"
    }

    /// The run as a trace file (docs/trace-format.md), with its client history: `raftlab-cli
    /// run FILE` replays it to the same trace hash, the page imports it.
    pub fn trace(&self) -> Trace {
        Trace {
            title: format!("Chaos seed {}", self.seed),
            description: String::new(),
            title_zh: String::new(),
            description_zh: String::new(),
            config: self.config.clone(),
            commands: self.commands.clone(),
            time_ms: self.end_ms,
            expectations: None,
            events: None,
            history: Some(self.history.to_porcupine()),
        }
    }

    /// The verdict and the figures of the run, without its history (small enough to keep for
    /// thousands of seeds).
    pub fn report(&self) -> SeedReport {
        let verdict = self.verdict();
        SeedReport {
            seed: self.seed,
            swarm: self.swarm.describe(),
            events: self.events,
            problems: verdict.problems,
            undecided: verdict.undecided,
            leader_after_ms: self.leader_after_ms,
            settled_after_ms: self.settled_after_ms,
        }
    }
}

/// One seed's result, as the search reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub seed: u64,
    /// [`Swarm::describe`].
    pub swarm: String,
    pub events: u64,
    pub problems: Vec<String>,
    pub undecided: bool,
    pub leader_after_ms: Option<u64>,
    pub settled_after_ms: Option<u64>,
}

/// One chaos run of `plan` with `seed`: faults and load, then calm and the liveness check.
pub fn chaos_run(seed: u64, plan: &Plan) -> Result<ChaosOutcome> {
    if plan.duration_ms > MAX_DURATION_MS {
        return Err(SimError::range(
            "duration_ms",
            &format!("at most {MAX_DURATION_MS} (one simulated hour)"),
            plan.duration_ms,
        ));
    }
    let mut rng = seeded(seed ^ DRIVER_STREAM);
    let swarm = Swarm::draw(&mut rng, seed, plan);
    let mut sim = Simulation::new(swarm.config.clone())?;
    while sim.now() < plan.duration_ms {
        let gap = between(&mut rng, swarm.pace_ms[0], swarm.pace_ms[1]);
        sim.run_until((sim.now() + gap).min(plan.duration_ms));
        let cluster = membership::Cluster::of(&sim);
        let command = actions::draw(&mut rng, &swarm, &cluster);
        let client_op = matches!(command, Command::Put { .. } | Command::Get { .. });
        if client_op && sim.pending_ops() >= CLIENTS {
            continue; // every client is waiting for an answer
        }
        // A drawn command may not fit the moment (e.g. crash a node that is down): skip it.
        let _ = sim.apply(command);
    }
    let calm_at = sim.now();
    calm(&mut sim, &swarm);
    let unprotected = !swarm.config.prevote && !swarm.config.check_quorum;
    let operator = swarm.faults.has(Fault::Membership) && unprotected;
    let (mut leader_after_ms, mut settled_after_ms) = (None, None);
    let (mut shut_down, mut settle_bound_ms) = (0, SETTLE_BOUND_MS);
    while sim.now() <= calm_at + settle_bound_ms {
        let since = sim.now() - calm_at;
        if operator && since % 100 == 0 {
            shut_down += shut_down_removed(&mut sim);
            settle_bound_ms = SETTLE_BOUND_MS + shut_down * swarm.config.client_timeout_ms;
        }
        if sim.followed_leader().is_some() {
            leader_after_ms.get_or_insert(since);
            if sim.pending_ops() == 0 {
                settled_after_ms = Some(since);
                break;
            }
        }
        sim.advance(10);
    }
    Ok(ChaosOutcome {
        seed,
        calm_ms: calm_at,
        settle_bound_ms,
        end_ms: sim.now(),
        events: sim.steps(),
        leader: sim.followed_leader(),
        pending_ops: sim.pending_ops(),
        leader_after_ms,
        settled_after_ms,
        violations: sim
            .checker()
            .violations()
            .iter()
            .map(|v| v.to_string())
            .collect(),
        history: sim.history().clone(),
        commands: sim.commands(),
        trace_hash: sim.trace_hash(),
        config: swarm.config.clone(),
        swarm,
    })
}

/// One command as a JSON line, with its time first.
fn json_line(at_ms: Option<u64>, request: &Request) -> String {
    let mut line = serde_json::Map::new();
    if let Some(at_ms) = at_ms {
        line.insert("at_ms".into(), at_ms.into());
    }
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(request) {
        line.extend(fields);
    }
    serde_json::Value::Object(line).to_string()
}

/// Ends every fault: heal, restart everyone, the configured latency, no loss, duplication or
/// drift.
fn calm(sim: &mut Simulation, swarm: &Swarm) {
    let _ = sim.apply(Command::Heal);
    let _ = sim.apply(actions::base_latency(swarm));
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

/// After the calm of a run with membership changes and neither PreVote nor CheckQuorum, shuts
/// down, as an operator would, each server known to be removed by a committed configuration:
/// nothing in the protocol stops one that never learned of its removal (or forgot it in a
/// restart) from deposing leader after leader with its higher terms (thesis §4.2.3), so
/// liveness is not Raft's promise while it runs. Returns how many it shut down.
fn shut_down_removed(sim: &mut Simulation) -> u64 {
    let removed = sim.removed_servers();
    let stopped = removed
        .into_iter()
        .filter(|&node| sim.apply(Command::Crash { node }).is_ok());
    stopped.count() as u64
}

/// Runs `count` seeds from `first` (fewer if the seeds would pass u64::MAX) on `threads`
/// threads, each taking the next seed when it is free; seeds are independent and each run is
/// deterministic, so the reports (in seed order) do not depend on the thread count.
pub fn run_seeds(first: u64, count: u64, plan: &Plan, threads: u64) -> Result<Vec<SeedReport>> {
    // Seeds first..=u64::MAX exist: u64::MAX - first + 1 of them (all 2^64 when first is 0).
    let count = count.min((u64::MAX - first).saturating_add(1));
    let next = AtomicU64::new(0);
    let worker = || -> Result<Vec<SeedReport>> {
        let mut reports = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return Ok(reports);
            }
            reports.push(chaos_run(first + i, plan)?.report());
        }
    };
    let per_thread: Vec<Result<Vec<SeedReport>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, MAX_THREADS))
            .map(|_| scope.spawn(worker))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(SimError::Config("a chaos thread panicked".into())))
            })
            .collect()
    });
    let mut reports = Vec::with_capacity(count.min(1 << 20) as usize);
    for r in per_thread {
        reports.extend(r?);
    }
    reports.sort_by_key(|r| r.seed);
    Ok(reports)
}

/// What a search found, in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchSummary {
    pub seeds: u64,
    pub events: u64,
    pub failing: u64,
    pub undecided: u64,
    /// The slowest recovery after the calm among the seeds that recovered: to a leader, and
    /// to every operation answered.
    pub worst_leader_after_ms: u64,
    pub worst_settled_after_ms: u64,
}

impl SearchSummary {
    pub fn of(reports: &[SeedReport]) -> SearchSummary {
        SearchSummary {
            seeds: reports.len() as u64,
            events: reports.iter().map(|r| r.events).sum(),
            failing: reports.iter().filter(|r| !r.problems.is_empty()).count() as u64,
            undecided: reports.iter().filter(|r| r.undecided).count() as u64,
            worst_leader_after_ms: reports
                .iter()
                .filter_map(|r| r.leader_after_ms)
                .max()
                .unwrap_or(0),
            worst_settled_after_ms: reports
                .iter()
                .filter_map(|r| r.settled_after_ms)
                .max()
                .unwrap_or(0),
        }
    }
}
