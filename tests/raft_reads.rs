//! Linearizable reads (§6.4): ReadIndex, follower reads, lease reads (§6.4.1), and the unsafe
//! local read.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{AppendEntries, ReadIndexReply, VoteReply};
use raftlab::raft::{
    Config, Event, LeaseUnusable, Message, MessageBody, MessageKind, NodeId, ReadError, ReadMode,
    Role,
};

fn ok(c: &Cluster, id: NodeId, read: u64) -> Option<u64> {
    c.read_result(id, read).and_then(|r| r.result.ok())
}

fn err(c: &Cluster, id: NodeId, read: u64) -> Option<ReadError> {
    c.read_result(id, read).and_then(|r| r.result.err())
}

fn others(c: &Cluster, id: NodeId) -> Vec<NodeId> {
    c.ids().into_iter().filter(|&i| i != id).collect()
}

/// Index of the command `text` in `id`'s log.
fn index_of(c: &Cluster, id: NodeId, text: &str) -> u64 {
    c.node(id)
        .log()
        .entries()
        .iter()
        .find(|e| e.text() == text)
        .expect("entry present")
        .index
}

#[test]
fn s6_4_read_index_waits_for_the_new_leaders_no_op_to_commit() {
    let config = Config {
        election_timeout_ms: 1000,
        heartbeat_interval_ms: 100,
        pre_vote: false,
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 1);
    c.timeout(1);
    c.run_for(30);
    c.propose(1, "a").unwrap();
    c.run_for(50);
    // S2 takes over; its no-op does not get out yet.
    c.crash(1);
    c.rewrite = Some(Box::new(|mut m: Message| {
        if let MessageBody::AppendEntries(AppendEntries { entries, .. }) = &mut m.body {
            entries.clear();
        }
        Some(m)
    }));
    c.timeout(2);
    c.run_for(30);
    assert_eq!(c.node(2).role(), Role::Leader);
    c.read(2, 7, ReadMode::ReadIndex).unwrap();
    c.run_for(200);
    assert!(
        c.read_result(2, 7).is_none(),
        "the read waits: no entry of the leader's term is committed"
    );
    assert_eq!(c.node(2).pending_reads().len(), 1);
    assert_eq!(c.node(2).pending_reads()[0].read_index, None);
    c.rewrite = None;
    c.run_for(300);
    let ri = ok(&c, 2, 7).expect("served once the no-op committed");
    assert_eq!(
        ri, 3,
        "the read index covers the no-op and the earlier entry"
    );
    assert_eq!(c.applied_commands(2), vec!["a".to_string()]);
}

#[test]
fn s6_4_read_index_is_served_after_a_majority_confirms() {
    let mut c = Cluster::new(5, Cluster::config(), 2);
    let l = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    c.propose(l, "a").unwrap();
    c.run_for(100);
    let hb_before = c.count_sent(MessageKind::Heartbeat);
    c.read(l, 1, ReadMode::ReadIndex).unwrap();
    assert!(c.read_result(l, 1).is_none(), "not before a round trip");
    assert!(
        c.count_sent(MessageKind::Heartbeat) >= hb_before + 4,
        "a round of heartbeats starts at once"
    );
    c.run_for(20);
    assert_eq!(ok(&c, l, 1), Some(index_of(&c, l, "a")));
    assert!(c.events.iter().any(|(_, e)| matches!(
        e,
        Event::ReadServed {
            id: 1,
            mode: ReadMode::ReadIndex,
            ..
        }
    )));
}

#[test]
fn s6_4_a_leader_in_a_minority_never_completes_a_read_index() {
    for check_quorum in [false, true] {
        let config = Config {
            check_quorum,
            ..Cluster::config()
        };
        let mut c = Cluster::new(5, config, 3);
        let old = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
        let buddy = if old == 1 { 2 } else { 1 };
        let majority: Vec<NodeId> = c
            .ids()
            .into_iter()
            .filter(|&i| i != old && i != buddy)
            .collect();
        c.partition(&[&[old, buddy], &majority]);
        c.read(old, 1, ReadMode::ReadIndex).unwrap();
        let new = c
            .await_leader(&majority, 3000)
            .expect("the majority elects a leader");
        c.propose(new, "w").unwrap();
        c.run_for(2000);
        assert_eq!(
            ok(&c, old, 1),
            None,
            "check_quorum={check_quorum}: never served"
        );
        let e = err(&c, old, 1).expect("the read fails so the client retries");
        if check_quorum {
            assert_eq!(e, ReadError::LeadershipLost);
        } else {
            assert_eq!(c.node(old).role(), Role::Leader);
            assert!(matches!(e, ReadError::Timeout(_)));
        }
        c.assert_safe();
    }
}

