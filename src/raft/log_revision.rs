//! Where a log changed: a revision counter and the recent truncations, so that an observer
//! keeping a copy of the log (the simulator's safety checker) re-reads only what changed.
//!
//! A Raft log only changes at its tail (§5.3: append, or delete a conflicting suffix), and
//! [`Log`](super::Log) keeps its entries private to enforce that. So if an observer saw the log
//! at revision `r` with last index `n`, every entry below `min(n + 1, lowest cut since r)` is
//! still the one it saw. Bookkeeping only: not part of the log's value (not compared, not
//! persisted), and nothing in the protocol reads it.

use super::types::LogIndex;

/// How many truncations are remembered one by one; older ones are merged (conservatively).
const CUTS: usize = 4;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LogRevision {
    /// Bumped by every change.
    current: u64,
    /// `cuts[..len]`: (revision a truncation made, index it cut from), both increasing: a later
    /// truncation at a lower index makes the earlier ones redundant.
    cuts: [(u64, LogIndex); CUTS],
    len: usize,
}

impl LogRevision {
    pub fn current(&self) -> u64 {
        self.current
    }

    pub fn appended(&mut self) {
        self.current += 1;
    }

    pub fn truncated(&mut self, from: LogIndex) {
        self.current += 1;
        while self.len > 0 && self.cuts[self.len - 1].1 >= from {
            self.len -= 1;
        }
        if self.len == CUTS {
            // Merge the two oldest into the later revision with the lower index: an observer
            // between them is told to re-read a little more, never less.
            self.cuts[1].1 = self.cuts[0].1;
            self.cuts.copy_within(1.., 0);
            self.len -= 1;
        }
        self.cuts[self.len] = (self.current, from);
        self.len += 1;
    }

    /// The lowest index cut by a truncation made after revision `seen` (None: none was).
    /// A `seen` from the future (another log) gets index 0: "re-read everything".
    pub fn lowest_cut_since(&self, seen: u64) -> Option<LogIndex> {
        if seen > self.current {
            return Some(0);
        }
        self.cuts[..self.len]
            .iter()
            .find(|&&(revision, _)| revision > seen)
            .map(|&(_, index)| index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_lowest_cut_since_any_revision() {
        let mut r = LogRevision::default();
        r.appended(); // 1
        assert_eq!(r.lowest_cut_since(0), None);
        r.truncated(5); // 2
        r.appended(); // 3
        r.truncated(7); // 4
        assert_eq!(r.lowest_cut_since(1), Some(5));
        assert_eq!(r.lowest_cut_since(2), Some(7));
        assert_eq!(r.lowest_cut_since(4), None);
        r.truncated(3); // 5: hides both earlier cuts
        assert_eq!(r.lowest_cut_since(0), Some(3));
        assert_eq!(r.lowest_cut_since(4), Some(3));
        assert_eq!(r.lowest_cut_since(9), Some(0));
    }

    #[test]
    fn merging_old_cuts_only_widens_the_answer() {
        let mut r = LogRevision::default();
        for from in 10..20 {
            r.truncated(from); // revisions 1..=10, cuts at 10..=19
        }
        for seen in 0..10 {
            let exact = 10 + seen;
            let answer = r.lowest_cut_since(seen).unwrap_or(u64::MAX);
            assert!(answer <= exact, "seen {seen}: {answer} > {exact}");
        }
        assert_eq!(r.lowest_cut_since(9), Some(19));
        assert_eq!(r.lowest_cut_since(0), Some(10));
    }
}
