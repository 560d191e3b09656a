//! Log compaction (§7): snapshots, and InstallSnapshot for a follower that needs entries the
//! leader has discarded.
//!
//! The core stays pure: the state machine lives with the caller. The caller compacts a node by
//! handing it the state machine's state after some applied index ([`Node::compact`]), as an
//! opaque string; the node keeps it as part of its persistent state, discards the entries it
//! covers, and sends it to followers that fall behind it. A node that installs a snapshot from
//! its leader, or restarts from one, hands it back in [`Ready::snapshot`](super::Ready): the
//! caller restores its state machine from it before applying the entries handed out after it.
//!
//! Follower side, after Figure 13: chunks are taken in order (by `offset`), a snapshot that does
//! not go past what the follower already committed changes nothing, and if the follower's log
//! holds the snapshot's last entry with the same term, the entries after it are kept. The
//! commit and applied indexes never move backwards.
//!
//! A snapshot carries the configuration in force at its index (etcd's
//! `SnapshotMetadata.conf_state`): compaction keeps it, InstallSnapshot sends it, and a node
//! that installs a snapshot (or restarts from one) uses it unless its log holds a later one.

use std::sync::Arc;

use rand::Rng;

use super::error::CompactError;
use super::event::Event;
use super::log::Snapshot;
use super::membership::ConfigState;
use super::message::{InstallSnapshot, InstallSnapshotReply, MessageBody};
use super::progress::ReplicationState;
use super::types::{LogIndex, NodeId, Term};
use super::Node;

/// A snapshot arriving in chunks (volatile: a crash drops it, and the leader sends it again).
#[derive(Clone, Debug)]
pub(crate) struct IncomingSnapshot {
    leader: NodeId,
    index: LogIndex,
    term: Term,
    conf_state: ConfigState,
    data: String,
}

impl Node {
    /// Compacts the log up to `index` (§7): `data` is the state machine's state after applying
    /// every entry up to `index`. Only applied entries can be compacted (handed out in a
    /// [`Ready`](super::Ready) the caller took and applied), and only past the current snapshot.
    pub fn compact(&mut self, index: LogIndex, data: Arc<str>) -> Result<(), CompactError> {
        let snapshot_index = self.log().snapshot_index();
        if index <= snapshot_index {
            return Err(CompactError::AlreadyCompacted {
                index,
                snapshot: snapshot_index,
            });
        }
        let Some(term) = self
            .log()
            .term(index)
            .filter(|_| index <= self.last_applied)
        else {
            return Err(CompactError::NotApplied {
                index,
                applied: self.last_applied,
            });
        };
        let conf_state = self.config_at(index);
        self.persistent.log.compact(Snapshot {
            index,
            term,
            data,
            conf_state,
        });
        let node = self.id();
        self.emit(Event::Compacted { node, index, term });
        Ok(())
    }

    /// Leader: starts sending `to` the snapshot instead of entries it no longer has. Returns
    /// whether anything was sent.
    pub(crate) fn send_snapshot(&mut self, to: NodeId) -> bool {
        let Some(snapshot) = self.log().snapshot() else {
            return false;
        };
        let (index, term, bytes) = (snapshot.index, snapshot.term, snapshot.data.len() as u64);
        let Some(pr) = self.leadership_mut().and_then(|l| l.peers.get_mut(&to)) else {
            return false;
        };
        let attempt = pr.snapshot_sent(index);
        let node = self.id();
        self.emit(Event::SnapshotSent {
            node,
            to,
            index,
            term,
            bytes,
            attempt,
        });
        self.send_snapshot_chunk(to, 0)
    }

    /// Sends `to` the chunk of the snapshot that starts at byte `offset`.
    fn send_snapshot_chunk(&mut self, to: NodeId, offset: u64) -> bool {
        let Some(snapshot) = self.log().snapshot() else {
            return false;
        };
        let Some(round) = self.leadership().map(|l| l.round) else {
            return false;
        };
        let data = &*snapshot.data;
        let Some(start) = usize::try_from(offset)
            .ok()
            .filter(|&o| data.is_char_boundary(o))
        else {
            return false;
        };
        let chunk = usize::try_from(self.config.snapshot_chunk_bytes).unwrap_or(usize::MAX);
        let end = chunk_end(data, start, chunk);
        let body = MessageBody::InstallSnapshot(InstallSnapshot {
            last_included_index: snapshot.index,
            last_included_term: snapshot.term,
            offset,
            data: data[start..end].into(),
            done: end == data.len(),
            round,
            conf_state: snapshot.conf_state,
        });
        self.send(to, body);
        true
    }

