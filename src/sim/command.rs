//! The command vocabulary (DESIGN.md): the one set of values the UI, scenario files, the CLI,
//! `window.raftlab.command(...)`, `postMessage` and tests all send to a simulation.
//!
//! Parsing checks what can be checked without a cluster (known command, fields, ranges);
//! [`super::Simulation::apply`] checks the rest (the node exists, a message is in flight, ...).

mod config_json;
mod fields;
mod from_json;

use super::config::{check_latency, check_probability, SimConfig, MAX_NODES};
use super::decimal::Decimal;
use super::error::{Result, SimError};
use super::history::ReadMode;
use crate::i18n::{fill, key, tr};
use crate::raft::describe_ids;
use fields::Fields;
use from_json::FromJson;
use serde::Serialize;
use serde_json::{Map, Value};
use strum::{IntoStaticStr, VariantNames};

/// A node id as the commands give it (S1 is 1).
pub type NodeId = u64;

/// One command. JSON form: `{"cmd": "crash", "node": 2}`. (A restart from a new configuration,
/// `{"cmd": "config", ...}`, is a [`super::Request`] of its own.)
///
/// Parsed by [`Command::from_value`] field by field (as serde's derive with
/// `deny_unknown_fields` would, with the same messages): serde's internally tagged enums buffer
/// the whole object first, which cost the browser build 15 KB gzipped.
#[derive(Debug, Clone, PartialEq, Serialize, IntoStaticStr, VariantNames)]
#[serde(tag = "cmd", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Command {
    /// Stop a node: its volatile state is lost, its persistent state kept.
    Crash { node: NodeId },
    /// Start a crashed node again from its persistent state.
    Restart { node: NodeId },
    /// Nodes only reach nodes of their own group; a node in no group is alone.
    Partition { groups: Vec<Vec<NodeId>> },
    /// Cut one link, both ways unless `oneway`.
    Cut {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    /// Restore one link, both ways unless `oneway`.
    Uncut {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    /// Remove every partition and cut.
    Heal,
    /// Probability that a message is lost.
    DropRate { p: f64 },
    /// Probability that a message is delivered twice.
    DupRate { p: f64 },
    /// Message delay in [min_ms, max_ms], globally or (with `from` and `to`) for one direction
    /// of one link.
    Latency {
        min_ms: u64,
        max_ms: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        from: Option<NodeId>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<NodeId>,
    },
    /// Drop one message in flight, by id.
    DropMessage { id: u64 },
    /// Fire a node's election timer now.
    Timeout { node: NodeId },
    /// Ask the current leader to hand leadership to `to` (thesis §3.10).
    Transfer { to: NodeId },
    /// A client write sent to `node`.
    Put {
        key: String,
        value: String,
        node: NodeId,
    },
    /// A client read sent to `node`, served with `read` (default read_index).
    Get {
        key: String,
        node: NodeId,
        read: ReadMode,
    },
    /// That node's clock runs at `rate` x real time.
    ClockDrift { node: NodeId, rate: f64 },
    /// That node compacts its log now: a snapshot of its state machine replaces the entries
    /// it has applied (§7).
    Snapshot { node: NodeId },
    /// A brand-new, empty server joins through the leader (§4.1), as a learner if `learner`
    /// (§4.2.1). Its id is the next one: servers are never renumbered nor ids reused.
    AddServer { node: NodeId, learner: bool },
    /// The leader proposes removing that server from the configuration (§4.1, §4.2.2).
    RemoveServer { node: NodeId },
    /// The leader proposes making that learner a voter.
    Promote { node: NodeId },
    /// The voters become exactly `voters`: through joint consensus (§4.3) when more than one
    /// voter changes. Ids past the last server are new servers, given in order.
    ChangeConfig { voters: Vec<NodeId> },
}

/// Every command name (derived from the variants, as serde's `cmd` tag is), for the "unknown
/// command" check and for help texts.
pub const COMMAND_NAMES: &[&str] = <Command as VariantNames>::VARIANTS;

/// Clock rates accepted by `clock_drift`.
pub const MIN_CLOCK_RATE: f64 = 0.1;
pub const MAX_CLOCK_RATE: f64 = 10.0;

impl Command {
    /// Parses one JSON object and checks its fields and ranges.
    pub fn from_json(text: &str) -> Result<Command> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SimError::Malformed(e.to_string()))?;
        Command::from_value(value)
    }

    /// As [`Command::from_json`], from an already parsed JSON value.
    pub fn from_value(value: Value) -> Result<Command> {
        let Value::Object(mut object) = value else {
            return Err(SimError::Malformed(
                tr("expected a JSON object").to_string(),
            ));
        };
        let name = match object.shift_remove("cmd") {
            None => return Err(SimError::MissingCmd),
            Some(Value::String(name)) => name,
            Some(other) => {
                return Err(SimError::Malformed(fill(
                    tr("field \"cmd\" must be a string, got {0}"),
                    &[&other],
                )))
            }
        };
        let Some(&name) = COMMAND_NAMES.iter().find(|n| **n == name) else {
            return Err(SimError::UnknownCommand(name));
        };
        let command = read_fields(name, object).map_err(|detail| SimError::BadField {
            cmd: name.to_string(),
            detail,
        })?;
        command.check()?;
        Ok(command)
    }

    /// The JSON form (the inverse of [`Command::from_json`]).
    pub fn to_json(&self) -> String {
        // A Command holds only strings, numbers, bools and lists: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The command's name, as in its `cmd` field.
    pub fn name(&self) -> &'static str {
        self.into()
    }

    /// The one server a command is about (crash S2, a put via S2, transfer to S2), if any.
    pub fn subject(&self) -> Option<NodeId> {
        match self {
            Command::Crash { node }
            | Command::Restart { node }
            | Command::Timeout { node }
            | Command::Put { node, .. }
            | Command::Get { node, .. }
            | Command::ClockDrift { node, .. }
            | Command::Snapshot { node }
            | Command::AddServer { node, .. }
            | Command::RemoveServer { node }
            | Command::Promote { node }
            | Command::Transfer { to: node } => Some(*node),
            _ => None,
        }
    }

    /// Every server id the command names, in the order it names them.
    pub fn node_ids(&self) -> Vec<NodeId> {
        match self {
            Command::Cut { from, to, .. } | Command::Uncut { from, to, .. } => vec![*from, *to],
            Command::Latency { from, to, .. } => from.iter().chain(to.iter()).copied().collect(),
            Command::Partition { groups } => groups.iter().flatten().copied().collect(),
            Command::ChangeConfig { voters } => voters.clone(),
            _ => self.subject().into_iter().collect(),
        }
    }

    /// Whether the command may bring new servers into the run (their ids come after the last).
    pub fn adds_servers(&self) -> bool {
        matches!(
            self,
            Command::AddServer { .. } | Command::ChangeConfig { .. }
        )
    }

    /// The first server this command names that a run of `servers` servers cannot have (0, or
    /// past the last; a command that may bring new servers may name up to [`MAX_NODES`]), with
    /// the number of servers it was checked against.
    pub fn unknown_node(&self, servers: NodeId) -> Option<(NodeId, NodeId)> {
        let known = if self.adds_servers() {
            MAX_NODES
        } else {
            servers
        };
        let ids = self.node_ids().into_iter();
        ids.filter(|&id| id == 0 || id > known)
            .map(|id| (id, known))
            .next()
    }

    /// `servers`, or the highest id this command names if it may bring new servers (later
    /// commands may name them).
    pub fn grows(&self, servers: NodeId) -> NodeId {
        match self {
            Command::AddServer { node, .. } => servers.max(*node),
            Command::ChangeConfig { voters } => voters.iter().fold(servers, |a, &b| a.max(b)),
            _ => servers,
        }
    }

    /// Range checks that need no cluster (the same for parsed and hand-built commands).
    pub fn check(&self) -> Result<()> {
        match self {
            Command::DropRate { p } | Command::DupRate { p } => check_probability("p", *p),
            Command::Latency {
                min_ms,
                max_ms,
                from,
                to,
            } => {
                check_latency(*min_ms, *max_ms)?;
                if from.is_some() != to.is_some() {
                    return Err(SimError::BadField {
                        cmd: "latency".into(),
                        detail: tr("give both from and to (one link) or neither (every link)")
                            .into(),
                    });
                }
                Ok(())
            }
            Command::ClockDrift { rate, .. } => {
                if (MIN_CLOCK_RATE..=MAX_CLOCK_RATE).contains(rate) {
                    Ok(())
                } else {
                    Err(SimError::not_in("rate", "[0.1,10]", Decimal::new(*rate)))
                }
            }
            Command::AddServer { node, .. }
            | Command::RemoveServer { node }
            | Command::Promote { node } => check_server_id("node", *node),
            Command::ChangeConfig { voters } => check_voters(voters),
            _ => Ok(()),
        }
    }

    /// The command in plain words, for the narration and the command list.
    pub fn describe(&self) -> String {
        match self {
            Command::Crash { node } => fill(tr("S{0} crashes"), &[node]),
            Command::Restart { node } => {
                fill(tr("S{0} restarts from its persistent state"), &[node])
            }
            Command::Partition { groups } => fill(
                tr("the network is partitioned into {0}"),
                &[&describe_groups(groups)],
            ),
            Command::Cut { from, to, oneway } => fill(
                tr("the link S{0} {1} S{2} is cut"),
                &[from, &arrow(*oneway), to],
            ),
            Command::Uncut { from, to, oneway } => fill(
                tr("the link S{0} {1} S{2} is restored"),
                &[from, &arrow(*oneway), to],
            ),
            Command::Heal => tr("the network is healed: every link works again").into(),
            Command::DropRate { p } => fill(tr("{0}% of messages are now lost"), &[&percent(*p)]),
            Command::DupRate { p } => {
                fill(tr("{0}% of messages are now duplicated"), &[&percent(*p)])
            }
            Command::Latency {
                min_ms,
                max_ms,
                from: Some(from),
                to: Some(to),
            } => fill(
                tr("messages S{0} -> S{1} now take {2}-{3} ms"),
                &[from, to, min_ms, max_ms],
            ),
            Command::Latency { min_ms, max_ms, .. } => {
                fill(tr("messages now take {0}-{1} ms"), &[min_ms, max_ms])
            }
            Command::DropMessage { id } => fill(tr("message {0} is dropped"), &[id]),
            Command::Timeout { node } => {
                fill(tr("S{0}'s election timer is fired by hand"), &[node])
            }
            Command::Transfer { to } => {
                fill(tr("the leader is asked to hand leadership to S{0}"), &[to])
            }
            Command::Put { key, value, node } => fill(
                tr("a client sends put {0}={1} to S{2}"),
                &[key, value, node],
            ),
            // The English names the read mode as the command notation does; the Chinese says
            // it in words (display only: nothing parses this text).
            Command::Get { key: k, node, read } => fill(
                tr(match read {
                    ReadMode::ReadIndex => key("a client sends get {0} (read_index) to S{1}"),
                    ReadMode::Follower => key("a client sends get {0} (follower) to S{1}"),
                    ReadMode::Lease => key("a client sends get {0} (lease) to S{1}"),
                    ReadMode::Local => key("a client sends get {0} (local) to S{1}"),
                }),
                &[k, node],
            ),
            Command::ClockDrift { node, rate } => fill(
                tr("S{0}'s clock now runs at {1}x"),
                &[node, &Decimal::new(*rate)],
            ),
            Command::Snapshot { node } => fill(tr("S{0} is asked to compact its log now"), &[node]),
            Command::AddServer {
                node,
                learner: true,
            } => fill(
                tr("the leader is asked to add a new server S{0} as a learner"),
                &[node],
            ),
            Command::AddServer { node, .. } => {
                fill(tr("the leader is asked to add a new server S{0}"), &[node])
            }
            Command::RemoveServer { node } => {
                fill(tr("the leader is asked to remove S{0}"), &[node])
            }
            Command::Promote { node } => fill(tr("the leader is asked to promote S{0}"), &[node]),
            Command::ChangeConfig { voters } => fill(
                tr("the leader is asked to change the voters to {0}"),
                &[&describe_groups(std::slice::from_ref(voters))],
            ),
        }
    }
}

