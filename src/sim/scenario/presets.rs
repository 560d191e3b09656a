//! The preset scenarios shipped with the app (www/scenarios/*.txt), compiled into the binary so
//! the browser build can offer them. tests/presets.rs runs each one and checks its expectations.

/// A preset: its file name and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The file name without `.txt` (stable: used in links and by `raftlab-cli run preset:ID`).
    pub id: &'static str,
    /// The scenario text; its `title` and `about` lines are what a picker shows.
    pub source: &'static str,
}

/// Declares the presets once: their ids in picker order ([`PRESET_IDS`], what the page fetches
/// from `scenarios/ID.txt`) and their texts compiled in ([`presets`], for the CLI and the tests).
macro_rules! presets {
    ($($id:literal),* $(,)?) => {
        /// The presets' ids in the order the picker shows them. The page fetches each one's
        /// text when it needs it: the texts are not part of its first download.
        pub const PRESET_IDS: &[&str] = &[$($id),*];

        /// Every preset with its text, in the order the picker shows them (a lesson order:
        /// elections, replication, failures, the safety rules with their quirks, reads, then
        /// PreVote, CheckQuorum, transfer).
        pub fn presets() -> &'static [Preset] {
            &[$(Preset {
                id: $id,
                source: include_str!(concat!("../../../www/scenarios/", $id, ".txt")),
            }),*]
        }
    };
}

presets![
    "leader-election",
    "split-vote",
    "log-replication",
    "leader-crash",
    "log-compaction",
    "partition-stale-leader",
    "stale-leader-rejoins",
    "figure8",
    "figure8-quirk",
    "election-restriction",
    "election-restriction-quirk",
    "forget-vote",
    "forget-vote-quirk",
    "read-index",
    "follower-read",
    "stale-local-read",
    "lease-read",
    "lease-read-stale-vote",
    "lease-read-drift",
    "prevote-rejoin",
    "no-prevote-rejoin",
    "check-quorum",
    "leadership-transfer",
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    presets().iter().find(|p| p.id == id)
}
