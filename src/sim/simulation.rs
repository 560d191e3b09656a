//! `Simulation`: the public API the UI, the CLI, tests and embedders use.
//!
//! A simulation is a world plus its timeline: the commands applied so far (each at its time and
//! position) and checkpoints. Time only moves forward inside the world; going back restores a
//! checkpoint and replays the recorded commands, which the seed makes exact. A command given
//! while in the past forks the run: the old future is discarded.

use std::cell::RefCell;

use super::checker::LiveLinearizability;
use super::cluster_checks::check_ids;
use super::command::Command;
use super::config::SimConfig;
use super::error::{Result, SimError};
use super::history::History;
use super::horizon::check_time_ms;
pub use super::horizon::MAX_TIME_MS;
use super::kv::{Kv, KvMap};
use super::narration::Told;
use super::request::Request;
use super::spacetime::{Spacetime, Window};
use super::state::{Detail, Narration, State, ViolationState};
use super::timeline::Checkpoints;
use super::view;
use super::world::World;
use crate::i18n::{fill, tr};
use crate::raft::{Membership, NodeSet};

mod time_travel;

/// A request on the timeline. `position` is where it was applied (the world's count of queue
/// pops and requests before it), so a replay applies it between exactly the same two pops as
/// the first time; a request scheduled for later has none yet.
#[derive(Debug, Clone)]
struct Recorded {
    at_ms: u64,
    position: Option<u64>,
    request: Request,
}

/// A scheduled command that no longer fitted when its time came (a crash of a node already
/// down, say): skipped, and told in the narration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub at_ms: u64,
    /// The command's name (`crash`, `put`, ...).
    pub command: &'static str,
    pub reason: SimError,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Skipped {
            at_ms,
            command,
            reason,
        } = self;
        let words = tr("at {0} ms, {1} was skipped: {2}");
        f.write_str(&fill(words, &[at_ms, command, reason]))
    }
}

#[derive(Debug, Clone)]
pub struct Simulation {
    world: World,
    /// Applied commands in order, then scheduled ones by time.
    commands: Vec<Recorded>,
    /// `commands[..cursor]` are behind the current position, the rest ahead of it.
    cursor: usize,
    checkpoints: Checkpoints,
    /// The furthest point reached: time and position.
    end_ms: u64,
    end_position: u64,
    /// Linearizability of the history, brought up to date by [`Simulation::state`] only (the
    /// run itself never pays for it): a cache behind `&self`.
    linearizability: RefCell<LiveLinearizability>,
    /// Scheduled commands skipped since [`Simulation::take_skipped`] last ran.
    skipped: Vec<Skipped>,
    /// The configuration at time 0: a restart in place replaces the world's own.
    start_config: SimConfig,
    /// What the space-time diagram draws, for the whole timeline (sim/spacetime): kept here,
    /// not in the world, so checkpoints do not copy it.
    spacetime: Spacetime,
}

impl Simulation {
    /// A new cluster at time 0.
    pub fn new(config: SimConfig) -> Result<Simulation> {
        let every = config.checkpoint_every_ms;
        let start_config = config.clone();
        let mut world = World::new(config)?;
        let mut spacetime = Spacetime::default();
        spacetime.take_from(&mut world.observers.spacetime);
        Ok(Simulation {
            checkpoints: Checkpoints::new(&world, every),
            world,
            commands: Vec::new(),
            cursor: 0,
            end_ms: 0,
            end_position: 0,
            linearizability: RefCell::default(),
            skipped: Vec::new(),
            start_config,
            spacetime,
        })
    }

    /// A new run with `requests` scheduled at their times (a shareable link, a scenario).
    pub fn replay(config: SimConfig, requests: &[(u64, Request)]) -> Result<Simulation> {
        let mut sim = Simulation::new(config)?;
        for (at_ms, request) in requests {
            sim.schedule(*at_ms, request.clone())?;
        }
        Ok(sim)
    }

    /// Applies a command at the current time. In the past, this forks the run: the old future
    /// (its requests and checkpoints) is discarded. On error nothing changes.
    pub fn apply(&mut self, command: Command) -> Result<()> {
        self.request(Request::Command(command))
    }

    /// Restarts the cluster from `config` now, in place: time goes on, and the run before the
    /// restart stays on the timeline (to start a new run instead, make a new simulation).
    pub fn restart(&mut self, config: SimConfig) -> Result<()> {
        self.request(Request::Restart(config))
    }

