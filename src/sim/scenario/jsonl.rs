//! The JSON-lines scenario form: one object per line.
//!
//! ```text
//! {"cmd": "config", "nodes": 5, "seed": 7}          # the cluster (before any timed line)
//! {"at_ms": 1200, "cmd": "crash", "node": 1}        # any command of DESIGN.md
//! {"at_ms": 3000, "cmd": "report"}                  # print the state JSON at this time
//! {"at_ms": 1200, "expect": "leader within 2s"}     # an expectation in the text syntax
//! {"title": "Leader election", "about": "..."}      # optional
//! ```
//! Blank lines and lines starting with `#` are skipped.

use serde_json::{Map, Value};

use super::cursor::Cursor;
use super::error::ScenarioError;
use super::expect::{parse_expectation, Expectation};
use super::lexer::lex;
use super::{Action, Scenario, Step};
use crate::i18n::{fill, tr};
use crate::sim::command::Command;
use crate::sim::horizon::{max_time_words, MAX_TIME_MS};
use crate::sim::request::Request;

/// Parses a whole JSON-lines scenario.
pub fn parse_jsonl(source: &str) -> Result<Scenario, ScenarioError> {
    let mut sc = Scenario::default();
    let mut anchor_ms = 0;
    let mut seen_timed = false;
    // The highest id a membership command brings (later lines may name that server).
    let mut added = 0;
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let value: Value = serde_json::from_str(trimmed)
            .map_err(|e| ScenarioError::at(line, e.column(), fill(tr("bad JSON: {0}"), &[&e])))?;
        let Value::Object(mut object) = value else {
            return Err(ScenarioError::at(line, 1, tr("expected a JSON object")));
        };
        let at_ms = take_at_ms(&mut object, line, key_column(raw, "at_ms"))?;
        if let Some(title) = take_string(&mut object, "title", line)? {
            sc.title = title;
        }
        if let Some(about) = take_string(&mut object, "about", line)? {
            sc.description = about;
        }
        if let Some(text) = take_string(&mut object, "expect", line)? {
            let anchor = at_ms.unwrap_or(anchor_ms);
            // It may name the servers earlier lines bring, as in the text form.
            let nodes = sc.config.nodes.max(added);
            sc.expectations
                .push(expectation(&text, line, anchor, at_ms, nodes)?);
            continue;
        }
        if object.is_empty() {
            continue; // A title/about line.
        }
        let is_report = object.get("cmd").and_then(Value::as_str) == Some("report");
        if is_report {
            object.shift_remove("cmd");
            if let Some(key) = object.keys().next() {
                let msg = fill(tr("report: unknown field `{0}`"), &[key]);
                return Err(ScenarioError::at(line, 1, msg));
            }
        }
        let action = if is_report {
            Action::Report
        } else {
            let request = Request::from_value(Value::Object(object))
                .map_err(|e| ScenarioError::at(line, 1, e.to_string()))?;
            if let Some(command) = request.command() {
                check_nodes(command, sc.config.nodes.max(added), line)?;
                added = command.grows(added);
            }
            Action::Request(request)
        };
        match (action, at_ms) {
            (Action::Request(Request::Restart(config)), None | Some(0)) if !seen_timed => {
                sc.config = config;
            }
            (action, Some(at_ms)) => {
                seen_timed = true;
                anchor_ms = at_ms;
                sc.add_step(Step {
                    at_ms,
                    line,
                    action,
                });
            }
            (_, None) => {
                let msg = tr("missing field \"at_ms\" (when the command runs, in ms)");
                return Err(ScenarioError::at(line, 1, msg));
            }
        }
    }
    Ok(sc)
}

