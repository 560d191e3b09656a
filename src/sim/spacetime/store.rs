//! The simulation's side of the space-time records: [`Spacetime`] keeps the facts the world
//! noted, outside the world (checkpoints do not copy them), and answers a window of time.

use super::record::{Fact, Recorder};
use super::{Accept, Arrow, Band, ClientOp, Fate, LaneState, Mark, Window};
use crate::sim::history::{History, OpId};
use crate::sim::state::OperationState;

/// Messages kept at most (104 bytes each: some 15 MB). A five-server cluster with a write every
/// 100 ms sends about 240 messages a simulated second, heartbeats included, so this holds its
/// last ten minutes.
pub const MAX_MESSAGES: usize = 150_000;
/// Commit and apply marks kept at most (48 bytes each).
pub const MAX_MARKS: usize = 100_000;
/// Role bands kept at most.
pub const MAX_BANDS: usize = 20_000;
/// Servers taking client operations, kept at most.
pub const MAX_ACCEPTS: usize = 20_000;

/// Still open: a message in flight, a role held.
const OPEN: u64 = u64::MAX;

/// A record and the positions of the steps that began and ended it (a fork cuts by them).
#[derive(Debug, Clone)]
struct Span<T> {
    record: T,
    from_pos: u64,
    to_pos: u64,
}

/// The records of a run, oldest first (see the module above).
#[derive(Debug, Clone, Default)]
pub struct Spacetime {
    /// By send time.
    messages: Vec<Span<Arrow>>,
    /// By start (a lane's open band is its last).
    bands: Vec<Span<Band>>,
    marks: Vec<(Mark, u64)>,
    /// Servers taking client operations (history ids), by time.
    accepts: Vec<(OpId, Accept, u64)>,
    /// The position of the latest step recorded (None before the start's facts).
    recorded_to: Option<u64>,
    recorded_from_ms: u64,
    /// The longest a message was due to travel: how far before a window its arrows may start.
    longest_flight_ms: u64,
    servers: u64,
}

/// Room past a bound for the facts of one step (the oldest go once the step's are in).
const SLACK: usize = 1024;

/// Pushes `x`, growing `list` as a `Vec` does (doubling) but not past `max` + [`SLACK`] items:
/// the bound holds for the memory taken, not only for the items held.
fn push_bounded<T>(list: &mut Vec<T>, x: T, max: usize) {
    if list.len() == list.capacity() {
        let room = match (max + SLACK).saturating_sub(list.len()) {
            0 => SLACK, // only if the caller forgets to let the oldest go
            room => room,
        };
        list.reserve_exact(list.capacity().max(64).min(room));
    }
    list.push(x);
}

impl Spacetime {
    /// Takes the facts of the recorder's ended steps. Those of steps recorded already (a
    /// replay after a seek back makes them again, the same) are let go.
    pub(crate) fn take_from(&mut self, recorder: &mut Recorder) {
        let recorded_to = self.recorded_to;
        recorder.drain(|position, fact| {
            if recorded_to.is_none_or(|r| position > r) {
                self.add(position, fact);
                self.recorded_to = Some(position);
            }
        });
        self.forget_oldest();
    }

    fn add(&mut self, position: u64, fact: Fact) {
        match fact {
            Fact::Lane(band) => {
                if let Some(open) = self.open_band(band.server) {
                    open.record.to_ms = Some(band.from_ms);
                    open.to_pos = position;
                }
                if band.state != LaneState::Absent {
                    self.servers = self.servers.max(band.server);
                    let (from_pos, to_pos) = (position, OPEN);
                    let record = band;
                    push_bounded(
                        &mut self.bands,
                        Span {
                            record,
                            from_pos,
                            to_pos,
                        },
                        MAX_BANDS,
                    );
                }
            }
            Fact::Sent(arrow) => {
                let flight = arrow.due_ms - arrow.sent_ms;
                self.longest_flight_ms = self.longest_flight_ms.max(flight);
                let to_pos = if arrow.end_ms.is_some() {
                    position
                } else {
                    OPEN
                };
                let span = Span {
                    record: arrow,
                    from_pos: position,
                    to_pos,
                };
                push_bounded(&mut self.messages, span, MAX_MESSAGES);
            }
            Fact::Ended { id, at_ms, fate } => {
                if let Some(m) = self.in_flight(at_ms).find(|m| m.record.id == id) {
                    (m.record.end_ms, m.record.fate, m.to_pos) =
                        (Some(at_ms), Some(fate), position);
                }
            }
            Fact::Mark(mark) => push_bounded(&mut self.marks, (mark, position), MAX_MARKS),
            Fact::Accepted { op, accept } => self.accepts.push((op, accept, position)),
            Fact::ClusterRestarted { at_ms } => {
                for m in self.in_flight(at_ms) {
                    let fate = Some(Fate::Dropped);
                    (m.record.end_ms, m.record.fate, m.to_pos) = (Some(at_ms), fate, position);
                }
            }
        }
    }

    /// Server `server`'s band still held.
    fn open_band(&mut self, server: u64) -> Option<&mut Span<Band>> {
        let last = self
            .bands
            .iter_mut()
            .rev()
            .find(|b| b.record.server == server)?;
        (last.to_pos == OPEN).then_some(last)
    }

