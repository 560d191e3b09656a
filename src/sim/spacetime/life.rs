//! A client request's whole life across the lanes, read from a window's records: invoked by
//! its client, taken by a server, carried by messages, committed once a majority has it (§5.3),
//! applied by each server, answered; for a read, its ReadIndex confirmation round (§6.4) and
//! where it took effect. The diagram draws it when a person selects the request.

use super::{Arrow, ClientOp, MarkKind, Window};
use crate::i18n::{fill, key, tr};
use crate::raft::MessageKind;

/// One moment of the life: a point on a lane (`server` 0 is the client lane).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifeStep {
    pub at_ms: u64,
    pub server: u64,
    pub text: String,
}

/// The steps in order of time, and the messages that carried the request (indexes into the
/// window's `messages`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Life {
    pub steps: Vec<LifeStep>,
    pub messages: Vec<usize>,
}

/// The life of `op` as far as `window` shows it.
pub fn life(window: &Window, op: &ClientOp) -> Life {
    let o = &op.operation;
    let mut life = Life::default();
    let what = match o.value.as_deref() {
        Some(value) => format!("{} {}={value}", o.op, o.key),
        None => format!("{} {}", o.op, o.key),
    };
    life.step(
        o.invoke_ms,
        0,
        fill(tr("client {0} invokes {1}"), &[&o.client, &what]),
    );
    let end = o.complete_ms.unwrap_or(u64::MAX);
    for accept in &op.accepted {
        let text = match accept.index {
            0 => fill(tr("S{0} takes the read"), &[&accept.server]),
            index => fill(
                tr("S{0} appends it to its log at index {1}"),
                &[&accept.server, &index],
            ),
        };
        life.step(accept.at_ms, accept.server, text);
    }
    match op.accepted.last() {
        Some(accept) if accept.index > 0 => {
            write_life(&mut life, window, accept.server, accept.index, accept.at_ms)
        }
        Some(accept) => read_life(&mut life, window, accept.server, accept.at_ms, end),
        None => {}
    }
    if let Some(at_ms) = o.complete_ms {
        let answer = match (o.status.as_deref(), o.output.as_deref()) {
            (Some("value"), Some(value)) => fill(tr("the value {0}"), &[&value]),
            (Some("value"), None) => tr("no value").to_string(),
            (None, _) => tr("nothing").to_string(),
            (status, _) => status_words(status),
        };
        life.step(
            at_ms,
            0,
            fill(
                tr("S{0} answers client {1}: {2}"),
                &[&o.node, &o.client, &answer],
            ),
        );
    }
    life.steps.sort_by_key(|s| s.at_ms); // stable: a step stays after its cause at one time
    life.messages.sort_unstable();
    life.messages.dedup();
    life
}

/// An operation's status (`OperationState::status`) in words, for a person: "ok", "value read",
/// "failed", "unknown", "pending" (no status yet).
pub fn status_words(status: Option<&str>) -> String {
    let words = match status {
        Some("ok") => key("ok"),
        Some("value") => key("value read"),
        Some("failed") => key("failed"),
        Some("unknown") => key("unknown"),
        Some(other) => return other.to_string(),
        None => key("pending"),
    };
    tr(words).to_string()
}

impl Life {
    fn step(&mut self, at_ms: u64, server: u64, text: String) {
        self.steps.push(LifeStep {
            at_ms,
            server,
            text,
        });
    }
}

/// The reply `to` sent when `m` reached it (in the same step, so at `m`'s end).
fn reply_to(window: &Window, m: &Arrow, kind: MessageKind) -> Option<usize> {
    let at = m.end_ms?;
    (window.messages.iter())
        .position(|r| r.kind == kind && r.from == m.to && r.to == m.from && r.sent_ms == at)
}

/// A write appended by `leader` at `index`: the AppendEntries that carry it and their
/// answers, the leader's commit once a majority has it, the others' commits, every apply.
fn write_life(life: &mut Life, window: &Window, leader: u64, index: u64, from_ms: u64) {
    for (i, m) in window.messages.iter().enumerate() {
        let carries = m.kind == MessageKind::AppendEntries
            && m.from == leader
            && m.sent_ms >= from_ms
            && m.index >= index
            && m.index - m.entries < index;
        if !carries {
            continue;
        }
        life.messages.push(i);
        if let Some(r) = reply_to(window, m, MessageKind::AppendEntriesReply) {
            life.messages.push(r);
        }
    }
    let covering = (window.marks.iter())
        .filter(|m| m.at_ms >= from_ms && (m.from_index..=m.index).contains(&index));
    let mut seen = Vec::new();
    for mark in covering {
        if seen.contains(&(mark.kind, mark.server)) {
            continue; // after a restart a server commits and applies it again
        }
        seen.push((mark.kind, mark.server));
        let text = match (mark.kind, mark.server == leader) {
            (MarkKind::Commit, true) => key("S{0} commits index {1}: a majority has it"),
            (MarkKind::Commit, false) => key("S{0} learns that {1} is committed"),
            (MarkKind::Apply, _) => key("S{0} applies {1} to its state machine"),
        };
        let text = fill(tr(text), &[&mark.server, &index]);
        life.step(mark.at_ms, mark.server, text);
    }
}

/// A read taken by `server`: its ReadIndex request to the leader and the answer, and the
/// leader's confirmation round (the first heartbeats it sends after, and their answers).
fn read_life(life: &mut Life, window: &Window, server: u64, from_ms: u64, end_ms: u64) {
    let during = |m: &&Arrow| m.sent_ms >= from_ms && m.sent_ms <= end_ms;
    let mut leader = server;
    let mut round_from = from_ms;
    let asked = (window.messages.iter().enumerate())
        .find(|(_, m)| m.kind == MessageKind::ReadIndex && m.from == server && during(m));
    if let Some((i, m)) = asked {
        life.messages.push(i);
        leader = m.to;
        round_from = m.end_ms.unwrap_or(m.sent_ms);
        life.step(
            m.sent_ms,
            server,
            fill(
                tr("S{0} asks leader S{1} for a read index"),
                &[&server, &leader],
            ),
        );
        let answer = (window.messages.iter().enumerate()).find(|(_, r)| {
            r.kind == MessageKind::ReadIndexReply && r.from == leader && r.to == server && during(r)
        });
        if let Some((r, reply)) = answer {
            life.messages.push(r);
            if let Some(at) = reply.end_ms {
                let text = fill(
                    tr("S{0} gets read index {1} from S{2}"),
                    &[&server, &reply.index, &leader],
                );
                life.step(at, server, text);
            }
        }
    }
    let round = (window.messages.iter())
        .filter(|m| {
            m.from == leader
                && matches!(m.kind, MessageKind::Heartbeat | MessageKind::AppendEntries)
        })
        .find(|m| m.sent_ms >= round_from && m.sent_ms <= end_ms)
        .map(|m| m.sent_ms);
    if let Some(at) = round {
        life.step(
            at,
            leader,
            fill(
                tr("S{0} confirms it still leads: a round of heartbeats"),
                &[&leader],
            ),
        );
        for (i, m) in window.messages.iter().enumerate() {
            let in_round = m.from == leader
                && m.sent_ms == at
                && matches!(m.kind, MessageKind::Heartbeat | MessageKind::AppendEntries);
            if in_round {
                life.messages.push(i);
                if let Some(r) = reply_to(window, m, MessageKind::AppendEntriesReply) {
                    life.messages.push(r);
                }
            }
        }
    }
}
