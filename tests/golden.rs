//! Golden transcripts, in the style of etcd raft's datadriven tests: a few presets are run event
//! by event and everything the narration tells is compared with a checked-in transcript
//! (tests/golden/ID.txt). A change of behaviour shows up as a readable diff of what the servers
//! did. When a change is intended, rewrite them and review the diff:
//!
//!     GOLDEN=rewrite cargo test --test golden

use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::Scenario;
use raftlab::sim::state::Detail;
use raftlab::sim::Simulation;

/// The presets kept as transcripts: an election, Figure 8, log compaction, PreVote, the
/// lease rule of issue 17, and the membership changes of issue 13.
const GOLDEN: [&str; 10] = [
    "leader-election",
    "figure8",
    "log-compaction",
    "prevote-rejoin",
    "lease-read-stale-vote",
    "grow-3-to-5",
    "remove-leader",
    "replace-two-servers",
    "learner-catches-up",
    "config-change-quirk",
];

/// Every line the narration tells while the preset runs to its end, one step at a time.
fn transcript(id: &str) -> String {
    let scenario = presets()
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| Scenario::parse(p.source).ok())
        .unwrap_or_else(|| panic!("preset {id} is missing or does not parse"));
    let mut sim = Simulation::replay(scenario.config.clone(), &scenario.commands()).unwrap();
    let mut out = format!("# {}: {}\n", id, scenario.title);
    let mut told = 0;
    let cheap = Detail::LIGHT;
    // The newest line can still grow (followers that learn the same commit index join one
    // line), so a line is written once a newer one follows it, or at the end.
    let mut pending = false;
    loop {
        let new = (sim.narration_told() - told) as usize;
        let events = sim.state_with(cheap).events;
        assert!(
            new < events.len() || (new == events.len() && !pending),
            "{id}: one step told more than the narration keeps"
        );
        if new > 0 {
            let first = events.len() - new - usize::from(pending);
            for line in &events[first..events.len() - 1] {
                out.push_str(&format!("{:>6} {}\n", line.time_ms, line.text));
            }
            pending = true;
        }
        told = sim.narration_told();
        if sim.now() >= scenario.end_ms() || !sim.step_forward() {
            if let Some(line) = events.last().filter(|_| pending) {
                out.push_str(&format!("{:>6} {}\n", line.time_ms, line.text));
            }
            break;
        }
    }
    out
}

#[test]
fn transcripts_match_the_checked_in_ones() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let rewrite = std::env::var("GOLDEN").is_ok_and(|v| v == "rewrite");
    let mut differ = Vec::new();
    for id in GOLDEN {
        let path = dir.join(format!("{id}.txt"));
        let got = transcript(id);
        if rewrite {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(g, w)| g != w)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            differ.push(format!(
                "{}: first difference at line {}:\n  got:  {}\n  want: {}",
                path.display(),
                first + 1,
                got.lines().nth(first).unwrap_or("(end)"),
                want.lines().nth(first).unwrap_or("(end)")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{}\nIf the change is intended: GOLDEN=rewrite cargo test --test golden, then review \
         the diff of tests/golden/",
        differ.join("\n")
    );
}

#[test]
fn a_transcript_is_the_same_every_time() {
    assert_eq!(transcript("figure8"), transcript("figure8"));
}
