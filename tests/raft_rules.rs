//! The rules of Raft as data (src/raft/rule.rs): every kind of event, and every cause that acts
//! by a rule of its own, maps to the rule that produced it; every message to the rule that sent
//! it; the ids are unique and stable (the state JSON and `data-rule` carry them).

use raftlab::raft::event::{CampaignCause, FollowerCause, LeaseUnusable, TransferEnd};
use raftlab::raft::message::{AppendEntries, AppendEntriesReply, VoteRefusal, VoteReply};
use raftlab::raft::{
    ConfigChange, ConfigEntry, Event, Membership, Message, MessageBody, NodeSet, ReadError,
    ReadMode, Rule, RuleGroup,
};

/// One event of every kind (and of every cause that picks a different rule). A new
/// variant of [`Event`] must be added here: `kind` below does not compile without it.
fn one_of_each() -> Vec<Event> {
    let voters = NodeSet::new();
    let membership = Membership::with_voters(voters);
    let entry = ConfigEntry {
        change: ConfigChange::Remove(3),
        membership,
    };
    let follower = |cause| Event::BecameFollower {
        node: 1,
        term: 2,
        leader: None,
        cause,
    };
    let candidate = |cause, again| Event::BecameCandidate {
        node: 1,
        term: 2,
        cause,
        again,
    };
    let refused = |reason| Event::VoteRefused {
        node: 1,
        candidate: 2,
        term: 3,
        reason,
    };
    let served = |mode| Event::ReadServed {
        node: 1,
        id: 1,
        mode,
        read_index: 1,
    };
    let commit = |told_by, snapshot| Event::CommitAdvanced {
        node: 1,
        from: 0,
        to: 1,
        told_by,
        snapshot,
    };
    vec![
        follower(FollowerCause::Started),
        follower(FollowerCause::HigherTerm { from: 2 }),
        follower(FollowerCause::LeaderFound { leader: 2 }),
        follower(FollowerCause::ElectionLost),
        follower(FollowerCause::PreVoteLost),
        follower(FollowerCause::CheckQuorum),
        follower(FollowerCause::RemovedFromConfig { index: 4 }),
        Event::BecamePreCandidate {
            node: 1,
            term: 2,
            cause: CampaignCause::ElectionTimeout,
        },
        candidate(CampaignCause::ElectionTimeout, false),
        candidate(CampaignCause::ElectionTimeout, true),
        candidate(CampaignCause::PreVoteWon, false),
        candidate(CampaignCause::TimeoutNow { from: 2 }, false),
        Event::BecameLeader {
            node: 1,
            term: 2,
            votes: vec![1, 2],
        },
        Event::LeaderKnown {
            node: 1,
            term: 2,
            leader: 2,
        },
        Event::Compacted {
            node: 1,
            index: 3,
            term: 1,
        },
        Event::SnapshotSent {
            node: 1,
            to: 2,
            index: 3,
            term: 1,
            bytes: 9,
            attempt: 1,
        },
        Event::SnapshotInstalled {
            node: 2,
            leader: 1,
            index: 3,
            term: 1,
            kept_entries: true,
        },
        Event::SnapshotInstalled {
            node: 2,
            leader: 1,
            index: 3,
            term: 1,
            kept_entries: false,
        },
        Event::Voted {
            node: 1,
            candidate: 2,
            term: 3,
        },
        refused(VoteRefusal::AlreadyVoted(3)),
        refused(VoteRefusal::LogNotUpToDate),
        refused(VoteRefusal::LeaderAlive(3)),
        refused(VoteRefusal::RecentlyRestarted),
        Event::VoteRequestIgnored {
            node: 1,
            candidate: 2,
            term: 3,
            leader: 3,
        },
        Event::VoteRequestIgnoredAfterRestart {
            node: 1,
            candidate: 2,
            term: 3,
        },
        Event::TimeoutIgnored { node: 1, term: 2 },
        Event::TimeoutDeferred {
            node: 1,
            term: 2,
            wait_ms: 5,
            leader: Some(3),
        },
        Event::Proposed {
            node: 1,
            index: 2,
            term: 1,
        },
        commit(None, false),
        commit(Some(2), false),
        commit(Some(2), true),
        Event::EntriesTruncated {
            node: 1,
            from: 2,
            count: 1,
        },
        Event::CommittedEntryOverwritten {
            node: 1,
            index: 2,
            old_term: 1,
            new_term: 2,
        },
        Event::TransferStarted { node: 1, target: 2 },
        Event::ConfigChangeProposed {
            node: 1,
            index: 5,
            term: 2,
            entry,
            before_own_term_commit: false,
        },
        Event::ConfigAdopted {
            node: 1,
            index: 5,
            membership,
        },
        Event::ConfigReverted {
            node: 1,
            index: 0,
            membership,
            discarded: 5,
        },
        Event::ConfigCommitted {
            node: 1,
            index: 5,
            membership,
        },
        Event::JointLeaving {
            node: 1,
            index: 6,
            voters,
        },
        Event::NotAVoter {
            node: 4,
            term: 2,
            learner: true,
        },
        Event::TransferAbandoned {
            node: 1,
            target: 2,
            reason: TransferEnd::TimedOut,
        },
        Event::LeaseFallback {
            node: 1,
            id: 1,
            reason: LeaseUnusable::Expired,
        },
        served(ReadMode::ReadIndex),
        served(ReadMode::Follower),
        served(ReadMode::Lease),
        served(ReadMode::Local),
        Event::ReadFailed {
            node: 1,
            id: 1,
            error: ReadError::NoLeader,
        },
    ]
}

