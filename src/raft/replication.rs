//! Log replication (§5.3): proposals, AppendEntries with the consistency check, truncation of
//! conflicting suffixes, fast backtracking with conflict hints, batching and retries.

use rand::Rng;

use super::error::ProposeError;
use super::event::{Event, FollowerCause};
use super::log::{Entry, EntryData};
use super::message::{AppendEntries, AppendEntriesReply, MessageBody};
use super::progress::{HeartbeatSend, PeerProgress, ReplicationState};
use super::types::{LogIndex, NodeId, Role, Term};
use super::Node;

/// Flow control: how many batches may be unacknowledged at once while replicating.
const MAX_INFLIGHT_BATCHES: u64 = 4;

impl Node {
    /// The leader's progress of follower `to` (None unless leader).
    fn peer(&self, to: NodeId) -> Option<&PeerProgress> {
        self.leadership()?.peers.get(&to)
    }

    fn peer_mut(&mut self, to: NodeId) -> Option<&mut PeerProgress> {
        self.leadership_mut()?.peers.get_mut(&to)
    }

    /// A client command (§5.3): only the leader appends it, then replicates it. Refused while a
    /// leadership transfer is in progress (§3.10).
    pub fn propose(&mut self, now: u64, data: String) -> Result<LogIndex, ProposeError> {
        let Some(leadership) = self.leadership() else {
            return Err(ProposeError::NotLeader {
                leader_hint: self.leader_id,
            });
        };
        if let Some(t) = &leadership.transfer {
            return Err(ProposeError::TransferInProgress { target: t.target });
        }
        let peers = leadership.peer_ids();
        let index = self.append_to_own_log(EntryData::Command(data.into()));
        let (node, term) = (self.id(), self.current_term());
        self.emit(Event::Proposed { node, index, term });
        for to in peers {
            self.send_append(to);
        }
        self.maybe_commit(now);
        Ok(index)
    }

    /// Every heartbeat interval the leader starts a new confirmation round and sends each
    /// follower either a heartbeat, or the entries it still lacks (retrying what seems lost).
    pub(crate) fn broadcast_heartbeat(&mut self, now: u64) {
        let interval = self.config.heartbeat_interval_ms;
        let last = self.log().last_index();
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        leadership.start_round(now);
        leadership.heartbeat_deadline = now.saturating_add(interval);
        for to in leadership.peer_ids() {
            let Some(pr) = self.peer_mut(to) else {
                continue;
            };
            match pr.on_heartbeat(last) {
                HeartbeatSend::Heartbeat => self.send_heartbeat(to),
                HeartbeatSend::Entries => {
                    self.send_append(to);
                }
                HeartbeatSend::EntriesOrHeartbeat => {
                    if !self.send_append(to) {
                        self.send_heartbeat(to);
                    }
                }
            }
            if let Some(pr) = self.peer_mut(to) {
                pr.mark_round_sent();
            }
        }
    }

    /// A heartbeat checks consistency at match_index, which is known to match (while probing: at
    /// the probe point next_index - 1, so that its answer moves the probe on rather than back),
    /// and tells the follower min(match_index, commit_index) as the commit point: never more
    /// than it is known to hold.
    pub(crate) fn send_heartbeat(&mut self, to: NodeId) {
        let Some(leadership) = self.leadership() else {
            return;
        };
        let Some(pr) = leadership.peers.get(&to) else {
            return;
        };
        // Where the follower's point is compacted away (it is being sent the snapshot), at the
        // snapshot's last entry: the heartbeat still keeps it a follower and carries the round
        // (§6.2, §6.4); a rejection of it changes nothing.
        let prev_log_index = pr.heartbeat_prev_index().max(self.log().snapshot_index());
        let Some(prev_log_term) = self.log().term(prev_log_index) else {
            return;
        };
        let leader_commit = pr.match_index.min(self.commit_index);
        let round = leadership.round;
        let body = MessageBody::AppendEntries(AppendEntries {
            prev_log_index,
            prev_log_term,
            entries: Vec::new(),
            leader_commit,
            round,
        });
        self.send(to, body);
    }

