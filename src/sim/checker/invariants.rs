//! The Raft safety invariants, checked incrementally after every event.
//!
//! The simulator calls [`Checker::on_apply`] for each entry a node applies and
//! [`Checker::on_restart`] when a node restarts, then [`Checker::observe`] once per event with
//! every node's state. Each call costs O(nodes) plus the log entries that changed (a log's
//! revision counter says which, see log_mirror.rs) and allocates nothing unless a violation is
//! found; the only scan of a whole log happens once per newly elected leader (Leader
//! Completeness), over the checker's own copy. Configuration Overlap is in config_overlap.rs.

mod config_overlap;

use std::fmt::Display;

use serde::Serialize;

use super::index_map::IndexMap;
use super::log_mirror::{LogChange, LogMirror};
use super::observation::{ConfigState, EntryView, LogIndex, NodeId, NodeObservation, Role, Term};
use super::{EntryId, Property, Violation};
use crate::i18n::{fill, key, tr, Localized};
use crate::sim::sorted_set::SortedSet;
use config_overlap::ConfigMove;
use litemap::LiteMap;

/// At most this many violations are kept (the count goes on).
const MAX_KEPT: usize = 100;

/// The invariant checker. Cheap to clone (for timeline checkpoints).
#[derive(Debug, Clone, Default)]
pub struct Checker {
    /// One per node, in the order first observed (a handful: searched in a line).
    nodes: Vec<NodeTrack>,
    /// Election Safety: the leader seen for each term.
    leaders: LiteMap<Term, NodeId>,
    /// Log Matching: every (index, term) seen in any log, with its predecessor's term: the
    /// first term seen at each index here, any other term at that index in `entries_more`.
    entries: IndexMap<Seen>,
    entries_more: LiteMap<(LogIndex, Term), Seen>,
    /// Leader Completeness: the entry known committed at each index.
    committed: IndexMap<Committed>,
    /// State Machine Safety: the entry first applied at each index.
    applied: IndexMap<Seen>,
    pending_applies: Vec<(NodeId, EntryId, u64)>,
    /// Nodes restarted since the last observation.
    pending_restarts: SortedSet<NodeId>,
    /// Scratch for one observation, kept to reuse its capacity: leaders elected and indexes
    /// first committed during the event.
    new_leaders: Vec<NodeId>,
    newly_committed: Vec<LogIndex>,
    /// Configuration Overlap: leaders that started using a new configuration during the event.
    config_moves: Vec<ConfigMove>,
    /// Keys of violations already reported, so one fault is named once.
    reported: SortedSet<(Property, u64, u64)>,
    violations: Vec<Violation>,
    total: u64,
    observations: u64,
}

#[derive(Debug, Clone, Default)]
struct NodeTrack {
    id: NodeId,
    up: bool,
    role: Option<Role>,
    term: Term,
    commit: LogIndex,
    applied: LogIndex,
    mirror: LogMirror,
    /// The configuration it uses (§4.1), as last observed while up.
    config: Option<ConfigState>,
    /// While it leads: the configurations it may still decide with, oldest first — the latest
    /// it knows committed and each one appended after it (see config_overlap.rs).
    in_use: Vec<ConfigState>,
}

impl NodeTrack {
    /// True if the node is exactly as last observed (its log by its revision counter).
    fn unchanged(&self, obs: &NodeObservation<'_>) -> bool {
        let same_volatile = !obs.up
            || (self.role == Some(obs.role)
                && self.commit == obs.commit_index
                && self.applied == obs.last_applied
                && obs.log.revision().is_some()
                && self.mirror.revision() == obs.log.revision());
        self.up == obs.up && self.term == obs.current_term && same_volatile
    }
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    prev_term: Option<Term>,
    fingerprint: u64,
    term: Term,
    node: NodeId,
}

#[derive(Debug, Clone, Copy)]
struct Committed {
    term: Term,
    fingerprint: u64,
    /// The lowest current term of a node seen committing it: leaders of later terms must hold it.
    commit_term: Term,
    node: NodeId,
}

/// The checker's verdict for the state JSON (`invariants`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckerReport {
    pub ok: bool,
    /// How many violations were found (only the first ones are kept).
    pub total: u64,
    pub violations: Vec<Violation>,
}

