//! Checkpoints for time travel: full copies of the world taken every few simulated seconds.
//!
//! Going back in time restores the nearest earlier checkpoint and replays forward
//! deterministically (see simulation.rs). Memory stays bounded: when there are too many
//! checkpoints or they hold too many bytes, one is dropped, chosen so that spacing grows with
//! age — recent history (where people step back) stays dense, old history thins out roughly
//! exponentially. The first checkpoint (time 0) and the latest are always kept.

use super::world::World;

/// At most this many checkpoints.
pub const MAX_CHECKPOINTS: usize = 40;
/// At most this many (estimated) bytes of checkpoints.
pub const MAX_CHECKPOINT_BYTES: usize = 48 * 1024 * 1024;
/// A big world is copied less often: at least one simulated ms per this many bytes between
/// checkpoints, so copying stays a small fraction of simulating (a copy costs about a
/// nanosecond per byte; a simulated ms about a quarter of a microsecond).
pub const BYTES_PER_INTERVAL_MS: usize = 40;

#[derive(Debug, Clone)]
struct Checkpoint {
    world: World,
    bytes: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Checkpoints {
    /// Sorted by position (and so by time).
    list: Vec<Checkpoint>,
    every_ms: u64,
}

impl Checkpoints {
    /// Starts with the world at time 0.
    pub fn new(start: &World, every_ms: u64) -> Self {
        Checkpoints {
            list: vec![Checkpoint {
                world: start.clone(),
                bytes: start.approx_bytes(),
            }],
            every_ms,
        }
    }

    /// The latest checkpoint at or before time `t` (the one at time 0 always qualifies).
    pub fn at_or_before_time(&self, t: u64) -> &World {
        let i = self.list.partition_point(|c| c.world.now <= t);
        &self.list[i.saturating_sub(1)].world
    }

    /// The latest checkpoint at or before position `step`.
    pub fn at_or_before_step(&self, step: u64) -> &World {
        let i = self.list.partition_point(|c| c.world.steps <= step);
        &self.list[i.saturating_sub(1)].world
    }

    /// A fork at `position`: checkpoints of the discarded future go.
    pub fn truncate_after(&mut self, position: u64) {
        let keep = self
            .list
            .partition_point(|c| c.world.position <= position)
            .max(1);
        self.list.truncate(keep);
    }

    /// Takes a checkpoint if `world` is past the latest by at least the interval.
    pub fn maybe_take(&mut self, world: &World) {
        if self.every_ms == 0 {
            return;
        }
        let Some(last) = self.list.last() else {
            return;
        };
        let interval = self
            .every_ms
            .max((last.bytes / BYTES_PER_INTERVAL_MS) as u64);
        if world.position <= last.world.position || world.now < last.world.now + interval {
            return;
        }
        self.list.push(Checkpoint {
            world: world.clone(),
            bytes: world.approx_bytes(),
        });
        self.thin();
    }

    /// Keeps a copy of a world reached by going back in time, so that going back again nearby
    /// replays little. Replaces a checkpoint at the same position.
    pub fn insert(&mut self, world: &World) {
        let i = self
            .list
            .partition_point(|c| c.world.position < world.position);
        let checkpoint = Checkpoint {
            world: world.clone(),
            bytes: world.approx_bytes(),
        };
        match self.list.get(i) {
            Some(c) if c.world.position == world.position => self.list[i] = checkpoint,
            _ => self.list.insert(i, checkpoint),
        }
        self.thin();
    }

    /// The interval between periodic checkpoints (0: time travel replays from the start).
    pub fn every_ms(&self) -> u64 {
        self.every_ms
    }

    /// Drops checkpoints until both bounds hold again.
    fn thin(&mut self) {
        while self.list.len() > 2
            && (self.list.len() > MAX_CHECKPOINTS || self.bytes() > MAX_CHECKPOINT_BYTES)
        {
            let i = self.least_useful();
            self.list.remove(i);
        }
    }

    /// The checkpoint whose removal costs least: the gap it would leave, relative to its age
    /// (a gap of a minute an hour ago matters less than a gap of a minute now).
    fn least_useful(&self) -> usize {
        let end = self.list.last().map_or(0, |c| c.world.now);
        let score = |i: usize| {
            let gap = self.list[i + 1].world.now - self.list[i - 1].world.now;
            let age = end - self.list[i].world.now + self.every_ms.max(1);
            gap as f64 / age as f64
        };
        (1..self.list.len() - 1)
            .min_by(|&a, &b| score(a).total_cmp(&score(b)))
            .unwrap_or(1)
    }

    /// Estimated bytes held.
    pub fn bytes(&self) -> usize {
        self.list.iter().map(|c| c.bytes).sum()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Times of the checkpoints (for tests and the report).
    pub fn times(&self) -> Vec<u64> {
        self.list.iter().map(|c| c.world.now).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::SimConfig;

    /// Reference: the thinning rule — bounded count, the start and the latest kept, spacing
    /// that grows with age.
    #[test]
    fn thinning_keeps_recent_checkpoints_dense() {
        let mut world = World::new(SimConfig::default()).expect("valid");
        let mut checkpoints = Checkpoints::new(&world, 1_000);
        for _ in 0..500 {
            world.now += 1_000;
            world.position += 1;
            checkpoints.maybe_take(&world);
        }
        let times = checkpoints.times();
        assert_eq!(times.len(), MAX_CHECKPOINTS);
        assert_eq!((times[0], times[times.len() - 1]), (0, 500_000));
        let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps[gaps.len() - 1] <= 2_000, "{times:?}");
        assert!(gaps[1] > 10 * gaps[gaps.len() - 1], "{times:?}");
    }
}