/// Reference: §6.4 (a leader that cannot confirm its leadership cannot serve the read). The read
/// waits two election timeouts, room for several heartbeat rounds, and then fails so that the
/// client retries, perhaps at another server.
#[test]
fn s6_4_an_unconfirmed_read_index_fails_after_two_election_timeouts() {
    let config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(100);
    c.isolate(l);
    c.read(l, 1, ReadMode::ReadIndex).unwrap();
    c.run_for(190);
    assert_eq!(c.read_result(l, 1), None, "still waiting after 1.9 E");
    c.run_for(30);
    assert_eq!(c.node(l).role(), Role::Leader, "without CheckQuorum");
    assert_eq!(err(&c, l, 1), Some(ReadError::Timeout(200)));
}

/// Isolates the leader whose clock runs at `rate`, lets the majority elect a new leader and
/// commit "v2", and returns (cluster, old leader, index of v2).
fn deposed_slow_leader(rate: f64) -> (Cluster, NodeId, u64) {
    let mut c = Cluster::new(5, Cluster::config(), 4);
    let old = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    c.propose(old, "v1").unwrap();
    c.run_for(100);
    c.set_clock_rate(old, rate);
    c.isolate(old);
    let rest = others(&c, old);
    let new = c.await_leader(&rest, 1000).expect("new leader");
    c.propose(new, "v2").unwrap();
    assert!(c.run_until(200, |c| c.node(new).commit_index()
        >= index_of(c, new, "v2")));
    let v2 = index_of(&c, new, "v2");
    (c, old, v2)
}

#[test]
fn s6_4_1_a_lease_read_on_a_slow_clock_leader_can_be_stale_while_read_index_never_is() {
    let (mut c, old, v2) = deposed_slow_leader(0.2);
    // The old leader's clock ran at a fifth of real time: it still believes in its lease.
    assert_eq!(c.node(old).role(), Role::Leader);
    let local = c.local_time(old);
    assert!(
        c.node(old).lease_expiry().is_some_and(|e| e > local),
        "lease still held on its clock"
    );
    c.read(old, 1, ReadMode::Lease).unwrap();
    let stale = ok(&c, old, 1).expect("served at once from the lease");
    assert!(
        stale < v2,
        "STALE: v2 (index {v2}) was committed before the read, which saw only {stale}"
    );
    // ReadIndex on the same node never returns.
    c.read(old, 2, ReadMode::ReadIndex).unwrap();
    c.run_for(2000);
    assert_eq!(ok(&c, old, 2), None);
    assert!(err(&c, old, 2).is_some());
}

#[test]
fn s6_4_1_with_an_accurate_clock_the_lease_expires_before_a_new_leader_exists() {
    let (mut c, old, _) = deposed_slow_leader(1.0);
    // By the time a new leader committed, the old leader stepped down (CheckQuorum) or its
    // lease expired, so a lease read cannot be served from it.
    match c.node(old).role() {
        Role::Leader => {
            c.read(old, 1, ReadMode::Lease).unwrap();
            c.run_for(1000);
            assert_eq!(ok(&c, old, 1), None);
        }
        _ => assert!(matches!(
            c.read(old, 1, ReadMode::Lease),
            Err(ReadError::NotLeader { .. })
        )),
    }
}

#[test]
fn s6_4_1_a_lease_read_is_served_without_a_round_trip_while_the_lease_holds() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.propose(l, "a").unwrap();
    c.run_for(50);
    let sent = c.sent.len();
    c.read(l, 1, ReadMode::Lease).unwrap();
    assert_eq!(c.sent.len(), sent, "no messages");
    assert_eq!(ok(&c, l, 1), Some(c.node(l).commit_index()));
}

