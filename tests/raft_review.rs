//! Findings of the core review, each pinned by the rule it protects: a stale reply confirming a
//! read round (§6.4), a forced timeout breaking a lease (§6.4.1), reads re-sending the in-flight
//! window, and panics (or wrap-around) reachable from message content or configuration.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{AppendEntries, AppendEntriesReply, VoteReply};
use raftlab::raft::{
    Config, Entry, EntryData, Event, Message, MessageBody, Node, NodeId, PersistentState, ReadMode,
    Role, Term,
};
use rand::SeedableRng;
use rand_pcg::Pcg64;

fn round_of(m: &Message) -> Option<u64> {
    match &m.body {
        MessageBody::AppendEntries(AppendEntries { round, .. }) => Some(*round),
        _ => None,
    }
}

/// The latest round number `id` stamped on an AppendEntries.
fn current_round(c: &Cluster, id: NodeId) -> u64 {
    c.sent
        .iter()
        .rev()
        .find(|m| m.from == id && round_of(m).is_some())
        .and_then(round_of)
        .expect("it sent AppendEntries")
}

/// When `id` first became a pre-candidate or candidate at or after `since`.
fn campaigned_at(c: &Cluster, id: NodeId, since: u64) -> Option<u64> {
    c.events.iter().find_map(|(t, e)| match e {
        Event::BecamePreCandidate { node, .. } | Event::BecameCandidate { node, .. }
            if *node == id && *t >= since =>
        {
            Some(*t)
        }
        _ => None,
    })
}

fn deferred(c: &Cluster, id: NodeId) -> Option<(u64, u64, Option<NodeId>)> {
    c.events.iter().find_map(|(t, e)| match e {
        Event::TimeoutDeferred {
            node,
            wait_ms,
            leader,
            ..
        } if *node == id => Some((*t, *wait_ms, *leader)),
        _ => None,
    })
}

// ----- §6.4: acknowledgements count only for requests of the leader's current term -----

/// §6.4: a reply to an AppendEntries of an OLD term carries the follower's current term and the
/// old message's round number. Rounds are numbered afresh by each leadership, so when the old
/// sender leads that current term, the number names one of its new rounds. The reply says which
/// term it answers (`request_term`), and the leader counts it as no acknowledgement: the
/// ReadIndex read is not confirmed with evidence older than the read.
#[test]
fn s6_4_a_reply_to_an_older_terms_append_confirms_no_round_of_this_term() {
    let config = Config {
        election_timeout_ms: 100,
        heartbeat_interval_ms: 20,
        pre_vote: false,
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 7);
    // Term 1: S1 leads long enough to number many rounds.
    c.timeout(1);
    c.run_for(2000);
    assert_eq!(c.node(1).role(), Role::Leader);
    let t1 = c.node(1).current_term();
    // Term 2: S2; term 3: S1 again.
    c.timeout(2);
    c.run_for(300);
    assert_eq!(c.node(2).role(), Role::Leader);
    c.timeout(1);
    c.run_for(300);
    assert_eq!(c.node(1).role(), Role::Leader);
    let t3 = c.node(1).current_term();
    assert_eq!(c.node(2).current_term(), t3);
    // The round S1 will have reached when the read comes, later.
    let r = current_round(&c, 1) + 25;
    // A duplicate of an old term-1 heartbeat S1 -> S2 with that round number arrives at S2 now.
    let stale = c
        .sent
        .iter()
        .find(|m| m.from == 1 && m.to == 2 && m.term == t1 && round_of(m) == Some(r))
        .cloned()
        .expect("term 1 had that many rounds");
    let before = c.queue.len();
    c.inject(stale);
    // S2 answers with its current term (t3) and the old round: take that reply off the wire.
    let pos = c.queue[before..]
        .iter()
        .position(|f| f.msg.from == 2 && f.msg.to == 1)
        .expect("S2 answers the stale request")
        + before;
    let delayed_reply = c.queue.remove(pos).msg;
    assert_eq!(delayed_reply.term, t3);
    assert!(
        matches!(delayed_reply.body, MessageBody::AppendEntriesReply(AppendEntriesReply { request_term, .. }) if request_term == t1),
        "the reply names the term of the request it answers: {delayed_reply:?}"
    );
    // S1 is cut off; S2 and S3 elect S2 in term 4 and commit a write.
    c.isolate(1);
    c.timeout(2);
    c.run_for(100);
    assert_eq!(c.node(2).role(), Role::Leader);
    let w = c.propose(2, "w").unwrap();
    c.run_for(100);
    assert!(
        c.node(2).commit_index() >= w,
        "write committed by the new leader"
    );
    // S1 (still leader of term 3, it does not know better) ticks until its round is r - 1.
    while current_round(&c, 1) < r - 1 {
        c.run_for(1);
    }
    assert_eq!(current_round(&c, 1), r - 1);
    assert_eq!(c.node(1).role(), Role::Leader);
    // A ReadIndex read on S1 starts round r ...
    c.read(1, 99, ReadMode::ReadIndex).unwrap();
    assert!(c.read_result(1, 99).is_none());
    // ... and the long-delayed reply (sent before S2 moved to term 4) confirms nothing.
    c.inject(delayed_reply);
    let res = c.read_result(1, 99);
    assert!(
        res.is_none(),
        "S1 served a ReadIndex read ({res:?}) confirmed by a reply older than the read, \
         missing write at index {w}; violations: {:?}",
        c.violations
    );
    c.run_for(500);
    assert!(
        c.read_result(1, 99).is_none_or(|r| r.result.is_err()),
        "the cut-off leader never confirms the read"
    );
    assert!(c.violations.is_empty(), "{:?}", c.violations);
}

