//! Linearizable reads (§6.4): ReadIndex on the leader, follower reads through the leader, lease
//! reads (§6.4.1), and the unsafe local read.
//!
//! ReadIndex: the leader records its commit index (once it has committed an entry of its term),
//! starts a new confirmation round (every AppendEntries carries the round number, and replies
//! echo it with the request's term: rounds are numbered afresh by each leadership), and serves once a majority acknowledged that round or a later one and it has applied
//! up to the recorded index. A round starts after the read arrived, so its acknowledgements prove
//! no newer leader had been elected when the read began.

use super::error::ReadError;
use super::event::{Event, LeaseUnusable};
use super::message::{MessageBody, ReadIndex, ReadIndexReply};
use super::ready::{PendingRead, ReadMode, ReadOutcome};
use super::types::{LogIndex, NodeId, Role, Term};
use super::Node;

/// Who is waiting for a read the leader confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadOrigin {
    /// A client of this node.
    Local,
    /// A follower asked, for its client's read `request_id`.
    Remote { from: NodeId },
}

#[derive(Clone, Debug)]
pub(crate) struct LeaderRead {
    id: u64,
    mode: ReadMode,
    origin: ReadOrigin,
    /// The confirmation round that must be acknowledged by a majority.
    round: u64,
    /// commit_index when the read was registered (or when the leader first committed in its term).
    read_index: Option<LogIndex>,
    deadline: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct FollowerRead {
    id: u64,
    /// The leader asked for the read index, and the term the request was sent in.
    leader: NodeId,
    term: Term,
    read_index: Option<LogIndex>,
    deadline: u64,
}

impl FollowerRead {
    /// Whether a ReadIndexReply answers this read's request: the same id, from the leader that
    /// was asked. A leader grants a read index only in the term the request was sent in (it
    /// refuses an older term's request, and its pending reads fail when it steps down), so a
    /// grant in any other term answers some other request; a refusal may come in a later term.
    fn answered_by(&self, from: NodeId, term: Term, id: u64, read_index: Option<LogIndex>) -> bool {
        let term_fits = match read_index {
            Some(_) => term == self.term,
            None => term >= self.term,
        };
        self.id == id && self.leader == from && term_fits
    }
}

/// The reads waiting on a node (volatile: a crash drops them).
#[derive(Clone, Debug, Default)]
pub(crate) struct ReadQueue {
    leader: Vec<LeaderRead>,
    follower: Vec<FollowerRead>,
    /// The highest read id accepted since the node started: ids must strictly increase, so a
    /// reply to an earlier read can never be taken for a newer one's.
    highest_id: Option<u64>,
}

impl ReadQueue {
    pub(crate) fn pending(&self) -> Vec<PendingRead> {
        let leader = self
            .leader
            .iter()
            .filter(|r| r.origin == ReadOrigin::Local)
            .map(|r| PendingRead {
                id: r.id,
                mode: r.mode,
                read_index: r.read_index,
            });
        let follower = self.follower.iter().map(|r| PendingRead {
            id: r.id,
            mode: ReadMode::Follower,
            read_index: r.read_index,
        });
        leader.chain(follower).collect()
    }

    pub(crate) fn next_deadline(&self) -> Option<u64> {
        let l = self.leader.iter().map(|r| r.deadline);
        let f = self.follower.iter().map(|r| r.deadline);
        l.chain(f).min()
    }
}

impl Node {
    /// A client read with the given mode. Errors that are known at once are returned; the
    /// outcome otherwise arrives in [`Ready::reads`](super::Ready).
    ///
    /// Read ids must strictly increase: an id not above every id this node accepted before
    /// (pending or finished) is refused with [`ReadError::StaleId`]. A follower read's id is the
    /// id of its ReadIndex request, and a reused id could be answered by a late reply meant for
    /// the earlier read, with an older read index (breaking linearizability). A refused read does
    /// not use up its id. The node keeps the highest id in volatile state only: after a restart
    /// it forgets it, so callers must keep their ids increasing across restarts (the
    /// simulator's read ids come from one counter that only grows).
    pub fn read(&mut self, now: u64, id: u64, mode: ReadMode) -> Result<(), ReadError> {
        if let Some(highest) = self.reads.highest_id.filter(|&h| id <= h) {
            return Err(ReadError::StaleId { id, highest });
        }
        let leader = self.role() == Role::Leader;
        match mode {
            ReadMode::Local => {
                let index = self.last_applied;
                self.serve_local(id, mode, index);
            }
            ReadMode::ReadIndex | ReadMode::Lease if !leader => {
                return Err(ReadError::NotLeader {
                    leader_hint: self.leader_id,
                });
            }
            ReadMode::ReadIndex => self.leader_read(now, id, mode, ReadOrigin::Local),
            ReadMode::Lease => self.lease_read(now, id),
            ReadMode::Follower if leader => self.leader_read(now, id, mode, ReadOrigin::Local),
            ReadMode::Follower => self.follower_read(now, id)?,
        }
        self.reads.highest_id = Some(id);
        Ok(())
    }

