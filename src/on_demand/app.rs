//! The second module's root. It opens the dialogs the page asks for (www/on-demand.js) and
//! Learn mode's lessons (fetched from lessons/ID.txt, loaded into the page as a scenario), asks
//! the page whether the step's condition holds, pauses the run when it does, takes a click on a
//! server as the answer to a question, and marks the servers a step points at. Every change to
//! the simulation goes through `window.raftlab` ([`super::page`]).

use super::files;
use super::files_dialog::FilesDialog;
use super::help::HelpDialog;
use super::page;
use super::panel::{Finished, LessonPanel};
use super::picker::LessonPicker;
use super::progress;
use super::rules::RulesPanel;
use super::scenarios::ScenarioPicker;
use super::session::{Dialog, Learn, LearnAction, LessonSession};
use super::settings::Settings;
use super::spacetime::replica;
use super::spacetime::{Diagram, DiagramAction, Placement, SpacetimeSlot};
use crate::i18n::{browser, fill, tr, Lang};
use crate::raft::Naming;
use crate::sim::config::SimConfig;
use crate::sim::request::Request;
use crate::sim::scenario::lesson::{parse_lesson, LessonStep};
use crate::sim::scenario::lesson_list::{LessonEntry, LESSONS};
use crate::sim::scenario::lesson_run::{action_request, pick, Roster};
use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Interval;
use js_sys::Reflect;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How often a step's condition is asked for, in wall-clock ms.
const JUDGE_EVERY_MS: u32 = 40;

/// The page's language, as www/i18n.js chose it before this module started (`?lang=`, then the
/// choice remembered, then the browser's language) and `crate::i18n::browser::start` read it.
fn language() -> Lang {
    crate::i18n::lang()
}

/// The servers `step` points at, in the run as `roster` shows it.
fn focus(step: Option<&LessonStep>, roster: &Roster) -> Vec<u64> {
    step.map_or(Vec::new(), |s| {
        s.point.iter().filter_map(|&r| pick(r, roster)).collect()
    })
}

/// Where the drawing is marked while a step's explanation shows: the right answer to its
/// question, and the servers it points at as they are now, or, when its words pick nobody any
/// more ("leader" once the leader has crashed), as they were while the step ran, so the
/// highlight stays on what the text talks about.
fn focus_when_done(
    right: Option<u64>,
    point: &[crate::sim::scenario::lesson::NodeRef],
    before: Vec<u64>,
    roster: &Roster,
) -> Vec<u64> {
    let now: Vec<u64> = point.iter().filter_map(|&r| pick(r, roster)).collect();
    let mut focus: Vec<u64> = right.into_iter().collect();
    for id in if now.is_empty() { before } else { now } {
        if !focus.contains(&id) {
            focus.push(id);
        }
    }
    focus
}

/// The page's "Paused: … was violated" alarm, dismissed: in a lesson whose step waited for that
/// violation it is what the lesson set out to show, and the lesson panel explains it. The page
/// may draw the alarm a frame after the step is judged done, so it is looked for again shortly.
fn expected_violation_seen() {
    fn dismiss() {
        let button = (web_sys::window().and_then(|w| w.document()))
            .and_then(|d| {
                d.query_selector(".app > .notice.error[data-notice] button")
                    .ok()
                    .flatten()
            })
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            button.click();
        }
    }
    thread_local! {
        /// The later looks, kept so that they are not leaked; a new call cancels the last one's.
        static LATER: std::cell::RefCell<Vec<gloo_timers::callback::Timeout>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    dismiss();
    let later = [100, 400].map(|ms| gloo_timers::callback::Timeout::new(ms, dismiss));
    LATER.with_borrow_mut(|kept| *kept = later.into());
}

/// `.lesson.scrollIntoView({ block: "nearest" })`: the least scrolling that shows the panel.
fn bring_lesson_into_view() {
    let panel = (web_sys::window().and_then(|w| w.document()))
        .and_then(|d| d.query_selector(".lesson[data-lesson]").ok().flatten());
    let Some(panel) = panel else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(f) = Reflect::get(&panel, &"scrollIntoView".into()) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.call1(&panel, &options);
        }
    }
}

