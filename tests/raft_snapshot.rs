//! Log compaction (§7 of the Raft paper; Figure 13 for InstallSnapshot): a snapshot replaces the
//! applied prefix of a log, a follower that needs compacted entries gets the snapshot instead,
//! and nothing about a snapshot ever moves a node backwards.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::{AppendEntries, InstallSnapshot, InstallSnapshotReply};
use raftlab::raft::{
    CompactError, Config, ConfigState, Entry, EntryData, Event, Log, Message, MessageBody,
    MessageKind, Node, PersistentState, Role,
};
use rand::SeedableRng;
use rand_pcg::Pcg64;

fn writes(c: &mut Cluster, leader: u64, from: u64, to: u64) {
    for i in from..=to {
        c.propose(leader, &format!("x={i}"))
            .expect("the leader takes writes");
        c.run_for(5);
    }
}

/// Three servers; the follower `behind` is crashed while the leader takes `writes` writes (with
/// InstallSnapshot chunks of `chunk` bytes if given). The caller compacts and restarts as it needs.
fn left_behind(chunk: Option<u64>, seed: u64, count: u64) -> (Cluster, u64, u64) {
    let config = Config {
        snapshot_chunk_bytes: chunk.unwrap_or(Cluster::config().snapshot_chunk_bytes),
        ..Cluster::config()
    };
    let mut c = Cluster::new(3, config, seed);
    let leader = c.await_leader(&[1, 2, 3], 2_000).expect("a leader");
    let behind = leader % 3 + 1;
    c.crash(behind);
    writes(&mut c, leader, 1, count);
    c.run_for(200);
    (c, leader, behind)
}

fn installed(c: &Cluster, id: u64) -> Vec<(u64, bool)> {
    c.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::SnapshotInstalled {
                node,
                index,
                kept_entries,
                ..
            } if *node == id => Some((*index, *kept_entries)),
            _ => None,
        })
        .collect()
}

/// §7: a follower that was down while the others wrote and compacted is caught up by the
/// leader's snapshot (it needs entries the leader no longer has), then by entries after it.
#[test]
fn a_follower_far_behind_gets_a_snapshot_then_entries() {
    let (mut c, leader, behind) = left_behind(None, 7, 30);
    let applied = c.node(leader).last_applied();
    for id in c.ids().into_iter().filter(|&id| id != behind) {
        c.compact(id, applied - 5).unwrap();
    }
    assert_eq!(c.node(leader).log().snapshot_index(), applied - 5);
    writes(&mut c, leader, 31, 35);
    c.restart(behind);
    assert!(
        c.run_until(3_000, |c| c.logs_converged()),
        "{}",
        c.transcript()
    );
    assert_eq!(installed(&c, behind), [(applied - 5, false)]);
    // Sent while it was still down (lost), then again once unanswered.
    assert!(c.count_sent(MessageKind::InstallSnapshot) >= 1);
    let node = c.node(behind);
    assert_eq!(node.log().snapshot_index(), applied - 5);
    assert_eq!(node.last_applied(), c.node(leader).last_applied());
    // Its state machine holds everything: the snapshot's part and the entries after it.
    assert_eq!(c.applied_commands(behind), c.applied_commands(leader));
    assert!(c.applied_commands(behind).contains(&"x=35".to_string()));
    c.assert_safe();
}

/// A snapshot in several chunks is put together in order; a chunk out of order is dropped and
/// the leader sends the whole snapshot again when it hears nothing.
#[test]
fn chunks_arrive_in_order_and_a_lost_one_means_the_snapshot_is_sent_again() {
    let (mut c, leader, behind) = left_behind(Some(64), 11, 10);
    let applied = c.node(leader).last_applied();
    c.compact(leader, applied).unwrap();
    // The second chunk of the first sending is lost.
    let mut seen = 0;
    c.drop_filter = Some(Box::new(move |m: &Message| {
        if let MessageBody::InstallSnapshot(s) = &m.body {
            seen += 1;
            return seen == 2 && s.offset > 0;
        }
        false
    }));
    c.restart(behind);
    assert!(
        c.run_until(3_000, |c| c.logs_converged()),
        "{}",
        c.transcript()
    );
    let chunks = c.count_sent(MessageKind::InstallSnapshot);
    let sendings = c
        .events
        .iter()
        .filter(|(_, e)| matches!(e, Event::SnapshotSent { to, .. } if *to == behind))
        .count();
    assert_eq!(sendings, 2, "sent again after the lost chunk");
    assert!(chunks >= 2 * 3, "several chunks each time: {chunks}");
    assert_eq!(installed(&c, behind), [(applied, false)]);
    assert_eq!(c.applied_commands(behind), c.applied_commands(leader));
    c.assert_safe();
}

