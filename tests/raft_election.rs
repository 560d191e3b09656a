//! Leader election (§5.2), the election restriction (§5.4.1), persistence of the vote,
//! PreVote (§9.6), CheckQuorum (§6.2) and the disruptive-server rule (§4.2.3).

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{
    AppendEntries, AppendEntriesReply, PreVote, ReadIndex, ReadIndexReply, RequestVote, VoteReply,
};
use raftlab::raft::{
    Config, Event, FollowerCause, Log, Message, MessageBody, MessageKind, Node, NodeId,
    PersistentState, Role, VoteRefusal,
};
use rand::SeedableRng;
use rand_pcg::Pcg64;

fn rng() -> Pcg64 {
    Pcg64::seed_from_u64(7)
}

/// A lone node for rule-level tests. CheckQuorum is off so that the node, just started, does
/// not ignore vote requests for its first election timeout (tested on its own below).
fn single(id: NodeId, config: Config, persistent: PersistentState) -> Node {
    let config = Config {
        id,
        voters: vec![1, 2, 3, 4, 5],
        check_quorum: false,
        ..config
    };
    let mut n = Node::new(config, persistent, 0, &mut rng()).unwrap();
    n.take_ready();
    n
}

fn request_vote(from: NodeId, to: NodeId, term: u64, last_index: u64, last_term: u64) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::RequestVote(RequestVote {
            last_log_index: last_index,
            last_log_term: last_term,
            leadership_transfer: false,
        }),
    }
}

fn pre_vote(from: NodeId, to: NodeId, term: u64, last_index: u64, last_term: u64) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::PreVote(PreVote {
            last_log_index: last_index,
            last_log_term: last_term,
        }),
    }
}

/// An empty AppendEntries from S1 to S2 in `term`.
fn heartbeat_from_s1(term: u64) -> Message {
    Message {
        from: 1,
        to: 2,
        term,
        body: MessageBody::AppendEntries(AppendEntries {
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![],
            leader_commit: 0,
            round: 1,
        }),
    }
}

fn only_reply(n: &mut Node) -> Message {
    let ready = n.take_ready();
    assert_eq!(ready.messages.len(), 1, "{:?}", ready.messages);
    ready.messages[0].clone()
}

#[test]
fn s5_2_election_timeouts_are_drawn_from_e_to_2e() {
    let mut r = rng();
    for id in 1..=5 {
        for start in [0u64, 1000, 123_456] {
            let n = Node::new(
                Config::new(id, vec![1, 2, 3, 4, 5]),
                PersistentState::new(),
                start,
                &mut r,
            )
            .unwrap();
            let e = n.config().election_timeout_ms;
            assert!((e..2 * e).contains(&n.election_timeout()));
            assert_eq!(n.election_deadline(), Some(start + n.election_timeout()));
            assert_eq!(n.next_deadline(), n.election_deadline());
        }
    }
}

#[test]
fn s5_2_initial_election_elects_exactly_one_leader_that_stays() {
    for seed in 0..10 {
        let mut c = Cluster::new(5, Cluster::config(), seed);
        let leader = c
            .await_leader(&[1, 2, 3, 4, 5], 2000)
            .expect("a leader is elected");
        let term = c.node(leader).current_term();
        assert!(c.terms().iter().all(|&t| t == term), "terms agree");
        c.run_for(5000);
        assert_eq!(
            c.stable_leader(&[1, 2, 3, 4, 5]),
            Some(leader),
            "it stays leader while nothing fails"
        );
        assert_eq!(c.node(leader).current_term(), term);
        c.assert_safe();
    }
}

#[test]
fn s5_2_a_single_server_elects_itself() {
    let mut c = Cluster::new(1, Cluster::config(), 1);
    assert_eq!(c.await_leader(&[1], 500), Some(1));
    let i = c.propose(1, "x").unwrap();
    assert_eq!(c.node(1).commit_index(), i);
}

