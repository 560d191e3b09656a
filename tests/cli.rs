//! The raftlab-cli binary: a preset runs and passes, bad input exits 2 with line and column.

use std::process::{Command, Stdio};

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_raftlab-cli"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("raftlab-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

#[test]
fn runs_a_preset_file() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/scenarios/leader-election.txt"
    );
    let (code, out, _) = cli(&["run", path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS"), "{out}");
    assert!(out.contains("invariants: ok"), "{out}");
}

#[test]
fn json_mode_prints_one_state_per_report_and_one_at_the_end() {
    let path = temp_file(
        "report.jsonl",
        "{\"cmd\":\"config\",\"nodes\":3,\"seed\":4}\n\
         {\"at_ms\":500,\"cmd\":\"report\"}\n\
         {\"at_ms\":600,\"cmd\":\"put\",\"key\":\"x\",\"value\":\"1\",\"node\":1}\n\
         {\"expect\":\"invariants ok\"}\n",
    );
    let (code, out, err) = cli(&["run", path.to_str().unwrap_or_default(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let states: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    assert_eq!(states.len(), 2, "{out}");
    assert_eq!(states[0]["time_ms"], 500);
    assert_eq!(states[1]["nodes"].as_array().map(Vec::len), Some(3));
    assert!(err.contains("PASS"), "{err}");
}

#[test]
fn a_quirk_preset_passes_because_it_expects_its_violation() {
    let (code, out, _) = cli(&["run", "preset:forget-vote-quirk"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Election Safety"), "{out}");
}

#[test]
fn a_failed_expectation_exits_1() {
    let path = temp_file("fail.txt", "cluster nodes=3\nexpect no leader at 2s\n");
    let (code, out, _) = cli(&["run", path.to_str().unwrap_or_default(), "--seed", "5"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  line 2"), "{out}");
}

#[test]
fn malformed_input_exits_2_with_line_and_column() {
    let path = temp_file("bad.txt", "cluster nodes=5\n\nat 2s crash S9\n");
    let (code, _, err) = cli(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 3, column 13: unknown node S9 (cluster has S1..S5)"),
        "{err}"
    );
    let path = temp_file("bad.jsonl", "{\"at_ms\": 5, \"cmd\": \"warp\"}\n");
    let (code, _, err) = cli(&["run", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 1, column 1: unknown command \"warp\""),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["fly"],
        vec!["run"],
        vec!["run", "/no/such/file.txt"],
        vec!["run", "preset:nope"],
        vec!["run", "x.txt", "--seed"],
        vec!["run", "x.txt", "--seed", "abc"],
        vec!["run", "x.txt", "--colour"],
        vec!["chaos", "--seeds", "1"],
        vec![
            "chaos",
            "--seeds",
            "1",
            "--duration-ms",
            "100",
            "--faults",
            "meteor",
        ],
        // A chaos horizon that would never finish, and a cluster size out of range.
        vec![
            "chaos",
            "--seeds",
            "1",
            "--duration-ms",
            "18446744073709551615",
        ],
        vec![
            "chaos",
            "--seeds",
            "1",
            "--duration-ms",
            "100",
            "--nodes",
            "2",
        ],
        vec!["bench", "extra"],
    ] {
        let (code, _, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("raftlab-cli: "), "{args:?}: {err}");
    }
}

/// `--until` past the largest simulated time is bad input, refused at once (running to it would
/// not finish).
#[test]
fn an_absurd_until_exits_2_at_once() {
    let path = temp_file("until.txt", "cluster nodes=3\nat 1s heal\n");
    let path = path.to_str().unwrap_or_default();
    for until in ["18446744073709551615", "1000000000000", "1000000001"] {
        let started = std::time::Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_raftlab-cli"))
            .args(["run", "--until", until, path])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        while child.try_wait().ok().flatten().is_none() && started.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("run --until {until} still running after 20 s");
        }
        let out = child.wait_with_output().expect("the output");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--until {until}: {err}");
        assert!(
            err.contains(&format!(
                "--until {until} is past the largest simulated time, 1000000000 ms"
            )),
            "{err}"
        );
    }
    // The largest time itself is accepted (the check, not the run, is what this is about).
    let (code, out, err) = cli(&["run", "--until", "2000", path]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn chaos_prints_a_summary() {
    let (code, out, err) = cli(&[
        "chaos",
        "--seeds",
        "2",
        "--duration-ms",
        "3000",
        "--nodes",
        "3",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("chaos: 2 seeds (1..) x 3000 ms"), "{out}");
    assert!(out.contains("a leader within"), "{out}");
}

#[test]
fn chaos_counts_the_seeds_it_ran_not_the_seeds_it_was_asked_for() {
    let (code, out, err) = cli(&[
        "chaos",
        "--seeds",
        "5",
        "--first-seed",
        "18446744073709551614",
        "--duration-ms",
        "500",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("chaos: 2 seeds (18446744073709551614..)"),
        "{out}"
    );
}

#[test]
fn options_take_their_value_after_a_space_or_an_equals_sign() {
    let (code, out, err) = cli(&[
        "run",
        "preset:leader-election",
        "--seed=5",
        "--until",
        "500",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("seed 5"), "{out}");
    let (code, _, err) = cli(&["run", "preset:leader-election", "--json=yes"]);
    assert_eq!(code, 2, "a switch takes no value: {err}");
    let (code, _, err) = cli(&["run", "preset:leader-election", "-x"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option -x"), "{err}");
}

/// The trace hash `run` prints, from its output.
fn trace_hash(out: &str) -> &str {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("trace hash: 0x"));
    line.map_or("", |l| l.trim_start().trim_start_matches("trace hash: "))
}

fn text(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A scenario's run written with --trace-out replays to the same trace hash with
/// `run TRACE.json`, whose own trace is the same file (docs/trace-format.md).
#[test]
fn a_run_exported_as_a_trace_replays_to_the_same_hash_both_ways() {
    let a = temp_file("crash-a.json", "");
    let b = temp_file("crash-b.json", "");
    let (a, b) = (
        a.to_str().unwrap_or_default(),
        b.to_str().unwrap_or_default(),
    );
    let (code, out, err) = cli(&["run", "preset:leader-crash", "--trace-out", a]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(trace_hash(&out).len() == 18, "{out}");
    assert!(out.contains(&format!("  trace: {a}")), "{out}");
    let (code, again, err) = cli(&["run", a, "--trace-out", b]);
    assert_eq!(code, 0, "{again}{err}");
    assert_eq!(trace_hash(&again), trace_hash(&out), "{again}");
    assert!(
        again.starts_with("Leader crash and re-election (seed "),
        "{again}"
    );
    let first = text(std::path::Path::new(a));
    assert!(first.starts_with("{\n  \"raftlab_trace\": 1,\n"), "{first}");
    assert_eq!(text(std::path::Path::new(b)), first);
    // --json gives the same hash in each state it prints, and in the summary on stderr.
    let (code, states, summary) = cli(&["run", a, "--json"]);
    assert_eq!(code, 0, "{summary}");
    let last: serde_json::Value = serde_json::from_str(states.trim()).unwrap_or_default();
    assert_eq!(last["trace_hash"], trace_hash(&out), "{states}");
    assert_eq!(trace_hash(&summary), trace_hash(&out), "{summary}");
}

/// A seed above 2^53 - 1 is written as a string and comes back exactly.
#[test]
fn a_seed_past_two_to_the_53_survives_the_trace() {
    let path = temp_file("big-seed.json", "");
    let path = path.to_str().unwrap_or_default();
    let seed = "18446744073709551557";
    let (code, out, err) = cli(&[
        "run",
        "preset:leader-election",
        "--seed",
        seed,
        "--trace-out",
        path,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let trace = text(std::path::Path::new(path));
    assert!(
        trace.contains(&format!("\n  \"seed\": \"{seed}\",\n")),
        "{trace}"
    );
    let (code, again, err) = cli(&["run", path]);
    assert_eq!(code, 0, "{again}{err}");
    assert!(again.contains(&format!("(seed {seed}, ran to")), "{again}");
    assert_eq!(trace_hash(&again), trace_hash(&out));
}

/// Malformed trace files exit 2 and say which field is wrong and what was expected, without
/// the usage text.
#[test]
fn malformed_traces_exit_2_with_the_field_at_fault() {
    let cases = [
        (
            "not-json.json",
            r#"{"raftlab_trace": 1"#,
            "not JSON: EOF while parsing",
        ),
        (
            "no-mark.json",
            r#"{"seed": 1}"#,
            "not a Raftlab trace: it has no \"raftlab_trace\" field",
        ),
        (
            "version.json",
            r#"{"raftlab_trace": 7}"#,
            "unknown trace version 7 (this Raftlab reads version 1)",
        ),
        (
            "no-config.json",
            r#"{"raftlab_trace": 1, "seed": 1, "commands": []}"#,
            "config: missing",
        ),
        (
            "bad-command.trace",
            r#"{"raftlab_trace": 1, "seed": 1, "config": {},
                "commands": [{"at_ms": 5, "cmd": "warp"}]}"#,
            "commands[0]: unknown command \"warp\"",
        ),
        (
            "backwards.json",
            r#"{"raftlab_trace": 1, "seed": 1, "config": {},
                "commands": [{"at_ms": 50, "cmd": "heal"}, {"at_ms": 40, "cmd": "heal"}]}"#,
            "commands[1].at_ms: times must not go backwards: 40 ms after 50 ms",
        ),
        (
            "late.json",
            r#"{"raftlab_trace": 1, "seed": 1, "config": {}, "commands": [],
                "time_ms": 1000000001}"#,
            "time_ms: 1000000001 is past the largest simulated time, 1000000000 ms",
        ),
        (
            "seed.json",
            r#"{"raftlab_trace": 1, "seed": 1.5, "config": {}, "commands": []}"#,
            "seed: expected a whole number from 0 to 18446744073709551615",
        ),
    ];
    for (name, contents, expected) in cases {
        let path = temp_file(name, contents);
        let (code, _, err) = cli(&["run", path.to_str().unwrap_or_default()]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains("usage:"), "{name}: {err}");
    }
}

/// --history-out writes the client history as Porcupine's operations: every operation of the
/// run that constrains a linearization (docs/trace-format.md says which ones do).
#[test]
fn history_out_writes_porcupine_operations() {
    let scenario = temp_file(
        "clients.txt",
        "cluster nodes=3 seed=3\nat 1s put x=1 via S1\nat 1s put y=2 via S2\n\
         at 1200ms get x via S3\nat 1300ms crash S1\nat 1300ms get y via S2 read=follower\n\
         at 2s put x=3 via S3\nat 2s get x via S2\nend at 2010ms\n",
    );
    let history = temp_file("history.json", "");
    let (code, out, err) = cli(&[
        "run",
        scenario.to_str().unwrap_or_default(),
        "--json",
        "--history-out",
        history.to_str().unwrap_or_default(),
    ]);
    assert_eq!(code, 0, "{err}");
    let state: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_default();
    let ops = state["history"].as_array().cloned().unwrap_or_default();
    // Left out: failed operations, and gets that never completed (they constrain nothing).
    let kept = ops.iter().filter(|op| {
        let status = op["status"].as_str().unwrap_or("pending");
        status != "failed" && !(op["op"] == "get" && matches!(status, "pending" | "unknown"))
    });
    let written: serde_json::Value = serde_json::from_str(&text(&history)).unwrap_or_default();
    let written = written.as_array().cloned().unwrap_or_default();
    assert_eq!(written.len(), kept.count(), "{written:?}");
    // The run ends with a put and a get in flight: the get is left out, the put kept open.
    assert_eq!((ops.len(), written.len()), (6, 5), "{ops:?}");
    assert_eq!(written[4]["return"], i64::MAX, "{written:?}");
    for op in &written {
        for field in ["clientId", "input", "call", "output", "return"] {
            assert!(op.get(field).is_some(), "{field} in {op}");
        }
    }
    assert!(
        err.contains(&format!("({} operations)", written.len())),
        "{err}"
    );
}

/// A failure chaos finds (a quirk makes one likely) is written with --trace-out, and `run`
/// replays the trace to the same violations.
#[test]
fn chaos_trace_out_writes_a_trace_that_replays_the_failure() {
    let dir = std::env::temp_dir().join(format!("raftlab-cli-traces-{}", std::process::id()));
    let dir_text = dir.to_str().unwrap_or_default();
    let (code, out, err) = cli(&[
        "chaos",
        "--seeds",
        "20",
        "--duration-ms",
        "5000",
        "--quirks",
        "vote_without_log_check",
        "--trace-out",
        dir_text,
    ]);
    assert_eq!(code, 1, "a quirk breaks some seed: {out}{err}");
    assert!(!err.contains("warning"), "{err}");
    let seed = out
        .lines()
        .find_map(|l| l.strip_prefix("seed ")?.split(' ').next())
        .unwrap_or_default();
    let trace = dir.join(format!("chaos-{seed}.json"));
    assert!(
        out.contains(&format!("  trace: {}", trace.display())),
        "{out}"
    );
    let violations: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with(&format!("seed {seed} FAILED")))
        .skip(1)
        .take_while(|l| l.contains(" violated at "))
        .collect();
    assert!(!violations.is_empty(), "{out}");
    let (code, replay, err) = cli(&["run", trace.to_str().unwrap_or_default()]);
    assert_eq!(code, 1, "{replay}{err}");
    assert!(
        replay.starts_with(&format!("Chaos seed {seed} (seed {seed}, ")),
        "{replay}"
    );
    for v in violations {
        assert!(replay.contains(v.trim()), "{v}\n{replay}");
    }
}

#[test]
fn trace_options_are_checked() {
    for args in [
        vec!["run", "preset:leader-election", "--trace-events"],
        vec!["run", "preset:leader-election", "--trace-out"],
        vec![
            "chaos",
            "--seeds",
            "1",
            "--duration-ms",
            "100",
            "--quirks",
            "fast",
        ],
    ] {
        let (code, _, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("usage:"), "{args:?}: {err}");
    }
}

#[test]
fn a_lesson_of_ones_own_is_checked_and_put_in_a_link() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/own-lesson.txt");
    let (code, out, err) = cli(&["lesson", path, "--link", "http://127.0.0.1:8080/#old"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("A lesson of my own / 我自己的一课"), "{out}");
    assert!(out.contains("step 2: done at"), "{out}");
    assert!(out.contains("plays through: 2 steps"), "{out}");
    // The link: the whole lesson, encoded as encodeURIComponent would, after the page's address.
    let link = out.lines().last().unwrap_or_default();
    let encoded = link
        .strip_prefix("http://127.0.0.1:8080/#lesson=")
        .unwrap_or_else(|| panic!("{link}"));
    assert!(
        encoded.starts_with("%23%20A%20teacher's%20own%20lesson%20(docs%2F"),
        "{encoded}"
    );
    assert!(encoded.contains("title.zh%20%E6%88%91"), "{encoded}");
    assert!(!encoded.contains(['#', ' ', '\n', '&', '=']), "{encoded}");
    let lesson = std::fs::read_to_string(path).unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8_lossy();
    assert_eq!(decoded, lesson);
}

#[test]
fn a_lesson_that_does_not_play_through_exits_2_with_its_line() {
    let lesson = "title T\ntitle.zh 标题\nabout A\nabout.zh 简介\ncluster nodes=3\n\n\
                  step\nsay Wait.\nsay.zh 等待。\nuntil value x=1 on all live nodes\n";
    let path = temp_file("stuck-lesson.txt", lesson);
    let (code, out, err) = cli(&["lesson", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("line 7: step 1:"), "{err}");
    assert!(err.contains("did not hold within 20000 ms"), "{err}");
    let (code, _, err) = cli(&["lesson"]);
    assert_eq!(code, 2);
    assert!(err.contains("lesson takes exactly one FILE"), "{err}");
}