/// The event being checked, for naming it in violations (written out only then).
struct Ctx<'e> {
    time_ms: u64,
    event: &'e dyn Fn() -> Localized,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Node `node` applied `entry` to its state machine (call during the event, before `observe`).
    pub fn on_apply(&mut self, node: NodeId, entry: &dyn EntryView) {
        let id = EntryId {
            index: entry.index(),
            term: entry.term(),
        };
        self.pending_applies.push((node, id, entry.fingerprint()));
    }

    /// Node `node` restarted from its persistent state: its commit and applied indexes restart.
    pub fn on_restart(&mut self, node: NodeId) {
        self.pending_restarts.insert(node);
    }

    /// Checks every invariant after an event, given the state of every node. `event` says what
    /// happened, in words (formatted only if a violation names it).
    pub fn observe<E: Display + ?Sized>(
        &mut self,
        time_ms: u64,
        event: &E,
        nodes: &[NodeObservation<'_>],
    ) {
        self.observe_event(time_ms, &|| event.to_string().into(), nodes);
    }

    /// [`observe`](Self::observe), the event given as a way to write it in words (called only
    /// if a violation is kept), so that the violation names it in the language of whoever reads
    /// it later.
    pub fn observe_event(
        &mut self,
        time_ms: u64,
        event: &dyn Fn() -> Localized,
        nodes: &[NodeObservation<'_>],
    ) {
        self.observations += 1;
        let ctx = Ctx { time_ms, event };
        self.apply_restarts();
        self.check_applies(&ctx);
        let mut new_leaders = std::mem::take(&mut self.new_leaders);
        let mut newly_committed = std::mem::take(&mut self.newly_committed);
        let mut config_moves = std::mem::take(&mut self.config_moves);
        new_leaders.clear();
        newly_committed.clear();
        config_moves.clear();
        for obs in nodes {
            let track = self.track_or_new(obs.id);
            let was_leader = track.up && track.role == Some(Role::Leader);
            let same_leadership = was_leader && track.term == obs.current_term;
            if obs.up && obs.role == Role::Leader && !same_leadership {
                new_leaders.push(obs.id);
            }
            // Most events touch one or two nodes: the others have nothing new to check.
            if !track.unchanged(obs) {
                self.check_node(&ctx, obs, same_leadership, &mut newly_committed);
                self.track_config(obs, same_leadership, &mut config_moves);
            }
        }
        self.check_config_moves(&ctx, &config_moves);
        for obs in nodes.iter().filter(|o| o.up && o.role == Role::Leader) {
            if new_leaders.contains(&obs.id) {
                // A sitting leader was checked when it took office.
                self.check_election_safety(&ctx, obs);
                self.check_new_leader(&ctx, obs);
                self.check_lease_safety(&ctx, obs, nodes);
            } else {
                self.check_leader_holds(&ctx, obs, &newly_committed);
            }
        }
        self.new_leaders = new_leaders;
        self.newly_committed = newly_committed;
        self.config_moves = config_moves;
    }

    /// True if no violation has been found.
    pub fn is_ok(&self) -> bool {
        self.total == 0
    }

    /// The violations kept (the first [`MAX_KEPT`]).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many violations were found in all.
    pub fn total_violations(&self) -> u64 {
        self.total
    }

    /// How many events were observed.
    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// True if a violation of `property` was found.
    pub fn has_violated(&self, property: Property) -> bool {
        self.reported.iter().any(|(p, _, _)| *p == property)
    }

    pub fn report(&self) -> CheckerReport {
        CheckerReport {
            ok: self.is_ok(),
            total: self.total,
            violations: self.violations.clone(),
        }
    }

    fn track(&self, id: NodeId) -> Option<&NodeTrack> {
        self.nodes.iter().find(|t| t.id == id)
    }

    fn track_mut(&mut self, id: NodeId) -> Option<&mut NodeTrack> {
        self.nodes.iter_mut().find(|t| t.id == id)
    }

    fn track_or_new(&mut self, id: NodeId) -> &mut NodeTrack {
        match self.nodes.iter().position(|t| t.id == id) {
            Some(i) => &mut self.nodes[i],
            None => {
                self.nodes.push(NodeTrack {
                    id,
                    ..NodeTrack::default()
                });
                let last = self.nodes.len() - 1;
                &mut self.nodes[last]
            }
        }
    }

    fn apply_restarts(&mut self) {
        if self.pending_restarts.is_empty() {
            return;
        }
        let restarted = std::mem::take(&mut self.pending_restarts);
        for &node in restarted.iter() {
            if let Some(track) = self.track_mut(node) {
                track.up = false; // The next observation starts it afresh.
            }
        }
    }

    fn check_applies(&mut self, ctx: &Ctx<'_>) {
        let mut applies = std::mem::take(&mut self.pending_applies);
        for &(node, id, fingerprint) in &applies {
            let first = *self.applied.get_or_insert(
                id.index,
                Seen {
                    prev_term: None,
                    fingerprint,
                    term: id.term,
                    node,
                },
            );
            if first.term != id.term || first.fingerprint != fingerprint {
                let first_id = EntryId {
                    index: id.index,
                    term: first.term,
                };
                let message = Localized::new(move || {
                    fill(
                    tr("S{0} applied entry {1}@{2} but S{3} applied a different entry ({4}@{5}) at the same index"),
                    &[&node, &id.index, &id.term, &first.node, &first_id.index, &first_id.term],
                )
                });
                self.record(
                    ctx,
                    (Property::StateMachineSafety, id.index, 0),
                    vec![first.node, node],
                    vec![first_id, id],
                    message,
                );
            }
        }
        applies.clear();
        self.pending_applies = applies;
    }

    fn check_node(
        &mut self,
        ctx: &Ctx<'_>,
        obs: &NodeObservation<'_>,
        same_leadership: bool,
        newly_committed: &mut Vec<LogIndex>,
    ) {
        let Some(track) = self.track(obs.id) else {
            return;
        };
        let (old_term, restarted) = (track.term, !track.up);
        let (old_commit, old_applied) = if restarted {
            (0, 0)
        } else {
            (track.commit, track.applied)
        };
        if obs.current_term < old_term {
            let (id, term) = (obs.id, obs.current_term);
            let message = Localized::new(move || {
                fill(
                    tr("S{0}'s current term went back from {1} to {2}"),
                    &[&id, &old_term, &term],
                )
            });
            let key = (Property::MonotonicTerm, obs.id, obs.current_term);
            self.record(ctx, key, vec![obs.id], vec![], message);
        }
        if !obs.up {
            if let Some(track) = self.track_mut(obs.id) {
                track.up = false;
                track.term = obs.current_term;
            }
            return;
        }
        self.check_monotonic(ctx, obs, old_commit, old_applied);
        self.check_log(ctx, obs, same_leadership);
        self.register_commits(obs, old_commit, newly_committed);
        if let Some(track) = self.track_mut(obs.id) {
            track.up = true;
            track.role = Some(obs.role);
            track.term = obs.current_term;
            track.commit = obs.commit_index;
            track.applied = obs.last_applied;
        }
    }

    fn check_monotonic(
        &mut self,
        ctx: &Ctx<'_>,
        obs: &NodeObservation<'_>,
        old_commit: LogIndex,
        old_applied: LogIndex,
    ) {
        let (id, commit, applied) = (obs.id, obs.commit_index, obs.last_applied);
        if commit < old_commit {
            let message = Localized::new(move || {
                fill(
                    tr("S{0}'s commit index went back from {1} to {2} without a restart"),
                    &[&id, &old_commit, &commit],
                )
            });
            let key = (Property::MonotonicCommit, id, ctx.time_ms);
            self.record(ctx, key, vec![id], vec![], message);
        }
        if applied < old_applied {
            let message = Localized::new(move || {
                fill(
                    tr("S{0}'s last applied index went back from {1} to {2} without a restart"),
                    &[&id, &old_applied, &applied],
                )
            });
            let key = (Property::MonotonicApplied, id, ctx.time_ms);
            self.record(ctx, key, vec![id], vec![], message);
        }
        let last = obs.log.last_index();
        if commit > last {
            let message = Localized::new(move || {
                fill(
                    tr("S{0}'s commit index {1} is beyond its last log index {2}"),
                    &[&id, &commit, &last],
                )
            });
            let key = (Property::CommitWithinLog, id, commit);
            self.record(ctx, key, vec![id], vec![], message);
        }
    }

    /// Leader Append-Only and Log Matching over the entries that changed since the last event.
    fn check_log(&mut self, ctx: &Ctx<'_>, obs: &NodeObservation<'_>, same_leadership: bool) {
        let Some(track) = self.track_mut(obs.id) else {
            return;
        };
        let Some(LogChange { from, lost }) = track.mirror.sync(obs.log) else {
            return;
        };
        // Borrowed out of the node's track while the maps are updated (no copy, no allocation).
        let mirror = std::mem::take(&mut track.mirror);
        if lost > 0 && same_leadership && obs.role == Role::Leader {
            let text = match lost {
                1 => key("leader S{0} of term {1} removed or overwrote {2} entry of its log from index {3}"),
                _ => key("leader S{0} of term {1} removed or overwrote {2} entries of its log from index {3}"),
            };
            let (id, term) = (obs.id, obs.current_term);
            let message = Localized::new(move || fill(tr(text), &[&id, &term, &lost, &from]));
            let key = (Property::LeaderAppendOnly, obs.id, obs.current_term);
            self.record(ctx, key, vec![obs.id], vec![], message);
        }
        for index in from.max(1)..=mirror.last_index() {
            let Some((term, fingerprint)) = mirror.slot(index) else {
                continue;
            };
            let prev_term = mirror.prev_term(index);
            let mine = Seen {
                prev_term,
                fingerprint,
                term,
                node: obs.id,
            };
            let first = match self.entries.get_or_insert(index, mine) {
                seen if seen.term == term => *seen,
                _ => *self.entries_more.entry((index, term)).or_insert(mine),
            };
            let prev_differs = matches!((first.prev_term, prev_term), (Some(a), Some(b)) if a != b);
            if prev_differs || first.fingerprint != fingerprint {
                let text = match prev_differs {
                    true => key("S{0} and S{1} both hold an entry at index {2} in term {3}, but their logs differ before it"),
                    false => key("S{0} and S{1} both hold an entry at index {2} in term {3}, but with different contents"),
                };
                let id = obs.id;
                let message =
                    Localized::new(move || fill(tr(text), &[&first.node, &id, &index, &term]));
                let entry = EntryId { index, term };
                let key = (Property::LogMatching, index, term);
                self.record(ctx, key, vec![first.node, obs.id], vec![entry], message);
            }
        }
        if let Some(track) = self.track_mut(obs.id) {
            track.mirror = mirror;
        }
    }

    /// Records the entries that became committed on this node.
    fn register_commits(
        &mut self,
        obs: &NodeObservation<'_>,
        old_commit: LogIndex,
        newly_committed: &mut Vec<LogIndex>,
    ) {
        let Some(track) = self.nodes.iter().find(|t| t.id == obs.id) else {
            return;
        };
        let upto = obs.commit_index.min(track.mirror.last_index());
        for index in (old_commit + 1)..=upto {
            let Some((term, fingerprint)) = track.mirror.slot(index) else {
                continue;
            };
            match self.committed.get_mut(index) {
                Some(c) if c.term == term && c.fingerprint == fingerprint => {
                    c.commit_term = c.commit_term.min(obs.current_term);
                }
                Some(_) => {} // A conflicting commit shows up as State Machine Safety on apply.
                None => {
                    let entry = Committed {
                        term,
                        fingerprint,
                        commit_term: obs.current_term,
                        node: obs.id,
                    };
                    self.committed.get_or_insert(index, entry);
                    newly_committed.push(index);
                }
            }
        }
    }

    fn check_election_safety(&mut self, ctx: &Ctx<'_>, obs: &NodeObservation<'_>) {
        let term = obs.current_term;
        let first = *self.leaders.entry(term).or_insert(obs.id);
        if first != obs.id {
            let id = obs.id;
            let message = Localized::new(move || {
                fill(
                    tr("S{0} and S{1} were both leader in term {2}"),
                    &[&first, &id, &term],
                )
            });
            let key = (Property::ElectionSafety, term, 0);
            self.record(ctx, key, vec![first, obs.id], vec![], message);
        }
    }

    /// Lease Safety for a newly elected leader: no earlier leader may still hold a lease, or
    /// it would serve lease reads that miss the new leader's writes (§6.4.1).
    fn check_lease_safety(
        &mut self,
        ctx: &Ctx<'_>,
        obs: &NodeObservation<'_>,
        nodes: &[NodeObservation<'_>],
    ) {
        let term = obs.current_term;
        let holders = nodes
            .iter()
            .filter(|m| m.up && m.role == Role::Leader && m.current_term < term);
        for m in holders {
            let Some(until) = m.lease_until else {
                continue;
            };
            let (id, holder, holder_term) = (obs.id, m.id, m.current_term);
            let message = Localized::new(move || {
                fill(
                tr("S{0} became leader of term {1} while S{2}, leader of term {3}, holds a lease until {4} ms: a lease read there would miss S{0}'s writes"),
                &[&id, &term, &holder, &holder_term, &until],
            )
            });
            let key = (Property::LeaseSafety, term, m.id);
            self.record(ctx, key, vec![m.id, obs.id], vec![], message);
        }
    }

    /// Leader Completeness for a newly elected leader: every entry committed in an earlier term
    /// must be in its log.
    fn check_new_leader(&mut self, ctx: &Ctx<'_>, obs: &NodeObservation<'_>) {
        let Some(mirror) = self.track(obs.id).map(|t| &t.mirror) else {
            return;
        };
        let missing: Vec<(LogIndex, Committed)> = self
            .committed
            .iter()
            .filter(|(_, c)| c.commit_term < obs.current_term)
            .filter(|&(index, c)| lacks(obs, mirror, index, c))
            .map(|(i, &c)| (i, c))
            .collect();
        self.report_missing(ctx, obs, &missing);
    }

    /// Leader Completeness for a sitting leader and the entries committed during this event.
    fn check_leader_holds(&mut self, ctx: &Ctx<'_>, obs: &NodeObservation<'_>, newly: &[LogIndex]) {
        if newly.is_empty() {
            return;
        }
        let Some(mirror) = self.track(obs.id).map(|t| &t.mirror) else {
            return;
        };
        let missing: Vec<(LogIndex, Committed)> = newly
            .iter()
            .filter_map(|&i| self.committed.get(i).map(|c| (i, *c)))
            .filter(|(i, c)| c.commit_term < obs.current_term && lacks(obs, mirror, *i, c))
            .collect();
        self.report_missing(ctx, obs, &missing);
    }

    fn report_missing(
        &mut self,
        ctx: &Ctx<'_>,
        obs: &NodeObservation<'_>,
        missing: &[(LogIndex, Committed)],
    ) {
        let Some((index, first)) = missing.first() else {
            return;
        };
        let entries: Vec<EntryId> = missing
            .iter()
            .take(8)
            .map(|(index, c)| EntryId {
                index: *index,
                term: c.term,
            })
            .collect();
        let (id, term, index) = (obs.id, obs.current_term, *index);
        let (lacked, node, commit_term) = (first.term, first.node, first.commit_term);
        let more = missing.len() - 1;
        let message = Localized::new(move || {
            let values: [&dyn std::fmt::Display; 6] =
                [&id, &term, &index, &lacked, &node, &commit_term];
            match more {
                0 => fill(
                    tr("S{0} is leader of term {1} but lacks entry {2}@{3} that S{4} committed in term {5}"),
                    &values,
                ),
                _ => fill(
                    tr("S{0} is leader of term {1} but lacks entry {2}@{3} that S{4} committed in term {5} (and {6} more)"),
                    &[values.as_slice(), &[&more]].concat(),
                ),
            }
        });
        let key = (Property::LeaderCompleteness, obs.id, obs.current_term);
        self.record(ctx, key, vec![obs.id, first.node], entries, message);
    }

    fn record(
        &mut self,
        ctx: &Ctx<'_>,
        key: (Property, u64, u64),
        mut nodes: Vec<NodeId>,
        entries: Vec<EntryId>,
        message: Localized,
    ) {
        if !self.reported.insert(key) {
            return;
        }
        self.total += 1;
        if self.violations.len() < MAX_KEPT {
            nodes.dedup();
            self.violations.push(Violation {
                property: key.0,
                time_ms: ctx.time_ms,
                event: (ctx.event)(),
                nodes,
                entries,
                message,
            });
        }
    }
}

/// True if the leader's log does not hold the committed entry at `index` (compacted entries
/// count as held: only committed entries are compacted). Read from the checker's copy of the
/// leader's log, synced with it earlier in this observation.
fn lacks(obs: &NodeObservation<'_>, mirror: &LogMirror, index: LogIndex, c: &Committed) -> bool {
    if index < obs.log.first_index() {
        return false;
    }
    mirror.slot(index) != Some((c.term, c.fingerprint))
}
