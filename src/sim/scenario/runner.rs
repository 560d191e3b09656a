//! Running a scenario on a [`Simulation`] and checking its expectations.
//!
//! Commands are applied at their times; an `at T` expectation looks at the state after every
//! event up to T (and the commands at T); a window expectation (`by`, `within`) is checked after
//! every simulated millisecond in which something happened, and passes as soon as it holds.

use serde::Serialize;

use super::error::ScenarioError;
use super::eval::{holds, judge};
use super::expect::When;
use super::{Action, Scenario};
use crate::sim::checker::linearizability::{check_history, LinReport};
use crate::sim::checker::CheckerReport;
use crate::sim::horizon::check_time_ms;
use crate::sim::simulation::Skipped;
use crate::sim::Simulation;

/// Options of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Replaces the scenario's seed.
    pub seed: Option<u64>,
    /// Stops the run here (expectations after it are skipped).
    pub until_ms: Option<u64>,
}

/// The outcome of one expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    /// Not checked: the run stopped before its time.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectationResult {
    pub line: usize,
    pub text: String,
    pub status: Status,
    /// Why, in plain words (what was seen).
    pub reason: String,
}

/// What a run found.
#[derive(Debug, Clone, Serialize)]
pub struct RunOutcome {
    pub end_ms: u64,
    pub results: Vec<ExpectationResult>,
    pub invariants: CheckerReport,
    pub linearizability: LinReport,
    /// Commands the cluster refused at run time (for example a transfer with no leader).
    pub notes: Vec<String>,
}

impl RunOutcome {
    /// True if no expectation failed.
    pub fn expectations_pass(&self) -> bool {
        self.results.iter().all(|r| r.status != Status::Failed)
    }
}

/// Runs `scenario`; `on_report` is called at each `report` step. An end (`until_ms`, `end at`)
/// past the largest simulated time is refused before anything runs.
pub fn run_scenario(
    scenario: &Scenario,
    options: RunOptions,
    on_report: &mut dyn FnMut(&Simulation),
) -> Result<(Simulation, RunOutcome), ScenarioError> {
    let mut config = scenario.config.clone();
    if let Some(seed) = options.seed {
        config.seed = seed;
    }
    let end = options.until_ms.unwrap_or_else(|| scenario.end_ms());
    check_time_ms("until_ms", end).map_err(|e| ScenarioError::at(0, 0, e.to_string()))?;
    let mut sim = Simulation::new(config).map_err(|e| ScenarioError::at(0, 0, e.to_string()))?;
    // Every command goes into the simulation's timeline, as when the page plays the scenario:
    // one scheduler, so the CLI, the tests and the page run the same thing.
    for step in &scenario.steps {
        if let Action::Request(request) = &step.action {
            sim.schedule(step.at_ms, request.clone())
                .map_err(|e| ScenarioError::at(step.line, 0, e.to_string()))?;
        }
    }
    let mut results: Vec<Option<ExpectationResult>> = vec![None; scenario.expectations.len()];
    let mut notes = Vec::new();
    let mut times: Vec<u64> = scenario.steps.iter().map(|s| s.at_ms).collect();
    for e in &scenario.expectations {
        match e.when {
            When::At { ms } => times.push(ms),
            When::Window { from_ms, to_ms } => times.extend([from_ms, to_ms]),
            When::End => {}
        }
    }
    times.push(end);
    times.retain(|&t| t <= end);
    times.sort_unstable();
    times.dedup();
    let mut next_step = 0;
    for t in times {
        advance(&mut sim, scenario, &mut results, t);
        while let Some(step) = scenario.steps.get(next_step).filter(|s| s.at_ms <= t) {
            next_step += 1;
            if let Action::Report = step.action {
                on_report(&sim);
            }
        }
        for skipped in sim.take_skipped() {
            let line = line_of(scenario, &skipped);
            notes.push(format!("line {line}: refused: {skipped}"));
        }
        check_due(&sim, scenario, &mut results, t);
    }
    let linearizability = check_history(sim.history());
    let results = finish(&sim, scenario, results);
    let outcome = RunOutcome {
        end_ms: sim.now(),
        results,
        invariants: sim.checker().report(),
        linearizability,
        notes,
    };
    Ok((sim, outcome))
}

