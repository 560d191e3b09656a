//! Small sets as sorted Vecs: cut links, a leader's unanswered proposals, nodes named in a
//! partition, the values a get returned, the keys a panel shows. They iterate in the same order
//! as a `BTreeSet` would, and cost the wasm build no map code.

/// Adds `x`; false if it was already there.
pub fn insert<T: Ord>(set: &mut Vec<T>, x: T) -> bool {
    match set.binary_search(&x) {
        Ok(_) => false,
        Err(i) => {
            set.insert(i, x);
            true
        }
    }
}

/// Removes `x`; false if it was not there.
pub fn remove<T: Ord>(set: &mut Vec<T>, x: &T) -> bool {
    match set.binary_search(x) {
        Ok(i) => {
            set.remove(i);
            true
        }
        Err(_) => false,
    }
}

pub fn contains<T: Ord>(set: &[T], x: &T) -> bool {
    set.binary_search(x).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_value_once_in_order() {
        let mut set = Vec::new();
        assert!(insert(&mut set, 3));
        assert!(insert(&mut set, 1));
        assert!(!insert(&mut set, 3));
        assert_eq!(set, [1, 3]);
        assert!(contains(&set, &1) && !contains(&set, &2));
        assert!(remove(&mut set, &1));
        assert!(!remove(&mut set, &1));
        assert_eq!(set, [3]);
    }
}