#[test]
fn s5_2_split_votes_are_retried() {
    let config = Config {
        pre_vote: false,
        check_quorum: false,
        election_timeout_ms: 1000,
        ..Cluster::config()
    };
    let mut c = Cluster::new(4, config, 3);
    // S3 only hears S1 and S4 only hears S2: term 1 splits 2-2.
    c.cut(1, 4);
    c.cut(2, 3);
    c.timeout(1);
    c.timeout(2);
    c.run_for(50);
    assert!(c.leaders_seen.is_empty(), "no leader in the split term");
    assert_eq!(c.node(1).role(), Role::Candidate);
    assert_eq!(c.node(2).role(), Role::Candidate);
    // Still cut: randomized timeouts let one candidate ask first and win a later term.
    assert!(
        c.run_until(10_000, |c| !c.leaders_seen.is_empty()),
        "a later election succeeds"
    );
    assert!(!c.leaders_seen.contains_key(&1));
    c.heal();
    assert!(c.await_leader(&[1, 2, 3, 4], 5000).is_some());
    c.assert_safe();
}

#[test]
fn s5_1_an_isolated_leader_is_replaced_and_with_check_quorum_steps_down() {
    let mut c = Cluster::new(5, Cluster::config(), 11);
    let old = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    c.propose(old, "committed").unwrap();
    c.run_for(200);
    c.isolate(old);
    let t0 = c.time;
    c.propose(old, "lost").unwrap();
    let rest: Vec<NodeId> = c.ids().into_iter().filter(|&i| i != old).collect();
    let new = c
        .await_leader(&rest, 2000)
        .expect("the majority elects a new leader");
    assert_ne!(new, old);
    // CheckQuorum (§6.2): the old leader steps down within two election timeouts.
    assert!(c.run_until(1000, |c| c.node(old).role() != Role::Leader));
    let e = c.template.election_timeout_ms;
    assert!(
        c.time - t0 <= 2 * e,
        "stepped down after {} ms",
        c.time - t0
    );
    assert!(c.events.iter().any(|(_, ev)| matches!(ev,
        Event::BecameFollower { node, cause: FollowerCause::CheckQuorum, .. } if *node == old)));
    c.propose(new, "kept").unwrap();
    c.run_for(300);
    c.heal();
    c.run_for(1000);
    assert_eq!(c.node(old).role(), Role::Follower);
    assert_eq!(c.node(old).leader_id(), Some(new));
    assert!(
        c.logs_converged(),
        "the old leader's uncommitted entry is discarded"
    );
    let cmds = c.applied_commands(old);
    assert_eq!(cmds, vec!["committed".to_string(), "kept".to_string()]);
    assert!(c
        .node(old)
        .log()
        .entries()
        .iter()
        .all(|e| e.text() != "lost"));
    c.assert_safe();
}

#[test]
fn s6_2_without_check_quorum_an_isolated_leader_keeps_believing() {
    let config = Config {
        check_quorum: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(5, config, 12);
    let old = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    c.isolate(old);
    c.run_for(2000);
    assert_eq!(
        c.node(old).role(),
        Role::Leader,
        "nothing tells it otherwise"
    );
    c.heal();
    c.run_for(500);
    assert!(
        c.node(old).role() != Role::Leader,
        "it steps down when it sees the higher term"
    );
    c.assert_safe();
}

#[test]
fn only_a_minority_connected_elects_nobody_and_commits_nothing() {
    let mut c = Cluster::new(5, Cluster::config(), 5);
    c.partition(&[&[1, 2], &[3], &[4], &[5]]);
    c.run_for(3000);
    assert!(c.leaders_seen.is_empty(), "no leader without a majority");
    assert!(c.ids().iter().all(|&i| c.node(i).commit_index() == 0));
    c.heal();
    assert!(
        c.await_leader(&[1, 2, 3, 4, 5], 3000).is_some(),
        "after healing, a leader again"
    );
    c.assert_safe();
}

#[test]
fn s5_4_1_vote_refused_to_a_less_up_to_date_log() {
    let p = PersistentState {
        current_term: 2,
        voted_for: None,
        log: Log::from_terms(&[1, 1, 2]),
    };
    let mut n = single(3, Cluster::config(), p.clone());
    // Shorter log with the same last term.
    n.receive(0, request_vote(1, 3, 3, 2, 2), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(
        m.body,
        MessageBody::RequestVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::LogNotUpToDate)
        })
    );
    assert_eq!(n.voted_for(), None);
    // Longer log but lower last term.
    n.receive(0, request_vote(2, 3, 3, 9, 1), &mut rng());
    assert_eq!(only_reply(&mut n).is_success(), Some(false));
    // Equal log: granted.
    n.receive(0, request_vote(4, 3, 3, 3, 2), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(m.describe(), "S3 grants its vote to S4 for term 3");
    assert_eq!(n.voted_for(), Some(4));
}

