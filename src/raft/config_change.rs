//! Configuration changes on the leader (thesis chapter 4).
//!
//! - **One change at a time (§4.1).** A leader appends a configuration entry only when the one
//!   in force is committed. A single-server change (add or remove one voter, add, promote or
//!   remove a learner) goes straight to C_new: any majority of the old voters overlaps any
//!   majority of the new ones.
//! - **Ongaro's fix** (Diego Ongaro, "bug in single-server membership changes", raft-dev
//!   mailing list, July 2015): a leader appends a configuration entry only after it has
//!   committed an entry of its own term. Without it, a leader elected without an uncommitted
//!   configuration entry of an earlier term can commit a different change, and the two
//!   configurations need not overlap: two leaders in one term, or a committed entry lost. The
//!   quirk `config_change_without_own_term_commit` skips this check.
//! - **Joint consensus (§4.3).** A change of more than one voter appends C_old,new; once that is
//!   committed, the leader appends C_new by itself (etcd's auto-leave). A leader elected in the
//!   joint phase finishes the change the same way once it has committed an entry of its term.
//! - **Removing the leader (§4.2.2).** A leader that is not in C_new keeps leading (replicating,
//!   not counting itself) until C_new is committed, then steps down.
//! - **Progress.** The leader tracks every member of the configuration in force. A server that
//!   leaves keeps receiving entries until the configuration without it is committed, then one
//!   last message saying it is committed, so that it learns it was removed and does not
//!   campaign (its answers count for nothing; until it knows its removal is committed it may
//!   still be needed, and campaigns, §4.2.2).

use super::error::ConfigChangeError;
use super::event::Event;
use super::log::EntryData;
use super::membership::{ConfigChange, ConfigEntry, Membership};
use super::message::{AppendEntries, MessageBody};
use super::progress::PeerProgress;
use super::types::{LogIndex, NodeId, Role};
use super::Node;

impl Node {
    /// Asks the leader to change the configuration. Returns the index of the configuration
    /// entry (C_old,new for a joint change), or why nothing was appended.
    pub fn propose_config_change(
        &mut self,
        now: u64,
        change: ConfigChange,
    ) -> Result<LogIndex, ConfigChangeError> {
        let Some(leadership) = self.leadership() else {
            return Err(ConfigChangeError::NotLeader {
                leader_hint: self.leader_id,
            });
        };
        if let Some(t) = &leadership.transfer {
            return Err(ConfigChangeError::TransferInProgress { target: t.target });
        }
        let in_force = self.conf_state;
        if in_force.index > self.commit_index || in_force.membership.is_joint() {
            return Err(ConfigChangeError::ChangePending {
                index: in_force.index,
            });
        }
        let quirk = self.config.quirks.config_change_without_own_term_commit;
        let before_own_term_commit = !self.committed_in_current_term();
        if before_own_term_commit && !quirk {
            return Err(ConfigChangeError::NotCommittedInTerm {
                term: self.current_term(),
            });
        }
        let membership = in_force.membership.apply(change)?;
        let entry = ConfigEntry { change, membership };
        let index = self.append_to_own_log(EntryData::Config(entry));
        let (node, term) = (self.id(), self.current_term());
        self.emit(Event::ConfigChangeProposed {
            node,
            index,
            term,
            entry,
            before_own_term_commit,
        });
        self.config_appended(now);
        Ok(index)
    }

    /// The leader appended a configuration entry: it is in force at once (§4.1), new members
    /// get a progress, and everyone gets the entry.
    fn config_appended(&mut self, now: u64) {
        self.refresh_config();
        self.sync_peers(now);
        let peers = self.leadership().map(|l| l.peer_ids()).unwrap_or_default();
        for to in peers {
            self.send_append(to);
        }
        self.maybe_commit(now);
    }

    /// Leader: a progress for every other member of the configuration in force; a server that
    /// left keeps its progress until that configuration is committed.
    fn sync_peers(&mut self, now: u64) {
        let me = self.id();
        let members = self.membership().members();
        let committed = self.conf_state.index <= self.commit_index;
        let next = self.log().last_index();
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        for id in members.iter().filter(|&id| id != me) {
            if leadership.peers.get(&id).is_none() {
                leadership.peers.insert(id, PeerProgress::new(next, now));
            }
        }
        if !committed {
            return;
        }
        let leaving: Vec<NodeId> = leadership
            .peer_ids()
            .into_iter()
            .filter(|&id| !members.contains(id))
            .collect();
        for to in leaving {
            self.send_farewell(to);
        }
        if let Some(leadership) = self.leadership_mut() {
            leadership.peers.retain(|&id| members.contains(id));
        }
    }

    /// Leader: the committed configuration in force leaves `to` out. One last AppendEntries
    /// brings it up to that configuration's entry and tells it the entry is committed: a
    /// server left out of an uncommitted configuration still campaigns (§4.2.2), one that knows
    /// its removal is committed does not, and no leader will write to it again. Nothing is
    /// sent to a server too far behind to hold the entry soon: it has not learned it was
    /// removed, the case of §4.2.3.
    fn send_farewell(&mut self, to: NodeId) {
        let index = self.conf_state.index;
        let commit = self.commit_index;
        let max = self.config.max_entries_per_append;
        let Some(leadership) = self.leadership() else {
            return;
        };
        let round = leadership.round;
        let Some(prev_log_index) = leadership.peers.get(&to).map(|p| p.match_index) else {
            return;
        };
        let Some(prev_log_term) = self.log().term(prev_log_index) else {
            return;
        };
        let missing = index.saturating_sub(prev_log_index);
        let entries = self.log().slice(prev_log_index + 1, index, max);
        if entries.len() as u64 != missing {
            return;
        }
        let body = MessageBody::AppendEntries(AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit: commit,
            round,
        });
        self.send(to, body);
    }

    /// After the leader's commit index moved from `from`: narrate a configuration that became
    /// committed, leave the joint phase (§4.3), let go of removed servers, and step down if
    /// this leader is not in the committed configuration (§4.2.2).
    pub(crate) fn after_commit_config(&mut self, now: u64, from: LogIndex) {
        if self.role() != Role::Leader {
            return;
        }
        let in_force = self.conf_state;
        if in_force.index > self.commit_index {
            return;
        }
        if from < in_force.index {
            let node = self.id();
            self.emit(Event::ConfigCommitted {
                node,
                index: in_force.index,
                membership: in_force.membership,
            });
            self.sync_peers(now);
        }
        if in_force.membership.is_joint() && self.committed_in_current_term() {
            self.leave_joint(now);
        } else if !in_force.membership.is_joint() && !self.is_voter(self.id()) {
            self.step_down_removed(in_force.index);
        }
    }

    /// C_old,new is committed: append C_new (etcd's auto-leave).
    fn leave_joint(&mut self, now: u64) {
        let Ok(membership) = self.membership().apply(ConfigChange::LeaveJoint) else {
            return;
        };
        let entry = ConfigEntry {
            change: ConfigChange::LeaveJoint,
            membership,
        };
        let index = self.append_to_own_log(EntryData::Config(entry));
        let (node, voters) = (self.id(), membership.voters);
        self.emit(Event::JointLeaving {
            node,
            index,
            voters,
        });
        self.config_appended(now);
    }

    /// Every other member of the configuration in force, in id order (a new leader's peers),
    /// and, while that configuration is not committed, the members of the one before it: a
    /// server it removes keeps receiving entries until it is committed, as under the leader
    /// that appended it (see [`Node::may_campaign`]).
    pub(crate) fn other_members(&self) -> Vec<NodeId> {
        self.others_in_force_and_before(Membership::members)
    }
}
