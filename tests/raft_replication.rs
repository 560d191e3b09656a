//! Log replication (§5.3): the consistency check, conflict truncation, fast backtracking,
//! batching, retries, and harmlessness of duplicated and reordered messages.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{AppendEntries, AppendEntriesReply, VoteReply};
use raftlab::raft::{
    Config, Entry, EntryData, Log, Message, MessageBody, MessageKind, Node, NodeId,
    PersistentState, ProposeError, Role,
};
use rand::SeedableRng;
use rand_pcg::Pcg64;

fn rng() -> Pcg64 {
    Pcg64::seed_from_u64(3)
}

/// A slow-timer configuration so scripted scenarios are not interrupted by elections.
fn slow() -> Config {
    Config {
        election_timeout_ms: 1000,
        heartbeat_interval_ms: 100,
        pre_vote: false,
        check_quorum: false,
        max_entries_per_append: 64,
        ..Cluster::config()
    }
}

fn state(term: u64, terms: &[u64]) -> PersistentState {
    PersistentState {
        current_term: term,
        voted_for: None,
        log: Log::from_terms(terms),
    }
}

fn follower(id: NodeId, p: PersistentState) -> Node {
    let config = Config {
        id,
        voters: vec![1, 2, 3],
        ..Cluster::config()
    };
    let mut n = Node::new(config, p, 0, &mut rng()).unwrap();
    n.take_ready();
    n
}

fn entry(index: u64, term: u64) -> Entry {
    Entry {
        index,
        term,
        data: EntryData::Command(format!("c{index}").into()),
    }
}

fn append(term: u64, prev: (u64, u64), entries: Vec<Entry>, commit: u64) -> Message {
    Message {
        from: 1,
        to: 2,
        term,
        body: MessageBody::AppendEntries(AppendEntries {
            prev_log_index: prev.0,
            prev_log_term: prev.1,
            entries,
            leader_commit: commit,
            round: 1,
        }),
    }
}

fn reply(n: &mut Node) -> MessageBody {
    let r = n.take_ready();
    assert_eq!(r.messages.len(), 1);
    r.messages[0].body.clone()
}

fn rejections_from(c: &Cluster, id: NodeId) -> usize {
    c.count_delivered(|m| {
        m.from == id && m.kind() == MessageKind::AppendEntriesReply && m.is_success() == Some(false)
    })
}

/// Reference: §8 ("if the client contacts a follower, the follower rejects its request and
/// supplies information about the most recent leader it has heard from"). The refusal names
/// that leader, or says that none is known yet.
#[test]
fn s8_a_follower_refuses_a_proposal_and_points_to_the_leader() {
    let mut c = Cluster::new(3, Cluster::config(), 6);
    let e = c.propose(1, "x").unwrap_err();
    assert_eq!(e, ProposeError::NotLeader { leader_hint: None });
    assert_eq!(e.to_string(), "not the leader, and no leader is known");
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(50);
    let f = if l == 1 { 2 } else { 1 };
    let e = c.propose(f, "x").unwrap_err();
    assert_eq!(
        e,
        ProposeError::NotLeader {
            leader_hint: Some(l)
        }
    );
    assert_eq!(e.to_string(), format!("not the leader; try S{l}"));
}

#[test]
fn s5_3_consistency_check_rejects_with_conflict_hints() {
    let mut n = follower(2, state(3, &[1, 1, 2, 2, 2]));
    // prev term differs: hint is the follower's term there and its first index of that term.
    n.receive(0, append(3, (5, 3), vec![], 0), &mut rng());
    match reply(&mut n) {
        MessageBody::AppendEntriesReply(AppendEntriesReply {
            success,
            rejected_index,
            conflict_index,
            conflict_term,
            ..
        }) => {
            assert!(!success);
            assert_eq!(
                (rejected_index, conflict_index, conflict_term),
                (5, 3, Some(2))
            );
        }
        b => panic!("{b:?}"),
    }
    // prev past the end: hint is just past the follower's log.
    n.receive(0, append(3, (8, 3), vec![], 0), &mut rng());
    match reply(&mut n) {
        MessageBody::AppendEntriesReply(AppendEntriesReply {
            conflict_index,
            conflict_term,
            last_log_index,
            ..
        }) => {
            assert_eq!(
                (conflict_index, conflict_term, last_log_index),
                (6, None, 5)
            );
        }
        b => panic!("{b:?}"),
    }
    assert_eq!(n.log().last_index(), 5, "a rejection changes nothing");
}