#[test]
fn s6_4_1_an_expired_lease_falls_back_to_read_index() {
    let mut c = Cluster::new(3, Cluster::config(), 6);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    // Acknowledgements stop arriving for a while: the lease runs out but CheckQuorum has not
    // fired yet.
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.kind() == MessageKind::AppendEntriesReply
    }));
    c.run_for(95);
    assert_eq!(c.node(l).role(), Role::Leader);
    c.read(l, 1, ReadMode::Lease).unwrap();
    assert!(c.read_result(l, 1).is_none());
    assert!(c
        .events
        .iter()
        .any(|(_, e)| matches!(e, Event::LeaseFallback { id: 1, .. })));
    c.drop_filter = None;
    c.run_for(50);
    assert!(ok(&c, l, 1).is_some(), "confirmed by ReadIndex instead");
}

#[test]
fn s6_4_1_lease_reads_need_check_quorum() {
    let config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 7);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(100);
    assert_eq!(c.node(l).lease_expiry(), None);
    c.read(l, 1, ReadMode::Lease).unwrap();
    let fallback = c.events.iter().find_map(|(_, e)| match e {
        Event::LeaseFallback { reason, .. } => Some(*reason),
        _ => None,
    });
    assert_eq!(fallback, Some(LeaseUnusable::NoCheckQuorum));
    c.run_for(50);
    assert!(ok(&c, l, 1).is_some());
}

#[test]
fn s6_4_a_follower_read_asks_the_leader_and_waits_to_apply() {
    let mut c = Cluster::new(3, Cluster::config(), 8);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if l == 1 { 2 } else { 1 };
    let w = c.propose(l, "w").unwrap();
    // The write completes on the leader; the follower learns its commit only later.
    assert!(c.run_until(100, |c| c.node(l).commit_index() >= w));
    c.read(f, 1, ReadMode::Follower).unwrap();
    assert!(c
        .sent
        .iter()
        .any(|m| m.kind() == MessageKind::ReadIndex && m.from == f && m.to == l));
    c.run_for(200);
    let ri = ok(&c, f, 1).expect("served");
    assert!(
        ri >= index_of(&c, l, "w"),
        "the read index covers the write committed before it"
    );
    assert!(c.applied_commands(f).contains(&"w".to_string()));
    let (t, _) = c.reads[&f].iter().find(|(_, r)| r.id == 1).unwrap();
    let applied_w = c
        .events
        .iter()
        .find(
            |(_, e)| matches!(e, Event::CommitAdvanced { node, to, .. } if *node == f && *to >= ri),
        )
        .map(|(t, _)| *t)
        .unwrap();
    assert!(
        applied_w <= *t,
        "served only after applying up to the read index"
    );
}

#[test]
fn s6_4_a_follower_read_with_no_known_leader_fails_at_once() {
    let mut c = Cluster::new(3, Cluster::config(), 9);
    assert_eq!(c.read(1, 1, ReadMode::Follower), Err(ReadError::NoLeader));
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if l == 1 { 2 } else { 1 };
    assert_eq!(
        c.read(f, 2, ReadMode::ReadIndex),
        Err(ReadError::NotLeader {
            leader_hint: Some(l)
        })
    );
    assert_eq!(
        c.read(f, 3, ReadMode::Lease),
        Err(ReadError::NotLeader {
            leader_hint: Some(l)
        })
    );
    assert_eq!(
        ReadError::NoLeader.to_string(),
        "no known leader to ask for a read index; retry later"
    );
}

#[test]
fn s6_4_a_follower_read_whose_leader_is_gone_times_out() {
    let mut c = Cluster::new(3, Cluster::config(), 10);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if l == 1 { 2 } else { 1 };
    c.crash(l);
    c.read(f, 1, ReadMode::Follower).unwrap();
    c.run_for(1000);
    assert!(matches!(err(&c, f, 1), Some(ReadError::Timeout(_))));
}

