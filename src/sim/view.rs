//! Building the state snapshot (state.rs) from a world: the one place that turns the
//! simulation's insides into the plain data the UI, the CLI and embedders read.

use super::checker::Checker;
use super::kv::PutOp;
use super::network::InFlight;
use super::servers::{Life, Server};
use super::state::{
    ConfigView, Detail, Invariants, JointView, LogEntryState, MessageState, NodeState,
    OperationState, ProgressState, RoleName, SnapshotState, State, ViolationState,
};
use super::world::World;
use crate::raft::message::{AppendEntriesReply, VoteReply};
use crate::raft::{ConfigState, Entry, EntryData, Message, MessageBody, NodeSet, Role};

/// The snapshot of `world` at its current time (`end_ms` is the timeline's business).
pub(crate) fn state(world: &World, end_ms: u64, detail: Detail) -> State {
    let operations = world.clients.history().operations();
    let newest = operations.len().saturating_sub(detail.history_last);
    State {
        time_ms: world.now,
        end_ms,
        seed: world.config.seed,
        leader: world.servers.leader(),
        nodes: world
            .servers
            .iter()
            .map(|s| node_view(s, world.now, detail.log_from, world.config.nodes))
            .collect(),
        members: world.servers.iter().map(|s| s.id).collect(),
        in_flight: world.network.in_flight().map(message_view).collect(),
        network: world.network.view(),
        invariants: invariants_view(&world.observers.checker),
        history: operations[newest..]
            .iter()
            .map(OperationState::from)
            .collect(),
        stats: world.observers.stats.clone(),
        events: world.observers.narrator.view(detail.naming),
    }
}

fn node_view(s: &Server, now: u64, log_from: u64, first_nodes: u64) -> NodeState {
    let p = s.persistent();
    // A crashed node: the configuration its log puts in force when it restarts (§4.1).
    let in_use = match &s.life {
        Life::Up(n) => *n.conf_state(),
        Life::Down(_) => p.log.latest_config().unwrap_or_else(|| {
            let first: Vec<u64> = (1..=first_nodes).collect();
            ConfigState::bootstrap(&first)
        }),
    };
    let mut view = NodeState {
        id: s.id,
        up: false,
        role: RoleName::Follower,
        term: p.current_term,
        voted_for: p.voted_for,
        leader_hint: None,
        commit_index: 0,
        last_applied: 0,
        last_log_index: p.log.last_index(),
        snapshot: p.log.snapshot().map(|s| SnapshotState {
            index: s.index,
            term: s.term,
            size: s.data.len() as u64,
        }),
        log: entries_from(p.log.entries(), log_from)
            .iter()
            .map(entry_view)
            .collect(),
        config: config_view(&in_use),
        kv: s.kv.data().clone(),
        election_deadline_ms: None,
        election_timeout_ms: None,
        heartbeat_deadline_ms: None,
        votes: Vec::new(),
        progress: Vec::new(),
        clock_rate: s.clock.rate(),
        local_time_ms: s.clock.local(now),
    };
    let Life::Up(n) = &s.life else {
        return view;
    };
    let global = |local: u64| s.clock.global_at(local, now);
    view.up = true;
    view.role = role_name(n.role());
    view.leader_hint = n.leader_id();
    view.commit_index = n.commit_index();
    view.last_applied = n.last_applied();
    view.election_deadline_ms = n.election_deadline().map(global);
    view.election_timeout_ms = n
        .election_deadline()
        .map(|_| s.clock.global_duration(n.election_timeout()));
    view.heartbeat_deadline_ms = n.heartbeat_deadline().map(global);
    view.votes = n.votes_granted();
    view.progress = n
        .progress()
        .into_iter()
        .map(|(peer, pr)| ProgressState {
            peer,
            next_index: pr.next_index,
            match_index: pr.match_index,
            snapshot: pr.pending_snapshot,
            state: pr.mode,
        })
        .collect();
    view
}

fn config_view(c: &ConfigState) -> ConfigView {
    let ids = |set: NodeSet| set.iter().collect::<Vec<u64>>();
    let m = &c.membership;
    ConfigView {
        voters: ids(m.voters),
        learners: ids(m.learners),
        joint: m.outgoing.map(|old| JointView {
            old: ids(old),
            new: ids(m.voters),
        }),
        index: c.index,
    }
}

fn invariants_view(checker: &Checker) -> Invariants {
    let report = checker.report();
    Invariants {
        ok: report.ok,
        total: report.total,
        violations: report.violations.iter().map(ViolationState::from).collect(),
    }
}

/// The entries with index >= `from` (a log's indexes are consecutive).
fn entries_from(entries: &[Entry], from: u64) -> &[Entry] {
    let first = entries.first().map_or(0, |e| e.index);
    let skip = usize::try_from(from.saturating_sub(first)).unwrap_or(usize::MAX);
    entries.get(skip..).unwrap_or(&[])
}

pub(crate) fn role_name(role: Role) -> RoleName {
    match role {
        Role::Follower => RoleName::Follower,
        Role::PreCandidate => RoleName::PreCandidate,
        Role::Candidate => RoleName::Candidate,
        Role::Leader => RoleName::Leader,
    }
}

/// An entry in words: a client write decoded ("put x=1 (C1#3)"), else the core's own text.
pub(crate) fn entry_text(entry: &Entry) -> String {
    match &entry.data {
        EntryData::Command(data) => PutOp::decode(data)
            .map(|op| op.describe())
            .unwrap_or_else(|| data.to_string()),
        EntryData::Noop | EntryData::Config(_) => entry.text(),
    }
}

fn entry_view(entry: &Entry) -> LogEntryState {
    LogEntryState {
        index: entry.index,
        term: entry.term,
        text: entry_text(entry),
        config: matches!(entry.data, EntryData::Config(_)),
    }
}

fn message_view(wire: &InFlight<Message>) -> MessageState {
    let msg = &wire.msg;
    let (granted, success) = match &msg.body {
        MessageBody::PreVoteReply(VoteReply { granted, .. })
        | MessageBody::RequestVoteReply(VoteReply { granted, .. }) => (Some(*granted), None),
        MessageBody::AppendEntriesReply(AppendEntriesReply { success, .. }) => {
            (None, Some(*success))
        }
        _ => (None, None),
    };
    let size = match &msg.body {
        MessageBody::InstallSnapshot(s) => Some(s.data.len() as u64),
        _ => None,
    };
    MessageState {
        id: wire.id,
        kind: msg.kind().name().to_string(),
        from: msg.from,
        to: msg.to,
        term: msg.term,
        sent_ms: wire.sent_ms,
        deliver_ms: wire.deliver_ms,
        lost: wire.lost,
        summary: msg.describe(),
        entries: msg.entries().len() as u64,
        granted,
        success,
        size,
        #[cfg(feature = "replica")]
        rule: msg.rule(),
    }
}
