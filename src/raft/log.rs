//! The replicated log (§5.3) and the persistent state a crash keeps (Figure 2).

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::log_revision::LogRevision;
use super::membership::{ConfigEntry, ConfigState};
use super::types::{LogIndex, NodeId, Term};
use crate::i18n::{fill, tr};

/// What an entry carries. Raft never looks inside a command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum EntryData {
    /// Appended by a new leader so that it commits an entry of its own term (§5.4.2, §6.4).
    Noop,
    /// A client command, opaque to Raft (the simulator encodes operations as strings). Shared,
    /// not copied: the same entry travels in many messages and sits in every checkpoint.
    Command(Arc<str>),
    /// A configuration (§4): in force on a server as soon as it is in its log, committed or
    /// not (thesis §4.1; see `config_in_use.rs`).
    Config(ConfigEntry),
}

/// One log entry (§5.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub index: LogIndex,
    pub term: Term,
    pub data: EntryData,
}

impl Entry {
    /// Short text: "5 (term 3): put x=1", "2 (term 2): no-op".
    pub fn describe(&self) -> String {
        fill(
            tr("{0} (term {1}): {2}"),
            &[&self.index, &self.term, &self.text()],
        )
    }

    /// The payload in words: the command, "no-op", or the configuration change ("add S6").
    pub fn text(&self) -> String {
        match &self.data {
            EntryData::Noop => tr("no-op").to_string(),
            EntryData::Command(c) => c.to_string(),
            EntryData::Config(c) => c.describe(),
        }
    }
}

/// A snapshot (§7): the state machine's state after applying every entry up to `index`, and
/// that entry's term (kept so the consistency check at `index` still works once the entries are
/// gone). Raft never looks inside `data`: the state machine writes it and reads it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub index: LogIndex,
    pub term: Term,
    /// Shared, not copied: the same snapshot sits in every checkpoint and message.
    pub data: Arc<str>,
    /// The configuration in force at `index` (etcd's `SnapshotMetadata.conf_state`): the
    /// configuration entries it covers are gone from the log, so it keeps the last of them.
    pub conf_state: ConfigState,
}

/// The log. Indices start at `first_index()`; everything before it is covered by the snapshot,
/// whose last index and term are kept so the consistency check still works. Entries change at
/// the tail (push, truncate a suffix) and, by compaction, at the head; observers rely on the
/// first (see [`Log::revision`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Log {
    /// The latest snapshot (None: the log starts at index 1).
    snapshot: Option<Snapshot>,
    /// Entries `snapshot_index() + 1 ..= last_index()`, contiguous.
    entries: Vec<Entry>,
    /// Where the log changed, for observers; not part of its value.
    #[serde(skip)]
    revision: LogRevision,
}

/// Two logs are equal when they hold the same entries (and snapshot point), whatever their
/// history of changes.
impl PartialEq for Log {
    fn eq(&self, other: &Self) -> bool {
        self.snapshot == other.snapshot && self.entries == other.entries
    }
}

impl Eq for Log {}

impl Log {
    pub fn new() -> Self {
        Log::default()
    }

    /// A log holding `entries` from index 1 (for tests and scenarios). Indices are renumbered
    /// from 1 and terms are kept; terms must not decrease.
    pub fn from_terms(terms: &[Term]) -> Self {
        let mut log = Log::new();
        for (i, &t) in terms.iter().enumerate() {
            log.entries.push(Entry {
                index: i as LogIndex + 1,
                term: t,
                data: EntryData::Command(format!("e{}", i + 1).into()),
            });
        }
        log
    }

    /// The first index held in `entries` (1 for a log without snapshot).
    pub fn first_index(&self) -> LogIndex {
        self.snapshot_index() + 1
    }

