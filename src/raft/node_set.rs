//! A set of servers as a bitset: bit `id - 1` for server `id`. Servers are numbered
//! 1..=[`MAX_NODE_ID`] (`Config::validate` holds every id to that), so one `u64` holds any
//! set of them — the votes of a campaign, the voters of a configuration — and counting a
//! set's members inside another set is a single instruction.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

    /// The members of either set.
    pub fn union(&self, other: &NodeSet) -> NodeSet {
        NodeSet(self.0 | other.0)
    }

    /// The members that are not in `other`.
    pub fn minus(&self, other: &NodeSet) -> NodeSet {
        NodeSet(self.0 & !other.0)
    }

    /// "{1,2,3}": the ids in braces, for narration and messages.
    pub fn describe(&self) -> String {
        describe_ids(self.iter())
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

/// A set is written as the list of its ids, in increasing order: `[1, 2, 3]`.
impl Serialize for NodeSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Read from a list of ids; an id outside 1..=[`MAX_NODE_ID`] is an error, not dropped.
impl<'de> Deserialize<'de> for NodeSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids = Vec::<NodeId>::deserialize(deserializer)?;
        if let Some(bad) = ids.iter().find(|id| !(1..=MAX_NODE_ID).contains(*id)) {
            return Err(serde::de::Error::custom(format!(
                "server id {bad} is invalid: servers are numbered 1..={MAX_NODE_ID}"
            )));
        }
        Ok(ids.into_iter().collect())
    }
}

/// "{1,2,3}": server ids in braces, as narration, messages and the drawing write a set.
pub fn describe_ids(ids: impl IntoIterator<Item = NodeId>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("{{{}}}", ids.join(","))
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

    #[test]
    fn union_minus_and_words() {
        let a: NodeSet = [1, 2, 3].into_iter().collect();
        let b: NodeSet = [3, 4].into_iter().collect();
        assert_eq!(a.union(&b).describe(), "{1,2,3,4}");
        assert_eq!(a.minus(&b).describe(), "{1,2}");
        assert_eq!(NodeSet::new().describe(), "{}");
    }

    /// A set travels as a list of ids; a bad id is refused, not silently dropped.
    #[test]
    fn a_set_is_written_as_a_list_of_ids() {
        let a: NodeSet = [3, 1].into_iter().collect();
        assert_eq!(serde_json::to_string(&a).unwrap(), "[1,3]");
        assert_eq!(serde_json::from_str::<NodeSet>("[3,1,3]").unwrap(), a);
        let err = serde_json::from_str::<NodeSet>("[1,65]").unwrap_err();
        assert!(err.to_string().contains("server id 65 is invalid"), "{err}");
        assert!(serde_json::from_str::<NodeSet>("[0]").is_err());
    }
}