/// The line of the scenario step a skipped command came from.
fn line_of(scenario: &Scenario, skipped: &Skipped) -> usize {
    scenario
        .steps
        .iter()
        .rev()
        .find(|s| {
            s.at_ms <= skipped.at_ms
                && matches!(&s.action, Action::Request(r) if r.name() == skipped.command)
        })
        .map_or(0, |s| s.line)
}

/// Runs to time `t`, checking open windows whenever something happened.
fn advance(
    sim: &mut Simulation,
    scenario: &Scenario,
    results: &mut [Option<ExpectationResult>],
    t: u64,
) {
    let mut last_steps = u64::MAX;
    loop {
        let now = sim.now();
        let open = open_windows(scenario, results, now);
        if open.is_empty() || now >= t {
            break;
        }
        if sim.steps() != last_steps {
            last_steps = sim.steps();
            let state = sim.state();
            for i in open {
                let e = &scenario.expectations[i];
                // The reason is written only once the window's condition holds.
                if holds(&e.condition, sim, &state) {
                    let (_, reason) = judge(&e.condition, sim, &state);
                    results[i] = Some(result(e, Status::Passed, format!("at {now} ms: {reason}")));
                }
            }
        }
        sim.run_until(now + 1);
    }
    sim.run_until(t);
}

/// Indexes of window expectations not yet decided whose window contains `now`.
fn open_windows(
    scenario: &Scenario,
    results: &[Option<ExpectationResult>],
    now: u64,
) -> Vec<usize> {
    scenario
        .expectations
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            results[*i].is_none()
                && matches!(e.when, When::Window { from_ms, to_ms } if from_ms <= now && now <= to_ms)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Decides the `at` expectations due at `t` and the windows ending at `t`.
fn check_due(
    sim: &Simulation,
    scenario: &Scenario,
    results: &mut [Option<ExpectationResult>],
    t: u64,
) {
    let mut state = None;
    for (i, e) in scenario.expectations.iter().enumerate() {
        let due = match e.when {
            When::At { ms } => ms == t,
            When::Window { from_ms, to_ms } => from_ms <= t && to_ms == t,
            When::End => false,
        };
        if !due || results[i].is_some() {
            continue;
        }
        let state = state.get_or_insert_with(|| sim.state());
        let (ok, reason) = judge(&e.condition, sim, state);
        let (status, reason) = match (ok, e.when) {
            (true, _) => (Status::Passed, format!("at {t} ms: {reason}")),
            (false, When::Window { from_ms, .. }) => (
                Status::Failed,
                format!("not seen between {from_ms} and {t} ms; at {t} ms: {reason}"),
            ),
            (false, _) => (Status::Failed, format!("at {t} ms: {reason}")),
        };
        results[i] = Some(result(e, status, reason));
    }
}

/// End-of-run expectations, and those the run stopped before.
fn finish(
    sim: &Simulation,
    scenario: &Scenario,
    results: Vec<Option<ExpectationResult>>,
) -> Vec<ExpectationResult> {
    let state = sim.state();
    let now = sim.now();
    scenario
        .expectations
        .iter()
        .zip(results)
        .map(|(e, r)| {
            r.unwrap_or_else(|| match e.when {
                When::End => {
                    let (ok, reason) = judge(&e.condition, sim, &state);
                    let status = if ok { Status::Passed } else { Status::Failed };
                    result(e, status, format!("at the end ({now} ms): {reason}"))
                }
                _ => result(e, Status::Skipped, format!("the run stopped at {now} ms")),
            })
        })
        .collect()
}

fn result(e: &super::Expectation, status: Status, reason: String) -> ExpectationResult {
    ExpectationResult {
        line: e.line,
        text: e.text.clone(),
        status,
        reason,
    }
}
