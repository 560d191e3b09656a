//! Learn mode's lessons (www/lessons): each parses, in both languages, and plays through as a
//! learner pressing "Show me" at every step would, every step's condition reached in time.
//! `LESSON_TRACE=1 cargo test --test lessons -- --nocapture` prints each run's narration.

use raftlab::sim::scenario::lesson::parse_lesson;
use raftlab::sim::scenario::lesson_run::play_through;
use raftlab::sim::scenario::Condition;
use std::path::Path;

/// How long a step may take to reach its condition, in simulated ms.
const PATIENCE_MS: u64 = 20_000;

fn lesson_files() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/lessons");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("www/lessons")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_lesson_plays_through_with_show_me() {
    let files = lesson_files();
    assert!(!files.is_empty());
    for (id, source) in files {
        let lesson = parse_lesson(&source).unwrap_or_else(|e| panic!("{id}: {e}"));
        let (outcomes, sim) =
            play_through(&lesson, PATIENCE_MS).unwrap_or_else(|e| panic!("{id}: {e}"));
        if std::env::var_os("LESSON_TRACE").is_some() {
            println!("== {id}");
            for e in sim.state().events {
                println!("{:>6} {}", e.time_ms, e.text);
            }
            for (n, o) in outcomes.iter().enumerate() {
                println!(
                    "step {}: done at {} ms, answer {:?}",
                    n + 1,
                    o.done_ms,
                    o.answer
                );
            }
        }
        assert_eq!(outcomes.len(), lesson.steps.len());
        // Only a lesson that waits for a violation (a quirk, a stale read) may have one.
        let shows_a_violation = lesson.steps.iter().any(|s| {
            let condition = s.until.as_ref().map(|u| &u.condition);
            matches!(condition, Some(Condition::Violation { .. }))
        });
        let violations = sim.checker().violations();
        assert!(
            shows_a_violation || violations.is_empty(),
            "{id}: {violations:?}"
        );
    }
}