/// A follower in term 1 of a cluster S1..S3 with the given log, its commit index not yet known
/// (it just restarted), and the leader S1.
fn follower_with(terms: &[u64]) -> (Node, Pcg64) {
    let mut rng = Pcg64::seed_from_u64(3);
    let persistent = PersistentState {
        current_term: 3,
        voted_for: None,
        log: Log::from_terms(terms),
    };
    let config = Config {
        id: 2,
        voters: vec![1, 2, 3],
        ..Cluster::config()
    };
    let mut node = Node::new(config, persistent, 0, &mut rng).unwrap();
    node.take_ready();
    (node, rng)
}

/// The leader's snapshot message: the entries up to `index` (terms given), in one chunk.
fn snapshot_message(terms: &[u64], index: u64) -> Message {
    let entries: Vec<Entry> = Log::from_terms(terms).entries()[..index as usize].to_vec();
    let last_term = entries.last().map_or(0, |e| e.term);
    Message {
        from: 1,
        to: 2,
        term: 3,
        body: MessageBody::InstallSnapshot(InstallSnapshot {
            last_included_index: index,
            last_included_term: last_term,
            offset: 0,
            data: serde_json::to_string(&entries).unwrap().into(),
            done: true,
            round: 1,
            conf_state: ConfigState::bootstrap(&[1, 2, 3]),
        }),
    }
}

/// The part `offset..end` of a snapshot message, the last part if `done`.
fn chunk_of(whole: &InstallSnapshot, offset: usize, end: usize, done: bool) -> Message {
    Message {
        from: 1,
        to: 2,
        term: 3,
        body: MessageBody::InstallSnapshot(InstallSnapshot {
            offset: offset as u64,
            data: whole.data[offset..end].into(),
            done,
            ..whole.clone()
        }),
    }
}

fn reply_index(node: &mut Node) -> Option<u64> {
    node.take_ready()
        .messages
        .into_iter()
        .find_map(|m| match m.body {
            MessageBody::InstallSnapshotReply(InstallSnapshotReply {
                last_included_index,
                ..
            }) => Some(last_included_index),
            _ => None,
        })
}

/// Figure 13, step 6: if the follower's log holds the snapshot's last entry with the same term,
/// the entries after it are kept; the commit and applied indexes move up to the snapshot.
#[test]
fn a_snapshot_that_covers_part_of_the_log_keeps_the_rest() {
    let (mut node, mut rng) = follower_with(&[1, 1, 2, 2, 3, 3]);
    node.receive(10, snapshot_message(&[1, 1, 2, 2, 3, 3], 4), &mut rng);
    assert_eq!(node.log().snapshot_index(), 4);
    assert_eq!((node.log().first_index(), node.log().last_index()), (5, 6));
    assert_eq!((node.commit_index(), node.last_applied()), (4, 4));
    let ready = node.take_ready();
    assert_eq!(ready.snapshot.map(|s| s.index), Some(4), "restore from it");
    assert!(ready.events.iter().any(|e| matches!(
        e,
        Event::SnapshotInstalled {
            index: 4,
            kept_entries: true,
            ..
        }
    )));
    assert_eq!(node.role(), Role::Follower);
    assert_eq!(node.leader_id(), Some(1));
}

