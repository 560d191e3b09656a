//! The lesson picker: the lessons in teaching order, with the learner's progress. It is a modal
//! dialog drawn outside the page's own markup (a portal), so the page's inert background
//! (www/a11y.js) does not cover it.

use super::panel::{click, lang_switch};
use super::progress::Progress;
use crate::i18n::{tr, Lang};
use crate::sim::scenario::lesson_list::{LessonEntry, LESSONS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    pub lang: Lang,
    /// Steps done per lesson (local storage).
    pub progress: Vec<(String, Progress)>,
    /// Why the last lesson asked for did not open.
    pub error: Option<String>,
    pub on_open: Callback<&'static str>,
    pub on_close: Callback<()>,
    pub on_lang: Callback<Lang>,
}

#[component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let lang = props.lang;
    let on_backdrop = props.on_close.reform(|_: MouseEvent| ());
    let entry = |l: &'static LessonEntry| {
        let title = if lang == Lang::Zh {
            l.title_zh
        } else {
            l.title_en
        };
        let progress = props
            .progress
            .iter()
            .find(|(id, _)| id == l.id)
            .map(|(_, p)| *p);
        let id = l.id;
        let shown = match progress {
            Some(p) if p.done >= p.total => "✓".to_string(),
            Some(p) => format!("{}/{}", p.done, p.total),
            None => String::new(),
        };
        html! {
            <li>
                <button class="lesson-entry" data-lesson-id={id} disabled={!l.ready}
                        onclick={props.on_open.reform(move |_: MouseEvent| id)}>
                    <span class="title">{ title }</span>
                    if !l.ready { <span class="hint">{ tr("coming") }</span> }
                    else if !shown.is_empty() { <span class="progress">{ shown }</span> }
                </button>
            </li>
        }
    };
    html! {
        <div class="backdrop learn-backdrop" onclick={on_backdrop}>
            <section class="dialog lessons" role="dialog" aria-modal="true" lang={lang.code()} aria-label={tr("Lessons")}
                     tabindex="-1" data-focus-in="" onclick={|e: MouseEvent| e.stop_propagation()}>
                <header>
                    <h2>{ tr("Lessons") }</h2>
                    { lang_switch(lang, &props.on_lang) }
                    <button class="icon close" aria-label={tr("Close")} title={tr("Close")} onclick={click(&props.on_close)}>{ "×" }</button>
                </header>
                if let Some(error) = &props.error { <p class="notice error learn-error" role="alert">{ error }</p> }
                <ol class="lesson-list">{ for LESSONS.iter().map(entry) }</ol>
            </section>
        </div>
    }
}
