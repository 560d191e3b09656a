//! The text and JSON-lines scenario forms: every command, expectations, and errors with line and
//! column.

use raftlab::sim::checker::Property;
use raftlab::sim::command::Command;
use raftlab::sim::history::ReadMode;
use raftlab::sim::scenario::{
    parse_jsonl, parse_text, to_jsonl, Cmp, Condition, NodeScope, ReadExpect, Scenario, When,
};
use raftlab::sim::Request;
use raftlab::sim::MAX_TIME_MS;

const EVERY_COMMAND: &str = r#"
title Every command
about A scenario that uses every command once.
about Second sentence.

cluster nodes=5 seed=7 election=150..300ms heartbeat=50ms latency=10..15ms
cluster prevote=on check_quorum=off drop_rate=0 dup_rate=0
cluster quirks=commit_old_term_by_counting,forget_vote_on_restart   # two quirks

at 1200ms crash S1
at 1.5s restart S1
at 2s partition {1,2} {3,4,5}
at 2s cut S1 -> S2
at 2s cut S1 <-> S3
at 2s uncut S1 -> S2
at 2s heal
at 2s drop_rate 10%
at 2s dup_rate 0.05
at 2s latency 10..20ms
at 2s latency 5ms..9ms S1 -> S2
at 2s drop_message 17
at 2s timeout S3
at 2.25s transfer to S2
at 3s put x=1 via S2
at 3s put "a key"="a value" via S2
at 3.5s get x via S4 read=follower
at 3.5s get x via S4
at 4s clock_drift S2 1.5
at 4s clock_drift S3 rate=0.9
at 4s snapshot S2
at 4s report
at 4.5s add S6
at 4.5s add S7 as learner
at 4.5s promote S7
at 4.5s remove S1
at 4.5s change voters {1,2,3,6,7}
at 5s config nodes=3 seed=9 snapshot_every=20 snapshot_chunk=512
"#;

#[test]
fn every_command_parses() {
    let sc = parse_text(EVERY_COMMAND).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sc.title, "Every command");
    assert_eq!(
        sc.description,
        "A scenario that uses every command once. Second sentence."
    );
    assert_eq!(sc.config.seed, 7);
    assert!(sc.config.prevote);
    assert!(sc.config.quirks.commit_old_term_by_counting);
    assert!(sc.config.quirks.forget_vote_on_restart);
    assert!(!sc.config.quirks.vote_without_log_check);
    let cmds = sc.commands();
    assert_eq!(cmds.len(), 27);
    assert_eq!(cmds[0], (1200, Command::Crash { node: 1 }.into()));
    assert_eq!(
        cmds[2].1,
        Command::Partition {
            groups: vec![vec![1, 2], vec![3, 4, 5]]
        }
        .into()
    );
    assert_eq!(
        cmds[3].1,
        Command::Cut {
            from: 1,
            to: 2,
            oneway: true
        }
        .into()
    );
    assert_eq!(cmds[7].1, Command::DropRate { p: 0.1 }.into());
    assert_eq!(
        cmds[10].1,
        Command::Latency {
            min_ms: 5,
            max_ms: 9,
            from: Some(1),
            to: Some(2)
        }
        .into()
    );
    assert_eq!(cmds[13], (2250, Command::Transfer { to: 2 }.into()));
    assert_eq!(
        cmds[16].1,
        Command::Get {
            key: "x".into(),
            node: 4,
            read: ReadMode::Follower
        }
        .into()
    );
    assert_eq!(cmds[20].1, Command::Snapshot { node: 2 }.into());
    let add = |node, learner| Command::AddServer { node, learner }.into();
    assert_eq!(cmds[21], (4500, add(6, false)));
    assert_eq!(cmds[22].1, add(7, true));
    assert_eq!(cmds[23].1, Command::Promote { node: 7 }.into());
    assert_eq!(cmds[24].1, Command::RemoveServer { node: 1 }.into());
    let voters = vec![1, 2, 3, 6, 7];
    assert_eq!(cmds[25].1, Command::ChangeConfig { voters }.into());
    assert!(matches!(&cmds[26].1, Request::Restart(c)
        if c.nodes == 3 && c.seed == 9 && c.snapshot_every == 20 && c.snapshot_chunk == 512));
    // Every name of the command table is used.
    let mut names: Vec<&str> = cmds.iter().map(|(_, c)| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 21);
}

