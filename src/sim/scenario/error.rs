//! A scenario error names the line and column it comes from.

use thiserror::Error;

/// "line 7, column 12: unknown node S9 (cluster has S1..S5)". Line and column are 1-based; a
/// column of 0 means the whole line.
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
            (line, 0) => format!("line {line}: {}", self.message),
            (line, column) => format!("line {line}, column {column}: {}", self.message),
        }
    }
}
