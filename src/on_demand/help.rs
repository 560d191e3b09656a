//! The keyboard help: every key of the page and what it does.

use crate::i18n::{key, tr, Lang};
use yew::prelude::*;

/// Every shortcut with its description (the page's keys are in src/ui/keyboard.rs, and those
/// that open what the first screen does not show in www/on-demand.js), in English: [`tr`]
/// translates them when they are shown.
pub const KEYS: [(&str, &str); 25] = [
    (key("Space or ."), key("pause / play")),
    ("→", key("step forward one event")),
    ("←", key("step back one event")),
    (
        "Tab",
        key("servers, links, messages, then the panels; Enter or Space opens a server's card"),
    ),
    (
        "↑ / ↓",
        key("move along the links of the drawing, or the lines of the narration"),
    ),
    ("+ / −", key("faster / slower")),
    ("1 … 9", key("select a server")),
    (
        "m",
        key("select the next message in flight (Tab to its Drop button)"),
    ),
    ("c", key("crash the selected server (again: restart it)")),
    ("t", key("fire the selected server's election timer")),
    ("p", key("a client writes x through the selected server")),
    ("l", key("hand leadership to the selected server")),
    ("h", key("heal the network")),
    ("o", key("open a preset scenario")),
    (
        "e",
        key("export: save the run or the drawing, open a trace or scenario file"),
    ),
    ("g", key("guided lessons (Learn mode)")),
    ("r", key("the rules of Raft, lit as they fire")),
    (
        "d",
        key("the space-time diagram: each server's life and every message along time"),
    ),
    (
        "v",
        key("presenter view for a lecture (PageDown / PageUp step through a lesson)"),
    ),
    (
        "PageDown",
        key("presenter view: Show me; on a question, the answer (the run shows it); then the next step"),
    ),
    ("PageUp", key("presenter view: back to the start of the step")),
    ("s", key("settings")),
    ("k", key("copy a link to this run")),
    ("?", key("this list")),
    ("Esc", key("close / unselect")),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// The language spoken: the dialog renders again when it changes (`crate::i18n`).
    pub lang: Lang,
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
        <section class="dialog help" role="dialog" aria-modal="true" aria-label={tr("Keyboard shortcuts")} tabindex="-1" data-focus-in="">
            <header>
                <h2>{ tr("Keyboard shortcuts") }</h2>
                <button class="icon close" aria-label={tr("Close")} onclick={close}>{ "×" }</button>
            </header>
            <dl class="keys">
                { for KEYS.iter().map(|(shortcut, what)| html! { <><dt><kbd>{ tr(shortcut) }</kbd></dt><dd>{ tr(what) }</dd></> }) }
            </dl>
        </section>
    }
}