/// The command `name` (one of [`COMMAND_NAMES`]) from the other fields of its object.
fn read_fields(name: &str, object: Map<String, Value>) -> Result<Command, String> {
    let mut f = Fields::new(object);
    let command = match name {
        "crash" => Command::Crash {
            node: f.req("node"),
        },
        "restart" => Command::Restart {
            node: f.req("node"),
        },
        "partition" => Command::Partition {
            groups: f.req("groups"),
        },
        "cut" => Command::Cut {
            from: f.req("from"),
            to: f.req("to"),
            oneway: f.opt("oneway", false),
        },
        "uncut" => Command::Uncut {
            from: f.req("from"),
            to: f.req("to"),
            oneway: f.opt("oneway", false),
        },
        // A unit variant of an internally tagged enum: serde ignores any other field.
        "heal" => return Ok(Command::Heal),
        "drop_rate" => Command::DropRate { p: f.req("p") },
        "dup_rate" => Command::DupRate { p: f.req("p") },
        "latency" => Command::Latency {
            min_ms: f.req("min_ms"),
            max_ms: f.req("max_ms"),
            from: f.opt("from", None),
            to: f.opt("to", None),
        },
        "drop_message" => Command::DropMessage { id: f.req("id") },
        "timeout" => Command::Timeout {
            node: f.req("node"),
        },
        "transfer" => Command::Transfer { to: f.req("to") },
        "put" => Command::Put {
            key: f.req("key"),
            value: f.req("value"),
            node: f.req("node"),
        },
        "get" => Command::Get {
            key: f.req("key"),
            node: f.req("node"),
            read: f.opt("read", ReadMode::ReadIndex),
        },
        "clock_drift" => Command::ClockDrift {
            node: f.req("node"),
            rate: f.req("rate"),
        },
        "snapshot" => Command::Snapshot {
            node: f.req("node"),
        },
        "add_server" => Command::AddServer {
            node: f.req("node"),
            learner: f.opt("learner", false),
        },
        "remove_server" => Command::RemoveServer {
            node: f.req("node"),
        },
        "promote" => Command::Promote {
            node: f.req("node"),
        },
        "change_config" => Command::ChangeConfig {
            voters: f.req("voters"),
        },
        _ => return Err(format!("unknown command \"{name}\"")),
    };
    f.finish(command)
}