#[test]
fn s5_4_1_pre_vote_refused_to_a_less_up_to_date_log() {
    let p = PersistentState {
        current_term: 2,
        voted_for: None,
        log: Log::from_terms(&[1, 1, 2]),
    };
    let mut n = single(3, Cluster::config(), p);
    n.receive(0, pre_vote(1, 3, 3, 2, 2), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(m.term, 2, "a refusal carries the voter's term");
    assert_eq!(m.is_success(), Some(false));
    assert_eq!(
        n.current_term(),
        2,
        "a pre-vote never changes the voter's term (§9.6)"
    );
    n.receive(0, pre_vote(1, 3, 3, 3, 2), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(m.term, 3, "a grant carries the proposed term");
    assert_eq!(m.is_success(), Some(true));
    assert_eq!(n.current_term(), 2);
    assert_eq!(n.voted_for(), None, "a pre-vote is not a vote");
}

#[test]
fn quirk_vote_without_log_check_grants_to_a_stale_log() {
    let mut config = Cluster::config();
    config.quirks.vote_without_log_check = true;
    let p = PersistentState {
        current_term: 2,
        voted_for: None,
        log: Log::from_terms(&[1, 1, 2]),
    };
    let mut n = single(3, config, p);
    n.receive(0, request_vote(1, 3, 3, 1, 1), &mut rng());
    assert_eq!(only_reply(&mut n).is_success(), Some(true));
}

#[test]
fn s5_4_1_a_lagging_node_never_wins_an_election_or_a_pre_vote() {
    for pre_vote in [false, true] {
        let config = Config {
            pre_vote,
            ..Cluster::config()
        };
        let mut c = Cluster::new(5, config, 21);
        let leader = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
        let lagging = if leader == 5 { 4 } else { 5 };
        c.isolate(lagging);
        for i in 0..5 {
            c.propose(leader, &format!("v{i}")).unwrap();
        }
        c.run_for(300);
        c.crash(leader);
        c.heal();
        // Let leases expire, then keep firing the lagging node's timer.
        c.run_for(0);
        for _ in 0..20 {
            if c.node(lagging).role() != Role::Leader {
                c.timeout(lagging);
            }
            c.run_for(30);
        }
        assert!(
            !c.leaders_seen.values().any(|l| l.contains(&lagging)),
            "pre_vote={pre_vote}: the lagging node never leads"
        );
        let rest: Vec<NodeId> = c.ids().into_iter().filter(|&i| i != leader).collect();
        assert!(c.await_leader(&rest, 3000).is_some());
        c.assert_safe();
    }
}

#[test]
fn s5_2_a_vote_survives_a_crash() {
    let mut n = single(3, Cluster::config(), PersistentState::new());
    n.receive(0, request_vote(1, 3, 4, 0, 0), &mut rng());
    assert_eq!(only_reply(&mut n).is_success(), Some(true));
    let kept = n.persistent().clone();
    assert_eq!((kept.current_term, kept.voted_for), (4, Some(1)));
    let mut restarted = single(3, Cluster::config(), kept.clone());
    assert_eq!(restarted.current_term(), 4);
    restarted.receive(0, request_vote(2, 3, 4, 0, 0), &mut rng());
    let m = only_reply(&mut restarted);
    assert_eq!(
        m.body,
        MessageBody::RequestVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::AlreadyVoted(1))
        })
    );
    // The same candidate asking again (a duplicate) still gets its vote.
    restarted.receive(0, request_vote(1, 3, 4, 0, 0), &mut rng());
    assert_eq!(only_reply(&mut restarted).is_success(), Some(true));
    // With the quirk, the vote is forgotten and given twice in term 4.
    let mut config = Cluster::config();
    config.quirks.forget_vote_on_restart = true;
    let mut forgetful = single(3, config, kept);
    assert_eq!(forgetful.voted_for(), None);
    forgetful.receive(0, request_vote(2, 3, 4, 0, 0), &mut rng());
    assert_eq!(only_reply(&mut forgetful).is_success(), Some(true));
}

