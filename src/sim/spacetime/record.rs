//! The world's side of the space-time records: a [`Recorder`] in the world's observers notes
//! facts as the world steps, and the simulation takes them after each step (see the module
//! above). It keeps only what a replay must rebuild to go on noting the same facts: the state
//! each lane shows and each server's commit index.

use super::{Accept, Arrow, Band, Fate, LaneState, Mark, MarkKind};
use crate::raft::{Message, MessageBody, MessageKind, Role};
use crate::sim::config::MAX_NODES;
use crate::sim::history::OpId;
use crate::sim::servers::{Life, Servers};

const LANES: usize = MAX_NODES as usize;

/// One thing that happened, as the diagram needs it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fact {
    /// A lane's state (role and term, crashed, absent) changed: a band begins.
    Lane(Band),
    /// A message put on the wire (one per copy), or stopped by a partition at its send.
    Sent(Arrow),
    /// The message with this wire id arrived or was lost.
    Ended {
        id: u64,
        at_ms: u64,
        fate: Fate,
    },
    Mark(Mark),
    /// A server took the client operation `op` (a history id).
    Accepted {
        op: OpId,
        accept: Accept,
    },
    /// A restart in place: every message in flight is over (wire ids start again).
    ClusterRestarted {
        at_ms: u64,
    },
}

/// Facts noted by the world, each with the position of the step that made it (0 until the step
/// ends: see [`Recorder::end_step`]).
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    facts: Vec<(u64, Fact)>,
    /// `facts[..stamped]` carry their step's position.
    stamped: usize,
    lanes: [(LaneState, u64); LANES],
    commit: [u64; LANES],
    /// The kind of the message the current step delivers: a reply to a heartbeat is routine.
    answering: Option<MessageKind>,
}

/// A copy of the world (a checkpoint) copies what a replay needs; the facts noted are not: the
/// simulation takes them after every step, before any copy is made.
impl Clone for Recorder {
    fn clone(&self) -> Recorder {
        Recorder {
            facts: Vec::new(),
            stamped: 0,
            lanes: self.lanes,
            commit: self.commit,
            answering: self.answering,
        }
    }
}

impl Recorder {
    fn note(&mut self, fact: Fact) {
        self.facts.push((0, fact));
    }

    /// Each lane's state now: a fact for every lane that changed.
    pub fn observe_lanes(&mut self, now: u64, servers: &Servers) {
        let servers = servers.as_slice();
        for i in 0..LANES {
            let seen = match servers.get(i).map(|s| &s.life) {
                Some(Life::Up(node)) => (lane_state(node.role()), node.current_term()),
                Some(Life::Down(persistent)) => (LaneState::Crashed, persistent.current_term),
                None => (LaneState::Absent, 0),
            };
            if seen == self.lanes[i] {
                continue;
            }
            self.lanes[i] = seen;
            if matches!(seen.0, LaneState::Crashed | LaneState::Absent) {
                self.commit[i] = 0; // volatile: a restarted server learns it again
            }
            self.note(Fact::Lane(Band {
                server: i as u64 + 1,
                state: seen.0,
                term: seen.1,
                from_ms: now,
                to_ms: None,
            }));
        }
    }

    /// A step ended at `position`: the lanes are looked at, and the step's facts stamped with
    /// its position.
    pub fn end_step(&mut self, now: u64, position: u64, servers: &Servers) {
        self.observe_lanes(now, servers);
        for (pos, _) in &mut self.facts[self.stamped..] {
            *pos = position;
        }
        self.stamped = self.facts.len();
        self.answering = None;
    }

    /// A fact of a step already ended at `position` (the store's tests make their own).
    #[cfg(test)]
    pub fn note_for_test(&mut self, fact: Fact, position: u64) {
        self.facts.push((position, fact));
        self.stamped = self.facts.len();
    }

    /// Hands over the facts of ended steps, oldest first.
    pub fn drain(&mut self, mut take: impl FnMut(u64, Fact)) {
        for (position, fact) in self.facts.drain(..self.stamped) {
            take(position, fact);
        }
        self.stamped = 0;
    }

