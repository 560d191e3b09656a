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
