//! The lesson picker: the lessons in teaching order, with the learner's progress. It is a modal
//! dialog drawn outside the page's own markup (a portal), so the page's inert background
//! (www/a11y.js) does not cover it.

use super::panel::{click, lang_switch};
use super::progress::{self, Progress};
use crate::i18n::{fill, tr, Lang};
use crate::sim::scenario::lesson::{parse_lesson, Prose};
use crate::sim::scenario::lesson_list::{LessonEntry, LESSONS};
use std::cell::RefCell;
use yew::prelude::*;

thread_local! {
    /// Each lesson's `about`, read from its file the first time the picker opens (the file is
    /// where a lesson's words live: the list in lesson_list.rs has only the titles).
    static ABOUT: RefCell<Vec<(&'static str, Prose)>> = const { RefCell::new(Vec::new()) };
}

fn about(id: &str, lang: Lang) -> Option<String> {
    ABOUT.with(|a| {
        (a.borrow().iter())
            .find(|(i, _)| *i == id)
            .map(|(_, p)| p.get(lang).to_string())
    })
}

/// Fetches the lessons' files and keeps their `about` text, then draws the picker again.
fn fetch_about(redraw: UseForceUpdateHandle) {
    if ABOUT.with(|a| !a.borrow().is_empty()) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        for entry in LESSONS.iter().filter(|l| l.ready) {
            let path = format!("lessons/{}.txt", entry.id);
            let Ok(text) = crate::ui::fetch::fetch_text(&path).await else {
                continue;
            };
            if let Ok(lesson) = parse_lesson(&text) {
                ABOUT.with(|a| a.borrow_mut().push((entry.id, lesson.about)));
            }
        }
        redraw.force_update();
    });
}

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    pub lang: Lang,
    /// Steps done per lesson (local storage).
    pub progress: Vec<(String, Progress)>,
    /// Why the last lesson asked for did not open.
    pub error: Option<String>,
    /// A lesson to open, and whether where the learner left it (rather than at its start).
    pub on_open: Callback<(&'static str, bool)>,
    pub on_close: Callback<()>,
    pub on_lang: Callback<Lang>,
}

#[component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let lang = props.lang;
    let redraw = use_force_update();
    use_effect_with((), move |_| fetch_about(redraw));
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
        let resume = progress::resume_step(id, progress).filter(|_| l.ready);
        let about = about(id, lang);
        let shown = match progress {
            Some(p) if p.done >= p.total => "✓".to_string(),
            Some(p) => format!("{}/{}", p.done, p.total),
            None => String::new(),
        };
        html! {
            <li>
                <button class="lesson-entry" data-lesson-id={id} disabled={!l.ready}
                        onclick={props.on_open.reform(move |_: MouseEvent| (id, false))}>
                    <span class="title">{ title }</span>
                    if !l.ready { <span class="hint">{ tr("coming") }</span> }
                    else if !shown.is_empty() { <span class="progress">{ shown }</span> }
                    if let Some(about) = about { <span class="about">{ about }</span> }
                </button>
                if let Some(at) = resume {
                    <div class="resume" data-lesson-offer={(at + 1).to_string()}>
                        <button class="primary" data-action="lesson-continue" data-for={id}
                                onclick={props.on_open.reform(move |_: MouseEvent| (id, true))}>
                            { fill(tr("Continue at step {0}"), &[&(at + 1)]) }
                        </button>
                        <button data-action="lesson-start-over" data-for={id}
                                onclick={props.on_open.reform(move |_: MouseEvent| (id, false))}>{ tr("Start over") }</button>
                    </div>
                }
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