#[test]
fn s6_4_pending_reads_fail_when_the_leader_steps_down() {
    let mut c = Cluster::new(3, Cluster::config(), 11);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if l == 1 { 2 } else { 1 };
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.kind() == MessageKind::AppendEntriesReply
    }));
    c.read(l, 1, ReadMode::ReadIndex).unwrap();
    // A follower's read forwarded to this leader also gets an answer.
    c.read(f, 2, ReadMode::Follower).unwrap();
    c.run_for(10);
    assert!(c.read_result(l, 1).is_none());
    let term = c.node(l).current_term();
    c.inject(Message {
        from: f,
        to: l,
        term: term + 1,
        body: MessageBody::RequestVoteReply(VoteReply {
            granted: false,
            refusal: None,
        }),
    });
    assert_eq!(c.node(l).role(), Role::Follower);
    assert_eq!(err(&c, l, 1), Some(ReadError::LeadershipLost));
    c.drop_filter = None;
    c.run_for(20);
    assert!(
        matches!(err(&c, f, 2), Some(ReadError::NotLeader { .. })),
        "{:?}",
        c.read_result(f, 2)
    );
}

#[test]
fn local_reads_are_immediate_and_can_be_stale() {
    let config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 12);
    let old = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.isolate(old);
    let rest = others(&c, old);
    let new = c.await_leader(&rest, 2000).unwrap();
    c.propose(new, "w").unwrap();
    c.run_for(100);
    let w = index_of(&c, new, "w");
    c.read(old, 1, ReadMode::Local).unwrap();
    assert!(
        ok(&c, old, 1).unwrap() < w,
        "local read on a deposed leader is stale"
    );
    assert_eq!(
        c.read(old, 1, ReadMode::Local),
        Err(ReadError::StaleId { id: 1, highest: 1 }),
        "a served id is not reused: read ids strictly increase"
    );
    assert_eq!(c.read(old, 2, ReadMode::Local), Ok(()));
}

#[test]
fn quirk_unsafe_leader_local_read_serves_read_index_without_confirmation() {
    let mut config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    config.quirks.unsafe_leader_local_read = true;
    let mut c = Cluster::new(3, config, 12);
    let old = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.isolate(old);
    let rest = others(&c, old);
    let new = c.await_leader(&rest, 2000).unwrap();
    c.propose(new, "w").unwrap();
    c.run_for(100);
    c.read(old, 1, ReadMode::ReadIndex).unwrap();
    assert!(
        ok(&c, old, 1).unwrap() < index_of(&c, new, "w"),
        "QUIRK: stale ReadIndex"
    );
}

#[test]
fn duplicate_read_ids_are_refused() {
    let mut c = Cluster::new(3, Cluster::config(), 13);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.kind() == MessageKind::AppendEntriesReply
    }));
    c.read(l, 5, ReadMode::ReadIndex).unwrap();
    assert_eq!(
        c.read(l, 5, ReadMode::ReadIndex),
        Err(ReadError::StaleId { id: 5, highest: 5 })
    );
}

/// Replies to follower reads are matched by read id (§6.4), so an id must never be reused, even
/// after its read finished: ids strictly increase while the node is up. A refused read uses up
/// no id; a restarted node has forgotten the ids (its callers must keep them increasing).
#[test]
fn read_ids_must_strictly_increase_even_after_the_read_finished() {
    let mut c = Cluster::new(3, Cluster::config(), 13);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = others(&c, l)[0];
    c.read(l, 5, ReadMode::ReadIndex).unwrap();
    assert!(c.run_until(200, |c| ok(c, l, 5).is_some()));
    let stale = |id| Err(ReadError::StaleId { id, highest: 5 });
    assert_eq!(c.read(l, 5, ReadMode::ReadIndex), stale(5));
    assert_eq!(c.read(l, 4, ReadMode::Local), stale(4));
    assert_eq!(
        stale(4).unwrap_err().to_string(),
        "read id 4 is not above 5, the highest read id this node has accepted; \
         read ids must strictly increase"
    );
    c.read(l, 6, ReadMode::Local).unwrap();

    assert!(matches!(
        c.read(f, 7, ReadMode::ReadIndex),
        Err(ReadError::NotLeader { .. })
    ));
    c.read(f, 7, ReadMode::Follower).unwrap();
    assert!(c.run_until(200, |c| ok(c, f, 7).is_some()));

    c.crash(l);
    c.restart(l);
    c.read(l, 1, ReadMode::Local).unwrap();
}

