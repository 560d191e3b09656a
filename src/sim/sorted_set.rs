//! `SortedSet`: the set type of the simulator and the UI, for small sets (cut links, a leader's
//! unanswered proposals, the nodes named in a partition, the values a get returned, the keys a
//! panel shows).
//!
//! It iterates in order, as a `BTreeSet` would, so where the order is observable (the state
//! JSON, the trace hash) it is the values' own. It is a `litemap::LiteMap` with no values, the
//! type the small maps of the simulator and the UI use: a sorted `Vec` underneath, so no B-tree
//! code per key type in the wasm build (docs/size.md, "Collections"), and no site keeps a `Vec`
//! sorted by hand (issue 11).

use litemap::LiteMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSet<T>(LiteMap<T, ()>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(LiteMap::new_vec())
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `x`; false if it was already there.
    pub fn insert(&mut self, x: T) -> bool {
        self.0.try_insert(x, ()).is_none()
    }

    /// Removes `x`; false if it was not there.
    pub fn remove(&mut self, x: &T) -> bool {
        self.0.remove(x).is_some()
    }

    pub fn contains(&self, x: &T) -> bool {
        self.0.contains_key(x)
    }

    /// The values in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.0.keys()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps only the values `keep` holds true for.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|x, ()| keep(x));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_value_once_in_order() {
        let mut set = SortedSet::new();
        assert!(set.insert(3));
        assert!(set.insert(1));
        assert!(!set.insert(3));
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), [1, 3]);
        assert!(set.contains(&1) && !set.contains(&2));
        assert!(set.remove(&1));
        assert!(!set.remove(&1));
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), [3]);
        set.insert(4);
        set.retain(|&x| x > 3);
        assert_eq!((set.len(), set.contains(&4)), (1, true));
        set.clear();
        assert!(set.is_empty());
    }
}
