//! The term rules (§5.1): a higher term turns any server into a follower, a lower term marks
//! a message as stale. Plus the two exceptions: PreVote traffic never changes terms (§9.6), and
//! a server that heard from a leader recently ignores vote requests (§4.2.3).

use rand::Rng;

use super::event::{Event, FollowerCause};
use super::message::{
    AppendEntries, AppendEntriesReply, InstallSnapshotReply, Message, MessageBody, PreVote,
    ReadIndex, ReadIndexReply, RequestVote, VoteRefusal, VoteReply,
};
use super::node::LeaderContact;
use super::types::{NodeId, Role};
use super::Node;

impl Node {
    /// §5.1: a higher term makes any server a follower in that term, except for PreVote
    /// traffic (§9.6), which must not change terms, and for vote requests that a server within
    /// a leader's lease ignores (§4.2.3). Returns whether to go on handling the message.
    pub(crate) fn on_higher_term<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        msg: &Message,
        rng: &mut R,
    ) -> bool {
        match &msg.body {
            MessageBody::PreVote(PreVote { .. })
            | MessageBody::PreVoteReply(VoteReply { granted: true, .. }) => return true,
            MessageBody::RequestVote(RequestVote {
                leadership_transfer: false,
                ..
            }) => {
                let (node, candidate, term) = (self.id(), msg.from, msg.term);
                match self.promise_refusal(now, false) {
                    Some(VoteRefusal::LeaderAlive(leader)) => {
                        self.emit(Event::VoteRequestIgnored {
                            node,
                            candidate,
                            term,
                            leader,
                        });
                        return false;
                    }
                    Some(_) => {
                        self.emit(Event::VoteRequestIgnoredAfterRestart {
                            node,
                            candidate,
                            term,
                        });
                        return false;
                    }
                    None => {}
                }
            }
            _ => {}
        }
        // Only a leader sends AppendEntries and InstallSnapshot.
        let from_leader = matches!(
            msg.body,
            MessageBody::AppendEntries(_) | MessageBody::InstallSnapshot(_)
        );
        let leader = from_leader.then_some(msg.from);
        self.become_follower(
            now,
            rng,
            msg.term,
            leader,
            FollowerCause::HigherTerm { from: msg.from },
        );
        true
    }

    /// A message from an older term is stale. Requests that expect an answer get one carrying
    /// our term, so their sender learns it is behind: a stale leader steps down (§5.1), and a
    /// pre-candidate is not left waiting forever (§9.6).
    pub(crate) fn on_lower_term(&mut self, msg: &Message) {
        let refusal = Some(VoteRefusal::StaleTerm);
        let body = match &msg.body {
            MessageBody::PreVote(PreVote { .. }) => MessageBody::PreVoteReply(VoteReply {
                granted: false,
                refusal,
            }),
            MessageBody::RequestVote(RequestVote { .. }) => {
                MessageBody::RequestVoteReply(VoteReply {
                    granted: false,
                    refusal,
                })
            }
            // It answers a request of the older term: `request_term` says so, and the round it
            // echoes (numbered afresh by each leadership) is no acknowledgement of the sender's
            // rounds in our term, should it lead that term too (§6.4).
            MessageBody::AppendEntries(AppendEntries {
                prev_log_index,
                round,
                ..
            }) => MessageBody::AppendEntriesReply(AppendEntriesReply {
                success: false,
                match_index: 0,
                rejected_index: *prev_log_index,
                conflict_index: 0,
                conflict_term: None,
                last_log_index: self.log().last_index(),
                round: *round,
                request_term: msg.term,
            }),
            MessageBody::ReadIndex(ReadIndex { request_id }) => {
                MessageBody::ReadIndexReply(ReadIndexReply {
                    request_id: *request_id,
                    read_index: None,
                })
            }
            // Acknowledges nothing (index 0): it only carries our term back.
            MessageBody::InstallSnapshot(m) => {
                MessageBody::InstallSnapshotReply(InstallSnapshotReply {
                    last_included_index: 0,
                    bytes_received: 0,
                    done: false,
                    round: m.round,
                    request_term: msg.term,
                })
            }
            _ => return,
        };
        self.send(msg.from, body);
    }

    /// The leader this node heard from less than a minimum election timeout ago, if any (the
    /// leader itself counts), in whatever term: a message that raised the term since (a stale
    /// vote's refusal, say) does not end that leader's lease, so it does not end this either.
    /// Used by §4.2.3, the lease promise (§6.4.1) and PreVote (§9.6).
    pub(crate) fn leader_alive(&self, now: u64) -> Option<NodeId> {
        if self.role() == Role::Leader {
            return Some(self.id());
        }
        let contact = self.leader_contact?;
        (now < contact.at.saturating_add(self.config.election_timeout_ms)).then_some(contact.leader)
    }

    /// Why this node must not help elect anyone now, if it must not: the one check behind
    /// ignored vote requests (§4.2.3), refused votes and refused pre-votes. With CheckQuorum, a
    /// leader heard from less than an election timeout ago, or a restart that recent, may
    /// have a lease counting on this node (§6.4.1); a pre-vote is refused while a leader is
    /// alive even without CheckQuorum (§9.6).
    pub(crate) fn promise_refusal(&self, now: u64, pre_vote: bool) -> Option<VoteRefusal> {
        if pre_vote || self.config.check_quorum {
            if let Some(leader) = self.leader_alive(now) {
                return Some(VoteRefusal::LeaderAlive(leader));
            }
        }
        self.recently_restarted(now)
            .then_some(VoteRefusal::RecentlyRestarted)
    }

    /// Records hearing from the leader of the current term (§5.2).
    pub(crate) fn heard_from_leader(&mut self, leader: NodeId, now: u64) {
        self.leader_contact = Some(LeaderContact { leader, at: now });
    }

    /// With CheckQuorum, until when this node must not help elect a new leader, itself
    /// included: a leader's lease (§6.4.1) may count on the acknowledgement it last gave (or,
    /// after a restart, on one it gave before crashing). None when nothing holds it back.
    pub(crate) fn lease_promise_until(&self, now: u64) -> Option<u64> {
        if !self.config.check_quorum || self.role() == Role::Leader {
            return None;
        }
        let e = self.config.election_timeout_ms;
        let heard = self
            .leader_alive(now)
            .and(self.leader_contact)
            .map(|c| c.at.saturating_add(e));
        let restarted = self
            .recently_restarted(now)
            .then(|| self.started_at.saturating_add(e));
        heard.max(restarted)
    }

    /// With CheckQuorum, a node that (re)started less than an election timeout ago does not
    /// help elect a new leader: it may have acknowledged a leader's heartbeat just before it
    /// crashed, and that leader's lease relies on it (§4.2.3, §6.4.1).
    pub(crate) fn recently_restarted(&self, now: u64) -> bool {
        self.config.check_quorum
            && now
                < self
                    .started_at
                    .saturating_add(self.config.election_timeout_ms)
    }
}