/// Figure 13, step 7: a log that does not hold the snapshot's last entry with its term is
/// replaced by the snapshot whole.
#[test]
fn a_conflicting_log_is_replaced_by_the_snapshot() {
    let (mut node, mut rng) = follower_with(&[1, 1, 2, 2, 2]);
    node.receive(10, snapshot_message(&[1, 1, 3, 3], 4), &mut rng);
    assert_eq!(node.log().snapshot_index(), 4);
    assert_eq!(node.log().snapshot_term(), 3);
    assert_eq!(node.log().last_index(), 4, "entry 5 (term 2) is gone");
    assert!(node.log().entries().is_empty());
    assert_eq!((node.commit_index(), node.last_applied()), (4, 4));
    assert_eq!(reply_index(&mut node), Some(4));
}

/// A snapshot that does not go past what the follower committed, or a duplicate of one it
/// installed, changes nothing (it is still acknowledged: the follower has what it stands for).
#[test]
fn a_stale_or_duplicated_snapshot_changes_nothing() {
    let terms = [1, 1, 2, 2, 3, 3];
    let (mut node, mut rng) = follower_with(&terms);
    node.receive(10, snapshot_message(&terms, 5), &mut rng);
    node.take_ready();
    let before = (
        node.persistent().clone(),
        node.commit_index(),
        node.last_applied(),
    );
    // The same snapshot again, and an older one.
    for index in [5, 3] {
        node.receive(20, snapshot_message(&terms, index), &mut rng);
        let after = (
            node.persistent().clone(),
            node.commit_index(),
            node.last_applied(),
        );
        assert_eq!(after, before, "a snapshot up to {index} changes nothing");
        let ready = node.take_ready();
        assert!(ready.snapshot.is_none());
        assert!(!ready
            .events
            .iter()
            .any(|e| matches!(e, Event::SnapshotInstalled { .. })));
        let acked = ready.messages.iter().any(|m| {
            matches!(
                m.body,
                MessageBody::InstallSnapshotReply(InstallSnapshotReply {
                    last_included_index,
                    ..
                }) if last_included_index == index
            )
        });
        assert!(acked, "acknowledged");
    }
}

/// Chunks put together in order; one whose offset does not follow what arrived is dropped.
#[test]
fn a_chunk_out_of_order_is_dropped() {
    let terms = [1, 1, 2];
    let (mut node, mut rng) = follower_with(&[1]);
    let MessageBody::InstallSnapshot(whole) = snapshot_message(&terms, 3).body else {
        unreachable!()
    };
    let chunk = |offset, end, done| chunk_of(&whole, offset, end, done);
    let (a, b) = (10, 20);
    let len = whole.data.len();
    node.receive(1, chunk(0, a, false), &mut rng);
    node.receive(2, chunk(b, len, true), &mut rng); // skips a..b: dropped
    assert_eq!(node.log().snapshot_index(), 0);
    node.receive(3, chunk(a, b, false), &mut rng);
    node.receive(4, chunk(b, len, true), &mut rng);
    assert_eq!(node.log().snapshot_index(), 3);
    assert_eq!(node.commit_index(), 3);
}

/// §7: the snapshot is persistent state. A node that restarts resumes from it: commit and
/// applied indexes start at the snapshot, and the state machine is restored from it.
#[test]
fn restart_from_a_snapshot_resumes_at_it() {
    let mut c = Cluster::new(3, Cluster::config(), 5);
    let leader = c.await_leader(&[1, 2, 3], 2_000).expect("a leader");
    writes(&mut c, leader, 1, 12);
    c.run_for(200);
    let id = leader % 3 + 1;
    let applied = c.node(id).last_applied();
    c.compact(id, applied - 2).unwrap();
    let commands = c.applied_commands(id);
    c.crash(id);
    c.restart(id);
    let node = c.node(id);
    assert_eq!(node.log().snapshot_index(), applied - 2);
    assert_eq!(node.commit_index(), applied - 2);
    assert_eq!(node.last_applied(), applied - 2);
    let restored = c.applied_commands(id);
    assert_eq!(restored[..], commands[..restored.len()]);
    assert!(restored.len() >= commands.len() - 2);
    c.run_for(500);
    assert_eq!(c.applied_commands(id), c.applied_commands(leader));
    c.assert_safe();
}

