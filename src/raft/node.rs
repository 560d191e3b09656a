//! The node: persistent and volatile state, its inputs (tick, receive, propose, read, transfer,
//! forced timeout) and its outputs (the [`Ready`] buffer). Each rule lives in its own file; this
//! one dispatches.

use rand::Rng;

use super::config::Config;
use super::election::Ballot;
use super::error::ConfigError;
use super::event::{Event, FollowerCause};
use super::log::{Log, PersistentState};
use super::membership::{ConfigState, Membership};
use super::message::{Message, MessageBody};
use super::node_set::MAX_NODE_ID;
use super::progress::Progress;
use super::read_only::ReadQueue;
use super::ready::{PendingRead, Ready};
use super::role_state::{Leadership, RoleState};
use super::snapshot::IncomingSnapshot;
use super::types::{LogIndex, NodeId, Role, Term};

/// When a node last heard from a leader, and which one (see [`Node::leader_alive`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LeaderContact {
    pub(crate) leader: NodeId,
    pub(crate) at: u64,
}

/// One Raft server. Pure and deterministic: time is the node's own clock passed in as `now`
/// (ms), randomness comes from the caller's generator, and outputs are collected in a [`Ready`].
#[derive(Clone, Debug)]
pub struct Node {
    pub(crate) config: Config,
    /// What survives a crash (Figure 2). Everything below is volatile.
    pub(crate) persistent: PersistentState,
    /// The configuration in force (§4.1): always the one the log (or its snapshot, or the
    /// bootstrap list) gives, recomputed whenever the log changes (`config_in_use.rs`).
    pub(crate) conf_state: ConfigState,

    /// The role, with what the node keeps only in that role (votes, a leader's progress).
    pub(crate) role: RoleState,
    pub(crate) leader_id: Option<NodeId>,
    /// Highest index known to be committed (§5.3); restarts at the log's snapshot point.
    pub(crate) commit_index: LogIndex,
    /// Highest index handed out for applying.
    pub(crate) last_applied: LogIndex,

    /// The current randomized election timeout, drawn from [E, 2E) (§5.2).
    pub(crate) election_timeout: u64,
    /// When the election timer fires (followers and candidates).
    pub(crate) election_deadline: u64,
    /// The last leader this node heard from, and when, whatever its term: kept across term
    /// changes, because that leader's lease may count on this node until an election timeout
    /// has passed, even after some other message raised the term (§4.2.3, §6.4.1, §9.6).
    pub(crate) leader_contact: Option<LeaderContact>,
    /// When this node (re)started. It forgot when it last heard from a leader, so with
    /// CheckQuorum it helps no new election for an election timeout: a leader's lease may
    /// count on its acknowledgement from just before the crash (§6.4.1).
    pub(crate) started_at: u64,
    pub(crate) reads: ReadQueue,
    /// A snapshot from the leader arriving in chunks (§7).
    pub(crate) incoming_snapshot: Option<IncomingSnapshot>,

    pub(crate) ready: Ready,
}

impl Node {
    /// Starts (or restarts after a crash) a server as a follower from its persistent state.
    /// commit_index and last_applied start at the log's snapshot point: a restarted server
    /// relearns what is committed from the leader (it does not keep its old commit index).
    pub fn new<R: Rng + ?Sized>(
        config: Config,
        mut persistent: PersistentState,
        now: u64,
        rng: &mut R,
    ) -> Result<Node, ConfigError> {
        config.validate()?;
        if config.quirks.forget_vote_on_restart {
            // QUIRK (unsafe): the vote is not persisted, so the server may vote twice in a term.
            persistent.voted_for = None;
        }
        let start = persistent.log.first_index() - 1;
        let conf_state = persistent
            .log
            .latest_config()
            .unwrap_or_else(|| ConfigState::bootstrap(&config.voters));
        let mut node = Node {
            config,
            persistent,
            conf_state,
            role: RoleState::Follower,
            leader_id: None,
            commit_index: start,
            last_applied: start,
            election_timeout: 0,
            election_deadline: 0,
            leader_contact: None,
            started_at: now,
            reads: ReadQueue::default(),
            incoming_snapshot: None,
            ready: Ready::default(),
        };
        // Restarting from a snapshot: the state machine starts from it (§7).
        node.ready.snapshot = node.persistent.log.snapshot().cloned();
        node.reset_election_timer(now, rng);
        let term = node.current_term();
        node.emit(Event::BecameFollower {
            node: node.id(),
            term,
            leader: None,
            cause: FollowerCause::Started,
        });
        Ok(node)
    }

    // ----- accessors for views -----

