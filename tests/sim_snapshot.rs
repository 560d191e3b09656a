//! Log compaction in the simulator (§7): servers snapshot their key-value state machine, a
//! server that was down is caught up by InstallSnapshot, and every checker keeps working with
//! compacted logs.

use raftlab::sim::checker::linearizability::{check_history, Verdict};
use raftlab::sim::state::State;
use raftlab::sim::{Command, Request, SimConfig, Simulation};

fn compacting(every: u64) -> Simulation {
    let config = SimConfig {
        snapshot_every: every,
        ..SimConfig::default()
    };
    let mut s = Simulation::new(config).unwrap();
    s.advance(1_500);
    s
}

fn put(s: &mut Simulation, key: &str, value: &str) {
    let node = s.leader().expect("a leader");
    let (key, value) = (key.to_string(), value.to_string());
    s.apply(Command::Put { key, value, node }).unwrap();
    s.advance(100);
}

/// A server goes down, then the leader takes `writes` writes (to seven keys in turn): returns
/// the leader and the server that is down.
fn down_while_writing(s: &mut Simulation, writes: usize) -> (u64, u64) {
    let leader = s.leader().unwrap();
    let down = leader % 5 + 1;
    s.apply(Command::Crash { node: down }).unwrap();
    for i in 0..writes {
        put(s, &format!("k{}", i % 7), &i.to_string());
    }
    (leader, down)
}

fn node(state: &State, id: u64) -> &raftlab::sim::state::NodeState {
    state.nodes.iter().find(|n| n.id == id).unwrap()
}

/// A server that was down while the others wrote and compacted comes back and is caught up by
/// the leader's snapshot: its state machine ends up with every write, the logs stay short, and
/// every checker is content.
#[test]
fn a_server_that_was_down_is_caught_up_by_a_snapshot() {
    let mut s = compacting(10);
    let (leader, down) = down_while_writing(&mut s, 35);
    let state = s.state();
    let snapshot = node(&state, leader).snapshot.expect("the leader compacted");
    assert!(snapshot.index >= 30, "{snapshot:?}");
    assert!(snapshot.size > 0);
    assert!(node(&state, leader).log.len() < 15, "the log stays short");
    s.apply(Command::Restart { node: down }).unwrap();
    s.advance(2_000);
    let state = s.state();
    let events: Vec<&str> = state.events.iter().map(|e| e.text.as_str()).collect();
    let sent = format!("S{down} is too far behind");
    assert!(events.iter().any(|e| e.starts_with(&sent)), "{events:#?}");
    assert!(events
        .iter()
        .any(|e| e.starts_with(&format!("S{down} installs"))));
    let caught_up = node(&state, down);
    assert!(caught_up.snapshot.is_some());
    assert_eq!(
        caught_up.kv,
        node(&state, leader).kv,
        "the same state machine"
    );
    assert_eq!(caught_up.kv.get("k6").map(String::as_str), Some("34"));
    assert!(state.invariants.ok, "{:#?}", state.invariants);
    assert_eq!(check_history(s.history()).verdict, Verdict::Linearizable);
}

/// A restarted server resumes from its own snapshot: its state machine holds what the snapshot
/// holds at once, before any entry is applied again.
#[test]
fn a_restart_resumes_from_the_servers_snapshot() {
    let mut s = compacting(5);
    for i in 0..12 {
        put(&mut s, "x", &i.to_string());
    }
    let leader = s.leader().unwrap();
    let id = leader % 5 + 1;
    s.apply(Command::Crash { node: id }).unwrap();
    s.apply(Command::Restart { node: id }).unwrap();
    let state = s.state();
    let restarted = node(&state, id);
    let snapshot = restarted.snapshot.expect("compacted before the crash");
    assert_eq!(restarted.last_applied, snapshot.index);
    assert!(
        restarted.kv.get("x").is_some(),
        "restored from the snapshot"
    );
    s.advance(500);
    assert!(s.state().invariants.ok);
}

