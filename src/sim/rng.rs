//! The one seeded, portable random generator of the simulator.
//!
//! Every random choice (latency, loss, duplication, election timeouts drawn by the core, chaos
//! faults) comes from one [`SimRng`], so a seed plus the command list reproduces a run bit for bit.
//! Draws use u64 ranges only: `usize` differs between native (64-bit) and wasm32, and so would
//! the stream of numbers.

use rand::{Rng, SeedableRng};

/// The simulator's generator: PCG with a 128-bit state, cheap to clone for checkpoints.
pub type SimRng = rand_pcg::Pcg64Mcg;

/// A generator seeded from a u64 (the `seed` of the configuration).
pub fn seeded(seed: u64) -> SimRng {
    SimRng::seed_from_u64(seed)
}

/// A uniform draw in `lo..=hi` (`lo` when the range is empty or a single value, which keeps the
/// stream of draws the same whether or not a range is degenerate).
pub fn between(rng: &mut SimRng, lo: u64, hi: u64) -> u64 {
    if hi <= lo {
        let _ = rng.random_range(0..1u64);
        return lo;
    }
    rng.random_range(lo..=hi)
}

/// Parts per million: probabilities are compared as integers so no float rounding of the
/// generator's output differs between targets.
const PPM: u64 = 1_000_000;

/// True with probability `p` (clamped to [0, 1]). Always draws, so the stream does not depend on
/// whether `p` is zero.
pub fn chance(rng: &mut SimRng, p: f64) -> bool {
    chance_ppm(rng, ppm(p))
}

/// `p` (clamped to [0, 1]) in parts per million, for [`chance_ppm`].
pub fn ppm(p: f64) -> u64 {
    (p.clamp(0.0, 1.0) * PPM as f64).round() as u64
}

/// [`chance`] with the probability already in parts per million (the network converts its rates
/// once, not at every send).
pub fn chance_ppm(rng: &mut SimRng, ppm: u64) -> bool {
    rng.random_range(0..PPM) < ppm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (seeded(7), seeded(7));
        for _ in 0..100 {
            assert_eq!(between(&mut a, 10, 15), between(&mut b, 10, 15));
        }
    }

    #[test]
    fn draws_stay_in_range_and_extremes_hold() {
        let mut r = seeded(1);
        for _ in 0..1000 {
            let x = between(&mut r, 10, 15);
            assert!((10..=15).contains(&x));
            assert!(!chance(&mut r, 0.0));
            assert!(chance(&mut r, 1.0));
        }
        assert_eq!(between(&mut r, 5, 5), 5);
    }
}
