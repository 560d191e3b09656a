//! Keyboard shortcuts. Space and "." (what presenter remotes send) pause and play; arrows step.
//! The keys that open what the first screen does not show (? for the list of every key, s for
//! Settings, g for Learn mode, o for the scenarios, v for the presenter view) are www/on-demand.js's, and the list is
//! in src/on_demand/help.rs.

use web_sys::KeyboardEvent;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    PlayPause,
    StepForward,
    StepBack,
    Faster,
    Slower,
    Heal,
    /// Crash the selected node, or restart it if it is down.
    CrashOrRestart,
    TimeoutSelected,
    PutSelected,
    TransferToSelected,
    SelectNode(u64),
    /// Select the next message in flight (then Tab reaches its card and its Drop button).
    NextMessage,
    Escape,
    Share,
}

/// The action for a key press, unless it was typed into a form field. Space on a focused button
/// presses that button, as everywhere else (the shortcut is for when no button has the focus;
/// "." pauses from anywhere).
pub fn key_action(event: &KeyboardEvent) -> Option<KeyAction> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let key = event.key();
    if key == " " && on_button(event) {
        return None;
    }
    action_for(&key)
}

fn on_button(event: &KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.matches("button, summary, a, [role=button]")
                .unwrap_or(false)
        })
}

pub fn action_for(key: &str) -> Option<KeyAction> {
    Some(match key {
        " " | "." | "Spacebar" => KeyAction::PlayPause,
        "ArrowRight" => KeyAction::StepForward,
        "ArrowLeft" => KeyAction::StepBack,
        "+" | "=" => KeyAction::Faster,
        "-" | "_" => KeyAction::Slower,
        "h" => KeyAction::Heal,
        "c" => KeyAction::CrashOrRestart,
        "t" => KeyAction::TimeoutSelected,
        "p" => KeyAction::PutSelected,
        "l" => KeyAction::TransferToSelected,
        "k" => KeyAction::Share,
        "m" => KeyAction::NextMessage,
        "Escape" => KeyAction::Escape,
        digit if digit.len() == 1 && ("1"..="9").contains(&digit) => {
            KeyAction::SelectNode(digit.parse().ok()?)
        }
        _ => return None,
    })
}

/// Whether the key went to a text field (then shortcuts stay out of the way, except Escape,
/// which closes a dialog or a card from anywhere in it).
pub fn typing_in_field(event: &KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event.key() != "Escape"
        && event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
