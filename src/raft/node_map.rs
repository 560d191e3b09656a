//! A small map keyed by node id: a Vec of `(id, value)` pairs kept sorted by id. A cluster has
//! at most `MAX_VOTERS` nodes, so a binary search over a Vec is as fast as a `BTreeMap`, iterates
//! in the same (id) order, and is much smaller in the wasm build.

use super::types::NodeId;

#[derive(Clone, Debug, Default)]
pub struct NodeMap<V> {
    entries: Vec<(NodeId, V)>,
}

impl<V> NodeMap<V> {
    pub fn new() -> Self {
        NodeMap {
            entries: Vec::new(),
        }
    }

    /// The pairs, sorted by id.
    pub fn as_slice(&self) -> &[(NodeId, V)] {
        &self.entries
    }

    pub fn get(&self, id: &NodeId) -> Option<&V> {
        let i = self.entries.binary_search_by_key(id, |e| e.0).ok()?;
        Some(&self.entries[i].1)
    }

    pub fn get_mut(&mut self, id: &NodeId) -> Option<&mut V> {
        let i = self.entries.binary_search_by_key(id, |e| e.0).ok()?;
        Some(&mut self.entries[i].1)
    }

    /// Sets `id`'s value (replacing any earlier one).
    pub fn insert(&mut self, id: NodeId, value: V) {
        match self.entries.binary_search_by_key(&id, |e| e.0) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (id, value)),
        }
    }

    /// `id`'s value, inserting `V::default()` first if there is none.
    pub fn get_or_default(&mut self, id: NodeId) -> &mut V
    where
        V: Default,
    {
        let i = match self.entries.binary_search_by_key(&id, |e| e.0) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (id, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Keeps only the ids for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&NodeId) -> bool) {
        self.entries.retain(|(id, _)| keep(id));
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// `(id, value)` in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&NodeId, &V)> {
        self.entries.iter().map(|(id, v)| (id, v))
    }

    /// The values, in id order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The ids, in order.
    pub fn keys(&self) -> impl Iterator<Item = &NodeId> {
        self.entries.iter().map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The log view keeps a list per server this way (`get_or_default(id).push(..)`): the first
    /// call creates the value, later ones find the same one.
    #[test]
    fn get_or_default_creates_a_value_once_and_keeps_what_is_written() {
        let mut m: NodeMap<Vec<u64>> = NodeMap::new();
        m.get_or_default(3).push(30);
        m.get_or_default(1).push(10);
        m.get_or_default(3).push(31);
        assert_eq!(m.get(&3), Some(&vec![30, 31]));
        assert_eq!(m.as_slice(), &[(1, vec![10]), (3, vec![30, 31])]);
    }

    #[test]
    fn values_and_keys_come_in_id_order_whatever_the_insertion_order() {
        let mut m = NodeMap::new();
        for id in [3, 1, 2] {
            m.insert(id, id * 10);
        }
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![10, 20, 30]);
    }
}
