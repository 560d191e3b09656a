//! Majority arithmetic, computed from the voter list (never from a constant), so that membership
//! changes (§4) only have to change the list.

use super::config::MAX_VOTERS;
use super::node_set::NodeSet;
use super::types::NodeId;

/// How many voters make a majority.
pub fn majority(voter_count: usize) -> usize {
    voter_count / 2 + 1
}

/// The largest value that at least a majority of `voters` have reached, where `value_of` gives
/// each voter's value: e.g. the highest log index stored on a majority (§5.4.2), the latest
/// confirmation round acknowledged by a majority (§6.4), the latest time a majority was heard from
/// (§6.2). Returns `T::default()` for an empty voter list.
pub fn quorum_value<T: Ord + Copy + Default>(
    voters: &[NodeId],
    value_of: impl Fn(NodeId) -> T,
) -> T {
    if voters.is_empty() {
        return T::default();
    }
    // On the stack for any valid configuration: the leader asks this after every reply.
    if voters.len() <= MAX_VOTERS {
        let mut buf = [T::default(); MAX_VOTERS];
        let values = &mut buf[..voters.len()];
        for (slot, &v) in values.iter_mut().zip(voters) {
            *slot = value_of(v);
        }
        return kth_largest(values, majority(voters.len()));
    }
    let mut values: Vec<T> = voters.iter().map(|&v| value_of(v)).collect();
    kth_largest(&mut values, majority(voters.len()))
}

/// The `k`-th largest of `values` (1-based). An ascending sort indexed from the end: it shares
/// the wasm build's one copy of the plain `u64` sort (a reversed comparator would be a new one).
fn kth_largest<T: Ord + Copy>(values: &mut [T], k: usize) -> T {
    values.sort_unstable();
    values[values.len() - k]
}

/// The state of an election or pre-vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteResult {
    Won,
    Lost,
    Pending,
}

/// Counts the answers of `voters` (answers from non-voters are ignored): won once a majority
/// granted, lost once a majority refused.
pub fn vote_result(voters: &[NodeId], granted: &NodeSet, refused: &NodeSet) -> VoteResult {
    let voters: NodeSet = voters.iter().copied().collect();
    let granted = granted.intersection(&voters).len();
    let refused = refused.intersection(&voters).len();
    let need = majority(voters.len());
    if granted >= need {
        VoteResult::Won
    } else if refused >= need {
        VoteResult::Lost
    } else {
        VoteResult::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn majority_of_n() {
        assert_eq!(majority(1), 1);
        assert_eq!(majority(2), 2);
        assert_eq!(majority(3), 2);
        assert_eq!(majority(4), 3);
        assert_eq!(majority(5), 3);
        assert_eq!(majority(9), 5);
    }

    #[test]
    fn quorum_value_is_the_majority_th_largest() {
        let m: BTreeMap<NodeId, u64> = [(1, 9), (2, 3), (3, 7), (4, 1), (5, 5)].into();
        assert_eq!(quorum_value(&[1, 2, 3, 4, 5], |v| m[&v]), 5);
        assert_eq!(quorum_value(&[1, 2, 3], |v| m[&v]), 7);
        assert_eq!(quorum_value(&[1, 2, 3, 4], |v| m[&v]), 3);
        assert_eq!(quorum_value::<u64>(&[], |_| 1), 0);
    }

    /// The stack buffer serves every valid configuration; a longer list (no configuration
    /// allows one, but the function is public) takes the heap and gives the same answer.
    #[test]
    fn quorum_value_holds_at_and_past_the_largest_cluster() {
        for n in [MAX_VOTERS, MAX_VOTERS + 3] {
            let voters: Vec<NodeId> = (1..=n as NodeId).collect();
            // Values n, n-1, ..., 1: a majority has reached n + 1 - majority.
            let got = quorum_value(&voters, |v| n as u64 + 1 - v);
            assert_eq!(got, (n + 1 - majority(n)) as u64, "{n} voters");
        }
    }

    #[test]
    fn votes_win_lose_or_wait() {
        let voters = [1, 2, 3, 4, 5];
        let set = |ids: &[NodeId]| ids.iter().copied().collect::<NodeSet>();
        let none = NodeSet::new();
        assert_eq!(
            vote_result(&voters, &set(&[1, 2]), &none),
            VoteResult::Pending
        );
        // Not a voter: ignored.
        let granted = set(&[1, 2, 9]);
        assert_eq!(vote_result(&voters, &granted, &none), VoteResult::Pending);
        let granted = set(&[1, 2, 3]);
        assert_eq!(vote_result(&voters, &granted, &none), VoteResult::Won);
        let refused = set(&[2, 3, 4]);
        assert_eq!(vote_result(&voters, &set(&[1]), &refused), VoteResult::Lost);
        let refused = set(&[2, 3, 9]);
        assert_eq!(
            vote_result(&voters, &set(&[1]), &refused),
            VoteResult::Pending
        );
    }
}
