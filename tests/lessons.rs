//! Learn mode's lessons (www/lessons): each parses, in both languages, and plays through as a
//! learner pressing "Show me" at every step would, every step's condition reached in time.
//! `LESSON_TRACE=1 cargo test --test lessons -- --nocapture` prints each run's narration.

use raftlab::sim::scenario::lesson::parse_lesson;
use raftlab::sim::scenario::lesson_run::play_through;
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
                println!("step {}: done at {} ms, answer {:?}", n + 1, o.done_ms, o.answer);
            }
        }
        assert_eq!(outcomes.len(), lesson.steps.len());
        assert!(sim.checker().violations().is_empty() || id.contains("quirk"));
    }
}