    /// Follower side of InstallSnapshot (Figure 13), for a message of the current term.
    pub(crate) fn handle_install_snapshot<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
        msg: InstallSnapshot,
    ) {
        let term = self.current_term();
        if !self.accept_leader(now, rng, from) {
            return;
        }
        if !well_formed(&msg, term) {
            return;
        }
        let mut reply = InstallSnapshotReply {
            last_included_index: msg.last_included_index,
            bytes_received: 0,
            done: false,
            round: msg.round,
            request_term: term,
        };
        match self.take_chunk(from, &msg) {
            // More to come (or a chunk out of order): say where the next one must start.
            Err(received) => reply.bytes_received = received,
            Ok(snapshot) => {
                reply.bytes_received = snapshot.data.len() as u64;
                reply.done = true;
                // A snapshot that does not go past what is committed here changes nothing: the
                // entries it covers are committed, so already the same here (Log Matching).
                if snapshot.index > self.commit_index {
                    self.install_snapshot(from, snapshot);
                }
            }
        }
        self.send(from, MessageBody::InstallSnapshotReply(reply));
    }

    /// Adds a chunk to the snapshot coming in: the whole snapshot once its last chunk is in,
    /// else how many bytes of it are held. A chunk that does not follow the ones received (lost,
    /// duplicated or reordered) is dropped.
    fn take_chunk(&mut self, from: NodeId, msg: &InstallSnapshot) -> Result<Snapshot, u64> {
        let same = |s: &IncomingSnapshot| {
            s.leader == from
                && s.index == msg.last_included_index
                && s.term == msg.last_included_term
        };
        // The first chunk starts a snapshot afresh, unless it is this one's again (a duplicate,
        // or the leader starting over): what is held of it stays.
        if msg.offset == 0 && !self.incoming_snapshot.as_ref().is_some_and(same) {
            self.incoming_snapshot = Some(IncomingSnapshot {
                leader: from,
                index: msg.last_included_index,
                term: msg.last_included_term,
                conf_state: msg.conf_state,
                data: String::new(),
            });
        }
        let Some(incoming) = self.incoming_snapshot.as_mut().filter(|s| same(s)) else {
            return Err(0);
        };
        let held = incoming.data.len() as u64;
        if held != msg.offset {
            // Out of order, or the start of what is already held: say where to go on.
            return Err(held);
        }
        incoming.data.push_str(&msg.data);
        if !msg.done {
            return Err(incoming.data.len() as u64);
        }
        let Some(incoming) = self.incoming_snapshot.take() else {
            return Err(0);
        };
        Ok(Snapshot {
            index: incoming.index,
            term: incoming.term,
            data: incoming.data.into(),
            conf_state: incoming.conf_state,
        })
    }

    /// Replaces the log's prefix (or all of it) with the snapshot, and the state machine with
    /// its contents: commit and applied indexes move up to it, never down.
    fn install_snapshot(&mut self, leader: NodeId, snapshot: Snapshot) {
        let (index, term) = (snapshot.index, snapshot.term);
        // Installed only past the commit index, so past what was applied too.
        let kept_entries = self.persistent.log.install(snapshot.clone());
        let from = self.commit_index;
        self.commit_index = index;
        self.last_applied = index;
        // Entries handed out but not yet taken are covered by the snapshot.
        self.ready.committed.retain(|e| e.index > index);
        self.ready.snapshot = Some(snapshot);
        let node = self.id();
        self.emit(Event::CommitAdvanced {
            node,
            from,
            to: index,
            told_by: Some(leader),
            snapshot: true,
        });
        self.emit(Event::SnapshotInstalled {
            node,
            leader,
            index,
            term,
            kept_entries,
        });
        // The snapshot's configuration, unless entries kept after it carry a later one (§4.1).
        self.refresh_config();
        // Reads waiting for the snapshot's index may now be served.
        self.advance_reads();
    }

    /// Leader side: the follower has the snapshot up to `last_included_index`.
    pub(crate) fn handle_install_snapshot_reply(
        &mut self,
        now: u64,
        from: NodeId,
        reply: InstallSnapshotReply,
    ) {
        if reply.request_term != self.current_term() {
            return;
        }
        // A follower never has more than the leader sent it.
        if reply.last_included_index > self.log().last_index() {
            return;
        }
        let current = self.log().snapshot_index() == reply.last_included_index;
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        let round = leadership.round;
        let Some(pr) = leadership.peers.get_mut(&from) else {
            return;
        };
        pr.heard(now, reply.round, round);
        if !reply.done {
            // The follower waits for the chunk that starts where it is: send it, if this is
            // the snapshot being sent (not an older sending's answer).
            let sending = matches!(pr.state, ReplicationState::Snapshot { index, .. }
                if index == reply.last_included_index);
            if sending && current {
                pr.snapshot_progress();
                self.send_snapshot_chunk(from, reply.bytes_received);
            } else if sending {
                // The leader compacted again since it began: send the newer snapshot instead.
                self.send_snapshot(from);
            }
            self.update_lease();
            self.advance_reads();
            return;
        }
        if pr.on_snapshot_reply(reply.last_included_index) {
            self.maybe_commit(now);
        }
        self.maybe_send_timeout_now(from);
        self.send_append(from);
        self.update_lease();
        self.advance_reads();
    }
}

/// A chunk no leader sends is ignored: a snapshot at index 0 or with term 0 (or past any
/// index), of a later term than the message, or whose bytes would run past `u64`.
fn well_formed(msg: &InstallSnapshot, term: Term) -> bool {
    let (index, snap_term) = (msg.last_included_index, msg.last_included_term);
    index > 0
        && index < LogIndex::MAX
        && snap_term > 0
        && snap_term <= term
        && msg.offset.checked_add(msg.data.len() as u64).is_some()
}

/// Where the chunk that starts at `offset` ends: at most `max` bytes on, at a character
/// boundary (the data is text), and at least one character on.
fn chunk_end(data: &str, offset: usize, max: usize) -> usize {
    let mut end = offset.saturating_add(max).min(data.len());
    while !data.is_char_boundary(end) {
        end -= 1;
    }
    if end == offset && offset < data.len() {
        end += 1;
        while !data.is_char_boundary(end) {
            end += 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::chunk_end;

    #[test]
    fn chunks_end_on_character_boundaries() {
        assert_eq!(chunk_end("abcdef", 0, 4), 4);
        assert_eq!(chunk_end("abcdef", 4, 4), 6);
        assert_eq!(chunk_end("", 0, 4), 0);
        // "é" is two bytes: a chunk never splits it, even a one-byte chunk.
        assert_eq!(chunk_end("aé", 0, 2), 1);
        assert_eq!(chunk_end("aé", 1, 1), 3);
    }
}
