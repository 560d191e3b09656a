//! A request to a simulation: a [`Command`] on the running cluster, or a restart of the cluster
//! from a new configuration. Both share the JSON vocabulary of DESIGN.md (`{"cmd": "crash", ...}`,
//! `{"cmd": "config", "nodes": 3, ...}`), and both go on a run's timeline; only a restart
//! replaces the servers, so it has its own type rather than being a command that every place
//! handling commands must treat apart.

use super::command::{read_config, Command};
use super::config::SimConfig;
use super::error::{Result, SimError};
use crate::i18n::{fill, tr};
use serde::Serialize;
use serde_json::Value;

/// The name of a restart in JSON.
pub const RESTART_NAME: &str = "config";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "cmd")]
pub enum Request {
    /// A new cluster from this configuration, starting at the request's time.
    #[serde(rename = "config")]
    Restart(SimConfig),
    #[serde(untagged)]
    Command(Command),
}

impl From<Command> for Request {
    fn from(command: Command) -> Request {
        Request::Command(command)
    }
}

impl Request {
    /// Parses one JSON object (a command or a `config`) and checks its fields and ranges.
    pub fn from_json(text: &str) -> Result<Request> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| SimError::Malformed(e.to_string()))?;
        Request::from_value(value)
    }

    /// As [`Request::from_json`], from an already parsed JSON value.
    pub fn from_value(value: Value) -> Result<Request> {
        let Value::Object(mut object) = value else {
            return Err(SimError::Malformed(
                tr("expected a JSON object").to_string(),
            ));
        };
        if object.get("cmd").and_then(Value::as_str) != Some(RESTART_NAME) {
            return Command::from_value(Value::Object(object)).map(Request::Command);
        }
        object.shift_remove("cmd");
        let config = read_config(object).map_err(|detail| SimError::BadField {
            cmd: RESTART_NAME.to_string(),
            detail,
        })?;
        config.validate()?;
        Ok(Request::Restart(config))
    }

    /// The JSON form (the inverse of [`Request::from_json`]).
    pub fn to_json(&self) -> String {
        // Strings, numbers, bools and lists only: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The name, as in the `cmd` field.
    pub fn name(&self) -> &'static str {
        match self {
            Request::Restart(_) => RESTART_NAME,
            Request::Command(c) => c.name(),
        }
    }

    /// Range checks that need no cluster.
    pub fn check(&self) -> Result<()> {
        match self {
            Request::Restart(config) => config.validate(),
            Request::Command(c) => c.check(),
        }
    }

    /// In plain words, for the narration and the command list.
    pub fn describe(&self) -> String {
        match self {
            Request::Restart(c) => fill(
                tr("the cluster restarts: {0} nodes, seed {1}, election {2}-{3} ms, heartbeat {4} ms"),
                &[&c.nodes, &c.seed, &c.election_ms[0], &c.election_ms[1], &c.heartbeat_ms],
            ),
            Request::Command(c) => c.describe(),
        }
    }

    /// The command, unless this is a restart.
    pub fn command(&self) -> Option<&Command> {
        match self {
            Request::Restart(_) => None,
            Request::Command(c) => Some(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_and_a_command_read_and_write_the_same_vocabulary() {
        let restart =
            Request::from_json(r#"{"cmd":"config","nodes":3,"seed":9,"prevote":true}"#).unwrap();
        let Request::Restart(config) = &restart else {
            panic!("a config is a restart: {restart:?}");
        };
        assert_eq!((config.nodes, config.seed, config.prevote), (3, 9, true));
        assert_eq!(restart.name(), "config");
        assert_eq!(Request::from_json(&restart.to_json()), Ok(restart.clone()));
        let json: Value = serde_json::from_str(&restart.to_json()).unwrap();
        assert_eq!(json["cmd"], "config");
        assert_eq!(json["nodes"], 3);

        let crash = Request::from_json(r#"{"cmd":"crash","node":2}"#).unwrap();
        assert_eq!(crash, Request::Command(Command::Crash { node: 2 }));
        assert_eq!(crash.to_json(), r#"{"cmd":"crash","node":2}"#);
        assert_eq!(crash.name(), "crash");
    }

    #[test]
    fn bad_restarts_say_what_is_wrong() {
        let err = |text: &str| Request::from_json(text).unwrap_err().to_string();
        assert!(err(r#"{"cmd":"config","nodes":12}"#).contains("nodes must be in 3..=9"));
        assert!(err(r#"{"cmd":"config","bogus":1}"#).contains("unknown field `bogus`"));
        assert_eq!(err(r#"{"cmd":"foo"}"#), "unknown command \"foo\"");
        assert!(err("[1]").starts_with("malformed command"));
    }
}
