//! An adversarial review of membership change in the simulator (thesis chapter 4): each test
//! failed before the fix its commit brings.

mod sim_support;

use raftlab::sim::history::ReadMode;
use raftlab::sim::scenario::{parse_jsonl, run_scenario, to_jsonl, RunOptions, Scenario, Status};
use raftlab::sim::Command;
use sim_support::three;

/// Scheduling in the past forks the run: the old future is discarded, so a server only that
/// future brought is unknown, and naming it is refused at once (not accepted, then skipped).
#[test]
fn scheduling_in_the_past_checks_ids_against_the_fork() {
    let mut sim = three();
    let before = sim.now();
    sim.apply(Command::AddServer {
        node: 4,
        learner: false,
    })
    .unwrap();
    sim.advance(2_000);
    sim.seek(before - 10);
    let commands = sim.commands();
    let err = sim
        .schedule(before + 500, Command::Crash { node: 4 })
        .expect_err("S4 does not exist on the fork");
    assert_eq!(err.to_string(), "no node S4 (the cluster has S1..S3)");
    assert_eq!(sim.commands(), commands, "a refusal changes nothing");
}

/// The JSON-lines form accepts what the text form does: an expectation may name a server a
/// membership line brought, so a text scenario survives `to_jsonl` and back.
#[test]
fn a_jsonl_expectation_may_name_a_joined_server() {
    let text = "cluster nodes=3 seed=2\n\
                at 2s add S4\n\
                at 3s put x=1 via S1\n\
                expect value x=1 on S4 by 6s\n";
    let scenario = Scenario::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let jsonl = to_jsonl(&scenario);
    let again = parse_jsonl(&jsonl).unwrap_or_else(|e| panic!("{e}\n{jsonl}"));
    let (_, outcome) = run_scenario(&again, RunOptions::default(), &mut |_| {}).unwrap();
    let statuses: Vec<&Status> = outcome.results.iter().map(|r| &r.status).collect();
    assert_eq!(statuses, [&Status::Passed], "{:?}", outcome.results);
    // Still refused: a server no line brings.
    let err = parse_jsonl(
        "{\"cmd\":\"config\",\"nodes\":3}\n\
         {\"at_ms\":2000,\"cmd\":\"add_server\",\"node\":4}\n\
         {\"expect\":\"value x=1 on S5 by 6s\"}\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown node S5"), "{err}");
}

/// A server that knows its removal is committed (§4.2.2) gets no more entries from any leader,
/// so it could never apply up to a read index past its removal: it refuses a follower read and names the
/// leader, as for a write, instead of taking it and failing it two election timeouts later.
/// Found by `raftlab-cli chaos --membership` (seed 743): clients sent every read to removed
/// servers whose stale hints pointed at each other, and none was answered for 10 s.
#[test]
fn a_removed_server_refuses_follower_reads() {
    let mut sim = three();
    let leader = sim.leader().expect("a leader");
    let removed = (1..=3).find(|&id| id != leader).unwrap();
    sim.apply(Command::RemoveServer { node: removed }).unwrap();
    sim.advance(2_000);
    assert!(
        !sim.state().nodes[removed as usize - 1]
            .config
            .voters
            .contains(&removed),
        "S{removed} knows it was removed"
    );
    // A write after the removal: the removed server never gets it.
    sim_support::put(&mut sim, "x", "1", leader);
    sim.advance(500);
    let get = Command::Get {
        key: "x".into(),
        node: removed,
        read: ReadMode::Follower,
    };
    sim.apply(get).unwrap();
    sim.advance(200);
    let history = sim.history().operations();
    let read = history.last().unwrap();
    assert!(read.complete_ms.is_some(), "{}", read.describe());
    assert_eq!(read.node, leader, "{}", read.describe());
}