/// A step that asks a question waits, paused, for the learner's answer (a click on a server
/// starts the run); any other step runs at once.
fn start_running(step: Option<&LessonStep>) -> Result<(), String> {
    if step.is_some_and(|s| s.ask.is_some() && s.until.is_some()) {
        page::pause()
    } else {
        page::play()
    }
}

fn roster() -> Result<(Roster, u64), String> {
    let state = page::state()?;
    Ok((Roster::from_json(&state), page::now(&state)))
}

/// How a lesson opens.
#[derive(Clone, Copy, PartialEq)]
enum Opening {
    /// At its first step (the picker's entry, "Start over", a lesson of one's own).
    Start,
    /// Where the learner left it ("Continue at step N"): the run as it stood at that step's start.
    Continue,
    /// At its first step, offering to continue where the learner left it (`?lesson=ID`).
    Offer,
}

/// Fetches lesson `id`, loads its run into the page and opens it (at its first step, or where
/// the learner left it).
async fn open_lesson(id: String, how: Opening, learn: UseReducerDispatcher<Learn>) {
    match crate::ui::fetch::fetch_text(&format!("lessons/{id}.txt")).await {
        Ok(text) => begin_lesson(id, &text, how, learn),
        Err(error) => lesson_failed(&error, &learn),
    }
}

/// Opens a file the person chose or dropped: a lesson of their own (docs/lesson-format.md,
/// "Your own lessons") opens in Learn mode, named by the file; a trace or a scenario replaces
/// the run. `told` says what happened, or why nothing did.
async fn open_chosen_file(
    file: web_sys::File,
    learn: UseReducerDispatcher<Learn>,
    told: Callback<Result<String, String>>,
) {
    let name = file.name();
    match files::read_text(&file).await {
        Ok(text) if files::is_lesson(&text) => {
            let id = name.strip_suffix(".txt").unwrap_or(&name).to_string();
            begin_lesson(id, &text, Opening::Start, learn);
        }
        Ok(text) => told.emit(files::open_run(&name, &text)),
        Err(error) => told.emit(Err(error)),
    }
}

/// Opens the lesson written in `text`, its run loaded into the page: at its first step, or
/// where the learner left it.
fn begin_lesson(id: String, text: &str, how: Opening, learn: UseReducerDispatcher<Learn>) {
    progress::mark_welcomed();
    let opened = || {
        let lesson = parse_lesson(text).map_err(|e| fill(tr("lesson {0}: {1}"), &[&id, &e]))?;
        let resume = progress::resume(&id, lesson.steps.len());
        let offer = resume.as_ref().map(|r| r.step);
        let mut session = match resume.filter(|_| how == Opening::Continue) {
            Some(at) => {
                page::load(&at.run)?;
                page::seek(at.start_ms)?;
                let (_, now) = roster()?;
                LessonSession::at(id.clone(), lesson, at.step, now, Rc::from(at.run))
            }
            None => {
                page::load(&lesson.header)?;
                let (_, now) = roster()?;
                let run = Rc::from(page::export_trace(false)?.0);
                let mut session = LessonSession::new(id.clone(), lesson, now, run);
                if how == Opening::Offer {
                    session.offer = offer;
                }
                session
            }
        };
        let (roster, _) = roster()?;
        session.focus = focus(session.current(), &roster);
        start_running(session.current())?;
        Ok::<_, String>(session)
    };
    match opened() {
        Ok(session) => learn.dispatch(LearnAction::Begin(session)),
        Err(error) => lesson_failed(&error, &learn),
    }
}

/// A lesson that could not be opened: the picker says why.
fn lesson_failed(error: &str, learn: &UseReducerDispatcher<Learn>) {
    learn.dispatch(LearnAction::Open(Dialog::Lessons));
    learn.dispatch(LearnAction::Failed(fill(
        tr("Could not open the lesson: {0}"),
        &[&error],
    )));
}