#[test]
fn restart_resets_commit_index_and_relearns_it() {
    let mut c = Cluster::new(3, Cluster::config(), 8);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.propose(leader, "a").unwrap();
    c.run_for(200);
    let f = if leader == 1 { 2 } else { 1 };
    assert!(c.node(f).commit_index() >= 2);
    c.crash(f);
    c.restart(f);
    assert_eq!(c.node(f).commit_index(), 0, "commit index is volatile");
    assert_eq!(c.node(f).last_applied(), 0);
    assert_eq!(c.node(f).role(), Role::Follower);
    c.run_for(200);
    assert!(c.node(f).commit_index() >= 2, "relearned from the leader");
    assert_eq!(c.applied_commands(f), vec!["a".to_string()]);
}

#[test]
fn s9_6_pre_vote_lets_an_isolated_node_rejoin_without_disruption() {
    let mut c = Cluster::new(5, Cluster::config(), 31);
    let leader = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    let term = c.node(leader).current_term();
    let lonely = if leader == 5 { 4 } else { 5 };
    c.isolate(lonely);
    c.run_for(5000);
    assert_eq!(
        c.node(lonely).current_term(),
        term,
        "pre-votes never raise its term"
    );
    assert!(c.count_sent(MessageKind::PreVote) > 0);
    c.heal();
    let elections_before = c.count_sent(MessageKind::RequestVote);
    c.run_for(2000);
    assert_eq!(
        c.stable_leader(&[1, 2, 3, 4, 5]),
        Some(leader),
        "the leader keeps leading"
    );
    assert!(
        c.terms().iter().all(|&t| t == term),
        "nobody's term was raised"
    );
    assert_eq!(
        c.count_sent(MessageKind::RequestVote),
        elections_before,
        "no election"
    );
    c.assert_safe();
}

#[test]
fn s9_6_without_pre_vote_an_isolated_node_inflates_its_term_and_disrupts() {
    let config = Config {
        pre_vote: false,
        ..Cluster::config()
    };
    let mut c = Cluster::new(5, config, 31);
    let leader = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    let term = c.node(leader).current_term();
    let lonely = if leader == 5 { 4 } else { 5 };
    c.isolate(lonely);
    c.run_for(5000);
    assert!(
        c.node(lonely).current_term() > term + 5,
        "term inflation while isolated"
    );
    c.heal();
    c.run_for(2000);
    assert!(c.max_term() > term, "its higher term reached the others");
    assert!(
        c.events.iter().any(|(_, e)| matches!(e, Event::BecameFollower { node, cause: FollowerCause::HigherTerm { .. }, .. } if *node == leader)),
        "the leader was deposed"
    );
    c.assert_safe();
}

#[test]
fn s9_6_a_lower_term_pre_vote_gets_a_refusal_carrying_the_higher_term() {
    // Liveness: a pre-candidate stuck in an old term learns the current one.
    let mut n = single(
        3,
        Cluster::config(),
        PersistentState {
            current_term: 7,
            ..PersistentState::new()
        },
    );
    n.receive(0, pre_vote(1, 3, 5, 0, 0), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(m.term, 7);
    assert_eq!(
        m.body,
        MessageBody::PreVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::StaleTerm)
        })
    );
    // The pre-candidate side: a refusal with a higher term makes it a follower in that term.
    let mut pc = single(
        1,
        Cluster::config(),
        PersistentState {
            current_term: 4,
            ..PersistentState::new()
        },
    );
    pc.force_election_timeout(0, &mut rng());
    assert_eq!(pc.role(), Role::PreCandidate);
    assert_eq!(pc.current_term(), 4);
    pc.take_ready();
    pc.receive(
        1,
        Message {
            from: 3,
            to: 1,
            term: 7,
            body: m.body,
        },
        &mut rng(),
    );
    assert_eq!(pc.role(), Role::Follower);
    assert_eq!(pc.current_term(), 7);
}

#[test]
fn s9_6_pre_vote_refused_while_the_leader_is_alive() {
    let mut c = Cluster::new(3, Cluster::config(), 2);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if leader == 1 { 2 } else { 1 };
    let other = 6 - leader - f;
    let last = c.node(f).log().last_index();
    let lt = c.node(f).log().last_term();
    let term = c.node(f).current_term();
    c.inject(pre_vote(other, f, term + 1, last, lt));
    let reply = c.sent.last().unwrap().clone();
    assert_eq!(
        reply.body,
        MessageBody::PreVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::LeaderAlive(leader))
        })
    );
}