    /// Sends `to` the entries from its next_index (at most `max_entries_per_append`). In Probe
    /// one message is in flight at a time; in Replicate next_index advances optimistically.
    /// Sends `to` what it lacks: one probe in Probe; in Replicate, batches pipelined while at
    /// most `MAX_INFLIGHT_BATCHES` batches' worth of entries are unacknowledged (flow control).
    /// Returns whether anything was sent.
    pub(crate) fn send_append(&mut self, to: NodeId) -> bool {
        let window =
            (self.config.max_entries_per_append as u64).saturating_mul(MAX_INFLIGHT_BATCHES);
        let mut sent = false;
        loop {
            let Some(pr) = self.peer(to) else {
                return sent;
            };
            let replicate = pr.state == ReplicationState::Replicate;
            if pr.is_paused(window) {
                return sent;
            }
            if !self.send_one_append(to) {
                return sent;
            }
            sent = true;
            if !replicate {
                return sent;
            }
        }
    }

    fn send_one_append(&mut self, to: NodeId) -> bool {
        let last = self.log().last_index();
        let max = self.config.max_entries_per_append;
        let Some(leadership) = self.leadership() else {
            return false;
        };
        let round = leadership.round;
        let Some(pr) = leadership.peers.get(&to) else {
            return false;
        };
        let Some(next) = pr.next_to_send(last) else {
            return false;
        };
        let prev_log_index = next - 1;
        if prev_log_index < self.log().snapshot_index() {
            // The entries it needs were compacted away: the snapshot stands for them (§7).
            return self.send_snapshot(to);
        }
        let Some(prev_log_term) = self.log().term(prev_log_index) else {
            return false;
        };
        let entries = self.log().slice(next, last, max);
        let leader_commit = if entries.is_empty() {
            pr.match_index.min(self.commit_index)
        } else {
            self.commit_index
        };
        let sent_up_to = prev_log_index + entries.len() as LogIndex;
        if let Some(pr) = self.peer_mut(to) {
            pr.sent(sent_up_to);
        }
        let body = MessageBody::AppendEntries(AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
            round,
        });
        self.send(to, body);
        true
    }

    /// A message only a leader sends (AppendEntries, InstallSnapshot) came from `from` in this
    /// node's term: a candidate steps down (§5.2), a follower learns who leads, and either
    /// restarts its election timer. False on a leader: two leaders in one term are impossible
    /// unless a quirk broke the vote, and the message is ignored.
    pub(crate) fn accept_leader<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
    ) -> bool {
        let term = self.current_term();
        match self.role() {
            Role::Leader => return false,
            Role::Candidate | Role::PreCandidate => self.become_follower(
                now,
                rng,
                term,
                Some(from),
                FollowerCause::LeaderFound { leader: from },
            ),
            Role::Follower if self.leader_id != Some(from) => {
                self.leader_id = Some(from);
                let node = self.id();
                self.emit(Event::LeaderKnown {
                    node,
                    term,
                    leader: from,
                });
            }
            Role::Follower => {}
        }
        // §5.2: hearing from the leader keeps a follower a follower.
        self.heard_from_leader(from, now);
        self.election_deadline = now.saturating_add(self.election_timeout);
        true
    }

    /// Follower side of AppendEntries (§5.3), for a request of the current term.
    pub(crate) fn handle_append_entries<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
        req: AppendEntries,
    ) {
        let term = self.current_term();
        if !self.accept_leader(now, rng, from) {
            return;
        }
        if !well_formed(&req, term) {
            return;
        }
        let reply = self.check_and_append(
            req.prev_log_index,
            req.prev_log_term,
            req.entries,
            req.leader_commit,
        );
        let body = match reply {
            Ok(match_index) => MessageBody::AppendEntriesReply(AppendEntriesReply {
                success: true,
                match_index,
                rejected_index: 0,
                conflict_index: 0,
                conflict_term: None,
                last_log_index: self.log().last_index(),
                round: req.round,
                request_term: term,
            }),
            Err((conflict_index, conflict_term)) => {
                MessageBody::AppendEntriesReply(AppendEntriesReply {
                    success: false,
                    match_index: 0,
                    rejected_index: req.prev_log_index,
                    conflict_index,
                    conflict_term,
                    last_log_index: self.log().last_index(),
                    round: req.round,
                    request_term: term,
                })
            }
        };
        self.send(from, body);
    }

    /// The consistency check and append (§5.3). Ok(index of the last entry known to match);
    /// Err((conflict_index, conflict_term)) is the backtracking hint.
    fn check_and_append(
        &mut self,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
    ) -> Result<LogIndex, (LogIndex, Option<Term>)> {
        if prev_log_index < self.log().snapshot_index() {
            // Compacted here, so committed: what it covers matches the leader's log (Leader
            // Completeness, Log Matching). Say how far it matches; the leader goes on from there
            // (etcd raft answers any request below its commit index so).
            return Ok(self.commit_index);
        }
        match self.log().term(prev_log_index) {
            None => return Err((self.log().last_index() + 1, None)),
            Some(t) if t != prev_log_term => {
                return Err((
                    self.log().first_index_of_term_before(t, prev_log_index),
                    Some(t),
                ));
            }
            Some(_) => {}
        }
        let last_new = prev_log_index + entries.len() as LogIndex;
        // Whether the configuration in force may have changed (§4.1): a configuration entry
        // appended, or a truncation that took away the entry it came from.
        let mut config_touched = false;
        for e in entries {
            match self.log().term(e.index) {
                // Already there (a duplicate or reordered message): never truncate a match.
                Some(t) if t == e.term => continue,
                Some(old_term) => {
                    self.truncate_conflict(e.index, old_term, e.term);
                    config_touched |= self.conf_state.index >= e.index;
                }
                None => {}
            }
            config_touched |= matches!(e.data, EntryData::Config(_));
            self.persistent.log.push(e);
        }
        if config_touched {
            self.refresh_config();
        }
        // §5.3: commitIndex = min(leaderCommit, index of last new entry).
        let new_commit = leader_commit.min(last_new);
        if new_commit > self.commit_index {
            self.commit_to(new_commit);
        }
        Ok(last_new)
    }

    fn truncate_conflict(&mut self, index: LogIndex, old_term: Term, new_term: Term) {
        let node = self.id();
        if index <= self.commit_index {
            // Only reachable when a quirk broke a rule; the simulator's checkers flag it.
            self.emit(Event::CommittedEntryOverwritten {
                node,
                index,
                old_term,
                new_term,
            });
        }
        let count = self.persistent.log.truncate_from(index);
        self.emit(Event::EntriesTruncated {
            node,
            from: index,
            count,
        });
    }

    /// Leader side of an AppendEntries reply of the current term. Only a reply to a request of
    /// this term says anything about this leadership: a reply to an older term's request can
    /// echo a round number this term reuses (§6.4) and proves no contact with this leader (§6.2).
    /// Indices past the leader's log were never sent by it: such a reply is ignored.
    pub(crate) fn handle_append_reply(
        &mut self,
        now: u64,
        from: NodeId,
        reply: AppendEntriesReply,
    ) {
        if reply.request_term != self.current_term() {
            return;
        }
        let last = self.log().last_index();
        if reply.match_index > last || reply.rejected_index > last {
            return;
        }
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        let round = leadership.round;
        let Some(pr) = leadership.peers.get_mut(&from) else {
            return;
        };
        pr.heard(now, reply.round, round);
        if reply.success {
            if pr.on_success(reply.match_index) {
                self.maybe_commit(now);
            }
            self.maybe_send_timeout_now(from);
            self.send_append(from);
        } else if reply.conflict_index > 0 {
            let hint_next = match reply.conflict_term {
                Some(ct) => self
                    .log()
                    .last_index_of_term(ct, reply.rejected_index)
                    .map_or(reply.conflict_index, |i| i + 1),
                None => reply.conflict_index,
            };
            if let Some(pr) = self.peer_mut(from) {
                if pr.on_reject(reply.rejected_index, hint_next) {
                    self.send_append(from);
                }
            }
        }
        self.update_lease();
        self.advance_reads();
    }
}

/// Entries must follow prev_log_index contiguously with non-decreasing terms no newer than the
/// leader's; anything else is malformed and ignored.
/// Indices are compared with checked arithmetic: a message's content never overflows anything.
fn well_formed(req: &AppendEntries, term: Term) -> bool {
    let mut prev_term = req.prev_log_term;
    let mut expected = req.prev_log_index.checked_add(1);
    for e in &req.entries {
        if Some(e.index) != expected || e.term < prev_term || e.term > term {
            return false;
        }
        prev_term = e.term;
        expected = e.index.checked_add(1);
    }
    req.prev_log_term <= term
}