    /// Carries out a request at the current time (see [`Simulation::apply`]).
    pub fn request(&mut self, request: Request) -> Result<()> {
        let (at_ms, position) = (self.world.now, self.world.position);
        let past = self.in_the_past();
        self.world.apply(&request)?;
        if past {
            self.fork(position);
        }
        self.record();
        self.commands.insert(
            self.cursor,
            Recorded {
                at_ms,
                position: Some(position),
                request,
            },
        );
        self.cursor += 1;
        self.mark_end();
        Ok(())
    }

    /// Discards the future after `position` (its commands and checkpoints).
    fn fork(&mut self, position: u64) {
        self.commands.truncate(self.cursor);
        self.checkpoints.truncate_after(position);
        self.spacetime.truncate_after(position);
        self.end_ms = self.world.now;
        self.end_position = self.world.position;
    }

    /// The space-time records take the facts of the steps just taken (those a replay makes
    /// again are let go).
    fn record(&mut self) {
        self.spacetime
            .take_from(&mut self.world.observers.spacetime);
    }

    fn mark_end(&mut self) {
        self.end_ms = self.end_ms.max(self.world.now);
        self.end_position = self.end_position.max(self.world.position);
    }

    /// Schedules a command or a restart for time `at_ms` (not before now): it is carried out
    /// once every event due by then has happened. Checked now as far as it can be (fields, node
    /// ids); if it no longer fits when its time comes (say, a crash of a node already down), it
    /// is skipped and the narration says why. In the past, this forks like
    /// [`Simulation::apply`].
    pub fn schedule(&mut self, at_ms: u64, request: impl Into<Request>) -> Result<()> {
        let request = request.into();
        if at_ms < self.world.now {
            let expected = fill(tr("at or after now ({0} ms)"), &[&self.world.now]);
            return Err(SimError::range("at_ms", &expected, at_ms));
        }
        check_time_ms("at_ms", at_ms)?;
        request.check()?;
        // Commands after a scheduled restart, or after a membership command that may bring new
        // servers, may name servers that do not exist yet: they are checked when they come due.
        // In the past every command ahead belongs to the future the fork discards: none counts.
        let restart_before = !self.in_the_past()
            && self.commands[self.cursor..].iter().any(|c| {
                c.at_ms <= at_ms
                    && match &c.request {
                        Request::Restart(_) => true,
                        Request::Command(command) => command.adds_servers(),
                    }
            });
        if let (Some(command), false) = (request.command(), restart_before) {
            check_ids(&self.world.servers, command)?;
        }
        if self.in_the_past() {
            self.fork(self.world.position);
        }
        // After every command already due at that time: scheduled order is kept.
        let i = self.cursor
            + self.commands[self.cursor..]
                .partition_point(|c| c.position.is_some() || c.at_ms <= at_ms);
        let position = None;
        self.commands.insert(
            i,
            Recorded {
                at_ms,
                position,
                request,
            },
        );
        Ok(())
    }

    /// Parses and carries out one JSON request (a command, or a `config` restart).
    pub fn apply_json(&mut self, text: &str) -> Result<()> {
        self.request(Request::from_json(text)?)
    }

    /// Runs `ms` simulated milliseconds (stopping at [`MAX_TIME_MS`]).
    pub fn advance(&mut self, ms: u64) {
        self.run_until(self.world.now.saturating_add(ms));
    }

    /// Runs `ms` simulated milliseconds, or refuses (changing nothing) if that would go past
    /// [`MAX_TIME_MS`]: for a horizon given by a person or a page.
    pub fn try_advance(&mut self, ms: u64) -> Result<()> {
        let room = MAX_TIME_MS.saturating_sub(self.world.now);
        if ms > room {
            let expected = fill(
                tr("at most {0} (the run is at {1} ms; the largest simulated time is {2})"),
                &[&room, &self.world.now, &super::horizon::max_time_words()],
            );
            return Err(SimError::range("ms", &expected, ms));
        }
        self.advance(ms);
        Ok(())
    }

    /// Runs until time `t` (nothing if `t` is not ahead), applying recorded and scheduled
    /// commands on the way. The clock stops at [`MAX_TIME_MS`]: check a horizon given by a
    /// person with [`check_time_ms`] (or call [`Simulation::try_seek`]) to refuse it instead.
    pub fn run_until(&mut self, t: u64) {
        let t = t.min(MAX_TIME_MS);
        loop {
            let next = self
                .commands
                .get(self.cursor)
                .map(|c| (c.at_ms, c.position));
            match next {
                // A recorded command goes in when the run reaches its position.
                Some((at_ms, Some(p))) if p <= self.world.position && at_ms <= t => {
                    self.next_command();
                    continue;
                }
                _ => {}
            }
            let limit = next.map_or(t, |(at_ms, _)| at_ms.min(t));
            let stop_at = next.and_then(|(_, p)| p).unwrap_or(u64::MAX);
            if self.world.step_until(limit, stop_at) {
                self.record();
                self.checkpoints.maybe_take(&self.world);
                continue;
            }
            // Nothing more is due by the next command's time: it comes next.
            if next.is_some_and(|(at_ms, _)| at_ms <= t) {
                self.next_command();
                continue;
            }
            break;
        }
        self.world.run_to(t);
        self.record();
        self.mark_end();
    }

