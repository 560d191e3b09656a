//! Which configuration a server uses (thesis §4.1).
//!
//! **Rule: a server uses the latest configuration in its log, as soon as the entry is there,
//! committed or not.** A configuration entry that a truncation removes (§5.3: it conflicted
//! with the leader's log) takes its configuration with it: the server goes back to the latest
//! configuration still in its log, else the one its snapshot carries (§7), else the bootstrap
//! list `Config::voters`. This is the thesis's rule, not etcd's (etcd switches once the entry is
//! applied): with it a leader counts the new servers from the moment it appends the entry, and
//! the single-server argument (any majority of C_old overlaps any majority of C_new) covers
//! every decision either configuration can make.
//!
//! The configuration in force is therefore a function of the log alone; [`Node::refresh_config`]
//! recomputes it whenever the log changes in a way that can change it (entries appended that
//! carry a configuration, a truncation, a snapshot installed) and narrates the change.

use super::event::Event;
use super::membership::{ConfigState, Membership};
use super::node_set::NodeSet;
use super::types::{LogIndex, NodeId};
use super::Node;

impl Node {
    /// The configuration the log (or snapshot, or bootstrap list) puts in force now.
    fn config_from_log(&self) -> ConfigState {
        self.persistent
            .log
            .latest_config()
            .unwrap_or_else(|| ConfigState::bootstrap(&self.config.voters))
    }

    /// The configuration in force at `index` (for a snapshot up to there, §7).
    pub(crate) fn config_at(&self, index: LogIndex) -> ConfigState {
        self.persistent
            .log
            .latest_config_at(index)
            .unwrap_or_else(|| ConfigState::bootstrap(&self.config.voters))
    }

    /// Whether this server starts elections (§4.2.2): a voter of the configuration in force, or
    /// a voter of the one before it while that configuration, which leaves it out, is not known
    /// to be committed here. "A server that is not part of its own latest configuration should
    /// still start new elections, as it might still be needed until the C_new entry is
    /// committed" (Figure 4.6: only it may hold C_new and a log no other voter's beats). Its own
    /// vote counts only where it is a voter: campaigns count the configuration in force.
    /// Learners and servers that never were voters do not campaign.
    pub(crate) fn may_campaign(&self) -> bool {
        let (me, in_force) = (self.id(), self.conf_state);
        if in_force.membership.is_voter(me) {
            return true;
        }
        // index > commit_index >= 0, so index >= 1.
        in_force.index > self.commit_index
            && self.config_at(in_force.index - 1).membership.is_voter(me)
    }

    /// Who a candidate asks for votes: the other voters of its configuration in force and,
    /// while that configuration is not committed here, those of the one before it. Only the
    /// first count ([`Membership::vote_result`]); the others hear the campaign to learn its term
    /// (§5.1). They are the servers [`Node::may_campaign`] lets campaign though the uncommitted
    /// configuration leaves them out (§4.2.2): one that never heard the terms the remaining
    /// voters raise keeps campaigning in terms they have already voted in, and an election
    /// that needs it waits for two of its timeouts to fall within one of theirs (chaos seed
    /// 1749, tests/regressions/chaos-1749-removed-server-term.jsonl).
    pub(crate) fn campaign_peers(&self) -> Vec<NodeId> {
        self.others_in_force_and_before(Membership::all_voters)
    }

    /// The other servers `pick` takes from the configuration in force and, while it is not
    /// committed here, from the one before it, in id order.
    pub(crate) fn others_in_force_and_before(
        &self,
        pick: fn(&Membership) -> NodeSet,
    ) -> Vec<NodeId> {
        let (me, in_force) = (self.id(), self.conf_state);
        let mut ids = pick(&in_force.membership);
        if in_force.index > self.commit_index {
            ids = ids.union(&pick(&self.config_at(in_force.index - 1).membership));
        }
        ids.iter().filter(|&id| id != me).collect()
    }

    /// Puts the log's configuration in force (§4.1); returns whether it changed. A
    /// configuration of a lower index than before means a truncation took the newer one away.
    pub(crate) fn refresh_config(&mut self) -> bool {
        let new = self.config_from_log();
        let old = std::mem::replace(&mut self.conf_state, new);
        if new == old {
            return false;
        }
        let node = self.id();
        let (index, membership) = (new.index, new.membership);
        if new.index < old.index {
            self.emit(Event::ConfigReverted {
                node,
                index,
                membership,
                discarded: old.index,
            });
        } else {
            self.emit(Event::ConfigAdopted {
                node,
                index,
                membership,
            });
        }
        true
    }
}