/// A configuration from the other fields of a `config` object (a [`super::Request`]), read by
/// the same field reader as the commands.
pub(crate) fn read_config(object: Map<String, Value>) -> Result<SimConfig, String> {
    SimConfig::from_json(Value::Object(object))
}

/// A server id a membership command names: 1..=MAX_NODES (the most servers a run shows).
fn check_server_id(field: &str, id: NodeId) -> Result<()> {
    if (1..=MAX_NODES).contains(&id) {
        Ok(())
    } else {
        Err(SimError::not_in(field, "1..=9", id))
    }
}

/// A `change_config` voter list: not empty, valid ids, none twice.
fn check_voters(voters: &[NodeId]) -> Result<()> {
    let bad = |detail: String| SimError::BadField {
        cmd: "change_config".into(),
        detail,
    };
    if voters.is_empty() {
        return Err(bad(tr("voters must not be empty").into()));
    }
    for (i, &id) in voters.iter().enumerate() {
        check_server_id("voters", id)?;
        if voters[..i].contains(&id) {
            return Err(bad(fill(tr("S{0} is listed twice in voters"), &[&id])));
        }
    }
    Ok(())
}

fn arrow(oneway: bool) -> &'static str {
    if oneway {
        "->"
    } else {
        "<->"
    }
}

