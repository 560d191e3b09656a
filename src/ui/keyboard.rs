//! Keyboard shortcuts. Space and "." (what presenter remotes send) pause and play; arrows step;
//! "?" lists every key.

use web_sys::KeyboardEvent;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    PlayPause,
    StepForward,
    StepBack,
    Faster,
    Slower,
    Help,
    Settings,
    Scenarios,
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

/// Every shortcut with its description, for the help dialog.
pub const KEYS: [(&str, &str); 20] = [
    ("Space or .", "pause / play"),
    ("→", "step forward one event"),
    ("←", "step back one event"),
    (
        "Tab",
        "servers, links, messages, then the panels; Enter or Space opens a server's card",
    ),
    (
        "↑ / ↓",
        "move along the links of the drawing, or the lines of the narration",
    ),
    ("+ / −", "faster / slower"),
    ("1 … 9", "select a server"),
    (
        "m",
        "select the next message in flight (Tab to its Drop button)",
    ),
    ("c", "crash the selected server (again: restart it)"),
    ("t", "fire the selected server's election timer"),
    ("p", "a client writes x through the selected server"),
    ("l", "hand leadership to the selected server"),
    ("h", "heal the network"),
    ("o", "open a preset scenario"),
    ("g", "guided lessons (Learn mode)"),
    (
        "v",
        "presenter view for a lecture (PageDown / PageUp step through a lesson)",
    ),
    ("s", "settings"),
    ("k", "copy a link to this run"),
    ("?", "this list"),
    ("Esc", "close / unselect"),
];

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
        "?" => KeyAction::Help,
        "s" => KeyAction::Settings,
        "o" => KeyAction::Scenarios,
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