#[test]
fn s5_3_conflicting_suffix_is_truncated_and_matching_entries_kept() {
    let mut n = follower(2, state(3, &[1, 1, 2, 2, 2]));
    n.receive(
        0,
        append(3, (2, 1), vec![entry(3, 3), entry(4, 3)], 0),
        &mut rng(),
    );
    assert!(matches!(
        reply(&mut n),
        MessageBody::AppendEntriesReply(AppendEntriesReply {
            success: true,
            match_index: 4,
            ..
        })
    ));
    assert_eq!(n.log().describe_terms(), "[1 1 3 3]");
}

#[test]
fn s5_3_stale_reordered_or_duplicated_append_never_truncates() {
    let mut n = follower(2, PersistentState::new());
    let full = append(1, (0, 0), vec![entry(1, 1), entry(2, 1), entry(3, 1)], 0);
    let short = append(1, (0, 0), vec![entry(1, 1)], 0);
    n.receive(0, full.clone(), &mut rng());
    n.receive(0, short, &mut rng()); // delayed older message arrives late
    n.receive(0, full, &mut rng()); // duplicate
    assert_eq!(n.log().last_index(), 3);
    let r = n.take_ready();
    let matches: Vec<u64> = r
        .messages
        .iter()
        .map(|m| match m.body {
            MessageBody::AppendEntriesReply(AppendEntriesReply { match_index, .. }) => match_index,
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        matches,
        vec![3, 1, 3],
        "each reply says how far that message matched"
    );
}

#[test]
fn s5_3_follower_commit_is_min_of_leader_commit_and_last_new_entry() {
    let mut n = follower(2, state(1, &[1, 1, 1, 1, 1]));
    // Heartbeat checking at index 2 with leader commit 9: only 2 is known to match.
    n.receive(0, append(1, (2, 1), vec![], 9), &mut rng());
    assert_eq!(n.commit_index(), 2);
    n.receive(0, append(1, (3, 1), vec![entry(4, 1)], 9), &mut rng());
    assert_eq!(n.commit_index(), 4);
    assert!(n.commit_index() <= n.log().last_index());
    let applied: Vec<u64> = n.take_ready().committed.iter().map(|e| e.index).collect();
    assert_eq!(applied, vec![1, 2, 3, 4], "applied in order, once");
}

#[test]
fn malformed_append_is_ignored() {
    let mut n = follower(2, PersistentState::new());
    // Gap in indices; term above the message's term; decreasing terms.
    for bad in [
        append(2, (0, 0), vec![entry(1, 1), entry(3, 1)], 0),
        append(2, (0, 0), vec![entry(1, 5)], 0),
        append(2, (0, 0), vec![entry(1, 2), entry(2, 1)], 0),
    ] {
        n.receive(0, bad, &mut rng());
    }
    assert_eq!(n.log().last_index(), 0);
    assert_eq!(
        n.leader_id(),
        Some(1),
        "the sender is still the leader of term 2"
    );
}

#[test]
fn s5_3_figure_7_logs_converge_to_the_leaders() {
    // Figure 7: the leader for term 8 and followers (a)..(f).
    let logs: [&[u64]; 7] = [
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6],
        &[1, 1, 1, 4],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
        &[1, 1, 1, 4, 4, 4, 4],
        &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    ];
    let states: Vec<PersistentState> = logs
        .iter()
        .map(|l| state(*l.last().unwrap(), l))
        .collect::<Vec<_>>();
    let mut states = states;
    states[0].current_term = 7;
    let mut c = Cluster::with_states(slow(), states, 1);
    c.timeout(1);
    c.run_for(50);
    assert_eq!(c.node(1).role(), Role::Leader);
    assert_eq!(c.node(1).current_term(), 8);
    c.run_for(600);
    assert!(c.logs_converged(), "every log equals the leader's");
    assert_eq!(c.node(4).log().describe_terms(), "[1 1 1 4 4 5 5 6 6 6 8]");
    assert_eq!(
        c.node(1).commit_index(),
        11,
        "the no-op of term 8 commits everything before it"
    );
    for id in 1..=7 {
        assert!(c.node(id).commit_index() >= 10);
    }
    // Follower (f) needed a few probes, not one per entry.
    assert!(
        rejections_from(&c, 7) <= 3,
        "{} rejections",
        rejections_from(&c, 7)
    );
    c.assert_safe();
}