// ----- §6.4.1: a forced timeout never breaks a lease -----

/// §6.4.1 (with CheckQuorum, which lease reads rely on): a follower that has just acknowledged
/// the leader's round must not help elect anyone for an election timeout, itself included. A
/// `timeout` forced on it sets its election timer to fire once that window has passed (and says
/// so), instead of campaigning at once. The old leader's lease has expired by the time the new
/// leader can commit, so its lease read is never stale.
#[test]
fn s6_4_1_a_forced_timeout_waits_until_no_lease_counts_on_the_follower() {
    let mut c = Cluster::new(3, Cluster::config(), 3);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    if l != 1 {
        c.run_for(150);
        c.transfer(l, 1).unwrap();
    }
    c.run_for(300);
    assert_eq!(c.node(1).role(), Role::Leader);
    // S3 stops hearing from S1 (both ways); S1 keeps its quorum and lease through S2.
    c.cut(1, 3);
    // S3 times out, its pre-vote is refused (S2 hears from S1): it follows nobody now.
    assert!(c.run_until(1000, |c| c.node(3).role() == Role::PreCandidate));
    c.run_for(10);
    assert_eq!(c.node(1).role(), Role::Leader);
    assert!(c.node(1).lease_expiry().is_some());
    // S2 is cut off from S1 too, and is told to time out right after its last ack.
    c.cut(1, 2);
    let forced_at = c.time;
    c.timeout(2);
    let (at, wait_ms, leader) = deferred(&c, 2).expect("the forced timeout is deferred");
    assert_eq!((at, leader), (forced_at, Some(1)));
    assert!(wait_ms > 0 && wait_ms <= c.node(2).config().election_timeout_ms);
    assert_eq!(c.node(2).role(), Role::Follower);
    assert_eq!(
        c.node(2).election_deadline(),
        Some(c.local_time(2) + wait_ms)
    );
    // It campaigns once the window has passed, not before, and wins with S3.
    assert!(c.run_until(300, |c| c.node(2).role() == Role::Leader));
    let campaign = campaigned_at(&c, 2, forced_at).expect("S2 campaigned");
    assert!(
        campaign >= forced_at + wait_ms,
        "S2 campaigned at {campaign}, inside the lease window ending at {}",
        forced_at + wait_ms
    );
    let w = c.propose(2, "w").unwrap();
    assert!(c.run_until(100, |c| c.node(2).commit_index() >= w));
    // S1 has stepped down (CheckQuorum) or its lease has run out: no stale lease read.
    let _ = c.read(1, 5, ReadMode::Lease);
    c.run_for(50);
    assert!(
        c.read_result(1, 5).is_none_or(|r| r.result.is_err()),
        "{:?}",
        c.read_result(1, 5)
    );
    assert!(c.violations.is_empty(), "{:?}", c.violations);
}

/// §6.4.1: a server that restarted less than an election timeout ago may have acknowledged a
/// leader just before it crashed; a forced timeout waits until an election timeout after the
/// restart.
#[test]
fn s6_4_1_a_forced_timeout_right_after_a_restart_waits_an_election_timeout() {
    let mut c = Cluster::new(3, Cluster::config(), 4);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(200);
    let f = if l == 1 { 2 } else { 1 };
    c.crash(f);
    c.run_for(10);
    c.restart(f);
    c.isolate(f);
    c.run_for(30);
    c.timeout(f);
    let e = c.node(f).config().election_timeout_ms;
    assert_eq!(deferred(&c, f).map(|d| (d.1, d.2)), Some((e - 30, None)));
    c.run_for(e - 31);
    assert_eq!(c.node(f).role(), Role::Follower, "still inside the window");
    c.run_for(1);
    assert_eq!(
        c.node(f).role(),
        Role::PreCandidate,
        "campaigns once it ends"
    );
}

