//! A configuration as data (§4): who votes, who only learns, and — in the joint phase
//! C_old,new of §4.3 — both voter sets. Configuration entries in the log carry one whole
//! [`Membership`] (plus the change that produced it, for the narration); a snapshot carries the
//! one in force at its index (etcd's `SnapshotMetadata.conf_state`).
//!
//! The quorum arithmetic of a joint configuration lives here: every decision (a vote, a commit,
//! a confirmed read round, CheckQuorum) needs a majority of `voters` AND, in the joint phase, a
//! majority of `outgoing` (etcd's `JointConfig`). Learners never count.
//!
//! [`Membership::apply`] checks a requested change against the configuration and gives the one
//! it leads to; the leader's rules for *when* a change may be proposed (one at a time, after an
//! entry of its own term is committed) are in `config_change.rs`.

use serde::{Deserialize, Serialize};

use super::config::MAX_VOTERS;
use super::error::ConfigChangeError;
use super::node_set::{NodeSet, MAX_NODE_ID};
use super::quorum::{quorum_value, vote_result, VoteResult};
use super::types::{server_name as s, LogIndex, NodeId};
use crate::i18n::{fill, tr};

/// A configuration: voters and learners; in the joint phase also the outgoing voters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Membership {
    /// The voters (in the joint phase: C_new, the incoming voters).
    pub voters: NodeSet,
    /// In the joint phase C_old,new (§4.3): C_old, the outgoing voters. None otherwise.
    pub outgoing: Option<NodeSet>,
    /// Servers that receive the log but never vote, never count for a quorum and never
    /// campaign (etcd's learners; thesis §4.2.1 "catching up new servers"). Disjoint from
    /// the voters of both sets.
    pub learners: NodeSet,
}

/// A change a leader may be asked to make. A change of one voter (or a learner) is a
/// single-server change (§4.1); [`ConfigChange::ChangeVoters`] with more than one voter
/// changed goes through joint consensus (§4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigChange {
    /// A new server joins as a voter.
    AddVoter(NodeId),
    /// A new server joins as a learner: it catches up without counting (§4.2.1).
    AddLearner(NodeId),
    /// A learner becomes a voter.
    Promote(NodeId),
    /// A voter or learner leaves the configuration.
    Remove(NodeId),
    /// The voters become exactly this set: through C_old,new when more than one voter changes.
    /// Learners named here are promoted; other learners stay learners. (A [`NodeSet`] holds
    /// valid ids only: whoever builds it from a person's list checks the ids.)
    ChangeVoters(NodeSet),
    /// C_new after a committed C_old,new: the leader appends it by itself (etcd's auto-leave).
    LeaveJoint,
}

/// What a configuration entry carries: the configuration it puts in force, and the change that
/// produced it (for people; the configuration alone decides).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigEntry {
    pub change: ConfigChange,
    pub membership: Membership,
}

/// The configuration a server uses and the index of the log entry it came from (0: the
/// bootstrap configuration, `Config::voters`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigState {
    pub membership: Membership,
    pub index: LogIndex,
}

impl ConfigState {
    /// The bootstrap configuration: these voters, no learners, from before any entry.
    pub fn bootstrap(voters: &[NodeId]) -> ConfigState {
        ConfigState {
            membership: Membership::with_voters(voters.iter().copied().collect()),
            index: 0,
        }
    }
}

impl Membership {
    /// A configuration of these voters and no learners.
    pub fn with_voters(voters: NodeSet) -> Membership {
        Membership {
            voters,
            outgoing: None,
            learners: NodeSet::new(),
        }
    }

    /// In the joint phase C_old,new?
    pub fn is_joint(&self) -> bool {
        self.outgoing.is_some()
    }

    /// Every server whose vote counts: the voters of both sets in the joint phase.
    pub fn all_voters(&self) -> NodeSet {
        self.voters.union(&self.outgoing.unwrap_or_default())
    }

    /// Every server in the configuration, learners included.
    pub fn members(&self) -> NodeSet {
        self.all_voters().union(&self.learners)
    }

    pub fn is_voter(&self, id: NodeId) -> bool {
        self.all_voters().contains(id)
    }

    pub fn is_learner(&self, id: NodeId) -> bool {
        self.learners.contains(id)
    }

    pub fn is_member(&self, id: NodeId) -> bool {
        self.members().contains(id)
    }

