//! Lesson progress kept in the browser's local storage: for each lesson, how many of its steps
//! the learner has done, of how many (`roles-and-terms=3/4;commit=3/3`). Storage that is
//! missing or full is not an error: the lesson still works, only the progress is forgotten.

const KEY: &str = "raftlab.lessons";

/// Steps done of a lesson, and its number of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Progress per lesson id.
pub fn load() -> Vec<(String, Progress)> {
    let text = storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_default();
    text.split(';')
        .filter_map(|pair| {
            let (id, rest) = pair.split_once('=')?;
            let (done, total) = rest.split_once('/')?;
            let progress = Progress {
                done: done.parse().ok()?,
                total: total.parse().ok()?,
            };
            Some((id.to_string(), progress))
        })
        .collect()
}

/// Records that `done` of the `total` steps of lesson `id` are done (it never goes back).
pub fn save(id: &str, done: usize, total: usize) {
    let mut all = load();
    match all.iter_mut().find(|(i, _)| i == id) {
        Some((_, p)) => {
            *p = Progress {
                done: p.done.max(done),
                total,
            }
        }
        None => all.push((id.to_string(), Progress { done, total })),
    }
    let text: Vec<String> = all
        .iter()
        .map(|(i, p)| format!("{i}={}/{}", p.done, p.total))
        .collect();
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &text.join(";"));
    }
}

/// Where a learner who left lesson `id` comes back to: the step (from 0), the simulated time it
/// began at and the run as it stood then (a trace's JSON, the session's `step_run`).
pub struct Resume {
    pub step: usize,
    pub start_ms: u64,
    pub run: String,
}

fn run_key(id: &str) -> String {
    format!("raftlab.lesson-run.{id}")
}

/// Keeps the start of step `step` of lesson `id` (a later step than the first: starting over
/// does not forget where the learner had got to). Loading that run again and seeking to its
/// time gives the very simulation the step began on, whatever the learner did before; replaying
/// the lesson's "Show me" actions would give another one when they had done things by hand.
pub fn save_run(id: &str, step: usize, start_ms: u64, run: &str) {
    if step == 0 {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(&run_key(id), &format!("{step};{start_ms};{run}"));
    }
}

/// The step lesson `id` can continue at, if the learner left it before its last step was done.
pub fn resume(id: &str, total: usize) -> Option<Resume> {
    let finished = load()
        .iter()
        .any(|(i, p)| i == id && p.done >= p.total && p.total == total);
    let text = storage()?.get_item(&run_key(id)).ok()??;
    let mut parts = text.splitn(3, ';');
    let step: usize = parts.next()?.parse().ok()?;
    let start_ms = parts.next()?.parse().ok()?;
    let run = parts.next()?.to_string();
    (!finished && step > 0 && step < total).then_some(Resume {
        step,
        start_ms,
        run,
    })
}

/// The step (from 0) lesson `id` can continue at, for the picker (without reading the run).
pub fn resume_step(id: &str, progress: Option<Progress>) -> Option<usize> {
    let text = storage()?.get_item(&run_key(id)).ok()??;
    let step: usize = text.split(';').next()?.parse().ok()?;
    let total = progress.map_or(usize::MAX, |p| p.total);
    let finished = progress.is_some_and(|p| p.done >= p.total);
    (!finished && step > 0 && step < total).then_some(step)
}

/// A person who has used Learn mode has been welcomed: the welcome (www/welcome.js) does not
/// come back on a later visit to the bare address.
pub fn mark_welcomed() {
    if let Some(s) = storage() {
        if s.get_item("raftlab-welcomed").ok().flatten().is_none() {
            let _ = s.set_item("raftlab-welcomed", "1");
        }
    }
}
