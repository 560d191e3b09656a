//! Safety checkers: the Raft invariants and linearizability of the client history.
//!
//! [`Checker`] watches the cluster after every event (see [`Checker::observe`]);
//! [`linearizability::check_history`] searches the client history. Every property is named in
//! [`Property::ALL`] so a UI can list them with a tick each.

mod index_map;
pub mod invariants;
pub mod linearizability;
pub mod live;
mod log_mirror;
pub mod observation;
pub mod quorum_overlap;

use crate::i18n::Localized;
use serde::{Serialize, Serializer};

pub use invariants::{Checker, CheckerReport};
pub use live::LiveLinearizability;
pub use observation::{
    fingerprint, AppliedEntry, ConfigState, EntryView, LogIndex, LogView, NodeId, NodeObservation,
    Role, Term, VecLog,
};

/// A named safety property (Raft paper Figure 3, plus the simulator's own sanity rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    ElectionSafety,
    LeaderAppendOnly,
    LogMatching,
    LeaderCompleteness,
    StateMachineSafety,
    MonotonicTerm,
    MonotonicCommit,
    MonotonicApplied,
    CommitWithinLog,
    LeaseSafety,
    ConfigurationOverlap,
    Linearizability,
}

impl Property {
    /// Every property, in the order a safety panel lists them.
    pub const ALL: [Property; 12] = [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
        Property::LeaderCompleteness,
        Property::StateMachineSafety,
        Property::MonotonicTerm,
        Property::MonotonicCommit,
        Property::MonotonicApplied,
        Property::CommitWithinLog,
        Property::LeaseSafety,
        Property::ConfigurationOverlap,
        Property::Linearizability,
    ];

    /// The display name ("Election Safety"), also used by scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "Election Safety",
            Property::LeaderAppendOnly => "Leader Append-Only",
            Property::LogMatching => "Log Matching",
            Property::LeaderCompleteness => "Leader Completeness",
            Property::StateMachineSafety => "State Machine Safety",
            Property::MonotonicTerm => "Monotonic Term",
            Property::MonotonicCommit => "Monotonic Commit",
            Property::MonotonicApplied => "Monotonic Applied",
            Property::CommitWithinLog => "Commit Within Log",
            Property::LeaseSafety => "Lease Safety",
            Property::ConfigurationOverlap => "Configuration Overlap",
            Property::Linearizability => "Linearizability",
        }
    }

    /// The rule in plain words, for a tooltip.
    pub fn rule(self) -> &'static str {
        match self {
            Property::ElectionSafety => "at most one leader can be elected in a given term (§5.2)",
            Property::LeaderAppendOnly => {
                "a leader never overwrites or deletes entries in its log; it only appends (§5.3)"
            }
            Property::LogMatching => {
                "if two logs hold an entry with the same index and term, the logs are identical \
                 up to that index (§5.3)"
            }
            Property::LeaderCompleteness => {
                "an entry committed in a term is in the log of every leader of a later term (§5.4)"
            }
            Property::StateMachineSafety => {
                "no two servers apply different entries at the same index (§5.4.3)"
            }
            Property::MonotonicTerm => "a server's current term never goes backwards",
            Property::MonotonicCommit => {
                "a server's commit index never goes backwards while it stays up"
            }
            Property::MonotonicApplied => {
                "a server's last applied index never goes backwards while it stays up"
            }
            Property::CommitWithinLog => "a server's commit index never exceeds its last log index",
            Property::LeaseSafety => {
                "no leader is elected while an earlier leader's lease still holds, so a lease \
                 read never misses a newer leader's writes (§6.4.1)"
            }
            Property::ConfigurationOverlap => {
                "no two configurations in use can each form a majority without the other: a \
                 leader moves only to a configuration whose majorities overlap those it still \
                 uses, and a leader that has not committed an entry of its term yet only to one \
                 that also overlaps every other configuration in a server's log (§4.1-4.3)"
            }
            Property::Linearizability => {
                "every client operation appears to take effect at one instant between its \
                 invocation and its response"
            }
        }
    }

    /// The property with this display name (case-insensitive), as written in scenario files.
    pub fn from_name(name: &str) -> Option<Property> {
        Property::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for Property {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Property {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A log entry named in a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntryId {
    pub index: LogIndex,
    pub term: Term,
}

/// A broken property: what, when, after which event, who, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub property: Property,
    pub time_ms: u64,
    /// The event after which it was found, in words (kept in both languages, like `message`:
    /// a violation is shown for the rest of the run, and the page may switch language).
    pub event: Localized,
    pub nodes: Vec<NodeId>,
    pub entries: Vec<EntryId>,
    pub message: Localized,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} violated at {} ms after \"{}\": {}",
            self.property, self.time_ms, self.event, self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Property::ALL {
            assert_eq!(Property::from_name(p.name()), Some(p));
            assert!(!p.rule().is_empty());
        }
        assert_eq!(
            Property::from_name("state machine safety"),
            Some(Property::StateMachineSafety)
        );
        assert_eq!(Property::from_name("Nope"), None);
    }
}
