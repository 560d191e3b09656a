//! Writing a trace: one JSON document, a command (or an operation, or a narration line) a line,
//! so that two traces compare line by line.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::{Judged, Trace, TRACE_FIELD, TRACE_VERSION};
use crate::sim::request::Request;
use crate::sim::seed::MAX_EXACT_IN_JS;

/// A seed as JSON: a number up to 2^53 - 1, a string of digits above it (sim/seed.rs).
pub fn seed_to_json(seed: u64) -> Value {
    if seed <= MAX_EXACT_IN_JS {
        Value::from(seed)
    } else {
        Value::String(seed.to_string())
    }
}

/// A request as a JSON object with `at_ms` first (a restart's seed as sim/seed.rs writes it).
fn command_json(at_ms: u64, request: &Request) -> Value {
    let mut object = Map::new();
    object.insert("at_ms".into(), at_ms.into());
    // Through the JSON text, not `serde_json::to_value`: the page then carries one serializer
    // of every command, not two (about 9 KB, docs/size.md).
    if let Ok(Value::Object(fields)) = serde_json::from_str(&request.to_json()) {
        object.extend(fields);
    }
    Value::Object(object)
}

/// `"name": [` one item a line `]`.
fn write_list(out: &mut String, name: &str, items: &[Value]) {
    let _ = write!(out, ",\n  \"{name}\": [");
    for (i, item) in items.iter().enumerate() {
        let separator = if i == 0 { "" } else { "," };
        let _ = write!(out, "{separator}\n    {item}");
    }
    out.push_str(if items.is_empty() { "]" } else { "\n  ]" });
}

/// A JSON list with one item a line (a history file, the lists of a trace).
pub fn json_list(items: &[Value]) -> String {
    if items.is_empty() {
        return "[]\n".to_string();
    }
    let lines: Vec<String> = items.iter().map(Value::to_string).collect();
    format!("[\n  {}\n]\n", lines.join(",\n  "))
}

impl Trace {
    /// The trace file (docs/trace-format.md). Writing to a `String` cannot fail.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"{TRACE_FIELD}\": {TRACE_VERSION}");
        let texts = [
            ("title", &self.title),
            ("title.zh", &self.title_zh),
            ("description", &self.description),
            ("description.zh", &self.description_zh),
        ];
        for (name, text) in texts.into_iter().filter(|(_, text)| !text.is_empty()) {
            let _ = write!(out, ",\n  \"{name}\": {}", Value::from(text.as_str()));
        }
        let _ = write!(out, ",\n  \"seed\": {}", seed_to_json(self.config.seed));
        // The configuration's fields: its seed is the trace's.
        let mut config = command_json(0, &Request::Restart(self.config.clone()));
        if let Value::Object(fields) = &mut config {
            for name in ["at_ms", "cmd", "seed"] {
                fields.shift_remove(name);
            }
        }
        let _ = write!(out, ",\n  \"config\": {config}");
        let _ = write!(out, ",\n  \"time_ms\": {}", self.time_ms);
        if let Some(Judged { met, total }) = self.expectations {
            let _ = write!(
                out,
                ",\n  \"expectations\": {{\"met\": {met}, \"total\": {total}}}"
            );
        }
        let commands: Vec<Value> = (self.commands.iter())
            .map(|(at_ms, request)| command_json(*at_ms, request))
            .collect();
        write_list(&mut out, "commands", &commands);
        if let Some(events) = &self.events {
            write_list(&mut out, "events", events);
        }
        if let Some(history) = &self.history {
            write_list(&mut out, "history", history);
        }
        out.push_str("\n}\n");
        out
    }
}