    pub fn last_index(&self) -> LogIndex {
        self.snapshot_index() + self.entries.len() as LogIndex
    }

    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(self.snapshot_term(), |e| e.term)
    }

    /// The latest snapshot, if the log was ever compacted.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// The last index the snapshot covers (0: none).
    pub fn snapshot_index(&self) -> LogIndex {
        self.snapshot.as_ref().map_or(0, |s| s.index)
    }

    /// The term of that entry (0: none).
    pub fn snapshot_term(&self) -> Term {
        self.snapshot.as_ref().map_or(0, |s| s.term)
    }

    pub fn is_empty(&self) -> bool {
        self.last_index() == 0
    }

    /// The term of the entry at `index`: 0 for the sentinel index 0, the snapshot term at the
    /// snapshot index, None when the index is past the end or compacted away.
    pub fn term(&self, index: LogIndex) -> Option<Term> {
        if index == self.snapshot_index() {
            return Some(self.snapshot_term());
        }
        self.entry(index).map(|e| e.term)
    }

    pub fn entry(&self, index: LogIndex) -> Option<&Entry> {
        if index < self.first_index() {
            return None;
        }
        // try_from, not `as`: on wasm32 a huge index would wrap onto a real entry.
        let offset = usize::try_from(index - self.first_index()).ok()?;
        self.entries.get(offset)
    }

    /// All entries held, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries `from ..= to` (clipped to what the log holds), at most `max` of them.
    pub fn slice(&self, from: LogIndex, to: LogIndex, max: usize) -> Vec<Entry> {
        let from = from.max(self.first_index());
        let to = to.min(self.last_index());
        if from > to {
            return Vec::new();
        }
        let lo = (from - self.first_index()) as usize;
        let hi = ((to - self.first_index()) as usize + 1).min(lo.saturating_add(max));
        self.entries[lo..hi].to_vec()
    }

    /// Appends one entry at `last_index() + 1`. The caller sets the index.
    pub(crate) fn push(&mut self, entry: Entry) {
        debug_assert_eq!(
            entry.index,
            self.last_index() + 1,
            "log entries must be contiguous"
        );
        debug_assert!(
            entry.term >= self.last_term(),
            "log terms must not decrease"
        );
        self.entries.push(entry);
        self.revision.appended();
    }

    /// Removes the entries at `index` and after; returns how many were removed.
    pub(crate) fn truncate_from(&mut self, index: LogIndex) -> u64 {
        if index > self.last_index() || index < self.first_index() {
            return 0;
        }
        let keep = (index - self.first_index()) as usize;
        let removed = self.entries.len() - keep;
        self.entries.truncate(keep);
        self.revision.truncated(index);
        removed as u64
    }

    /// Compaction (§7): `snapshot` replaces the entries it covers. The entries after it stay.
    /// The caller checks that the snapshot covers only applied entries of this log (its index
    /// held here with its term) and is newer than the current one.
    pub(crate) fn compact(&mut self, snapshot: Snapshot) {
        debug_assert!(snapshot.index > self.snapshot_index());
        debug_assert_eq!(self.term(snapshot.index), Some(snapshot.term));
        let covered = usize::try_from(snapshot.index - self.snapshot_index()).unwrap_or(usize::MAX);
        self.entries.drain(..covered.min(self.entries.len()));
        self.snapshot = Some(snapshot);
    }

    /// A snapshot from the leader (Figure 13, steps 6-7): if this log holds the snapshot's last
    /// entry with the same term, the entries after it are kept (they follow the snapshot);
    /// otherwise the whole log is replaced by the snapshot. A snapshot no newer than the one held
    /// changes nothing. Returns whether entries after the snapshot are held.
    pub(crate) fn install(&mut self, snapshot: Snapshot) -> bool {
        if snapshot.index <= self.snapshot_index() {
            // Already covered.
        } else if self.term(snapshot.index) == Some(snapshot.term) {
            self.compact(snapshot);
        } else {
            if !self.entries.is_empty() {
                // Entries that may differ from the leader's are gone: observers must look again.
                self.revision.truncated(self.first_index());
            }
            self.entries.clear();
            self.snapshot = Some(snapshot);
        }
        self.last_index() > self.snapshot_index()
    }

    /// A counter bumped by every change at the tail (append or truncation). An observer that
    /// saw revision `r` and finds it again knows every entry it saw is still as it saw it, or
    /// compacted away (compaction moves the head without a new revision: the entries it removes
    /// are committed, so they stand unchanged in the snapshot).
    pub fn revision(&self) -> u64 {
        self.revision.current()
    }

    /// The lowest index removed by a truncation since revision `seen` (None: only appends, if
    /// anything). An observer that saw the log at `seen` with last index `n` may assume every
    /// entry below `min(n + 1, this)` unchanged. The answer may be lower than needed (old
    /// truncations are merged), never higher; a `seen` this log never had gives 0.
    pub fn lowest_truncation_since(&self, seen: u64) -> Option<LogIndex> {
        self.revision.lowest_cut_since(seen)
    }

    /// The election restriction (§5.4.1): a candidate's log is at least as up to date as this one
    /// if its last term is higher, or equal with a last index at least as large.
    pub fn is_up_to_date(&self, last_index: LogIndex, last_term: Term) -> bool {
        last_term > self.last_term()
            || (last_term == self.last_term() && last_index >= self.last_index())
    }

    /// The first index holding `term`, searching back from `from` over entries of that term
    /// (the conflict hint of §5.3's fast backtracking).
    pub fn first_index_of_term_before(&self, term: Term, from: LogIndex) -> LogIndex {
        let mut i = from;
        while i > self.first_index() && self.term(i - 1) == Some(term) {
            i -= 1;
        }
        i
    }

    /// The last index `<= at_most` whose term is `term`, if this log has any (leader side of the
    /// fast backtracking of §5.3).
    pub fn last_index_of_term(&self, term: Term, at_most: LogIndex) -> Option<LogIndex> {
        let mut i = at_most.min(self.last_index());
        while i >= self.first_index() {
            match self.term(i) {
                Some(t) if t == term => return Some(i),
                Some(t) if t < term => return None,
                _ => {}
            }
            i -= 1;
        }
        None
    }

    /// The configuration this log puts in force (§4.1): its latest configuration entry, else
    /// its snapshot's configuration. None: neither, the bootstrap configuration holds.
    pub fn latest_config(&self) -> Option<ConfigState> {
        self.latest_config_at(self.last_index())
    }

    /// The configuration in force at `index` by this log: the latest configuration entry at or
    /// before it, else the snapshot's. None: neither (or `index` is before the snapshot).
    pub fn latest_config_at(&self, index: LogIndex) -> Option<ConfigState> {
        let held = index.min(self.last_index());
        if held < self.snapshot_index() {
            return None;
        }
        let upto = (held - self.snapshot_index()) as usize;
        let from_entries = self.entries[..upto]
            .iter()
            .rev()
            .find_map(|e| match &e.data {
                EntryData::Config(c) => Some(ConfigState {
                    membership: c.membership,
                    index: e.index,
                }),
                _ => None,
            });
        from_entries.or_else(|| self.snapshot.as_ref().map(|s| s.conf_state))
    }

    /// A compact picture of the terms, e.g. "[1 1 2 3]", for messages and test failures.
    pub fn describe_terms(&self) -> String {
        let terms: Vec<String> = self.entries.iter().map(|e| e.term.to_string()).collect();
        format!("[{}]", terms.join(" "))
    }
}

