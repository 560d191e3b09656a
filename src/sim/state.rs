//! The state snapshot: a plain-data view of the simulation at the current time.
//!
//! This is a CONTRACT shared with the UI, the CLI (`--json`), tests and embedding pages
//! (`window.raftlab.state()`); its shape follows DESIGN.md. Fields may be added; renaming or
//! removing one breaks its readers. All times are GLOBAL simulated milliseconds unless a name
//! says otherwise. Lists are in a fixed order (nodes by id, messages by id, events oldest first).

use serde::{Deserialize, Serialize};

use super::checker::Violation;
use super::history::{OpKind, OpResult, Operation};
use super::kv::KvMap;
#[cfg(feature = "replica")]
use crate::raft::Rule;
use crate::raft::{Naming, ProgressMode};

/// The whole snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The displayed time.
    pub time_ms: u64,
    /// The furthest time the run has reached (the end of the timeline scrubber).
    pub end_ms: u64,
    /// A number, or a decimal string above 2^53 − 1 (sim/seed.rs).
    #[serde(
        serialize_with = "crate::sim::seed::serialize",
        deserialize_with = "crate::sim::seed::deserialize"
    )]
    pub seed: u64,
    /// The leader of the highest term among live nodes, if any.
    pub leader: Option<u64>,
    pub nodes: Vec<NodeState>,
    /// Every server that exists, by id: the first `nodes` of the configuration and those that
    /// joined since (membership change), in the configuration or out of it.
    #[serde(default)]
    pub members: Vec<u64>,
    /// Messages on the wire, by id.
    pub in_flight: Vec<MessageState>,
    pub network: NetworkState,
    pub invariants: Invariants,
    /// Every client operation, in invoke order.
    pub history: Vec<OperationState>,
    pub stats: Stats,
    /// Recent events in plain words, oldest first (the UI shows them newest first); bounded.
    pub events: Vec<Narration>,
}

/// Role names as the UI's `data-role` uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}

/// How a [`State`] is built: how much of the long lists it carries, everything (the JSON
/// contract) or only what a screen shows (the UI redraws every animation frame, and a long run
/// has thousands of entries); and whose names the narration gives the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// Log entries with a smaller index are left out (`NodeState::last_log_index` still tells
    /// the log's length).
    pub log_from: u64,
    /// Only the newest this many client operations are listed.
    pub history_last: usize,
    /// The paper's message names or etcd's, in the narration.
    pub naming: Naming,
}

impl Detail {
    pub const FULL: Detail = Detail {
        log_from: 0,
        history_last: usize::MAX,
        naming: Naming::Paper,
    };

    /// Without logs or history: what a decision about the servers needs.
    pub const LIGHT: Detail = Detail {
        log_from: u64::MAX,
        history_last: 0,
        naming: Naming::Paper,
    };
}

/// One server. A crashed node (`up` false) shows its persistent state only: term, vote, log;
/// its volatile fields read as after a restart (follower, commit 0, no timers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeState {
    pub id: u64,
    pub up: bool,
    pub role: RoleName,
    pub term: u64,
    pub voted_for: Option<u64>,
    /// Who this node believes leads its term.
    pub leader_hint: Option<u64>,
    pub commit_index: u64,
    pub last_applied: u64,
    /// The index of the last entry of the log (also when `log` lists only part of it).
    #[serde(default)]
    pub last_log_index: u64,
    /// The snapshot that replaced the log's applied prefix (§7), if the log was compacted;
    /// `log` holds the entries after it.
    #[serde(default)]
    pub snapshot: Option<SnapshotState>,
    pub log: Vec<LogEntryState>,
    /// The configuration this node uses (§4.1: the latest in its log, committed or not).
    #[serde(default)]
    pub config: ConfigView,
    /// The node's key-value state machine (what it has applied).
    pub kv: KvMap,
    /// When the election timer fires, for the draining timer arc.
    pub election_deadline_ms: Option<u64>,
    /// The length of the current election timeout in global ms (the full arc).
    pub election_timeout_ms: Option<u64>,
    /// When a leader next sends heartbeats.
    pub heartbeat_deadline_ms: Option<u64>,
    /// Votes granted to this candidate or pre-candidate (including its own).
    pub votes: Vec<u64>,
    /// A leader's view of each follower (empty otherwise).
    pub progress: Vec<ProgressState>,
    /// This node's clock speed relative to real time (1.0 = no drift).
    pub clock_rate: f64,
    /// The node's own local clock reading.
    pub local_time_ms: u64,
}

