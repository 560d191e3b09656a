//! The promise an acknowledgement makes (§4.2.3, §6.4.1): a follower that heard from a leader
//! less than a minimum election timeout ago helps elect nobody, because that leader's lease may
//! count on it. The promise holds across term changes: a stale vote request's refusal can raise
//! a follower's term without any new leader, and the old leader's lease is still running.
//!
//! The schedules come from an adversarial review (issue 17): three servers, every clock at 1.0,
//! CheckQuorum on, no quirk. S1 leads and serves lease reads with S2's acknowledgements; S3 is
//! cut off from S1 and has reached a higher term; an old vote request of S2's, delayed on the
//! network, reaches S3 and S3's refusal carries S3's term to S2. Before the fix S2 then forgot
//! it had heard from S1, voted for S3, S3 committed x=2, and S1 answered a lease read with x=1.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{AppendEntries, RequestVote, VoteReply};
use raftlab::raft::{Config, Event, Message, MessageBody, MessageKind, ReadMode, Role, Term};

const L: u64 = 1;
const A: u64 = 2;
const B: u64 = 3;

fn config(pre_vote: bool) -> Config {
    Config {
        pre_vote,
        ..Cluster::config()
    }
}

/// S2's acknowledgements reach S1 30 ms late, so S1 learns of S2's new term only after the
/// reads below (its lease, 90 ms from the round's start, still runs when the ack arrives).
fn slow_acks(c: &mut Cluster) {
    c.link_latency.insert((A, L), (30, 30));
}

/// S1 leads with S2 and S3, x=1 is committed on all three, then S3 is cut off from S1.
fn s1_leads_and_s3_is_cut_off(pre_vote: bool) -> Cluster {
    let mut c = Cluster::new(3, config(pre_vote), 7);
    c.latency = (2, 2);
    c.run_for(100);
    c.timeout(L);
    assert_eq!(c.await_leader(&[L, A, B], 100), Some(L));
    c.propose(L, "x=1").unwrap();
    c.run_for(100);
    assert!(c.ids().iter().all(|&id| c.node(id).commit_index() == 2));
    c.cut(L, B);
    c
}

/// Waits until S1 holds a lease with at least `left` ms to run.
fn await_fresh_lease(c: &mut Cluster, left: u64) {
    assert!(c.run_until(100, |c| {
        let now = c.local_time(L);
        c.node(L).lease_expiry().is_some_and(|e| e >= now + left)
    }));
}

/// S3 campaigns now, then proposes x=2 if it won; then S1 serves a lease read (id 1).
/// Returns S1's term, the term of its lease.
fn s3_campaigns_then_s1_reads_from_its_lease(c: &mut Cluster) -> Term {
    let old_term = c.node(L).current_term();
    c.timeout(B);
    c.run_for(10);
    if c.node(B).role() == Role::Leader {
        c.propose(B, "x=2").unwrap();
        c.run_for(10);
    }
    assert_eq!(c.node(L).role(), Role::Leader, "S1 has not heard of it yet");
    assert!(c.node(L).lease_expiry().is_some(), "S1's lease still runs");
    c.read(L, 1, ReadMode::Lease).unwrap();
    old_term
}

fn a_stale_request(from: u64, to: u64, term: Term, body: MessageBody) -> Message {
    Message {
        from,
        to,
        term,
        body,
    }
}

fn assert_no_leader_elected_inside_the_lease(c: &Cluster, old_term: Term) {
    assert!(c.violations.is_empty(), "{:?}", c.violations);
    assert!(
        !c.leaders_seen.keys().any(|&t| t > old_term),
        "S2 helped elect a leader inside S1's lease: {:?}",
        c.leaders_seen
    );
    let read = c.read_result(L, 1).expect("the lease read was served");
    assert_eq!(read.result, Ok(c.node(L).commit_index()));
}

/// Once the promise has run out (an election timeout after S2 last heard from S1), S3 and S2
/// elect a leader as usual; S1, told of the new term, steps down. Nothing was lost.
fn assert_the_cluster_moves_on(c: &mut Cluster) {
    assert!(c.await_leader(&[A, B], 2000).is_some());
    c.heal();
    assert!(c.await_leader(&[L, A, B], 2000).is_some());
    c.assert_safe();
}