/// `at_ms`, a whole number of ms up to [`MAX_TIME_MS`] (a run to a later time would not
/// finish); `col` is where the field is written.
fn take_at_ms(
    object: &mut Map<String, Value>,
    line: usize,
    col: usize,
) -> Result<Option<u64>, ScenarioError> {
    let Some(v) = object.shift_remove("at_ms") else {
        return Ok(None);
    };
    match v.as_u64() {
        Some(t) if t <= MAX_TIME_MS => Ok(Some(t)),
        Some(t) => Err(ScenarioError::at(
            line,
            col,
            fill(
                tr("at_ms {0} is past the largest simulated time, {1}"),
                &[&t, &max_time_words()],
            ),
        )),
        None => Err(ScenarioError::at(
            line,
            1,
            fill(tr("at_ms must be a whole number of ms, got {0}"), &[&v]),
        )),
    }
}

/// The 1-based column of `"key"` in `raw` (1 if it is not written plainly).
fn key_column(raw: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    raw.find(&quoted)
        .map_or(1, |at| raw[..at].chars().count() + 1)
}

fn take_string(
    object: &mut Map<String, Value>,
    field: &str,
    line: usize,
) -> Result<Option<String>, ScenarioError> {
    match object.shift_remove(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(ScenarioError::at(
            line,
            1,
            fill(tr("{0} must be a string, got {1}"), &[&field, &v]),
        )),
    }
}

/// An `expect` value, in the text syntax.
fn expectation(
    text: &str,
    line: usize,
    anchor_ms: u64,
    at_ms: Option<u64>,
    nodes: u64,
) -> Result<Expectation, ScenarioError> {
    let toks = lex(text, line)?;
    let mut cur = Cursor::new(toks, line, text.chars().count(), nodes);
    let (condition, when) = parse_expectation(&mut cur, anchor_ms, at_ms).map_err(|e| {
        ScenarioError::at(
            line,
            0,
            fill(
                tr("in \"expect\", column {0}: {1}"),
                &[&e.column, &e.message],
            ),
        )
    })?;
    Ok(Expectation {
        line,
        text: format!("expect {text}"),
        source: text.to_string(),
        at_ms,
        condition,
        when,
    })
}

/// Node ids in a command must exist in the cluster (new servers a membership command brings
/// are checked when the run reaches it).
pub(super) fn check_nodes(command: &Command, nodes: u64, line: usize) -> Result<(), ScenarioError> {
    match command.unknown_node(nodes) {
        Some((id, nodes)) => Err(ScenarioError::at(
            line,
            1,
            fill(
                tr("unknown node S{0} (cluster has S1..S{1})"),
                &[&id, &nodes],
            ),
        )),
        None => Ok(()),
    }
}

/// The scenario's commands as JSON lines (expectations in the text syntax).
pub fn to_jsonl(sc: &Scenario) -> String {
    let mut out = Vec::new();
    if !sc.title.is_empty() || !sc.description.is_empty() {
        out.push(serde_json::json!({"title": sc.title, "about": sc.description}).to_string());
    }
    out.push(with_at(None, Request::Restart(sc.config.clone())));
    for step in &sc.steps {
        let line = match &step.action {
            Action::Report => serde_json::json!({"at_ms": step.at_ms, "cmd": "report"}).to_string(),
            Action::Request(r) => with_at(Some(step.at_ms), r.clone()),
        };
        out.push(line);
    }
    for e in &sc.expectations {
        let at = match (e.at_ms, e.when) {
            (Some(t), _) => Some(t),
            (None, super::When::Window { from_ms, .. }) => Some(from_ms),
            _ => None,
        };
        let mut obj = Map::new();
        if let Some(t) = at {
            obj.insert("at_ms".into(), t.into());
        }
        obj.insert("expect".into(), e.source.clone().into());
        out.push(Value::Object(obj).to_string());
    }
    out.join("\n") + "\n"
}

fn with_at(at_ms: Option<u64>, request: Request) -> String {
    let mut value = serde_json::to_value(&request).unwrap_or(Value::Null);
    if let (Some(t), Value::Object(obj)) = (at_ms, &mut value) {
        obj.insert("at_ms".into(), t.into());
    }
    value.to_string()
}
