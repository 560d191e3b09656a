//! The human-readable scenario form (see docs/scenario-format.md): one directive per line.

use super::cursor::{parse_time, Cursor};
use super::error::ScenarioError;
use super::expect::{parse_expectation, Expectation};
use super::lexer::lex;
use super::{Action, Scenario, Step};
use crate::i18n::{fill, tr};
use crate::raft::Quirk;
use crate::sim::command::{Command, COMMAND_NAMES};
use crate::sim::config::{Quirks, SimConfig, MAX_NODES};
use crate::sim::history::ReadMode;
use crate::sim::request::{Request, RESTART_NAME};

/// Parses a whole text scenario.
pub fn parse_text(source: &str) -> Result<Scenario, ScenarioError> {
    let mut sc = Scenario::default();
    let mut anchor_ms = 0;
    let mut seen_timed = false;
    // The cluster size later lines are checked against (a timed `config` may change it).
    let mut nodes_now = sc.config.nodes;
    for (i, raw) in source.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim_start();
        let indent = raw.chars().count() - trimmed.chars().count();
        let prose = [
            ("title", &mut sc.title, " "),
            ("title.zh", &mut sc.title_zh, ""),
            ("about", &mut sc.description, " "),
            ("about.zh", &mut sc.description_zh, ""),
        ];
        // Several `about` lines join into one description (Chinese needs no space between).
        if let Some((rest, into, gap)) = (prose.into_iter())
            .find_map(|(keyword, into, gap)| Some((strip_keyword(trimmed, keyword)?, into, gap)))
        {
            if !into.is_empty() {
                into.push_str(gap);
            }
            into.push_str(rest.trim());
            continue;
        }
        let toks = lex(raw, line_no)?;
        if toks.is_empty() {
            continue;
        }
        let mut cur = Cursor::new(toks, line_no, raw.chars().count(), nodes_now);
        let (word, col) = cur.word(tr("a directive"))?;
        match word.to_ascii_lowercase().as_str() {
            "cluster" => {
                if seen_timed {
                    return Err(cur.err(
                        col,
                        tr(
                            "\"cluster\" lines come before the first \"at\" line (use \"at T \
                            config ...\" to restart the cluster later)",
                        ),
                    ));
                }
                let mut config = sc.config.clone();
                parse_options(&mut cur, &mut config)?;
                check_config(&config, line_no, indent + 1)?;
                nodes_now = config.nodes;
                sc.config = config;
            }
            "at" => {
                seen_timed = true;
                let at_ms = cur.time()?;
                anchor_ms = at_ms;
                if cur.eat_word("expect") {
                    let e = expectation(&mut cur, raw, anchor_ms, Some(at_ms))?;
                    sc.expectations.push(e);
                } else {
                    let action = parse_action(&mut cur)?;
                    match &action {
                        // Later lines name nodes of the new cluster.
                        Action::Request(Request::Restart(c)) => nodes_now = c.nodes,
                        // ... or the servers a membership change brings.
                        Action::Request(Request::Command(c)) => nodes_now = c.grows(nodes_now),
                        _ => {}
                    }
                    sc.add_step(Step {
                        at_ms,
                        line: line_no,
                        action,
                    });
                }
            }
            "expect" => {
                let e = expectation(&mut cur, raw, anchor_ms, None)?;
                sc.expectations.push(e);
            }
            "end" => {
                cur.expect_word("at", tr("after \"end\" (end at 10s)"))?;
                sc.end_ms = Some(cur.time()?);
                cur.finish()?;
            }
            _ => {
                return Err(cur.err(
                    col,
                    fill(
                        tr(
                            "unknown directive \"{0}\" (a line starts with title, about, \
                            cluster, at, expect or end)",
                        ),
                        &[&word],
                    ),
                ))
            }
        }
    }
    Ok(sc)
}

/// `rest` if `line` is `keyword` followed by a space (or nothing).
fn strip_keyword<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(keyword)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}

pub(super) fn expectation(
    cur: &mut Cursor,
    raw: &str,
    anchor_ms: u64,
    at_ms: Option<u64>,
) -> Result<Expectation, ScenarioError> {
    let start = cur.col();
    let (condition, when) = parse_expectation(cur, anchor_ms, at_ms)?;
    let text = strip_comment(raw).trim().to_string();
    let source: String = strip_comment(raw).chars().skip(start - 1).collect();
    Ok(Expectation {
        line: cur.line,
        text,
        source: source.trim().to_string(),
        at_ms,
        condition,
        when,
    })
}

/// The line up to a `#` that is outside a quoted string.
fn strip_comment(raw: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in raw.char_indices() {
        match c {
            '\\' if in_string && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => in_string = !in_string,
            '#' if !in_string => return &raw[..i],
            _ => {}
        }
        escaped = false;
    }
    raw
}