/// Reference: §4.2.3 and §6.4.1 (CheckQuorum, lease reads), without PreVote.
#[test]
fn s4_2_3_a_term_raised_by_a_stale_votes_refusal_keeps_the_promise_to_the_leader() {
    let mut c = s1_leads_and_s3_is_cut_off(false);
    // S3 hears from no leader: it campaigns again and again and its term climbs; S2 ignores
    // its requests, because it hears from S1 (§4.2.3).
    c.run_for(500);
    assert!(c.node(B).current_term() > c.node(A).current_term() + 1);
    slow_acks(&mut c);
    await_fresh_lease(&mut c, 55);

    // An old RequestVote of S2's, from term 1, reaches S3; S3's refusal carries its term.
    let body = MessageBody::RequestVote(RequestVote {
        last_log_index: 0,
        last_log_term: 0,
        leadership_transfer: false,
    });
    c.inject(a_stale_request(A, B, 1, body));
    c.run_for(3);
    assert!(c.node(A).current_term() > c.node(L).current_term());
    assert_eq!(c.node(A).leader_id(), None);

    let old_term = s3_campaigns_then_s1_reads_from_its_lease(&mut c);
    assert!(c.events.iter().any(|(_, e)| matches!(
        e,
        Event::VoteRequestIgnored {
            node: A,
            candidate: B,
            leader: L,
            ..
        }
    )));
    assert_no_leader_elected_inside_the_lease(&c, old_term);
    assert_the_cluster_moves_on(&mut c);
}

/// Reference: §4.2.3, §6.4.1 and §9.6 (PreVote). With PreVote S3 can reach a higher term only
/// with S2's pre-vote, so S2 must have stopped hearing from S1 for an election timeout while
/// S1 kept its leadership: S1's heartbeats to S2 are lost for a while and S2's last
/// acknowledgements crawl to S1 on a latency spike. S2 pre-votes (its PreVote to S3 is held
/// up on the network) and grants S3's pre-vote; S3's vote request is lost; S1's heartbeats get
/// through again and S2 follows S1. Then S2's old PreVote reaches S3, and the refusal raises
/// S2's term. S2 must still refuse S3's pre-vote, and a forced timeout on S2 must wait, as
/// long as S1's lease may count on S2.
#[test]
fn s9_6_a_term_raised_by_a_stale_pre_votes_refusal_keeps_the_promise_to_the_leader() {
    let mut c = s1_leads_and_s3_is_cut_off(true);
    c.run_for(300);
    let term = c.node(L).current_term();
    assert_eq!(
        c.node(B).current_term(),
        term,
        "S3's pre-votes were refused"
    );

    // A latency spike on S2 -> S1, then S1's heartbeats to S2 are lost.
    c.link_latency.insert((A, L), (70, 70));
    c.run_for(40);
    c.drop_filter = Some(Box::new(|m: &Message| (m.from, m.to) == (L, A)));
    c.hold = Some(Box::new(|m: &Message| {
        matches!(
            (m.from, m.to, m.kind()),
            (A, B, MessageKind::PreVote) | (B, A, MessageKind::RequestVote)
        )
    }));
    c.run_for(101);
    assert_eq!(
        c.node(L).role(),
        Role::Leader,
        "S1 still hears S2's late acks"
    );
    c.timeout(A); // S2 has not heard from S1 for an election timeout: it pre-votes
    c.timeout(B); // and grants S3's pre-vote; S3 becomes a candidate
    c.run_for(5);
    assert_eq!(c.node(B).current_term(), term + 1);
    assert_eq!(c.node(A).current_term(), term);

    // The spike ends and S1's heartbeats get through: S2 follows S1 again.
    c.drop_filter = None;
    c.link_latency.remove(&(A, L));
    assert!(c.run_until(30, |c| c.node(A).leader_id() == Some(L)));
    assert_eq!(c.node(L).role(), Role::Leader);
    slow_acks(&mut c);
    await_fresh_lease(&mut c, 55);

    // S2's old PreVote reaches S3 (S3's vote request stays lost).
    c.held.retain(|m| m.kind() == MessageKind::PreVote);
    c.release_held();
    c.run_for(5);
    assert_eq!(
        c.node(A).current_term(),
        term + 1,
        "S3's refusal raised S2's term"
    );

    let old_term = s3_campaigns_then_s1_reads_from_its_lease(&mut c);
    assert_no_leader_elected_inside_the_lease(&c, old_term);

    // A forced timeout on S2 waits for the promise to run out.
    c.timeout(A);
    assert!(c.events.iter().any(|(_, e)| matches!(
        e,
        Event::TimeoutDeferred {
            node: A,
            leader: Some(L),
            ..
        }
    )));
    assert_ne!(c.node(A).role(), Role::PreCandidate);
    assert_the_cluster_moves_on(&mut c);
}