#[test]
fn s4_2_3_with_check_quorum_a_follower_ignores_vote_requests_while_the_leader_is_alive() {
    for check_quorum in [true, false] {
        let config = Config {
            check_quorum,
            ..Cluster::config()
        };
        let mut c = Cluster::new(3, config, 4);
        let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
        let f = if leader == 1 { 2 } else { 1 };
        let other = 6 - leader - f;
        let term = c.node(f).current_term();
        let (li, lt) = (c.node(f).log().last_index(), c.node(f).log().last_term());
        c.inject(request_vote(other, f, term + 5, li, lt));
        if check_quorum {
            assert_eq!(c.node(f).current_term(), term, "ignored: term unchanged");
            assert!(matches!(
                c.events.last().unwrap().1,
                Event::VoteRequestIgnored { .. }
            ));
        } else {
            assert_eq!(c.node(f).current_term(), term + 5);
            assert_eq!(c.node(f).voted_for(), Some(other));
        }
    }
}

#[test]
fn s5_1_a_stale_term_message_is_answered_with_the_current_term() {
    let mut n = single(
        2,
        Cluster::config(),
        PersistentState {
            current_term: 5,
            ..PersistentState::new()
        },
    );
    let hb = heartbeat_from_s1(3);
    n.receive(0, hb, &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(m.term, 5);
    assert_eq!(m.is_success(), Some(false));
    assert_eq!(n.leader_id(), None, "a stale leader is not followed");
    // A stale vote reply is ignored silently.
    n.receive(
        0,
        Message {
            from: 1,
            to: 2,
            term: 4,
            body: MessageBody::RequestVoteReply(VoteReply {
                granted: true,
                refusal: None,
            }),
        },
        &mut rng(),
    );
    assert!(n.take_ready().messages.is_empty());
}

/// S2 of five voters, at term 5.
fn at_term_5() -> Node {
    let persistent = PersistentState {
        current_term: 5,
        ..PersistentState::new()
    };
    single(2, Cluster::config(), persistent)
}

/// Reference: §5.1. An older-term vote request is answered with a refusal carrying the current
/// term, so the stale candidate learns it is behind and stops campaigning in a dead term.
#[test]
fn s5_1_a_stale_vote_request_is_refused_with_the_current_term() {
    let mut n = at_term_5();
    n.receive(0, request_vote(3, 2, 3, 9, 3), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!((m.to, m.term), (3, 5));
    assert!(matches!(
        m.body,
        MessageBody::RequestVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::StaleTerm)
        })
    ));
    assert_eq!(n.voted_for(), None);
}

/// Reference: §5.1, §6.4. A follower read's ReadIndex request of an older term is answered at
/// once (no read index, the current term), so the follower learns of the new term and fails the
/// read for its client to retry, instead of waiting for its read timeout.
#[test]
fn s6_4_a_stale_read_index_request_is_answered_with_the_current_term() {
    let mut n = at_term_5();
    let stale = Message {
        from: 4,
        to: 2,
        term: 3,
        body: MessageBody::ReadIndex(ReadIndex { request_id: 7 }),
    };
    n.receive(0, stale, &mut rng());
    let m = only_reply(&mut n);
    assert_eq!((m.to, m.term), (4, 5));
    assert!(matches!(
        m.body,
        MessageBody::ReadIndexReply(ReadIndexReply {
            request_id: 7,
            read_index: None
        })
    ));
}

/// Reference: §4.2.3. "Within the minimum election timeout of hearing from a current leader":
/// a vote request E - 1 ms after the leader's heartbeat is ignored, one exactly E ms after it
/// is heard (the lease promise has run out: E x (1 - drift bound) < E).
#[test]
fn s4_2_3_the_leader_counts_as_alive_for_exactly_one_election_timeout() {
    let config = Config {
        id: 2,
        voters: vec![1, 2, 3],
        pre_vote: false,
        ..Cluster::config()
    };
    let e = config.election_timeout_ms;
    let mut r = rng();
    let mut n = Node::new(config, PersistentState::new(), 0, &mut r).unwrap();
    let heard_at = 2 * e; // past the first election timeout after starting (§6.4.1)
    let heartbeat = heartbeat_from_s1(1);
    n.receive(heard_at, heartbeat, &mut r);
    n.take_ready();
    n.receive(heard_at + e - 1, request_vote(3, 2, 2, 0, 0), &mut r);
    assert_eq!(n.current_term(), 1, "ignored inside the election timeout");
    assert!(n.take_ready().messages.is_empty());
    n.receive(heard_at + e, request_vote(3, 2, 2, 0, 0), &mut r);
    assert_eq!((n.current_term(), n.voted_for()), (2, Some(3)));
    assert!(matches!(
        only_reply(&mut n).body,
        MessageBody::RequestVoteReply(VoteReply { granted: true, .. })
    ));
}