/// A malformed lesson gets an error naming its line (and column where it can), never a panic.
#[test]
fn malformed_lessons_are_refused_with_their_line() {
    let header = "title T\ntitle.zh 标题\nabout A\nabout.zh 简介\ncluster nodes=3\n";
    let cases = [
        (
            "step\nsay Hi\n",
            "line 6: the step's \"say\" has no zh text",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\nwobble\n",
            "line 9, column 1: unknown step line \"wobble\"",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\ndo crash S9\n",
            "line 9, column 10: unknown node S9 (cluster has S1..S3)",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\ndo crash boss\n",
            "line 9, column 10: expected a node such as S1, found \"boss\"",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\nanswer S1\n",
            "line 9, column 1: \"answer\" follows an \"ask\" line",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\nuntil leader soon\n",
            "line 9, column 14: unexpected",
        ),
        (
            "step\nsay Hi\nsay.zh 你好\nask Who?\nask.zh 谁？\n",
            "line 6: a step with a question needs an \"until\" line",
        ),
        (
            "step\nthen Done\nthen.zh 完成\n",
            "line 6: a step needs a \"say\" line",
        ),
        (
            "step extra\n",
            "line 6, column 1: \"step\" stands alone on its line",
        ),
        ("", "a lesson needs at least one \"step\""),
    ];
    for (steps, want) in cases {
        let err = parse_lesson(&format!("{header}{steps}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(want),
            "{steps:?}: got {err:?}, want {want:?}"
        );
    }
    let untranslated = "title T\nabout A\ncluster nodes=3\nstep\nsay Hi\nsay.zh 你好\n";
    let err = parse_lesson(untranslated).unwrap_err().to_string();
    assert_eq!(err, "the title has no zh text");
}

/// "Show me" names servers by their part: the leader, a follower, a crashed server. With none
/// to name it says why, in words.
#[test]
fn show_me_names_servers_by_their_part_or_says_why_not() {
    use raftlab::sim::scenario::lesson_run::{action_request, Roster};
    use raftlab::sim::state::Detail;
    use raftlab::sim::{Command, Request, Simulation};
    let source = "title T\ntitle.zh 标\nabout A\nabout.zh 简\ncluster nodes=3 seed=1\nstep\nsay S\nsay.zh 说\ndo crash leader\ndo restart crashed\ndo get x via follower read=follower\n";
    let lesson = parse_lesson(source).unwrap();
    let [crash, restart, read] = &lesson.steps[0].actions[..] else {
        panic!("three actions")
    };
    let mut sim = Simulation::new(lesson.scenario.config.clone()).unwrap();
    let state = sim.state_with(Detail::LIGHT);
    assert_eq!(
        action_request(crash, &Roster::of(&state)).unwrap_err(),
        "there is no leader right now: wait until one is elected"
    );
    assert_eq!(
        action_request(restart, &Roster::of(&state)).unwrap_err(),
        "no server is crashed right now"
    );
    sim.advance(1_000);
    let leader = sim.leader().unwrap();
    let request = action_request(crash, &Roster::of(&sim.state_with(Detail::LIGHT))).unwrap();
    assert_eq!(request, Request::Command(Command::Crash { node: leader }));
    sim.request(request).unwrap();
    let request = action_request(restart, &Roster::of(&sim.state_with(Detail::LIGHT))).unwrap();
    assert_eq!(request, Request::Command(Command::Restart { node: leader }));
    // `follower` names a server, except as the value of `read=`.
    let request = action_request(read, &Roster::of(&sim.state_with(Detail::LIGHT))).unwrap();
    let Request::Command(Command::Get { node, read, .. }) = request else {
        panic!("a get: {request:?}")
    };
    assert_eq!(
        (node, read.name()),
        (1 + u64::from(leader == 1), "follower")
    );
}

/// Learn mode runs apart from the simulation: it loads a lesson's header into the page as
/// scenario text, judges each step by asking the page (`condition_holds`) and names servers from
/// the state JSON. Each of those must agree with what the lesson runs on here.
#[test]
fn learn_mode_sees_the_same_run_through_the_page() {
    use raftlab::sim::scenario::lesson_run::{condition_holds, Roster};
    use raftlab::sim::scenario::Scenario;
    use raftlab::sim::Simulation;
    for (id, source) in lesson_files() {
        let lesson = parse_lesson(&source).unwrap();
        let loaded = Scenario::parse(&lesson.header).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(loaded.config, lesson.scenario.config, "{id}");
        assert_eq!(loaded.commands(), lesson.scenario.commands(), "{id}");
        let (_, sim) = play_through(&lesson, PATIENCE_MS).unwrap();
        let json: serde_json::Value = serde_json::to_value(sim.state()).unwrap();
        assert_eq!(Roster::from_json(&json), Roster::of(&sim.state()), "{id}");
        let last = lesson.steps.iter().rev().find_map(|s| s.until.as_ref());
        if let Some(until) = last {
            assert_eq!(condition_holds(&until.source, &sim), Ok(true), "{id}");
        }
    }
    let mut sim = Simulation::new(Default::default()).unwrap();
    assert_eq!(condition_holds("no leader", &sim), Ok(true));
    sim.advance(2_000);
    assert_eq!(condition_holds("no leader", &sim), Ok(false));
    assert_eq!(condition_holds("leader", &sim), Ok(true));
    let error = condition_holds("leader among S9", &sim).unwrap_err();
    assert!(error.to_string().contains("S9"), "{error}");
    assert!(condition_holds("leader now", &sim).is_err());
}

/// The picker's list and the files agree: every ready lesson has its file with the same titles,
/// every file is listed, and lessons not written yet have no file.
#[test]
fn the_lesson_list_matches_the_files() {
    use raftlab::sim::scenario::lesson_list::LESSONS;
    let files = lesson_files();
    for entry in LESSONS {
        let file = files.iter().find(|(id, _)| id == entry.id);
        assert_eq!(
            file.is_some(),
            entry.ready,
            "{}: ready means a file exists",
            entry.id
        );
        if let Some((_, source)) = file {
            let lesson = parse_lesson(source).unwrap();
            assert_eq!(lesson.title.en, entry.title_en, "{}", entry.id);
            assert_eq!(lesson.title.zh, entry.title_zh, "{}", entry.id);
        }
    }
    for (id, _) in &files {
        assert!(
            LESSONS.iter().any(|l| l.id == id),
            "{id} is not in the list"
        );
    }
}