/// A lone S2 (voters S1..S3, CheckQuorum on) that heard S1's heartbeat of term 1 at 200 ms,
/// then had its term raised to 2 by a refusal that named no leader.
fn follower_whose_term_a_refusal_raised() -> (raftlab::raft::Node, rand_pcg::Pcg64) {
    use rand::SeedableRng;
    let config = Config {
        id: A,
        voters: vec![L, A, B],
        pre_vote: false,
        ..Cluster::config()
    };
    let mut rng = rand_pcg::Pcg64::seed_from_u64(3);
    let mut n = raftlab::raft::Node::new(config, Default::default(), 0, &mut rng).unwrap();
    let heartbeat = MessageBody::AppendEntries(AppendEntries {
        prev_log_index: 0,
        prev_log_term: 0,
        entries: vec![],
        leader_commit: 0,
        round: 1,
    });
    n.receive(200, a_stale_request(L, A, 1, heartbeat), &mut rng);
    let refusal = MessageBody::RequestVoteReply(VoteReply {
        granted: false,
        refusal: None,
    });
    n.receive(201, a_stale_request(B, A, 2, refusal), &mut rng);
    assert_eq!((n.current_term(), n.leader_id()), (2, None));
    n.take_ready();
    (n, rng)
}

fn vote_request(term: Term, transfer: bool) -> Message {
    let body = MessageBody::RequestVote(RequestVote {
        last_log_index: 0,
        last_log_term: 0,
        leadership_transfer: transfer,
    });
    a_stale_request(B, A, term, body)
}

fn granted(n: &mut raftlab::raft::Node) -> bool {
    let ready = n.take_ready();
    matches!(
        ready.messages.as_slice(),
        [Message {
            body: MessageBody::RequestVoteReply(VoteReply { granted: true, .. }),
            ..
        }]
    )
}

/// Reference: §4.2.3, §3.10. In its own (raised) term the follower refuses an ordinary vote
/// while S1 may count on it, but grants a vote the leader asked for with TimeoutNow, and a
/// duplicate of a vote it already gave stays granted.
#[test]
fn s4_2_3_a_same_term_vote_waits_for_the_promise_but_a_transfer_vote_does_not() {
    let (mut n, mut rng) = follower_whose_term_a_refusal_raised();
    n.receive(210, vote_request(2, false), &mut rng);
    assert!(
        !granted(&mut n),
        "an ordinary vote waits for the promise to end"
    );
    assert_eq!(n.voted_for(), None);
    n.receive(211, vote_request(2, true), &mut rng);
    assert!(
        granted(&mut n),
        "S1 gave up its lease when it sent TimeoutNow"
    );
    assert_eq!(n.voted_for(), Some(B));
    n.receive(212, vote_request(2, false), &mut rng);
    assert!(granted(&mut n), "a duplicated request gets the same answer");
}

/// Reference: §4.2.3. Once an election timeout has passed since S1 was heard, the same vote
/// is granted.
#[test]
fn s4_2_3_the_promise_ends_one_election_timeout_after_the_leader_was_heard() {
    let (mut n, mut rng) = follower_whose_term_a_refusal_raised();
    let e = Cluster::config().election_timeout_ms;
    n.receive(200 + e - 1, vote_request(2, false), &mut rng);
    assert!(!granted(&mut n));
    n.receive(200 + e, vote_request(2, false), &mut rng);
    assert!(granted(&mut n));
}