#[test]
fn s5_1_any_higher_term_makes_a_leader_step_down() {
    let mut c = Cluster::new(3, Cluster::config(), 9);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let term = c.node(leader).current_term();
    let f = if leader == 1 { 2 } else { 1 };
    c.inject(Message {
        from: f,
        to: leader,
        term: term + 3,
        body: MessageBody::AppendEntriesReply(AppendEntriesReply {
            success: false,
            match_index: 0,
            rejected_index: 0,
            conflict_index: 0,
            conflict_term: None,
            last_log_index: 0,
            round: 0,
            request_term: term + 3,
        }),
    });
    assert_eq!(c.node(leader).role(), Role::Follower);
    assert_eq!(c.node(leader).current_term(), term + 3);
    assert_eq!(c.node(leader).voted_for(), None);
}

#[test]
fn misaddressed_and_self_sent_messages_are_ignored() {
    let mut n = single(2, Cluster::config(), PersistentState::new());
    n.receive(0, request_vote(1, 3, 9, 0, 0), &mut rng());
    n.receive(0, request_vote(2, 2, 9, 0, 0), &mut rng());
    assert!(n.take_ready().is_empty());
    assert_eq!(n.current_term(), 0);
}

#[test]
fn forced_timeout_on_a_leader_is_ignored_with_an_explanation() {
    let mut c = Cluster::new(3, Cluster::config(), 9);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let term = c.node(leader).current_term();
    c.timeout(leader);
    assert_eq!(c.node(leader).role(), Role::Leader);
    assert_eq!(c.node(leader).current_term(), term);
    let (_, e) = c.events.last().unwrap();
    assert!(
        e.describe().contains("no election timer"),
        "{}",
        e.describe()
    );
}

#[test]
fn s6_4_1_with_check_quorum_a_restarted_node_helps_no_election_for_an_election_timeout() {
    // It may have acknowledged a leader just before crashing; that leader's lease counts on it.
    let config = Config {
        id: 3,
        voters: vec![1, 2, 3, 4, 5],
        ..Cluster::config()
    };
    let kept = PersistentState {
        current_term: 2,
        ..PersistentState::new()
    };
    let mut n = Node::new(config, kept, 1000, &mut rng()).unwrap();
    n.take_ready();
    n.receive(1050, request_vote(1, 3, 3, 0, 0), &mut rng());
    let r = n.take_ready();
    assert!(r.messages.is_empty());
    assert_eq!(n.current_term(), 2);
    assert!(r.events[0]
        .describe()
        .contains("restarted less than an election timeout ago"));
    n.receive(1050, pre_vote(1, 3, 3, 0, 0), &mut rng());
    let m = only_reply(&mut n);
    assert_eq!(
        m.body,
        MessageBody::PreVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::RecentlyRestarted)
        })
    );
    // One election timeout later it votes again.
    n.receive(1100, request_vote(1, 3, 3, 0, 0), &mut rng());
    assert_eq!(only_reply(&mut n).is_success(), Some(true));
}

/// S2 of three voters (S1..S3), started at time 0; CheckQuorum off, PreVote as given.
fn node_of_three(pre_vote: bool) -> Node {
    let config = Config {
        id: 2,
        voters: vec![1, 2, 3],
        pre_vote,
        check_quorum: false,
        ..Cluster::config()
    };
    let mut n = Node::new(config, PersistentState::new(), 0, &mut rng()).unwrap();
    n.take_ready();
    n
}

fn reply(from: NodeId, term: u64, body: MessageBody) -> Message {
    Message {
        from,
        to: 2,
        term,
        body,
    }
}

