//! The trace file's own checks: writing and reading back, seeds, errors, the narration.

use super::*;
use crate::sim::command::Command;
use crate::sim::config::SimConfig;
use crate::sim::seed::MAX_EXACT_IN_JS;

fn small_run() -> Simulation {
    let config = SimConfig {
        nodes: 3,
        seed: 4,
        ..SimConfig::default()
    };
    let commands = vec![
        (500, Request::from(Command::Crash { node: 1 })),
        (900, Request::from(Command::DropRate { p: 0.25 })),
        (
            1000,
            Request::from(Command::Put {
                key: "x".into(),
                value: "1".into(),
                node: 2,
            }),
        ),
        (1200, Request::from(Command::Restart { node: 1 })),
    ];
    let mut sim = Simulation::replay(config, &commands).unwrap();
    sim.run_until(3000);
    sim
}

#[test]
fn a_trace_replays_to_the_same_hash_and_writes_the_same_file() {
    let sim = small_run();
    let trace = Trace::of(&sim);
    let text = trace.to_json();
    let read = Trace::parse(&text).unwrap();
    assert_eq!(read, trace);
    assert_eq!(read.to_json(), text);
    assert_eq!(read.replay().unwrap().trace_hash(), sim.trace_hash());
    assert!(
        text.contains("\n    {\"at_ms\":900,\"cmd\":\"drop_rate\",\"p\":0.25}"),
        "{text}"
    );
}

#[test]
fn the_narrated_replay_is_the_same_run_and_tells_everything() {
    let sim = small_run();
    let (replayed, lines) = Trace::of(&sim).replay_narrated().unwrap();
    assert_eq!(replayed.trace_hash(), sim.trace_hash());
    assert_eq!(lines.len() as u64, sim.narration_told(), "{lines:?}");
    // The state keeps the newest lines: the same, grouped lines included.
    let kept = sim.state().events;
    assert!(kept.iter().any(|l| l.text.contains(" learn")), "{kept:?}");
    assert_eq!(lines[lines.len() - kept.len()..], kept[..]);
    assert!(lines.windows(2).all(|w| w[0].time_ms <= w[1].time_ms));
}

#[test]
fn seeds_past_two_to_the_53_travel_as_strings() {
    for seed in [0, MAX_EXACT_IN_JS, MAX_EXACT_IN_JS + 1, u64::MAX] {
        let config = SimConfig {
            seed,
            ..SimConfig::default()
        };
        let restart = Request::Restart(SimConfig {
            seed,
            nodes: 3,
            ..SimConfig::default()
        });
        let trace = Trace {
            config,
            commands: vec![(100, restart)],
            ..Trace::of(&small_run())
        };
        let text = trace.to_json();
        let quoted = seed > MAX_EXACT_IN_JS;
        let written = if quoted {
            format!("\"{seed}\"")
        } else {
            seed.to_string()
        };
        assert!(text.contains(&format!("\"seed\": {written},")), "{text}");
        assert!(text.contains(&format!("\"seed\":{written},")), "{text}");
        assert_eq!(Trace::parse(&text).unwrap(), trace);
    }
}

fn error(text: &str) -> String {
    Trace::parse(text).unwrap_err().to_string()
}

/// Malformed traces and what their errors say: whole documents, then a trace of three servers
/// with other fields.
fn malformed() -> Vec<(String, &'static str)> {
    let whole = [
        (r#"[1]"#, "not a Raftlab trace: expected a JSON object"),
        (
            r#"{"seed": 1}"#,
            "not a Raftlab trace: it has no \"raftlab_trace\" field",
        ),
        (
            r#"{"raftlab_trace": 2}"#,
            "unknown trace version 2 (this Raftlab reads version 1)",
        ),
        (r#"{"raftlab_trace": 1, "config": {}}"#, "seed: missing"),
        (r#"{"raftlab_trace": 1,"#, "not JSON: EOF while parsing"),
        (
            r#"{"raftlab_trace": 1, "seed": 3, "config": {"nodes": 12}, "commands": []}"#,
            "config: field nodes must be in 3..=9, got 12",
        ),
        (
            r#"{"raftlab_trace": 1, "seed": 3, "config": {"seed": 4}, "commands": []}"#,
            "config.seed: 4 differs from the trace's seed, 3",
        ),
        (
            r#"{"raftlab_trace": 1, "seed": "-3", "config": {}, "commands": []}"#,
            "seed: expected a whole number from 0 to 18446744073709551615",
        ),
        (
            r#"{"raftlab_trace": 1, "seed": 18446744073709551616, "config": {}, "commands": []}"#,
            "seed: expected a whole number",
        ),
    ];
    let more = [
        (r#""commands": [], "colour": 1"#, "colour: unknown field"),
        (r#""commands": {}"#, "commands: expected a list, got {}"),
        (
            r#""commands": [{"cmd": "heal"}]"#,
            "commands[0].at_ms: missing",
        ),
        (
            r#""commands": [{"at_ms": 1.5, "cmd": "heal"}]"#,
            "commands[0].at_ms: expected a whole number of ms, got 1.5",
        ),
        (
            r#""commands": [{"at_ms": 9, "cmd": "warp"}]"#,
            "commands[0]: unknown command \"warp\"",
        ),
        (
            r#""commands": [{"at_ms": 9, "cmd": "crash", "node": 4}]"#,
            "commands[0]: no node S4 (the cluster has S1..S3)",
        ),
        (
            r#""commands": [{"at_ms": 9, "cmd": "heal"}, {"at_ms": 5, "cmd": "heal"}]"#,
            "commands[1].at_ms: times must not go backwards: 5 ms after 9 ms",
        ),
        (
            r#""commands": [{"at_ms": 1000000001, "cmd": "heal"}]"#,
            "commands[0].at_ms: 1000000001 is past the largest simulated time",
        ),
        (
            r#""commands": [{"at_ms": 9, "cmd": "config", "seed": "x"}]"#,
            "commands[0].seed: expected a whole number",
        ),
        (
            r#""commands": [], "time_ms": -1"#,
            "time_ms: expected a whole number of ms, got -1",
        ),
        (
            r#""commands": [], "history": 3"#,
            "history: expected a list, got 3",
        ),
    ];
    let head = r#""raftlab_trace": 1, "seed": 3, "config": {"nodes": 3}"#;
    let whole = whole.into_iter().map(|(text, e)| (text.to_string(), e));
    let more = more
        .into_iter()
        .map(|(rest, e)| (format!("{{{head}, {rest}}}"), e));
    whole.chain(more).collect()
}

#[test]
fn malformed_traces_say_which_field_and_what_was_expected() {
    for (text, expected) in malformed() {
        let e = error(&text);
        assert!(
            e.contains(expected),
            "{text}\n  gave: {e}\n  expected: {expected}"
        );
    }
}

#[test]
fn a_hand_written_trace_needs_no_time_and_may_repeat_the_config_command() {
    let text = r#"{"raftlab_trace": 1, "seed": "12",
        "config": {"cmd": "config", "seed": 12, "nodes": 3},
        "commands": [{"at_ms": 300, "cmd": "timeout", "node": 2}]}"#;
    let trace = Trace::parse(text).unwrap();
    assert_eq!((trace.config.seed, trace.config.nodes), (12, 3));
    assert_eq!(trace.time_ms, 1300);
    assert_eq!(trace.to_scenario().end_ms(), 1300);
    assert!(looks_like_trace(text));
    assert!(!looks_like_trace("{\"cmd\": \"config\"}\n"));
}
