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

/// Declares the presets once, by topic: the page's list ([`PRESET_TOPICS`]; it fetches each
/// text from `scenarios/ID.txt` when it needs it) and the texts compiled in ([`presets`], for the
/// CLI and the tests).
macro_rules! presets {
    ($($topic:literal => [$($id:literal),* $(,)?]),* $(,)?) => {
        /// The presets' ids grouped by topic, in the order Raft is taught (the lessons' order).
        pub const PRESET_TOPICS: &[(&str, &[&str])] = &[$(($topic, &[$($id),*])),*];

        /// Every preset with its text, in the order of [`PRESET_TOPICS`].
        pub fn presets() -> &'static [Preset] {
            &[$($(Preset {
                id: $id,
                source: include_str!(concat!("../../../www/scenarios/", $id, ".txt")),
            }),*),*]
        }
    };
}

presets! {
    "Leader election" => ["leader-election", "split-vote", "leader-crash"],
    "Log replication" => ["log-replication"],
    "Partitions" => ["partition-stale-leader", "stale-leader-rejoins"],
    "The safety rules, kept and broken" => [
        "election-restriction",
        "election-restriction-quirk",
        "figure8",
        "figure8-quirk",
        "forget-vote",
        "forget-vote-quirk",
    ],
    "Reads" => [
        "read-index",
        "follower-read",
        "stale-local-read",
        "lease-read",
        "lease-read-stale-vote",
        "lease-read-drift",
    ],
    "PreVote, CheckQuorum and leadership transfer" => [
        "prevote-rejoin",
        "no-prevote-rejoin",
        "check-quorum",
        "leadership-transfer",
    ],
    "Log compaction" => ["log-compaction"],
    "Membership change" => [
        "grow-3-to-5",
        "remove-leader",
        "replace-two-servers",
        "learner-catches-up",
        "config-change-quirk",
    ],
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    presets().iter().find(|p| p.id == id)
}
