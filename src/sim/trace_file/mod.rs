//! Trace files: a run taken out of Raftlab and brought back (docs/trace-format.md).
//!
//! One JSON document holds what a share link holds: the configuration the run started from,
//! its seed, every command with its time, and the time the run reached. A replay of those
//! ([`Trace::replay`]) reaches the same state, with the same trace hash. Two optional lists are
//! for people and outside tools, and a replay ignores them: `events` (the narration) and
//! `history` (the client operations in Porcupine's format, [`History::to_porcupine`]).
//!
//! `raftlab-cli run TRACE.json` reads the file that the page is to export and import (issue
//! 15), and `--trace-out` writes it. The page can use this module without growing much: reading
//! goes through a `serde_json::Value` field by field, and commands through
//! [`Request::from_value`], never through a derived `Deserialize`, and no message prints an f64
//! with std's formatter (a value is shown as JSON). The reasons are in docs/size.md, S1, S2 and
//! F1 to F3.
//!
//! A seed above 2^53 - 1 is written as a string of digits, as everywhere in Raftlab's JSON
//! (sim/seed.rs), the top-level `seed` and a timed `config`'s alike. Either form is read back.
//!
//! [`History::to_porcupine`]: super::history::History::to_porcupine

mod read;
#[cfg(test)]
mod tests;
mod write;

pub use read::looks_like_trace;
pub use write::{json_list, seed_to_json};

use serde_json::Value;

use crate::i18n::{display_in_words, key, say, Lang, Sentence};

use super::config::SimConfig;
use super::error::SimError;
use super::request::Request;
use super::scenario::{run_scenario, Action, RunOptions, Scenario, ScenarioError, Status, Step};
use super::state::Narration;
use super::Simulation;

/// The field that marks a trace, and the version this code reads and writes.
pub const TRACE_FIELD: &str = "raftlab_trace";
pub const TRACE_VERSION: u64 = 1;

/// The fields of a trace, in the order they are written.
const FIELDS: &str = "raftlab_trace, title, title.zh, description, description.zh, seed, config, \
                      time_ms, expectations, commands, events, history";

/// Why a file is not a trace this code can replay. Each message names the field at fault (as
/// a JSON path, `commands[2].at_ms`) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceError {
    Json(String),
    NotATrace(String),
    Version(String),
    Field { field: String, detail: String },
}

display_in_words!(TraceError => trace_error_text);

fn trace_error_text(error: &TraceError) -> String {
    let words: Sentence = match error {
        TraceError::Json(detail) => (key("not JSON: {0}"), &[detail]),
        TraceError::NotATrace(detail) => (key("not a Raftlab trace: {0}"), &[detail]),
        TraceError::Version(version) => (
            key("unknown trace version {0} (this Raftlab reads version {1})"),
            &[version, &TRACE_VERSION],
        ),
        TraceError::Field { field, detail } => (key("{0}: {1}"), &[field, detail]),
    };
    say(words)
}

fn field_error(field: &str, detail: impl Into<String>) -> TraceError {
    TraceError::Field {
        field: field.to_string(),
        detail: detail.into(),
    }
}

/// How many of a scenario's expectations its run meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    pub met: u64,
    pub total: u64,
}

/// A run as data: enough to replay it, and what it showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// A name for people ("" for none).
    pub title: String,
    /// What it shows, in a sentence or three ("" for none): a preset scenario's description.
    pub description: String,
    /// The title and description in Simplified Chinese (`title.zh`, `description.zh`).
    pub title_zh: String,
    pub description_zh: String,
    /// The configuration at time 0; its `seed` is the trace's seed.
    pub config: SimConfig,
    /// Every command and timed restart, by time (equal times in the order they ran).
    pub commands: Vec<(u64, Request)>,
    /// The time the run reached: a replay runs to it.
    pub time_ms: u64,
    /// A scenario's script: how many of its expectations its own run meets, judged when the
    /// trace was made ([`Trace::of_scenario`]).
    pub expectations: Option<Judged>,
    /// The narration, `{time_ms, node, text}` objects (not needed to replay).
    pub events: Option<Vec<Value>>,
    /// The client operations in Porcupine's format (not needed to replay).
    pub history: Option<Vec<Value>>,
}

impl Trace {
    /// The run of `sim` up to now: its start configuration, its commands (those ahead too, if
    /// it is in the past) and its time. Without events or history.
    pub fn of(sim: &Simulation) -> Trace {
        Trace {
            title: String::new(),
            description: String::new(),
            title_zh: String::new(),
            description_zh: String::new(),
            config: sim.start_config().clone(),
            commands: sim.commands(),
            time_ms: sim.now(),
            expectations: None,
            events: None,
            history: None,
        }
    }

    /// Its title and description in `lang`: the English where no translation is given.
    pub fn title_and_description(&self, lang: Lang) -> (&str, &str) {
        match lang {
            Lang::Zh if !self.title_zh.is_empty() => (&self.title_zh, &self.description_zh),
            _ => (&self.title, &self.description),
        }
    }