/// The hazard the rule closes: a ReadIndexReply for an earlier follower read, delayed in the
/// network, must not serve a newer read with its older read index (§6.4, linearizability).
#[test]
fn s6_4_a_late_read_index_reply_cannot_serve_a_newer_read() {
    let mut c = Cluster::new(3, Cluster::config(), 15);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let (f, g) = (others(&c, l)[0], others(&c, l)[1]);
    // The leader's answer to read #10 is held back (we keep a copy to deliver late).
    c.drop_filter = Some(Box::new(|m: &Message| {
        matches!(
            m.body,
            MessageBody::ReadIndexReply(ReadIndexReply { request_id: 10, .. })
        )
    }));
    c.read(f, 10, ReadMode::Follower).unwrap();
    assert!(c.run_until(1000, |c| err(c, f, 10).is_some()));
    assert!(matches!(err(&c, f, 10), Some(ReadError::Timeout(_))));
    let late = c
        .sent
        .iter()
        .find(|m| {
            matches!(
                m.body,
                MessageBody::ReadIndexReply(ReadIndexReply { request_id: 10, .. })
            )
        })
        .cloned()
        .expect("the leader answered read #10");
    let MessageBody::ReadIndexReply(ReadIndexReply {
        read_index: Some(old_index),
        ..
    }) = late.body
    else {
        panic!("read #10 was granted a read index");
    };
    // A write completes after read #10, and the follower has applied past its read index.
    let w = c.propose(l, "w").unwrap();
    assert!(c.run_until(200, |c| c.node(l).commit_index() >= w
        && c.node(f).last_applied() >= old_index));
    assert!(old_index < w);

    // Reusing id 10 is refused; the late reply, and a reply for #11 from a node that was not
    // asked, leave the new read #11 waiting for its own answer.
    assert_eq!(
        c.read(f, 10, ReadMode::Follower),
        Err(ReadError::StaleId {
            id: 10,
            highest: 10
        })
    );
    c.read(f, 11, ReadMode::Follower).unwrap();
    c.inject(late);
    let term = c.node(f).current_term();
    c.inject(Message {
        from: g,
        to: f,
        term,
        body: MessageBody::ReadIndexReply(ReadIndexReply {
            request_id: 11,
            read_index: Some(old_index),
        }),
    });
    assert!(c.read_result(f, 11).is_none(), "no old answer serves #11");
    assert!(c.run_until(200, |c| c.read_result(f, 11).is_some()));
    assert!(ok(&c, f, 11).expect("served") >= w);
    c.assert_safe();
}

/// A leader grants a read index only in the term the follower asked in, so a grant carrying
/// another term answers some other request and is ignored.
#[test]
fn s6_4_a_read_index_granted_in_another_term_is_ignored() {
    let mut c = Cluster::new(3, Cluster::config(), 16);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = others(&c, l)[0];
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.kind() == MessageKind::ReadIndexReply
    }));
    c.read(f, 1, ReadMode::Follower).unwrap();
    let term = c.node(f).current_term();
    let index = c.node(f).last_applied();
    c.inject(Message {
        from: l,
        to: f,
        term: term + 1,
        body: MessageBody::ReadIndexReply(ReadIndexReply {
            request_id: 1,
            read_index: Some(index),
        }),
    });
    assert_eq!(c.node(f).current_term(), term + 1);
    assert!(c.read_result(f, 1).is_none());
    assert!(c.run_until(1000, |c| c.read_result(f, 1).is_some()));
    assert!(matches!(err(&c, f, 1), Some(ReadError::Timeout(_))));
}

