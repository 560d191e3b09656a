//! Trace files (docs/trace-format.md): a run written as a trace replays to the same trace hash,
//! and the trace of the replay is the same file. The CLI's side is in tests/cli.rs.

use raftlab::sim::chaos::{chaos_run, Plan};
use raftlab::sim::config::Quirks;
use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::{run_scenario, RunOptions, Scenario};
use raftlab::sim::trace_file::Trace;
use raftlab::sim::{Command, SimConfig, Simulation};

/// Every preset, run as `raftlab-cli run` runs it, then written as a trace: the trace replays
/// to the same hash (the scenario way and the page's way), and writes the same file again.
#[test]
fn every_preset_survives_a_trace_both_ways() {
    for preset in presets() {
        let scenario = Scenario::parse(preset.source).expect("presets parse");
        let (sim, _) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
        let text = Trace::of(&sim).to_json();
        let trace = Trace::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", preset.id));
        let replayed = trace.replay().unwrap();
        assert_eq!(replayed.trace_hash(), sim.trace_hash(), "{}", preset.id);
        let (rerun, _) = run_scenario(&trace.to_scenario(), RunOptions::default(), &mut |_| {})
            .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
        assert_eq!(rerun.trace_hash(), sim.trace_hash(), "{}", preset.id);
        assert_eq!(Trace::of(&rerun).to_json(), text, "{}", preset.id);
    }
}

/// A restart in place with a seed past 2^53 (issue 16's 64-bit seeds): the trace keeps both
/// seeds exactly, and the start configuration, not the restart's.
#[test]
fn a_restart_in_place_and_large_seeds_replay_exactly() {
    let config = SimConfig {
        nodes: 3,
        seed: 18_446_744_073_709_551_557,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config.clone()).unwrap();
    sim.run_until(800);
    let restart = SimConfig {
        nodes: 4,
        seed: u64::MAX - 1,
        ..config.clone()
    };
    sim.restart(restart).unwrap();
    sim.run_until(1500);
    sim.apply(Command::Crash { node: 4 }).unwrap();
    sim.run_until(2500);
    let trace = Trace::of(&sim);
    assert_eq!(trace.config, config, "the start configuration");
    let text = trace.to_json();
    assert!(
        text.contains("\"seed\": \"18446744073709551557\""),
        "{text}"
    );
    assert!(text.contains("\"seed\":\"18446744073709551614\""), "{text}");
    let read = Trace::parse(&text).unwrap();
    assert_eq!(read, trace);
    assert_eq!(read.replay().unwrap().trace_hash(), sim.trace_hash());
    let (narrated, lines) = read.replay_narrated().unwrap();
    assert_eq!(narrated.trace_hash(), sim.trace_hash());
    let starts = lines.iter().filter(|l| l.text.ends_with("servers starts"));
    assert_eq!(starts.count(), 2, "both clusters' narration: {lines:?}");
}

/// A chaos run that the quirk breaks: its trace replays to the run's hash and the same
/// violations.
#[test]
fn a_chaos_trace_replays_the_run() {
    let plan = Plan {
        quirks: Quirks::parse_list("vote_without_log_check").unwrap(),
        ..Plan::new(5_000)
    };
    let outcome = (1..100)
        .map(|seed| chaos_run(seed, &plan).unwrap())
        .find(|o| !o.violations.is_empty())
        .expect("a seed whose run the quirk breaks");
    let trace = Trace::parse(&outcome.trace().to_json()).unwrap();
    assert!(trace.config.quirks.vote_without_log_check);
    assert_eq!(
        trace.history.as_ref().map(Vec::len),
        Some(outcome.history.to_porcupine().len())
    );
    let sim = trace.replay().unwrap();
    assert_eq!(sim.trace_hash(), outcome.trace_hash);
    let violations: Vec<String> = sim
        .checker()
        .violations()
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(violations, outcome.violations);
}
