//! Every event in plain words, newest first; a filter box; clicking a line jumps the timeline
//! to that moment.

use super::announce::use_announcement;
use super::controls::time_label;
use crate::i18n::{tr, Lang};
use crate::sim::state::Narration;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
    pub events: Vec<Narration>,
    pub filter: String,
    pub on_filter: Callback<String>,
    pub on_seek: Callback<u64>,
}

/// Lines matching every word of the filter ("S3 vote"), newest first.
pub fn filtered<'a>(events: &'a [Narration], filter: &str) -> Vec<&'a Narration> {
    let words: Vec<String> = filter
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    events
        .iter()
        .rev()
        .filter(|e| {
            let text = e.text.to_ascii_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

#[component]
pub fn NarrationPanel(props: &NarrationProps) -> Html {
    let oninput = {
        let cb = props.on_filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(input.value())
            }
        })
    };
    let lines = filtered(&props.events, &props.filter);
    let announcement = use_announcement(&props.events);
    html! {
        <section class="panel narration" aria-label={tr("What happened")}>
            <header>
                <h2>{ tr("What happened") }</h2>
                <input type="search" placeholder={tr("Filter, e.g. S3 vote")} value={props.filter.clone()}
                       aria-label={tr("Filter events")} {oninput} />
            </header>
            // Not live itself: at speed it would flood a screen reader. The region below speaks.
            <p class="sr-only" role="status" aria-live="polite" data-announce="">{ announcement }</p>
            // One Tab stop: the newest line; arrow keys move along the others.
            <ol class="events" data-roving=".event">
                { for lines.into_iter().take(120).enumerate().map(|(i, e)| {
                    let cb = props.on_seek.clone();
                    let t = e.time_ms;
                    html! {
                        <li>
                            <button class="event" title={tr("Jump the timeline here")} tabindex={if i == 0 { "0" } else { "-1" }}
                                    onclick={Callback::from(move |_: MouseEvent| cb.emit(t))}>
                                <time>{ time_label(e.time_ms) }</time>
                                <span>{ &e.text }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
