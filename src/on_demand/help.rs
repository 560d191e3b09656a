//! The keyboard help: every key of the page and what it does.

use yew::prelude::*;

/// Every shortcut with its description (the page's keys are in src/ui/keyboard.rs, and those
/// that open what the first screen does not show in www/on-demand.js).
pub const KEYS: [(&str, &str); 23] = [
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
    (
        "e",
        "export: save the run or the drawing, open a trace or scenario file",
    ),
    ("g", "guided lessons (Learn mode)"),
    ("r", "the rules of Raft, lit as they fire"),
    (
        "d",
        "the space-time diagram: each server's life and every message along time",
    ),
    (
        "v",
        "presenter view for a lecture (PageDown / PageUp step through a lesson)",
    ),
    ("s", "settings"),
    ("k", "copy a link to this run"),
    ("?", "this list"),
    ("Esc", "close / unselect"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

/// The keyboard help, opened by ? or the page's "?" button.
#[component]
pub fn HelpDialog(props: &HelpProps) -> Html {
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section class="dialog help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" tabindex="-1" data-focus-in="">
            <header>
                <h2>{ "Keyboard shortcuts" }</h2>
                <button class="icon close" aria-label="Close" onclick={close}>{ "×" }</button>
            </header>
            <dl class="keys">
                { for KEYS.iter().map(|(key, what)| html! { <><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></> }) }
            </dl>
        </section>
    }
}
