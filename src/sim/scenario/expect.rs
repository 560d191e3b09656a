//! Expectations: what a scenario says must (or must not) happen, and their text form.
//!
//! ```text
//! expect leader within 2s                      # some node leads before anchor + 2s
//! expect no leader among {1,2} at 5s           # at 5 s, neither S1 nor S2 leads
//! expect leader S2 by 4s                       # S2 leads at some moment up to 4 s
//! expect leader with term >= 3 within 2s       # someone leads term 3 or a later one
//! expect value x=1 on all live nodes by 6s     # every up node's state machine has x=1
//! expect read x == 1                           # the last completed get of x returned 1
//! expect term S1 >= 3 at 9s
//! expect snapshot S2 >= 20 by 3s                # S2 compacted its log up to index 20 or later
//! expect commit >= 1 on all live nodes          # every up node knows index 1 is committed
//! expect log >= 2 on {1,2,3}                    # S1, S2 and S3 hold an entry at index 2 or later
//! expect voters {1,2,3,6,7} on all live nodes within 2s   # every up node uses that C_new
//! expect invariants ok
//! expect violation "State Machine Safety"
//! ```

use serde::Serialize;

use super::cursor::Cursor;
use super::error::ScenarioError;
use super::lexer::Tok;
use crate::i18n::{fill, tr};
use crate::sim::checker::Property;
use crate::sim::command::NodeId;
use crate::sim::config::MAX_NODES;
use crate::sim::horizon::{max_time_words, MAX_TIME_MS};

/// When an expectation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum When {
    /// On the state at this time (after every event up to it).
    At { ms: u64 },
    /// At some moment from `from_ms` to `to_ms` (both included).
    Window { from_ms: u64, to_ms: u64 },
    /// On the state at the end of the run.
    End,
}

/// Which nodes a value must be on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeScope {
    AllLive,
    Nodes(Vec<NodeId>),
}

/// A comparison in `term S1 >= 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

impl Cmp {
    pub fn holds(self, a: u64, b: u64) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Ge => a >= b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Lt => a < b,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Ge => ">=",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Lt => "<",
        }
    }
}

/// What a read is expected to return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadExpect {
    /// Returned this value (`None`: the key had no value).
    Value(Option<String>),
    /// Did not return a value (refused, gave up or still pending).
    Fails,
}

/// The condition of an expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// Some up node among `among` (any node if empty) is leader, in a term that passes
    /// `term` if given; `negated`: none is.
    Leader {
        among: Vec<NodeId>,
        negated: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        term: Option<(Cmp, u64)>,
    },
    /// The key has this value (`None`: no value) in the state machine of the scoped nodes.
    Value {
        key: String,
        value: Option<String>,
        on: NodeScope,
    },
    /// The last completed get of the key (sent to `via`, if given).
    Read {
        key: String,
        via: Option<NodeId>,
        expect: ReadExpect,
    },
    /// A node's current term compared with a number.
    Term { node: NodeId, cmp: Cmp, value: u64 },
    /// The last index a node's snapshot covers (0 without one) compared with a number.
    Snapshot { node: NodeId, cmp: Cmp, value: u64 },
    /// The commit index of the scoped nodes compared with a number.
    Commit { cmp: Cmp, value: u64, on: NodeScope },
    /// The index of the last entry of the scoped nodes' logs compared with a number.
    Log { cmp: Cmp, value: u64, on: NodeScope },
    /// The scoped nodes use a configuration of exactly these voters, out of the joint phase
    /// (§4: the change is complete there).
    Voters { voters: Vec<NodeId>, on: NodeScope },
    /// No checker (invariants, and linearizability at the end) found a violation.
    InvariantsOk,
    /// The checkers found a violation of this property.
    Violation { property: Property },
}