/// Checks a configuration, pointing at the line when it is invalid.
fn check_config(config: &SimConfig, line: usize, col: usize) -> Result<(), ScenarioError> {
    config
        .validate()
        .map_err(|e| ScenarioError::at(line, col, e.to_string()))
}

/// The command after `at TIME`.
pub(super) fn parse_action(cur: &mut Cursor) -> Result<Action, ScenarioError> {
    let (word, col) = cur.word(tr("a command"))?;
    let name = word.to_ascii_lowercase();
    let command = match name.as_str() {
        "report" => {
            cur.finish()?;
            return Ok(Action::Report);
        }
        "crash" => Command::Crash { node: cur.node()? },
        "restart" => Command::Restart { node: cur.node()? },
        "timeout" => Command::Timeout { node: cur.node()? },
        "snapshot" => Command::Snapshot { node: cur.node()? },
        // Membership (§4): `add S6`, `add S7 as learner`, `promote S7`, `remove S1`,
        // `change voters {1,2,3,6,7}`. A new server's id is past the cluster's.
        "add" | "add_server" => {
            cur.nodes = MAX_NODES;
            let node = cur.node()?;
            let learner = cur.eat_word("as");
            if learner {
                cur.expect_word("learner", tr("after \"as\" (add S7 as learner)"))?;
            }
            Command::AddServer { node, learner }
        }
        "remove" | "remove_server" => Command::RemoveServer { node: cur.node()? },
        "promote" => Command::Promote { node: cur.node()? },
        "change" | "change_config" => {
            cur.eat_word("voters");
            cur.nodes = MAX_NODES;
            Command::ChangeConfig {
                voters: cur.node_set()?,
            }
        }
        "partition" => {
            let mut groups = vec![cur.node_set()?];
            while !cur.is_done() {
                groups.push(cur.node_set()?);
            }
            Command::Partition { groups }
        }
        "cut" | "uncut" => {
            let from = cur.node()?;
            let oneway = if cur.eat_punct("->") {
                true
            } else {
                cur.eat_punct("<->");
                false
            };
            let to = cur.node()?;
            let oneway = oneway || cur.eat_word("oneway");
            if name == "cut" {
                Command::Cut { from, to, oneway }
            } else {
                Command::Uncut { from, to, oneway }
            }
        }
        "heal" => Command::Heal,
        "drop_rate" => Command::DropRate {
            p: cur.number(tr("a probability such as 0.1 or 10%"))?,
        },
        "dup_rate" => Command::DupRate {
            p: cur.number(tr("a probability such as 0.1 or 10%"))?,
        },
        "latency" => {
            let [min_ms, max_ms] = range_ms(cur)?;
            let (from, to) = if cur.is_done() {
                (None, None)
            } else {
                let from = cur.node()?;
                cur.expect_punct("->", tr("between the two nodes of a link"))?;
                (Some(from), Some(cur.node()?))
            };
            Command::Latency {
                min_ms,
                max_ms,
                from,
                to,
            }
        }
        "drop_message" => Command::DropMessage {
            id: cur.integer(tr("a message id"))?,
        },
        "transfer" => {
            cur.eat_word("to");
            Command::Transfer { to: cur.node()? }
        }
        "put" => {
            let (key, _) = cur.text(tr("a key"))?;
            cur.expect_punct("=", tr("between key and value (put x=1 via S1)"))?;
            let (value, _) = cur.text(tr("a value"))?;
            cur.expect_word(
                "via",
                tr("and the node the client sends to (put x=1 via S1)"),
            )?;
            Command::Put {
                key,
                value,
                node: cur.node()?,
            }
        }
        "get" => {
            let (key, _) = cur.text(tr("a key"))?;
            cur.expect_word("via", tr("and the node the client sends to (get x via S1)"))?;
            let node = cur.node()?;
            let read = if cur.eat_word("read") {
                cur.expect_punct("=", tr("after \"read\""))?;
                read_mode(cur)?
            } else {
                ReadMode::ReadIndex
            };
            Command::Get { key, node, read }
        }
        "clock_drift" => {
            let node = cur.node()?;
            if cur.eat_word("rate") {
                cur.expect_punct("=", tr("after \"rate\""))?;
            }
            let rate = cur.number(tr("a clock rate such as 1.5"))?;
            Command::ClockDrift { node, rate }
        }
        "config" => {
            let mut config = SimConfig::default();
            parse_options(cur, &mut config)?;
            cur.finish()?;
            let restart = Request::Restart(config);
            restart.check().map_err(|e| cur.err(col, e.to_string()))?;
            return Ok(Action::Request(restart));
        }
        _ => {
            let names = format!("{}, {RESTART_NAME}, report", COMMAND_NAMES.join(", "));
            let words = tr("unknown command \"{0}\" (one of: {1})");
            return Err(cur.err(col, fill(words, &[&word, &names])));
        }
    };
    cur.finish()?;
    command.check().map_err(|e| cur.err(col, e.to_string()))?;
    Ok(Action::Request(Request::Command(command)))
}

