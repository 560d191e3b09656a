//! A map from log index to a small value: a plain vector for the dense run of indexes that logs
//! use (one lookup, and a checkpoint copies it in one go), a sorted map for any far-off index
//! (rare).

use super::observation::LogIndex;
use litemap::LiteMap;

/// Indexes further than this past the dense part go to `sparse`.
const MAX_GAP: LogIndex = 1 << 16;

#[derive(Debug, Clone)]
pub(super) struct IndexMap<T> {
    /// `dense[i]` holds index `i`.
    dense: Vec<Option<T>>,
    /// Indexes at or past `dense.len()` (kept so, by moving them in as `dense` grows).
    sparse: LiteMap<LogIndex, T>,
}

impl<T> Default for IndexMap<T> {
    fn default() -> Self {
        IndexMap {
            dense: Vec::new(),
            sparse: LiteMap::new_vec(),
        }
    }
}

impl<T: Copy> IndexMap<T> {
    pub fn get(&self, index: LogIndex) -> Option<&T> {
        match usize::try_from(index).ok().and_then(|i| self.dense.get(i)) {
            Some(slot) => slot.as_ref(),
            None => self.sparse.get(&index),
        }
    }

    pub fn get_mut(&mut self, index: LogIndex) -> Option<&mut T> {
        match usize::try_from(index).ok() {
            Some(i) if i < self.dense.len() => self.dense[i].as_mut(),
            _ => self.sparse.get_mut(&index),
        }
    }

    /// The value at `index`, inserting `value` first if there is none.
    pub fn get_or_insert(&mut self, index: LogIndex, value: T) -> &mut T {
        let len = self.dense.len() as LogIndex;
        if index >= len.saturating_add(MAX_GAP) {
            return self.sparse.entry(index).or_insert(value);
        }
        let i = index as usize;
        if i >= self.dense.len() {
            self.dense.resize(i + 1, None);
            // The far-off indexes the dense part now reaches move in.
            while let Some((&k, &v)) = self.sparse.first().filter(|(&k, _)| k <= index) {
                self.sparse.remove(&k);
                self.dense[k as usize] = Some(v);
            }
        }
        self.dense[i].get_or_insert(value)
    }

    /// Every entry in index order.
    pub fn iter(&self) -> impl Iterator<Item = (LogIndex, &T)> {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_ref().map(|v| (i as LogIndex, v)));
        dense.chain(self.sparse.iter().map(|(k, v)| (*k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_far_indexes_stay_in_order() {
        let mut m = IndexMap::default();
        assert_eq!(*m.get_or_insert(3, 'a'), 'a');
        assert_eq!(*m.get_or_insert(3, 'b'), 'a');
        m.get_or_insert(1 << 40, 'z');
        m.get_or_insert(70_000, 'y'); // far from the dense part: in the tree
        m.get_or_insert(65_000, 'x'); // dense; 70 000 stays in the tree
        m.get_or_insert(100_000, 'w'); // dense now reaches past 70 000, which moves in
        *m.get_mut(70_000).unwrap() = 'Y';
        let all: Vec<(u64, char)> = m.iter().map(|(k, v)| (k, *v)).collect();
        assert_eq!(
            all,
            vec![
                (3, 'a'),
                (65_000, 'x'),
                (70_000, 'Y'),
                (100_000, 'w'),
                (1 << 40, 'z')
            ]
        );
        assert_eq!(m.get(4), None);
        assert_eq!(m.get(1 << 40), Some(&'z'));
    }
}
