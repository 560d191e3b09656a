//! Membership change in the simulator (thesis chapter 4): servers that join a running cluster,
//! the four membership commands through the leader, and refusals that change nothing.

mod sim_support;

use raftlab::sim::state::State;
use raftlab::sim::{Command, SimConfig, Simulation};
use sim_support::{leader_within, put, three};

fn last_index(state: &State, id: u64) -> u64 {
    state
        .nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap()
        .last_log_index
}

fn entry_texts(state: &State, id: u64) -> Vec<String> {
    let node = state.nodes.iter().find(|n| n.id == id).unwrap();
    node.log.iter().map(|e| e.text.clone()).collect()
}

/// Applies `command` and expects `message`, with nothing changed.
fn refused(sim: &mut Simulation, command: Command, message: &str) {
    let (before, hash, commands) = (sim.state(), sim.trace_hash(), sim.commands());
    let err = sim.apply(command.clone()).expect_err(&command.to_json());
    assert_eq!(err.to_string(), message, "{}", command.to_json());
    assert_eq!(
        sim.state(),
        before,
        "{} changed the state",
        command.to_json()
    );
    assert_eq!(sim.trace_hash(), hash);
    assert_eq!(sim.commands(), commands);
}

/// §4.1: a brand-new empty server S4 joins a 3-server cluster through the leader, catches up,
/// and the grown cluster commits writes.
#[test]
fn a_new_server_joins_and_catches_up() {
    let mut sim = three();
    let leader = sim.leader().unwrap();
    sim.apply(Command::AddServer {
        node: 4,
        learner: false,
    })
    .unwrap();
    let state = sim.state();
    assert_eq!(state.nodes.len(), 4);
    let s4 = &state.nodes[3];
    assert!(
        s4.up && s4.log.is_empty() && s4.term == 0,
        "S4 starts empty"
    );
    sim.advance(1_000);
    let state = sim.state();
    assert_eq!(last_index(&state, 4), last_index(&state, leader));
    assert!(entry_texts(&state, 4).iter().any(|t| t.contains("add S4")));
    put(&mut sim, "x", "1", leader);
    sim.advance(1_000);
    let state = sim.state();
    assert!(state
        .nodes
        .iter()
        .all(|n| n.kv.get("x").map(String::as_str) == Some("1")));
    assert!(state.invariants.ok, "{:?}", state.invariants);
    assert_eq!(
        sim.leader(),
        Some(leader),
        "the new server did not disrupt anyone"
    );
}

/// §4.2.1: a learner joins, catches up and is promoted; then a voter is removed. A crashed
/// joined server restarts from its own log.
#[test]
fn learner_promote_remove_and_restart() {
    let mut sim = three();
    let leader = sim.leader().unwrap();
    sim.apply(Command::AddServer {
        node: 4,
        learner: true,
    })
    .unwrap();
    sim.advance(1_000);
    sim.apply(Command::Promote { node: 4 }).unwrap();
    sim.advance(1_000);
    let other = (1..=3).find(|&id| id != leader).unwrap();
    sim.apply(Command::RemoveServer { node: other }).unwrap();
    sim.advance(1_000);
    let texts = entry_texts(&sim.state(), leader);
    for text in [
        "add S4 as learner",
        "promote S4",
        &format!("remove S{other}"),
    ] {
        assert!(texts.iter().any(|t| t == text), "{text} in {texts:?}");
    }
    sim.apply(Command::Crash { node: 4 }).unwrap();
    sim.advance(100);
    sim.apply(Command::Restart { node: 4 }).unwrap();
    put(&mut sim, "y", "2", leader);
    sim.advance(1_500);
    let state = sim.state();
    assert!(state.nodes[3].up);
    assert_eq!(state.nodes[3].kv.get("y").map(String::as_str), Some("2"));
    assert!(state.invariants.ok, "{:?}", state.invariants);
}

/// §4.3: several voters at once go through C_old,new; new ids in the list are new servers.
#[test]
fn change_config_creates_new_servers_and_goes_joint() {
    let mut sim = three();
    sim.apply(Command::ChangeConfig {
        voters: vec![1, 2, 4, 5],
    })
    .unwrap();
    assert_eq!(sim.state().nodes.len(), 5);
    sim.advance(2_000);
    let leader = sim.leader().expect("a leader");
    let texts = entry_texts(&sim.state(), leader);
    assert!(texts.iter().any(|t| t.contains("C_new")), "{texts:?}");
    assert!(sim.state().invariants.ok);
}