    /// Applies the command at the cursor (recorded: again; scheduled: for the first time).
    fn next_command(&mut self) {
        let Some(c) = self.commands.get(self.cursor) else {
            return;
        };
        let request = c.request.clone();
        let position = self.world.position;
        self.world.now = self.world.now.max(c.at_ms);
        match self.world.apply(&request) {
            Ok(()) => {
                self.commands[self.cursor].position = Some(position);
                self.commands[self.cursor].at_ms = self.world.now;
                self.cursor += 1;
            }
            // A recorded command was accepted in this very state the first time, so only a
            // scheduled one can be refused here.
            Err(e) => {
                self.commands.remove(self.cursor);
                let command = request.name();
                let told = Told::Skipped {
                    command,
                    reason: e.clone(),
                };
                self.skipped.push(Skipped {
                    at_ms: self.world.now,
                    command,
                    reason: e,
                });
                self.world
                    .observers
                    .narrator
                    .say(self.world.now, None, told);
            }
        }
        self.record();
        self.checkpoints.maybe_take(&self.world);
        self.mark_end();
    }

    /// How many narration lines the run has told so far (the state keeps the newest ones).
    pub fn narration_told(&self) -> u64 {
        self.world.observers.narrator.told()
    }

    /// The narration lines told since the count was `told` (see
    /// [`Simulation::narration_told`]), oldest first: at most the newest ones the run keeps.
    pub fn narration_since(&self, told: u64) -> Vec<Narration> {
        self.world.observers.narrator.view_since(told)
    }

    /// Why scheduled commands were skipped since the last call (each also told in the
    /// narration): a command that no longer fitted when its time came.
    pub fn take_skipped(&mut self) -> Vec<Skipped> {
        std::mem::take(&mut self.skipped)
    }

    /// The current simulated time.
    pub fn now(&self) -> u64 {
        self.world.now
    }

    /// The furthest time this run has reached (the end of the timeline).
    pub fn end_ms(&self) -> u64 {
        self.end_ms
    }

    /// What the space-time diagram draws of `from_ms..=to_ms`: every record that overlaps it,
    /// along the whole timeline (past the current time too, after a seek back), and the client
    /// operations until now.
    pub fn spacetime(&self, from_ms: u64, to_ms: u64) -> Window {
        self.spacetime_with(from_ms, to_ms, true)
    }

    /// [`Simulation::spacetime`], with heartbeats (and their successful replies) left out
    /// unless `heartbeats`: most of the messages of a quiet run.
    pub fn spacetime_with(&self, from_ms: u64, to_ms: u64, heartbeats: bool) -> Window {
        let history = self.world.clients.history();
        let mut window = (self.spacetime).window(from_ms, to_ms, heartbeats, history);
        (window.time_ms, window.end_ms) = (self.world.now, self.end_ms);
        window
    }

    /// The snapshot at the current time (the JSON contract of DESIGN.md). Its `invariants`
    /// include Linearizability, checked here for the keys whose operations completed since the
    /// last call (nothing to do when none did).
    pub fn state(&self) -> State {
        self.state_with(Detail::FULL)
    }

    /// The snapshot with only part of the long lists (logs, history): what a screen needs.
    /// Invariants, nodes, messages and events are complete.
    pub fn state_with(&self, detail: Detail) -> State {
        let mut state = view::state(&self.world, self.end_ms, detail);
        let found = match self.linearizability.try_borrow_mut() {
            Ok(mut live) => live.update(self.world.clients.history()),
            Err(_) => Vec::new(), // only if state() were re-entered: report it next time
        };
        let inv = &mut state.invariants;
        inv.total += found.len() as u64;
        inv.ok &= found.is_empty();
        // Oldest first, as the invariant checker lists its own: each one goes after every
        // violation of its time or earlier (what a stable sort would do, without its code).
        for v in found.iter().map(ViolationState::from) {
            let at = inv.violations.partition_point(|w| w.time_ms <= v.time_ms);
            inv.violations.insert(at, v);
        }
        state
    }

