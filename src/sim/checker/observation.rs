//! What the invariant checker sees of each node after an event.
//!
//! The checker reads a node through [`LogView`] and [`EntryView`], two small traits the simulator
//! implements over the Raft core's log and entries (src/sim/world.rs), so tests can feed it hand-made logs.

/// A server id (`S1` is 1).
pub type NodeId = u64;
/// A Raft term.
pub type Term = u64;
/// A log index (the first real entry is 1).
pub type LogIndex = u64;

/// A node's role, as the Raft core reports it.
pub use crate::raft::Role;

/// A configuration and the log index it came from (§4.1; index 0: the bootstrap list).
pub use crate::raft::ConfigState;

/// A node's log as far as the checker needs it.
pub trait LogView {
    /// The first index still held in the log (1 unless a snapshot compacted the prefix).
    fn first_index(&self) -> LogIndex;
    /// The index of the last entry (0 for an empty log).
    fn last_index(&self) -> LogIndex;
    /// The term and content fingerprint of the entry at `index`, if the log holds it.
    fn entry_at(&self, index: LogIndex) -> Option<(Term, u64)>;
    /// A counter the log bumps on every change, if it keeps one (the core's `Log::revision`).
    /// With one, the checker re-reads only what changed; without, the whole log every event.
    fn revision(&self) -> Option<u64> {
        None
    }
    /// The lowest index a truncation removed since revision `seen` (None: none did); may be
    /// lower than needed, never higher (the core's `Log::lowest_truncation_since`).
    fn lowest_truncation_since(&self, _seen: u64) -> Option<LogIndex> {
        Some(0)
    }
}

/// One log entry as the checker needs it (handed to [`crate::sim::checker::Checker::on_apply`]).
pub trait EntryView {
    fn index(&self) -> LogIndex;
    fn term(&self) -> Term;
    /// A fingerprint of the entry's content: equal entries give equal fingerprints.
    fn fingerprint(&self) -> u64;
}

/// FNV-1a over an entry's content (`None` for a no-op): cheap, stable across targets.
pub fn fingerprint(data: Option<&str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    match data {
        None => eat(0),
        Some(text) => {
            eat(1);
            text.bytes().for_each(&mut eat);
        }
    }
    hash
}

/// One node after an event. Down nodes are skipped except for the persistent term.
#[derive(Clone, Copy)]
pub struct NodeObservation<'a> {
    pub id: NodeId,
    pub up: bool,
    pub role: Role,
    pub current_term: Term,
    pub commit_index: LogIndex,
    pub last_applied: LogIndex,
    /// A leader holding a lease (§6.4.1) right now: the simulated time it runs until.
    pub lease_until: Option<u64>,
    /// The configuration the node uses: the latest in its log (§4.1). `None` if unknown (a
    /// down node: it keeps the one it had).
    pub config: Option<ConfigState>,
    pub log: &'a dyn LogView,
}

/// A log as a plain list of (term, content) pairs, starting at index 1: for tests and for
/// tools that rebuild logs from JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VecLog {
    pub entries: Vec<(Term, Option<String>)>,
}

impl VecLog {
    /// A log of no-ops with the given terms (index 1 first).
    pub fn from_terms(terms: &[Term]) -> Self {
        VecLog {
            entries: terms.iter().map(|&t| (t, None)).collect(),
        }
    }

    /// Appends an entry.
    pub fn push(&mut self, term: Term, data: Option<&str>) {
        self.entries.push((term, data.map(str::to_string)));
    }
}

impl LogView for VecLog {
    fn first_index(&self) -> LogIndex {
        1
    }

    fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    fn entry_at(&self, index: LogIndex) -> Option<(Term, u64)> {
        let i = usize::try_from(index.checked_sub(1)?).ok()?;
        let (term, data) = self.entries.get(i)?;
        Some((*term, fingerprint(data.as_deref())))
    }
}

/// An applied entry given by value (for tests and adapters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppliedEntry {
    pub index: LogIndex,
    pub term: Term,
    pub fingerprint: u64,
}

impl EntryView for AppliedEntry {
    fn index(&self) -> LogIndex {
        self.index
    }

    fn term(&self) -> Term {
        self.term
    }

    fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}