#[test]
fn bad_membership_commands_are_refused_and_change_nothing() {
    let config = SimConfig {
        nodes: 3,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(config).unwrap();
    let add = |node, learner| Command::AddServer { node, learner };
    refused(
        &mut sim,
        add(4, false),
        "there is no leader to ask (add_server needs one)",
    );
    leader_within(&mut sim, 3_000).unwrap();
    sim.advance(500);
    refused(
        &mut sim,
        add(6, false),
        "S6 is not the next new server: the next new server is S4",
    );
    refused(
        &mut sim,
        add(2, false),
        "S2 already exists (ids are not reused); the next new server is S4",
    );
    refused(
        &mut sim,
        add(10, true),
        "field node must be in 1..=9, got 10",
    );
    refused(
        &mut sim,
        Command::RemoveServer { node: 7 },
        "no node S7 (the cluster has S1..S3)",
    );
    let leader = sim.leader().unwrap();
    refused(
        &mut sim,
        Command::Promote { node: 2 },
        &format!("S{leader} refuses: S2 is already a voter"),
    );
    refused(
        &mut sim,
        Command::ChangeConfig {
            voters: vec![1, 2, 3],
        },
        &format!("S{leader} refuses: the voters are already {{1,2,3}}"),
    );
    refused(
        &mut sim,
        Command::ChangeConfig { voters: vec![1, 1] },
        "change_config: S1 is listed twice in voters",
    );
    sim.apply(add(4, false)).unwrap();
    // One change at a time (§4.1): the entry just appended is not committed yet.
    let index = last_index(&sim.state(), leader);
    refused(
        &mut sim,
        Command::RemoveServer { node: 1 },
        &format!(
            "S{leader} refuses: the configuration change at index {index} is not committed yet; \
             one change at a time"
        ),
    );
}

/// A run shows at most nine servers, removed ones included; ids are never reused.
#[test]
fn at_most_nine_servers_over_a_run() {
    let mut sim = three();
    for id in 4..=9 {
        sim.apply(Command::AddServer {
            node: id,
            learner: true,
        })
        .unwrap();
        sim.advance(500);
    }
    let leader = sim.leader().unwrap();
    let other = (1..=3).find(|&id| id != leader).unwrap();
    sim.apply(Command::RemoveServer { node: other }).unwrap();
    sim.advance(500);
    let state = sim.state();
    assert_eq!(state.nodes.len(), 9);
    assert!(entry_texts(&state, leader).contains(&format!("remove S{other}")));
    refused(
        &mut sim,
        Command::AddServer {
            node: 9,
            learner: false,
        },
        "S9 already exists (ids are not reused); a run has at most 9 servers, so no new server can join",
    );
}

/// The scenario lines of the membership commands, run: every change is taken in turn (none
/// skipped), later lines may name the servers earlier ones brought, and the run stays safe.
#[test]
fn a_scenario_grows_and_reshapes_the_cluster() {
    use raftlab::sim::scenario::{run_scenario, RunOptions, Scenario};
    let source = "cluster nodes=5 seed=3\n\
                  at 2s add S6\n\
                  at 3s add S7 as learner\n\
                  at 4s promote S7\n\
                  at 5s remove S1\n\
                  at 6s change voters {1,2,3,6,7}\n\
                  at 7s put x=1 via S7\n\
                  at 7.5s crash S6\n\
                  end at 9s\n";
    let scenario = Scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
    let (sim, outcome) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
    assert!(outcome.notes.is_empty(), "{:?}", outcome.notes);
    assert!(outcome.invariants.ok, "{:?}", outcome.invariants);
    let state = sim.state();
    assert_eq!(state.nodes.len(), 7);
    let leader = sim.leader().expect("a leader");
    let texts = entry_texts(&state, leader);
    assert!(texts.iter().any(|t| t.contains("C_new")), "{texts:?}");
    let s7 = &state.nodes[6];
    assert_eq!(s7.kv.get("x").map(String::as_str), Some("1"));
}

/// The state JSON: each node's `config` (the configuration it uses and the index it came
/// from; both voter sets in the joint phase) and the top-level `members`.
#[test]
fn the_state_shows_configurations_and_members() {
    let mut sim = three();
    let json = serde_json::to_value(sim.state()).unwrap();
    assert_eq!(json["members"], serde_json::json!([1, 2, 3]));
    assert_eq!(
        json["nodes"][0]["config"],
        serde_json::json!({"voters": [1, 2, 3], "learners": [], "joint": null, "index": 0})
    );
    sim.apply(Command::AddServer {
        node: 4,
        learner: true,
    })
    .unwrap();
    let leader = sim.leader().unwrap();
    let index = last_index(&sim.state(), leader);
    let json = serde_json::to_value(sim.state()).unwrap();
    assert_eq!(json["members"], serde_json::json!([1, 2, 3, 4]));
    let of = |id: u64| json["nodes"][(id - 1) as usize]["config"].clone();
    // §4.1: the leader uses the new configuration as soon as it is in its log.
    assert_eq!(
        of(leader),
        serde_json::json!({"voters": [1, 2, 3], "learners": [4], "joint": null, "index": index})
    );
    sim.advance(1_000);
    sim.apply(Command::ChangeConfig {
        voters: vec![1, 2, 4, 5],
    })
    .unwrap();
    let state = sim.state();
    let config = &state.nodes[(leader - 1) as usize].config;
    let joint = config.joint.as_ref().expect("C_old,new");
    assert_eq!(
        (joint.old.as_slice(), joint.new.as_slice()),
        (&[1, 2, 3][..], &[1, 2, 4, 5][..])
    );
    assert_eq!(config.voters, vec![1, 2, 4, 5]);
    sim.advance(2_000);
    let state = sim.state();
    for node in state.nodes.iter().filter(|n| n.up) {
        assert_eq!(node.config.voters, vec![1, 2, 4, 5], "S{}", node.id);
        assert!(
            node.config.joint.is_none(),
            "S{} left the joint phase",
            node.id
        );
    }
    // A crashed node shows the configuration its log puts in force.
    sim.apply(Command::Crash { node: 5 }).unwrap();
    assert_eq!(sim.state().nodes[4].config.voters, vec![1, 2, 4, 5]);
}

/// Chaos with membership (§4 with §5's faults): over several seeds, changes of every kind mixed
/// with crashes, restarts, partitions and writes. Refused commands are fine; every invariant
/// (Election Safety per term, Log Matching, Leader Completeness, State Machine Safety, ...)
/// must hold while the configuration moves.
#[test]
fn membership_chaos_keeps_every_invariant() {
    let mut changes = 0;
    for seed in 1..=12u64 {
        let config = SimConfig {
            nodes: 3 + seed % 3,
            seed,
            ..SimConfig::default()
        };
        let mut sim = Simulation::new(config).unwrap();
        let mut r = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = |n: u64| {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            r % n
        };
        for step in 0..60 {
            sim.advance(250);
            let servers = sim.state().nodes.len() as u64;
            let any = 1 + next(servers);
            let command = match next(9) {
                0 | 1 => Command::AddServer {
                    node: servers + 1,
                    learner: next(2) == 0,
                },
                2 => Command::RemoveServer { node: any },
                3 => Command::Promote { node: any },
                4 => {
                    let voters = (1..=servers).filter(|_| next(3) > 0).collect();
                    Command::ChangeConfig { voters }
                }
                5 => Command::Crash { node: any },
                6 => Command::Restart { node: any },
                7 if step % 4 == 0 => Command::Heal,
                7 => Command::Partition {
                    groups: vec![vec![any]],
                },
                _ => Command::Put {
                    key: "k".into(),
                    value: step.to_string(),
                    node: any,
                },
            };
            let membership = command.adds_servers()
                || matches!(
                    command,
                    Command::RemoveServer { .. } | Command::Promote { .. }
                );
            if sim.apply(command).is_ok() && membership {
                changes += 1;
            }
        }
        let state = sim.state();
        assert!(state.invariants.ok, "seed {seed}: {:?}", state.invariants);
    }
    assert!(changes > 60, "only {changes} membership changes were taken");
}

/// `expect voters {..} on all live nodes`: every scoped node uses exactly those voters, out of
/// the joint phase; a failure says which node uses what.
#[test]
fn the_voters_expectation() {
    use raftlab::sim::scenario::{run_scenario, RunOptions, Scenario, Status};
    let source = "cluster nodes=3 seed=1\n\
                  at 1500ms change voters {1,2,4,5}\n\
                  expect voters {1,2,4,5} on all live nodes within 2s\n\
                  expect voters {1,2,3} on S3 at 4s\n\
                  expect voters {1,2,4,5} on {4,5} at 4s\n";
    let scenario = Scenario::parse(source).unwrap_or_else(|e| panic!("{e}"));
    let (_, outcome) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).unwrap();
    let statuses: Vec<&Status> = outcome.results.iter().map(|r| &r.status).collect();
    assert_eq!(
        statuses,
        [&Status::Passed, &Status::Failed, &Status::Passed],
        "{:?}",
        outcome.results
    );
    assert_eq!(
        outcome.results[1].reason,
        "at 4000 ms: S3 uses voters {1,2,4,5}"
    );
    let err = Scenario::parse("expect voters {1,10}\n").unwrap_err();
    assert!(err.to_string().contains("unknown node 10"), "{err}");
}

