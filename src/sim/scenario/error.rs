//! A scenario error names the line and column it comes from.

use thiserror::Error;

use crate::i18n::{fill, tr};

/// "line 7, column 12: unknown node S9 (cluster has S1..S5)". Line and column are 1-based; a
/// column of 0 means the whole line. The frame is put into words when the error is shown, in the
/// language spoken then; the message, where the error is made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.render())]
pub struct ScenarioError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ScenarioError {
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        ScenarioError {
            line,
            column,
            message: message.into(),
        }
    }

    fn render(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.message.clone(),
            (line, 0) => fill(tr("line {0}: {1}"), &[&line, &self.message]),
            (line, column) => fill(
                tr("line {0}, column {1}: {2}"),
                &[&line, &column, &self.message],
            ),
        }
    }
}