    /// What `node`'s snapshot holds: the key-value pairs its state machine restarts from. None
    /// for a node without a snapshot (or no such node).
    pub fn snapshot_contents(&self, node: u64) -> Option<KvMap> {
        let server = self.world.servers.iter().find(|s| s.id == node)?;
        let snapshot = server.persistent().log.snapshot()?;
        Kv::restore(&snapshot.data).map(|kv| kv.data().clone())
    }

    /// A hash of everything that happened up to now, stable across runs, targets and versions.
    pub fn trace_hash(&self) -> u64 {
        self.world.observers.trace.value()
    }

    /// Every request of the run with its time: applied ones (including those ahead when in the
    /// past) and scheduled ones. [`Simulation::replay`] rebuilds the run from them.
    pub fn commands(&self) -> Vec<(u64, Request)> {
        self.commands
            .iter()
            .map(|c| (c.at_ms, c.request.clone()))
            .collect()
    }

    /// The requests of the run that change the cluster or the network (client requests left
    /// out), with their times: what a timeline marks. Visits them without copying the list.
    pub fn for_each_fault(&self, mut visit: impl FnMut(u64, &Request)) {
        for c in &self.commands {
            if !matches!(
                c.request,
                Request::Command(Command::Put { .. } | Command::Get { .. })
            ) {
                visit(c.at_ms, &c.request);
            }
        }
    }

    /// The configuration of the cluster now: after a restart in place (a `config` request),
    /// the restart's. A replay starts from [`Simulation::start_config`].
    pub fn config(&self) -> &SimConfig {
        &self.world.config
    }

    /// The configuration the run started from, at time 0: what [`Simulation::replay`] takes
    /// with [`Simulation::commands`] to rebuild the run.
    pub fn start_config(&self) -> &SimConfig {
        &self.start_config
    }

    /// The leader of the highest term among live nodes.
    pub fn leader(&self) -> Option<u64> {
        self.world.servers.leader()
    }

    /// How many servers exist: S1 to S`n`, those removed from the configuration included (an
    /// id is never reused).
    pub fn server_count(&self) -> u64 {
        self.world.servers.len() as u64
    }

    /// The configuration the leader uses (§4.1), if there is a leader.
    pub fn leader_membership(&self) -> Option<Membership> {
        let leader = self.leader()?;
        let index = self.world.servers.index_of(leader).ok()?;
        Some(*self.world.servers.as_slice()[index].node()?.membership())
    }

    /// The servers a committed configuration removed (§4.2.2). Read from the most up-to-date
    /// log (by last term, then length, as votes compare logs, §5.4.1): it holds every
    /// committed entry, and its latest configuration was appended only once the one before
    /// it was committed. A server outside the latest one is out for good (ids are never
    /// reused) if that one is known committed (a live server's commit index or a snapshot is
    /// past it), else if it is outside the one before too. A run that cannot stop such
    /// servers disrupting (neither PreVote nor CheckQuorum, §4.2.3) shuts them down.
    pub fn removed_servers(&self) -> Vec<u64> {
        let servers = &self.world.servers;
        let logs = servers.iter().map(|s| &s.persistent().log);
        let Some(log) = logs.max_by_key(|l| (l.last_term(), l.last_index())) else {
            return Vec::new();
        };
        let Some(latest) = log.latest_config() else {
            return Vec::new(); // the bootstrap configuration: nobody was removed
        };
        let committed = (servers.iter())
            .map(|s| s.node().map_or(0, |n| n.commit_index()))
            .chain(servers.iter().map(|s| s.persistent().log.snapshot_index()))
            .max()
            .unwrap_or(0);
        let before = match latest.index.checked_sub(1).map(|i| log.latest_config_at(i)) {
            _ if latest.index <= committed => NodeSet::new(),
            Some(Some(config)) => config.membership.members(),
            _ => (1..=self.world.config.nodes).collect(),
        };
        let kept = latest.membership.members().union(&before);
        let ids = servers.iter().map(|s| s.id);
        ids.filter(|&id| !kept.contains(id)).collect()
    }

    /// The leader every live member of its configuration follows in its term, if there is one.
    pub fn followed_leader(&self) -> Option<u64> {
        self.world.servers.followed_leader()
    }

    /// Client operations still waiting for an answer.
    pub fn pending_ops(&self) -> usize {
        self.world.clients.pending_ops()
    }

    /// Every client operation so far (for the linearizability checker).
    pub fn history(&self) -> &History {
        self.world.clients.history()
    }

    /// The invariant checker's findings so far.
    pub fn checker(&self) -> &super::checker::Checker {
        &self.world.observers.checker
    }

    /// Steps so far: events that did something plus commands applied (what stepping counts).
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
