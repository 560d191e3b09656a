//! The world's behaviour end to end: elections, crashes, partitions, clients.

mod sim_support;

use raftlab::sim::state::{RoleName, State};
use raftlab::sim::{Command, SimConfig, Simulation};
use sim_support::{leader_within, put};

fn sim(seed: u64) -> Simulation {
    Simulation::new(SimConfig {
        seed,
        ..SimConfig::default()
    })
    .expect("default config is valid")
}

fn kv_value(state: &State, node: u64, key: &str) -> Option<String> {
    state.nodes[(node - 1) as usize].kv.get(key).cloned()
}

/// Reference: Raft §5.2 — a leader is elected within a few election timeouts.
#[test]
fn an_election_happens() {
    for seed in 1..=20 {
        let mut s = sim(seed);
        let leader = leader_within(&mut s, 3_000).expect("a leader within 3 s");
        let state = s.state();
        assert_eq!(state.leader, Some(leader));
        let leaders = state.nodes.iter().filter(|n| n.role == RoleName::Leader);
        assert_eq!(leaders.count(), 1, "seed {seed}");
        assert!(state.stats.elections >= 1);
        assert!(state.invariants.ok, "{:?}", state.invariants);
    }
}

/// Reference: §5.2 — when the leader crashes, the others elect a new one in a later term.
#[test]
fn crashing_the_leader_elects_another() {
    let mut s = sim(3);
    let old = leader_within(&mut s, 3_000).unwrap();
    let old_term = s.state().nodes[(old - 1) as usize].term;
    s.apply(Command::Crash { node: old }).unwrap();
    s.advance(10);
    let new = leader_within(&mut s, 3_000).expect("a new leader");
    assert_ne!(new, old);
    let state = s.state();
    assert!(!state.nodes[(old - 1) as usize].up);
    assert!(state.nodes[(new - 1) as usize].term > old_term);
    assert!(state.events.iter().any(|e| e.text.contains("crashes")));
    // Restarted, the old leader keeps its persistent term and log and follows the new leader.
    s.apply(Command::Restart { node: old }).unwrap();
    s.advance(1_000);
    let state = s.state();
    let back = &state.nodes[(old - 1) as usize];
    assert!(back.up && back.role == RoleName::Follower);
    assert_eq!(back.leader_hint, Some(new));
    assert!(state.invariants.ok);
}

/// Reference: §5.4 / §8 — a leader cut off in a minority cannot commit; the majority elects a
/// new leader and commits; after healing, the old leader steps down and its entry is replaced.
#[test]
fn minority_leader_cannot_commit_majority_can() {
    let mut s = sim(5);
    let old = leader_within(&mut s, 3_000).unwrap();
    let other = old % 5 + 1;
    let majority: Vec<u64> = (1..=5).filter(|&n| n != old && n != other).collect();
    s.apply(Command::Partition {
        groups: vec![vec![old, other], majority.clone()],
    })
    .unwrap();
    put(&mut s, "x", "stale", old);
    s.advance(2_000);
    let state = s.state();
    let minority_leader = &state.nodes[(old - 1) as usize];
    assert!(minority_leader
        .log
        .iter()
        .any(|e| e.text.contains("x=stale")));
    assert!(
        kv_value(&state, old, "x").is_none(),
        "the minority committed"
    );
    let new = state.leader.expect("the majority elected a leader");
    assert!(majority.contains(&new));
    put(&mut s, "y", "fresh", new);
    s.advance(500);
    let state = s.state();
    for &n in &majority {
        assert_eq!(kv_value(&state, n, "y").as_deref(), Some("fresh"), "S{n}");
    }
    s.apply(Command::Heal).unwrap();
    s.advance(2_000);
    let state = s.state();
    assert_ne!(state.nodes[(old - 1) as usize].role, RoleName::Leader);
    assert_eq!(kv_value(&state, old, "y").as_deref(), Some("fresh"));
    assert!(state.invariants.ok, "{:?}", state.invariants);
}

