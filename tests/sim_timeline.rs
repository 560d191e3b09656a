//! Time travel: seek, step back and forth, forks, and bounded checkpoints.

use raftlab::sim::state::State;
use raftlab::sim::{Command, SimConfig, Simulation};

/// A run with a little of everything, driven to `end` ms, with commands at fixed times.
fn eventful(end: u64) -> Simulation {
    let mut s = Simulation::new(SimConfig {
        seed: 21,
        ..SimConfig::default()
    })
    .unwrap();
    let mut i = 0;
    while s.now() < end {
        s.advance(250);
        i += 1;
        let command = match i % 8 {
            0 => Command::Crash { node: 1 + i % 5 },
            4 => Command::Restart {
                node: 1 + (i - 4) % 5,
            },
            2 => Command::Partition {
                groups: vec![vec![1, 2], vec![3, 4, 5]],
            },
            6 => Command::Heal,
            _ => Command::Put {
                key: format!("k{}", i % 3),
                value: i.to_string(),
                node: 1 + i % 5,
            },
        };
        let _ = s.apply(command);
        s.advance(5);
    }
    s
}

/// The state without the timeline's end, which depends on how far the run went.
fn at(s: &Simulation) -> (State, u64) {
    let mut state = s.state();
    state.end_ms = 0;
    (state, s.trace_hash())
}

#[test]
fn seeking_back_and_forth_reproduces_the_same_states() {
    let mut s = eventful(4_000);
    s.advance(3); // to 4_013 ms say: a time with no command
    let middle = at(&s);
    let middle_ms = s.now();
    let mut s2 = s.clone();
    s2.advance(0);
    let mut longer = eventful(20_000);
    longer.advance(3);
    let end = at(&longer);
    let end_ms = longer.now();
    // Seek back to the middle and forward to the end: the same states, bit for bit.
    longer.seek(middle_ms);
    assert_eq!(longer.now(), middle_ms);
    let (state, hash) = at(&longer);
    // The longer run has more history ahead; only the past must match.
    assert_eq!(hash, middle.1);
    assert_eq!(state.nodes, middle.0.nodes);
    assert_eq!(state.in_flight, middle.0.in_flight);
    longer.seek(end_ms);
    assert_eq!(at(&longer), end);
    assert_eq!(longer.end_ms(), end_ms);
    // Back to the very start, and forward again.
    longer.seek(0);
    assert_eq!(longer.now(), 0);
    longer.seek(end_ms);
    assert_eq!(at(&longer), end);
}

#[test]
fn stepping_back_undoes_exactly_one_step() {
    let mut s = eventful(6_000);
    let mut seen = vec![at(&s)];
    for _ in 0..300 {
        assert!(s.step_forward());
        seen.push(at(&s));
    }
    let steps = s.steps();
    for (i, expected) in seen.iter().enumerate().rev().skip(1) {
        assert!(s.step_back());
        if i == 0 {
            // The run had moved its clock on after its last step; a step back shows the step
            // itself (same trace and logs, an earlier clock).
            assert_eq!(at(&s).1, expected.1);
            assert!(at(&s).0.time_ms <= expected.0.time_ms);
            assert_eq!(at(&s).0.history, expected.0.history);
        } else {
            assert_eq!(&at(&s), expected, "step {i}");
        }
    }
    assert_eq!(s.steps(), steps - 300);
    for expected in seen.iter().skip(1) {
        assert!(s.step_forward());
        assert_eq!(&at(&s), expected);
    }
}

#[test]
fn stepping_back_from_the_start_does_nothing() {
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    assert!(!s.step_back());
    assert!(s.step_forward());
    assert!(s.step_back());
    assert_eq!(s.steps(), 0);
}

#[test]
fn a_command_in_the_past_forks_the_run() {
    let mut s = eventful(10_000);
    let all = s.commands();
    let before_fork: Vec<_> = all.iter().filter(|(t, _)| *t <= 5_000).cloned().collect();
    s.seek(5_000);
    assert_eq!(s.commands(), all, "seeking alone keeps the future");
    s.apply(Command::DropRate { p: 0.3 }).unwrap();
    let mut expected = before_fork;
    expected.push((5_000, Command::DropRate { p: 0.3 }.into()));
    assert_eq!(s.commands(), expected, "the old future is gone");
    assert_eq!(s.end_ms(), 5_000);
    // The new future is a run of its own, and it replays too.
    s.advance(3_000);
    let forked = at(&s);
    s.seek(6_000);
    s.seek(8_000);
    assert_eq!(at(&s), forked);
    let mut other = eventful(10_000);
    other.seek(8_000);
    assert_ne!(at(&other).1, forked.1);
}

#[test]
fn replaying_the_command_list_rebuilds_the_run() {
    let s = eventful(8_000);
    let mut copy = Simulation::replay(s.config().clone(), &s.commands()).unwrap();
    copy.seek(s.now());
    assert_eq!(copy.trace_hash(), s.trace_hash());
    assert_eq!(copy.state(), s.state());
}

#[test]
fn scheduled_commands_happen_at_their_time_and_replay() {
    let mut s = Simulation::new(SimConfig::default()).unwrap();
    s.schedule(2_000, Command::Crash { node: 1 }).unwrap();
    s.schedule(1_000, Command::Crash { node: 2 }).unwrap();
    s.advance(1_500);
    let state = s.state();
    assert!(state.nodes[0].up && !state.nodes[1].up);
    s.advance(1_000);
    assert!(!s.state().nodes[0].up);
    let end = at(&s);
    s.seek(500);
    assert!(s.state().nodes[1].up);
    s.seek(2_500);
    assert_eq!(at(&s), end);
}