/// A snapshot covers applied entries only: compaction never discards an entry that is not
/// committed (and applied), and never goes back behind the snapshot it has.
#[test]
fn compaction_never_discards_an_unapplied_entry() {
    let mut c = Cluster::new(3, Cluster::config(), 9);
    let leader = c.await_leader(&[1, 2, 3], 2_000).expect("a leader");
    let others: Vec<u64> = c.ids().into_iter().filter(|&i| i != leader).collect();
    for &o in &others {
        c.isolate(o);
    }
    c.propose(leader, "x=1").unwrap();
    c.run_for(10);
    let node = c.node(leader);
    let (last, applied) = (node.log().last_index(), node.last_applied());
    assert!(last > applied, "an uncommitted entry");
    let before = node.persistent().clone();
    assert_eq!(
        c.compact(leader, last),
        Err(CompactError::NotApplied {
            index: last,
            applied
        })
    );
    assert_eq!(c.node(leader).persistent(), &before, "nothing changed");
    c.compact(leader, applied).unwrap();
    assert_eq!(
        c.compact(leader, applied),
        Err(CompactError::AlreadyCompacted {
            index: applied,
            snapshot: applied
        })
    );
    assert_eq!(c.node(leader).log().last_index(), last, "the entry stays");
    assert!(matches!(
        &c.node(leader).log().entry(last).unwrap().data,
        EntryData::Command(c) if &**c == "x=1"
    ));
}

/// Compaction at every node under loss, duplication, reordering, crashes and partitions: every
/// safety property of the paper holds, and the logs converge once the faults end.
#[test]
fn compaction_under_faults_keeps_every_promise() {
    let mut installs = 0;
    for seed in 0..20 {
        let mut c = Cluster::new(5, Cluster::config(), seed);
        c.compact_every = Some(7);
        c.drop_rate = 0.1;
        c.dup_rate = 0.1;
        c.latency = (1, 15);
        let mut written = 0;
        for round in 0..30u64 {
            if let Some(l) = c.leader() {
                for _ in 0..3 {
                    written += 1;
                    let _ = c.propose(l, &format!("w{written}"));
                }
            }
            match round % 10 {
                3 => c.crash(round % 5 + 1),
                6 => c.restart(round.saturating_sub(3) % 5 + 1),
                7 => c.partition(&[&[1, 2], &[3, 4, 5]]),
                9 => c.heal(),
                _ => {}
            }
            c.run_for(60);
        }
        c.heal();
        c.drop_rate = 0.0;
        c.dup_rate = 0.0;
        for id in c.ids() {
            if !c.is_up(id) {
                c.restart(id);
            }
        }
        let caught_up = |c: &Cluster| {
            let applied: Vec<u64> = c.ids().iter().map(|&i| c.node(i).last_applied()).collect();
            c.logs_converged() && applied.windows(2).all(|w| w[0] == w[1])
        };
        let converged = c.run_until(10_000, caught_up);
        assert!(converged, "seed {seed}:\n{}", c.transcript());
        c.assert_safe();
        let leader = c.leader().expect("a leader");
        for id in c.ids() {
            assert_eq!(
                c.applied_commands(id),
                c.applied_commands(leader),
                "seed {seed}: S{id}'s state machine"
            );
        }
        installs += c
            .events
            .iter()
            .filter(|(_, e)| matches!(e, Event::SnapshotInstalled { .. }))
            .count();
    }
    assert!(installs >= 20, "the runs meet InstallSnapshot: {installs}");
}

// ----- found by review: each test failed before its fix -----

/// (behind, third) for a 3-server cluster led by `leader`.
fn others(leader: u64) -> (u64, u64) {
    let behind = leader % 3 + 1;
    (behind, behind % 3 + 1)
}