/// §5.2: without CheckQuorum there is no lease to protect, and a forced timeout campaigns at once.
#[test]
fn s5_2_without_check_quorum_a_forced_timeout_campaigns_at_once() {
    let config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 4);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(100);
    let f = if l == 1 { 2 } else { 1 };
    c.timeout(f);
    assert_eq!(c.node(f).role(), Role::PreCandidate);
    assert!(deferred(&c, f).is_none());
}

// ----- §6.4: a read starts a round with heartbeats, nothing more -----

/// §6.4: each ReadIndex read starts a confirmation round with one empty AppendEntries per
/// follower. Re-sending unacknowledged entries stays the periodic heartbeat's job, so a burst of
/// reads does not re-send the in-flight window once per read.
#[test]
fn s6_4_a_read_burst_resends_no_in_flight_entries() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(100);
    c.latency = (10, 10);
    for i in 0..32 {
        c.propose(l, &format!("p{i}")).unwrap();
    }
    let before = c.sent.len();
    for id in 0..20 {
        c.read(l, 100 + id, ReadMode::ReadIndex).unwrap();
    }
    let sent = &c.sent[before..];
    let entries_sent: usize = sent.iter().map(|m| m.entries().len()).sum();
    assert_eq!(entries_sent, 0, "the reads re-sent {entries_sent} entries");
    assert_eq!(sent.len(), 20 * 2, "one heartbeat per follower per read");
    assert!(c.run_until(200, |c| (100..120).all(|id| c.read_result(l, id).is_some())));
    assert!(c.violations.is_empty(), "{:?}", c.violations);
}

// ----- No panic (debug) nor wrap-around (release) from message content or configuration -----

fn rng() -> Pcg64 {
    Pcg64::seed_from_u64(7)
}

/// A node of voters [1, 2, 3] started at time 0 (CheckQuorum off unless `config` says
/// otherwise, so that forced timeouts at time 10 are not deferred).
fn node(id: NodeId, config: Config) -> Node {
    node_from(id, config, PersistentState::new())
}

fn node_from(id: NodeId, config: Config, state: PersistentState) -> Node {
    let config = Config {
        id,
        voters: vec![1, 2, 3],
        ..config
    };
    let mut n = Node::new(config, state, 0, &mut rng()).unwrap();
    n.take_ready();
    n
}

fn no_cq() -> Config {
    Config {
        check_quorum: false,
        ..Config::default()
    }
}

fn append(from: NodeId, term: Term, prev: u64, prev_term: Term, entries: Vec<Entry>) -> Message {
    Message {
        from,
        to: 1,
        term,
        body: MessageBody::AppendEntries(AppendEntries {
            prev_log_index: prev,
            prev_log_term: prev_term,
            entries,
            leader_commit: 0,
            round: 1,
        }),
    }
}

fn append_reply(
    term: Term,
    success: bool,
    match_index: u64,
    rejected_index: u64,
    conflict_index: u64,
) -> Message {
    Message {
        from: 2,
        to: 1,
        term,
        body: MessageBody::AppendEntriesReply(AppendEntriesReply {
            success,
            match_index,
            rejected_index,
            conflict_index,
            conflict_term: None,
            last_log_index: 0,
            round: 1,
            request_term: term,
        }),
    }
}

/// S1 as leader of term 1 (no PreVote: one granted vote from S2 is enough).
fn leader(config: Config) -> Node {
    let mut n = node(
        1,
        Config {
            pre_vote: false,
            ..config
        },
    );
    let mut r = rng();
    n.force_election_timeout(10, &mut r);
    let t = n.current_term();
    let vote = MessageBody::RequestVoteReply(VoteReply {
        granted: true,
        refusal: None,
    });
    n.receive(
        11,
        Message {
            from: 2,
            to: 1,
            term: t,
            body: vote,
        },
        &mut r,
    );
    assert_eq!(n.role(), Role::Leader);
    n.take_ready();
    n
}

/// §5.1: terms only grow, and term u64::MAX has no successor: a server that adopted it could
/// never campaign again (and `term + 1` would overflow). Such a message is ignored.
#[test]
fn s5_1_a_message_of_term_u64_max_is_ignored() {
    for pre_vote in [true, false] {
        let mut n = node(
            1,
            Config {
                pre_vote,
                ..no_cq()
            },
        );
        let mut r = rng();
        n.receive(10, append(2, u64::MAX, 0, 0, vec![]), &mut r);
        assert_eq!(n.current_term(), 0);
        assert!(n.take_ready().messages.is_empty());
        n.force_election_timeout(20, &mut r);
        assert_eq!(n.current_term(), if pre_vote { 0 } else { 1 });
    }
}