fn fifty_behind(follower_terms: &[u64]) -> Cluster {
    let mut leader_log = vec![1; 10];
    leader_log.extend([3; 50]);
    let states = vec![
        state(3, &leader_log),
        state(3, &leader_log),
        state(3, follower_terms),
    ];
    let mut c = Cluster::with_states(slow(), states, 2);
    c.timeout(1);
    c
}

#[test]
fn s5_3_a_follower_50_entries_behind_in_another_term_catches_up_in_a_few_round_trips() {
    let mut conflicting = vec![1; 10];
    conflicting.extend([2; 50]);
    for follower_terms in [conflicting, vec![1; 10]] {
        let mut c = fifty_behind(&follower_terms);
        c.run_for(300);
        assert_eq!(c.node(1).role(), Role::Leader);
        assert_eq!(c.node(3).log(), c.node(1).log());
        let rejections = rejections_from(&c, 3);
        assert!(rejections <= 3, "{rejections} rejections");
        let appends = c.count_delivered(|m| m.to == 3 && m.kind() == MessageKind::AppendEntries);
        assert!(appends <= 3, "{appends} AppendEntries with entries");
        c.assert_safe();
    }
}

#[test]
fn s5_3_batches_respect_the_limit_and_heartbeats_never_overstate_commit() {
    let config = Config {
        max_entries_per_append: 4,
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, 5);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let lagging = if leader == 3 { 2 } else { 3 };
    c.isolate(lagging);
    for i in 0..30 {
        c.propose(leader, &format!("x{i}")).unwrap();
    }
    c.run_for(300);
    c.heal();
    c.run_for(1000);
    assert!(c.logs_converged());
    for m in &c.sent {
        if let MessageBody::AppendEntries(AppendEntries {
            entries,
            leader_commit,
            prev_log_index,
            ..
        }) = &m.body
        {
            assert!(entries.len() <= 4);
            if entries.is_empty() {
                // A heartbeat says min(match_index, commit_index), and prev is at least match.
                assert!(leader_commit <= prev_log_index, "{}", m.describe());
            }
        }
    }
    assert_eq!(c.applied_commands(lagging).len(), 30);
}

#[test]
fn s5_3_lost_appends_are_retried_until_they_arrive() {
    let mut c = Cluster::new(3, Cluster::config(), 6);
    let leader = c.await_leader(&[1, 2, 3], 2000).unwrap();
    // Lose every AppendEntries carrying entries for a while.
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.kind() == MessageKind::AppendEntries
    }));
    c.propose(leader, "a").unwrap();
    c.run_for(60);
    assert_eq!(c.node(leader).commit_index(), 1, "nothing arrived");
    c.drop_filter = None;
    c.run_for(200);
    assert_eq!(c.node(leader).commit_index(), 2);
    assert!(c
        .ids()
        .iter()
        .all(|&i| c.applied_commands(i) == vec!["a".to_string()]));
}

#[test]
fn duplicated_delayed_and_lost_messages_are_harmless() {
    for seed in 0..8 {
        let mut c = Cluster::new(5, Cluster::config(), 100 + seed);
        c.latency = (1, 60);
        c.dup_rate = 0.3;
        c.drop_rate = 0.1;
        let mut accepted = 0;
        for step in 0..200u64 {
            if let Some(l) = c.leader() {
                if c.propose(l, &format!("s{seed}-{step}")).is_ok() {
                    accepted += 1;
                }
            }
            c.run_for(10);
        }
        c.assert_safe();
        c.dup_rate = 0.0;
        c.drop_rate = 0.0;
        c.latency = (1, 5);
        assert!(c.await_leader(&[1, 2, 3, 4, 5], 5000).is_some());
        let l = c.leader().unwrap();
        c.propose(l, "final").unwrap();
        c.run_for(500);
        assert!(c.logs_converged(), "seed {seed}");
        let applied = c.applied_commands(l);
        assert!(
            applied.len() > accepted / 2,
            "seed {seed}: {} of {accepted} applied",
            applied.len()
        );
        assert_eq!(applied.last().map(String::as_str), Some("final"));
        for id in c.ids() {
            let p = c.node(id).progress();
            for (_, pr) in p {
                assert!(pr.next_index >= 1 && pr.next_index > pr.match_index);
            }
        }
        c.assert_safe();
    }
}