    /// The messages in flight at `at_ms` (sent at most the longest flight before).
    fn in_flight(&mut self, at_ms: u64) -> impl Iterator<Item = &mut Span<Arrow>> {
        let since = at_ms.saturating_sub(self.longest_flight_ms);
        (self.messages.iter_mut().rev())
            .take_while(move |m| m.record.sent_ms >= since)
            .filter(|m| m.to_pos == OPEN)
    }

    /// A fork at `position`: the records of steps after it go, and what they had closed is
    /// open again.
    pub(crate) fn truncate_after(&mut self, position: u64) {
        if self.recorded_to.is_none_or(|r| r <= position) {
            return;
        }
        self.recorded_to = Some(position);
        self.messages.retain(|m| m.from_pos <= position);
        for m in self.messages.iter_mut().filter(|m| m.to_pos > position) {
            (m.record.end_ms, m.record.fate, m.to_pos) = (None, None, OPEN);
        }
        self.bands.retain(|b| b.from_pos <= position);
        for b in self.bands.iter_mut().filter(|b| b.to_pos > position) {
            (b.record.to_ms, b.to_pos) = (None, OPEN);
        }
        self.marks.retain(|(_, pos)| *pos <= position);
        self.accepts.retain(|(_, _, pos)| *pos <= position);
    }

    /// Past a bound, the oldest quarter of a list goes (bands still held stay), and the
    /// records are whole only from the latest end of what went.
    fn forget_oldest(&mut self) {
        let mut until = self.recorded_from_ms;
        if self.messages.len() > MAX_MESSAGES {
            let gone = self.messages.drain(..MAX_MESSAGES / 4);
            until = until.max(
                gone.map(|m| m.record.end_ms.unwrap_or(0))
                    .max()
                    .unwrap_or(0),
            );
        }
        if self.marks.len() > MAX_MARKS {
            until = until.max(self.marks[MAX_MARKS / 4].0.at_ms);
            self.marks.drain(..MAX_MARKS / 4);
        }
        if self.accepts.len() > MAX_ACCEPTS {
            until = until.max(self.accepts[MAX_ACCEPTS / 4].1.at_ms);
            self.accepts.drain(..MAX_ACCEPTS / 4);
        }
        if self.bands.len() > MAX_BANDS {
            let mut n = MAX_BANDS / 4;
            self.bands.retain(|b| match b.record.to_ms {
                Some(to_ms) if n > 0 => {
                    n -= 1;
                    until = until.max(to_ms);
                    false
                }
                _ => true,
            });
        }
        self.recorded_from_ms = until;
    }

    /// What overlaps `from_ms..=to_ms` (heartbeats and their replies left out unless asked
    /// for), with the client operations of `history` (the run's until now). The caller fills
    /// in where the simulation stands (`time_ms`, `end_ms`).
    pub fn window(&self, from_ms: u64, to_ms: u64, heartbeats: bool, history: &History) -> Window {
        let overlaps =
            |start: u64, end: Option<u64>| start <= to_ms && end.is_none_or(|t| t >= from_ms);
        let bands = (self.bands.iter())
            .filter(|b| overlaps(b.record.from_ms, b.record.to_ms))
            .map(|b| b.record.clone())
            .collect();
        let earliest = from_ms.saturating_sub(self.longest_flight_ms);
        let first = self
            .messages
            .partition_point(|m| m.record.sent_ms < earliest);
        let messages = (self.messages[first..].iter())
            .map(|m| &m.record)
            .take_while(|m| m.sent_ms <= to_ms)
            .filter(|m| overlaps(m.sent_ms, m.end_ms) && (heartbeats || !m.heartbeat))
            .cloned()
            .collect();
        let first = self.marks.partition_point(|(m, _)| m.at_ms < from_ms);
        let marks = (self.marks[first..].iter())
            .take_while(|(m, _)| m.at_ms <= to_ms)
            .map(|(m, _)| *m)
            .collect();
        let ops = (history.operations().iter())
            .take_while(|o| o.invoke_ms <= to_ms)
            .filter(|o| overlaps(o.invoke_ms, o.complete_ms))
            .map(|o| {
                // The servers that took it, while it waited for its answer.
                let first = self
                    .accepts
                    .partition_point(|(_, a, _)| a.at_ms < o.invoke_ms);
                let accepted = (self.accepts[first..].iter())
                    .take_while(|(_, a, _)| o.complete_ms.is_none_or(|t| a.at_ms <= t))
                    .filter(|(op, _, _)| *op == o.id)
                    .map(|(_, a, _)| *a)
                    .collect();
                let operation = OperationState::from(o);
                ClientOp {
                    operation,
                    accepted,
                }
            })
            .collect();
        Window {
            from_ms,
            to_ms,
            time_ms: 0,
            end_ms: 0,
            recorded_from_ms: self.recorded_from_ms,
            servers: self.servers,
            bands,
            messages,
            marks,
            ops,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures the bounds are given in (the module's doc).
    #[test]
    fn records_are_compact() {
        assert!(
            size_of::<Span<Arrow>>() <= 104,
            "{}",
            size_of::<Span<Arrow>>()
        );
        assert!(size_of::<(Mark, u64)>() <= 48);
        let mut list = Vec::new();
        for i in 0..1_500 {
            push_bounded(&mut list, i, 700);
        }
        assert_eq!(list.capacity(), 700 + SLACK, "no doubling past the bound");
    }
}