/// Memory stays bounded on a long run: checkpoints thin out, recent ones stay dense. (Frequent
/// checkpoints make five minutes exercise what a long run does; tests/sim_memory.rs measures
/// the bytes of a 30-minute run.)
#[test]
fn checkpoints_stay_bounded_on_a_long_run() {
    let mut s = Simulation::new(SimConfig {
        checkpoint_every_ms: 1_000,
        ..SimConfig::default()
    })
    .unwrap();
    for i in 0..300u64 {
        // Five simulated minutes, a write every second.
        s.advance(1_000);
        let _ = s.apply(Command::Put {
            key: format!("k{}", i % 10),
            value: i.to_string(),
            node: s.leader().unwrap_or(1),
        });
    }
    let (count, bytes) = s.checkpoint_stats();
    let times = s.checkpoint_times();
    assert!(count <= raftlab::sim::timeline::MAX_CHECKPOINTS, "{count}");
    assert!(bytes <= raftlab::sim::timeline::MAX_CHECKPOINT_BYTES);
    assert_eq!(times[0], 0);
    // A recent checkpoint is always there (thinning keeps the latest).
    assert!(s.now() - times[times.len() - 1] < 30_000, "{times:?}");
    // Going far back still works.
    let end = at(&s);
    let end_ms = s.now();
    s.seek(60_000);
    s.seek(end_ms);
    assert_eq!(at(&s), end);
}

/// Issue 11: a scenario's commands live in the simulation's timeline, so a moment looks the
/// same whether it is reached by running, seeking or stepping (the page's engine and a shared
/// link go through this same timeline).
#[test]
fn a_scheduled_scenario_reached_by_run_seek_or_steps_is_the_same_run() {
    use raftlab::sim::scenario::presets::presets;
    use raftlab::sim::scenario::Scenario;
    let figure8 = presets()
        .iter()
        .find(|p| p.id == "figure8")
        .and_then(|p| Scenario::parse(p.source).ok())
        .expect("the figure8 preset parses");
    let load = || Simulation::replay(figure8.config.clone(), &figure8.commands()).unwrap();
    let mut ran = load();
    ran.advance(1000);
    let mut sought = load();
    sought.seek(1000);
    assert_eq!(sought.state(), ran.state());
    assert_eq!(ran.leader(), Some(5));
    let mut stepped = load();
    while stepped.now() <= 310 {
        assert!(stepped.step_forward());
    }
    assert_eq!(stepped.state().history[0].invoke_ms, 310);
    stepped.advance(1000 - stepped.now());
    assert_eq!(stepped.trace_hash(), ran.trace_hash());
}

/// A scenario's timed `config` restarts the cluster in place and time goes on, the same way in
/// the scenario runner (the CLI, tests) and in the timeline (the page, links), and time travel
/// crosses it both ways.
#[test]
fn a_timed_config_restarts_the_cluster_in_place_everywhere() {
    use raftlab::sim::scenario::{run_scenario, RunOptions, Scenario, Status};
    let source = "cluster nodes=5 seed=1\n\
                  at 1s put x=1 via S1\n\
                  at 2s config nodes=3 seed=9\n\
                  at 3s crash S3\n\
                  expect leader among {1,2} within 1s\n\
                  end at 4s\n";
    let scenario = Scenario::parse(source).unwrap();
    let (ran, outcome) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
    assert!(
        outcome.results.iter().all(|r| r.status == Status::Passed),
        "{outcome:?}"
    );
    let state = ran.state();
    assert_eq!((state.time_ms, state.nodes.len()), (4000, 3));
    assert!(!state.nodes[2].up, "S3 of the new cluster crashed at 3 s");
    assert!(state.history.is_empty(), "a new cluster has a new history");

    let mut played = Simulation::replay(scenario.config.clone(), &scenario.commands()).unwrap();
    played.advance(4000);
    assert_eq!(played.trace_hash(), ran.trace_hash());
    assert_eq!(played.state(), state);
    played.seek(1500);
    assert_eq!(played.state().nodes.len(), 5);
    played.seek(4000);
    assert_eq!(played.state(), state);
}

/// A scenario's command that no longer fits when its time comes (crashing a server already
/// down) is skipped, told in the narration and noted with its line, and the run goes on, in the
/// runner as on the page.
#[test]
fn a_scheduled_command_that_no_longer_fits_is_skipped_with_its_line() {
    use raftlab::sim::scenario::{run_scenario, RunOptions, Scenario};
    let source = "cluster nodes=3 seed=2\n\
                  at 1s crash S2\n\
                  at 1500ms crash S2\n\
                  expect leader within 2s\n";
    let scenario = Scenario::parse(source).unwrap();
    let (_, outcome) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(outcome.notes.len(), 1, "{:?}", outcome.notes);
    assert!(outcome.notes[0].starts_with("line 3: refused: at 1500 ms, crash was skipped"));
    assert!(outcome.expectations_pass());
}

/// `rewind` (Learn mode's Back) returns to a time and discards what came after: a command
/// given later is not replayed, while `seek` keeps the future on the timeline.
#[test]
fn rewind_discards_the_future_seek_keeps_it() {
    use raftlab::sim::{Command, SimConfig, Simulation};
    let mut sim = Simulation::new(SimConfig::default()).unwrap();
    sim.advance(1_000);
    sim.apply(Command::Crash { node: 2 }).unwrap();
    sim.advance(1_000);
    let down = |sim: &Simulation| !sim.state().nodes[1].up;
    sim.seek(500);
    sim.advance(1_000);
    assert!(
        down(&sim),
        "seek: the crash at 1 s is still on the timeline"
    );
    sim.rewind(500);
    assert_eq!(sim.now(), 500);
    sim.advance(1_500);
    assert!(!down(&sim), "rewind: the crash is gone");
}
