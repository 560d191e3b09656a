//! Membership change, adversarial review: scenarios that broke a rule of the Raft thesis
//! (chapter 4) in the first version of the core, each with the section it checks.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::{ConfigChange, Message, MessageKind, NodeId, Role};

/// Runs until `id` leads and has committed `index`.
fn leads_and_committed(c: &Cluster, id: NodeId, index: u64) -> bool {
    c.is_up(id) && c.node(id).role() == Role::Leader && c.node(id).commit_index() >= index
}

/// Reference: thesis §4.2.2 and Figure 4.6. "A server that is not part of its own latest
/// configuration should still start new elections, as it might still be needed until the C_new
/// entry is committed. It does not count its own vote in elections unless it is part of its
/// latest configuration." S1 leads {1,2} and removes itself; C_new = {2} stays in S1's log
/// (S2 never gets it) and S1 loses leadership. S2, under C_old, needs S1's vote, which S1
/// refuses for S2's shorter log: only S1 can be elected. A server that never campaigns once its
/// latest configuration leaves it out leaves the cluster without a leader for good.
#[test]
fn a_server_left_out_of_its_uncommitted_configuration_still_campaigns() {
    let mut c = Cluster::new(2, Cluster::config(), 21);
    c.timeout(1);
    assert_eq!(c.await_leader(&[1, 2], 1_000), Some(1));
    assert!(c.run_until(500, |c| c.node(1).commit_index() >= 1));
    c.cut(1, 2);
    let index = c.propose_config(1, ConfigChange::Remove(1)).unwrap();
    // CheckQuorum: S1 hears from no majority of C_new = {2} and steps down.
    assert!(c.run_until(1_000, |c| c.node(1).role() != Role::Leader));
    assert!(c.node(2).log().last_index() < index, "S2 never got C_new");
    c.heal();
    // S1 is elected counting only S2's vote, commits C_new, then steps down (§4.2.2)...
    let s1_finished = c.run_until(3_000, |c| c.node(1).commit_index() >= index);
    assert!(
        s1_finished,
        "no leader could be elected\n{}",
        c.transcript()
    );
    // ...and S2, the only voter left, leads.
    assert!(
        c.run_until(3_000, |c| leads_and_committed(c, 2, index)),
        "{}",
        c.transcript()
    );
    assert!(c.run_until(1_000, |c| c.node(1).role() == Role::Follower));
    let write = c.propose(2, "x=1").unwrap();
    assert!(c.run_until(1_000, |c| c.node(2).commit_index() >= write));
    c.assert_safe();
}

/// Reference: thesis §4.2.2 and §4.2.3. S1 leads {1,2,3,4} and removes S4: C_new = {1,2,3}
/// reaches every log, but S1 crashes before it learns of any acknowledgement. The next leader
/// inherits C_new uncommitted. S4 holds C_new and, until it knows C_new is committed, may still
/// be needed and campaigns (§4.2.2); so the new leader must treat it as the old leader would
/// have, replicating to it until C_new commits and then telling it so. Otherwise S4 keeps
/// sending pre-votes for ever.
#[test]
fn a_new_leader_tells_a_server_an_inherited_configuration_removes_that_it_is_committed() {
    let mut c = Cluster::new(4, Cluster::config(), 22);
    c.timeout(1);
    assert_eq!(c.await_leader(&[1, 2, 3, 4], 1_000), Some(1));
    assert!(c.run_until(500, |c| c.node(1).commit_index() >= 1));
    c.drop_filter = Some(Box::new(|m: &Message| {
        m.to == 1 && m.kind() == MessageKind::AppendEntriesReply
    }));
    let index = c.propose_config(1, ConfigChange::Remove(4)).unwrap();
    let everywhere = |c: &Cluster| (2..=4).all(|id| c.node(id).log().last_index() >= index);
    assert!(c.run_until(500, everywhere));
    c.crash(1);
    c.drop_filter = None;
    let new = c
        .await_leader(&[2, 3], 3_000)
        .expect("S2 or S3 leads C_new");
    assert!(c.run_until(1_000, |c| c.node(new).commit_index() >= index));
    c.run_for(100);
    assert!(
        c.node(4).commit_index() >= index,
        "S4 learned that C_new is committed\n{}",
        c.transcript()
    );
    let sent_before = c.sent.iter().filter(|m| m.from == 4).count();
    c.run_for(2_000);
    let sent_after = c.sent.iter().filter(|m| m.from == 4).count();
    assert_eq!(sent_after, sent_before, "S4 stays quiet");
    assert_eq!(c.leader(), Some(new));
    c.assert_safe();
}