#[test]
fn text_and_json_lines_compile_to_the_same_scenario() {
    let text = format!(
        "{EVERY_COMMAND}\nexpect leader within 2s\nat 6s expect no leader among {{1,2}}\n\
         expect violation \"Election Safety\"\n"
    );
    let sc = parse_text(&text).unwrap_or_else(|e| panic!("{e}"));
    let jsonl = to_jsonl(&sc);
    let back = parse_jsonl(&jsonl).unwrap_or_else(|e| panic!("{e}\n{jsonl}"));
    assert_eq!(back.commands(), sc.commands());
    assert_eq!(back.config, sc.config);
    assert_eq!(back.title, sc.title);
    let whens = |s: &Scenario| s.expectations.iter().map(|e| e.when).collect::<Vec<_>>();
    assert_eq!(whens(&back), whens(&sc));
    let conds = |s: &Scenario| {
        s.expectations
            .iter()
            .map(|e| e.condition.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(conds(&back), conds(&sc));
    assert_eq!(
        Scenario::parse(&jsonl).map(|s| s.commands()),
        Ok(sc.commands())
    );
}

#[test]
fn expectations_and_their_times() {
    let sc = parse_text(
        "expect leader within 2s\n\
         at 3s crash S1\n\
         expect leader among {2,3,4,5} within 1s   # anchored at 3s\n\
         expect no leader among {1,2} at 5s\n\
         expect leader S2 by 4s\n\
         expect value x=1 on all live nodes by 6s\n\
         expect value y=none on {1,2}\n\
         expect read x == 1\n\
         expect read x via S3 fails\n\
         expect term S1 >= 3 at 9s\n\
         at 7s expect invariants ok\n\
         expect violation \"state machine safety\"\n\
         end at 12s\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let e = &sc.expectations;
    assert_eq!(e.len(), 11);
    assert_eq!(
        e[0].when,
        When::Window {
            from_ms: 0,
            to_ms: 2000
        }
    );
    assert_eq!(
        e[1].when,
        When::Window {
            from_ms: 3000,
            to_ms: 4000
        }
    );
    assert_eq!(e[1].text, "expect leader among {2,3,4,5} within 1s");
    assert_eq!(
        e[2].condition,
        Condition::Leader {
            among: vec![1, 2],
            negated: true,
            term: None
        }
    );
    assert_eq!(e[2].when, When::At { ms: 5000 });
    assert_eq!(
        e[3].condition,
        Condition::Leader {
            among: vec![2],
            negated: false,
            term: None
        }
    );
    assert_eq!(
        e[5].condition,
        Condition::Value {
            key: "y".into(),
            value: None,
            on: NodeScope::Nodes(vec![1, 2])
        }
    );
    assert_eq!(
        e[6].condition,
        Condition::Read {
            key: "x".into(),
            via: None,
            expect: ReadExpect::Value(Some("1".into()))
        }
    );
    assert_eq!(e[6].when, When::End);
    assert_eq!(
        e[8].condition,
        Condition::Term {
            node: 1,
            cmp: Cmp::Ge,
            value: 3
        }
    );
    assert_eq!(e[9].when, When::At { ms: 7000 });
    assert_eq!(
        e[10].condition,
        Condition::Violation {
            property: Property::StateMachineSafety
        }
    );
    assert_eq!(sc.end_ms(), 12_000);
}

fn err(source: &str) -> String {
    match Scenario::parse(source) {
        Ok(_) => panic!("expected an error for {source:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_carry_line_and_column() {
    assert_eq!(
        err("cluster nodes=5\n\n# a comment\nat 2s crash S9\n"),
        "line 4, column 13: unknown node S9 (cluster has S1..S5)"
    );
    assert_eq!(
        err("at 2 crash S1"),
        "line 1, column 4: a time needs a unit (ms or s), e.g. 1200ms or 1.2s; found \"2\""
    );
    assert_eq!(
        err("at 1s explode S1"),
        "line 1, column 7: unknown command \"explode\" (one of: crash, restart, partition, cut, \
         uncut, heal, drop_rate, dup_rate, latency, drop_message, timeout, transfer, put, get, \
         clock_drift, snapshot, add_server, remove_server, promote, change_config, config, report)"
    );
    assert!(err("at 1s put x via S1").starts_with("line 1, column 13: expected \"=\""));
    assert!(err("at 1s drop_rate 1.5").starts_with("line 1, column 7: field p must be in [0,1]"));
    assert!(err("cluster nodes=12").starts_with("line 1, column 15: nodes must be in 3..=9"));
    assert!(err("cluster heartbeat=500ms").starts_with("line 1, column 1: field heartbeat_ms"));
    assert!(err("cluster quirks=bogus").contains("column 16: unknown quirk \"bogus\""));
    assert!(err("cluster colour=red").contains("column 9: unknown option \"colour\""));
    assert!(err("at 1s crash S1 S2").contains("column 16: unexpected \"S2\" at the end"));
    assert!(err("expect violation \"Bogus\"").contains("column 18: unknown property \"Bogus\""));
    assert!(err("expect leader soon").contains("column 15: unexpected \"soon\""));
    assert!(err("at 1s get x via S1 read=psychic").contains("unknown read mode \"psychic\""));
    assert!(err("hello world").starts_with("line 1, column 1: unknown directive \"hello\""));
    assert!(err("at 1s crash S1\ncluster nodes=3").starts_with("line 2, column 1:"));
    assert!(err("at 1s partition {1,1}").contains("column 20: S1 is listed twice"));
    assert!(err("at 1s put \"x=1 via S1").contains("no closing quote"));
    assert!(err("at 3s crash S1\nexpect leader by 2s").contains("before the previous"));
}

#[test]
fn json_lines_errors() {
    assert!(err("{\"at_ms\": 5, \"cmd\": \"crash\"}").starts_with("line 1, column 1: crash:"));
    assert!(err("{\"at_ms\": 5, \"cmd\": \"crash\", \"node\": 9}").contains("unknown node S9"));
    assert!(err("{\"cmd\": \"heal\"}").contains("missing field \"at_ms\""));
    assert!(err("{\"at_ms\": -1, \"cmd\": \"heal\"}").contains("at_ms must be"));
    assert!(err("{\"at_ms\": 1, \"cmd\": \"fly\"}").contains("unknown command \"fly\""));
    assert!(err("\n{\"at_ms\": 1,").starts_with("line 2, column"));
    assert!(err("{\"expect\": \"leader S7\"}").contains("unknown node S7"));
    assert!(err("{\"at_ms\": 1, \"cmd\": \"report\", \"x\": 1}").contains("unknown field"));
    // Several faults: the first in the line is named.
    assert!(err("{\"at_ms\": 1, \"cmd\": \"report\", \"a\": 1, \"b\": 2}").contains("`a`"));
    let first_bad = err("{\"at_ms\": 1, \"cmd\": \"cut\", \"from\": \"b\", \"zz\": 1}");
    assert!(
        first_bad.contains("invalid type: string \"b\""),
        "{first_bad}"
    );
    let ok = parse_jsonl(
        "{\"cmd\":\"config\",\"nodes\":3}\n# comment\n\n{\"at_ms\":5,\"cmd\":\"report\"}\n",
    );
    assert_eq!(ok.map(|s| (s.config.nodes, s.steps.len())), Ok((3, 1)));
}

#[test]
fn nothing_panics_on_garbage() {
    let samples = [
        "",
        "\u{0}",
        "at",
        "at 1s",
        "at 1s put",
        "at 1s put x",
        "at 1s put x=",
        "at 1s get",
        "at 1s partition",
        "at 1s partition {",
        "at 1s partition {1,",
        "at 1s latency",
        "at 1s latency 5..",
        "at 1s latency 5..x",
        "cluster election=",
        "cluster nodes=",
        "expect",
        "expect no",
        "expect term",
        "expect term S1",
        "expect term S1 ==",
        "expect value",
        "expect read x ==",
        "at 99999999999999999999999s heal",
        "{",
        "[1]",
        "{\"at_ms\":1}",
        "title",
        "about",
        "end",
        "end at",
        "at 1s cut S1 ->",
        "\"unterminated",
        "at 1s clock_drift S1 rate=",
        "at 1.0001s heal",
        "at 1s transfer to",
        "expect leader among {",
    ];
    for s in samples {
        let _ = Scenario::parse(s);
    }
}

/// A time past the largest simulated time (`MAX_TIME_MS`) is refused where it is written, with
/// its line and column: running to it would not finish.
#[test]
fn a_time_past_the_largest_simulated_time_is_an_error_with_line_and_column() {
    assert_eq!(MAX_TIME_MS, 1_000_000_000);
    let beyond = "is past the largest simulated time, 1000000000 ms (about 11.6 days)";
    let e = err("cluster nodes=5\nat 1000000000000ms crash S1\n");
    assert!(e.starts_with("line 2, column 4: "), "{e}");
    assert!(e.contains(beyond), "{e}");
    assert!(err("at 1000000001ms heal").starts_with("line 1, column 4: "));
    assert!(err("at 1000001s heal").contains(beyond));
    assert!(err("at 1s heal\nend at 2000000000s").starts_with("line 2, column 8: "));
    let e = err("at 999999s heal\nexpect leader within 2s");
    assert!(e.starts_with("line 2, column 22: "), "{e}");
    assert!(e.contains("past the largest simulated time"), "{e}");
    let e = err("{\"cmd\": \"heal\", \"at_ms\": 1000000000000}");
    assert!(e.starts_with("line 1, column 17: at_ms "), "{e}");
    assert!(e.contains(beyond), "{e}");
    // The largest time itself is fine, and a run ends there at the latest.
    let sc = Scenario::parse("at 1000000000ms heal").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sc.end_ms(), MAX_TIME_MS);
}

/// `leader with term >= 3`: a leader of a late enough term (what a lesson waits for after a
/// split vote). A missing comparison is an error at its column.
#[test]
fn a_leader_of_a_given_term() {
    use raftlab::sim::scenario::Cmp;
    let s = Scenario::parse("expect leader among {1,2} with term >= 3 within 1s\n").unwrap();
    assert_eq!(
        s.expectations[0].condition,
        Condition::Leader {
            among: vec![1, 2],
            negated: false,
            term: Some((Cmp::Ge, 3))
        }
    );
    let err = Scenario::parse("expect leader with term 3\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 25: expected a comparison (==, !=, >=, <=, >, <), found \"3\""
    );
}

/// `snapshot S2 >= 20`: how far a server's snapshot reaches (0 without one).
#[test]
fn a_snapshot_condition() {
    use raftlab::sim::scenario::Cmp;
    let s = Scenario::parse("cluster nodes=3\nexpect snapshot S2 >= 20 by 3s\n").unwrap();
    assert_eq!(
        s.expectations[0].condition,
        Condition::Snapshot {
            node: 2,
            cmp: Cmp::Ge,
            value: 20
        }
    );
    let err = Scenario::parse("cluster nodes=3\nexpect snapshot S4 >= 1\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 17: unknown node S4 (cluster has S1..S3)"
    );
}

/// `commit` and `log` compare each scoped server's commit index or last log index: what a
/// lesson waits for before it says an entry is committed everywhere, or stored on a majority.
#[test]
fn the_commit_and_log_expectations() {
    use raftlab::sim::scenario::{run_scenario, RunOptions, Status};
    let source = "cluster nodes=3 seed=1\n\
                  expect commit >= 1 on all live nodes within 1s\n\
                  expect log >= 1 on {1,2,3} within 1s\n\
                  at 1s crash S3\n\
                  at 1s put x=1 via S1\n\
                  expect log >= 2 on S3 at 2s\n\
                  expect commit == 1 on S3 at 2s\n";
    let scenario = Scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        scenario.expectations[0].condition,
        Condition::Commit {
            cmp: Cmp::Ge,
            value: 1,
            on: NodeScope::AllLive
        }
    );
    assert_eq!(
        scenario.expectations[1].condition,
        Condition::Log {
            cmp: Cmp::Ge,
            value: 1,
            on: NodeScope::Nodes(vec![1, 2, 3])
        }
    );
    let (_, outcome) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
    let statuses: Vec<&Status> = outcome.results.iter().map(|r| &r.status).collect();
    assert_eq!(
        statuses,
        [
            &Status::Passed,
            &Status::Passed,
            &Status::Failed,
            &Status::Failed
        ],
        "{:?}",
        outcome.results
    );
    assert_eq!(
        outcome.results[2].reason,
        "at 2000 ms: S3's log ends at index 1"
    );
    assert_eq!(
        outcome.results[3].reason,
        "at 2000 ms: S3's commit index is 0"
    );
}
