//! The lesson panel: the current step, its question, and what just happened, with "Back",
//! "Show me" and "Next"; the language switch; "Lesson complete" at the end.

use super::session::{LessonSession, SharedLesson};
use crate::i18n::{fill, tr, Lang};
use crate::sim::scenario::lesson_list::LessonEntry;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub session: LessonSession,
    pub lang: Lang,
    pub error: Option<String>,
    pub on_back: Callback<()>,
    pub on_show_me: Callback<()>,
    pub on_next: Callback<()>,
    /// The question answered by the run itself.
    pub on_reveal: Callback<()>,
    /// "Continue at step N", "Start over".
    pub on_resume: Callback<()>,
    pub on_start_over: Callback<()>,
    pub on_close: Callback<()>,
    pub on_lang: Callback<Lang>,
}

pub fn click(cb: &Callback<()>) -> Callback<MouseEvent> {
    cb.reform(|_: MouseEvent| ())
}

/// EN / 中文 (the panel's and the picker's).
pub fn lang_switch(lang: Lang, on_lang: &Callback<Lang>) -> Html {
    let button = |to: Lang, label: &'static str| {
        html! {
            <button class={classes!("lang", (to == lang).then_some("on"))} aria-pressed={(to == lang).to_string()}
                    data-lang={to.code()} onclick={on_lang.reform(move |_: MouseEvent| to)}>{ label }</button>
        }
    };
    html! { <>{ button(Lang::En, "EN") }{ button(Lang::Zh, "中文") }</> }
}

/// The question's state: waiting for a click, the learner's pick, then right or wrong.
fn verdict(s: &LessonSession, on_reveal: &Callback<()>) -> Html {
    let server = |id: u64| format!("S{id}");
    match (s.done, s.picked, s.right) {
        (false, None, _) if s.revealed => html! {},
        (false, None, _) => html! {
            <p class="hint">
                { tr("Click a server on the drawing to answer; the run waits for you.") }{ " " }
                <button class="text-button" data-action="lesson-reveal" onclick={click(on_reveal)}>{ tr("Show the answer") }</button>
            </p>
        },
        (false, Some(p), _) => {
            html! { <p class="picked">{ fill(tr("Your answer: {0}"), &[&server(p)]) }</p> }
        }
        (true, Some(p), Some(r)) if p == r => {
            html! { <p class="verdict right" data-verdict="right">{ fill(tr("✓ Right: {0}"), &[&server(r)]) }</p> }
        }
        (true, Some(p), Some(r)) => html! {
            <p class="verdict wrong" data-verdict="wrong">
                { fill(tr("✗ Not this time: it was {0} (your answer: {1})"), &[&server(r), &server(p)]) }
            </p>
        },
        (true, _, Some(r)) => {
            html! { <p class="verdict" data-verdict="shown">{ fill(tr("It was {0}"), &[&server(r)]) }</p> }
        }
        (true, _, None) => html! {},
    }
}

#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let s = &props.session;
    let lang = props.lang;
    let Some(step) = s.current() else {
        return html! {};
    };
    let (number, total) = (s.step + 1, s.lesson.steps.len());
    let question = step.ask.as_ref().map(|q| {
        html! {
            <div class="question">
                <p class="prompt">{ q.prompt.get(lang) }</p>
                { verdict(s, &props.on_reveal) }
            </div>
        }
    });
    let dot = |n: usize| {
        let done = n < number || (n == number && s.done);
        html! { <li class={classes!(done.then_some("done"), (n == number).then_some("now"))} /> }
    };
    html! {
        <section class="panel lesson" lang={lang.code()} data-lesson={s.id.clone()} data-lesson-step={number.to_string()}
                 data-lesson-done={s.done.to_string()} aria-label={s.lesson.title.get(lang).to_string()}>
            <header>
                <h2>{ s.lesson.title.get(lang) }</h2>
                <span class="counter">{ fill(tr("Step {0} of {1}"), &[&number, &total]) }</span>
                { lang_switch(lang, &props.on_lang) }
                <button class="icon close" aria-label={tr("Close")} title={tr("Close")} onclick={click(&props.on_close)}>{ "×" }</button>
            </header>
            <ol class="dots" aria-hidden="true">{ for (1..=total).map(dot) }</ol>
            if let Some(at) = s.offer {
                <div class="resume" data-lesson-offer={(at + 1).to_string()}>
                    <span>{ tr("You have been further in this lesson.") }</span>
                    <button class="primary" data-action="lesson-continue" onclick={click(&props.on_resume)}>
                        { fill(tr("Continue at step {0}"), &[&(at + 1)]) }
                    </button>
                    <button data-action="lesson-start-over" onclick={click(&props.on_start_over)}>{ tr("Start over") }</button>
                </div>
            }
            <p class="say">{ step.say.get(lang) }</p>
            { for question }
            if s.done {
                if !step.then.is_empty() { <p class="then" role="status">{ step.then.get(lang) }</p> }
            } else if step.until.is_some() && !s.awaits_answer() {
                <p class="hint waiting">{ tr("Watching the cluster…") }</p>
            }
            if let Some(error) = &props.error { <p class="error" role="alert">{ error }</p> }
            <div class="actions">
                <button data-action="lesson-back" onclick={click(&props.on_back)}>{ tr("Back") }</button>
                if !step.actions.is_empty() {
                    <button data-action="lesson-show-me" disabled={s.done || s.shown} onclick={click(&props.on_show_me)}>{ tr("Show me") }</button>
                }
                <button class="primary" data-action="lesson-next" disabled={!s.done} onclick={click(&props.on_next)}>
                    { if s.is_last() { tr("Finish") } else { tr("Next") } }
                </button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct FinishedProps {
    pub lesson: SharedLesson,
    pub lang: Lang,
    /// The lesson after it in the list, if any.
    pub next: Option<&'static LessonEntry>,
    pub on_next: Callback<&'static str>,
    pub on_more: Callback<()>,
    pub on_close: Callback<()>,
}

/// What the panel shows once the last step is done.
#[component]
pub fn Finished(props: &FinishedProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="panel lesson finished" lang={lang.code()} data-lesson-finished="" role="status">
            <header>
                <h2>{ tr("✓ Lesson complete") }</h2>
                <button class="icon close" aria-label={tr("Close")} title={tr("Close")} onclick={click(&props.on_close)}>{ "×" }</button>
            </header>
            <p class="say">{ props.lesson.title.get(lang) }</p>
            <div class="actions">
                if let Some(next) = props.next {
                    <button class="primary" data-action="lesson-next-lesson" data-next-lesson={next.id}
                            onclick={props.on_next.reform(move |_: MouseEvent| next.id)}>
                        { fill(tr("Next lesson: {0}"), &[&next.title(lang)]) }
                    </button>
                }
                <button class={classes!(props.next.is_none().then_some("primary"))} data-action="lesson-more"
                        onclick={click(&props.on_more)}>{ tr("More lessons") }</button>
            </div>
        </section>
    }
}