#[test]
fn a_put_reaches_every_live_node() {
    let mut s = sim(7);
    leader_within(&mut s, 3_000).unwrap();
    s.apply(Command::Crash { node: 2 }).unwrap();
    // Sent to any node: a follower redirects the client to its leader.
    put(&mut s, "color", "blue", 4);
    s.advance(1_000);
    let state = s.state();
    for n in state.nodes.iter().filter(|n| n.up) {
        assert_eq!(
            n.kv.get("color").map(String::as_str),
            Some("blue"),
            "S{}",
            n.id
        );
    }
    let op = &state.history[0];
    assert_eq!(op.status.as_deref(), Some("ok"));
    assert!(op.complete_ms.unwrap() > op.invoke_ms);
    // The crashed node catches up after a restart: its state machine is rebuilt from the log.
    s.apply(Command::Restart { node: 2 }).unwrap();
    s.advance(1_000);
    assert_eq!(kv_value(&s.state(), 2, "color").as_deref(), Some("blue"));
}

/// Thesis §6.3: a client's retried write is applied once. Duplicated messages and a client
/// timeout shorter than a commit make retries (two log entries for one write) happen.
#[test]
fn retried_writes_apply_once_under_duplication() {
    let mut s = Simulation::new(SimConfig {
        seed: 11,
        dup_rate: 0.5,
        client_timeout_ms: 15,
        ..SimConfig::default()
    })
    .unwrap();
    let leader = leader_within(&mut s, 3_000).unwrap();
    for i in 0..20 {
        put(&mut s, "n", &i.to_string(), leader % 5 + 1);
        // Each write goes out once the previous one was answered: one client, in sequence.
        for _ in 0..200 {
            if s.pending_ops() == 0 {
                break;
            }
            s.advance(5);
        }
    }
    s.advance(1_000);
    let state = s.state();
    let ops = state.history.iter().filter(|o| o.op == "put").count();
    let entries = state.nodes[(leader - 1) as usize]
        .log
        .iter()
        .filter(|e| e.text.starts_with("put n="))
        .count();
    assert_eq!(ops, 20);
    assert!(entries > ops, "no retry happened ({entries} entries)");
    assert!(state
        .history
        .iter()
        .all(|o| o.status.as_deref() == Some("ok")));
    for n in &state.nodes {
        assert_eq!(n.kv.get("n").map(String::as_str), Some("19"), "S{}", n.id);
    }
    assert!(state.stats.messages_duplicated > 0);
    assert!(state.invariants.ok);
}

