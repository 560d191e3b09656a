//! The one owner of the running simulation in the page.
//!
//! The Yew tree, the `window.raftlab` API and `postMessage` all reach the simulation through an
//! `Rc<Engine>`; none of them holds the simulation itself. Every change goes through
//! [`Engine::command`] (or a timeline move), then the engine tells its listener to re-render.

use crate::i18n::{fill, tr};
use crate::raft::Naming;
use crate::sim::command::Command;
use crate::sim::config::SimConfig;
use crate::sim::kv::KvMap;
use crate::sim::request::Request;
use crate::sim::state::{Detail, State};
use crate::sim::trace_file::{Judged, Trace};

/// The most simulated time the page runs in one go (an `advance` call, a shared link or a trace
/// replayed): an hour, so that a mistyped time cannot hang the page (`raftlab-cli run` replays
/// any).
pub const MAX_RUN_AT_ONCE_MS: u64 = 3_600_000;

/// A trace's run at the time it reached, if the page may run that far at once.
pub fn replay(trace: &Trace) -> Result<Simulation, String> {
    if trace.time_ms > MAX_RUN_AT_ONCE_MS {
        return Err(fill(
            tr("it runs to {0} ms, and the page replays at most {1} ms (raftlab-cli run replays it)"),
            &[&trace.time_ms, &MAX_RUN_AT_ONCE_MS],
        ));
    }
    trace.replay().map_err(|e| e.to_string())
}
use crate::sim::Simulation;
use std::cell::{Cell, RefCell};
use yew::Callback;

/// Simulated milliseconds per wall-clock millisecond at the default speed: slow enough to follow
/// each message (a 12 ms hop takes about a quarter of a second on screen).
pub const DEFAULT_SPEED: f64 = 0.05;
pub const MIN_SPEED: f64 = 0.002;
pub const MAX_SPEED: f64 = 20.0;
/// How many client operations the page lists.
pub const HISTORY_SHOWN: usize = 30;

/// What a scenario's end says of its expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptVerdict {
    /// How many its run met, judged when its script was made (`Trace::of_scenario`): the run
    /// is still the script's own.
    Judged(Judged),
    /// A command given or a rewind since it was loaded: the verdict says nothing of this run.
    RunChanged,
    NothingExpected,
}

/// A scenario a person chose, as the page follows its script.
#[derive(Debug, Clone, Copy)]
struct Script {
    end_ms: u64,
    /// Judged on the script's own run when it was made.
    expectations: Option<Judged>,
    /// The count of timeline edits once it was loaded: a change since makes the run another.
    edits: u64,
}

pub struct Engine {
    sim: RefCell<Simulation>,
    playing: Cell<bool>,
    speed: Cell<f64>,
    listener: RefCell<Option<Callback<()>>>,
    /// The newest log index seen by the last [`Engine::display_state`].
    newest_index: Cell<u64>,
    /// The scenario a person chose ([`Engine::load_to_watch`]): the run pauses where its script
    /// ends.
    script: Cell<Option<Script>>,
    /// Playing just crossed the script's end (taken once by the page).
    script_done: Cell<Option<u64>>,
    /// How many times the timeline was edited (a command, a rewind, a new run): a view that
    /// keeps its own copy of the run reads it again when this moves (`window.raftlab.now()`).
    edits: Cell<u64>,
    /// Whose names the views give the messages (`window.raftlab.names`).
    naming: Cell<Naming>,
}

impl Engine {
    pub fn new(sim: Simulation) -> Engine {
        Engine {
            sim: RefCell::new(sim),
            playing: Cell::new(true),
            speed: Cell::new(DEFAULT_SPEED),
            listener: RefCell::new(None),
            newest_index: Cell::new(0),
            script: Cell::new(None),
            script_done: Cell::new(None),
            edits: Cell::new(0),
            naming: Cell::new(Naming::Paper),
        }
    }

    /// The app's re-render hook; called after every change.
    pub fn set_listener(&self, listener: Callback<()>) {
        *self.listener.borrow_mut() = Some(listener);
    }

    fn changed(&self) {
        let listener = self.listener.borrow().clone();
        if let Some(listener) = listener {
            listener.emit(());
        }
    }

    /// The whole snapshot (the JSON contract; `window.raftlab.state()`).
    pub fn state(&self) -> State {
        self.sim.borrow().state_with(Detail {
            naming: self.naming.get(),
            ..Detail::FULL
        })
    }

