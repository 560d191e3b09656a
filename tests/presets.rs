//! Every preset scenario parses, has a title and a short description, and meets its
//! expectations; the quirk presets are caught by the checker they name.

use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::{run_scenario, Condition, RunOptions, Scenario, Status};

#[test]
fn every_preset_meets_its_expectations() {
    let mut failures = Vec::new();
    for preset in presets() {
        let scenario = match Scenario::parse(preset.source) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: {e}", preset.id));
                continue;
            }
        };
        assert!(!scenario.title.is_empty(), "{} has no title", preset.id);
        let sentences = scenario.description.matches(". ").count() + 1;
        assert!(
            !scenario.description.is_empty() && sentences <= 3,
            "{}: the description should be 1 to 3 sentences",
            preset.id
        );
        assert!(
            !scenario.expectations.is_empty(),
            "{} expects nothing",
            preset.id
        );
        let outcome = match run_scenario(&scenario, RunOptions::default(), &mut |_| {}) {
            Ok((_, outcome)) => outcome,
            Err(e) => {
                failures.push(format!("{}: {e}", preset.id));
                continue;
            }
        };
        for r in outcome
            .results
            .iter()
            .filter(|r| r.status != Status::Passed)
        {
            failures.push(format!(
                "{} line {}: {} -> {}",
                preset.id, r.line, r.text, r.reason
            ));
        }
        let expects_violation = scenario
            .expectations
            .iter()
            .any(|e| matches!(e.condition, Condition::Violation { .. }));
        if !expects_violation && !outcome.invariants.ok {
            failures.push(format!(
                "{}: unexpected {:?}",
                preset.id, outcome.invariants
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
        "prevote-rejoin",
        "no-prevote-rejoin",
        "check-quorum",
        "leadership-transfer",
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