/// The variant's name, by an exhaustive match: a new kind of event fails to compile here
/// until it is listed, and then the test below asks for an example of it.
fn kind(event: &Event) -> &'static str {
    match event {
        Event::BecameFollower { .. } => "became_follower",
        Event::BecamePreCandidate { .. } => "became_pre_candidate",
        Event::BecameCandidate { .. } => "became_candidate",
        Event::BecameLeader { .. } => "became_leader",
        Event::LeaderKnown { .. } => "leader_known",
        Event::Compacted { .. } => "compacted",
        Event::SnapshotSent { .. } => "snapshot_sent",
        Event::SnapshotInstalled { .. } => "snapshot_installed",
        Event::Voted { .. } => "voted",
        Event::VoteRefused { .. } => "vote_refused",
        Event::VoteRequestIgnored { .. } => "vote_request_ignored",
        Event::VoteRequestIgnoredAfterRestart { .. } => "vote_request_ignored_after_restart",
        Event::TimeoutIgnored { .. } => "timeout_ignored",
        Event::TimeoutDeferred { .. } => "timeout_deferred",
        Event::Proposed { .. } => "proposed",
        Event::CommitAdvanced { .. } => "commit_advanced",
        Event::EntriesTruncated { .. } => "entries_truncated",
        Event::CommittedEntryOverwritten { .. } => "committed_entry_overwritten",
        Event::TransferStarted { .. } => "transfer_started",
        Event::ConfigChangeProposed { .. } => "config_change_proposed",
        Event::ConfigAdopted { .. } => "config_adopted",
        Event::ConfigReverted { .. } => "config_reverted",
        Event::ConfigCommitted { .. } => "config_committed",
        Event::JointLeaving { .. } => "joint_leaving",
        Event::NotAVoter { .. } => "not_a_voter",
        Event::TransferAbandoned { .. } => "transfer_abandoned",
        Event::LeaseFallback { .. } => "lease_fallback",
        Event::ReadServed { .. } => "read_served",
        Event::ReadFailed { .. } => "read_failed",
    }
}

/// Every kind of event maps to a rule, and each cause to the rule that acts on it.
#[test]
fn every_event_variant_maps_to_a_rule() {
    let events = one_of_each();
    let kinds: Vec<&str> = events.iter().map(kind).collect();
    // The serde tag is the same name: every variant of the enum has an example above.
    for event in &events {
        let json = serde_json::to_value(event).unwrap();
        assert_eq!(json["event"], kind(event), "{event:?}");
    }
    let distinct: std::collections::BTreeSet<&str> = kinds.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        29,
        "one example of each of the 29 kinds of event"
    );
    let rules: Vec<&str> = events.iter().map(|e| e.rule().name()).collect();
    assert_eq!(
        rules,
        [
            "fig2-persistent-state",
            "5.1-higher-term",
            "5.2-leader-found",
            "5.2-election-lost",
            "9.6-pre-vote-lost",
            "6.2-check-quorum",
            "4.2.2-leader-removed",
            "9.6-pre-vote",
            "5.2-follower-timeout",
            "5.2-candidate-timeout",
            "9.6-pre-vote-won",
            "3.10-timeout-now",
            "5.2-majority-wins",
            "5.2-follower-responds",
            "7-compact",
            "7-send-snapshot",
            "7-keep-suffix",
            "7-discard-log",
            "5.2-grant-vote",
            "5.2-grant-vote",
            "5.4.1-up-to-date",
            "4.2.3-ignore-vote-requests",
            "6.4.1-lease-promise",
            "4.2.3-ignore-vote-requests",
            "6.4.1-lease-promise",
            "5.2-heartbeats",
            "6.4.1-lease-promise",
            "5.3-client-command",
            "5.4.2-leader-commit",
            "5.3-follower-commit",
            "7-install-snapshot",
            "5.3-delete-conflicts",
            "5.3-delete-conflicts",
            "3.10-transfer",
            "4.1-one-at-a-time",
            "4.1-latest-config",
            "4.1-latest-config",
            "4.1-config-committed",
            "4.3-leave-joint",
            "4.2.1-non-voting",
            "3.10-transfer-abort",
            "6.4.1-lease-read",
            "6.4-read-index",
            "6.4-follower-read",
            "6.4.1-lease-read",
            "6.4-local-read",
            "6.4-follower-read",
        ]
    );
}