#[test]
fn s6_4_1_restarted_voters_cannot_elect_a_new_leader_inside_a_lease() {
    let mut c = Cluster::new(5, Cluster::config(), 14);
    let l = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    let rest = others(&c, l);
    let (a, b, x, y) = (rest[0], rest[1], rest[2], rest[3]);
    c.latency = (2, 2);
    c.partition(&[&[l, a, b], &[x, y]]);
    c.run_for(500); // x and y stop hearing from the leader; all logs stay equal
                    // Just after a fresh lease was confirmed by a and b...
    assert!(c.run_until(100, |c| {
        let local = c.local_time(l);
        c.node(l).lease_expiry().is_some_and(|e| e >= local + 85)
    }));
    // ...a and b crash and restart at once, forgetting they just heard from the leader, and
    // the leader is cut off. x asks for votes straight away.
    for id in [a, b] {
        c.crash(id);
        c.restart(id);
    }
    c.partition(&[&[l], &[a, b, x, y]]);
    c.timeout(x);
    c.run_for(40);
    let term = c.node(l).current_term();
    assert!(
        !c.leaders_seen.keys().any(|&t| t > term),
        "no new leader while the old lease holds"
    );
    c.read(l, 1, ReadMode::Lease).unwrap();
    assert!(ok(&c, l, 1).is_some(), "served from the lease");
    assert!(c.violations.is_empty(), "{:?}", c.violations);
    // Once an election timeout has passed, the majority elects a leader as usual.
    assert!(c.await_leader(&[a, b, x, y], 2000).is_some());
    c.assert_safe();
}

/// Reference: §6.4. A follower read asked of the leader itself is a ReadIndex read: served after
/// the confirmation round, not sent to itself and left to time out.
#[test]
fn s6_4_a_follower_read_on_the_leader_is_served_as_read_index() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(50);
    c.read(l, 1, ReadMode::Follower).unwrap();
    assert!(c.run_until(60, |c| c.read_result(l, 1).is_some()));
    assert!(ok(&c, l, 1).is_some(), "{:?}", c.read_result(l, 1));
}

/// Reference: §6.4. Two follower reads in a row from the same follower are both confirmed by
/// the leader; only a duplicated request (the same id again) is dropped.
#[test]
fn s6_4_the_leader_confirms_every_read_index_request_of_a_follower() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(50);
    let f = others(&c, l)[0];
    c.dup_rate = 1.0; // every request arrives twice
    c.read(f, 1, ReadMode::Follower).unwrap();
    c.read(f, 2, ReadMode::Follower).unwrap();
    assert!(c.run_until(60, |c| c.read_result(f, 2).is_some()
        && c.read_result(f, 1).is_some()));
    assert!(ok(&c, f, 1).is_some() && ok(&c, f, 2).is_some());
    assert_eq!(c.reads_of(f).len(), 2, "each read answered once");
}

/// Reference: §6.4. Read ids are per follower: two followers' requests with the same id are
/// two reads, and both are confirmed.
#[test]
fn s6_4_read_ids_of_different_followers_do_not_collide() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(50);
    let (a, b) = (others(&c, l)[0], others(&c, l)[1]);
    c.read(a, 7, ReadMode::Follower).unwrap();
    c.read(b, 7, ReadMode::Follower).unwrap();
    assert!(c.run_until(60, |c| c.read_result(a, 7).is_some()
        && c.read_result(b, 7).is_some()));
    assert!(ok(&c, a, 7).is_some() && ok(&c, b, 7).is_some());
}

/// Reference: §6.4 (follower read: "wait until its state machine has applied up to the read
/// index"). A follower that lacks the entries up to the leader's read index does not serve.
#[test]
fn s6_4_a_follower_read_waits_until_it_has_applied_the_read_index() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = others(&c, l)[0];
    // f stops receiving entries (heartbeats and read-index traffic still flow).
    c.drop_filter = Some(Box::new(move |m: &Message| {
        m.to == f
            && matches!(&m.body, MessageBody::AppendEntries(AppendEntries { entries, .. }) if !entries.is_empty())
    }));
    for i in 0..5 {
        c.propose(l, &format!("x{i}")).unwrap();
    }
    c.run_for(50);
    let applied = c.node(f).last_applied();
    assert!(applied < c.node(l).commit_index(), "f lags behind");
    c.read(f, 1, ReadMode::Follower).unwrap();
    c.run_for(30);
    assert!(
        ok(&c, f, 1).is_none(),
        "not served before f applies the read index"
    );
    c.drop_filter = None;
    assert!(c.run_until(500, |c| c.read_result(f, 1).is_some()));
    if let Some(index) = ok(&c, f, 1) {
        assert!(c.node(f).last_applied() >= index);
    }
}