/// S1 of three voters (slow timers), started from `terms`, elected leader of the next term with
/// S3's vote; its first messages are taken.
fn leader_from(terms: &[u64], max_entries: usize) -> (Node, Pcg64) {
    let mut r = rng();
    let config = Config {
        id: 1,
        voters: vec![1, 2, 3],
        max_entries_per_append: max_entries,
        ..slow()
    };
    let term = terms.last().copied().unwrap_or(0);
    let mut n = Node::new(config, state(term, terms), 0, &mut r).unwrap();
    n.force_election_timeout(2000, &mut r);
    let grant = Message {
        from: 3,
        to: 1,
        term: term + 1,
        body: MessageBody::RequestVoteReply(VoteReply {
            granted: true,
            refusal: None,
        }),
    };
    n.receive(2001, grant, &mut r);
    assert_eq!(n.role(), Role::Leader);
    n.take_ready();
    (n, r)
}

/// The prev_log_index of the AppendEntries in `ready` to `to`.
fn prev_sent_to(n: &mut Node, to: NodeId) -> Vec<u64> {
    n.take_ready()
        .messages
        .iter()
        .filter(|m| m.to == to)
        .filter_map(|m| match m.body {
            MessageBody::AppendEntries(AppendEntries { prev_log_index, .. }) => {
                Some(prev_log_index)
            }
            _ => None,
        })
        .collect()
}

/// Reference: §5.3 (the optimization after Figure 7, as etcd does it). A follower rejects with
/// the term of its conflicting entry; the leader, which holds entries of that term, jumps to
/// just after its own last entry of that term, in one round.
#[test]
fn s5_3_a_conflict_term_the_leader_knows_skips_to_after_its_last_entry_of_that_term() {
    // Leader: terms 1 1 2 4 4 (then its no-op of term 5 at 6). Follower: 1 1 2 2 2 2.
    let (mut n, mut r) = leader_from(&[1, 1, 2, 4, 4], 64);
    let reject = Message {
        from: 2,
        to: 1,
        term: 5,
        body: MessageBody::AppendEntriesReply(AppendEntriesReply {
            success: false,
            match_index: 0,
            rejected_index: 5,
            conflict_index: 3,
            conflict_term: Some(2),
            last_log_index: 6,
            round: 1,
            request_term: 5,
        }),
    };
    n.receive(2010, reject, &mut r);
    assert_eq!(
        prev_sent_to(&mut n, 2),
        vec![3],
        "the leader's last entry of term 2 is at 3: it probes from 4"
    );
}

/// Reference: §5.3 (followers must keep hearing from the leader). With the flow-control window
/// full, a follower still gets its heartbeat.
#[test]
fn s5_3_a_follower_whose_window_is_full_still_gets_heartbeats() {
    let (mut n, mut r) = leader_from(&[1], 1);
    let ack = Message {
        from: 2,
        to: 1,
        term: 2,
        body: MessageBody::AppendEntriesReply(AppendEntriesReply {
            success: true,
            match_index: 2,
            rejected_index: 0,
            conflict_index: 0,
            conflict_term: None,
            last_log_index: 2,
            round: 1,
            request_term: 2,
        }),
    };
    n.receive(2002, ack, &mut r);
    for i in 0..20 {
        n.propose(2003, format!("x{i}")).unwrap();
    }
    n.take_ready(); // entries pipelined up to the window; none acknowledged
    let deadline = n.heartbeat_deadline().unwrap();
    n.tick(deadline, &mut r);
    assert!(
        !prev_sent_to(&mut n, 2).is_empty(),
        "S2 hears from the leader at every heartbeat"
    );
}
