//! What a node shows of itself to the simulator and the page (the drawing's timers, vote dots
//! and progress table): each view answers for the role it belongs to and is empty otherwise.

use raftlab::raft::message::VoteReply;
use raftlab::raft::{Config, Message, MessageBody, Node, PersistentState, Role};
use rand::SeedableRng;
use rand_pcg::Pcg64;

/// S1 of three voters, PreVote and CheckQuorum off, heartbeat every 20 ms.
fn s1() -> (Node, Pcg64) {
    let mut rng = Pcg64::seed_from_u64(11);
    let config = Config {
        id: 1,
        voters: vec![1, 2, 3],
        election_timeout_ms: 100,
        heartbeat_interval_ms: 20,
        pre_vote: false,
        check_quorum: false,
        ..Config::default()
    };
    let node = Node::new(config, PersistentState::new(), 0, &mut rng).unwrap();
    (node, rng)
}

fn vote_from(from: u64, granted: bool) -> Message {
    Message {
        from,
        to: 1,
        term: 1,
        body: MessageBody::RequestVoteReply(VoteReply {
            granted,
            refusal: None,
        }),
    }
}

#[test]
fn a_node_shows_its_outputs_its_votes_its_heartbeats_and_its_followers_progress() {
    let (mut n, mut rng) = s1();
    assert!(n.has_ready(), "a new node tells that it started");
    n.take_ready();
    assert!(!n.has_ready(), "nothing is waiting once taken");
    assert_eq!(
        n.heartbeat_deadline(),
        None,
        "a follower sends no heartbeats"
    );
    assert!(n.votes_granted().is_empty() && n.progress().is_empty());

    n.force_election_timeout(150, &mut rng);
    assert_eq!(n.role(), Role::Candidate);
    assert!(n.has_ready(), "vote requests are waiting");
    assert_eq!(n.votes_granted(), vec![1], "a candidate votes for itself");
    n.receive(152, vote_from(2, false), &mut rng);
    assert_eq!(n.votes_granted(), vec![1], "a refusal is no vote");

    n.receive(153, vote_from(3, true), &mut rng);
    assert_eq!(n.role(), Role::Leader);
    assert!(n.votes_granted().is_empty(), "a leader shows no campaign");
    assert_eq!(n.heartbeat_deadline(), Some(153 + 20));
    let peers: Vec<(u64, u64, u64)> = n
        .progress()
        .iter()
        .map(|(id, p)| (*id, p.next_index, p.match_index))
        .collect();
    assert_eq!(peers.len(), 2);
    assert!(peers
        .iter()
        .all(|&(id, next, matched)| id != 1 && next >= 1 && matched == 0));
}