    pub fn id(&self) -> NodeId {
        self.config.id
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The configuration this node uses and the index of the entry it came from (§4.1).
    pub fn conf_state(&self) -> &ConfigState {
        &self.conf_state
    }
    /// The configuration this node uses.
    pub fn membership(&self) -> &Membership {
        &self.conf_state.membership
    }
    pub fn role(&self) -> Role {
        self.role.kind()
    }
    pub fn current_term(&self) -> Term {
        self.persistent.current_term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.persistent.voted_for
    }
    pub fn leader_id(&self) -> Option<NodeId> {
        self.leader_id
    }
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }
    pub fn log(&self) -> &Log {
        &self.persistent.log
    }
    /// What a crash keeps.
    pub fn persistent(&self) -> &PersistentState {
        &self.persistent
    }
    /// When the election timer fires (None on the leader, and on a server that does not
    /// campaign, a learner say: neither has one).
    pub fn election_deadline(&self) -> Option<u64> {
        (self.role() != Role::Leader && self.may_campaign()).then_some(self.election_deadline)
    }
    /// The length of the current randomized election timeout, in [E, 2E).
    pub fn election_timeout(&self) -> u64 {
        self.election_timeout
    }
    /// When the leader next sends heartbeats (None unless leader).
    pub fn heartbeat_deadline(&self) -> Option<u64> {
        self.leadership().map(|l| l.heartbeat_deadline)
    }
    /// The (pre-)votes granted to this node in its current campaign, itself included.
    pub fn votes_granted(&self) -> Vec<NodeId> {
        match &self.role {
            RoleState::Candidate(c) | RoleState::PreCandidate(c) => c.granted.iter().collect(),
            _ => Vec::new(),
        }
    }
    /// The leader's view of each other member (voters and learners), by id (empty unless
    /// leader).
    pub fn progress(&self) -> Vec<(NodeId, Progress)> {
        let Some(leadership) = self.leadership() else {
            return Vec::new();
        };
        leadership
            .peers
            .iter()
            .map(|(&id, p)| (id, p.view()))
            .collect()
    }
    /// Until when the leader's lease holds (None when it holds none, or cannot use it: no
    /// CheckQuorum, given up for a transfer, or nothing of its term committed yet, §6.4).
    pub fn lease_expiry(&self) -> Option<u64> {
        // Asked about every node after every event: the cheap tests first.
        let leadership = self.leadership()?;
        let usable = self.config.check_quorum
            && !leadership.lease_revoked
            && self.committed_in_current_term();
        if usable {
            leadership.lease_expiry
        } else {
            None
        }
    }
    /// The server leadership is being handed to, if a transfer is in progress (§3.10).
    pub fn transfer_target(&self) -> Option<NodeId> {
        self.leadership()?.transfer.as_ref().map(|t| t.target)
    }
    /// Reads waiting on this node.
    pub fn pending_reads(&self) -> Vec<PendingRead> {
        self.reads.pending()
    }

    /// The local time at which the node next needs a [`tick`](Node::tick), if any.
    pub fn next_deadline(&self) -> Option<u64> {
        // The earliest of the candidate deadlines; no allocation (asked after every input).
        let role_deadlines = match &self.role {
            RoleState::Leader(l) => [
                Some(l.heartbeat_deadline),
                self.check_quorum_deadline(),
                l.transfer.as_ref().map(|t| t.deadline),
            ],
            _ => [self.election_deadline(), None, None],
        };
        role_deadlines
            .into_iter()
            .chain([self.reads.next_deadline()])
            .flatten()
            .min()
    }

    /// Takes everything produced since the last call.
    pub fn take_ready(&mut self) -> Ready {
        std::mem::take(&mut self.ready)
    }

    /// Is anything waiting in the output buffer?
    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    // ----- inputs -----

