//! `Simulation`: the public API the UI, the CLI, tests and embedders use.
//!
//! A simulation is a world plus its timeline: the commands applied so far (each at its time and
//! position) and checkpoints. Time only moves forward inside the world; going back restores a
//! checkpoint and replays the recorded commands, which the seed makes exact. A command given
//! while in the past forks the run: the old future is discarded.

use super::command::Command;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::history::History;
use super::state::State;
use super::timeline::Checkpoints;
use super::world::World;
use serde::Serialize;

/// Times beyond this are refused by the clock (about 31 years): keeps every sum of times far
/// from overflow.
pub const MAX_TIME_MS: u64 = 1_000_000_000_000;

/// A command with the time it was applied at: the unit of shareable links and replays.
/// JSON form: `{"at_ms": 1200, "cmd": "crash", "node": 2}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimedCommand {
    pub at_ms: u64,
    #[serde(flatten)]
    pub command: Command,
}

impl TimedCommand {
    /// Parses `{"at_ms": T, "cmd": ...}` (at_ms defaults to 0).
    pub fn from_json(text: &str) -> Result<TimedCommand> {
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SimError::Malformed(e.to_string()))?;
        let at_ms = match value.as_object_mut().and_then(|o| o.remove("at_ms")) {
            None => 0,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| SimError::range("at_ms", "a whole number of ms", v))?,
        };
        Ok(TimedCommand {
            at_ms,
            command: Command::from_value(value)?,
        })
    }
}

/// A command as the timeline records it: also its position, so a replay applies it between
/// exactly the same two events as the first time.
#[derive(Debug, Clone)]
struct Recorded {
    at_ms: u64,
    step: u64,
    command: Command,
}

#[derive(Debug, Clone)]
pub struct Simulation {
    world: World,
    commands: Vec<Recorded>,
    /// `commands[..cursor]` are behind the current position, the rest ahead of it.
    cursor: usize,
    checkpoints: Checkpoints,
    end_ms: u64,
}

impl Simulation {
    /// A new cluster at time 0.
    pub fn new(config: SimConfig) -> Result<Simulation> {
        let every = config.checkpoint_every_ms;
        let world = World::new(config)?;
        Ok(Simulation {
            checkpoints: Checkpoints::new(&world, every),
            world,
            commands: Vec::new(),
            cursor: 0,
            end_ms: 0,
        })
    }

    /// Rebuilds a run from its configuration and timed commands (a shareable link).
    pub fn replay(config: SimConfig, commands: &[TimedCommand]) -> Result<Simulation> {
        let mut sim = Simulation::new(config)?;
        for c in commands {
            sim.run_until(c.at_ms);
            sim.apply(c.command.clone())?;
        }
        Ok(sim)
    }

    /// Applies a command at the current time. In the past, this forks the run. `config`
    /// restarts the whole simulation. On error nothing changes.
    pub fn apply(&mut self, command: Command) -> Result<()> {
        if let Command::Config(config) = command {
            *self = Simulation::new(config)?;
            return Ok(());
        }
        let (at_ms, step) = (self.world.now, self.world.steps);
        self.world.apply_command(&command)?;
        self.commands.truncate(self.cursor);
        self.checkpoints.truncate_after(step);
        self.commands.push(Recorded {
            at_ms,
            step,
            command,
        });
        self.cursor = self.commands.len();
        self.end_ms = self.world.now;
        Ok(())
    }

    /// Parses and applies one JSON command.
    pub fn apply_json(&mut self, text: &str) -> Result<()> {
        self.apply(Command::from_json(text)?)
    }

    /// Runs `ms` simulated milliseconds.
    pub fn advance(&mut self, ms: u64) {
        self.run_until(self.world.now.saturating_add(ms));
    }

    /// Runs until time `t` (nothing if `t` is not ahead), replaying recorded commands on the way.
    pub fn run_until(&mut self, t: u64) {
        let t = t.min(MAX_TIME_MS);
        while self.world.now <= t {
            if self.replay_due_command(t) {
                continue;
            }
            let limit = self.commands.get(self.cursor).map_or(t, |c| c.at_ms.min(t));
            if self.world.step_until(limit) {
                self.checkpoints.maybe_take(&self.world);
                continue;
            }
            // Nothing is due before the next recorded command: it comes next (a safety net —
            // replay reaches its recorded position exactly).
            if self.commands.get(self.cursor).is_some_and(|c| c.at_ms <= t) {
                self.replay_next_command();
                continue;
            }
            break;
        }
        self.world.run_to(t);
        self.end_ms = self.end_ms.max(self.world.now);
    }