    /// The snapshot without logs or history: what a click or a key needs to decide (which
    /// nodes are up, what is in flight, the network), cheap however long the run.
    pub fn light_state(&self) -> State {
        self.sim.borrow().state_with(Detail {
            naming: self.naming.get(),
            ..Detail::LIGHT
        })
    }

    pub fn naming(&self) -> Naming {
        self.naming.get()
    }

    /// The paper's message names or etcd's, in every view from now on.
    pub fn set_naming(&self, naming: Naming) {
        self.naming.set(naming);
        self.changed();
    }

    /// What the page draws: every log only from `window` entries before its end (or before
    /// `anchor`, when the person scrolled back), and the newest client operations. Building
    /// the text of every entry of a long run on every animation frame is what this avoids.
    pub fn display_state(&self, window: u64, anchor: Option<u64>) -> State {
        // Entries appended since the last frame are usually few; a few spare ones cover them.
        const SPARE: u64 = 8;
        let sim = self.sim.borrow();
        let detail = |newest: u64| Detail {
            log_from: anchor.unwrap_or(newest).saturating_sub(window + SPARE),
            history_last: HISTORY_SHOWN,
            naming: self.naming.get(),
        };
        let guess = self.newest_index.get();
        let mut state = sim.state_with(detail(guess));
        let newest = state
            .nodes
            .iter()
            .map(|n| n.last_log_index)
            .max()
            .unwrap_or(0);
        self.newest_index.set(newest);
        if anchor.is_none() && (newest < guess || newest > guess + SPARE) {
            // Time went back, or many entries arrived at once: draw from the right place.
            state = sim.state_with(detail(newest));
        }
        state
    }

    /// The key-value pairs `node`'s snapshot holds (None without one).
    pub fn snapshot_contents(&self, node: u64) -> Option<KvMap> {
        self.sim.borrow().snapshot_contents(node)
    }

    pub fn config(&self) -> SimConfig {
        self.sim.borrow().config().clone()
    }

    /// The configuration the run started from (a `config` command since may have replaced
    /// [`Engine::config`]): with [`Engine::commands`], what rebuilds the run.
    pub fn start_config(&self) -> SimConfig {
        self.sim.borrow().start_config().clone()
    }

    pub fn now(&self) -> u64 {
        self.sim.borrow().now()
    }

    /// The current time, the end of the timeline, the count of its edits and the steps taken
    /// (`window.raftlab.now()`): cheap however long the run.
    pub fn clock(&self) -> [u64; 4] {
        let sim = self.sim.borrow();
        [sim.now(), sim.end_ms(), self.edits.get(), sim.steps()]
    }

    /// The requests given so far with their times (what a shareable link carries).
    pub fn commands(&self) -> Vec<(u64, Request)> {
        self.sim.borrow().commands()
    }

    /// What the timeline marks: the faults given so far (time, in words), at most `limit`.
    pub fn timeline_marks(&self, until_ms: u64, limit: usize) -> Vec<(u64, String)> {
        let mut marks = Vec::new();
        self.sim.borrow().for_each_fault(|at, command| {
            if at <= until_ms && marks.len() < limit {
                marks.push((at, command.describe()));
            }
        });
        marks
    }

    /// Applies a command at the displayed time; on error nothing changes.
    pub fn command(&self, command: Command) -> Result<(), String> {
        let result = self.sim.borrow_mut().apply(command);
        if result.is_ok() {
            self.edits.set(self.edits.get() + 1);
        }
        self.changed();
        result.map_err(|e| e.to_string())
    }

    /// Starts a new run from `config` at time 0: what Settings, the restart button and a page's
    /// `{cmd: "config"}` ask for (DESIGN.md: "(re)start the cluster"). A restart *inside* a
    /// run, at a time of a scenario, is the simulation's own [`Request::Restart`].
    pub fn restart(&self, config: SimConfig) -> Result<(), String> {
        let sim = Simulation::new(config).map_err(|e| e.to_string())?;
        self.replace(sim);
        Ok(())
    }

    /// A request from a page or a person: a command now, or a new run.
    pub fn request(&self, request: Request) -> Result<(), String> {
        match request {
            Request::Command(command) => self.command(command),
            Request::Restart(config) => self.restart(config),
        }
    }

    /// The run as a trace (docs/trace-format.md: what a share link carries and the Export
    /// button saves), with the client history in Porcupine's format if `history`.
    pub fn trace(&self, history: bool) -> Trace {
        let sim = self.sim.borrow();
        let mut trace = Trace::of(&sim);
        if history {
            trace.history = Some(sim.history().to_porcupine());
        }
        trace
    }

