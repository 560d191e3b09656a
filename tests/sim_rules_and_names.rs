//! What the state JSON tells of Raft's rules and names (issue 15): every narrated state change
//! names the rule that produced it (`rule`, a stable id), every message the rule that sent it,
//! and a narration built with etcd's names says MsgVote, MsgApp, ... where the paper's leaves the
//! messages implied, and StateReplicate for a follower being streamed entries.

use raftlab::raft::{MessageKind, Naming, ProgressMode};
use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::Scenario;
use raftlab::sim::state::{Detail, State};
use raftlab::sim::Simulation;

/// The leader-election preset (S2 wins term 1 at 192 ms), run to `ms`.
fn election_at(ms: u64) -> Simulation {
    let preset = presets()
        .iter()
        .find(|p| p.id == "leader-election")
        .unwrap();
    let scenario = Scenario::parse(preset.source).unwrap();
    let mut sim = Simulation::replay(scenario.config.clone(), &scenario.commands()).unwrap();
    sim.advance(ms);
    sim
}

fn with(naming: Naming) -> Detail {
    Detail {
        naming,
        ..Detail::LIGHT
    }
}

fn line<'a>(state: &'a State, starts: &str) -> &'a raftlab::sim::state::Narration {
    (state.events.iter().find(|e| e.text.starts_with(starts)))
        .unwrap_or_else(|| panic!("no line starting {starts:?} in {:#?}", state.events))
}

/// Reference: Figure 2, "Rules for Servers" (§5.1, §5.2). The narration's lines carry the
/// rule's id in the JSON; what the simulator tells itself carries none.
#[test]
fn narrated_state_changes_carry_their_rule() {
    let sim = election_at(300);
    let state = sim.state_with(Detail::LIGHT);
    let rule = |starts: &str| line(&state, starts).rule.map(|r| r.name());
    assert_eq!(
        rule("S1 starts as a follower"),
        Some("fig2-persistent-state")
    );
    assert_eq!(
        rule("S2's election timer fired"),
        Some("5.2-follower-timeout")
    );
    assert_eq!(rule("S1 sees term 1 from S2"), Some("5.1-higher-term"));
    assert_eq!(rule("S1 votes for S2"), Some("5.2-grant-vote"));
    assert_eq!(rule("S2 wins the election"), Some("5.2-majority-wins"));
    assert_eq!(rule("S4 now follows S2"), Some("5.2-follower-responds"));
    assert_eq!(
        rule("S2 advances its commit index"),
        Some("5.4.2-leader-commit")
    );
    assert_eq!(rule("S3, S4, S1 and S5 learn"), Some("5.3-follower-commit"));
    assert_eq!(rule("a cluster of 5 servers starts"), None);

    let json = serde_json::to_value(&state).unwrap();
    let events = json["events"].as_array().unwrap();
    let higher = (events.iter())
        .find(|e| e["text"].as_str().unwrap().starts_with("S1 sees term 1"))
        .unwrap();
    assert_eq!(higher["rule"], "5.1-higher-term");
    let told = (events.iter())
        .find(|e| e["text"] == "a cluster of 5 servers starts")
        .unwrap();
    assert!(told.get("rule").is_none(), "no rule key: {told}");
}

/// Every message in flight names the rule that sent it; the leader's heartbeats are Figure 2's
/// "upon election ... repeat during idle periods".
#[test]
fn messages_in_flight_carry_the_rule_that_sent_them() {
    let mut sim = election_at(300);
    let mut kinds_seen = Vec::new();
    for _ in 0..40 {
        sim.step_forward();
        let state = sim.state_with(Detail::LIGHT);
        for m in &state.in_flight {
            let expected = match m.kind.as_str() {
                "heartbeat" => "5.2-heartbeats",
                "append_entries" => "5.3-send-entries",
                "append_entries_reply" if m.success == Some(true) => "5.3-append-new",
                _ => continue,
            };
            assert_eq!(m.rule.name(), expected, "{m:?}");
            kinds_seen.push(m.kind.clone());
        }
    }
    assert!(
        kinds_seen.iter().any(|k| k == "heartbeat"),
        "{kinds_seen:?}"
    );
    assert!(
        kinds_seen.iter().any(|k| k == "append_entries_reply"),
        "{kinds_seen:?}"
    );
}

/// With etcd's names the narration names the messages a change sends, in raftpb's words, and
/// says nothing else differently; with the paper's it names none of etcd's.
#[test]
fn narration_under_etcd_names_says_msgvote_and_msgapp() {
    let sim = election_at(1_100);
    let paper = sim.state_with(with(Naming::Paper));
    let etcd = sim.state_with(with(Naming::Etcd));
    assert_eq!(
        line(&etcd, "S2's election timer fired").text,
        "S2's election timer fired: it becomes a candidate for term 1 and asks the others for votes (MsgVote)"
    );
    assert_eq!(
        line(&etcd, "S1 votes for S2").text,
        "S1 votes for S2 in term 1 and records its vote (MsgVoteResp)"
    );
    assert_eq!(
        line(&etcd, "S2 wins the election").text,
        "S2 wins the election for term 1 with votes from S1, S2, S3 and becomes leader; it appends a no-op entry and sends it to its followers (MsgApp)"
    );
    assert_eq!(
        line(&etcd, "S2 appends a client command").text,
        "S2 appends a client command at index 2 (term 1) and sends it to its followers (MsgApp)"
    );
    assert!(paper.events.iter().all(|e| !e.text.contains("Msg")));
    assert_eq!(paper.events.len(), etcd.events.len());
    for (p, e) in paper.events.iter().zip(&etcd.events) {
        assert_eq!((p.time_ms, p.node, p.rule), (e.time_ms, e.node, e.rule));
        let plain = (e.text)
            .replace(" and sends it to its followers (MsgApp)", "")
            .replace(" (MsgVote)", "")
            .replace(" (MsgVoteResp)", "");
        assert_eq!(plain, p.text, "only the message names differ");
    }
}

/// The leader's progress of each follower in etcd's words (StateReplicate), and each message
/// kind's raftpb name (the message card's title).
#[test]
fn progress_states_and_message_kinds_in_etcd_words() {
    let mut sim = election_at(300);
    let mut kinds = Vec::new();
    for _ in 0..60 {
        sim.step_forward();
        let state = sim.state_with(Detail::LIGHT);
        kinds.extend(state.in_flight.iter().map(|m| m.kind.clone()));
    }
    let etcd = |kind: &str| MessageKind::from_name(kind).map(MessageKind::etcd_name);
    assert!(
        kinds.iter().any(|k| etcd(k) == Some("MsgHeartbeat")),
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|k| etcd(k) == Some("MsgAppResp")),
        "{kinds:?}"
    );
    let state = sim.state_with(with(Naming::Etcd));
    let leader = state.nodes.iter().find(|n| n.id == 2).unwrap();
    assert_eq!(leader.progress.len(), 4);
    assert!(leader
        .progress
        .iter()
        .all(|p| p.state == ProgressMode::Replicate));
    assert_eq!(ProgressMode::Replicate.etcd_name(), "StateReplicate");
    let json = serde_json::to_value(&leader.progress[0]).unwrap();
    assert_eq!(json["state"], "replicate");
}
