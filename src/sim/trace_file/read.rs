//! Reading a trace: field by field out of a `serde_json::Value`, every error naming the field
//! at fault as a JSON path and what was expected.

use serde_json::{Map, Value};

use super::{field_error, Judged, Trace, TraceError, FIELDS, TRACE_FIELD, TRACE_VERSION};
use crate::i18n::{fill, tr};
use crate::sim::config::SimConfig;
use crate::sim::error::SimError;
use crate::sim::horizon::{max_time_words, MAX_TIME_MS};
use crate::sim::request::{Request, RESTART_NAME};
use crate::sim::scenario::DEFAULT_TAIL_MS;

/// True when `source` reads as a trace rather than a JSON-lines scenario: one object with a
/// `raftlab_trace` field.
pub fn looks_like_trace(source: &str) -> bool {
    source.trim_start().starts_with('{') && source.contains(&format!("\"{TRACE_FIELD}\""))
}

impl Trace {
    /// Reads and checks a trace file.
    pub fn parse(text: &str) -> Result<Trace, TraceError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| TraceError::Json(e.to_string()))?;
        Trace::from_value(value)
    }

    /// As [`Trace::parse`], from a parsed JSON value (the page's `importTrace(object)`).
    pub fn from_value(value: Value) -> Result<Trace, TraceError> {
        let Value::Object(mut doc) = value else {
            return Err(TraceError::NotATrace(tr("expected a JSON object").into()));
        };
        let version = doc.shift_remove(TRACE_FIELD).ok_or_else(|| {
            TraceError::NotATrace(fill(tr("it has no \"{0}\" field"), &[&TRACE_FIELD]))
        })?;
        if version.as_u64() != Some(TRACE_VERSION) {
            return Err(TraceError::Version(version.to_string()));
        }
        if let Some(name) = doc.keys().find(|k| !FIELDS.split(", ").any(|f| f == *k)) {
            let detail = fill(tr("unknown field (a trace has {0})"), &[&FIELDS]);
            return Err(field_error(name, detail));
        }
        let title = read_text(&mut doc, "title")?;
        let description = read_text(&mut doc, "description")?;
        let title_zh = read_text(&mut doc, "title.zh")?;
        let description_zh = read_text(&mut doc, "description.zh")?;
        let seed = read_seed("seed", &required(&mut doc, "seed")?)?;
        let config = read_config(required(&mut doc, "config")?, seed)?;
        let commands = read_commands(required(&mut doc, "commands")?, config.nodes)?;
        let time_ms = match doc.shift_remove("time_ms") {
            Some(t) => read_time("time_ms", &t)?,
            // Written by hand: as a scenario, a second after the last command.
            None => commands
                .last()
                .map_or(0, |(t, _)| *t)
                .saturating_add(DEFAULT_TAIL_MS)
                .min(MAX_TIME_MS),
        };
        let expectations = match doc.shift_remove("expectations") {
            None => None,
            Some(judged) => Some(read_judged(&judged)?),
        };
        Ok(Trace {
            title,
            description,
            title_zh,
            description_zh,
            config,
            commands,
            time_ms,
            expectations,
            events: read_list(&mut doc, "events")?,
            history: read_list(&mut doc, "history")?,
        })
    }
}

/// `{"met": N, "total": M}`, N at most M.
fn read_judged(value: &Value) -> Result<Judged, TraceError> {
    let count = |name: &str| value.get(name).and_then(Value::as_u64);
    match (count("met"), count("total")) {
        (Some(met), Some(total)) if met <= total => Ok(Judged { met, total }),
        _ => Err(field_error(
            "expectations",
            fill(
                tr("expected {\"met\": N, \"total\": M} with N at most M, got {0}"),
                &[value],
            ),
        )),
    }
}

/// An optional string field ("" when left out).
fn read_text(doc: &mut Map<String, Value>, name: &str) -> Result<String, TraceError> {
    match doc.shift_remove(name) {
        None => Ok(String::new()),
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(field_error(
            name,
            got(tr("expected a string, got {0}"), &other),
        )),
    }
}

fn required(doc: &mut Map<String, Value>, name: &str) -> Result<Value, TraceError> {
    doc.shift_remove(name).ok_or_else(|| {
        field_error(
            name,
            tr("missing (a trace needs seed, config and commands)"),
        )
    })
}

/// A seed: a whole number, or a string of digits (above 2^53 - 1 it has to be one).
fn read_seed(field: &str, value: &Value) -> Result<u64, TraceError> {
    let seed = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => crate::sim::seed::parse(s),
        _ => None,
    };
    seed.ok_or_else(|| {
        let expected = tr(
            "expected a whole number from 0 to 18446744073709551615 (a string of \
                           digits above 9007199254740991), got {0}",
        );
        field_error(field, got(expected, value))
    })
}

/// A time in ms: a whole number up to [`MAX_TIME_MS`].
fn read_time(field: &str, value: &Value) -> Result<u64, TraceError> {
    match value.as_u64() {
        Some(t) if t <= MAX_TIME_MS => Ok(t),
        Some(t) => Err(field_error(
            field,
            fill(
                tr("{0} is past the largest simulated time, {1}"),
                &[&t, &max_time_words()],
            ),
        )),
        None => Err(field_error(
            field,
            got(tr("expected a whole number of ms, got {0}"), value),
        )),
    }
}