    /// The largest value a quorum has reached (see [`quorum_value`]): in the joint phase the
    /// smaller of the two sets' answers, so that both majorities have reached it (§4.3).
    pub fn quorum_value<T: Ord + Copy + Default>(&self, value_of: impl Fn(NodeId) -> T) -> T {
        let incoming = quorum_value_in(self.voters, &value_of);
        match self.outgoing {
            Some(old) => incoming.min(quorum_value_in(old, &value_of)),
            None => incoming,
        }
    }

    /// An election's state: won once both majorities granted, lost once either refused (§4.3).
    pub fn vote_result(&self, granted: &NodeSet, refused: &NodeSet) -> VoteResult {
        let result = |set: NodeSet| {
            let ids: Vec<NodeId> = set.iter().collect();
            vote_result(&ids, granted, refused)
        };
        let incoming = result(self.voters);
        let outgoing = self.outgoing.map_or(VoteResult::Won, result);
        match (incoming, outgoing) {
            (VoteResult::Won, VoteResult::Won) => VoteResult::Won,
            (VoteResult::Lost, _) | (_, VoteResult::Lost) => VoteResult::Lost,
            _ => VoteResult::Pending,
        }
    }

    /// The configuration `change` leads to, or why it cannot be made from this one. Checks the
    /// change itself only (ids, membership, sizes); whether a change may be proposed now is
    /// the leader's business (`config_change.rs`).
    pub fn apply(&self, change: ConfigChange) -> Result<Membership, ConfigChangeError> {
        let mut next = *self;
        match change {
            ConfigChange::LeaveJoint => {
                if !self.is_joint() {
                    return Err(ConfigChangeError::NotJoint);
                }
                next.outgoing = None;
                return Ok(next);
            }
            ConfigChange::AddVoter(id) | ConfigChange::AddLearner(id) => {
                self.check_new(id)?;
                if matches!(change, ConfigChange::AddVoter(_)) {
                    next.voters.insert(id);
                } else {
                    next.learners.insert(id);
                }
            }
            ConfigChange::Promote(id) => {
                check_id(id)?;
                if self.is_voter(id) {
                    return Err(ConfigChangeError::AlreadyVoter(id));
                }
                if !next.learners.remove(id) {
                    return Err(ConfigChangeError::NotAMember(id));
                }
                next.voters.insert(id);
            }
            ConfigChange::Remove(id) => {
                check_id(id)?;
                if !self.is_member(id) {
                    return Err(ConfigChangeError::NotAMember(id));
                }
                if self.voters.contains(id) && self.voters.len() == 1 {
                    return Err(ConfigChangeError::LastVoter(id));
                }
                next.voters.remove(id);
                next.learners.remove(id);
            }
            ConfigChange::ChangeVoters(target) => return self.change_voters(target),
        }
        next.check_size()?;
        Ok(next)
    }

    /// The voters become `target`: directly when at most one voter changes (§4.1), else through
    /// C_old,new (§4.3). Learners named in `target` are promoted.
    fn change_voters(&self, target: NodeSet) -> Result<Membership, ConfigChangeError> {
        if target.is_empty() {
            return Err(ConfigChangeError::NoVoters);
        }
        let changed = target
            .minus(&self.voters)
            .union(&self.voters.minus(&target));
        if changed.is_empty() {
            return Err(ConfigChangeError::NoChange(target.describe()));
        }
        let next = Membership {
            voters: target,
            outgoing: (changed.len() > 1).then_some(self.voters),
            learners: self.learners.minus(&target),
        };
        next.check_size()?;
        Ok(next)
    }

    /// A server added must be a valid id and not already in the configuration.
    fn check_new(&self, id: NodeId) -> Result<(), ConfigChangeError> {
        check_id(id)?;
        if self.is_voter(id) {
            return Err(ConfigChangeError::AlreadyVoter(id));
        }
        if self.is_learner(id) {
            return Err(ConfigChangeError::AlreadyLearner(id));
        }
        Ok(())
    }

    /// At most [`MAX_VOTERS`] servers in a configuration (the largest cluster a playground
    /// shows), learners included, and both voter sets together in the joint phase.
    fn check_size(&self) -> Result<(), ConfigChangeError> {
        let count = self.members().len();
        if count > MAX_VOTERS {
            return Err(ConfigChangeError::TooManyMembers {
                count,
                max: MAX_VOTERS,
            });
        }
        Ok(())
    }

