//! Per-node local clocks with drift.
//!
//! The core never reads a clock: every call takes the node's OWN local time, and
//! `Node::next_deadline` answers in local time. This converts between a node's local time and
//! the global simulated time. A clock is piecewise linear: it runs at `rate` x real time since
//! the last rate change. Integer arithmetic in parts per million keeps it exact and identical
//! on every target.

const PPM: u128 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    /// Global and local readings at the last rate change.
    base_global: u64,
    base_local: u64,
    /// Local ms per global ms, in millionths.
    rate_ppm: u64,
}

impl Clock {
    /// A clock that reads the global time and runs at real speed.
    pub fn new(now: u64) -> Self {
        Clock {
            base_global: now,
            base_local: now,
            rate_ppm: PPM as u64,
        }
    }

    /// Whether the clock runs at real speed: then the conversions below are plain offsets (the
    /// same results as the general formulas, without 128-bit arithmetic, which the wasm build
    /// does in software).
    fn real_speed(&self) -> bool {
        self.rate_ppm == PPM as u64
    }

    /// The local reading at global time `global` (not before the last rate change).
    pub fn local(&self, global: u64) -> u64 {
        let elapsed = global.saturating_sub(self.base_global);
        if self.real_speed() {
            return self.base_local + elapsed;
        }
        self.base_local + (elapsed as u128 * self.rate_ppm as u128 / PPM) as u64
    }

    /// The earliest global time, not before `now`, at which the local clock reads `deadline`.
    pub fn global_at(&self, deadline: u64, now: u64) -> u64 {
        if deadline <= self.local(now) {
            return now;
        }
        let ahead = deadline - self.base_local;
        if self.real_speed() {
            return self.base_global.saturating_add(ahead);
        }
        let elapsed = (ahead as u128 * PPM).div_ceil(self.rate_ppm as u128);
        (self.base_global as u128 + elapsed).min(u64::MAX as u128) as u64
    }

    /// How many global ms a local duration lasts.
    pub fn global_duration(&self, local_ms: u64) -> u64 {
        if self.real_speed() {
            return local_ms;
        }
        ((local_ms as u128 * PPM).div_ceil(self.rate_ppm as u128)).min(u64::MAX as u128) as u64
    }

    /// From `now` on, the clock runs at `rate` x real time (rate already validated > 0).
    pub fn set_rate(&mut self, now: u64, rate: f64) {
        self.base_local = self.local(now);
        self.base_global = now;
        self.rate_ppm = ((rate * PPM as f64).round() as u64).max(1);
    }

    pub fn rate(&self) -> f64 {
        self.rate_ppm as f64 / PPM as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_speed_reads_global_time() {
        let c = Clock::new(0);
        assert_eq!(c.local(1234), 1234);
        assert_eq!(c.global_at(2000, 1234), 2000);
        assert_eq!(c.global_at(1000, 1234), 1234);
    }

    #[test]
    fn drift_converts_both_ways() {
        let mut c = Clock::new(0);
        c.set_rate(1000, 2.0);
        assert_eq!(c.local(1000), 1000);
        assert_eq!(c.local(1500), 2000);
        assert_eq!(c.global_at(2000, 1000), 1500);
        assert_eq!(c.global_duration(300), 150);
        c.set_rate(1500, 0.5);
        assert_eq!(c.local(1700), 2100);
        // Slow clocks round up: the deadline is never reached early.
        let t = c.global_at(2101, 1700);
        assert!(c.local(t) >= 2101 && c.local(t - 1) < 2101);
    }
}
