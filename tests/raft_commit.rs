//! Commitment (§5.4.2): only current-term entries commit by counting replicas; a new leader's
//! no-op commits earlier entries indirectly. Figure 8 of the paper, scripted step by step.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::message::AppendEntries;
use raftlab::raft::{Config, Event, Message, MessageBody, Role};

/// Slow timers (no spontaneous elections during the script), elections by hand, one entry per
/// AppendEntries so the script controls exactly what each follower gets.
fn figure8_config(quirk: bool) -> Config {
    let mut c = Config {
        election_timeout_ms: 1000,
        heartbeat_interval_ms: 100,
        max_entries_per_append: 1,
        pre_vote: false,
        check_quorum: false,
        ..Cluster::config()
    };
    c.quirks.commit_old_term_by_counting = quirk;
    c
}

/// Removes entries at or after `index` from S`from`'s AppendEntries: those entries "get lost".
fn strip_from(from: u64, index: u64) -> Box<dyn FnMut(Message) -> Option<Message>> {
    Box::new(move |mut m: Message| {
        if m.from == from {
            if let MessageBody::AppendEntries(AppendEntries { entries, .. }) = &mut m.body {
                entries.retain(|e| e.index < index);
            }
        }
        Some(m)
    })
}

fn elect(c: &mut Cluster, id: u64) {
    for _ in 0..3 {
        if c.node(id).role() == Role::Leader {
            return;
        }
        c.timeout(id);
        c.run_for(30);
    }
    assert_eq!(
        c.node(id).role(),
        Role::Leader,
        "S{id} should win\n{}",
        c.transcript()
    );
}

/// Figure 8 (a)-(c): returns the cluster with S1 leading term 3, index 2 (term 1) stored on
/// S1, S2 and S3 (a majority), and S1's own no-op (index 3, term 3) on S1 only.
fn figure8_until_c(quirk: bool) -> Cluster {
    let mut c = Cluster::new(5, figure8_config(quirk), 8);
    // S1 leads term 1; its no-op (index 1) reaches everyone.
    elect(&mut c, 1);
    c.run_for(100);
    assert!(c.ids().iter().all(|&i| c.node(i).commit_index() == 1));
    // (a) S1 replicates index 2 only to S2.
    c.partition(&[&[1, 2], &[3, 4, 5]]);
    assert_eq!(c.propose(1, "x"), Ok(2));
    c.run_for(50);
    assert_eq!(c.node(2).log().last_index(), 2);
    assert_eq!(c.node(1).commit_index(), 1);
    // (b) S1 crashes; S5 is elected for term 2 by S3, S4 and itself, appends index 2 (its
    // no-op, term 2), and crashes before replicating it.
    c.crash(1);
    c.rewrite = Some(strip_from(5, 2));
    elect(&mut c, 5);
    assert_eq!(c.node(5).current_term(), 2);
    assert_eq!(c.node(5).log().describe_terms(), "[1 2]");
    c.crash(5);
    // (c) S1 restarts, is elected for term 3 by S2, S3 and S4, and replicates index 2 (term 1)
    // to S3: it is now on a majority. Its own index 3 does not get out.
    c.heal();
    c.restart(1);
    c.rewrite = Some(strip_from(1, 3));
    elect(&mut c, 1);
    assert_eq!(c.node(1).current_term(), 3);
    c.cut(1, 4);
    c.run_for(300);
    assert_eq!(c.node(3).log().describe_terms(), "[1 1]");
    assert_eq!(c.node(2).log().describe_terms(), "[1 1]");
    assert_eq!(c.node(1).log().describe_terms(), "[1 1 3]");
    c
}

/// Figure 8 (d): S1 crashes, S5 restarts and wins term 4 with S2, S3, S4: its index 2 (term 2)
/// overwrites index 2 (term 1) everywhere.
fn figure8_d(c: &mut Cluster) {
    c.crash(1);
    c.rewrite = None;
    c.heal();
    c.restart(5);
    elect(c, 5);
    assert!(c.node(5).current_term() >= 4);
    c.run_for(300);
}

