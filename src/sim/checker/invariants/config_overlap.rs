//! Configuration Overlap (thesis §4.1-4.3): no two configurations in use at the same time can
//! each form a quorum without a server in common.
//!
//! **What "in use" means here.** A server uses the latest configuration in its log (§4.1), so
//! every configuration in some log is in use in a loose sense — but most of them cannot decide
//! anything: a stale server's old configuration, or an uncommitted change a crashed leader left
//! behind, loses every election to the servers that moved on (§5.4.1). Checking every pair of
//! logs would cry wolf on correct runs. What Raft's argument rests on is the leader's side,
//! and that is what is checked, when a sitting leader starts using a new configuration
//! (appends its entry, §4.1):
//!
//! 1. The new configuration must overlap every configuration the leader may still decide with:
//!    the latest one it knows committed and each one it appended after it. With one change at
//!    a time that is just the one before: a single-server change, C_old,new entered from
//!    C_old, or C_new left from C_old,new all pass; a direct jump such as {1,2,3} -> {1,4,5}
//!    does not (Figure 4.2).
//! 2. A leader that has not yet committed an entry of its own term cannot know that a change
//!    from an earlier term, in another server's log and not in its own, is dead (Ongaro's 2015
//!    fix: committing an entry of its term through the old configuration is what kills it). So
//!    then the new configuration must also overlap every configuration some other server uses
//!    that is not in this leader's log. Leaders that obey the fix never get here.
//!
//! Cost: one comparison of configuration indexes per changed leader per event; the quorum
//! search (quorum_overlap.rs) and the scan of the other servers run only when a leader appends
//! a configuration entry.

use super::{Checker, Ctx};
use crate::i18n::{fill, tr, Localized};
use crate::raft::NodeSet;
use crate::sim::checker::observation::{ConfigState, NodeId, NodeObservation, Role, Term};
use crate::sim::checker::quorum_overlap::disjoint_quorums;
use crate::sim::checker::{EntryId, Property};

/// A leader started using a new configuration during the event.
#[derive(Debug, Clone, Copy)]
pub(super) struct ConfigMove {
    node: NodeId,
    term: Term,
    config: ConfigState,
    /// Whether it had committed an entry of its own term (None: unknown, its log is compacted
    /// up to its commit index).
    own_term_committed: Option<bool>,
}

/// A configuration the new one fails to overlap, and a pair of quorums that shows it.
struct Conflict {
    other: ConfigState,
    holder: Option<NodeId>,
    term: Option<Term>,
    quorums: (NodeSet, NodeSet),
}

impl Checker {
    /// Follows the configuration of a node that changed (after `check_node`): a leader's
    /// first one is where it starts; a later one is a move, checked after every node is seen.
    pub(super) fn track_config(
        &mut self,
        obs: &NodeObservation<'_>,
        same_leadership: bool,
        moves: &mut Vec<ConfigMove>,
    ) {
        let Some(config) = obs.config.filter(|_| obs.up) else {
            return;
        };
        let Some(track) = self.track_mut(obs.id) else {
            return;
        };
        let old = track.config.replace(config);
        if obs.role != Role::Leader {
            return;
        }
        let moved = old.map(|o| config.index > o.index);
        if !same_leadership || moved.is_none() {
            track.in_use.clear();
            track.in_use.push(config);
            return;
        }
        if moved == Some(true) {
            let own_term_committed = match obs.commit_index {
                0 => Some(false),
                commit => track
                    .mirror
                    .slot(commit)
                    .map(|(t, _)| t == obs.current_term),
            };
            moves.push(ConfigMove {
                node: obs.id,
                term: obs.current_term,
                config,
                own_term_committed,
            });
        }
    }

    pub(super) fn check_config_moves(&mut self, ctx: &Ctx<'_>, moves: &[ConfigMove]) {
        for m in moves {
            let Some(i) = self.nodes.iter().position(|t| t.id == m.node) else {
                continue;
            };
            let mut in_use = std::mem::take(&mut self.nodes[i].in_use);
            let commit = self.nodes[i].commit;
            if let Some(k) = in_use.iter().rposition(|c| c.index <= commit) {
                in_use.drain(..k);
            }
            let conflict = self
                .conflict_in_use(m, &in_use)
                .or_else(|| self.conflict_elsewhere(m, i));
            in_use.push(m.config);
            self.nodes[i].in_use = in_use;
            if let Some(c) = conflict {
                self.report_overlap(ctx, m, &c);
            }
        }
    }

    /// Rule 1: against the configurations the leader itself may still decide with.
    fn conflict_in_use(&self, m: &ConfigMove, in_use: &[ConfigState]) -> Option<Conflict> {
        in_use.iter().find_map(|&other| {
            let quorums = disjoint_quorums(&m.config.membership, &other.membership)?;
            Some(Conflict {
                other,
                holder: None,
                term: None,
                quorums,
            })
        })
    }

    /// Rule 2: before an entry of its term is committed, against every configuration another
    /// server uses that is not in the leader's log (compacted entries were committed: skipped).
    fn conflict_elsewhere(&self, m: &ConfigMove, leader: usize) -> Option<Conflict> {
        if m.own_term_committed != Some(false) {
            return None;
        }
        let mirror = &self.nodes[leader].mirror;
        self.nodes.iter().filter(|t| t.id != m.node).find_map(|t| {
            let other = t.config.filter(|c| c.index > 0)?;
            let entry = t.mirror.slot(other.index)?;
            let in_leaders_log = match mirror.slot(other.index) {
                Some(mine) => mine == entry,
                None => other.index <= mirror.last_index(),
            };
            if in_leaders_log {
                return None;
            }
            let quorums = disjoint_quorums(&m.config.membership, &other.membership)?;
            Some(Conflict {
                other,
                holder: Some(t.id),
                term: Some(entry.0),
                quorums,
            })
        })
    }

    fn report_overlap(&mut self, ctx: &Ctx<'_>, m: &ConfigMove, c: &Conflict) {
        let (new, other) = (m.config, c.other);
        let (node, term, holder, (mine, theirs)) = (m.node, m.term, c.holder, c.quorums);
        let message = Localized::new(move || {
            let (mine, theirs) = (mine.describe(), theirs.describe());
            let (now_uses, still_uses) = (new.membership.describe(), other.membership.describe());
            match holder {
                None => fill(
                    tr("S{0}, leader of term {1}, started using {2} (index {3}) while it still uses {4} (index {5}): quorums {6} of the one and {7} of the other share no server"),
                    &[&node, &term, &now_uses, &new.index, &still_uses, &other.index, &mine, &theirs],
                ),
                Some(holder) => fill(
                    tr("S{0}, leader of term {1}, started using {2} (index {3}) before committing an entry of its term, while S{4} uses {5} (index {6}), which S{0}'s log lacks: quorums {7} of the one and {8} of the other share no server (the bug Ongaro reported in 2015)"),
                    &[&node, &term, &now_uses, &new.index, &holder, &still_uses, &other.index, &mine, &theirs],
                ),
            }
        });
        let mut entries = vec![EntryId {
            index: new.index,
            term: m.term,
        }];
        let other_term = c.term.or_else(|| {
            let track = self.track(m.node)?;
            track.mirror.slot(other.index).map(|(t, _)| t)
        });
        if let (Some(term), true) = (other_term, other.index > 0) {
            entries.push(EntryId {
                index: other.index,
                term,
            });
        }
        let mut nodes = vec![m.node];
        nodes.extend(c.holder);
        let key = (Property::ConfigurationOverlap, m.term, new.index);
        self.record(ctx, key, nodes, entries, message);
    }
}
