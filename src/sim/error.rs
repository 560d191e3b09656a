//! The simulator's one error type. Every message names what was wrong and the value given, so the
//! UI, the CLI and embedders can show it as is; errors compare equal in tests.

use thiserror::Error;

/// Why a command, a configuration or a timeline request was refused. The simulation is left
/// exactly as it was whenever one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimError {
    /// The text is not JSON, or not a JSON object.
    #[error("malformed command: {0}")]
    Malformed(String),
    #[error("missing field \"cmd\" (the command name)")]
    MissingCmd,
    #[error("unknown command \"{0}\"")]
    UnknownCommand(String),
    /// A field is missing, unknown or of the wrong type.
    #[error("{cmd}: {detail}")]
    BadField { cmd: String, detail: String },
    /// A value outside its allowed range: "field p must be in [0,1], got 1.5".
    #[error("field {field} must be {expected}, got {got}")]
    OutOfRange {
        field: String,
        expected: String,
        got: String,
    },
    #[error("no node S{node} (the cluster has S1..S{nodes})")]
    UnknownNode { node: u64, nodes: u64 },
    #[error("no message {0} in flight")]
    UnknownMessage(u64),
    #[error("S{0} is down")]
    NodeDown(u64),
    #[error("S{0} is already up")]
    NodeUp(u64),
    /// A configuration the cluster cannot start with.
    #[error("invalid config: {0}")]
    Config(String),
    /// The Raft core refused the request (for example a transfer with no leader).
    #[error("{0}")]
    Refused(String),
}

/// The simulator's result type.
pub type Result<T, E = SimError> = std::result::Result<T, E>;

impl SimError {
    pub(crate) fn range(field: &str, expected: &str, got: impl std::fmt::Display) -> Self {
        SimError::OutOfRange {
            field: field.to_string(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }
}
