//! Whether two configurations can decide apart (thesis §4.1-4.3): a quorum of one and a
//! quorum of the other with no server in common. A quorum of a configuration is a majority of
//! its voters and, in the joint phase C_old,new, a majority of the outgoing voters too.
//!
//! A single-server change, entering C_old,new from C_old and leaving it for C_new always
//! overlap; so do some larger changes (adding two voters to four). This module answers for any
//! pair, by trying every quorum of the first configuration: a configuration has at most
//! `MAX_VOTERS` (9) servers, so at most 512 sets, and the checker asks only when a leader
//! changes its configuration.

use crate::raft::{majority, Membership, NodeSet};

/// More voters than this are not searched (the answer is then "they overlap": the checker
/// stays silent rather than guess). The core allows 9.
const MAX_SEARCHED: usize = 16;

/// A quorum of `a` and a quorum of `b` without a server in common, if there are any: the
/// smallest such pair found.
pub fn disjoint_quorums(a: &Membership, b: &Membership) -> Option<(NodeSet, NodeSet)> {
    let ids: Vec<_> = a.all_voters().iter().collect();
    if ids.len() > MAX_SEARCHED {
        return None;
    }
    let mut best: Option<(NodeSet, NodeSet)> = None;
    for mask in 0u32..(1 << ids.len()) {
        let chosen: NodeSet = ids
            .iter()
            .enumerate()
            .filter(|(bit, _)| mask & (1 << bit) != 0)
            .map(|(_, &id)| id)
            .collect();
        if !is_quorum(a, &chosen) {
            continue;
        }
        let Some(other) = quorum_within(b, &b.all_voters().minus(&chosen)) else {
            continue;
        };
        let size = |(x, y): &(NodeSet, NodeSet)| x.len() + y.len();
        if best
            .as_ref()
            .is_none_or(|pair| size(pair) > chosen.len() + other.len())
        {
            best = Some((chosen, other));
        }
    }
    best
}

/// The voter sets whose majorities a quorum of `m` needs: one, or two in the joint phase.
fn voter_sets(m: &Membership) -> impl Iterator<Item = NodeSet> {
    std::iter::once(m.voters).chain(m.outgoing)
}

fn is_quorum(m: &Membership, chosen: &NodeSet) -> bool {
    voter_sets(m).all(|set| set.intersection(chosen).len() >= majority(set.len()))
}

/// A quorum of `m` made of servers in `allowed` only (the first ids of each voter set).
fn quorum_within(m: &Membership, allowed: &NodeSet) -> Option<NodeSet> {
    let mut quorum = NodeSet::new();
    for set in voter_sets(m) {
        let usable = set.intersection(allowed);
        let need = majority(set.len());
        if usable.len() < need {
            return None;
        }
        usable.iter().take(need).for_each(|id| {
            quorum.insert(id);
        });
    }
    Some(quorum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::{ConfigChange, NodeId};

    fn of(ids: &[NodeId]) -> Membership {
        Membership::with_voters(ids.iter().copied().collect())
    }

    fn overlap(a: &Membership, b: &Membership) -> bool {
        let one = disjoint_quorums(a, b).is_none();
        assert_eq!(one, disjoint_quorums(b, a).is_none(), "symmetric");
        one
    }

    /// §4.1: adding or removing one voter keeps every majority of the old overlapping every
    /// majority of the new.
    #[test]
    fn single_server_changes_overlap() {
        for n in 1..=8 {
            let old: Vec<NodeId> = (1..=n).collect();
            let mut grown = old.clone();
            grown.push(n + 1);
            assert!(overlap(&of(&old), &of(&grown)), "{n} -> {}", n + 1);
            if n > 1 {
                assert!(overlap(&of(&old), &of(&old[1..])), "{n} -> {}", n - 1);
            }
        }
    }

    /// Figure 4.2: switching directly from {1,2,3} to {1,2,3,4,5} lets {1,2} and {3,4,5}
    /// decide apart.
    #[test]
    fn switching_directly_can_split() {
        let (a, b) = disjoint_quorums(&of(&[1, 2, 3]), &of(&[1, 2, 3, 4, 5])).unwrap();
        assert_eq!(
            (a.describe(), b.describe()),
            ("{1,2}".into(), "{3,4,5}".into())
        );
        assert!(!overlap(&of(&[1, 2, 3]), &of(&[1, 4, 5])));
        assert!(overlap(&of(&[1, 2, 3, 4]), &of(&[1, 2, 3, 4, 5, 6])));
    }

    /// §4.3: C_old,new overlaps C_old and C_new, however different they are.
    #[test]
    fn joint_consensus_overlaps_both_ends() {
        let old = of(&[1, 2, 3]);
        let target: NodeSet = [4, 5, 6].into_iter().collect();
        let joint = old.apply(ConfigChange::ChangeVoters(target)).unwrap();
        let new = joint.apply(ConfigChange::LeaveJoint).unwrap();
        assert!(overlap(&old, &joint));
        assert!(overlap(&joint, &new));
        assert!(!overlap(&old, &new));
    }

    #[test]
    fn no_voters_decide_nothing() {
        assert!(overlap(&of(&[]), &of(&[4, 5, 6])));
    }
}
