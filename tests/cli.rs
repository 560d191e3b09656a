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