/// A configuration as a node uses it (§4): its voters and learners, both voter sets in the
/// joint phase C_old,new (§4.3), and the index of the log entry it came from (0: the cluster's
/// first configuration, before any entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigView {
    /// The voters; in the joint phase those of C_new (`joint.new`).
    pub voters: Vec<u64>,
    pub learners: Vec<u64>,
    /// In the joint phase, both voter sets: every decision needs a majority of each.
    pub joint: Option<JointView>,
    pub index: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointView {
    pub old: Vec<u64>,
    pub new: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotState {
    /// The last index and term it covers.
    pub index: u64,
    pub term: u64,
    /// Bytes of state machine data.
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntryState {
    pub index: u64,
    pub term: u64,
    /// In plain words: "no-op", "put x=1 (C1#3)".
    pub text: String,
    /// A configuration entry (§4): `text` says what it changes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub config: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressState {
    pub peer: u64,
    pub next_index: u64,
    pub match_index: u64,
    /// The last index of the snapshot the leader is sending this follower (§7), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<u64>,
    /// "probe", "replicate" or "snapshot": how the leader sends it entries (etcd's progress
    /// states).
    pub state: ProgressMode,
}

/// One message in flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageState {
    pub id: u64,
    /// Stable snake_case kind, as `data-msg-kind`: "request_vote", "heartbeat", ...
    pub kind: String,
    pub from: u64,
    pub to: u64,
    pub term: u64,
    pub sent_ms: u64,
    /// When it arrives; for a lost message, when it vanishes half way.
    pub deliver_ms: u64,
    /// Random loss took it: it never arrives (the UI draws it fading out half way).
    #[serde(default)]
    pub lost: bool,
    /// One line in plain words.
    pub summary: String,
    /// Number of log entries carried (append_entries).
    pub entries: u64,
    /// For vote replies: granted or not.
    pub granted: Option<bool>,
    /// For append_entries replies: success or not.
    pub success: Option<bool>,
    /// For install_snapshot: bytes of snapshot data carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The rule that sent it ("5.2-start-election"); for an answer, the receiver's rule that
    /// decided it ("5.2-grant-vote"). Not in the page's own state (feature `replica`).
    #[cfg(feature = "replica")]
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkState {
    /// Groups when partitioned (empty when every node reaches every other).
    pub partitions: Vec<Vec<u64>>,
    /// Directed links that are cut (a two-way cut shows as two entries).
    pub cuts: Vec<LinkState>,
    pub drop_rate: f64,
    pub dup_rate: f64,
    pub latency: LatencyState,
    /// Per-link latency overrides (directed).
    pub link_latency: Vec<LinkLatencyState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkState {
    pub from: u64,
    pub to: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatencyState {
    pub min_ms: u64,
    pub max_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkLatencyState {
    pub from: u64,
    pub to: u64,
    pub min_ms: u64,
    pub max_ms: u64,
}

/// The safety panel: the invariant checker's findings (checked after every event) and
/// Linearizability of the client history (checked when the state is taken), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invariants {
    pub ok: bool,
    /// How many violations were found (only the first ones are listed).
    pub total: u64,
    pub violations: Vec<ViolationState>,
}

/// One violated property, named as in the paper ("Election Safety", ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationState {
    pub property: String,
    pub time_ms: u64,
    /// The event after which the property stopped holding.
    pub event: String,
    pub nodes: Vec<u64>,
    pub entries: Vec<EntryRef>,
    /// Why, in plain words.
    pub message: String,
}

impl From<&Violation> for ViolationState {
    fn from(v: &Violation) -> Self {
        ViolationState {
            property: v.property.name().to_string(),
            time_ms: v.time_ms,
            event: v.event.to_string(),
            nodes: v.nodes.clone(),
            entries: v
                .entries
                .iter()
                .map(|e| EntryRef {
                    index: e.index,
                    term: e.term,
                })
                .collect(),
            message: v.message.to_string(),
        }
    }
}

/// A log entry named by index and term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    pub index: u64,
    pub term: u64,
}

/// One client operation of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationState {
    pub id: u64,
    pub client: u64,
    /// "put" or "get".
    pub op: String,
    pub key: String,
    /// The value written by a put.
    pub value: Option<String>,
    /// The read mode of a get ("read_index", "follower", "lease", "local").
    pub read: Option<String>,
    /// The node the request was (last) sent to.
    pub node: u64,
    pub invoke_ms: u64,
    pub complete_ms: Option<u64>,
    /// "ok", "value", "failed", "unknown", or null while pending.
    pub status: Option<String>,
    /// The value a get returned (null: no value, or not a get).
    pub output: Option<String>,
    /// One line in plain words.
    pub text: String,
}

/// An operation of the history as the state lists it.
impl From<&Operation> for OperationState {
    fn from(op: &Operation) -> OperationState {
        let (name, key, value, read) = match &op.op {
            OpKind::Put { key, value } => ("put", key, Some(value.clone()), None),
            OpKind::Get { key, mode } => ("get", key, None, Some(mode.name().to_string())),
        };
        let (status, output) = match &op.result {
            None => (None, None),
            Some(OpResult::Ok) => (Some("ok"), None),
            Some(OpResult::Value { value }) => (Some("value"), value.clone()),
            Some(OpResult::Failed { .. }) => (Some("failed"), None),
            Some(OpResult::Unknown { .. }) => (Some("unknown"), None),
        };
        OperationState {
            id: op.id,
            client: op.client,
            op: name.to_string(),
            key: key.clone(),
            value,
            read,
            node: op.node,
            invoke_ms: op.invoke_ms,
            complete_ms: op.complete_ms,
            status: status.map(str::to_string),
            output,
            text: op.describe(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub messages_sent: u64,
    pub messages_delivered: u64,
    pub messages_dropped: u64,
    pub messages_duplicated: u64,
    /// Times a node became candidate (a real election, not a pre-vote).
    pub elections: u64,
    /// Entries committed, counted once per index (at the first node that commits it).
    pub commits: u64,
    /// Events processed (deliveries, timer firings, client steps, commands).
    pub events: u64,
}

/// One line of the narration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narration {
    pub time_ms: u64,
    /// The node concerned, if one.
    pub node: Option<u64>,
    pub text: String,
    /// The rule of Raft that produced it ("5.1-higher-term"): a server's state change has one;
    /// what the simulator tells (a crash, a command) has none. Not in the page's own state
    /// (feature `replica`: the Rules panel reads the second module's copy of the run).
    #[cfg(feature = "replica")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
}