/// §6.2 with §7: a follower being sent the snapshot still gets heartbeats (at the snapshot's
/// last entry), so with CheckQuorum the leader keeps hearing from it and does not step down,
/// and the follower does not time out, while the snapshot is on its way.
#[test]
fn a_follower_being_sent_a_snapshot_still_gets_heartbeats() {
    let (mut c, leader, behind) = left_behind(None, 7, 20);
    let third = others(leader).1;
    let applied = c.node(leader).last_applied();
    c.compact(leader, applied).unwrap();
    let sent = |c: &Cluster| {
        c.events
            .iter()
            .any(|(_, e)| matches!(e, Event::SnapshotSent { .. }))
    };
    assert!(c.run_until(500, sent));
    // The leader's view of it shows the snapshot on its way (etcd's StateSnapshot).
    let progress = c.node(leader).progress();
    let view = progress.iter().find(|(id, _)| *id == behind).unwrap().1;
    assert_eq!(view.pending_snapshot, Some(applied));
    c.run_for(10);
    c.restart(behind);
    c.crash(third);
    let term = c.node(leader).current_term();
    c.run_for(1_000);
    assert_eq!(c.node(leader).role(), Role::Leader, "{}", c.transcript());
    assert_eq!(c.node(leader).current_term(), term);
    assert_eq!(installed(&c, behind), [(applied, false)]);
    let progress = c.node(leader).progress();
    let view = progress.iter().find(|(id, _)| *id == behind).unwrap().1;
    assert_eq!(view.pending_snapshot, None, "acknowledged");
    assert!(view.match_index >= applied);
}

/// A follower that compacted past the point the leader last knew it matched (its replies were
/// lost) answers a probe below its snapshot with its commit point, and replication goes on.
#[test]
fn a_follower_that_compacted_past_the_leaders_view_is_caught_up() {
    let mut c = Cluster::new(3, Cluster::config(), 7);
    let leader = c.await_leader(&[1, 2, 3], 2_000).unwrap();
    let (f, third) = others(leader);
    writes(&mut c, leader, 1, 3);
    c.run_for(100);
    c.drop_filter = Some(Box::new(move |m: &Message| {
        m.from == f && matches!(m.body, MessageBody::AppendEntriesReply(_))
    }));
    writes(&mut c, leader, 4, 30);
    c.run_for(100);
    let applied = c.node(f).last_applied();
    c.compact(f, applied).unwrap();
    c.drop_filter = None;
    c.run_for(500);
    c.crash(third);
    let index = c.propose(leader, "after").unwrap();
    c.run_for(2_000);
    assert!(c.node(leader).commit_index() >= index, "{}", c.transcript());
    c.assert_safe();
}

/// A late answer for an older snapshot only raises the follower's match index: the sending of
/// the current snapshot goes on rather than starting over.
#[test]
fn a_late_answer_for_an_older_snapshot_does_not_restart_the_sending() {
    let (mut c, leader, behind) = left_behind(Some(64), 7, 20);
    c.compact(leader, c.node(leader).last_applied()).unwrap();
    // Entries sent before the compaction must not reach it after its restart.
    c.run_for(200);
    c.restart(behind);
    assert!(c.run_until(2_000, |c| c.logs_converged()));
    let done = c
        .sent
        .iter()
        .rev()
        .find(|m| {
            matches!(&m.body, MessageBody::InstallSnapshotReply(r) if r.done) && m.from == behind
        })
        .cloned()
        .unwrap_or_else(|| panic!("{}", c.transcript()));
    c.isolate(behind);
    writes(&mut c, leader, 21, 40);
    c.run_for(200);
    let newer = c.node(leader).last_applied();
    c.compact(leader, newer).unwrap();
    c.heal();
    let sendings = |c: &Cluster| {
        c.events
            .iter()
            .filter(|(_, e)| matches!(e, Event::SnapshotSent { index, .. } if *index == newer))
            .count()
    };
    assert!(c.run_until(1_000, |c| sendings(c) == 1));
    c.run_for(2);
    c.inject(done);
    assert!(
        c.run_until(3_000, |c| c.logs_converged()),
        "{}",
        c.transcript()
    );
    assert_eq!(sendings(&c), 1, "{}", c.transcript());
    c.assert_safe();
}

/// A duplicate of the first chunk arriving late keeps what the follower holds of the snapshot.
#[test]
fn a_late_duplicate_of_the_first_chunk_keeps_what_is_held() {
    let terms = [1, 1, 2];
    let (mut node, mut rng) = follower_with(&[1]);
    let MessageBody::InstallSnapshot(whole) = snapshot_message(&terms, 3).body else {
        unreachable!()
    };
    let chunk = |offset, end, done| chunk_of(&whole, offset, end, done);
    let len = whole.data.len();
    node.receive(1, chunk(0, 10, false), &mut rng);
    node.receive(2, chunk(10, 50, false), &mut rng);
    node.receive(3, chunk(0, 10, false), &mut rng);
    node.receive(4, chunk(50, len, true), &mut rng);
    assert_eq!(node.log().snapshot_index(), 3);
}

