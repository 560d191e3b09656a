//! Scenario files: the human-readable text form and JSON lines, with expectations.
//!
//! Both forms compile to the same [`Scenario`]: a cluster [`SimConfig`], timed
//! [`Request`]s (and `report` marks), and [`Expectation`]s. The text form is documented in
//! docs/scenario-format.md; [`presets`] lists the scenarios shipped with the app.

mod cursor;
pub mod error;
mod eval;
pub mod expect;
pub mod jsonl;
pub mod lesson;
pub mod lesson_list;
pub mod lesson_run;
mod lexer;
pub mod presets;
pub mod runner;
pub mod text;

use serde::Serialize;

use crate::sim::config::SimConfig;
use crate::sim::horizon::MAX_TIME_MS;
use crate::sim::request::Request;

pub use error::ScenarioError;
pub use expect::{Cmp, Condition, Expectation, NodeScope, ReadExpect, When};
pub use jsonl::{parse_jsonl, to_jsonl};
pub use runner::{run_scenario, ExpectationResult, RunOptions, RunOutcome, Status};
pub use text::parse_text;

/// What happens at a time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Action {
    /// A command, or a restart from a new configuration.
    Request(Request),
    /// Print (or hand out) the state JSON at this time.
    Report,
}

/// A timed action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub at_ms: u64,
    /// The line it comes from (1-based).
    pub line: usize,
    pub action: Action,
}

/// A parsed scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scenario {
    /// The title line (shown in the preset picker).
    pub title: String,
    /// One to three sentences on what it shows.
    pub description: String,
    /// The title and description in Simplified Chinese (`title.zh`, `about.zh`; "" for none).
    pub title_zh: String,
    pub description_zh: String,
    /// The cluster at time 0.
    pub config: SimConfig,
    /// Timed actions, in time order (lines with the same time in file order).
    pub steps: Vec<Step>,
    pub expectations: Vec<Expectation>,
    /// `end at T`: when the run stops (otherwise a second after the last time named).
    pub end_ms: Option<u64>,
}

/// How long a run goes on after the last time a scenario names, unless it says `end at`.
pub const DEFAULT_TAIL_MS: u64 = 1_000;

impl Scenario {
    /// Parses either form: JSON lines if the first meaningful line starts with `{`.
    pub fn parse(source: &str) -> Result<Scenario, ScenarioError> {
        let first = source
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        if first.is_some_and(|l| l.starts_with('{')) {
            parse_jsonl(source)
        } else {
            parse_text(source)
        }
    }

    /// Adds a step after every step at the same time or earlier: steps stay in time order, and
    /// lines with the same time in file order (two stable sorts here cost the wasm 1.2 KB gzipped).
    fn add_step(&mut self, step: Step) {
        let at = self.steps.partition_point(|s| s.at_ms <= step.at_ms);
        self.steps.insert(at, step);
    }

    /// The timed requests (without reports), in order.
    pub fn commands(&self) -> Vec<(u64, Request)> {
        self.steps
            .iter()
            .filter_map(|s| match &s.action {
                Action::Request(r) => Some((s.at_ms, r.clone())),
                Action::Report => None,
            })
            .collect()
    }

    /// When the run stops: `end at`, or a second after the last time named by a step or an
    /// expectation (at the largest simulated time at the latest).
    pub fn end_ms(&self) -> u64 {
        if let Some(end) = self.end_ms {
            return end;
        }
        let steps = self.steps.iter().map(|s| s.at_ms);
        let expects = self.expectations.iter().filter_map(|e| match e.when {
            When::At { ms } => Some(ms),
            When::Window { to_ms, .. } => Some(to_ms),
            When::End => None,
        });
        let last = steps.chain(expects).max().unwrap_or(0);
        last.saturating_add(DEFAULT_TAIL_MS).min(MAX_TIME_MS)
    }
}
