//! Time travel: seeking to a time or a step, stepping one event forward or back, rewinding.
//! Going back restores the latest checkpoint before the target and replays the recorded
//! commands from there; the seed makes the replay exact.

use super::Simulation;
use crate::sim::error::Result;
use crate::sim::horizon::{check_time_ms, MAX_TIME_MS};
use crate::sim::world::World;

/// How far before its target a step back keeps a checkpoint (in steps).
const STEP_BACK_CACHE: u64 = 256;

impl Simulation {
    /// True when the current time is behind the end of the timeline (a command forks).
    pub(super) fn in_the_past(&self) -> bool {
        self.world.position < self.end_position || self.world.now < self.end_ms
    }

    /// Moves to time `t`, or refuses (changing nothing) if `t` is past [`MAX_TIME_MS`].
    pub fn try_seek(&mut self, t: u64) -> Result<()> {
        check_time_ms("t", t)?;
        self.seek(t);
        Ok(())
    }

    /// Returns to time `t` (not later than now) and discards what came after: the run goes on
    /// from there as if it had never gone further (Learn mode's "Back": a step's actions are
    /// not replayed by themselves).
    pub fn rewind(&mut self, t: u64) {
        self.seek(t.min(self.world.now));
        if self.in_the_past() {
            self.fork(self.world.position);
        }
    }

    /// Moves to time `t`, backwards (from a checkpoint) or forwards (stopping at
    /// [`MAX_TIME_MS`]).
    pub fn seek(&mut self, t: u64) {
        if t >= self.world.now {
            self.run_until(t);
            return;
        }
        let start = self.checkpoints.at_or_before_time(t).clone();
        let replayed_from = start.now;
        self.restore(start);
        self.run_until(t);
        // Scrubbing tends to stay near where it went: keep this point if it was far to replay.
        if t - replayed_from > self.checkpoints.every_ms() {
            self.checkpoints.insert(&self.world);
        }
    }

    /// One step forward: the next event or command. False if nothing is left to do.
    pub fn step_forward(&mut self) -> bool {
        let next = self
            .commands
            .get(self.cursor)
            .map(|c| (c.at_ms, c.position));
        let command_due = next.is_some_and(|(_, p)| p.is_some_and(|p| p <= self.world.position));
        if !command_due {
            let limit = next.map_or(MAX_TIME_MS, |(at_ms, _)| at_ms);
            let stop_at = next.and_then(|(_, p)| p).unwrap_or(u64::MAX);
            if self.world.step_until(limit, stop_at) {
                self.record();
                self.checkpoints.maybe_take(&self.world);
                self.mark_end();
                return true;
            }
        }
        // The next command's position is reached, or nothing is due before its time: the
        // command is the step.
        if next.is_none() {
            return false;
        }
        self.next_command();
        true
    }

    /// One step back: the state just before the latest event or command. False at the start.
    pub fn step_back(&mut self) -> bool {
        let Some(target) = self.world.steps.checked_sub(1) else {
            return false;
        };
        self.seek_step(target);
        true
    }

    /// Moves to the state just after `target` steps ([`Simulation::steps`]), backwards or
    /// forwards: where step mode stands, which a time alone does not say when several events
    /// share a millisecond.
    pub fn seek_step(&mut self, target: u64) {
        if target == self.world.steps {
            return;
        }
        if target < self.world.steps {
            let start = self.checkpoints.at_or_before_step(target).clone();
            self.restore(start);
            // Stepping back is usually repeated: keep a copy a little before the target so the
            // next steps back replay a few hundred steps, not a whole checkpoint interval.
            if target - self.world.steps > 2 * STEP_BACK_CACHE {
                while self.world.steps < target - STEP_BACK_CACHE && self.step_forward() {}
                self.checkpoints.insert(&self.world);
            }
        }
        while self.world.steps < target && self.step_forward() {}
        // Show the time of the step itself, even if the copy we came from had moved on.
        self.world.now = self.world.last_step_ms;
    }

    fn restore(&mut self, world: World) {
        // Another history: the cache re-indexes it (keeping the verdicts of unchanged keys).
        self.linearizability.get_mut().reset();
        self.cursor = self
            .commands
            .partition_point(|c| c.position.is_some_and(|p| p < world.position));
        self.world = world;
    }
}