/// Malformed InstallSnapshot messages (an index no log can reach, a snapshot of term 0 or of a
/// later term than its message) are ignored: the node stays as it was and can restart.
#[test]
fn a_malformed_snapshot_is_ignored() {
    for (index, term) in [(u64::MAX, 1), (5, 0), (0, 0), (0, 1), (3, 4)] {
        let (mut node, mut rng) = follower_with(&[1, 1]);
        let before = node.persistent().clone();
        let msg = Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::InstallSnapshot(InstallSnapshot {
                last_included_index: index,
                last_included_term: term,
                offset: 0,
                data: "[]".into(),
                done: true,
                round: 1,
                conf_state: ConfigState::bootstrap(&[1, 2, 3]),
            }),
        };
        node.receive(10, msg, &mut rng);
        assert_eq!(node.persistent(), &before, "({index}, {term})");
        let answers = node.take_ready().messages;
        assert!(
            answers.is_empty(),
            "({index}, {term}) answered: {answers:?}"
        );
        let restarted = Node::new(
            node.config().clone(),
            node.persistent().clone(),
            20,
            &mut rng,
        );
        assert!(restarted.is_ok());
    }
}

// ----- found by cargo mutants (issue 17 §4): each test failed with its mutant -----

/// The leader's InstallSnapshot message for the snapshot up to `index` of a log with `terms`,
/// cut into the chunk `offset..end` of its data.
fn snapshot_chunk(terms: &[u64], index: u64, offset: usize, end: Option<usize>) -> Message {
    let mut msg = snapshot_message(terms, index);
    if let MessageBody::InstallSnapshot(s) = &mut msg.body {
        let end = end.unwrap_or(s.data.len());
        s.done = end == s.data.len();
        s.data = s.data[offset..end].into();
        s.offset = offset as u64;
    }
    msg
}

/// A newer snapshot from the same leader, of the same last term, replaces the one partly
/// received: its first chunk starts it afresh rather than adding to the older one's bytes.
#[test]
fn a_newer_snapshot_replaces_one_partly_received() {
    let (mut node, mut rng) = follower_with(&[1]);
    node.receive(1, snapshot_chunk(&[1, 1, 2], 3, 0, Some(10)), &mut rng);
    assert_eq!(reply_index(&mut node), Some(3));
    node.receive(2, snapshot_chunk(&[1, 1, 2, 2, 2], 5, 0, None), &mut rng);
    assert_eq!(node.log().snapshot_index(), 5);
    assert_eq!(node.commit_index(), 5);
    assert_eq!(reply_index(&mut node), Some(5));
}

/// §5.2: a follower learns its leader once; the chunks after the first do not announce it
/// again.
#[test]
fn each_chunk_does_not_announce_a_known_leader_again() {
    let (mut node, mut rng) = follower_with(&[1]);
    let mut announced = 0;
    for (offset, end) in [(0, Some(10)), (10, Some(20)), (20, None)] {
        node.receive(
            offset as u64,
            snapshot_chunk(&[1, 1, 2], 3, offset, end),
            &mut rng,
        );
        announced += node
            .take_ready()
            .events
            .iter()
            .filter(|e| matches!(e, Event::LeaderKnown { leader: 1, .. }))
            .count();
    }
    assert_eq!(node.log().snapshot_index(), 3);
    assert_eq!(announced, 1);
}

/// §7: entries committed but not yet taken by the caller are covered by a snapshot installed
/// after them; handing them out too would apply them on top of the restored state.
#[test]
fn a_snapshot_installed_replaces_committed_entries_not_yet_taken() {
    let (mut node, mut rng) = follower_with(&[1, 1, 2]);
    let heartbeat = Message {
        from: 1,
        to: 2,
        term: 3,
        body: MessageBody::AppendEntries(AppendEntries {
            prev_log_index: 3,
            prev_log_term: 2,
            entries: Vec::new(),
            leader_commit: 2,
            round: 1,
        }),
    };
    node.receive(1, heartbeat, &mut rng);
    assert_eq!(node.commit_index(), 2);
    node.receive(2, snapshot_message(&[1, 1, 2, 2, 3], 5), &mut rng);
    let ready = node.take_ready();
    assert_eq!(ready.snapshot.map(|s| s.index), Some(5));
    assert!(ready.committed.is_empty(), "{:?}", ready.committed);
}