/// A probability as a percentage with at most one decimal: 0.125 -> "12.5".
fn percent(p: f64) -> Decimal {
    Decimal::places(p * 100.0, 1)
}

/// "{1,2} {3,4,5}"
pub fn describe_groups(groups: &[Vec<NodeId>]) -> String {
    let parts: Vec<String> = groups
        .iter()
        .map(|g| describe_ids(g.iter().copied()))
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Command::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_every_row_of_the_table() {
        let rows = [
            r#"{"cmd":"crash","node":1}"#,
            r#"{"cmd":"restart","node":1}"#,
            r#"{"cmd":"partition","groups":[[1,2],[3,4,5]]}"#,
            r#"{"cmd":"cut","from":1,"to":2,"oneway":true}"#,
            r#"{"cmd":"uncut","from":1,"to":2}"#,
            r#"{"cmd":"heal"}"#,
            r#"{"cmd":"drop_rate","p":0.1}"#,
            r#"{"cmd":"dup_rate","p":0}"#,
            r#"{"cmd":"latency","min_ms":5,"max_ms":9}"#,
            r#"{"cmd":"latency","min_ms":5,"max_ms":9,"from":1,"to":2}"#,
            r#"{"cmd":"drop_message","id":7}"#,
            r#"{"cmd":"timeout","node":3}"#,
            r#"{"cmd":"transfer","to":2}"#,
            r#"{"cmd":"put","key":"x","value":"1","node":1}"#,
            r#"{"cmd":"get","key":"x","node":1,"read":"lease"}"#,
            r#"{"cmd":"clock_drift","node":1,"rate":1.5}"#,
            r#"{"cmd":"snapshot","node":2}"#,
            r#"{"cmd":"add_server","node":6,"learner":true}"#,
            r#"{"cmd":"remove_server","node":2}"#,
            r#"{"cmd":"promote","node":6}"#,
            r#"{"cmd":"change_config","voters":[1,2,3,6,7]}"#,
        ];
        let mut names = Vec::new();
        for row in rows {
            let c = Command::from_json(row).unwrap_or_else(|e| panic!("{row}: {e}"));
            assert_eq!(Command::from_json(&c.to_json()), Ok(c.clone()), "{row}");
            assert!(!c.describe().is_empty());
            // The three spellings of a command's name agree: serde's tag, name(), the table.
            let json: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
            assert_eq!(json["cmd"], c.name(), "{row}");
            names.push(c.name());
        }
        names.dedup();
        assert_eq!(
            names, COMMAND_NAMES,
            "every command of the table has a row above"
        );
    }

    #[test]
    fn get_defaults_to_read_index() {
        let c = Command::from_json(r#"{"cmd":"get","key":"x","node":1}"#).unwrap();
        assert!(matches!(
            c,
            Command::Get {
                read: ReadMode::ReadIndex,
                ..
            }
        ));
    }

    #[test]
    fn clear_errors() {
        assert_eq!(err(r#"{"cmd":"foo"}"#), "unknown command \"foo\"");
        assert_eq!(
            err(r#"{"cmd":"drop_rate","p":1.5}"#),
            "field p must be in [0,1], got 1.5"
        );
        assert!(err(r#"{"cmd":"crash"}"#).contains("missing field `node`"));
        assert!(err(r#"{"cmd":"crash","node":1,"nod":2}"#).contains("unknown field `nod`"));
        assert!(err(r#"{"cmd":"crash","node":-1}"#).starts_with("crash: "));
        assert!(err("{cmd: crash").starts_with("malformed command"));
        assert_eq!(
            err(r#"{"node":1}"#),
            "missing field \"cmd\" (the command name)"
        );
        // A restart is a request of its own (request.rs), not a command.
        assert_eq!(err(r#"{"cmd":"config"}"#), "unknown command \"config\"");
        assert!(err(r#"{"cmd":"clock_drift","node":1,"rate":0}"#).contains("rate"));
        assert!(err(r#"{"cmd":"latency","min_ms":9,"max_ms":5}"#).contains("min_ms"));
    }

    /// The field reader says what serde's derive with `deny_unknown_fields` said.
    #[test]
    fn field_errors_read_as_serde_derive() {
        assert_eq!(
            err(r#"{"cmd":"put","key":"x","value":"1","node":1,"bogus":1}"#),
            "put: unknown field `bogus`, expected one of `key`, `value`, `node`"
        );
        assert_eq!(
            err(r#"{"cmd":"clock_drift","node":1,"rate":1,"x":1}"#),
            "clock_drift: unknown field `x`, expected `node` or `rate`"
        );
        assert_eq!(
            err(r#"{"cmd":"crash","node":true}"#),
            "crash: invalid type: boolean `true`, expected u64"
        );
        // Several faults: the first in the document wins, then the first missing field.
        assert_eq!(
            err(r#"{"cmd":"latency","min_ms":"a","from":"b"}"#),
            "latency: invalid type: string \"a\", expected u64"
        );
        assert_eq!(
            err(r#"{"cmd":"latency","from":"b","min_ms":"a"}"#),
            "latency: invalid type: string \"b\", expected u64"
        );
        assert_eq!(
            err(r#"{"cmd":"cut","zz":1,"from":"b"}"#),
            "cut: unknown field `zz`, expected one of `from`, `to`, `oneway`"
        );
        assert_eq!(
            err(r#"{"cmd":"cut","from":"b","zz":1,"yy":2}"#),
            "cut: invalid type: string \"b\", expected u64"
        );
        assert_eq!(
            err(r#"{"cmd":"cut","from":1,"to":2,"zz":1,"yy":2}"#),
            "cut: unknown field `zz`, expected one of `from`, `to`, `oneway`"
        );
        assert_eq!(err(r#"{"cmd":"cut"}"#), "cut: missing field `from`");
        // `from`/`to` may be null; `heal` ignores other fields, as before.
        assert!(Command::from_json(r#"{"cmd":"latency","min_ms":1,"max_ms":2,"to":null}"#).is_ok());
        assert_eq!(
            Command::from_json(r#"{"cmd":"heal","x":1}"#),
            Ok(Command::Heal)
        );
    }
}
