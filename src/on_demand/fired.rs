//! Which rules just fired, from two looks at the state of the module's copy of the page's run
//! (`replica::light_state`; the page's own state does not carry the rules): the rules of the narration's lines told since the last look (`rule` of each state change)
//! and of the messages sent since (`rule` of each message). In step mode one look follows each
//! step, so what lights is that step's cause; while the run plays, whatever fired since the
//! last look. Nothing is read from the sentences.

use crate::raft::Rule;
use serde_json::Value;

/// A rule that fired, and on which servers.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub rule: Rule,
    pub servers: Vec<u64>,
}

/// What is lit: the rules that fired in the newest change of the run, and when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lit {
    pub fired: Vec<Fired>,
    /// The simulated times they fired at: the first and the newest.
    pub from_ms: u64,
    pub at_ms: u64,
    /// The run's time at the last look (later than `at_ms` when nothing fired since).
    pub now_ms: u64,
}

impl Lit {
    pub fn is_lit(&self, rule: Rule) -> Option<&Fired> {
        self.fired.iter().find(|f| f.rule == rule)
    }
}

/// A narration line, told apart from the others by what it says when.
#[derive(Debug, Clone, PartialEq)]
struct LineKey {
    time_ms: u64,
    node: Option<u64>,
    text: String,
}

fn key(line: &Value) -> LineKey {
    LineKey {
        time_ms: line["time_ms"].as_u64().unwrap_or(0),
        node: line["node"].as_u64(),
        text: line["text"].as_str().unwrap_or("").to_string(),
    }
}

/// What the last look saw.
#[derive(Debug, Default)]
pub struct Watch {
    newest_line: Option<LineKey>,
    newest_message: u64,
    now_ms: Option<u64>,
    lit: Lit,
}

/// The most rules shown lit at once (a fast run fires many between two looks).
const MOST: usize = 8;

impl Watch {
    /// Looks at `state`; returns what is lit now. Until something fires, what fired last stays
    /// lit (with its time), so a step that changed nothing a rule tells of does not blank it.
    pub fn look(&mut self, state: &Value) -> &Lit {
        let now = state["time_ms"].as_u64().unwrap_or(0);
        let empty = Vec::new();
        let lines = state["events"].as_array().unwrap_or(&empty);
        let messages = state["in_flight"].as_array().unwrap_or(&empty);
        // Back in time (a step back, a seek, a new run), or the first look: what fired at the
        // newest moment still shown is the cause of where the run stands.
        let last_seen = (self.newest_line.as_ref())
            .and_then(|seen| lines.iter().rposition(|l| key(l) == *seen));
        let fresh_start = match (self.now_ms, last_seen) {
            (Some(before), Some(i)) if now >= before => Some(i + 1),
            _ => None,
        };
        let (new_lines, new_messages): (Vec<&Value>, Vec<&Value>) = match fresh_start {
            Some(start) => (
                lines[start..].iter().collect(),
                (messages.iter())
                    .filter(|m| m["id"].as_u64().unwrap_or(0) > self.newest_message)
                    .collect(),
            ),
            None => {
                let newest = lines.last().and_then(|l| l["time_ms"].as_u64());
                (
                    (lines.iter())
                        .filter(|l| l["time_ms"].as_u64() == newest)
                        .collect(),
                    (messages.iter())
                        .filter(|m| m["sent_ms"].as_u64() == Some(now))
                        .collect(),
                )
            }
        };
        let mut fired: Vec<Fired> = Vec::new();
        let (mut from_ms, mut at_ms) = (None::<u64>, None);
        let from_lines = new_lines.iter().map(|l| (l, l["node"].as_u64()));
        let from_messages = new_messages.iter().map(|m| (m, m["from"].as_u64()));
        for (item, server) in from_lines.chain(from_messages) {
            let Some(rule) = item["rule"].as_str().and_then(Rule::from_name) else {
                continue;
            };
            let time = item["time_ms"].as_u64().or(item["sent_ms"].as_u64());
            at_ms = at_ms.max(time);
            from_ms = match (from_ms, time) {
                (Some(f), Some(t)) => Some(f.min(t)),
                (f, t) => f.or(t),
            };
            let full = fired.len() >= MOST;
            match fired.iter_mut().find(|f| f.rule == rule) {
                Some(f) => {
                    if let Some(s) = server.filter(|s| !f.servers.contains(s)) {
                        f.servers.push(s);
                    }
                }
                None if !full => fired.push(Fired {
                    rule,
                    servers: server.into_iter().collect(),
                }),
                None => {}
            }
        }
        self.newest_line = lines.last().map(key);
        self.newest_message = (messages.iter())
            .filter_map(|m| m["id"].as_u64())
            .max()
            .unwrap_or(0)
            .max(if fresh_start.is_some() {
                self.newest_message
            } else {
                0
            });
        self.now_ms = Some(now);
        if !fired.is_empty() {
            self.lit.fired = fired;
            self.lit.at_ms = at_ms.unwrap_or(now);
            self.lit.from_ms = from_ms.unwrap_or(self.lit.at_ms);
        } else if fresh_start.is_none() {
            // Back before everything that fired: nothing is lit.
            self.lit = Lit::default();
        }
        self.lit.now_ms = now;
        &self.lit
    }
}