/// A late answer for a chunk of a sending that is over starts no new sending.
#[test]
fn a_late_answer_for_a_finished_sending_sends_nothing() {
    let (mut c, leader, behind) = left_behind(Some(64), 11, 10);
    c.compact(leader, c.node(leader).last_applied()).unwrap();
    c.restart(behind);
    assert!(
        c.run_until(3_000, |c| c.logs_converged()),
        "{}",
        c.transcript()
    );
    c.run_for(200);
    let partial = c
        .sent
        .iter()
        .find(|m| matches!(&m.body, MessageBody::InstallSnapshotReply(r) if !r.done))
        .cloned()
        .unwrap_or_else(|| panic!("{}", c.transcript()));
    let chunks = c.count_sent(MessageKind::InstallSnapshot);
    c.inject(partial);
    c.run_for(500);
    assert_eq!(
        c.count_sent(MessageKind::InstallSnapshot),
        chunks,
        "{}",
        c.transcript()
    );
    c.assert_safe();
}

/// Each chunk's answer asks for the next one, also while the leader has entries past the
/// snapshot: once the follower is up, one sending takes it through, without waiting for
/// heartbeat rounds to start it over.
#[test]
fn chunks_flow_while_the_leader_has_entries_past_the_snapshot() {
    let (mut c, leader, behind) = left_behind(Some(64), 11, 10);
    let index = c.node(leader).last_applied() - 2;
    c.compact(leader, index).unwrap();
    writes(&mut c, leader, 11, 15);
    let restarted = c.events.len();
    c.restart(behind);
    assert!(
        c.run_until(3_000, |c| c.logs_converged()),
        "{}",
        c.transcript()
    );
    let sendings = c.events[restarted..]
        .iter()
        .filter(|(_, e)| matches!(e, Event::SnapshotSent { to, .. } if *to == behind))
        .count();
    assert_eq!(sendings, 1, "{}", c.transcript());
    assert_eq!(installed(&c, behind), [(index, false)]);
    assert_eq!(c.applied_commands(behind), c.applied_commands(leader));
    c.assert_safe();
}

/// While a follower stays down the leader keeps sending its snapshot, each sending counted as
/// one more attempt (the narration tells the first two only); an answer starts the count again.
#[test]
fn a_snapshot_sent_to_a_follower_that_stays_down_counts_its_attempts() {
    let (mut c, leader, behind) = left_behind(None, 7, 12);
    let applied = c.node(leader).last_applied();
    c.compact(leader, applied).unwrap();
    writes(&mut c, leader, 13, 14);
    c.run_for(1_000);
    let attempts = |c: &Cluster| -> Vec<u32> {
        c.events
            .iter()
            .filter_map(|(_, e)| match e {
                Event::SnapshotSent { to, attempt, .. } if *to == behind => Some(*attempt),
                _ => None,
            })
            .collect()
    };
    let while_down = attempts(&c);
    assert!(while_down.len() >= 3, "{while_down:?}");
    assert_eq!(
        while_down,
        (1..=while_down.len() as u32).collect::<Vec<_>>()
    );
    let repeats = c.events.iter().filter(|(_, e)| e.repeats_itself()).count();
    assert_eq!(repeats, while_down.len() - 2);
    c.restart(behind);
    assert!(c.run_until(3_000, |c| c.logs_converged()));
    assert_eq!(installed(&c, behind), [(applied, false)]);
    // It answered, so a later sending would be a first attempt again.
    c.crash(behind);
    writes(&mut c, leader, 15, 16);
    c.compact(leader, c.node(leader).last_applied()).unwrap();
    c.run_for(400);
    let after = attempts(&c);
    assert_eq!(after.get(while_down.len()), Some(&1), "{after:?}");
}
