//! Leadership transfer (§3.10).

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::{
    Event, Message, MessageBody, MessageKind, ProposeError, ReadMode, Role, TransferEnd,
    TransferError,
};

#[test]
fn s3_10_transfer_to_a_lagging_follower_succeeds_after_catch_up() {
    let mut c = Cluster::new(5, Cluster::config(), 1);
    let old = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    let target = if old == 5 { 4 } else { 5 };
    let term = c.node(old).current_term();
    c.isolate(target);
    for i in 0..20 {
        c.propose(old, &format!("e{i}")).unwrap();
    }
    c.run_for(60);
    c.heal();
    let last = c.node(old).log().last_index();
    assert!(c.node(target).log().last_index() < last, "the target lags");
    c.transfer(old, target).unwrap();
    assert_eq!(c.node(old).transfer_target(), Some(target));
    assert_eq!(
        c.propose(old, "refused"),
        Err(ProposeError::TransferInProgress { target }),
        "no proposals during a transfer"
    );
    let first_timeout_now = c
        .sent
        .iter()
        .position(|m| m.kind() == MessageKind::TimeoutNow);
    assert!(
        first_timeout_now.is_none(),
        "TimeoutNow only once the target caught up"
    );
    assert!(
        c.run_until(100, |c| c.node(target).role() == Role::Leader),
        "{}",
        c.transcript()
    );
    assert_eq!(c.node(target).current_term(), term + 1);
    assert!(c.node(target).log().last_index() > last);
    c.run_for(100);
    assert_eq!(c.stable_leader(&[1, 2, 3, 4, 5]), Some(target));
    assert_eq!(c.node(old).transfer_target(), None);
    assert!(c.propose(target, "after").is_ok());
    c.run_for(100);
    assert_eq!(c.applied_commands(old).len(), 21);
    c.assert_safe();
}

#[test]
fn s3_10_transfer_to_an_isolated_follower_is_abandoned_and_proposals_resume() {
    let mut c = Cluster::new(5, Cluster::config(), 2);
    let l = c.await_leader(&[1, 2, 3, 4, 5], 2000).unwrap();
    let target = if l == 5 { 4 } else { 5 };
    c.isolate(target);
    let t0 = c.local_time(l);
    c.transfer(l, target).unwrap();
    assert!(c.propose(l, "x").is_err());
    let e = c.template.election_timeout_ms;
    assert!(c.run_until(2 * e, |c| c.node(l).transfer_target().is_none()));
    let waited = c.local_time(l) - t0;
    assert!(
        (e..=e + 1).contains(&waited),
        "abandoned after one election timeout, not before: {waited} ms"
    );
    assert!(
        c.events.iter().any(|(_, ev)| matches!(ev,
        Event::TransferAbandoned { reason: TransferEnd::TimedOut, target: t, .. } if *t == target))
    );
    assert_eq!(c.node(l).role(), Role::Leader);
    let i = c.propose(l, "resumed").unwrap();
    c.run_for(100);
    assert!(c.node(l).commit_index() >= i);
    c.assert_safe();
}

#[test]
fn s3_10_transfer_requests_are_checked() {
    let mut c = Cluster::new(3, Cluster::config(), 3);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let f = if l == 1 { 2 } else { 1 };
    let g = 6 - l - f;
    assert_eq!(
        c.transfer(f, g),
        Err(TransferError::NotLeader {
            leader_hint: Some(l)
        })
    );
    assert_eq!(c.transfer(l, l), Err(TransferError::ToSelf(l)));
    assert_eq!(c.transfer(l, 9), Err(TransferError::UnknownNode(9)));
    c.isolate(f);
    c.isolate(g);
    c.transfer(l, f).unwrap();
    assert_eq!(c.transfer(l, f), Ok(()), "asking again is harmless");
    assert_eq!(
        c.transfer(l, g),
        Err(TransferError::InProgress { target: f })
    );
    assert_eq!(
        TransferError::InProgress { target: f }.to_string(),
        format!("a transfer to S{f} is already in progress")
    );
}

#[test]
fn s3_10_an_up_to_date_target_gets_timeout_now_at_once_and_the_lease_is_given_up() {
    let mut c = Cluster::new(3, Cluster::config(), 4);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    c.run_for(100);
    let f = if l == 1 { 2 } else { 1 };
    assert!(c.node(l).lease_expiry().is_some());
    c.transfer(l, f).unwrap();
    assert!(c
        .sent
        .last()
        .is_some_and(|m| m.kind() == MessageKind::TimeoutNow && m.to == f));
    assert_eq!(
        c.node(l).lease_expiry(),
        None,
        "no lease reads once a successor may be elected"
    );
    c.read(l, 1, ReadMode::Lease).unwrap();
    assert!(
        c.read_result(l, 1).is_none(),
        "a lease read is confirmed with ReadIndex instead"
    );
    c.run_for(50);
    assert_eq!(c.node(f).role(), Role::Leader);
    c.assert_safe();
}

/// §3.10: TimeoutNow is for a follower. A leader that receives one (a duplicate, or a message
/// of its own term from a confused peer) keeps leading.
#[test]
fn s3_10_a_leader_ignores_timeout_now() {
    let mut c = Cluster::new(3, Cluster::config(), 3);
    let l = c.await_leader(&[1, 2, 3], 2000).unwrap();
    let other = if l == 1 { 2 } else { 1 };
    let term = c.node(l).current_term();
    c.inject(Message {
        from: other,
        to: l,
        term,
        body: MessageBody::TimeoutNow,
    });
    assert_eq!(c.node(l).role(), Role::Leader);
    assert_eq!(c.node(l).current_term(), term);
}