/// Reference: §5.2 (one vote per term). A candidate that loses stays a follower of the same
/// term and keeps its vote for itself: a later candidate of that term is refused.
#[test]
fn s5_2_a_lost_election_keeps_the_vote_of_its_term() {
    let mut n = node_of_three(false);
    n.force_election_timeout(200, &mut rng());
    assert_eq!((n.role(), n.current_term()), (Role::Candidate, 1));
    n.take_ready();
    let refused = MessageBody::RequestVoteReply(VoteReply {
        granted: false,
        refusal: None,
    });
    n.receive(205, reply(1, 1, refused.clone()), &mut rng());
    n.receive(206, reply(3, 1, refused), &mut rng());
    assert_eq!((n.role(), n.current_term()), (Role::Follower, 1));
    assert_eq!(n.voted_for(), Some(2), "the vote of term 1 is kept");
    n.take_ready();
    n.receive(210, request_vote(3, 2, 1, 0, 0), &mut rng());
    let m = only_reply(&mut n);
    assert!(matches!(
        m.body,
        MessageBody::RequestVoteReply(VoteReply {
            granted: false,
            refusal: Some(VoteRefusal::AlreadyVoted(2))
        })
    ));
}

/// Reference: Figure 2 (nextIndex "initialized to leader last log index + 1"). A new leader
/// whose followers hold its whole log sends them only what follows it: its no-op.
#[test]
fn fig2_a_new_leader_sends_from_just_after_its_last_entry() {
    let log = Log::from_terms(&[1, 1]);
    let config = Config {
        id: 2,
        voters: vec![1, 2, 3],
        pre_vote: false,
        check_quorum: false,
        ..Cluster::config()
    };
    let kept = PersistentState {
        current_term: 1,
        voted_for: None,
        log,
    };
    let mut n = Node::new(config, kept, 0, &mut rng()).unwrap();
    n.force_election_timeout(200, &mut rng());
    n.take_ready();
    let granted = MessageBody::RequestVoteReply(VoteReply {
        granted: true,
        refusal: None,
    });
    n.receive(205, reply(1, 2, granted), &mut rng());
    assert_eq!(n.role(), Role::Leader);
    let ready = n.take_ready();
    let appends: Vec<_> = ready
        .messages
        .iter()
        .filter_map(|m| match &m.body {
            MessageBody::AppendEntries(AppendEntries {
                prev_log_index,
                entries,
                ..
            }) => Some((*prev_log_index, entries.len())),
            _ => None,
        })
        .collect();
    assert_eq!(
        appends,
        vec![(2, 1), (2, 1)],
        "prev = 2, one entry (the no-op at 3)"
    );
}

/// Reference: §5.2 ("granting vote to candidate" restarts the election timer). A follower that
/// votes in its own term waits a whole timeout from then before it campaigns itself.
#[test]
fn s5_2_granting_a_vote_restarts_the_election_timer() {
    let mut n = node_of_three(false);
    let refused = MessageBody::RequestVoteReply(VoteReply {
        granted: false,
        refusal: None,
    });
    n.receive(5, reply(1, 1, refused), &mut rng()); // term 1 learnt, no vote given yet
    assert_eq!((n.current_term(), n.voted_for()), (1, None));
    let deadline = n.election_deadline().unwrap();
    let at = deadline - 10;
    n.receive(at, request_vote(3, 2, 1, 0, 0), &mut rng());
    assert_eq!(n.voted_for(), Some(3));
    assert_eq!(
        n.election_deadline(),
        Some(at + n.election_timeout()),
        "the timer restarts at the vote"
    );
}

/// Reference: §9.6. Only a pre-candidate counts pre-votes, and only answers to the term it
/// proposed: stale grants (a duplicated message, an earlier round) elect nobody.
#[test]
fn s9_6_stale_pre_vote_grants_are_not_counted() {
    let grant = || {
        MessageBody::PreVoteReply(VoteReply {
            granted: true,
            refusal: None,
        })
    };
    // A follower that is not campaigning.
    let mut n = node_of_three(true);
    n.receive(50, reply(1, 1, grant()), &mut rng());
    n.receive(51, reply(3, 1, grant()), &mut rng());
    assert_eq!((n.role(), n.current_term()), (Role::Follower, 0));
    // A pre-candidate proposing term 1, answered for term 5.
    let mut n = node_of_three(true);
    n.force_election_timeout(200, &mut rng());
    assert_eq!(n.role(), Role::PreCandidate);
    n.receive(205, reply(1, 5, grant()), &mut rng());
    n.receive(206, reply(3, 5, grant()), &mut rng());
    assert_eq!((n.role(), n.current_term()), (Role::PreCandidate, 0));
}