    /// Applies the next recorded command if the run has reached its position and time.
    fn replay_due_command(&mut self, t: u64) -> bool {
        match self.commands.get(self.cursor) {
            Some(c) if c.step <= self.world.steps && c.at_ms <= t => {
                self.replay_next_command();
                true
            }
            _ => false,
        }
    }

    fn replay_next_command(&mut self) {
        let Some(c) = self.commands.get(self.cursor) else {
            return;
        };
        let command = c.command.clone();
        self.world.now = self.world.now.max(c.at_ms);
        // It was accepted in this very state the first time, so it is accepted again.
        let _ = self.world.apply_command(&command);
        self.cursor += 1;
        self.checkpoints.maybe_take(&self.world);
    }

    /// Moves to time `t`, backwards (from a checkpoint) or forwards.
    pub fn seek(&mut self, t: u64) {
        if t < self.world.now {
            let start = self.checkpoints.at_or_before_time(t).clone();
            self.restore(start);
        }
        self.run_until(t);
    }

    /// One step forward: the next event or recorded command. False if nothing is left to do.
    pub fn step_forward(&mut self) -> bool {
        let moved = if self
            .commands
            .get(self.cursor)
            .is_some_and(|c| c.step <= self.world.steps)
        {
            self.replay_next_command();
            true
        } else {
            let limit = self
                .commands
                .get(self.cursor)
                .map_or(MAX_TIME_MS, |c| c.at_ms);
            let moved = self.world.step_until(limit);
            if moved {
                self.checkpoints.maybe_take(&self.world);
            }
            moved
        };
        self.end_ms = self.end_ms.max(self.world.now);
        moved
    }

    /// One step back: the state just before the latest event or command. False at the start.
    pub fn step_back(&mut self) -> bool {
        let Some(target) = self.world.steps.checked_sub(1) else {
            return false;
        };
        let start = self.checkpoints.at_or_before_step(target).clone();
        self.restore(start);
        while self.world.steps < target && self.step_forward() {}
        true
    }

    fn restore(&mut self, world: World) {
        self.cursor = self.commands.partition_point(|c| c.step < world.steps);
        self.world = world;
    }

    /// The current simulated time.
    pub fn now(&self) -> u64 {
        self.world.now
    }

    /// The furthest time this run has reached (the end of the timeline).
    pub fn end_ms(&self) -> u64 {
        self.end_ms
    }

    /// The snapshot at the current time (the JSON contract of DESIGN.md).
    pub fn state(&self) -> State {
        self.world.view(self.end_ms)
    }

    /// A hash of everything that happened up to now, stable across runs, targets and versions.
    pub fn trace_hash(&self) -> u64 {
        self.world.trace.value()
    }

    /// Every command of the run with its time (including the ones ahead when in the past).
    pub fn commands(&self) -> Vec<TimedCommand> {
        self.commands
            .iter()
            .map(|c| TimedCommand {
                at_ms: c.at_ms,
                command: c.command.clone(),
            })
            .collect()
    }

    /// The configuration the run started from.
    pub fn config(&self) -> &SimConfig {
        &self.world.config
    }

    /// The leader of the highest term among live nodes.
    pub fn leader(&self) -> Option<u64> {
        self.world.leader()
    }

    /// Client operations still waiting for an answer.
    pub fn pending_ops(&self) -> usize {
        self.world.pending_ops()
    }

    /// Every client operation so far (for the linearizability checker).
    pub fn history(&self) -> &History {
        &self.world.history
    }

    /// The invariant checker's findings so far.
    pub fn checker(&self) -> &super::checker::Checker {
        &self.world.checker
    }

    /// Events processed plus commands applied: the position on the timeline.
    pub fn steps(&self) -> u64 {
        self.world.steps
    }

    /// Checkpoints held and their estimated bytes (the time-travel memory bound).
    pub fn checkpoint_stats(&self) -> (usize, usize) {
        (self.checkpoints.len(), self.checkpoints.bytes())
    }

    /// Times of the checkpoints held.
    pub fn checkpoint_times(&self) -> Vec<u64> {
        self.checkpoints.times()
    }
}