/// One `expect` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expectation {
    pub line: usize,
    /// The line as written (without comments), for reports.
    pub text: String,
    /// The words after `expect` (condition and time), as written.
    pub source: String,
    /// The time of an `at T expect ...` line (the default check time).
    pub at_ms: Option<u64>,
    pub condition: Condition,
    pub when: When,
}

/// Parses the words after `expect`; `anchor_ms` is the time of the last `at` line before it.
pub fn parse_expectation(
    cur: &mut Cursor,
    anchor_ms: u64,
    at_ms: Option<u64>,
) -> Result<(Condition, When), ScenarioError> {
    let condition = parse_condition(cur)?;
    let when = if cur.eat_word("at") {
        When::At { ms: cur.time()? }
    } else if cur.eat_word("by") {
        let col = cur.col();
        let to_ms = cur.time()?;
        if to_ms < anchor_ms {
            return Err(cur.err(
                col,
                fill(
                    tr("\"by\" time is before the previous \"at\" time ({0} ms)"),
                    &[&anchor_ms],
                ),
            ));
        }
        When::Window {
            from_ms: anchor_ms,
            to_ms,
        }
    } else if cur.eat_word("within") {
        let col = cur.col();
        let d = cur.time()?;
        let to_ms = anchor_ms.saturating_add(d);
        if to_ms > MAX_TIME_MS {
            return Err(cur.err(
                col,
                fill(
                    tr("the window ends at {0} ms, past the largest simulated time, {1}"),
                    &[&to_ms, &max_time_words()],
                ),
            ));
        }
        When::Window {
            from_ms: anchor_ms,
            to_ms,
        }
    } else if let Some(ms) = at_ms {
        When::At { ms }
    } else {
        When::End
    };
    cur.finish()?;
    Ok((condition, when))
}

pub(super) fn parse_condition(cur: &mut Cursor) -> Result<Condition, ScenarioError> {
    let (word, col) = cur.word(tr(
        "what to expect (leader, value, read, term, snapshot, commit, log, voters, invariants, violation)",
    ))?;
    match word.to_ascii_lowercase().as_str() {
        "leader" => parse_leader(cur, false),
        "no" => {
            cur.expect_word("leader", tr("after \"no\""))?;
            parse_leader(cur, true)
        }
        "value" => parse_value(cur),
        "read" => parse_read(cur),
        "term" => {
            let node = cur.node()?;
            let cmp = parse_cmp(cur)?;
            let value = cur.integer(tr("a term"))?;
            Ok(Condition::Term { node, cmp, value })
        }
        "snapshot" => {
            let node = cur.node()?;
            let cmp = parse_cmp(cur)?;
            let value = cur.integer(tr("a log index"))?;
            Ok(Condition::Snapshot { node, cmp, value })
        }
        "commit" | "log" => {
            let cmp = parse_cmp(cur)?;
            let value = cur.integer(tr("a log index"))?;
            let on = parse_scope(cur)?;
            Ok(if word.eq_ignore_ascii_case("commit") {
                Condition::Commit { cmp, value, on }
            } else {
                Condition::Log { cmp, value, on }
            })
        }
        "voters" => {
            // Servers that joined since the start have ids past the first ones.
            cur.nodes = MAX_NODES;
            let mut voters = cur.node_set()?;
            voters.sort_unstable();
            let on = parse_scope(cur)?;
            Ok(Condition::Voters { voters, on })
        }
        "invariants" => {
            cur.expect_word("ok", tr("after \"invariants\""))?;
            Ok(Condition::InvariantsOk)
        }
        "violation" => {
            let (name, col) = cur.text(tr("a property name such as \"Election Safety\""))?;
            let property = Property::from_name(&name).ok_or_else(|| {
                let names: Vec<&str> = Property::ALL.iter().map(|p| p.name()).collect();
                cur.err(
                    col,
                    fill(
                        tr("unknown property \"{0}\" (one of: {1})"),
                        &[&name, &names.join(", ")],
                    ),
                )
            })?;
            Ok(Condition::Violation { property })
        }
        _ => Err(cur.err(
            col,
            fill(
                tr(
                    "unknown expectation \"{0}\" (expected leader, no leader, value, read, \
                    term, snapshot, commit, log, voters, invariants ok or violation)",
                ),
                &[&word],
            ),
        )),
    }
}