    /// "voters {1,2,3}", "voters {1,2,3}, learners {7}", "voters {1,2,3} and {1,2,6} (joint)".
    pub fn describe(&self) -> String {
        let voters = match self.outgoing {
            Some(old) => fill(
                tr("voters {0} and {1} (joint)"),
                &[&old.describe(), &self.voters.describe()],
            ),
            None => fill(tr("voters {0}"), &[&self.voters.describe()]),
        };
        if self.learners.is_empty() {
            voters
        } else {
            fill(
                tr("{0}, learners {1}"),
                &[&voters, &self.learners.describe()],
            )
        }
    }
}

impl ConfigEntry {
    /// The entry in a few words: "add S6", "remove S2", "promote S7", "add S7 as learner",
    /// "voters {1,2,3} → {1,2,6}" (C_old,new), "C_new: voters {1,2,6}" (leaving the joint phase).
    pub fn describe(&self) -> String {
        match self.change {
            ConfigChange::AddVoter(id) => fill(tr("add {0}"), &[&s(id)]),
            ConfigChange::AddLearner(id) => fill(tr("add {0} as learner"), &[&s(id)]),
            ConfigChange::Promote(id) => fill(tr("promote {0}"), &[&s(id)]),
            ConfigChange::Remove(id) => fill(tr("remove {0}"), &[&s(id)]),
            ConfigChange::ChangeVoters(to) => match self.membership.outgoing {
                Some(from) => fill(tr("voters {0} → {1}"), &[&from.describe(), &to.describe()]),
                None => fill(tr("voters → {0}"), &[&to.describe()]),
            },
            ConfigChange::LeaveJoint => fill(
                tr("C_new: voters {0}"),
                &[&self.membership.voters.describe()],
            ),
        }
    }
}

fn check_id(id: NodeId) -> Result<(), ConfigChangeError> {
    if (1..=MAX_NODE_ID).contains(&id) {
        Ok(())
    } else {
        Err(ConfigChangeError::InvalidId(id))
    }
}