#[test]
fn s5_4_2_figure_8_an_old_term_entry_is_not_committed_by_counting() {
    let mut c = figure8_until_c(false);
    // (S1 restarted, so its commit index restarted at 0 and it relearns by committing.)
    assert!(
        c.node(1).commit_index() < 2,
        "index 2 is on a majority but from term 1: not committed"
    );
    assert!(c
        .ids()
        .iter()
        .all(|&i| !c.is_up(i) || c.node(i).commit_index() < 2));
    assert!(c.applied_commands(1).is_empty());
    figure8_d(&mut c);
    // S5 overwrote index 2; that is safe because it was never committed.
    assert_eq!(
        c.node(3).log().describe_terms(),
        "[1 2 5]".replace('5', &c.node(5).current_term().to_string())
    );
    assert!(!c
        .events
        .iter()
        .any(|(_, e)| matches!(e, Event::CommittedEntryOverwritten { .. })));
    assert!(c
        .ids()
        .iter()
        .all(|&i| !c.is_up(i) || c.applied_commands(i).is_empty()));
    c.assert_safe();
}

#[test]
fn quirk_figure_8_counting_old_term_replicas_lets_a_committed_entry_be_overwritten() {
    let mut c = figure8_until_c(true);
    assert_eq!(
        c.node(1).commit_index(),
        2,
        "QUIRK: index 2 (term 1) committed by counting"
    );
    assert_eq!(c.applied_commands(1), vec!["x".to_string()]);
    figure8_d(&mut c);
    // The committed "x" at index 2 was overwritten: State Machine Safety is broken, and the
    // check sees it by comparing what the servers applied.
    let violations = c.state_machine_safety_violations();
    assert!(!violations.is_empty(), "the checker must see the overwrite");
    assert!(violations[0].contains("2 (term 1): x"), "{violations:?}");
    assert!(c
        .events
        .iter()
        .any(|(_, e)| matches!(e, Event::CommittedEntryOverwritten { index: 2, .. })));
}

#[test]
fn s5_4_2_figure_8_e_an_old_entry_commits_indirectly_with_the_current_term() {
    let mut c = figure8_until_c(false);
    // (e) instead: S1 gets its term-3 entry to a majority before crashing.
    c.rewrite = None;
    c.run_for(300);
    assert_eq!(
        c.node(1).commit_index(),
        3,
        "committing index 3 (term 3) commits index 2 too"
    );
    assert_eq!(c.applied_commands(1), vec!["x".to_string()]);
    c.crash(1);
    c.restart(5);
    for _ in 0..10 {
        if c.node(5).role() != Role::Leader {
            c.timeout(5);
        }
        c.run_for(50);
    }
    assert!(!c.leaders_seen.iter().any(|(&t, l)| t > 2 && l.contains(&5)));
    assert!(
        c.node(5).role() != Role::Leader,
        "S5 cannot win: its log lacks a committed entry"
    );
    let leader = c
        .await_leader(&[2, 3, 4, 5], 5000)
        .expect("someone else leads");
    c.run_for(300);
    assert_eq!(c.applied_commands(leader), vec!["x".to_string()]);
    c.assert_safe();
}

#[test]
fn s5_4_2_a_new_leader_commits_its_no_op_and_with_it_earlier_entries() {
    let mut c = Cluster::new(3, figure8_config(false), 1);
    elect(&mut c, 1);
    c.run_for(100);
    c.isolate(1);
    c.propose(1, "y").unwrap();
    c.heal();
    c.cut(1, 3);
    c.run_for(250); // lost entries are resent within two heartbeat intervals
    assert_eq!(c.node(2).log().last_index(), 2);
    c.crash(1);
    c.run_for(10);
    elect(&mut c, 2);
    let l = c.node(2);
    assert_eq!(
        l.log().entry(3).map(|e| e.text()),
        Some("no-op".to_string())
    );
    c.run_for(200);
    assert_eq!(c.node(2).commit_index(), 3);
    assert_eq!(c.applied_commands(3), vec!["y".to_string()]);
}
