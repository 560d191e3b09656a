//! Leader election: role transitions (§5.2), the vote rules (§5.2, §5.4.1), PreVote (§9.6) and
//! the disruptive-server rule (§4.2.3, applied in `Node::receive`).

use rand::Rng;

use super::event::{CampaignCause, Event, FollowerCause};
use super::log::{Entry, EntryData};
use super::message::{MessageBody, PreVote, RequestVote, VoteRefusal, VoteReply};
use super::quorum::VoteResult;
use super::role_state::{Campaign, Leadership, RoleState};
use super::types::{LogIndex, NodeId, Role, Term};
use super::Node;

/// What a vote request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ballot {
    /// Would you vote for me? Changes nothing (§9.6).
    PreVote,
    /// A vote in an ordinary election (§5.2).
    Vote,
    /// A vote in an election the leader asked for with TimeoutNow (§3.10): the leader gave up
    /// its lease, so the §4.2.3 rule does not hold it back.
    TransferVote,
}

impl Node {
    /// The election timer fired (or was forced): start a pre-vote if PreVote is on, else an
    /// election (§5.2, §9.6).
    pub(crate) fn campaign<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        cause: CampaignCause,
    ) {
        // Learners and servers outside the configuration do not campaign (etcd: only a voter is
        // promotable), except one its uncommitted latest configuration leaves out (§4.2.2); a
        // removed server that has not learned it is removed still does (§4.2.3).
        if self.role() == Role::Leader || !self.may_campaign() {
            return;
        }
        if self.current_term() == Term::MAX {
            // No next term to campaign in (unreachable: messages of term Term::MAX are ignored).
            return;
        }
        if self.config.pre_vote {
            self.become_pre_candidate(now, rng, cause);
        } else {
            self.become_candidate(now, rng, cause, false);
        }
    }

    /// Any role may become a follower: on a higher term (§5.1), on hearing from the leader of its
    /// term (§5.2), on losing an election, or (leader) on failing CheckQuorum (§6.2).
    pub(crate) fn become_follower<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        term: Term,
        leader: Option<NodeId>,
        cause: FollowerCause,
    ) {
        self.reset(term, RoleState::Follower);
        self.leader_id = leader;
        if let Some(leader) = leader {
            self.heard_from_leader(leader, now);
        }
        self.reset_election_timer(now, rng);
        let node = self.id();
        self.emit(Event::BecameFollower {
            node,
            term,
            leader,
            cause,
        });
    }

    /// A leader whose removal is committed steps down (§4.2.2): C_new at `index` does not
    /// include it. It is no voter any more, so it has no election timer (and draws none).
    pub(crate) fn step_down_removed(&mut self, index: LogIndex) {
        let term = self.current_term();
        self.reset(term, RoleState::Follower);
        let node = self.id();
        self.emit(Event::BecameFollower {
            node,
            term,
            leader: None,
            cause: FollowerCause::RemovedFromConfig { index },
        });
    }

    /// PreVote (§9.6): ask whether a majority would vote, without raising the term.
    fn become_pre_candidate<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        cause: CampaignCause,
    ) {
        assert!(
            self.role() != Role::Leader,
            "a leader never becomes a pre-candidate"
        );
        let campaign = Campaign::new(self.id());
        self.reset(self.current_term(), RoleState::PreCandidate(campaign));
        self.reset_election_timer(now, rng);
        let (node, term) = (self.id(), self.current_term().saturating_add(1));
        self.emit(Event::BecamePreCandidate { node, term, cause });
        let (last_log_index, last_log_term) = (self.log().last_index(), self.log().last_term());
        for to in self.other_voters() {
            self.send_with_term(
                to,
                term,
                MessageBody::PreVote(PreVote {
                    last_log_index,
                    last_log_term,
                }),
            );
        }
        self.count_pre_votes(now, rng);
    }

    /// §5.2: increment the term, vote for itself (persisted), ask every other voter (and, while
    /// its configuration is not committed, the voters it leaves out: [`Node::campaign_peers`]).
    /// `transfer` marks an election started by TimeoutNow (§3.10).
    pub(crate) fn become_candidate<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        cause: CampaignCause,
        transfer: bool,
    ) {
        assert!(
            self.role() != Role::Leader,
            "a leader never becomes a candidate"
        );
        let again = self.role() == Role::Candidate;
        let campaign = Campaign::new(self.id());
        self.reset(
            self.current_term().saturating_add(1),
            RoleState::Candidate(campaign),
        );
        self.persistent.voted_for = Some(self.id());
        self.reset_election_timer(now, rng);
        let (node, term) = (self.id(), self.current_term());
        self.emit(Event::BecameCandidate {
            node,
            term,
            cause,
            again,
        });
        let (last_log_index, last_log_term) = (self.log().last_index(), self.log().last_term());
        for to in self.campaign_peers() {
            let body = MessageBody::RequestVote(RequestVote {
                last_log_index,
                last_log_term,
                leadership_transfer: transfer,
            });
            self.send(to, body);
        }
        self.count_votes(now, rng);
    }

    /// A candidate with votes from a majority becomes leader (§5.2), initializes nextIndex and
    /// matchIndex (Figure 2) and appends a no-op of its term (§5.4.2, §6.4), sent at once.
    fn become_leader(&mut self, now: u64) {
        assert_eq!(
            self.role(),
            Role::Candidate,
            "only a candidate becomes leader"
        );
        let votes: Vec<NodeId> = self.votes_granted();
        let next = self.log().last_index() + 1;
        let leadership = Leadership::new(&self.other_members(), next, now);
        self.reset(self.current_term(), RoleState::Leader(Box::new(leadership)));
        self.leader_id = Some(self.id());
        // Whatever it promised before no longer holds anyone back: it won the votes.
        self.leader_contact = None;
        let (node, term) = (self.id(), self.current_term());
        self.emit(Event::BecameLeader { node, term, votes });
        self.append_to_own_log(EntryData::Noop);
        self.broadcast_heartbeat(now);
        self.maybe_commit(now);
    }

    /// The leader appends one entry of its current term; returns its index.
    pub(crate) fn append_to_own_log(&mut self, data: EntryData) -> LogIndex {
        let index = self.log().last_index() + 1;
        let term = self.current_term();
        self.persistent.log.push(Entry { index, term, data });
        index
    }

    /// What every role change does first (etcd raft's `reset`): adopt `term` (a new term
    /// clears the vote, §5.1), take the new role with its own fresh state (a leader's volatile
    /// state and a campaign's votes go with the old one), and forget the leader. The caller
    /// then sets what its role needs (and its timer: the draws of the election timeout stay
    /// where they were, so seeded runs do not change).
    fn reset(&mut self, term: Term, role: RoleState) {
        assert!(term >= self.current_term(), "terms never decrease (§5.1)");
        if term > self.current_term() {
            self.persistent.current_term = term;
            self.persistent.voted_for = None;
        }
        if let RoleState::Leader(old) = std::mem::replace(&mut self.role, role) {
            self.leave_leadership(*old);
        }
        self.leader_id = None;
        // A snapshot half received belongs to the leader this node stops following.
        self.incoming_snapshot = None;
    }

    /// On stepping down, pending reads fail (§6.4) and a transfer in progress ends.
    fn leave_leadership(&mut self, old: Leadership) {
        self.end_transfer_on_step_down(old.transfer);
        self.fail_leader_reads();
    }

    /// RequestVote and PreVote (same term or, for PreVote, the proposed higher term).
    /// Grant only if this server can vote for `from` in that term (one vote per term, §5.2) and
    /// the candidate's log is at least as up to date (§5.4.1). A pre-vote is also refused while
    /// a leader is alive (§9.6), and so is a vote while a leader's lease may count on this
    /// server (§4.2.3, §6.4.1). A real vote is persisted and restarts the election timer.
    /// Whether this server is itself a voter plays no part (as in etcd): a learner may have
    /// been promoted by an entry it has not received yet, and a candidate counts only the
    /// votes of its own configuration's voters anyway.
    pub(crate) fn handle_vote_request(
        &mut self,
        now: u64,
        from: NodeId,
        term: Term,
        candidate_log: (LogIndex, Term),
        ballot: Ballot,
    ) {
        let refusal = self.vote_refusal(now, from, term, candidate_log, ballot);
        let granted = refusal.is_none();
        if ballot == Ballot::PreVote {
            let reply_term = if granted { term } else { self.current_term() };
            self.send_with_term(
                from,
                reply_term,
                MessageBody::PreVoteReply(VoteReply { granted, refusal }),
            );
            return;
        }
        let node = self.id();
        match refusal {
            None => {
                self.persistent.voted_for = Some(from);
                self.reset_election_timer_keep_rng_free(now);
                self.emit(Event::Voted {
                    node,
                    candidate: from,
                    term,
                });
            }
            Some(VoteRefusal::StaleTerm) => {}
            Some(reason) => self.emit(Event::VoteRefused {
                node,
                candidate: from,
                term,
                reason,
            }),
        }
        self.send(
            from,
            MessageBody::RequestVoteReply(VoteReply { granted, refusal }),
        );
    }

    fn vote_refusal(
        &self,
        now: u64,
        from: NodeId,
        term: Term,
        (last_log_index, last_log_term): (LogIndex, Term),
        ballot: Ballot,
    ) -> Option<VoteRefusal> {
        let pre = ballot == Ballot::PreVote;
        // §4.2.3 also for a vote of this server's own term, which `on_higher_term` never sees:
        // its term may have been raised by a message that was no leader's (a stale vote's
        // refusal) while the leader it last heard from still counts on it. A vote already
        // given to `from` stays given (a duplicated request).
        let bound = pre || (ballot == Ballot::Vote && self.voted_for() != Some(from));
        if let Some(refusal) = bound.then(|| self.promise_refusal(now, pre)).flatten() {
            return Some(refusal);
        }
        let voted_for = self.voted_for();
        let can_vote = voted_for == Some(from)
            || (voted_for.is_none() && self.leader_id.is_none())
            || (pre && term > self.current_term());
        if !can_vote {
            return Some(match (voted_for, self.leader_id) {
                (Some(v), _) => VoteRefusal::AlreadyVoted(v),
                (None, Some(l)) => VoteRefusal::LeaderKnown(l),
                (None, None) => VoteRefusal::StaleTerm,
            });
        }
        if !self.config.quirks.vote_without_log_check
            && !self.log().is_up_to_date(last_log_index, last_log_term)
        {
            return Some(VoteRefusal::LogNotUpToDate);
        }
        None
    }

    /// Granting a vote restarts the election timer (§5.2) with the timeout already drawn, so
    /// that vote handling needs no randomness.
    fn reset_election_timer_keep_rng_free(&mut self, now: u64) {
        self.election_deadline = now.saturating_add(self.election_timeout);
    }

    pub(crate) fn handle_pre_vote_reply<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
        term: Term,
        granted: bool,
    ) {
        // Grants carry the proposed term; refusals the voter's (equal) term.
        let expected = if granted {
            self.current_term().checked_add(1)
        } else {
            Some(self.current_term())
        };
        if Some(term) != expected || !self.is_voter(from) {
            return;
        }
        let RoleState::PreCandidate(campaign) = &mut self.role else {
            return;
        };
        campaign.answer(from, granted);
        self.count_pre_votes(now, rng);
    }

    pub(crate) fn handle_vote_reply<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
        granted: bool,
    ) {
        if !self.is_voter(from) {
            return;
        }
        let RoleState::Candidate(campaign) = &mut self.role else {
            return;
        };
        campaign.answer(from, granted);
        self.count_votes(now, rng);
    }

    /// The state of this node's campaign, if it is campaigning.
    fn campaign_result(&self) -> VoteResult {
        match &self.role {
            RoleState::PreCandidate(c) | RoleState::Candidate(c) => {
                self.membership().vote_result(&c.granted, &c.refused)
            }
            _ => VoteResult::Pending,
        }
    }

    fn count_pre_votes<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        match self.campaign_result() {
            VoteResult::Won => self.become_candidate(now, rng, CampaignCause::PreVoteWon, false),
            VoteResult::Lost => {
                let term = self.current_term();
                self.become_follower(now, rng, term, None, FollowerCause::PreVoteLost)
            }
            VoteResult::Pending => {}
        }
    }

    fn count_votes<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        match self.campaign_result() {
            VoteResult::Won => self.become_leader(now),
            VoteResult::Lost => {
                let term = self.current_term();
                self.become_follower(now, rng, term, None, FollowerCause::ElectionLost)
            }
            VoteResult::Pending => {}
        }
    }
}
