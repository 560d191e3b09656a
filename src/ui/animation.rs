//! The animation loop: one `requestAnimationFrame` chain that runs only while the simulation
//! plays and the tab is visible (RaftScope's top complaint was a CPU "space heater").

use super::engine::Engine;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Frames longer than this (a stalled tab, a debugger pause) count as this long, so the
/// simulation never jumps far ahead in one frame.
const MAX_FRAME_MS: f64 = 100.0;

type FrameCallback = Closure<dyn FnMut(f64)>;

struct FrameLoop {
    request_id: Cell<Option<i32>>,
    last_timestamp: Cell<Option<f64>>,
    carry: Cell<f64>,
    callback: RefCell<Option<FrameCallback>>,
}

impl FrameLoop {
    fn request(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(callback) = self.callback.borrow().as_ref() {
            let id = window.request_animation_frame(callback.as_ref().unchecked_ref());
            self.request_id.set(id.ok());
        }
    }

    fn stop(&self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.request_id.take()) {
            let _ = window.cancel_animation_frame(id);
        }
        // Dropped outside its own invocation: the frame was cancelled above.
        self.callback.borrow_mut().take();
    }
}

/// Runs the simulation forward at the engine's speed on every animation frame while `active`.
#[hook]
pub fn use_animation_loop(engine: Rc<Engine>, active: bool) {
    use_effect_with(active, move |&active| {
        let frames = Rc::new(FrameLoop {
            request_id: Cell::new(None),
            last_timestamp: Cell::new(None),
            carry: Cell::new(0.0),
            callback: RefCell::new(None),
        });
        if active {
            let weak = Rc::downgrade(&frames);
            let tick = Closure::<dyn FnMut(f64)>::new(move |timestamp: f64| {
                let Some(frames) = weak.upgrade() else { return };
                let elapsed = frames
                    .last_timestamp
                    .replace(Some(timestamp))
                    .map_or(0.0, |last| (timestamp - last).clamp(0.0, MAX_FRAME_MS));
                engine.advance_wall(elapsed, &frames.carry);
                frames.request();
            });
            *frames.callback.borrow_mut() = Some(tick);
            frames.request();
        }
        move || frames.stop()
    });
}

/// Whether the page is visible; updated on `visibilitychange`.
#[hook]
pub fn use_page_visible() -> bool {
    let visible = use_state(page_visible);
    {
        let visible = visible.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    gloo_events::EventListener::new(&document, "visibilitychange", move |_| {
                        visible.set(page_visible())
                    })
                });
            move || drop(listener)
        });
    }
    *visible
}

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}