    fn serve_local(&mut self, id: u64, mode: ReadMode, read_index: LogIndex) {
        let node = self.id();
        self.ready.reads.push(ReadOutcome {
            id,
            result: Ok(read_index),
        });
        self.emit(Event::ReadServed {
            node,
            id,
            mode,
            read_index,
        });
    }

    fn fail_local(&mut self, id: u64, error: ReadError) {
        let node = self.id();
        self.ready.reads.push(ReadOutcome {
            id,
            result: Err(error.clone()),
        });
        self.emit(Event::ReadFailed { node, id, error });
    }

    /// §6.4 ReadIndex on the leader (also used for follower requests and lease fallbacks).
    fn leader_read(&mut self, now: u64, id: u64, mode: ReadMode, origin: ReadOrigin) {
        if self.config.quirks.unsafe_leader_local_read {
            // QUIRK (unsafe): answer from local state without confirming leadership.
            let index = self.commit_index;
            self.complete_leader_read(id, mode, origin, index);
            return;
        }
        let read_index = self
            .committed_in_current_term()
            .then_some(self.commit_index);
        let deadline = now.saturating_add(self.config.read_timeout_ms());
        let Some(leadership) = self.leadership() else {
            return;
        };
        let round = leadership.round + 1;
        self.reads.leader.push(LeaderRead {
            id,
            mode,
            origin,
            round,
            read_index,
            deadline,
        });
        // Start the confirming round now rather than waiting for the next heartbeat.
        self.broadcast_read_round(now);
        self.advance_reads();
    }

    /// A confirmation round for reads: one empty AppendEntries per follower, nothing re-sent.
    /// Retrying unacknowledged entries stays the periodic heartbeat's job, so a burst of reads
    /// costs one small message per follower per read, not the in-flight window each time.
    fn broadcast_read_round(&mut self, now: u64) {
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        leadership.start_round(now);
        for to in self.other_voters() {
            self.send_heartbeat(to);
        }
    }

    /// §6.4.1: serve at once while the lease holds; otherwise fall back to ReadIndex.
    fn lease_read(&mut self, now: u64, id: u64) {
        if self.config.quirks.unsafe_leader_local_read {
            let index = self.commit_index;
            self.serve_local(id, ReadMode::Lease, index);
            return;
        }
        let Some(leadership) = self.leadership() else {
            return;
        };
        let reason = if !self.config.check_quorum {
            Some(LeaseUnusable::NoCheckQuorum)
        } else if leadership.lease_revoked {
            Some(LeaseUnusable::HandedOver)
        } else if !self.committed_in_current_term() {
            Some(LeaseUnusable::NothingCommittedInTerm)
        } else if leadership.lease_expiry.is_none_or(|e| now >= e) {
            Some(LeaseUnusable::Expired)
        } else {
            None
        };
        match reason {
            None => {
                let index = self.commit_index;
                self.serve_local(id, ReadMode::Lease, index);
            }
            Some(reason) => {
                let node = self.id();
                self.emit(Event::LeaseFallback { node, id, reason });
                self.leader_read(now, id, ReadMode::Lease, ReadOrigin::Local);
            }
        }
    }

    /// §6.4 follower read: ask the leader for a read index, serve once applied that far.
    fn follower_read(&mut self, now: u64, id: u64) -> Result<(), ReadError> {
        let Some(leader) = self.leader_id else {
            return Err(ReadError::NoLeader);
        };
        // Outside its configuration (removed, §4.2.2) no leader brings its log up to a read
        // index for long: the read would wait until it fails. The client goes to the leader.
        if !self.membership().is_member(self.id()) {
            return Err(ReadError::NotLeader {
                leader_hint: Some(leader),
            });
        }
        let deadline = now.saturating_add(self.config.read_timeout_ms());
        let term = self.current_term();
        self.reads.follower.push(FollowerRead {
            id,
            leader,
            term,
            read_index: None,
            deadline,
        });
        self.send(leader, MessageBody::ReadIndex(ReadIndex { request_id: id }));
        Ok(())
    }

    /// The leader's side of a follower read.
    pub(crate) fn handle_read_index_request(&mut self, now: u64, from: NodeId, request_id: u64) {
        if self.role() != Role::Leader {
            self.send(
                from,
                MessageBody::ReadIndexReply(ReadIndexReply {
                    request_id,
                    read_index: None,
                }),
            );
            return;
        }
        let origin = ReadOrigin::Remote { from };
        if self
            .reads
            .leader
            .iter()
            .any(|r| r.id == request_id && r.origin == origin)
        {
            return; // a duplicated request: the first one is being confirmed
        }
        self.leader_read(now, request_id, ReadMode::Follower, origin);
    }

