//! What the page's actions do beyond sending one command: keyboard shortcuts, sharing a link,
//! the values quick actions write, and the death of a dropped message.

use super::details::find_message;
use super::engine::Engine;
use super::keyboard::KeyAction;
use super::model::{DyingMessage, Notice, Selection, UiAction, UiModel};
use super::share;
use crate::i18n::tr;
use crate::sim::command::Command;
use crate::sim::state::State;
use std::rc::Rc;
use yew::prelude::*;

/// The value the quick "Put x=…" actions write: one more than the longest log, so each differs.
pub fn next_put_value(state: &State) -> u64 {
    state
        .nodes
        .iter()
        .map(|n| n.last_log_index)
        .max()
        .unwrap_or(0)
        + 1
}

pub fn dying_message(state: &State, id: u64) -> Option<DyingMessage> {
    let m = find_message(state, id)?;
    Some(DyingMessage {
        id,
        kind: m.kind.clone(),
        from: m.from,
        to: m.to,
        progress: super::cluster::geometry::drawn_progress(m, state.time_ms),
        died_at: js_sys::Date::now(),
    })
}

/// Puts a link to this run in the address bar and on the clipboard.
pub fn share_run(engine: &Engine) -> Notice {
    let fragment = share::encode(&engine.trace(false));
    let Some(window) = web_sys::window() else {
        return Notice::error(tr("no window"));
    };
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        fragment
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    let _ = window.navigator().clipboard().write_text(&url);
    Notice::info(tr("A link to this run is in the address bar (and on the clipboard): opening it replays the same run."))
}

pub fn on_key(
    engine: &Rc<Engine>,
    ui: &UseReducerHandle<UiModel>,
    on_command: &Callback<Command>,
    action: KeyAction,
) {
    let selected = match ui.selection {
        Some(Selection::Node(id)) => Some(id),
        _ => None,
    };
    let state = || engine.light_state();
    match action {
        KeyAction::PlayPause => engine.set_playing(!engine.playing()),
        KeyAction::StepForward => {
            engine.set_playing(false);
            engine.step_forward();
        }
        KeyAction::StepBack => {
            engine.set_playing(false);
            engine.step_back();
        }
        KeyAction::Faster => engine.set_speed(engine.speed() * 1.5),
        KeyAction::Slower => engine.set_speed(engine.speed() / 1.5),
        KeyAction::Share => ui.dispatch(UiAction::Notify(share_run(engine))),
        KeyAction::Heal => on_command.emit(Command::Heal),
        KeyAction::Escape => ui.dispatch(UiAction::ClearSelection),
        KeyAction::NextMessage => {
            let current = match ui.selection {
                Some(Selection::Message(id)) => id,
                _ => 0,
            };
            let in_flight = state().in_flight;
            let next = in_flight
                .iter()
                .find(|m| m.id > current)
                .or(in_flight.first());
            match next {
                Some(m) => ui.dispatch(UiAction::Select(Selection::Message(m.id))),
                None => {
                    let none = tr("No message is in flight right now.");
                    ui.dispatch(UiAction::Notify(Notice::info(none)))
                }
            }
        }
        KeyAction::SelectNode(id) => {
            if state().nodes.iter().any(|n| n.id == id) {
                ui.dispatch(UiAction::Select(Selection::Node(id)))
            }
        }
        KeyAction::CrashOrRestart
        | KeyAction::TimeoutSelected
        | KeyAction::PutSelected
        | KeyAction::TransferToSelected => {
            let Some(id) = selected else {
                let first = tr("Select a server first (click it, or press its number).");
                ui.dispatch(UiAction::Notify(Notice::info(first)));
                return;
            };
            let up = state().nodes.iter().any(|n| n.id == id && n.up);
            let command = match action {
                KeyAction::CrashOrRestart if up => Command::Crash { node: id },
                KeyAction::CrashOrRestart => Command::Restart { node: id },
                KeyAction::TimeoutSelected => Command::Timeout { node: id },
                KeyAction::PutSelected => Command::Put {
                    key: "x".into(),
                    value: next_put_value(&state()).to_string(),
                    node: id,
                },
                _ => Command::Transfer { to: id },
            };
            on_command.emit(command);
        }
    }
}
