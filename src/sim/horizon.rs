//! The largest simulated time: one bound for every horizon a person or a file gives.
//!
//! A scenario's times, `raftlab-cli run --until`, a scheduled command, a seek or an advance
//! past [`MAX_TIME_MS`] is refused with a clear error (and nothing changes); the clock itself
//! never runs past it.
//!
//! Why 10^9 ms (about 11.6 days of simulated time): it is far beyond any sensible run (the
//! presets last seconds, the page's `advance` an hour at most, the standard benchmark ten
//! minutes), yet a run all the way to it still ends: `raftlab-cli run --until 1000000000` on an
//! idle five-server cluster takes about 30 s in a release build on the development machine, where the
//! earlier bound of 10^12 ms meant some nine hours, and a debug build far longer: a hang to
//! anyone who typed it. Sums of two times stay far from overflow.

use super::error::{Result, SimError};
use crate::i18n::{fill, tr};

/// The largest simulated time, in ms (about 11.6 days).
pub const MAX_TIME_MS: u64 = 1_000_000_000;

/// The days in [`MAX_TIME_MS`], written out: formatting an f64 would bring Rust's float
/// printer into the page (about 9 KB gzipped); a unit test checks the figure.
const ABOUT_DAYS: &str = "11.6";

/// "1000000000 ms (about 11.6 days)": the bound in words, for error messages.
pub fn max_time_words() -> String {
    fill(tr("{0} ms (about {1} days)"), &[&MAX_TIME_MS, &ABOUT_DAYS])
}

/// `t` if it is a simulated time the simulator accepts, else the error naming `field`:
/// "field at_ms must be at most 1000000000 ms (the largest simulated time, about 11.6 days),
/// got ...".
pub fn check_time_ms(field: &str, t: u64) -> Result<u64> {
    if t <= MAX_TIME_MS {
        return Ok(t);
    }
    let expected = fill(
        tr("at most {0} ms (the largest simulated time, about {1} days)"),
        &[&MAX_TIME_MS, &ABOUT_DAYS],
    );
    Err(SimError::range(field, &expected, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_in_words() {
        let days = MAX_TIME_MS as f64 / 86_400_000.0;
        assert_eq!(format!("{days:.1}"), ABOUT_DAYS);
        assert_eq!(max_time_words(), "1000000000 ms (about 11.6 days)");
        assert_eq!(check_time_ms("t", MAX_TIME_MS), Ok(MAX_TIME_MS));
        let e = check_time_ms("t", MAX_TIME_MS + 1).map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err(
                "field t must be at most 1000000000 ms (the largest simulated time, about \
                 11.6 days), got 1000000001"
                    .to_string()
            )
        );
    }
}
