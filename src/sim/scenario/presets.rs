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

/// The presets' ids in the order the picker shows them. The page fetches each one's text from
/// `scenarios/ID.txt` when it needs it (they are not part of its first download); [`presets`]
/// has them compiled in for the CLI and the tests, which check that the two lists agree.
pub const PRESET_IDS: [&str; 23] = [
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

/// Every preset, in the order the picker shows them (a lesson order: elections, replication,
/// failures, the safety rules with their quirks, reads, then PreVote, CheckQuorum, transfer).
pub fn presets() -> &'static [Preset] {
    &[
        Preset {
            id: "leader-election",
            source: include_str!("../../../www/scenarios/leader-election.txt"),
        },
        Preset {
            id: "split-vote",
            source: include_str!("../../../www/scenarios/split-vote.txt"),
        },
        Preset {
            id: "log-replication",
            source: include_str!("../../../www/scenarios/log-replication.txt"),
        },
        Preset {
            id: "leader-crash",
            source: include_str!("../../../www/scenarios/leader-crash.txt"),
        },
        Preset {
            id: "log-compaction",
            source: include_str!("../../../www/scenarios/log-compaction.txt"),
        },
        Preset {
            id: "partition-stale-leader",
            source: include_str!("../../../www/scenarios/partition-stale-leader.txt"),
        },
        Preset {
            id: "stale-leader-rejoins",
            source: include_str!("../../../www/scenarios/stale-leader-rejoins.txt"),
        },
        Preset {
            id: "figure8",
            source: include_str!("../../../www/scenarios/figure8.txt"),
        },
        Preset {
            id: "figure8-quirk",
            source: include_str!("../../../www/scenarios/figure8-quirk.txt"),
        },
        Preset {
            id: "election-restriction",
            source: include_str!("../../../www/scenarios/election-restriction.txt"),
        },
        Preset {
            id: "election-restriction-quirk",
            source: include_str!("../../../www/scenarios/election-restriction-quirk.txt"),
        },
        Preset {
            id: "forget-vote",
            source: include_str!("../../../www/scenarios/forget-vote.txt"),
        },
        Preset {
            id: "forget-vote-quirk",
            source: include_str!("../../../www/scenarios/forget-vote-quirk.txt"),
        },
        Preset {
            id: "read-index",
            source: include_str!("../../../www/scenarios/read-index.txt"),
        },
        Preset {
            id: "follower-read",
            source: include_str!("../../../www/scenarios/follower-read.txt"),
        },
        Preset {
            id: "stale-local-read",
            source: include_str!("../../../www/scenarios/stale-local-read.txt"),
        },
        Preset {
            id: "lease-read",
            source: include_str!("../../../www/scenarios/lease-read.txt"),
        },
        Preset {
            id: "lease-read-stale-vote",
            source: include_str!("../../../www/scenarios/lease-read-stale-vote.txt"),
        },
        Preset {
            id: "lease-read-drift",
            source: include_str!("../../../www/scenarios/lease-read-drift.txt"),
        },
        Preset {
            id: "prevote-rejoin",
            source: include_str!("../../../www/scenarios/prevote-rejoin.txt"),
        },
        Preset {
            id: "no-prevote-rejoin",
            source: include_str!("../../../www/scenarios/no-prevote-rejoin.txt"),
        },
        Preset {
            id: "check-quorum",
            source: include_str!("../../../www/scenarios/check-quorum.txt"),
        },
        Preset {
            id: "leadership-transfer",
            source: include_str!("../../../www/scenarios/leadership-transfer.txt"),
        },
    ]
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    presets().iter().find(|p| p.id == id)
}
