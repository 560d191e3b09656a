//! Every preset scenario parses, has a title and a short description, and meets its
//! expectations; the quirk presets are caught by the checker they name.

use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::{run_scenario, Condition, RunOptions, Scenario, Status};
use raftlab::sim::trace_file::Trace;

#[test]
fn every_preset_meets_its_expectations() {
    let mut failures = Vec::new();
    for preset in presets() {
        if let Ok(scenario) = Scenario::parse(preset.source) {
            assert!(!scenario.title.is_empty(), "{} has no title", preset.id);
            let sentences = scenario.description.matches(". ").count() + 1;
            assert!(
                !scenario.description.is_empty() && sentences <= 3,
                "{}: the description should be 1 to 3 sentences",
                preset.id
            );
            // Both languages (issue 14): `title.zh` and `about.zh` lines.
            assert!(
                !scenario.title_zh.is_empty() && !scenario.description_zh.is_empty(),
                "{}: a preset has a title.zh and about.zh lines too",
                preset.id
            );
        }
        failures.extend(failures_of(preset.id, preset.source));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs found by the chaos search (`raftlab-cli chaos --save-failures DIR`) and kept, each
/// with the fix that made it pass: tests/regressions/*.jsonl.
#[test]
fn every_kept_chaos_failure_now_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("readable");
        failures.extend(failures_of(&path.display().to_string(), &source));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Parses and runs one scenario: what went wrong, in words (nothing when it met every
/// expectation and, unless it expects a violation, no checker fired).
fn failures_of(id: &str, source: &str) -> Vec<String> {
    let scenario = match Scenario::parse(source) {
        Ok(s) => s,
        Err(e) => return vec![format!("{id}: {e}")],
    };
    if scenario.expectations.is_empty() {
        return vec![format!("{id} expects nothing")];
    }
    let outcome = match run_scenario(&scenario, RunOptions::default(), &mut |_| {}) {
        Ok((_, outcome)) => outcome,
        Err(e) => return vec![format!("{id}: {e}")],
    };
    let mut failures: Vec<String> = outcome
        .results
        .iter()
        .filter(|r| r.status != Status::Passed)
        .map(|r| format!("{id} line {}: {} -> {}", r.line, r.text, r.reason))
        .collect();
    let expects_violation = scenario
        .expectations
        .iter()
        .any(|e| matches!(e.condition, Condition::Violation { .. }));
    if !expects_violation && !outcome.invariants.ok {
        failures.push(format!("{id}: unexpected {:?}", outcome.invariants));
    }
    failures
}

#[test]
fn presets_cover_the_issue_list() {
    let ids: Vec<&str> = presets().iter().map(|p| p.id).collect();
    for id in [
        "leader-election",
        "split-vote",
        "log-replication",
        "leader-crash",
        "partition-stale-leader",
        "stale-leader-rejoins",
        "figure8",
        "figure8-quirk",
        "election-restriction",
        "election-restriction-quirk",
        "forget-vote-quirk",
        "read-index",
        "follower-read",
        "stale-local-read",
        "lease-read-drift",
        "lease-read-stale-vote",
        "prevote-rejoin",
        "no-prevote-rejoin",
        "check-quorum",
        "leadership-transfer",
        "grow-3-to-5",
        "remove-leader",
        "replace-two-servers",
        "learner-catches-up",
        "config-change-quirk",
    ] {
        assert!(ids.contains(&id), "missing preset {id}");
    }
}

#[test]
fn each_quirk_is_caught_by_its_checker() {
    let expected = [
        ("figure8-quirk", "State Machine Safety"),
        ("election-restriction-quirk", "Leader Completeness"),
        ("forget-vote-quirk", "Election Safety"),
        ("stale-local-read", "Linearizability"),
        ("config-change-quirk", "Election Safety"),
    ];
    for (id, property) in expected {
        let preset = presets().iter().find(|p| p.id == id);
        let scenario = preset.and_then(|p| Scenario::parse(p.source).ok());
        let Some(scenario) = scenario else {
            panic!("preset {id} is missing or does not parse");
        };
        assert!(
            scenario.expectations.iter().any(|e| matches!(
                &e.condition,
                Condition::Violation { property: p } if p.name() == property
            )),
            "{id} should expect a {property} violation"
        );
    }
}

/// The page reads each preset's script as a trace, www/scenarios/ID.json, made from ID.txt
/// (`Trace::of_scenario`): it carries no scenario parser (docs/size.md). This test keeps the
/// two in step; `RAFTLAB_WRITE_PRESET_TRACES=1 cargo test --test presets` writes them anew.
#[test]
fn every_preset_trace_is_made_from_its_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios");
    let write = std::env::var_os("RAFTLAB_WRITE_PRESET_TRACES").is_some();
    let mut stale = Vec::new();
    for preset in presets() {
        let scenario = Scenario::parse(preset.source).expect("every preset parses");
        let made = Trace::of_scenario(&scenario)
            .expect("every preset runs")
            .to_json();
        let path = dir.join(format!("{}.json", preset.id));
        if write {
            std::fs::write(&path, &made).expect("www/scenarios is writable");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(made.as_str()) {
            stale.push(preset.id);
        }
        // The trace replays the script: the same run as the scenario's own.
        let trace = Trace::parse(&made).expect("the trace reads back");
        assert_eq!(trace.commands, scenario.commands(), "{}", preset.id);
        assert_eq!(trace.time_ms, scenario.end_ms(), "{}", preset.id);
        assert_eq!(trace.description, scenario.description, "{}", preset.id);
        assert_eq!(trace.title_zh, scenario.title_zh, "{}", preset.id);
        assert_eq!(
            trace.description_zh, scenario.description_zh,
            "{}",
            preset.id
        );
        // Every preset meets its expectations (above), and the page says so at its end.
        let judged = trace.expectations.expect("every preset expects something");
        assert_eq!(judged.met, judged.total, "{}", preset.id);
    }
    assert!(
        stale.is_empty(),
        "www/scenarios/ID.json is not made from ID.txt for {stale:?}: run \
         RAFTLAB_WRITE_PRESET_TRACES=1 cargo test --test presets, and commit the .json files"
    );
}