/// §5.2: a server whose persistent term is already u64::MAX (corrupt state) has no term to
/// campaign in: its timer firing changes nothing, and nothing panics.
#[test]
fn s5_2_a_server_at_term_u64_max_does_not_campaign() {
    for pre_vote in [true, false] {
        let state = PersistentState {
            current_term: u64::MAX,
            ..PersistentState::new()
        };
        let mut n = node_from(
            1,
            Config {
                pre_vote,
                ..no_cq()
            },
            state,
        );
        n.force_election_timeout(20, &mut rng());
        n.tick(1_000, &mut rng());
        assert_eq!(n.role(), Role::Follower);
        assert_eq!(n.current_term(), u64::MAX);
    }
}

/// §5.3: entries must follow prev_log_index contiguously; with prev_log_index = u64::MAX no index
/// can follow, so the request is malformed and ignored.
#[test]
fn s5_3_an_append_whose_entries_would_pass_u64_max_is_malformed() {
    let mut n = node(1, no_cq());
    let e = Entry {
        index: 0,
        term: 1,
        data: EntryData::Noop,
    };
    n.receive(10, append(2, 1, u64::MAX, 1, vec![e]), &mut rng());
    assert_eq!(n.log().last_index(), 0);
    assert!(n.take_ready().messages.is_empty());
    // Without entries it is an ordinary failed consistency check.
    n.receive(11, append(2, 1, u64::MAX, 1, vec![]), &mut rng());
    assert_eq!(n.take_ready().messages.len(), 1);
}

/// §5.3: a rejection can only name a prev_log_index the leader sent, never past its own log;
/// one that does (rejected_index = u64::MAX) is ignored.
#[test]
fn s5_3_a_rejection_naming_an_index_past_the_leaders_log_is_ignored() {
    let mut n = leader(no_cq());
    let t = n.current_term();
    let before = n.progress();
    n.receive(12, append_reply(t, false, 0, u64::MAX, 1), &mut rng());
    n.receive(12, append_reply(t, true, u64::MAX, 0, 0), &mut rng());
    assert_eq!(n.progress(), before);
    assert_eq!(n.role(), Role::Leader);
}

/// §5.3 batching: a batch limit of usize::MAX (a valid Config) means "no limit", not an overflow.
#[test]
fn s5_3_a_huge_batch_limit_replicates_without_overflow() {
    let mut n = leader(Config {
        max_entries_per_append: usize::MAX,
        ..no_cq()
    });
    assert!(n.config().validate().is_ok());
    let t = n.current_term();
    // S2 acknowledges the no-op at index 1: Replicate from next_index 2.
    n.receive(12, append_reply(t, true, 1, 0, 0), &mut rng());
    n.propose(13, "x".into()).unwrap();
    n.propose(13, "y".into()).unwrap();
    let sent: usize = n
        .take_ready()
        .messages
        .iter()
        .map(|m| m.entries().len())
        .sum();
    assert!(sent >= 2, "the new entries are sent ({sent})");
}

/// The simulator refuses a batch limit above 10,000 with a message naming the field and range
/// (it would also be truncated by `as usize` on wasm32), and the state is left as it was.
#[test]
fn sim_refuses_a_batch_limit_above_ten_thousand() {
    use raftlab::sim::{SimConfig, Simulation};
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    let e = s
        .apply_json(r#"{"cmd":"config","max_entries_per_append":18446744073709551615}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("max_entries_per_append") && e.contains("1..=10000"),
        "{e}"
    );
    s.apply_json(r#"{"cmd":"config","max_entries_per_append":10000}"#)
        .unwrap();
    s.advance(1_500);
    s.apply_json(r#"{"cmd":"put","key":"k","value":"v","node":1}"#)
        .unwrap();
    s.apply_json(r#"{"cmd":"put","key":"k","value":"w","node":2}"#)
        .unwrap();
    s.advance(3_000);
}

/// Messages from a sender that cannot be a server (an id outside 1..=64) are ignored. A server
/// outside this node's configuration is heard: with membership change it may be a leader this
/// node does not know of yet (tests/raft_membership.rs).
#[test]
fn messages_from_impossible_senders_are_ignored() {
    let mut n = node(1, no_cq());
    for sender in [0, 65, u64::MAX] {
        n.receive(10, append(sender, 5, 0, 0, vec![]), &mut rng());
        assert_eq!(n.current_term(), 0);
        assert!(n.take_ready().is_empty());
    }
}
