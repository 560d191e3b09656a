//! The checker's copy of one node's log, kept in step incrementally.
//!
//! Raft only ever changes a log at its tail (truncate a suffix, append), so after an event the
//! mirror compares from the tail backwards until it meets an unchanged entry: the usual cost is one
//! comparison. A rotating cursor re-verifies a few older entries per observation, so a change in
//! the middle of a log (which only a bug can make) is still found, a little later.

use super::observation::{LogIndex, LogView, Term};

/// An entry as the mirror remembers it; `None` when the log no longer held it (compacted).
pub(super) type Slot = Option<(Term, u64)>;

/// How many older entries the cursor re-verifies per observation.
const VERIFY_PER_OBSERVATION: u64 = 2;

#[derive(Debug, Clone, Default)]
pub(super) struct LogMirror {
    /// `slots[i - 1]` is the entry at index `i`.
    slots: Vec<Slot>,
    cursor: LogIndex,
}

/// What changed in a log since the previous observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LogChange {
    /// The first index whose entry is new or different.
    pub from: LogIndex,
    /// How many previously held entries were removed or overwritten.
    pub lost: u64,
}

impl LogMirror {
    pub fn last_index(&self) -> LogIndex {
        self.slots.len() as LogIndex
    }

    pub fn slot(&self, index: LogIndex) -> Slot {
        let i = usize::try_from(index.checked_sub(1)?).ok()?;
        self.slots.get(i).copied().flatten()
    }

    /// The entries from `from` to the end, each with its predecessor's term (0 before index 1;
    /// `None` when unknown).
    pub fn clone_range(&self, from: LogIndex) -> Vec<(LogIndex, Option<Term>, Slot)> {
        (from.max(1)..=self.last_index())
            .map(|index| {
                let prev = if index == 1 {
                    Some(0)
                } else {
                    self.slot(index - 1).map(|(term, _)| term)
                };
                (index, prev, self.slot(index))
            })
            .collect()
    }

    /// Brings the mirror in step with `log`; returns what changed, if anything.
    pub fn sync(&mut self, log: &dyn LogView) -> Option<LogChange> {
        let old_last = self.last_index();
        let new_last = log.last_index();
        let mut from = self.tail_divergence(log, old_last.min(new_last));
        if let Some(older) = self.cursor_divergence(log, from) {
            from = older;
        }
        if from > new_last && new_last == old_last {
            return None;
        }
        let lost = if from <= old_last {
            old_last - from + 1
        } else {
            0
        };
        self.slots
            .truncate(usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX));
        for index in from..=new_last {
            self.slots.push(log.entry_at(index));
        }
        Some(LogChange { from, lost })
    }

    /// Walks back from `start` to the last index where mirror and log agree; returns the index
    /// after it.
    fn tail_divergence(&self, log: &dyn LogView, start: LogIndex) -> LogIndex {
        let mut index = start;
        while index >= 1 {
            match (self.slot(index), log.entry_at(index)) {
                (Some(mine), Some(theirs)) if mine != theirs => index -= 1,
                // Equal, or compacted on either side (compacted entries are committed).
                _ => break,
            }
        }
        index + 1
    }

    /// Re-verifies a few entries below `limit`, round robin; returns the first that changed.
    fn cursor_divergence(&mut self, log: &dyn LogView, limit: LogIndex) -> Option<LogIndex> {
        if limit <= 1 {
            return None;
        }
        for _ in 0..VERIFY_PER_OBSERVATION {
            self.cursor = if self.cursor + 1 >= limit {
                1
            } else {
                self.cursor + 1
            };
            let index = self.cursor;
            if let (Some(mine), Some(theirs)) = (self.slot(index), log.entry_at(index)) {
                if mine != theirs {
                    return Some(index);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::checker::observation::VecLog;

    #[test]
    fn append_truncate_and_hidden_change() {
        let mut m = LogMirror::default();
        let mut log = VecLog::from_terms(&[1, 1, 2]);
        assert_eq!(m.sync(&log), Some(LogChange { from: 1, lost: 0 }));
        assert_eq!(m.sync(&log), None);
        log.push(2, Some("x=1"));
        assert_eq!(m.sync(&log), Some(LogChange { from: 4, lost: 0 }));
        log.entries.truncate(2);
        log.push(3, None);
        log.push(3, None);
        assert_eq!(m.sync(&log), Some(LogChange { from: 3, lost: 2 }));
        // A change in the middle with an identical tail is found by the cursor.
        log.entries[0].0 = 9;
        let found = (0..4).find_map(|_| m.sync(&log));
        assert_eq!(found, Some(LogChange { from: 1, lost: 4 }));
    }
}