/// `receive` hears servers outside the configuration (§4). A stranger (an id no configuration
/// ever named, up to the largest id) that asks for (pre-)votes in a higher term moves no term while
/// PreVote and CheckQuorum are on (§4.2.3, §9.6), its answers count for no quorum, and nothing
/// it sends panics.
#[test]
fn a_stranger_moves_no_term_counts_for_nothing_and_panics_nothing() {
    use raftlab::raft::message::{
        AppendEntriesReply, InstallSnapshotReply, PreVote, ReadIndex, ReadIndexReply, RequestVote,
        VoteReply,
    };
    use raftlab::raft::MessageBody as B;
    let mut c = Cluster::new(3, Cluster::config(), 23);
    c.timeout(1);
    assert_eq!(c.await_leader(&[1, 2, 3], 1_000), Some(1));
    assert!(c.run_until(500, |c| c.node(1).commit_index() >= 1));
    let term = c.node(1).current_term();
    let last = c.node(1).log().last_index();
    for stranger in [4, 64] {
        for to in 1..=3 {
            for t in [term, term + 1, term + 5] {
                let bodies = [
                    B::PreVote(PreVote {
                        last_log_index: last + 10,
                        last_log_term: t,
                    }),
                    B::RequestVote(RequestVote {
                        last_log_index: last + 10,
                        last_log_term: t,
                        leadership_transfer: false,
                    }),
                ];
                for body in bodies {
                    c.inject(Message {
                        from: stranger,
                        to,
                        term: t,
                        body,
                    });
                }
            }
            // Answers of the current term to requests it never got, and a read request (of a
            // higher term it would move the term, as any message does, §5.1).
            let answers = [
                B::ReadIndex(ReadIndex { request_id: 7 }),
                B::PreVoteReply(VoteReply {
                    granted: true,
                    refusal: None,
                }),
                B::RequestVoteReply(VoteReply {
                    granted: true,
                    refusal: None,
                }),
                B::AppendEntriesReply(AppendEntriesReply {
                    success: true,
                    match_index: last,
                    rejected_index: 0,
                    conflict_index: 0,
                    conflict_term: None,
                    last_log_index: last,
                    round: 1,
                    request_term: term,
                }),
                B::InstallSnapshotReply(InstallSnapshotReply {
                    last_included_index: last,
                    bytes_received: 0,
                    done: true,
                    round: 1,
                    request_term: term,
                }),
                B::ReadIndexReply(ReadIndexReply {
                    request_id: 7,
                    read_index: Some(last),
                }),
            ];
            for body in answers {
                c.inject(Message {
                    from: stranger,
                    to,
                    term,
                    body,
                });
            }
        }
    }
    assert!(
        (1..=3).all(|id| c.node(id).current_term() == term),
        "{}",
        c.transcript()
    );
    assert_eq!(c.leader(), Some(1));
    // Only S1 and one stranger store the next entry: no majority of {1,2,3}.
    c.isolate(2);
    c.isolate(3);
    let write = c.propose(1, "x=1").unwrap();
    c.inject(Message {
        from: 64,
        to: 1,
        term,
        body: B::AppendEntriesReply(AppendEntriesReply {
            success: true,
            match_index: write,
            rejected_index: 0,
            conflict_index: 0,
            conflict_term: None,
            last_log_index: write,
            round: 1,
            request_term: term,
        }),
    });
    assert!(c.node(1).commit_index() < write);
    c.heal();
    assert!(c.run_until(500, |c| c.node(1).commit_index() >= write));
    c.assert_safe();
}