    /// The node's clock reached `now`: fire whatever timers are due.
    pub fn tick<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        self.expire_reads(now);
        match &self.role {
            RoleState::Leader(_) => {
                if self.check_quorum_failed(now) {
                    self.step_down_check_quorum(now, rng);
                    return;
                }
                self.check_transfer_deadline(now);
                if self
                    .leadership()
                    .is_some_and(|l| now >= l.heartbeat_deadline)
                {
                    self.broadcast_heartbeat(now);
                }
            }
            _ => {
                if self.election_deadline().is_some_and(|d| now >= d) {
                    self.campaign(now, rng, super::event::CampaignCause::ElectionTimeout);
                }
            }
        }
    }

    /// Fires the election timer now (the `timeout` command). Ignored by a leader. With
    /// CheckQuorum, a node that a leader's lease may still count on is not allowed to help elect
    /// anyone, itself included (§6.4.1): its timer is set to fire as soon as that ends instead,
    /// and, as always, hearing from the leader before then restarts it (§5.2).
    pub fn force_election_timeout<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        if self.role() == Role::Leader {
            let (node, term) = (self.id(), self.current_term());
            self.emit(Event::TimeoutIgnored { node, term });
            return;
        }
        if !self.may_campaign() {
            let (node, term) = (self.id(), self.current_term());
            let learner = self.membership().is_learner(node);
            self.emit(Event::NotAVoter {
                node,
                term,
                learner,
            });
            return;
        }
        if let Some(until) = self.lease_promise_until(now) {
            self.election_deadline = until;
            let (node, term, leader) = (self.id(), self.current_term(), self.leader_alive(now));
            let wait_ms = until.saturating_sub(now);
            self.emit(Event::TimeoutDeferred {
                node,
                term,
                wait_ms,
                leader,
            });
            return;
        }
        self.campaign(now, rng, super::event::CampaignCause::Forced);
    }

    /// Handles one message. Malformed, misaddressed, stale and duplicated messages are ignored
    /// or answered; they never panic. A sender outside this node's configuration is heard: it
    /// may lead a configuration this node has not learned yet, or be a removed server whose
    /// vote requests §4.2.3 is about.
    pub fn receive<R: Rng + ?Sized>(&mut self, now: u64, msg: Message, rng: &mut R) {
        let valid_sender = (1..=MAX_NODE_ID).contains(&msg.from);
        if msg.to != self.id() || msg.from == self.id() || !valid_sender {
            return;
        }
        if msg.term == Term::MAX {
            // No term can follow it: adopting it would leave this server unable ever to campaign
            // again (§5.2 increments the term). No real cluster gets there; ignore it.
            return;
        }
        if msg.term > self.current_term() {
            if !self.on_higher_term(now, &msg, rng) {
                return;
            }
        } else if msg.term < self.current_term() {
            self.on_lower_term(&msg);
            return;
        }
        self.dispatch(now, msg, rng);
    }

    /// Same-term handling, one rule file per message kind.
    fn dispatch<R: Rng + ?Sized>(&mut self, now: u64, msg: Message, rng: &mut R) {
        let from = msg.from;
        let term = msg.term;
        match msg.body {
            MessageBody::PreVote(req) => {
                let log = (req.last_log_index, req.last_log_term);
                self.handle_vote_request(now, from, term, log, Ballot::PreVote)
            }
            MessageBody::RequestVote(req) => {
                let ballot = if req.leadership_transfer {
                    Ballot::TransferVote
                } else {
                    Ballot::Vote
                };
                let log = (req.last_log_index, req.last_log_term);
                self.handle_vote_request(now, from, term, log, ballot)
            }
            MessageBody::PreVoteReply(reply) => {
                self.handle_pre_vote_reply(now, rng, from, term, reply.granted)
            }
            MessageBody::RequestVoteReply(reply) => {
                self.handle_vote_reply(now, rng, from, reply.granted)
            }
            MessageBody::AppendEntries(req) => self.handle_append_entries(now, rng, from, req),
            MessageBody::AppendEntriesReply(reply) => self.handle_append_reply(now, from, reply),
            MessageBody::TimeoutNow => self.handle_timeout_now(now, rng, from),
            MessageBody::ReadIndex(req) => {
                self.handle_read_index_request(now, from, req.request_id)
            }
            MessageBody::ReadIndexReply(reply) => self.handle_read_index_reply(from, term, reply),
            MessageBody::InstallSnapshot(m) => self.handle_install_snapshot(now, rng, from, m),
            MessageBody::InstallSnapshotReply(reply) => {
                self.handle_install_snapshot_reply(now, from, reply)
            }
        }
    }

    // ----- helpers shared by the rule files -----

    /// A leader's own state (None unless leader).
    pub(crate) fn leadership(&self) -> Option<&Leadership> {
        match &self.role {
            RoleState::Leader(l) => Some(l),
            _ => None,
        }
    }

    pub(crate) fn leadership_mut(&mut self) -> Option<&mut Leadership> {
        match &mut self.role {
            RoleState::Leader(l) => Some(l),
            _ => None,
        }
    }

    pub(crate) fn emit(&mut self, event: Event) {
        self.ready.events.push(event);
    }

    pub(crate) fn send(&mut self, to: NodeId, body: MessageBody) {
        let msg = Message {
            from: self.id(),
            to,
            term: self.current_term(),
            body,
        };
        self.ready.messages.push(msg);
    }

    pub(crate) fn send_with_term(&mut self, to: NodeId, term: Term, body: MessageBody) {
        let msg = Message {
            from: self.id(),
            to,
            term,
            body,
        };
        self.ready.messages.push(msg);
    }

    /// The other voters of the configuration in force (both sets in the joint phase), in id
    /// order.
    pub(crate) fn other_voters(&self) -> Vec<NodeId> {
        let me = self.id();
        self.membership()
            .all_voters()
            .iter()
            .filter(|&v| v != me)
            .collect()
    }

    /// Is `id` a voter of the configuration in force (of either set in the joint phase)?
    pub(crate) fn is_voter(&self, id: NodeId) -> bool {
        self.membership().is_voter(id)
    }

    /// Draws a new election timeout from [E, 2E) and restarts the timer (§5.2).
    pub(crate) fn reset_election_timer<R: Rng + ?Sized>(&mut self, now: u64, rng: &mut R) {
        let e = self.config.election_timeout_ms;
        self.election_timeout = rng.random_range(e..2 * e);
        self.election_deadline = now.saturating_add(self.election_timeout);
    }
}
