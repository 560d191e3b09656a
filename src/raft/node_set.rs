//! A set of servers as a bitset: bit `id - 1` for server `id`. Servers are numbered
//! 1..=[`MAX_NODE_ID`] (`Config::validate` holds every id to that), so one `u64` holds any
//! set of them — the votes of a campaign, the voters of a configuration — and counting a
//! set's members inside another set is a single instruction.

use super::types::NodeId;

/// The largest server id.
pub const MAX_NODE_ID: NodeId = 64;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NodeSet(u64);

impl NodeSet {
    pub const fn new() -> NodeSet {
        NodeSet(0)
    }

    fn bit(id: NodeId) -> u64 {
        match id {
            1..=MAX_NODE_ID => 1 << (id - 1),
            _ => 0,
        }
    }

    /// Adds `id`; false if it was there already or is not a valid server id.
    pub fn insert(&mut self, id: NodeId) -> bool {
        let bit = NodeSet::bit(id);
        let added = bit != 0 && self.0 & bit == 0;
        self.0 |= bit;
        added
    }

    /// Removes `id`; false if it was not there.
    pub fn remove(&mut self, id: NodeId) -> bool {
        let bit = NodeSet::bit(id);
        let removed = self.0 & bit != 0;
        self.0 &= !bit;
        removed
    }

    pub fn contains(&self, id: NodeId) -> bool {
        self.0 & NodeSet::bit(id) != 0
    }

    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The members that are also in `other`.
    pub fn intersection(&self, other: &NodeSet) -> NodeSet {
        NodeSet(self.0 & other.0)
    }

    /// The ids, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = NodeId> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let id = NodeId::from(bits.trailing_zeros()) + 1;
            bits &= bits - 1;
            Some(id)
        })
    }
}

impl FromIterator<NodeId> for NodeSet {
    fn from_iter<I: IntoIterator<Item = NodeId>>(ids: I) -> NodeSet {
        let mut set = NodeSet::new();
        for id in ids {
            set.insert(id);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_each_id_once_in_order() {
        let mut s = NodeSet::new();
        assert!(s.insert(3) && s.insert(1) && s.insert(MAX_NODE_ID));
        assert!(!s.insert(3), "already there");
        assert!(!s.insert(0) && !s.insert(MAX_NODE_ID + 1), "not server ids");
        assert_eq!(s.iter().collect::<Vec<_>>(), [1, 3, MAX_NODE_ID]);
        assert_eq!(s.len(), 3);
        assert!(s.contains(1) && !s.contains(2) && !s.contains(0));
        assert!(s.remove(1) && !s.remove(1));
        let voters: NodeSet = [2, 3, 4].into_iter().collect();
        assert_eq!(s.intersection(&voters).iter().collect::<Vec<_>>(), [3]);
        assert!(NodeSet::new().is_empty());
        assert!(!s.is_empty(), "{s:?} has members");
    }
}