/// The page asks for something (www/on-demand.js): `detail` is "lessons", "rules" (which opens
/// or closes the Rules panel), "scenarios", "settings", "help", "files", "lesson:ID",
/// "spacetime" (the diagram, shown or hidden) or "spacetime:open", or a dropped file (a `File`)
/// to open.
fn on_open_request(
    event: &web_sys::Event,
    learn: &UseReducerDispatcher<Learn>,
    diagram: &UseReducerDispatcher<Diagram>,
) {
    let detail = Reflect::get(event, &"detail".into()).unwrap_or_default();
    if let Ok(file) = detail.clone().dyn_into::<web_sys::File>() {
        let (learn, teller) = (learn.clone(), learn.clone());
        let told = Callback::from(move |told: Result<String, String>| {
            if told.is_ok() {
                teller.dispatch(LearnAction::Close);
            }
            teller.dispatch(LearnAction::Tell(Some(told.unwrap_or_else(|e| e))));
        });
        wasm_bindgen_futures::spawn_local(open_chosen_file(file, learn, told));
        return;
    }
    let what = detail.as_string();
    let dialog = match what.as_deref() {
        Some("spacetime") => return diagram.dispatch(DiagramAction::Toggle),
        Some("spacetime:open") => return diagram.dispatch(DiagramAction::Open),
        Some("rules") => {
            learn.dispatch(LearnAction::ToggleRules);
            return;
        }
        Some("scenarios") => Dialog::Scenarios,
        Some("lessons") | None => {
            progress::mark_welcomed();
            Dialog::Lessons
        }
        Some("files") => Dialog::Files,
        Some("settings") => Dialog::Settings,
        Some("help") => Dialog::Help,
        Some(other) => match other.strip_prefix("lesson:") {
            Some(id) => {
                let (id, learn) = (id.to_string(), learn.clone());
                wasm_bindgen_futures::spawn_local(open_lesson(id, Opening::Offer, learn));
                return;
            }
            None => Dialog::Lessons,
        },
    };
    learn.dispatch(LearnAction::Open(dialog));
}

/// What a step's Back, Show me and Next do.
#[derive(Clone)]
struct StepButtons {
    back: Callback<()>,
    show_me: Callback<()>,
    next: Callback<()>,
    /// The question answered by the run itself (no pick).
    reveal: Callback<()>,
    /// "Continue at step N" (offered when the lesson opened at its first step).
    resume: Callback<()>,
    /// "Start over": the offer goes.
    start_over: Callback<()>,
}