/// `snapshot S3` compacts now; refused (changing nothing) for a server that is down or has
/// applied nothing since its last snapshot.
#[test]
fn the_snapshot_command_compacts_now_or_says_why_not() {
    let mut s = compacting(0);
    put(&mut s, "x", "1");
    let leader = s.leader().unwrap();
    s.apply(Command::Snapshot { node: leader }).unwrap();
    let state = s.state();
    let snapshot = node(&state, leader).snapshot.expect("compacted");
    assert_eq!(snapshot.index, node(&state, leader).last_applied);
    assert!(node(&state, leader).log.is_empty());
    let (before, hash) = (s.state(), s.trace_hash());
    let again = s.apply(Command::Snapshot { node: leader }).unwrap_err();
    assert!(
        again.to_string().contains("applied nothing since"),
        "{again}"
    );
    let other = leader % 5 + 1;
    s.apply(Command::Crash { node: other }).unwrap();
    let (before_down, hash_down) = (s.state(), s.trace_hash());
    let down = s.apply(Command::Snapshot { node: other }).unwrap_err();
    assert!(down.to_string().contains("down"), "{down}");
    assert_eq!((s.state(), s.trace_hash()), (before_down, hash_down));
    assert_ne!(before, s.state(), "the crash went in");
    assert_ne!(hash, s.trace_hash());
    assert!(s.apply_json(r#"{"cmd":"snapshot","node":9}"#).is_err());
}

/// Compaction is off by default and reads as before: a configuration without it serializes
/// without the new fields, and a run without it is the run it always was.
#[test]
fn compaction_off_changes_nothing() {
    let json = Request::Restart(SimConfig::default()).to_json();
    assert!(!json.contains("snapshot"), "{json}");
    let on = SimConfig {
        snapshot_every: 20,
        snapshot_chunk: 512,
        ..SimConfig::default()
    };
    let json = Request::Restart(on.clone()).to_json();
    assert!(json.contains(r#""snapshot_every":20"#) && json.contains(r#""snapshot_chunk":512"#));
    assert_eq!(Request::from_json(&json), Ok(Request::Restart(on)));
    let bad = r#"{"cmd":"config","snapshot_every":100001}"#;
    assert!(Request::from_json(bad)
        .unwrap_err()
        .to_string()
        .contains("snapshot_every"));
    let bad = r#"{"cmd":"config","snapshot_chunk":0}"#;
    assert!(Request::from_json(bad)
        .unwrap_err()
        .to_string()
        .contains("snapshot_chunk"));
}

/// Crashes, partitions, loss and duplication with compaction every few entries and small
/// chunks: every safety property holds and the history stays linearizable.
#[test]
fn compaction_under_faults_keeps_every_promise() {
    for seed in 1..=8 {
        let config = SimConfig {
            seed,
            snapshot_every: 4,
            snapshot_chunk: 64,
            drop_rate: 0.05,
            dup_rate: 0.05,
            ..SimConfig::default()
        };
        let mut s = Simulation::new(config).unwrap();
        for round in 0..40u64 {
            let via = round % 5 + 1;
            let put = Command::Put {
                key: format!("k{}", round % 3),
                value: round.to_string(),
                node: via,
            };
            let _ = s.apply(put);
            match round % 10 {
                2 => drop(s.apply(Command::Crash {
                    node: (round / 10) % 5 + 1,
                })),
                6 => drop(s.apply(Command::Restart {
                    node: (round / 10) % 5 + 1,
                })),
                7 => drop(s.apply(Command::Partition {
                    groups: vec![vec![1, 2], vec![3, 4, 5]],
                })),
                9 => drop(s.apply(Command::Heal)),
                _ => {}
            }
            s.advance(150);
        }
        s.apply(Command::Heal).unwrap();
        s.advance(5_000);
        let state = s.state();
        assert!(state.invariants.ok, "seed {seed}: {:#?}", state.invariants);
        let verdict = check_history(s.history()).verdict;
        assert_eq!(verdict, Verdict::Linearizable, "seed {seed}");
        assert!(state.nodes.iter().any(|n| n.snapshot.is_some()));
    }
}

/// What a snapshot holds, as the node card shows it: the key-value pairs of the state machine
/// at the snapshot's index, not the node's current ones. No snapshot, or no such node: nothing.
#[test]
fn a_snapshot_shows_the_pairs_it_holds() {
    let mut s = compacting(0);
    let leader = s.leader().unwrap();
    assert_eq!(s.snapshot_contents(leader), None);
    put(&mut s, "x", "1");
    put(&mut s, "y", "2");
    s.apply(Command::Snapshot { node: leader }).unwrap();
    put(&mut s, "x", "3");
    let contents = s.snapshot_contents(leader).expect("a snapshot");
    let pairs: Vec<(&str, &str)> = contents
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(pairs, [("x", "1"), ("y", "2")]);
    assert_eq!(s.snapshot_contents(99), None);
}

/// A leader that keeps sending its snapshot to a server that stays down is told twice in the
/// narration (the first time, and "again"), not every time it tries.
#[test]
fn the_narration_tells_a_snapshot_sent_to_a_down_server_twice() {
    let mut s = compacting(5);
    let (_, down) = down_while_writing(&mut s, 12);
    s.advance(3_000);
    let state = s.state();
    let told = |start: &str| {
        state
            .events
            .iter()
            .filter(|e| e.text.starts_with(start))
            .count()
    };
    assert_eq!(told(&format!("S{down} is too far behind")), 1);
    assert_eq!(told(&format!("S{down} has not answered")), 1);
}