fn read_mode(cur: &mut Cursor) -> Result<ReadMode, ScenarioError> {
    let (w, col) = cur.word(tr("a read mode"))?;
    ReadMode::from_name(&w.to_ascii_lowercase()).ok_or_else(|| {
        let words = tr("unknown read mode \"{0}\" (one of: read_index, follower, lease, local)");
        cur.err(col, fill(words, &[&w]))
    })
}

/// `10..20ms`, `10ms..20ms` or `10ms` (min = max).
fn range_ms(cur: &mut Cursor) -> Result<[u64; 2], ScenarioError> {
    let (first, col) = cur.word(tr("a time range such as 10..20ms"))?;
    if !cur.eat_punct("..") {
        return parse_time(&first)
            .map(|t| [t, t])
            .map_err(|m| cur.err(col, m));
    }
    let (second, col2) = cur.word(tr("the end of the range"))?;
    let hi = parse_time(&second).map_err(|m| cur.err(col2, m))?;
    let unit = if second.ends_with("ms") { "ms" } else { "s" };
    let lo_text = if first.ends_with('s') {
        first
    } else {
        format!("{first}{unit}")
    };
    let lo = parse_time(&lo_text).map_err(|m| cur.err(col, m))?;
    Ok([lo, hi])
}

/// `key=value` options of `cluster` and `config`.
fn parse_options(cur: &mut Cursor, config: &mut SimConfig) -> Result<(), ScenarioError> {
    while !cur.is_done() {
        let (key, col) = cur.word(tr("an option such as nodes=5"))?;
        cur.expect_punct("=", &fill(tr("after \"{0}\""), &[&key]))?;
        match key.to_ascii_lowercase().as_str() {
            "nodes" => {
                let vcol = cur.col();
                config.nodes = cur.integer(tr("a number of nodes"))?;
                if !(3..=9).contains(&config.nodes) {
                    let words = tr("nodes must be in 3..=9, got {0}");
                    return Err(cur.err(vcol, fill(words, &[&config.nodes])));
                }
                cur.nodes = config.nodes;
            }
            "seed" => config.seed = cur.integer(tr("a seed"))?,
            "election" => {
                let [lo, hi] = range_ms(cur)?;
                config.election_ms = if lo == hi {
                    [lo, lo.saturating_mul(2)]
                } else {
                    [lo, hi]
                };
            }
            "heartbeat" => config.heartbeat_ms = cur.time()?,
            "latency" => config.latency_ms = range_ms(cur)?,
            "drop_rate" => config.drop_rate = cur.number(tr("a probability"))?,
            "dup_rate" => config.dup_rate = cur.number(tr("a probability"))?,
            "prevote" => config.prevote = switch(cur)?,
            "check_quorum" => config.check_quorum = switch(cur)?,
            "lease_drift_bound" | "lease_clock_drift_bound" => {
                config.lease_clock_drift_bound = cur.number(tr("a bound such as 0.1"))?
            }
            "max_entries" | "max_entries_per_append" => {
                config.max_entries_per_append = cur.integer(tr("a number of entries"))?
            }
            "client_timeout" => config.client_timeout_ms = cur.time()?,
            "checkpoint_every" => config.checkpoint_every_ms = cur.time()?,
            "snapshot_every" => config.snapshot_every = cur.integer(tr("a number of entries"))?,
            "snapshot_chunk" => config.snapshot_chunk = cur.integer(tr("a number of bytes"))?,
            "quirks" | "quirk" => loop {
                let (q, qcol) = cur.word(tr("a quirk name"))?;
                let quirks = &mut config.quirks;
                match Quirk::named(&q) {
                    Some(quirk) => quirk.switch(quirks, true),
                    None if q == "none" => *quirks = Default::default(),
                    None => {
                        let names = Quirks::names();
                        let words = tr("unknown quirk \"{0}\" (one of: {1})");
                        let message = fill(words, &[&q, &names]);
                        return Err(cur.err(qcol, message));
                    }
                }
                if !cur.eat_punct(",") {
                    break;
                }
            },
            _ => {
                return Err(cur.err(
                    col,
                    fill(
                        tr(
                            "unknown option \"{0}\" (one of: nodes, seed, election, heartbeat, \
                            latency, drop_rate, dup_rate, prevote, check_quorum, \
                            lease_drift_bound, max_entries, client_timeout, checkpoint_every, \
                            quirks)",
                        ),
                        &[&key],
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// on/off, true/false, yes/no.
fn switch(cur: &mut Cursor) -> Result<bool, ScenarioError> {
    let (w, col) = cur.word(tr("on or off"))?;
    match w.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(cur.err(col, fill(tr("expected on or off, found \"{0}\""), &[&w]))),
    }
}