fn parse_leader(cur: &mut Cursor, negated: bool) -> Result<Condition, ScenarioError> {
    let among = if cur.eat_word("among") {
        cur.node_set()?
    } else if cur.peek_word().is_some_and(is_node_word) {
        vec![cur.node()?]
    } else {
        Vec::new()
    };
    // `leader with term >= 3`: a leader of term 3 or later.
    let term = if cur.eat_word("with") {
        cur.expect_word("term", tr("after \"with\" (leader with term >= 3)"))?;
        let cmp = parse_cmp(cur)?;
        Some((cmp, cur.integer(tr("a term"))?))
    } else {
        None
    };
    Ok(Condition::Leader {
        among,
        negated,
        term,
    })
}

fn is_node_word(w: &str) -> bool {
    w.strip_prefix(['S', 's'])
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `value x=1 on all live nodes`, `value x=1 on S2`, `value x=1 on {1,2}`, `value x=none ...`.
fn parse_value(cur: &mut Cursor) -> Result<Condition, ScenarioError> {
    let (key, _) = cur.text(tr("a key"))?;
    cur.expect_punct("=", tr("between key and value"))?;
    let (raw, _) = cur.text(tr("a value"))?;
    let value = (raw != "none").then_some(raw);
    let on = parse_scope(cur)?;
    Ok(Condition::Value { key, value, on })
}

/// `on all live nodes`, `on S2`, `on {1,2}`, or nothing (all live nodes).
fn parse_scope(cur: &mut Cursor) -> Result<NodeScope, ScenarioError> {
    if !cur.eat_word("on") {
        return Ok(NodeScope::AllLive);
    }
    Ok(if cur.eat_word("all") {
        cur.eat_word("live");
        cur.expect_word("nodes", tr("after \"on all live\""))?;
        NodeScope::AllLive
    } else if matches!(cur.peek(), Some(Tok::Punct("{"))) {
        NodeScope::Nodes(cur.node_set()?)
    } else {
        NodeScope::Nodes(vec![cur.node()?])
    })
}

/// `read x == 1`, `read x == none`, `read x fails`, optionally `via S3` after the key.
fn parse_read(cur: &mut Cursor) -> Result<Condition, ScenarioError> {
    let (key, _) = cur.text(tr("a key"))?;
    let via = if cur.eat_word("via") {
        Some(cur.node()?)
    } else {
        None
    };
    let expect = if cur.eat_word("fails") {
        ReadExpect::Fails
    } else {
        cur.expect_punct("==", tr("or \"fails\" after the key"))?;
        let (raw, _) = cur.text(tr("a value (or none)"))?;
        ReadExpect::Value((raw != "none").then_some(raw))
    };
    Ok(Condition::Read { key, via, expect })
}

fn parse_cmp(cur: &mut Cursor) -> Result<Cmp, ScenarioError> {
    let cmp = match cur.peek() {
        Some(Tok::Punct("==")) => Cmp::Eq,
        Some(Tok::Punct("!=")) => Cmp::Ne,
        Some(Tok::Punct(">=")) => Cmp::Ge,
        Some(Tok::Punct("<=")) => Cmp::Le,
        Some(Tok::Punct(">")) => Cmp::Gt,
        Some(Tok::Punct("<")) => Cmp::Lt,
        _ => {
            return Err(cur.err_here(fill(
                tr("expected a comparison (==, !=, >=, <=, >, <){0}"),
                &[&cur.found()],
            )))
        }
    };
    cur.eat_punct(cmp.symbol());
    Ok(cmp)
}