/// Time travel over a membership change: seeking back before S4 joined shows three servers,
/// and coming forward again replays the change exactly (same state, same trace).
#[test]
fn the_timeline_replays_a_join() {
    let mut sim = three();
    let before = sim.now();
    sim.apply(Command::AddServer {
        node: 4,
        learner: false,
    })
    .unwrap();
    sim.advance(1_000);
    let (end, state, hash) = (sim.now(), sim.state(), sim.trace_hash());
    sim.seek(before.saturating_sub(10));
    assert_eq!(sim.state().nodes.len(), 3);
    assert_eq!(sim.state().members, vec![1, 2, 3]);
    sim.seek(end);
    assert_eq!(sim.state(), state);
    assert_eq!(sim.trace_hash(), hash);
}

/// A scheduled membership command that the leader refuses when its time comes is skipped and
/// told in the narration with the reason (here: no leader yet at 10 ms).
#[test]
fn a_refused_scheduled_change_is_skipped_and_told() {
    let mut sim = Simulation::new(SimConfig::default()).unwrap();
    sim.schedule(
        10,
        Command::AddServer {
            node: 6,
            learner: false,
        },
    )
    .unwrap();
    // A later line may name the server the add would bring: checked when its time comes.
    sim.schedule(20, Command::Crash { node: 6 }).unwrap();
    sim.advance(100);
    let skipped: Vec<String> = sim.take_skipped().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "at 10 ms, add_server was skipped: there is no leader to ask (add_server needs one)",
            "at 20 ms, crash was skipped: no node S6 (the cluster has S1..S5)",
        ]
    );
    let told: Vec<String> = sim.state().events.iter().map(|e| e.text.clone()).collect();
    assert!(
        told.iter().any(|t| t.contains("there is no leader to ask")),
        "{told:?}"
    );
    assert_eq!(sim.state().members, vec![1, 2, 3, 4, 5]);
}

/// A server that joins while the network is partitioned stands alone, as a server named in
/// no group does: it hears from no one until the network heals.
#[test]
fn a_server_joining_a_partitioned_network_stands_alone() {
    let mut sim = three();
    let leader = sim.leader().unwrap();
    let others: Vec<u64> = (1..=3).filter(|&id| id != leader).collect();
    sim.apply(Command::Partition {
        groups: vec![vec![leader, others[0]], vec![others[1]]],
    })
    .unwrap();
    sim.apply(Command::AddServer {
        node: 4,
        learner: true,
    })
    .unwrap();
    let partitions = sim.state().network.partitions;
    assert_eq!(partitions.last(), Some(&vec![4]), "{partitions:?}");
    sim.advance(500);
    assert_eq!(last_index(&sim.state(), 4), 0, "S4 is cut off");
    sim.apply(Command::Heal).unwrap();
    sim.advance(1_000);
    let state = sim.state();
    assert_eq!(last_index(&state, 4), last_index(&state, leader));
    assert!(state.invariants.ok);
}
