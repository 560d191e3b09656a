//! `prefers-reduced-motion` (WCAG 2.3.3): messages jump from their sender to their receiver
//! instead of gliding, and timers drain a quarter at a time instead of turning. Only the drawing
//! changes; the run is the same. (CSS stops the transitions and animations.)

use web_sys::MediaQueryList;

thread_local! {
    static QUERY: Option<MediaQueryList> = web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten());
}

/// Whether the person asked for less motion (read on every frame, so a change applies at once).
pub fn reduced_motion() -> bool {
    QUERY.with(|q| q.as_ref().is_some_and(MediaQueryList::matches))
}

/// Where a message is drawn along its flight: at its sender for the first half, at its receiver
/// for the second (a lost one, which stops half way, at its sender then half way).
pub fn stepped(progress: f64, lost: bool) -> f64 {
    let step = if progress < 0.5 { 0.0 } else { 1.0 };
    if lost {
        step / 2.0
    } else {
        step
    }
}
