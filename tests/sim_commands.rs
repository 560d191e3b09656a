//! Bad input never crashes anything and never changes the simulation; the state JSON keeps the
//! shape DESIGN.md promises.

use raftlab::sim::state::State;
use raftlab::sim::Request;
use raftlab::sim::{Command, SimConfig, SimError, Simulation, MAX_TIME_MS};

fn running() -> Simulation {
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    s.advance(1_500);
    s.apply(Command::Crash { node: 4 }).unwrap();
    s.advance(10);
    s
}

/// Applies `json`, expects `message`, and checks that nothing changed.
fn refused(json: &str, message: &str) {
    let mut s = running();
    let (before, hash, commands) = (s.state(), s.trace_hash(), s.commands());
    let err = s.apply_json(json).expect_err(json);
    assert_eq!(err.to_string(), message, "{json}");
    assert_eq!(s.state(), before, "{json} changed the state");
    assert_eq!(s.trace_hash(), hash);
    assert_eq!(s.commands(), commands);
}

#[test]
fn bad_commands_give_clear_errors_and_change_nothing() {
    refused(r#"{"cmd":"foo"}"#, "unknown command \"foo\"");
    refused(
        r#"{"cmd":"crash","node":7}"#,
        "no node S7 (the cluster has S1..S5)",
    );
    refused(
        r#"{"cmd":"crash","node":0}"#,
        "no node S0 (the cluster has S1..S5)",
    );
    refused(r#"{"cmd":"crash","node":4}"#, "S4 is down");
    refused(r#"{"cmd":"restart","node":1}"#, "S1 is already up");
    refused(r#"{"cmd":"timeout","node":4}"#, "S4 is down");
    refused(
        r#"{"cmd":"drop_rate","p":1.5}"#,
        "field p must be in [0,1], got 1.5",
    );
    refused(
        r#"{"cmd":"dup_rate","p":-0.1}"#,
        "field p must be in [0,1], got -0.1",
    );
    refused(
        r#"{"cmd":"latency","min_ms":20,"max_ms":10}"#,
        "field min_ms must be at most max_ms (10), got 20",
    );
    refused(
        r#"{"cmd":"clock_drift","node":1,"rate":50}"#,
        "field rate must be in [0.1,10], got 50",
    );
    refused(
        r#"{"cmd":"drop_message","id":999999}"#,
        "no message 999999 in flight",
    );
    refused(
        r#"{"cmd":"partition","groups":[[1,2],[2,3]]}"#,
        "partition: S2 is in more than one group",
    );
    refused(
        r#"{"cmd":"cut","from":1,"to":1}"#,
        "field to must be a node other than from, got 1",
    );
    refused(
        r#"{"cmd":"put","key":"x","node":1}"#,
        "put: missing field `value`",
    );
    refused(
        "{\"cmd\": \"crash\", \"node\": ",
        "malformed command: EOF while parsing a value at line 1 column 25",
    );
    refused("[1,2]", "malformed command: expected a JSON object");
    refused(r#"{"node":1}"#, "missing field \"cmd\" (the command name)");
    refused(
        r#"{"cmd":"config","nodes":2}"#,
        "field nodes must be in 3..=9, got 2",
    );
}

#[test]
fn a_transfer_without_a_leader_is_refused_cleanly() {
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    let before = s.state();
    assert_eq!(
        s.apply(Command::Transfer { to: 2 }),
        Err(SimError::Refused(
            "there is no leader to hand leadership over".into()
        ))
    );
    assert_eq!(s.state(), before);
}

#[test]
fn scheduling_checks_what_it_can() {
    let mut s = running();
    let now = s.now();
    assert!(s.schedule(now - 1, Command::Heal).is_err());
    assert!(s.schedule(now + 10, Command::Crash { node: 9 }).is_err());
    // Fits now, not when its time comes: skipped, and the narration says why.
    s.schedule(now + 100, Command::Crash { node: 4 }).unwrap();
    s.schedule(now + 200, Command::Restart { node: 4 }).unwrap();
    s.advance(300);
    let state = s.state();
    assert!(state.nodes[3].up);
    assert!(state
        .events
        .iter()
        .any(|e| e.text.contains("skipped (crash)")));
}

/// Times past the largest simulated time are refused and change nothing: running to them
/// would not finish.
#[test]
fn absurd_times_are_refused_and_change_nothing() {
    let mut s = running();
    let (before, hash, commands) = (s.state(), s.trace_hash(), s.commands());
    let beyond = "must be at most 1000000000 ms (the largest simulated time, about 11.6 days)";
    let e = s
        .schedule(MAX_TIME_MS + 1, Command::Heal)
        .expect_err("too late");
    assert_eq!(
        e.to_string(),
        format!("field at_ms {beyond}, got 1000000001")
    );
    let e = s.try_seek(u64::MAX).expect_err("too late");
    assert_eq!(
        e.to_string(),
        format!("field t {beyond}, got 18446744073709551615")
    );
    let e = s.try_advance(u64::MAX).expect_err("too far");
    assert!(
        e.to_string().starts_with("field ms must be at most "),
        "{e}"
    );
    assert_eq!(s.state(), before);
    assert_eq!(s.trace_hash(), hash);
    assert_eq!(s.commands(), commands);
    s.try_advance(100).expect("a sensible advance");
    s.try_seek(10).expect("a sensible seek");
    assert_eq!(s.now(), 10);
}

/// A `config` request restarts the cluster in place: a new cluster from that configuration,
/// while time goes on and the run before it stays on the timeline (a new run is a new
/// `Simulation`, which is what the page's Settings make).
#[test]
fn config_restarts_the_cluster_in_place() {
    let mut s = running();
    let before = s.now();
    assert!(before > 0);
    s.apply_json(
        r#"{"cmd":"config","nodes":3,"seed":5,"election_ms":[100,200],"heartbeat_ms":30}"#,
    )
    .unwrap();
    let state = s.state();
    assert_eq!(
        (state.time_ms, state.seed, state.nodes.len()),
        (before, 5, 3)
    );
    assert!(state.nodes.iter().all(|n| n.term == 0 && n.log.is_empty()));
    assert!(
        matches!(s.commands().last(), Some((t, Request::Restart(c))) if *t == before && c.nodes == 3)
    );
    s.advance(2_000);
    assert!(s.leader().is_some_and(|l| l <= 3), "the new cluster elects");
    // Back before the restart: the old cluster of five.
    s.seek(before - 1);
    assert_eq!(s.state().nodes.len(), 5);
    // A request to the wrong cluster size is refused, changing nothing.
    s.seek(before + 2_000);
    assert!(s.apply_json(r#"{"cmd":"crash","node":5}"#).is_err());
}

#[test]
fn state_json_has_the_documented_shape() {
    let mut s = running();
    s.apply_json(r#"{"cmd":"put","key":"x","value":"1","node":1}"#)
        .unwrap();
    s.advance(3);
    let state = s.state();
    let json = serde_json::to_value(&state).unwrap();
    for key in [
        "time_ms",
        "seed",
        "leader",
        "nodes",
        "in_flight",
        "network",
        "invariants",
        "history",
        "stats",
        "events",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    for key in [
        "id",
        "up",
        "role",
        "term",
        "voted_for",
        "commit_index",
        "last_applied",
        "log",
        "kv",
        "election_deadline_ms",
        "election_timeout_ms",
        "heartbeat_deadline_ms",
        "votes",
        "progress",
        "clock_rate",
    ] {
        assert!(json["nodes"][0].get(key).is_some(), "node lacks {key}");
    }
    let m = &json["in_flight"][0];
    for key in [
        "id",
        "kind",
        "from",
        "to",
        "sent_ms",
        "deliver_ms",
        "summary",
    ] {
        assert!(m.get(key).is_some(), "message lacks {key}");
    }
    assert!(json["invariants"]["ok"].is_boolean());
    assert!(json["invariants"]["violations"].is_array());
    assert!(json["nodes"][0]["role"].is_string());
    // It reads back as the same value (embedders may hand it around as JSON).
    let back: State = serde_json::from_value(json).unwrap();
    assert_eq!(back, state);
}