#[component]
pub fn OnDemandApp() -> Html {
    let learn = use_reducer(|| Learn {
        lang: language(),
        ..Learn::default()
    });
    let diagram = use_reducer_eq(Diagram::new);
    // Requests from the page, and the person replacing the run (a scenario, new settings).
    {
        let (learn, diagram) = (learn.dispatcher(), diagram.dispatcher());
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let opener = learn.clone();
                let open = EventListener::new(&window, "raftlab-open", move |e| {
                    on_open_request(e, &opener, &diagram)
                });
                let replaced = EventListener::new(&window, "raftlab-run-replaced", move |_| {
                    learn.dispatch(LearnAction::Close)
                });
                if let Ok(ready) = web_sys::Event::new("raftlab-on-demand-ready") {
                    let _ = window.dispatch_event(&ready);
                }
                (open, replaced)
            });
            move || drop(listeners)
        });
    }
    let session = learn.session.clone();
    // Judging the step: the module's copy of the run, brought to where the page stands, is asked
    // until the condition holds; then the page's run pauses there so the learner can read what
    // just happened.
    {
        let learn = learn.dispatcher();
        let waiting = session.as_ref().filter(|s| !s.done).and_then(|s| {
            let step = s.current()?;
            Some((
                step.until.as_ref()?.source.clone(),
                step.ask.as_ref().map(|q| q.answer),
                step.point.clone(),
                s.focus.clone(),
            ))
        });
        let key = session
            .as_ref()
            .map(|s| (s.id.clone(), s.step, s.step_start_ms, s.done));
        use_effect_with(key, move |_| {
            let judge = waiting.map(|(condition, answer, point, before)| {
                let fired = Rc::new(Cell::new(false));
                Interval::new(JUDGE_EVERY_MS, move || {
                    if fired.get() {
                        return;
                    }
                    match replica::holds(&condition) {
                        Ok(false) => {}
                        Ok(true) => {
                            fired.set(true);
                            let _ = page::pause();
                            let roster = roster().map(|(r, _)| r).unwrap_or_default();
                            let right = answer.and_then(|a| pick(a, &roster));
                            let focus = focus_when_done(right, &point, before.clone(), &roster);
                            if condition.starts_with("violation") {
                                expected_violation_seen();
                            }
                            learn.dispatch(LearnAction::Done { right, focus });
                        }
                        Err(error) => {
                            fired.set(true);
                            learn.dispatch(LearnAction::Failed(error));
                        }
                    }
                })
            });
            move || drop(judge)
        });
    }
    // While a question waits for its answer, a click on a server answers it (and does not open
    // the server's card): caught before the page's own handler sees it.
    {
        let learn = learn.dispatcher();
        let asking = session.as_ref().is_some_and(LessonSession::awaits_answer);
        use_effect_with(asking, move |&asking| {
            let listener = web_sys::window().filter(|_| asking).map(|window| {
                let options = EventListenerOptions {
                    phase: EventListenerPhase::Capture,
                    passive: false,
                };
                EventListener::new_with_options(&window, "click", options, move |event| {
                    let server = (event.target())
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest("[data-node-id]").ok().flatten())
                        .and_then(|el| el.get_attribute("data-node-id"))
                        .and_then(|id| id.parse().ok());
                    if let Some(id) = server {
                        event.stop_immediate_propagation();
                        event.prevent_default();
                        learn.dispatch(LearnAction::Pick(id));
                        // The answer is in: now the run shows whether it was right.
                        if let Err(error) = page::play() {
                            learn.dispatch(LearnAction::Failed(error));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    // A new step: the lesson panel is brought into view in its column (a server's card opened
    // below it may have left the column scrolled past the step's text).
    {
        let at = (session.as_ref()).map(|s| (s.id.clone(), s.step));
        use_effect_with(at, |at| {
            if at.is_some() {
                bring_lesson_into_view();
            }
        });
    }
    // Where the learner is, kept for "Continue at step N" (progress::save_run).
    {
        let at = (session.as_ref()).map(|s| (s.id.clone(), s.step, s.step_start_ms));
        let run = session.as_ref().map(|s| s.step_run.clone());
        use_effect_with(at, move |at| {
            if let (Some((id, step, ms)), Some(run)) = (at, run) {
                progress::save_run(id, *step, *ms, &run);
            }
        });
    }
    // The servers the step points at, marked on the drawing (learn.css reads the attribute).
    {
        let focus = session
            .as_ref()
            .map(|s| s.focus.clone())
            .unwrap_or_default();
        use_effect_with(focus, |focus| {
            let root = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element());
            if let Some(root) = root.as_ref().filter(|_| !focus.is_empty()) {
                let ids: Vec<String> = focus.iter().map(u64::to_string).collect();
                let _ = root.set_attribute("data-lesson-focus", &ids.join(" "));
            }
            move || {
                if let Some(root) = root {
                    let _ = root.remove_attribute("data-lesson-focus");
                }
            }
        });
    }

    let lang = learn.lang;
    // The whole module switches (the choice is remembered and the page told: i18n::browser);
    // the words are drawn again once the catalogue is in.
    let on_lang = {
        let learn = learn.dispatcher();
        Callback::from(move |lang| {
            let learn = learn.clone();
            wasm_bindgen_futures::spawn_local(async move {
                browser::switch(lang).await;
                learn.dispatch(LearnAction::SetLang(lang));
            });
        })
    };
    let on_close = {
        let learn = learn.dispatcher();
        Callback::from(move |()| learn.dispatch(LearnAction::Close))
    };
    let on_more = {
        let learn = learn.dispatcher();
        Callback::from(move |()| learn.dispatch(LearnAction::Open(Dialog::Lessons)))
    };
    let fail = |learn: &UseReducerDispatcher<Learn>, result: Result<(), String>| {
        if let Err(error) = result {
            learn.dispatch(LearnAction::Failed(error));
        }
    };
    // The step's three buttons.
    let buttons = session.as_ref().map(|s| {
        // Step `step` from now (or, for Back, from the run `back` as it stood at the step's
        // start), with its servers as they are then.
        let go_to = {
            let (learn, lesson) = (learn.dispatcher(), s.lesson.clone());
            move |step: usize, back: Option<(u64, Rc<str>)>| -> Result<(), String> {
                let run = match back {
                    Some((ms, run)) => {
                        page::load(&run)?;
                        page::seek(ms)?;
                        run
                    }
                    None => Rc::from(page::export_trace(false)?.0),
                };
                let (roster, now) = roster()?;
                let focus = focus(lesson.steps.get(step), &roster);
                learn.dispatch(LearnAction::Step {
                    step,
                    start_ms: now,
                    focus,
                    run,
                });
                start_running(lesson.steps.get(step))
            }
        };
        let on_back = {
            let (learn, go_to, step) = (learn.dispatcher(), go_to.clone(), s.step);
            let back = (s.step_start_ms, s.step_run.clone());
            Callback::from(move |()| fail(&learn, go_to(step, Some(back.clone()))))
        };
        let on_show_me = {
            let learn = learn.dispatcher();
            let actions = s.current().map(|s| s.actions.clone()).unwrap_or_default();
            Callback::from(move |()| {
                learn.dispatch(LearnAction::Shown);
                // Each action on the state the one before left ("crash leader", then "restart crashed").
                let shown = actions.iter().try_for_each(|action| {
                    let (roster, _) = roster()?;
                    page::request(&action_request(action, &roster)?)
                });
                fail(&learn, shown.and_then(|()| page::play()));
            })
        };
        let on_next = {
            let learn = learn.dispatcher();
            let (id, step, total, last) = (s.id.clone(), s.step, s.lesson.steps.len(), s.is_last());
            let violation = (s.current().and_then(|s| s.until.as_ref()))
                .is_some_and(|u| u.source.starts_with("violation"));
            Callback::from(move |()| {
                progress::save(&id, step + 1, total);
                if violation {
                    expected_violation_seen();
                }
                if last {
                    learn.dispatch(LearnAction::Finish);
                } else {
                    fail(&learn, go_to(step + 1, None));
                }
            })
        };
        let on_reveal = {
            let learn = learn.dispatcher();
            Callback::from(move |()| {
                learn.dispatch(LearnAction::Reveal);
                fail(&learn, page::play());
            })
        };
        let on_resume = {
            let (learn, id) = (learn.dispatcher(), s.id.clone());
            Callback::from(move |()| {
                let (id, learn) = (id.clone(), learn.clone());
                wasm_bindgen_futures::spawn_local(open_lesson(id, Opening::Continue, learn));
            })
        };
        let on_start_over = {
            let learn = learn.dispatcher();
            Callback::from(move |()| learn.dispatch(LearnAction::DropOffer))
        };
        StepButtons {
            back: on_back,
            show_me: on_show_me,
            next: on_next,
            reveal: on_reveal,
            resume: on_resume,
            start_over: on_start_over,
        }
    });
    // The presenter view: PageDown and the right arrow (what presenter remotes send) show the
    // step or go on, PageUp and the left arrow go back; caught before the page's own keys.
    {
        let key = session
            .as_ref()
            .map(|s| (s.id.clone(), s.step, s.done, s.shown, s.awaits_answer()));
        // Show me, once per step (as its button).
        let (buttons, has_actions) = (
            buttons.clone(),
            session.as_ref().is_some_and(|s| {
                !s.shown && s.current().is_some_and(|step| !step.actions.is_empty())
            }),
        );
        let done = session.as_ref().is_some_and(|s| s.done);
        let asking = session.as_ref().is_some_and(LessonSession::awaits_answer);
        use_effect_with(key, move |_| {
            let listener = (web_sys::window().zip(buttons)).map(|(window, buttons)| {
                let options = EventListenerOptions {
                    phase: EventListenerPhase::Capture,
                    passive: false,
                };
                EventListener::new_with_options(&window, "keydown", options, move |event| {
                    let presenting = (web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.body()))
                    .is_some_and(|b| b.has_attribute("data-present"));
                    let key = Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    let button = match key.as_deref() {
                        _ if !presenting => None,
                        Some("PageDown" | "ArrowRight") if done => Some(&buttons.next),
                        // A question nobody in the room answers: the run shows the answer.
                        Some("PageDown" | "ArrowRight") if asking => Some(&buttons.reveal),
                        Some("PageDown" | "ArrowRight") if has_actions => Some(&buttons.show_me),
                        Some("PageUp" | "ArrowLeft") => Some(&buttons.back),
                        _ => None,
                    };
                    if let Some(button) = button {
                        event.stop_immediate_propagation();
                        event.prevent_default();
                        button.emit(());
                    }
                })
            });
            move || drop(listener)
        });
    }
    let panel = session.as_ref().zip(buttons).map(|(s, buttons)| {
        html! {
            <LessonPanel session={s.clone()} {lang} error={learn.error.clone()} on_back={buttons.back}
                on_show_me={buttons.show_me} on_next={buttons.next} on_reveal={buttons.reveal}
                on_resume={buttons.resume} on_start_over={buttons.start_over}
                on_close={on_close.clone()} on_lang={on_lang.clone()} />
        }
    });
    let rules = learn.rules.then(|| {
        let close = learn.dispatcher();
        let on_close = Callback::from(move |()| close.dispatch(LearnAction::CloseRules));
        html! { <RulesPanel {lang} {on_close} /> }
    });
    let finished = learn.finished.as_ref().map(|(id, lesson)| {
        let next = next_lesson(id);
        let on_next = {
            let learn = learn.dispatcher();
            Callback::from(move |id: &'static str| {
                let learn = learn.clone();
                wasm_bindgen_futures::spawn_local(open_lesson(id.to_string(), Opening::Offer, learn));
            })
        };
        html! { <Finished lesson={lesson.clone()} {lang} {next} {on_next} {on_more} on_close={on_close.clone()} /> }
    });
    let close_dialog = {
        let learn = learn.dispatcher();
        Callback::from(move |()| learn.dispatch(LearnAction::CloseDialog))
    };
    // Escape closes a dialog wherever the focus is (past the dialog's last control, Tab may take
    // it to the page's body, where no key reaches the dialog).
    {
        let learn_dispatch = learn.dispatcher();
        use_effect_with(learn.dialog.is_some(), move |&open| {
            let listener = web_sys::window().filter(|_| open).map(|window| {
                EventListener::new(&window, "keydown", move |event| {
                    let key = Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    if key.as_deref() == Some("Escape") {
                        learn_dispatch.dispatch(LearnAction::CloseDialog);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let dialog = learn.dialog.map(|dialog| match dialog {
        Dialog::Lessons => lesson_picker(&learn, &on_lang, &close_dialog),
        Dialog::Scenarios => modal(
            html! { <ScenarioPicker {lang} on_done={close_dialog.clone()} on_close={close_dialog.clone()} /> },
            &close_dialog,
        ),
        Dialog::Settings => settings_dialog(&learn, &on_lang, &close_dialog),
        Dialog::Files => {
            let on_done = {
                let learn = learn.dispatcher();
                Callback::from(move |told: String| {
                    learn.dispatch(LearnAction::CloseDialog);
                    learn.dispatch(LearnAction::Tell(Some(told)));
                })
            };
            let on_file = {
                let learn = learn.dispatcher();
                Callback::from(move |(file, told)| {
                    let learn = learn.clone();
                    wasm_bindgen_futures::spawn_local(open_chosen_file(file, learn, told));
                })
            };
            modal(
                html! { <FilesDialog {lang} {on_done} {on_file} on_close={close_dialog.clone()} /> },
                &close_dialog,
            )
        }
        Dialog::Help => modal(
            html! { <HelpDialog {lang} on_close={close_dialog.clone()} /> },
            &close_dialog,
        ),
    });
    // Outside the page's markup (www/on-demand.js makes the layer), so the page's inert
    // background does not cover the dialogs.
    let layer = (web_sys::window().and_then(|w| w.document()))
        .and_then(|d| d.get_element_by_id("on-demand-layer"));
    let dialog = dialog.map(|dialog| match layer {
        Some(layer) => create_portal(dialog, layer),
        None => dialog,
    });
    let notice = learn.told.as_ref().map(|text| {
        let dismiss = learn.dispatcher();
        html! {
            <div class="notice" role="status" data-notice="">
                <span>{ text }</span>
                <button class="icon" aria-label={tr("Dismiss")} onclick={move |_| dismiss.dispatch(LearnAction::Tell(None))}>{ "×" }</button>
            </div>
        }
    });
    let error = (learn.error.as_ref())
        .filter(|_| session.is_none() && learn.dialog != Some(Dialog::Lessons))
        .map(|e| html! { <p class="notice error learn-error" role="alert">{ e }</p> });
    let close_diagram = {
        let diagram = diagram.dispatcher();
        Callback::from(move |()| diagram.dispatch(DiagramAction::Close))
    };
    // Below the ring or beside it: remembered for the next visit.
    let place_diagram = {
        let diagram = diagram.dispatcher();
        Callback::from(move |placement: Placement| {
            placement.remember();
            diagram.dispatch(DiagramAction::Place(placement));
        })
    };
    // One child each, present or not: Yew pairs a list's unkeyed children from its end, so a
    // `{ for option }` appearing (a dialog opening) would shift the pairs and mount the diagram
    // and the panels before it again, losing their state (the diagram's zoom and selection).
    html! {
        <>
            <SpacetimeSlot {lang} open={diagram.open} placement={diagram.placement} on_place={place_diagram}
                on_close={close_diagram} />
            { notice.unwrap_or_default() }
            { panel.unwrap_or_default() }
            { finished.unwrap_or_default() }
            { rules.unwrap_or_default() }
            { error.unwrap_or_default() }
            { dialog.unwrap_or_default() }
        </>
    }
}

/// The lesson after `id` in the list's order (the next one written).
fn next_lesson(id: &str) -> Option<&'static LessonEntry> {
    let at = LESSONS.iter().position(|l| l.id == id)?;
    LESSONS[at + 1..].iter().find(|l| l.ready)
}

/// A dialog over a backdrop: a click beside it closes it (and Escape, anywhere).
fn modal(dialog: Html, on_close: &Callback<()>) -> Html {
    let on_backdrop = {
        let on_close = on_close.clone();
        Callback::from(move |e: MouseEvent| {
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if target.is_some_and(|el| el.class_name() == "backdrop") {
                on_close.emit(());
            }
        })
    };
    html! { <div class="backdrop" onclick={on_backdrop}>{ dialog }</div> }
}

/// Settings: the page's configuration, edited; applying restarts the cluster with it.
fn settings_dialog(
    learn: &UseReducerHandle<Learn>,
    on_lang: &Callback<Lang>,
    on_close: &Callback<()>,
) -> Html {
    let config = match page::config() {
        Ok(config) => config,
        Err(error) => {
            return html! { <p class="notice error" role="alert">{ fill(tr("Settings: {0}"), &[&error]) }</p> }
        }
    };
    let on_apply = {
        let learn = learn.dispatcher();
        Callback::from(
            move |config: SimConfig| match page::request(&Request::Restart(config)) {
                Ok(()) => {
                    learn.dispatch(LearnAction::CloseDialog);
                    learn.dispatch(LearnAction::Close);
                    learn.dispatch(LearnAction::Tell(Some(
                        tr("The cluster restarted with the new settings.").into(),
                    )));
                }
                Err(error) => learn.dispatch(LearnAction::Tell(Some(error))),
            },
        )
    };
    // Message names change at once, without a restart, and are remembered for the next visit.
    let on_naming = {
        let learn = learn.dispatcher();
        Callback::from(move |naming: Naming| match page::set_naming(naming) {
            Ok(()) => super::settings::remember_naming(naming),
            Err(error) => learn.dispatch(LearnAction::Tell(Some(error))),
        })
    };
    let naming = page::naming().unwrap_or_default();
    modal(
        html! {
            <Settings {config} {on_apply} {naming} {on_naming} lang={learn.lang} on_lang={on_lang.clone()}
                on_close={on_close.clone()} />
        },
        on_close,
    )
}

fn lesson_picker(
    learn: &UseReducerHandle<Learn>,
    on_lang: &Callback<Lang>,
    on_close: &Callback<()>,
) -> Html {
    let lang = learn.lang;
    {
        let on_open = {
            let learn = learn.dispatcher();
            Callback::from(move |(id, resume): (&'static str, bool)| {
                let how = if resume {
                    Opening::Continue
                } else {
                    Opening::Start
                };
                wasm_bindgen_futures::spawn_local(open_lesson(id.to_string(), how, learn.clone()))
            })
        };
        html! {
            <LessonPicker {lang} progress={progress::load()} error={learn.error.clone()} {on_open}
                on_close={on_close.clone()} on_lang={on_lang.clone()} />
        }
    }
}
