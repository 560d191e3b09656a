//! A set of `(u64, u64)` pairs as a sorted Vec: the simulator's few small pair sets (cut links,
//! a leader's unanswered proposals) iterate in the same order as a `BTreeSet` would, and cost the
//! wasm build no map code.

/// Adds `x`; false if it was already there.
pub(crate) fn insert(set: &mut Vec<(u64, u64)>, x: (u64, u64)) -> bool {
    match set.binary_search(&x) {
        Ok(_) => false,
        Err(i) => {
            set.insert(i, x);
            true
        }
    }
}

/// Removes `x`; false if it was not there.
pub(crate) fn remove(set: &mut Vec<(u64, u64)>, x: &(u64, u64)) -> bool {
    match set.binary_search(x) {
        Ok(i) => {
            set.remove(i);
            true
        }
        Err(_) => false,
    }
}

pub(crate) fn contains(set: &[(u64, u64)], x: &(u64, u64)) -> bool {
    set.binary_search(x).is_ok()
}
