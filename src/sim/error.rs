//! The simulator's one error type. Every message names what was wrong and the value given, so the
//! UI, the CLI and embedders can show it as is; errors compare equal in tests.
//!
//! The frame of each message ("field {0} must be {1}, got {2}") is put into words when it is
//! shown, in the language spoken then; the details it carries (`expected`, `detail`) are put
//! into words where the error is made (docs/i18n.md, "Errors").

use std::fmt::Display;

use crate::i18n::{display_in_words, fill, key, say, tr, Sentence};

/// Why a command, a configuration or a timeline request was refused. The simulation is left
/// exactly as it was whenever one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// The text is not JSON, or not a JSON object.
    Malformed(String),
    MissingCmd,
    UnknownCommand(String),
    /// A field is missing, unknown or of the wrong type.
    BadField {
        cmd: String,
        detail: String,
    },
    /// A value outside its allowed range: "field p must be in [0,1], got 1.5".
    OutOfRange {
        field: String,
        expected: String,
        got: String,
    },
    UnknownNode {
        node: u64,
        nodes: u64,
    },
    UnknownMessage(u64),
    NodeDown(u64),
    NodeUp(u64),
    /// A configuration the cluster cannot start with.
    Config(String),
    /// The Raft core refused the request (for example a transfer with no leader).
    Refused(String),
}

display_in_words!(SimError => sim_error_text);

fn sim_error_text(error: &SimError) -> String {
    use SimError::*;
    let words: Sentence = match error {
        Malformed(detail) => (key("malformed command: {0}"), &[detail]),
        MissingCmd => (key("missing field \"cmd\" (the command name)"), &[]),
        UnknownCommand(name) => (key("unknown command \"{0}\""), &[name]),
        BadField { cmd, detail } => (key("{0}: {1}"), &[cmd, detail]),
        OutOfRange {
            field,
            expected,
            got,
        } => (
            key("field {0} must be {1}, got {2}"),
            &[field, expected, got],
        ),
        UnknownNode { node, nodes } => (
            key("no node S{0} (the cluster has S1..S{1})"),
            &[node, nodes],
        ),
        UnknownMessage(id) => (key("no message {0} in flight"), &[id]),
        NodeDown(id) => (key("S{0} is down"), &[id]),
        NodeUp(id) => (key("S{0} is already up"), &[id]),
        Config(detail) => (key("invalid config: {0}"), &[detail]),
        Refused(text) => return text.clone(),
    };
    say(words)
}

/// The simulator's result type.
pub type Result<T, E = SimError> = std::result::Result<T, E>;

impl SimError {
    /// `expected` in the words of the language spoken now ("at most 60000").
    pub(crate) fn range(field: &str, expected: &str, got: impl Display) -> Self {
        SimError::OutOfRange {
            field: field.to_string(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }

    /// A value outside `range`, written as code ("3..=9", "[0,1]"): "field nodes must be in
    /// 3..=9, got 12".
    pub(crate) fn not_in(field: &str, range: &str, got: impl Display) -> Self {
        SimError::range(field, &fill(tr("in {0}"), &[&range]), got)
    }
}
