//! The fingerprint the invariant checker compares log entries by.

use crate::raft::EntryData;

/// What the checker compares entries by. Not the checker's byte-wise FNV: the checker
/// fingerprints several entries per node after every event, which makes this the simulator's
/// hottest loop. Words are mixed with independent multiplications (they pipeline), then the
/// sum is scrambled once; only equality matters, and both sides use this function.
pub(crate) fn entry_fingerprint(data: &EntryData) -> u64 {
    match data {
        EntryData::Command(c) => bytes_fingerprint(c.as_bytes()),
        EntryData::Noop => 0,
        // Rare (a membership change): its debug text is fingerprint enough.
        EntryData::Config(c) => bytes_fingerprint(format!("config {c:?}").as_bytes()),
    }
}

fn bytes_fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut lane = 1u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h ^= (u64::from_le_bytes(word) ^ lane).wrapping_mul(K);
        lane = lane.wrapping_add(0x2545_f491);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h ^= (u64::from_le_bytes(last) ^ lane).wrapping_mul(K);
    (h ^ (h >> 29)).wrapping_mul(K) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_entries_apart() {
        let fp = |s: &str| entry_fingerprint(&EntryData::Command(s.into()));
        let a = fp("C1#1 put \"x\" \"1\"");
        assert_eq!(a, fp("C1#1 put \"x\" \"1\""));
        assert_ne!(a, fp("C1#1 put \"x\" \"2\""));
        assert_ne!(fp("abcdefgh12345678"), fp("12345678abcdefgh"));
        assert_ne!(fp("ab"), fp("ab\0"));
        assert_ne!(fp(""), entry_fingerprint(&EntryData::Noop));
    }
}