    /// A new run replayed from the trace, at its time.
    pub fn replay(&self) -> Result<Simulation, SimError> {
        let mut sim = Simulation::replay(self.config.clone(), &self.commands)?;
        sim.run_until(self.time_ms);
        Ok(sim)
    }

    /// As [`Trace::replay`], also gathering the whole narration on the way (the state keeps
    /// only the newest lines): the run goes a millisecond at a time, which changes nothing in
    /// it (the trace hash is the same).
    pub fn replay_narrated(&self) -> Result<(Simulation, Vec<Narration>), SimError> {
        let mut sim = Simulation::replay(self.config.clone(), &self.commands)?;
        // A restart in place starts a new narration: the gatherer is told how many there were.
        let restart_times: Vec<u64> = (self.commands.iter())
            .filter(|(_, request)| matches!(request, Request::Restart(_)))
            .map(|(at_ms, _)| *at_ms)
            .collect();
        let mut gather = Gatherer::default();
        let mut t = 0;
        loop {
            sim.run_until(t);
            gather.take(&sim, restart_times.partition_point(|&at| at <= t));
            if t >= self.time_ms {
                return Ok((sim, gather.lines));
            }
            t += 1;
        }
    }

    /// Fills `events` with the whole narration ([`Trace::replay_narrated`]) and returns the
    /// replayed run.
    pub fn gather_events(&mut self) -> Result<Simulation, SimError> {
        let (sim, lines) = self.replay_narrated()?;
        // Through the JSON text, as commands are (write.rs).
        let lines = lines.iter().filter_map(|l| serde_json::to_string(l).ok());
        let lines = lines.map(|l| serde_json::from_str(&l));
        self.events = Some(lines.filter_map(std::result::Result::ok).collect());
        Ok(sim)
    }

    /// A scenario's script as a trace: its cluster, its commands with their times, its title and
    /// description, its end as the time (where the page pauses a scenario a person chose:
    /// "Scenario done"), and how many of its expectations its run meets: the scenario is run
    /// here to judge them, and the seed makes the page's run of the same script the same run.
    /// The page reads presets in this form (www/scenarios/*.json, made from the .txt files by
    /// tests/presets.rs), so it needs no scenario parser.
    pub fn of_scenario(scenario: &Scenario) -> Result<Trace, ScenarioError> {
        let (_, outcome) = run_scenario(scenario, RunOptions::default(), &mut |_| {})?;
        let met = (outcome.results.iter())
            .filter(|r| r.status == Status::Passed)
            .count();
        Ok(Trace {
            title: scenario.title.clone(),
            description: scenario.description.clone(),
            title_zh: scenario.title_zh.clone(),
            description_zh: scenario.description_zh.clone(),
            config: scenario.config.clone(),
            commands: scenario.commands(),
            time_ms: scenario.end_ms(),
            expectations: Some(Judged {
                met: met as u64,
                total: outcome.results.len() as u64,
            })
            .filter(|judged| judged.total > 0),
            events: None,
            history: None,
        })
    }

    /// The trace as a scenario without expectations, ending at the trace's time: what
    /// `raftlab-cli run` runs. Each command's line is its position in `commands` (1-based).
    pub fn to_scenario(&self) -> Scenario {
        let steps = self.commands.iter().enumerate();
        Scenario {
            title: self.title.clone(),
            description: self.description.clone(),
            title_zh: self.title_zh.clone(),
            description_zh: self.description_zh.clone(),
            config: self.config.clone(),
            steps: steps
                .map(|(i, (at_ms, request))| Step {
                    at_ms: *at_ms,
                    line: i + 1,
                    action: Action::Request(request.clone()),
                })
                .collect(),
            end_ms: Some(self.time_ms),
            ..Scenario::default()
        }
    }
}

/// Collects narration lines as a run goes, from [`Simulation::narration_since`].
#[derive(Default)]
struct Gatherer {
    lines: Vec<Narration>,
    /// At the last look: the run's count of told lines, of steps and of restarts in place.
    told: u64,
    steps: Option<u64>,
    restarts: usize,
}

impl Gatherer {
    fn take(&mut self, sim: &Simulation, restarts: usize) {
        if self.steps == Some(sim.steps()) {
            return;
        }
        self.steps = Some(sim.steps());
        // The newest line may have grown since the last look (followers that learn one commit
        // share a line), so it is taken again; after a restart the count starts over.
        let again = self.told > 0 && restarts == self.restarts;
        let from = if again { self.told - 1 } else { 0 };
        let told = sim.narration_told();
        let fresh = sim.narration_since(from);
        let missed = told.saturating_sub(from).saturating_sub(fresh.len() as u64);
        if again && missed == 0 {
            self.lines.pop();
        }
        if missed > 0 {
            let time_ms = fresh.first().map_or(sim.now(), |l| l.time_ms);
            let text = format!("({missed} lines of narration were not kept)");
            self.lines.push(Narration {
                time_ms,
                node: None,
                text,
                #[cfg(feature = "replica")]
                rule: None,
            });
        }
        self.lines.extend(fresh);
        (self.told, self.restarts) = (told, restarts);
    }
}