/// The ids are unique, read back, and stable: pages and tests hold on to them
/// (`data-rule`). Changing one is a breaking change of the state JSON.
#[test]
fn rule_ids_are_unique_and_stable() {
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    let distinct: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), ids.len(), "ids are unique");
    for &rule in Rule::ALL {
        assert_eq!(Rule::from_name(rule.name()), Some(rule));
        assert_eq!(serde_json::to_value(rule).unwrap(), rule.name());
        let (section, words) = rule.name().split_once('-').unwrap();
        assert!(
            section == "fig2" || section.split('.').all(|n| n.parse::<u8>().is_ok()),
            "{section}"
        );
        assert!(words
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
    }
    assert_eq!(
        ids,
        [
            "fig2-persistent-state",
            "fig2-volatile-state",
            "fig2-leader-state",
            "5.1-vote-stale-term",
            "5.2-grant-vote",
            "5.4.1-up-to-date",
            "5.1-append-stale-term",
            "5.3-log-matching",
            "5.3-delete-conflicts",
            "5.3-append-new",
            "5.3-follower-commit",
            "5.3-apply",
            "5.1-higher-term",
            "5.2-follower-responds",
            "5.2-follower-timeout",
            "5.2-start-election",
            "5.2-majority-wins",
            "5.2-leader-found",
            "5.2-candidate-timeout",
            "5.2-election-lost",
            "5.2-heartbeats",
            "5.3-client-command",
            "5.3-send-entries",
            "5.3-update-progress",
            "5.3-decrement-next",
            "5.4.2-leader-commit",
            "9.6-pre-vote",
            "9.6-pre-vote-won",
            "9.6-pre-vote-lost",
            "6.2-check-quorum",
            "4.2.3-ignore-vote-requests",
            "6.4-read-index",
            "6.4-follower-read",
            "6.4-local-read",
            "6.4.1-lease-read",
            "6.4.1-lease-promise",
            "3.10-transfer",
            "3.10-timeout-now",
            "3.10-transfer-abort",
            "7-compact",
            "7-send-snapshot",
            "7-install-snapshot",
            "7-keep-suffix",
            "7-discard-log",
            "4.1-latest-config",
            "4.1-one-at-a-time",
            "4.1-config-committed",
            "4.2.1-non-voting",
            "4.2.2-leader-removed",
            "4.3-joint-consensus",
            "4.3-leave-joint",
        ]
    );
    assert_eq!(Rule::HigherTerm.section(), "5.1");
    assert_eq!(Rule::UpToDateLog.section(), "5.4.1");
    assert_eq!(Rule::PersistentState.section(), "Figure 2");
}

/// Groups follow Figure 2's boxes in order, then the extensions; each rule is listed with
/// its group's neighbours (the panel draws them in declaration order).
#[test]
fn rules_come_grouped_as_in_figure_2() {
    let groups: Vec<RuleGroup> = Rule::ALL.iter().map(|r| r.group()).collect();
    assert!(groups.windows(2).all(|w| w[0] <= w[1]), "{groups:?}");
    assert_eq!(groups.first(), Some(&RuleGroup::State));
    for &group in RuleGroup::ALL {
        assert!(groups.contains(&group), "{group:?} has rules");
    }
    assert!(RuleGroup::Leaders.in_figure_2() && !RuleGroup::PreVote.in_figure_2());
}

/// Each kind of message names the rule that sent it; an answer, the rule that decided it.
#[test]
fn messages_name_the_rule_that_sent_them() {
    let message = |term, body| Message {
        from: 2,
        to: 1,
        term,
        body,
    };
    let reply = |success, request_term| AppendEntriesReply {
        success,
        match_index: 0,
        rejected_index: 3,
        conflict_index: 2,
        conflict_term: None,
        last_log_index: 1,
        round: 0,
        request_term,
    };
    let heartbeat = AppendEntries {
        prev_log_index: 0,
        prev_log_term: 0,
        entries: Vec::new(),
        leader_commit: 0,
        round: 1,
    };
    let vote = |refusal: Option<VoteRefusal>| {
        MessageBody::RequestVoteReply(VoteReply {
            granted: refusal.is_none(),
            refusal,
        })
    };
    let cases = [
        (message(3, vote(None)), Rule::GrantVote),
        (
            message(3, vote(Some(VoteRefusal::StaleTerm))),
            Rule::VoteStaleTerm,
        ),
        (
            message(3, vote(Some(VoteRefusal::LogNotUpToDate))),
            Rule::UpToDateLog,
        ),
        (
            message(3, MessageBody::AppendEntries(heartbeat)),
            Rule::Heartbeats,
        ),
        (
            message(3, MessageBody::AppendEntriesReply(reply(true, 3))),
            Rule::AppendNew,
        ),
        (
            message(3, MessageBody::AppendEntriesReply(reply(false, 3))),
            Rule::LogMatching,
        ),
        (
            message(4, MessageBody::AppendEntriesReply(reply(false, 3))),
            Rule::AppendStaleTerm,
        ),
        (message(3, MessageBody::TimeoutNow), Rule::TimeoutNow),
    ];
    for (message, rule) in cases {
        assert_eq!(message.rule(), rule, "{message:?}");
    }
}
