//! The checker's copy of one node's log, kept in step incrementally.
//!
//! Raft only ever changes a log at its tail (truncate a suffix, append). A log that keeps a
//! revision counter (the core's does: `raft::Log::revision`) tells the mirror whether it changed
//! and the lowest index a truncation touched since the mirror last looked, so an unchanged log
//! costs one comparison and a changed one costs the entries that changed. A log without one (a
//! hand-made log in a test) is compared entry by entry every time, so any change anywhere is
//! found at once.

use super::observation::{LogIndex, LogView, Term};

/// An entry as the mirror remembers it; `None` when the log no longer held it (compacted).
pub(super) type Slot = Option<(Term, u64)>;

#[derive(Debug, Clone, Default)]
pub(super) struct LogMirror {
    /// `slots[i - 1]` is the entry at index `i`.
    slots: Vec<Slot>,
    /// The log's revision when the mirror last synced (None: never, or the log keeps none).
    revision: Option<u64>,
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

    /// The log's revision when the mirror last synced with it.
    pub fn revision(&self) -> Option<u64> {
        self.revision
    }

    pub fn slot(&self, index: LogIndex) -> Slot {
        let i = usize::try_from(index.checked_sub(1)?).ok()?;
        self.slots.get(i).copied().flatten()
    }

    /// The term of the entry before `index` (0 before index 1; `None` when unknown).
    pub fn prev_term(&self, index: LogIndex) -> Option<Term> {
        if index <= 1 {
            Some(0)
        } else {
            self.slot(index - 1).map(|(term, _)| term)
        }
    }

    /// Brings the mirror in step with `log`; returns what changed, if anything.
    pub fn sync(&mut self, log: &dyn LogView) -> Option<LogChange> {
        let old_last = self.last_index();
        let new_last = log.last_index();
        let revision = log.revision();
        // Below `unchanged_below` the log holds what the mirror holds, by the log's word.
        // `cut`: the log says it removed entries from `unchanged_below` on.
        let (unchanged_below, cut) = match (revision, self.revision) {
            (Some(now), Some(seen)) if now == seen => return None,
            (Some(_), Some(seen)) => match log.lowest_truncation_since(seen) {
                Some(at) => (at.min(old_last + 1), true),
                None => (old_last + 1, false),
            },
            _ => (1, false),
        };
        self.revision = revision;
        // Entries cut and appended again may be the same: the change starts at the first
        // real difference.
        let from = self.first_difference(log, unchanged_below, old_last.min(new_last), cut);
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

    /// The first index in `from..=to` where mirror and log differ (`to + 1` if none). After a
    /// cut, an entry the log no longer holds was replaced by a snapshot (§7, a follower whose
    /// log conflicted with it): what the mirror remembers there may be gone, so it differs.
    fn first_difference(
        &self,
        log: &dyn LogView,
        from: LogIndex,
        to: LogIndex,
        cut: bool,
    ) -> LogIndex {
        let mut index = from.max(1);
        while index <= to {
            match (self.slot(index), log.entry_at(index)) {
                (Some(mine), Some(theirs)) if mine != theirs => return index,
                (Some(_), None) if cut => return index,
                // Equal, or compacted on either side (compacted entries are committed).
                _ => index += 1,
            }
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::{Entry, EntryData, Log};
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
        // A change in the middle with an identical tail is found at once: a log without a
        // revision counter is compared in full.
        log.entries[0].0 = 9;
        assert_eq!(m.sync(&log), Some(LogChange { from: 1, lost: 4 }));
    }

    /// A core log through the same view the simulator uses: the revision says where to look.
    struct Core<'a>(&'a Log);

    impl LogView for Core<'_> {
        fn first_index(&self) -> LogIndex {
            self.0.first_index()
        }
        fn last_index(&self) -> LogIndex {
            self.0.last_index()
        }
        fn entry_at(&self, index: LogIndex) -> Option<(Term, u64)> {
            let e = self.0.entry(index)?;
            let fp = match &e.data {
                EntryData::Noop | EntryData::Config(_) => 0,
                EntryData::Command(c) => crate::sim::checker::fingerprint(Some(c)),
            };
            Some((e.term, fp))
        }
        fn revision(&self) -> Option<u64> {
            Some(self.0.revision())
        }
        fn lowest_truncation_since(&self, seen: u64) -> Option<LogIndex> {
            self.0.lowest_truncation_since(seen)
        }
    }

    #[test]
    fn core_log_changes_are_found_through_its_revision() {
        let push = |log: &mut Log, term, text: &str| {
            let index = log.last_index() + 1;
            let data = EntryData::Command(text.into());
            log.push(Entry { index, term, data });
        };
        let mut m = LogMirror::default();
        let mut log = Log::new();
        for i in 0..5 {
            push(&mut log, 1, &format!("e{i}"));
        }
        assert_eq!(m.sync(&Core(&log)), Some(LogChange { from: 1, lost: 0 }));
        assert_eq!(m.sync(&Core(&log)), None);
        // Cut at 3, then the same entry 3 again and a new 4: the change starts at 4.
        log.truncate_from(3);
        push(&mut log, 1, "e2");
        push(&mut log, 2, "x");
        assert_eq!(m.sync(&Core(&log)), Some(LogChange { from: 4, lost: 2 }));
        // Two cuts between looks: the lower one counts.
        log.truncate_from(2);
        push(&mut log, 3, "a");
        push(&mut log, 3, "b");
        log.truncate_from(3);
        push(&mut log, 3, "c");
        assert_eq!(m.sync(&Core(&log)), Some(LogChange { from: 2, lost: 3 }));
        assert_eq!(m.slot(3).map(|s| s.0), Some(3));
        // Cut and appended back exactly as it was: nothing changed.
        log.truncate_from(3);
        push(&mut log, 3, "c");
        assert_eq!(m.sync(&Core(&log)), None);
    }

    /// Compaction changes nothing the mirror knows (compacted entries are committed ones); a
    /// snapshot installed over a conflicting log replaces entries, and the mirror forgets them.
    #[test]
    fn a_snapshot_over_a_conflicting_log_is_a_change() {
        let push = |log: &mut Log, term, text: &str| {
            let index = log.last_index() + 1;
            let data = EntryData::Command(text.into());
            log.push(Entry { index, term, data });
        };
        let snapshot = |index, term| crate::raft::Snapshot {
            index,
            term,
            data: "{}".into(),
            conf_state: Default::default(),
        };
        let mut m = LogMirror::default();
        let mut log = Log::new();
        for (term, text) in [(1, "a"), (1, "b"), (2, "c")] {
            push(&mut log, term, text);
        }
        m.sync(&Core(&log));
        log.compact(snapshot(2, 1));
        assert_eq!(m.sync(&Core(&log)), None);
        assert_eq!(m.slot(3).map(|s| s.0), Some(2));
        // Index 3 held term 2 here; the leader's snapshot says term 3.
        log.install(snapshot(3, 3));
        assert_eq!(m.sync(&Core(&log)), Some(LogChange { from: 3, lost: 1 }));
        assert_eq!(m.slot(3), None, "what it held at 3 is gone");
        push(&mut log, 3, "d");
        assert_eq!(m.sync(&Core(&log)), Some(LogChange { from: 4, lost: 0 }));
        assert_eq!(m.prev_term(4), None, "unknown, not the old term 2");
    }
}