    /// Replaces the run with a trace's, paused at the time the trace reached.
    pub fn import(&self, trace: &Trace) -> Result<(), String> {
        let sim = replay(trace)?;
        self.set_playing(false);
        self.replace(sim);
        Ok(())
    }

    /// Replaces the whole run (a shared link, a new configuration).
    pub fn replace(&self, sim: Simulation) {
        *self.sim.borrow_mut() = sim;
        self.edits.set(self.edits.get() + 1);
        self.script.set(None);
        self.changed();
    }

    /// Starts a scenario's script (as a trace: `Trace::of_scenario`) from time 0: its cluster
    /// now, its commands scheduled in the simulation's own timeline, so that playing,
    /// stepping, seeking and a shared link all reach the same state at the same time.
    pub fn load(&self, script: &Trace) -> Result<(), String> {
        let sim = Simulation::replay(script.config.clone(), &script.commands)
            .map_err(|e| e.to_string())?;
        self.replace(sim);
        Ok(())
    }

    /// Loads a scenario a person chose (a preset, their own text) and pauses when its script
    /// has played ("Scenario done"). Learn mode and scripts load through [`Engine::load`]: they
    /// decide when the run stops.
    pub fn load_to_watch(&self, script: &Trace) -> Result<(), String> {
        self.load(script)?;
        self.script.set(Some(Script {
            end_ms: script.time_ms,
            expectations: script.expectations,
            edits: self.edits.get(),
        }));
        Ok(())
    }

    fn script_end(&self) -> Option<u64> {
        self.script.get().map(|script| script.end_ms)
    }

    /// What the chosen scenario's end can say of its expectations.
    pub fn script_verdict(&self) -> ScriptVerdict {
        match self.script.get() {
            Some(script) if script.edits != self.edits.get() => ScriptVerdict::RunChanged,
            Some(Script {
                expectations: Some(judged),
                ..
            }) => ScriptVerdict::Judged(judged),
            _ => ScriptVerdict::NothingExpected,
        }
    }

    /// The time the loaded scenario's script ended at, once, when playing has just crossed it
    /// (the run pauses there: "Scenario done").
    pub fn take_script_done(&self) -> Option<u64> {
        self.script_done.take()
    }

    /// Scheduled commands skipped because they no longer fitted when their time came, since
    /// the last call (the page shows them).
    pub fn take_skipped(&self) -> Vec<String> {
        let skipped = self.sim.borrow_mut().take_skipped();
        skipped.iter().map(|s| s.to_string()).collect()
    }

    /// Runs the simulation forward by `ms` simulated milliseconds.
    pub fn advance(&self, ms: u64) {
        if ms == 0 {
            return;
        }
        self.sim.borrow_mut().advance(ms);
        self.changed();
    }

    /// Advances by a frame's worth of wall-clock time at the current speed. Fractions of a
    /// millisecond carry over so slow speeds still move. Nothing while paused: the frame loop
    /// stops only at the next render, and a frame may come first.
    pub fn advance_wall(&self, wall_ms: f64, carry: &Cell<f64>) {
        if !self.playing() {
            return;
        }
        let total = wall_ms * self.speed.get() + carry.get();
        let whole = total.floor();
        carry.set(total - whole);
        let (before, step) = (self.now(), whole as u64);
        match self.script_end() {
            // The script's end is inside this frame: stop exactly there.
            Some(end) if before < end && before.saturating_add(step) >= end => {
                self.advance(end - before);
                self.set_playing(false);
                self.script_done.set(Some(end));
            }
            _ => self.advance(step),
        }
    }

    /// Back to `t`, the future after it discarded ([`Simulation::rewind`]).
    pub fn rewind(&self, t: u64) {
        self.sim.borrow_mut().rewind(t);
        self.edits.set(self.edits.get() + 1);
        self.changed();
    }

    pub fn seek(&self, t: u64) {
        self.sim.borrow_mut().seek(t);
        self.changed();
    }

    pub fn step_forward(&self) -> bool {
        let moved = self.sim.borrow_mut().step_forward();
        self.changed();
        moved
    }

    pub fn step_back(&self) -> bool {
        let moved = self.sim.borrow_mut().step_back();
        self.changed();
        moved
    }

    pub fn playing(&self) -> bool {
        self.playing.get()
    }

    pub fn set_playing(&self, playing: bool) {
        self.playing.set(playing);
        self.changed();
    }

    pub fn speed(&self) -> f64 {
        self.speed.get()
    }

    pub fn set_speed(&self, speed: f64) {
        self.speed.set(speed.clamp(MIN_SPEED, MAX_SPEED));
        self.changed();
    }
}