#[test]
fn reads_in_every_mode_return_the_committed_value() {
    let mut s = Simulation::new(SimConfig {
        seed: 2,
        check_quorum: true,
        ..SimConfig::default()
    })
    .unwrap();
    let leader = leader_within(&mut s, 3_000).unwrap();
    put(&mut s, "k", "v", leader);
    s.advance(500);
    let follower = leader % 5 + 1;
    for (read, node) in [
        ("read_index", leader),
        ("follower", follower),
        ("lease", leader),
        ("local", leader),
    ] {
        let json = format!(r#"{{"cmd":"get","key":"k","node":{node},"read":"{read}"}}"#);
        s.apply_json(&json).unwrap();
        s.advance(300);
    }
    let state = s.state();
    let gets: Vec<_> = state.history.iter().filter(|o| o.op == "get").collect();
    assert_eq!(gets.len(), 4);
    for g in gets {
        assert_eq!(g.output.as_deref(), Some("v"), "{}", g.text);
    }
}

#[test]
fn same_seed_and_commands_give_the_same_trace() {
    let run = |seed| {
        let mut s = sim(seed);
        s.advance(1_000);
        put(&mut s, "a", "1", 1);
        s.apply(Command::DropRate { p: 0.2 }).unwrap();
        s.apply(Command::DupRate { p: 0.2 }).unwrap();
        s.apply(Command::ClockDrift { node: 3, rate: 1.5 }).unwrap();
        s.advance(2_000);
        s.apply(Command::Crash { node: 1 }).unwrap();
        put(&mut s, "b", "2", 2);
        s.advance(3_000);
        (s.trace_hash(), s.state())
    };
    let (h1, s1) = run(9);
    let (h2, s2) = run(9);
    assert_eq!(h1, h2);
    assert_eq!(s1, s2);
    let (h3, _) = run(10);
    assert_ne!(h1, h3, "a different seed should give a different run");
}

#[test]
fn clock_drift_moves_timers_in_global_time() {
    let mut s = sim(4);
    let leader = leader_within(&mut s, 3_000).unwrap();
    let slow = leader % 5 + 1;
    s.apply(Command::ClockDrift {
        node: slow,
        rate: 0.5,
    })
    .unwrap();
    s.advance(100);
    let state = s.state();
    let node = &state.nodes[(slow - 1) as usize];
    assert_eq!(node.clock_rate, 0.5);
    let (deadline, timeout) = (
        node.election_deadline_ms.unwrap(),
        node.election_timeout_ms.unwrap(),
    );
    assert!(deadline > state.time_ms);
    // A half-speed clock makes a [150, 300) ms local timeout last [300, 600) global ms.
    assert!((300..=600).contains(&timeout), "{timeout}");
    assert!(node.local_time_ms < state.time_ms);
}

/// Random loss shows: a lost message is on the wire, flagged, for half the link's mean delay,
/// then vanishes without reaching its receiver; it counts once as dropped.
#[test]
fn messages_taken_by_random_loss_travel_half_way_and_vanish() {
    let mut s = sim(4);
    let leader = leader_within(&mut s, 3000).expect("a leader");
    let term = s.state().nodes[(leader - 1) as usize].term;
    s.apply(Command::DropRate { p: 1.0 }).unwrap();
    s.advance(200);
    let state = s.state();
    assert!(!state.in_flight.is_empty(), "messages are on the wire");
    for m in &state.in_flight {
        // Latency 10-15 ms: half the mean delay is 6 ms.
        assert!(m.lost, "{m:?}");
        assert_eq!(m.deliver_ms - m.sent_ms, 6, "{m:?}");
    }
    // Dropping a lost message by hand does not count it twice.
    let dropped = state.stats.messages_dropped;
    s.apply(Command::DropMessage {
        id: state.in_flight[0].id,
    })
    .unwrap();
    assert_eq!(s.state().stats.messages_dropped, dropped);
    // Nothing gets through any more: followers time out and elections follow, in vain.
    let delivered = state.stats.messages_delivered;
    s.advance(2000);
    let state = s.state();
    assert_eq!(state.stats.messages_delivered, delivered);
    assert!(state.nodes.iter().any(|n| n.term > term));
    let on_the_wire = state.in_flight.iter().filter(|m| !m.lost).count() as u64;
    assert_eq!(
        state.stats.messages_sent,
        state.stats.messages_delivered + state.stats.messages_dropped + on_the_wire,
        "every message is delivered, dropped (once) or still on its way"
    );
}

/// The narration tells a commit the way it happens: the leader advances its commit index once
/// a majority stores the entry, and the followers that learn it from the leader's next message
/// are told together in one line, not one line each.
#[test]
fn followers_learning_a_commit_are_told_in_one_line() {
    let mut s = sim(1);
    s.advance(1_000);
    let leader = s.leader().unwrap();
    let put = Command::Put {
        key: "x".into(),
        value: "1".into(),
        node: leader,
    };
    s.apply(put).unwrap();
    s.advance(500);
    let told: Vec<String> = s.state().events.into_iter().map(|e| e.text).collect();
    let index = 2; // after the leader's no-op
    let commit = format!("S{leader} advances its commit index from 1 to {index}: a majority");
    assert_eq!(
        told.iter().filter(|t| t.starts_with(&commit)).count(),
        1,
        "{told:#?}"
    );
    let learned =
        format!("learn from S{leader} that the entries up to index {index} are committed");
    let lines: Vec<&String> = told.iter().filter(|t| t.contains(&learned)).collect();
    assert_eq!(lines.len(), 1, "{told:#?}");
    let followers = (1..=5).filter(|&id| id != leader);
    for id in followers {
        assert!(lines[0].contains(&format!("S{id}")), "{}", lines[0]);
    }
    assert!(!told
        .iter()
        .any(|t| t.contains("advances its commit index") && !t.contains("majority")));
}

/// A refused vote is told with its reason: here the election restriction (§5.4.1) keeps S4,
/// which missed the committed x=1, from being elected.
#[test]
fn a_refused_vote_is_told_with_its_reason() {
    use raftlab::sim::scenario::presets::presets;
    use raftlab::sim::scenario::Scenario;
    let preset = presets()
        .iter()
        .find(|p| p.id == "election-restriction")
        .unwrap();
    let scenario = Scenario::parse(preset.source).unwrap();
    let mut s = Simulation::replay(scenario.config.clone(), &scenario.commands()).unwrap();
    s.advance(600);
    let told: Vec<String> = s.state().events.into_iter().map(|e| e.text).collect();
    for voter in ["S2", "S3"] {
        let line = format!(
            "{voter} refuses its vote to S4 for term 2: the candidate's log is not as up to date as its own"
        );
        assert!(told.contains(&line), "{told:#?}");
    }
}