/// What a crash keeps (Figure 2 "persistent state on all servers"). Everything else in a
/// [`Node`](super::Node) is volatile and rebuilt on restart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistentState {
    /// The latest term this server has seen; only ever increases (§5.1).
    pub current_term: Term,
    /// Who it voted for in `current_term` (§5.2); at most one vote per term.
    pub voted_for: Option<NodeId>,
    pub log: Log,
}

impl PersistentState {
    pub fn new() -> Self {
        PersistentState::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_log_has_sentinel_zero() {
        let log = Log::new();
        assert_eq!(log.last_index(), 0);
        assert_eq!(log.last_term(), 0);
        assert_eq!(log.term(0), Some(0));
        assert_eq!(log.term(1), None);
        assert_eq!(log.first_index(), 1);
    }

    #[test]
    fn election_restriction_compares_last_term_then_length() {
        // §5.4.1: higher last term wins; equal last term, longer log wins.
        let log = Log::from_terms(&[1, 1, 2]);
        assert!(log.is_up_to_date(3, 2));
        assert!(log.is_up_to_date(1, 3));
        assert!(!log.is_up_to_date(2, 2));
        assert!(!log.is_up_to_date(9, 1));
    }

    #[test]
    fn term_searches_for_backtracking() {
        let log = Log::from_terms(&[1, 1, 2, 2, 2, 4]);
        assert_eq!(log.first_index_of_term_before(2, 5), 3);
        assert_eq!(log.first_index_of_term_before(1, 2), 1);
        assert_eq!(log.last_index_of_term(2, 6), Some(5));
        assert_eq!(log.last_index_of_term(3, 6), None);
        assert_eq!(log.last_index_of_term(1, 6), Some(2));
    }

    #[test]
    fn slice_and_truncate() {
        let mut log = Log::from_terms(&[1, 1, 2, 2]);
        assert_eq!(log.slice(2, 9, 2).len(), 2);
        assert_eq!(log.slice(5, 9, 2).len(), 0);
        assert_eq!(
            log.slice(2, 9, usize::MAX).len(),
            3,
            "no overflow on a huge batch limit"
        );
        assert_eq!(log.truncate_from(3), 2);
        assert_eq!(log.last_index(), 2);
        assert_eq!(log.truncate_from(7), 0);
    }

    fn noop(index: LogIndex, term: Term) -> Entry {
        Entry {
            index,
            term,
            data: EntryData::Noop,
        }
    }

    /// A log's value is its entries and snapshot point; its revision (how it got there) is
    /// bookkeeping for observers and takes no part.
    #[test]
    fn logs_are_equal_when_they_hold_the_same_entries_whatever_their_history() {
        let mut grown = Log::new();
        grown.push(noop(1, 1));
        grown.push(noop(2, 1));
        grown.push(noop(3, 2));
        grown.truncate_from(3);
        let mut built = Log::new();
        built.push(noop(1, 1));
        built.push(noop(2, 1));
        assert_ne!(grown.revision(), built.revision());
        assert_eq!(grown, built);

        let mut other_term = Log::new();
        other_term.push(noop(1, 1));
        other_term.push(noop(2, 2));
        assert_ne!(grown, other_term, "same length, a different term at 2");
        assert_ne!(grown, Log::new(), "a prefix is not the same log");
    }

    #[test]
    fn a_log_is_empty_until_its_first_entry_and_after_losing_them_all() {
        let mut log = Log::new();
        assert!(log.is_empty());
        log.push(noop(1, 1));
        assert!(!log.is_empty());
        log.truncate_from(1);
        assert!(log.is_empty());
    }

    /// Reference: §5.3 ("the follower deletes the existing entry and all that follow it").
    /// The count is what the `EntriesTruncated` event reports.
    #[test]
    fn truncating_removes_the_entry_at_the_index_and_all_that_follow() {
        let mut log = Log::from_terms(&[1, 1, 2]);
        assert_eq!(log.truncate_from(2), 2);
        assert_eq!(log.describe_terms(), "[1]");
        assert_eq!(log.truncate_from(0), 0, "0 is the sentinel");
        assert_eq!(log.describe_terms(), "[1]");
        assert_eq!(log.truncate_from(1), 1, "from the first index: all of it");
        assert_eq!(log.last_index(), 0);
    }

    /// An observer that saw the log at some revision learns whether anything it saw was cut
    /// since: nothing after appends alone, the truncation point after a truncation.
    #[test]
    fn a_log_tells_an_observer_where_it_was_cut_since_a_revision() {
        let mut log = Log::new();
        log.push(noop(1, 1));
        let seen = log.revision();
        log.push(noop(2, 1));
        log.push(noop(3, 1));
        assert_eq!(log.lowest_truncation_since(seen), None, "appends only");
        log.truncate_from(3);
        assert_eq!(log.lowest_truncation_since(seen), Some(3));
        assert_eq!(log.lowest_truncation_since(log.revision()), None);
    }

    /// Reference: §5.3 (fast backtracking) and §7 (the snapshot keeps its last index and term
    /// for the consistency check). The leader retries with `prev_log_index = hint - 1`, which the
    /// follower can check only from its snapshot index on: a hint below its first held entry
    /// would ask about an index it no longer has, even if that entry had the same term.
    #[test]
    fn the_conflict_hint_stops_at_the_first_entry_held_after_a_snapshot() {
        let mut log = Log::new();
        for (index, term) in [(1, 1), (2, 1), (3, 1), (4, 1), (5, 2)] {
            log.push(noop(index, term));
        }
        log.compact(Snapshot {
            index: 2,
            term: 1,
            data: "".into(),
            conf_state: Default::default(),
        });
        let hint = log.first_index_of_term_before(1, 4);
        assert_eq!(hint, 3);
        assert!(log.term(hint - 1).is_some(), "prev = hint - 1 is checkable");
        assert_eq!(log.first_index_of_term_before(2, 5), 5);
    }
}
