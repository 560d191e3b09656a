//! The Raft protocol: one node's state machine.
//!
//! Pure and deterministic: a [`Node`] never reads a clock (every input carries the node's local
//! time `now` in ms), never does I/O and draws randomness only from the generator its caller
//! passes. Inputs are methods on [`Node`]; outputs are collected in a [`Ready`].
//!
//! One concern per file, named after the rule it implements:
//! - [`types`], [`config`], [`error`], [`log`] (with [`PersistentState`]), [`message`], [`event`], [`ready`];
//! - `quorum.rs` majority arithmetic; `progress.rs` the leader's per-follower progress;
//! - `terms.rs` §5.1 term rules with the §9.6 and §4.2.3 exceptions;
//! - `election.rs` §5.2, §5.4.1, PreVote §9.6;
//! - `replication.rs` §5.3; `commit.rs` §5.4.2; `check_quorum.rs` §6.2; `transfer.rs` §3.10;
//! - `read_only.rs` §6.4; [`quirks`] the teaching switches that break one rule each;
//! - [`rule`]: the rules above as data, each event's and each message's named ([`Rule`]);
//!   [`naming`]: the paper's message names or etcd's, for what a person reads;
//! - membership change (§4): [`membership`] the configuration as data and joint quorums,
//!   `config_in_use.rs` which configuration a server uses (§4.1: the latest in its log,
//!   committed or not), `config_change.rs` the leader's rules for changing it (one at a time,
//!   Ongaro's fix, joint consensus §4.3, removing the leader §4.2.2).

#[macro_use]
mod names;
mod check_quorum;
mod commit;
pub mod config;
mod config_change;
mod config_in_use;
mod election;
pub mod error;
pub mod event;
mod event_text;
pub mod log;
mod log_revision;
pub mod membership;
pub mod message;
mod message_text;
pub mod naming;
mod node;
pub mod node_map;
pub mod node_set;
mod progress;
pub mod quirks;
mod quorum;
mod read_only;
pub mod ready;
mod replication;
mod role_state;
pub mod rule;
mod snapshot;
mod terms;
mod transfer;
pub mod types;

pub use config::{Config, MAX_VOTERS};
pub use error::{
    CompactError, ConfigChangeError, ConfigError, ProposeError, ReadError, TransferError,
};
pub use event::{CampaignCause, Event, FollowerCause, LeaseUnusable, TransferEnd};
pub use event_text::learned_commit;
pub use log::{Entry, EntryData, Log, PersistentState, Snapshot};
pub use membership::{ConfigChange, ConfigEntry, ConfigState, Membership};
pub use message::{Message, MessageBody, MessageKind, VoteRefusal};
pub use message_text::describe_entries;
pub use naming::Naming;
pub use node::Node;
pub use node_set::{describe_ids, NodeSet, MAX_NODE_ID};
pub use progress::{Progress, ProgressMode};
pub use quirks::{Quirk, Quirks};
pub use quorum::{majority, quorum_value, vote_result, VoteResult};
pub use ready::{PendingRead, ReadMode, ReadOutcome, Ready};
pub use rule::{Rule, RuleGroup};
pub use types::{server_name, LogIndex, NodeId, Role, Term};