/// The configuration at time 0: the `config` command's fields. It may say `"cmd": "config"`
/// and repeat the seed (as `window.raftlab.config()` gives them), if the seed is the same.
fn read_config(value: Value, seed: u64) -> Result<SimConfig, TraceError> {
    let Value::Object(mut fields) = value else {
        return Err(field_error(
            "config",
            got(tr("expected a JSON object, got {0}"), &value),
        ));
    };
    if let Some(repeated) = fields.get("seed") {
        let repeated = read_seed("config.seed", repeated)?;
        if repeated != seed {
            let detail = fill(
                tr("{0} differs from the trace's seed, {1}"),
                &[&repeated, &seed],
            );
            return Err(field_error("config.seed", detail));
        }
    }
    match fields.get("cmd") {
        None => {}
        Some(Value::String(name)) if name == RESTART_NAME => {}
        Some(other) => {
            let detail = fill(
                tr("expected \"{0}\" or nothing, got {1}"),
                &[&RESTART_NAME, other],
            );
            return Err(field_error("config.cmd", detail));
        }
    }
    fields.insert("cmd".into(), RESTART_NAME.into());
    fields.insert("seed".into(), seed.into());
    match Request::from_value(Value::Object(fields)) {
        Ok(Request::Restart(config)) => Ok(config),
        Ok(_) => Err(field_error("config", tr("expected a configuration"))),
        // The detail, without the variant's own "config: " or "invalid config: " in front.
        Err(SimError::Config(detail) | SimError::BadField { detail, .. }) => {
            Err(field_error("config", detail))
        }
        Err(e) => Err(field_error("config", e.to_string())),
    }
}

/// Every command with its time: in time order, each a command of the command vocabulary (or
/// a timed `config`), naming servers the cluster has (or a membership command brings).
fn read_commands(value: Value, nodes: u64) -> Result<Vec<(u64, Request)>, TraceError> {
    let Value::Array(list) = value else {
        let detail = got(tr("expected a list, got {0}"), &value);
        return Err(field_error("commands", detail));
    };
    let mut commands: Vec<(u64, Request)> = Vec::with_capacity(list.len());
    let mut servers = nodes;
    for (i, item) in list.into_iter().enumerate() {
        let field = format!("commands[{i}]");
        let (at_ms, request) = read_command(&field, item)?;
        if let Some(&(previous, _)) = commands.last().filter(|(t, _)| *t > at_ms) {
            let detail = fill(
                tr("times must not go backwards: {0} ms after {1} ms"),
                &[&at_ms, &previous],
            );
            return Err(field_error(&format!("{field}.at_ms"), detail));
        }
        servers =
            servers_after(&request, servers).map_err(|e| field_error(&field, e.to_string()))?;
        commands.push((at_ms, request));
    }
    Ok(commands)
}

/// One `{"at_ms": T, "cmd": ...}`; a timed `config`'s seed may be a number or a string.
fn read_command(field: &str, item: Value) -> Result<(u64, Request), TraceError> {
    let Value::Object(mut object) = item else {
        return Err(field_error(
            field,
            got(tr("expected a JSON object, got {0}"), &item),
        ));
    };
    let at_ms = match object.shift_remove("at_ms") {
        Some(t) => read_time(&format!("{field}.at_ms"), &t)?,
        None => {
            let detail = tr("missing (when the command runs, in ms)");
            return Err(field_error(&format!("{field}.at_ms"), detail));
        }
    };
    if object.get("cmd").and_then(Value::as_str) == Some(RESTART_NAME) {
        if let Some(seed) = object.get("seed") {
            let seed = read_seed(&format!("{field}.seed"), seed)?;
            object.insert("seed".into(), seed.into());
        }
    }
    let request = Request::from_value(Value::Object(object))
        .map_err(|e| field_error(field, e.to_string()))?;
    Ok((at_ms, request))
}

/// How many servers the run may have after `request`, with `servers` before it; an error if it
/// names a server the run cannot have then. The same check as a scenario file's (a restart
/// may bring more servers, a membership command new ones); the run checks the rest.
fn servers_after(request: &Request, servers: u64) -> Result<u64, SimError> {
    let command = match request {
        Request::Restart(config) => return Ok(servers.max(config.nodes)),
        Request::Command(command) => command,
    };
    match command.unknown_node(servers) {
        Some((node, nodes)) => Err(SimError::UnknownNode { node, nodes }),
        None => Ok(command.grows(servers)),
    }
}

/// An optional list (`events`, `history`): kept as it is, only checked to be a list.
fn read_list(doc: &mut Map<String, Value>, name: &str) -> Result<Option<Vec<Value>>, TraceError> {
    match doc.shift_remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(other) => Err(field_error(
            name,
            got(tr("expected a list, got {0}"), &other),
        )),
    }
}

/// "expected …, got {0}" with the value that came instead, as JSON.
fn got(expected: &str, value: &Value) -> String {
    fill(expected, &[value])
}