/// [`quorum_value`] over a set, without allocating (a set holds at most `MAX_NODE_ID` ids).
fn quorum_value_in<T: Ord + Copy + Default>(set: NodeSet, value_of: impl Fn(NodeId) -> T) -> T {
    let mut ids = [0; MAX_NODE_ID as usize];
    let mut n = 0;
    for id in set.iter() {
        ids[n] = id;
        n += 1;
    }
    quorum_value(&ids[..n], value_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[NodeId]) -> NodeSet {
        ids.iter().copied().collect()
    }

    fn of(voters: &[NodeId]) -> Membership {
        Membership::with_voters(set(voters))
    }

    #[test]
    fn single_server_changes() {
        let m = of(&[1, 2, 3]);
        assert_eq!(
            m.apply(ConfigChange::AddVoter(4)).unwrap(),
            of(&[1, 2, 3, 4])
        );
        let with_learner = m.apply(ConfigChange::AddLearner(7)).unwrap();
        assert_eq!(with_learner.describe(), "voters {1,2,3}, learners {7}");
        let promoted = with_learner.apply(ConfigChange::Promote(7)).unwrap();
        assert_eq!(promoted, of(&[1, 2, 3, 7]));
        assert_eq!(m.apply(ConfigChange::Remove(2)).unwrap(), of(&[1, 3]));
        let no_learner = with_learner.apply(ConfigChange::Remove(7)).unwrap();
        assert_eq!(no_learner, m);
    }

    #[test]
    fn bad_changes_say_what_is_wrong() {
        let m = of(&[1, 2, 3]).apply(ConfigChange::AddLearner(7)).unwrap();
        use ConfigChangeError as E;
        assert_eq!(m.apply(ConfigChange::AddVoter(2)), Err(E::AlreadyVoter(2)));
        assert_eq!(
            m.apply(ConfigChange::AddVoter(7)),
            Err(E::AlreadyLearner(7))
        );
        assert_eq!(m.apply(ConfigChange::AddLearner(0)), Err(E::InvalidId(0)));
        assert_eq!(m.apply(ConfigChange::AddVoter(65)), Err(E::InvalidId(65)));
        assert_eq!(m.apply(ConfigChange::Remove(5)), Err(E::NotAMember(5)));
        assert_eq!(m.apply(ConfigChange::Promote(2)), Err(E::AlreadyVoter(2)));
        assert_eq!(m.apply(ConfigChange::Promote(5)), Err(E::NotAMember(5)));
        assert_eq!(m.apply(ConfigChange::LeaveJoint), Err(E::NotJoint));
        assert_eq!(
            of(&[1]).apply(ConfigChange::Remove(1)),
            Err(E::LastVoter(1))
        );
        let nine = of(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(
            nine.apply(ConfigChange::AddLearner(10)),
            Err(E::TooManyMembers { count: 10, max: 9 })
        );
        let to = |ids: &[NodeId]| ConfigChange::ChangeVoters(set(ids));
        assert_eq!(m.apply(to(&[])), Err(E::NoVoters));
        assert_eq!(m.apply(to(&[3, 2, 1])), Err(E::NoChange("{1,2,3}".into())));
        let err = m.apply(ConfigChange::Remove(70)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "server id 70 is invalid: servers are numbered 1..=64"
        );
    }

    /// §4.3: more than one voter changed goes through C_old,new; one voter is a plain change.
    #[test]
    fn changing_several_voters_is_joint() {
        let m = of(&[1, 2, 3]).apply(ConfigChange::AddLearner(6)).unwrap();
        let joint = m
            .apply(ConfigChange::ChangeVoters(set(&[1, 2, 6, 7])))
            .unwrap();
        assert_eq!(joint.outgoing, Some(set(&[1, 2, 3])));
        assert_eq!(joint.voters, set(&[1, 2, 6, 7]));
        assert!(joint.learners.is_empty(), "S6 is promoted");
        assert_eq!(joint.describe(), "voters {1,2,3} and {1,2,6,7} (joint)");
        let entry = ConfigEntry {
            change: ConfigChange::ChangeVoters(set(&[1, 2, 6, 7])),
            membership: joint,
        };
        assert_eq!(entry.describe(), "voters {1,2,3} → {1,2,6,7}");
        let new = joint.apply(ConfigChange::LeaveJoint).unwrap();
        assert_eq!(new, of(&[1, 2, 6, 7]));
        let single = of(&[1, 2, 3]).apply(ConfigChange::ChangeVoters(set(&[1, 2])));
        assert_eq!(single.unwrap(), of(&[1, 2]));
    }

    /// §4.3: in the joint phase a value is reached only when a majority of each set has it.
    #[test]
    fn joint_quorums_need_both_majorities() {
        let joint = Membership {
            voters: set(&[1, 2, 6]),
            outgoing: Some(set(&[1, 2, 3])),
            learners: set(&[9]),
        };
        // S1 and S6 have 5, the rest 0: a majority of {1,2,6} but not of {1,2,3}.
        let value = |id: NodeId| if id == 1 || id == 6 { 5 } else { 0 };
        assert_eq!(joint.quorum_value(value), 0);
        assert_eq!(of(&[1, 2, 6]).quorum_value(value), 5);
        let value = |id: NodeId| if id <= 2 || id == 9 { 5 } else { 0 };
        assert_eq!(joint.quorum_value(value), 5, "S1 and S2 are in both");
        // Votes: both majorities win; either majority refusing loses.
        let granted = set(&[1, 6]);
        assert_eq!(joint.vote_result(&granted, &set(&[])), VoteResult::Pending);
        assert_eq!(joint.vote_result(&set(&[1, 2]), &set(&[])), VoteResult::Won);
        assert_eq!(
            joint.vote_result(&set(&[1]), &set(&[2, 3])),
            VoteResult::Lost
        );
        // A learner's vote counts for nothing.
        assert_eq!(
            joint.vote_result(&set(&[1, 9]), &set(&[])),
            VoteResult::Pending
        );
    }

    #[test]
    fn entries_say_what_they_change() {
        let m = of(&[1, 2, 3]);
        let text = |change| {
            let membership = m.apply(change).unwrap_or(m);
            ConfigEntry { change, membership }.describe()
        };
        assert_eq!(text(ConfigChange::AddVoter(6)), "add S6");
        assert_eq!(text(ConfigChange::Remove(2)), "remove S2");
        assert_eq!(text(ConfigChange::AddLearner(7)), "add S7 as learner");
        assert_eq!(text(ConfigChange::Promote(7)), "promote S7");
        assert_eq!(text(ConfigChange::LeaveJoint), "C_new: voters {1,2,3}");
    }

    #[test]
    fn a_configuration_round_trips_through_json() {
        let joint = of(&[1, 2, 3])
            .apply(ConfigChange::ChangeVoters(set(&[1, 4, 5])))
            .unwrap();
        let entry = ConfigEntry {
            change: ConfigChange::ChangeVoters(set(&[1, 4, 5])),
            membership: joint,
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            json,
            r#"{"change":{"change_voters":[1,4,5]},"membership":{"voters":[1,4,5],"outgoing":[1,2,3],"learners":[]}}"#
        );
        assert_eq!(serde_json::from_str::<ConfigEntry>(&json).unwrap(), entry);
    }
}