    /// The step under way delivers a message of this kind.
    pub fn delivering(&mut self, kind: MessageKind) {
        self.answering = Some(kind);
    }

    /// A message about to be sent, as the diagram draws it (its wire ids and due times come
    /// with [`Recorder::sent`]).
    pub fn sending(&self, now: u64, msg: &Message) -> Arrow {
        let kind = msg.kind();
        let success = msg.is_success();
        let heartbeat = kind == MessageKind::Heartbeat
            || (kind == MessageKind::AppendEntriesReply
                && success == Some(true)
                && self.answering == Some(MessageKind::Heartbeat));
        Arrow {
            id: 0,
            kind,
            from: msg.from,
            to: msg.to,
            term: msg.term,
            index: message_index(msg),
            entries: msg.entries().len() as u64,
            success,
            heartbeat,
            sent_ms: now,
            due_ms: now,
            end_ms: None,
            fate: None,
        }
    }

    /// The message was sent: `copies` are its (wire id, due time) on the wire; none if a
    /// partition stopped it, which then ends where it began.
    pub fn sent(&mut self, arrow: Arrow, copies: &[(u64, u64)]) {
        if copies.is_empty() {
            let (end_ms, fate) = (Some(arrow.sent_ms), Some(Fate::Partitioned));
            self.note(Fact::Sent(Arrow {
                end_ms,
                fate,
                ..arrow
            }));
        }
        for &(id, due_ms) in copies {
            self.note(Fact::Sent(Arrow {
                id,
                due_ms,
                ..arrow
            }));
        }
    }

    pub fn ended(&mut self, id: u64, at_ms: u64, fate: Fate) {
        self.note(Fact::Ended { id, at_ms, fate });
    }

    /// After a step of server `server` (an id): its commit index, the entries it applied
    /// (`applied`, first and last), if any.
    pub fn server_stepped(
        &mut self,
        server: u64,
        now: u64,
        commit: u64,
        applied: Option<(u64, u64)>,
    ) {
        let Some(seen) = self.commit.get_mut(server as usize - 1) else {
            return;
        };
        if commit > *seen {
            let from_index = *seen + 1;
            *seen = commit;
            self.mark(server, MarkKind::Commit, now, from_index, commit);
        }
        if let Some((from_index, index)) = applied {
            self.mark(server, MarkKind::Apply, now, from_index, index);
        }
    }

    fn mark(&mut self, server: u64, kind: MarkKind, at_ms: u64, from_index: u64, index: u64) {
        let mark = Mark {
            server,
            kind,
            at_ms,
            from_index,
            index,
        };
        self.note(Fact::Mark(mark));
    }

    pub fn accepted(&mut self, op: OpId, accept: Accept) {
        self.note(Fact::Accepted { op, accept });
    }

    /// A restart in place: what was in flight is over; commit indexes start again.
    pub fn cluster_restarted(&mut self, now: u64) {
        self.commit = [0; LANES];
        self.note(Fact::ClusterRestarted { at_ms: now });
    }
}

fn lane_state(role: Role) -> LaneState {
    match role {
        Role::Follower => LaneState::Follower,
        Role::PreCandidate => LaneState::PreCandidate,
        Role::Candidate => LaneState::Candidate,
        Role::Leader => LaneState::Leader,
    }
}

/// The log index a message is about (see [`super::Arrow::index`]).
fn message_index(msg: &Message) -> u64 {
    match &msg.body {
        MessageBody::PreVote(m) => m.last_log_index,
        MessageBody::RequestVote(m) => m.last_log_index,
        MessageBody::AppendEntries(m) => m.prev_log_index + m.entries.len() as u64,
        MessageBody::AppendEntriesReply(m) => m.match_index,
        MessageBody::ReadIndexReply(m) => m.read_index.unwrap_or(0),
        MessageBody::InstallSnapshot(m) => m.last_included_index,
        MessageBody::InstallSnapshotReply(m) => m.last_included_index,
        MessageBody::PreVoteReply(_)
        | MessageBody::RequestVoteReply(_)
        | MessageBody::TimeoutNow
        | MessageBody::ReadIndex(_) => 0,
    }
}
