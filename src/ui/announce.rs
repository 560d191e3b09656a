//! What a screen reader hears of the narration: a polite live region that speaks at most once a
//! second, however fast the run goes. Events that came in between are summed up: the most notable
//! one (a crash, an election won, ...) or else the newest, and how many more there were.

use crate::i18n::{fill, tr};
use crate::sim::state::Narration;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// The shortest time between two announcements, in wall-clock ms.
pub const MIN_GAP_MS: f64 = 1_000.0;

/// Words that make an event worth telling over the others of the same second, in the
/// narration's English and in its Chinese.
const NOTABLE: [&str; 16] = [
    "leader",
    "crash",
    "restart",
    "candidate",
    "violat",
    "partition",
    "cut",
    "snapshot",
    "领导者",
    "宕机",
    "重启",
    "候选人",
    "违反",
    "分区",
    "切断",
    "快照",
];

/// What was said last, and up to which event.
#[derive(Default)]
struct Said {
    text: String,
    /// The newest event told: its time and how many events at that time were told.
    upto: Option<(u64, usize)>,
    at_wall_ms: f64,
    /// A redraw asked for when the gap is over (dropped by a later render, never by itself).
    pending: Option<(Timeout, f64)>,
}

/// The events after `upto`, oldest first.
fn since(events: &[Narration], upto: Option<(u64, usize)>) -> &[Narration] {
    let Some((time, told)) = upto else {
        return &[];
    };
    let start = events.partition_point(|e| e.time_ms < time);
    let at_time = events[start..].partition_point(|e| e.time_ms == time);
    &events[start + at_time.min(told)..]
}

/// One sentence for several events.
pub fn summary(events: &[Narration]) -> String {
    let Some(newest) = events.last() else {
        return String::new();
    };
    let chosen = events
        .iter()
        .rev()
        .find(|e| NOTABLE.iter().any(|w| e.text.contains(w)))
        .unwrap_or(newest);
    match events.len() - 1 {
        0 => chosen.text.clone(),
        1 => fill(tr("{0}; and 1 more event"), &[&chosen.text]),
        more => fill(tr("{0}; and {1} more events"), &[&chosen.text, &more]),
    }
}

/// The live region's text for `events` (the narration, oldest first).
#[hook]
pub fn use_announcement(events: &[Narration]) -> String {
    let said = use_mut_ref(Said::default);
    let redraw = use_force_update();
    let newest = events.last().map(|e| {
        (
            e.time_ms,
            events
                .iter()
                .rev()
                .take_while(|x| x.time_ms == e.time_ms)
                .count(),
        )
    });
    let mut s = said.borrow_mut();
    let back_in_time = matches!((s.upto, newest), (Some(a), Some(b)) if b < a);
    if s.upto.is_none() || back_in_time {
        // The events the page starts with, or a jump back in time: nothing new happened.
        s.upto = newest;
        s.pending = None;
        return s.text.clone();
    }
    let fresh = since(events, s.upto);
    if fresh.is_empty() {
        return s.text.clone();
    }
    let now = js_sys::Date::now();
    let wait = s.at_wall_ms + MIN_GAP_MS - now;
    if wait <= 0.0 {
        s.text = summary(fresh);
        s.upto = newest;
        s.at_wall_ms = now;
        s.pending = None;
    } else if s.pending.as_ref().is_none_or(|&(_, due)| now > due) {
        // Tell them when the gap is over, even if nothing draws the page again before.
        let due = now + wait;
        let timeout = Timeout::new(wait.ceil() as u32, move || redraw.force_update());
        s.pending = Some((timeout, due));
    }
    s.text.clone()
}