    /// The follower learns its read index (or that the leader could not give one).
    pub(crate) fn handle_read_index_reply(
        &mut self,
        from: NodeId,
        term: Term,
        reply: ReadIndexReply,
    ) {
        let ReadIndexReply {
            request_id,
            read_index,
        } = reply;
        let answers = |r: &FollowerRead| r.answered_by(from, term, request_id, read_index);
        let Some(pos) = self.reads.follower.iter().position(answers) else {
            return; // unknown, already served, a duplicate, or not an answer to our request
        };
        match read_index {
            Some(i) => {
                let r = &mut self.reads.follower[pos];
                r.read_index = Some(r.read_index.map_or(i, |old| old.max(i)));
                self.advance_reads();
            }
            None => {
                self.reads.follower.remove(pos);
                let leader_hint = self.leader_id;
                self.fail_local(request_id, ReadError::NotLeader { leader_hint });
            }
        }
    }

    /// The lease runs from the moment the newest majority-acknowledged round began (§6.4.1).
    pub(crate) fn update_lease(&mut self) {
        let confirmed = self.confirmed_round();
        let duration = self.config.lease_duration_ms();
        let Some(leadership) = self.leadership_mut().filter(|_| confirmed > 0) else {
            return;
        };
        let sent = &leadership.round_sent_at;
        if let Ok(i) = sent.binary_search_by_key(&confirmed, |r| r.0) {
            let expiry = sent[i].1.saturating_add(duration);
            let lease = &mut leadership.lease_expiry;
            *lease = Some(lease.map_or(expiry, |e| e.max(expiry)));
        }
        // Rounds before the confirmed one can no longer matter.
        let older = leadership
            .round_sent_at
            .partition_point(|r| r.0 < confirmed);
        leadership.round_sent_at.drain(..older);
    }

    /// The newest round a majority (the leader included, if it is a voter) has acknowledged, of
    /// both voter sets in the joint phase (0 unless leader).
    fn confirmed_round(&self) -> u64 {
        let Some(leadership) = self.leadership() else {
            return 0;
        };
        let me = self.id();
        self.membership().quorum_value(|v| {
            if v == me {
                leadership.round
            } else {
                leadership.peers.get(&v).map_or(0, |p| p.acked_round)
            }
        })
    }

    /// Serves every read whose conditions now hold.
    pub(crate) fn advance_reads(&mut self) {
        if self.role() == Role::Leader && !self.reads.leader.is_empty() {
            let confirmed = self.confirmed_round();
            let commit = self
                .committed_in_current_term()
                .then_some(self.commit_index);
            let applied = self.last_applied;
            let mut ready = Vec::new();
            self.reads.leader.retain_mut(|r| {
                if r.read_index.is_none() {
                    r.read_index = commit;
                }
                match r.read_index {
                    Some(i) if r.round <= confirmed && i <= applied => {
                        ready.push((r.id, r.mode, r.origin.clone(), i));
                        false
                    }
                    _ => true,
                }
            });
            for (id, mode, origin, i) in ready {
                self.complete_leader_read(id, mode, origin, i);
            }
        }
        let applied = self.last_applied;
        let mut ready = Vec::new();
        self.reads.follower.retain(|r| match r.read_index {
            Some(i) if i <= applied => {
                ready.push((r.id, i));
                false
            }
            _ => true,
        });
        for (id, i) in ready {
            self.serve_local(id, ReadMode::Follower, i);
        }
    }

    fn complete_leader_read(
        &mut self,
        id: u64,
        mode: ReadMode,
        origin: ReadOrigin,
        index: LogIndex,
    ) {
        match origin {
            ReadOrigin::Local => self.serve_local(id, mode, index),
            ReadOrigin::Remote { from } => self.send(
                from,
                MessageBody::ReadIndexReply(ReadIndexReply {
                    request_id: id,
                    read_index: Some(index),
                }),
            ),
        }
    }

    /// On stepping down, pending leader reads fail so clients retry elsewhere.
    pub(crate) fn fail_leader_reads(&mut self) {
        for r in std::mem::take(&mut self.reads.leader) {
            match r.origin {
                ReadOrigin::Local => self.fail_local(r.id, ReadError::LeadershipLost),
                ReadOrigin::Remote { from } => self.send(
                    from,
                    MessageBody::ReadIndexReply(ReadIndexReply {
                        request_id: r.id,
                        read_index: None,
                    }),
                ),
            }
        }
    }

    /// Reads not served within the read timeout fail so the client can retry.
    pub(crate) fn expire_reads(&mut self, now: u64) {
        let timeout = self.config.read_timeout_ms();
        let (expired, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.reads.leader)
            .into_iter()
            .partition(|r| now >= r.deadline);
        self.reads.leader = kept;
        for r in expired {
            if r.origin == ReadOrigin::Local {
                self.fail_local(r.id, ReadError::Timeout(timeout));
            }
        }
        let (expired, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.reads.follower)
            .into_iter()
            .partition(|r| now >= r.deadline);
        self.reads.follower = kept;
        for r in expired {
            self.fail_local(r.id, ReadError::Timeout(timeout));
        }
    }
}
