//! Scenario files: the human-readable text form and JSON lines, with expectations.
