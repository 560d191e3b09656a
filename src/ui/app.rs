//! The whole page: it owns the engine, runs the animation loop and wires every panel's
//! commands to the simulation.

use super::actions::{dying_message, next_put_value, on_key, share_run};
use super::animation::{use_animation_loop, use_page_visible};
use super::api;
use super::api::tell_parent;
use super::cluster::standing::{cluster_config, Standing};
use super::cluster::{link_status, next_link_commands, ClusterView};
use super::controls::Controls;
use super::details::{find_message, find_node, MessageCard, NodeCard};
use super::engine::{Engine, ScriptVerdict};
use super::keyboard::{key_action, typing_in_field};
use super::kv_panel::KvPanel;
use super::log_view::{LogView, WINDOW as LOG_WINDOW};
use super::model::{Notice, Selection, UiAction, UiModel};
use super::narration::NarrationPanel;
use super::network_panel::NetworkPanel;
use super::safety::SafetyPanel;
use super::{boot, View};
use crate::i18n::{fill, key, tr};
use crate::sim::command::Command;
use crate::sim::config::MAX_NODES;
use crate::sim::state::State;
use crate::sim::trace_file::{Judged, Trace};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let booted = use_memo((), |_| boot::boot());
    let engine: Rc<Engine> = booted.engine.clone();
    let ui = use_reducer(|| UiModel {
        notice: booted.notice.clone(),
        dark: booted.dark,
        ..UiModel::default()
    });
    let redraw = use_force_update();
    {
        let engine = engine.clone();
        let on_watch = watch_scenario(engine.clone(), ui.dispatcher());
        use_effect_with((), move |_| {
            let again = redraw.clone();
            engine.set_listener(Callback::from(move |_| redraw.force_update()));
            let api = api::install(engine.clone(), on_watch);
            // The language switched in the second module (Settings, Learn's EN / 中文).
            let switched = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "raftlab-lang", move |_| {
                    crate::i18n::browser::read();
                    again.force_update();
                })
            });
            move || drop((api, switched))
        });
    }
    let visible = use_page_visible();
    use_animation_loop(engine.clone(), engine.playing() && visible);

    let state = Rc::new(engine.display_state(LOG_WINDOW, ui.log_anchor));
    let view = View(state.clone());
    for error in engine.take_skipped() {
        ui.dispatch(UiAction::Notify(Notice::error(error)));
    }
    // A new violation pauses the run so the person can look at what went wrong.
    let violations_seen = use_mut_ref(|| 0u64);
    if state.invariants.total > *violations_seen.borrow() {
        if engine.playing() {
            engine.set_playing(false);
        }
        if let Some(v) = state.invariants.violations.first() {
            ui.dispatch(UiAction::Notify(Notice::error(fill(
                tr("Paused: {0} was violated. {1}"),
                &[&super::safety::property_label(&v.property), &v.message],
            ))));
            tell_parent("violation", "property", v.property.as_str().into());
        }
    }
    *violations_seen.borrow_mut() = state.invariants.total;
    // A scenario's script has played to its end: the run paused there.
    if let Some(end) = engine.take_script_done() {
        let seconds = crate::sim::decimal::Decimal::new(end as f64 / 1000.0);
        let verdict = match engine.script_verdict() {
            ScriptVerdict::Judged(Judged { met, total }) => {
                fill(tr("{0} of {1} expectations met"), &[&met, &total])
            }
            ScriptVerdict::NothingExpected => tr("its script has played to the end").to_string(),
            ScriptVerdict::RunChanged => {
                tr("the run was changed, so its expectations were not judged").to_string()
            }
        };
        ui.dispatch(UiAction::Notify(Notice::info(fill(
            tr("Scenario done at {0} s: {1}. Press play to let the cluster run on."),
            &[&seconds, &verdict],
        ))));
        tell_parent("scenario_done", "time_ms", (end as f64).into());
    }
    // A new leader (or none), for a page that embeds this one.
    let leader_seen = use_mut_ref(|| None::<u64>);
    if state.leader != *leader_seen.borrow() {
        *leader_seen.borrow_mut() = state.leader;
        tell_parent(
            "leader",
            "leader",
            state.leader.map_or(JsValue::NULL, |l| (l as f64).into()),
        );
    }

    let notify_result = {
        let ui = ui.dispatcher();
        move |result: Result<(), String>| {
            if let Err(error) = result {
                ui.dispatch(UiAction::Notify(Notice::error(error)));
            }
        }
    };
    let on_command = {
        let (engine, notify_result, ui) = (engine.clone(), notify_result.clone(), ui.dispatcher());
        Callback::from(move |command: Command| {
            let dying = match &command {
                Command::DropMessage { id } => dying_message(&engine.light_state(), *id),
                _ => None,
            };
            let result = engine.command(command);
            if let (Ok(()), Some(dying)) = (&result, dying) {
                ui.dispatch(UiAction::MessageDied(dying));
            }
            notify_result(result)
        })
    };
    let on_node = {
        let ui = ui.dispatcher();
        Callback::from(move |id| ui.dispatch(UiAction::Toggle(Selection::Node(id))))
    };
    let on_message = {
        let ui = ui.dispatcher();
        Callback::from(move |id| ui.dispatch(UiAction::Toggle(Selection::Message(id))))
    };
    let on_link = {
        let (engine, notify_result) = (engine.clone(), notify_result.clone());
        Callback::from(move |(a, b): (u64, u64)| {
            let status = link_status(&engine.light_state().network, a, b);
            for command in next_link_commands(status, a, b) {
                notify_result(engine.command(command));
            }
        })
    };
    let on_seek = {
        let engine = engine.clone();
        Callback::from(move |t: u64| {
            engine.set_playing(false);
            engine.seek(t);
        })
    };
    let close_selection = {
        let ui = ui.dispatcher();
        Callback::from(move |_| ui.dispatch(UiAction::ClearSelection))
    };
    let on_share = {
        let (engine, ui) = (engine.clone(), ui.dispatcher());
        Callback::from(move |_: MouseEvent| {
            ui.dispatch(UiAction::Notify(share_run(&engine)));
        })
    };
    let on_restart = {
        let (engine, notify_result) = (engine.clone(), notify_result.clone());
        Callback::from(move |_| notify_result(engine.restart(engine.config())))
    };

    {
        let (engine, ui) = (engine.clone(), ui.clone());
        let on_command = on_command.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    let options = gloo_events::EventListenerOptions::enable_prevent_default();
                    gloo_events::EventListener::new_with_options(
                        &document,
                        "keydown",
                        options,
                        move |event| {
                            let Some(event) =
                                wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event)
                            else {
                                return;
                            };
                            if typing_in_field(event) {
                                return;
                            }
                            if let Some(action) = key_action(event) {
                                event.prevent_default();
                                on_key(&engine, &ui, &on_command, action);
                            }
                        },
                    )
                });
            move || drop(listener)
        });
    }

    // The page's language, given to every panel whose other props may stay the same across a
    // switch (src/i18n: a component draws again only when its props change).
    let lang = crate::i18n::lang();
    let selection_card = match ui.selection {
        Some(Selection::Node(id)) => find_node(&state, id).map(|n| html! {
            <NodeCard {lang} node={n.clone()} leader={state.leader} cluster={state.nodes.iter().map(|n| n.id).collect::<Vec<_>>()} next_value={next_put_value(&state)}
                standing={Standing::of(cluster_config(&state), id)}
                snapshot={engine.snapshot_contents(id)} naming={engine.naming()}
                on_command={on_command.clone()} on_close={close_selection.clone()} />
        }),
        Some(Selection::Message(id)) => find_message(&state, id).map(|m| html! {
            <MessageCard {lang} message={m.clone()} naming={engine.naming()} on_command={on_command.clone()} on_close={close_selection.clone()} />
        }),
        None => None,
    };
    let dismiss = {
        let ui = ui.dispatcher();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::DismissNotice))
    };
    let on_scroll_log = {
        let ui = ui.dispatcher();
        Callback::from(move |anchor| ui.dispatch(UiAction::ScrollLog(anchor)))
    };
    let on_snapshot = {
        let ui = ui.dispatcher();
        Callback::from(move |id| ui.dispatch(UiAction::Select(Selection::Node(id))))
    };
    let on_filter = {
        let ui = ui.dispatcher();
        Callback::from(move |f| ui.dispatch(UiAction::FilterNarration(f)))
    };
    let theme = match ui.dark {
        Some(true) => "dark",
        Some(false) => "light",
        None => "auto",
    };
    let toggle_theme = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::SetDark(ui.dark != Some(true))))
    };
    let on_play_pause = {
        let engine = engine.clone();
        Callback::from(move |_| engine.set_playing(!engine.playing()))
    };
    let on_step_back = {
        let engine = engine.clone();
        Callback::from(move |_| {
            engine.set_playing(false);
            engine.step_back();
        })
    };
    let on_step_forward = {
        let engine = engine.clone();
        Callback::from(move |_| {
            engine.set_playing(false);
            engine.step_forward();
        })
    };
    let on_speed = {
        let engine = engine.clone();
        Callback::from(move |s| engine.set_speed(s))
    };
    html! {
        // data-names: the legend shows the paper's message names or etcd's (style.css).
        <div class={classes!("app", booted.embed.then_some("embed"))} data-theme={theme} data-names={engine.naming().name()}>
            <header class="topbar">
                <h1><span class="logo" aria-hidden="true">{ "◎" }</span>{ "Raftlab" }</h1>
                <p class="tagline">{ tr("Raft consensus, live in your browser. Click a server or a message; click a link to cut it.") }</p>
                <nav class="tools">
                    // Learn mode, the scenario picker, the space-time diagram, the Rules panel, Settings
                    // and the keyboard help are the second module's, fetched on the first click of one
                    // of their buttons (www/on-demand.js).
                    { for TOOLS.iter().map(|&(action, label, title)| html! {
                        <button data-action={action} title={tr(title)}
                            onclick={(action == "share").then(|| on_share.clone())}>{ tr(label) }</button>
                    }) }
                    <button class="icon" onclick={toggle_theme} title={tr("Light or dark")} aria-label={tr("Switch between light and dark")}>{ "◐" }</button>
                    <button class="icon" data-action="help" title={tr("Keyboard shortcuts (?)")} aria-label={tr("Keyboard shortcuts")}>{ "?" }</button>
                </nav>
            </header>
            if let Some(notice) = &ui.notice {
                <div class={classes!("notice", notice.is_error.then_some("error"))} role="status" data-notice="">
                    <span>{ &notice.text }</span>
                    <button class="icon" aria-label={tr("Dismiss")} onclick={dismiss}>{ "×" }</button>
                </div>
            }
            <main class="stage">
                <section class="cluster-panel">
                    <ClusterView view={view.clone()} selection={ui.selection} dying={ui.dying.clone()}
                        {on_node} {on_message} {on_link} />
                    <super::legend::Legend {lang} />
                    { membership_tools(&state, &on_command) }
                </section>
                <aside class="side">
                    // Learn mode draws its lesson panel here (src/on_demand); this page leaves it empty.
                    <div id="lesson-slot" />
                    // One child, present or not: Yew pairs a list's unkeyed children from its end,
                    // so a card appearing as an extra child would pair with the slot and mount a
                    // new, empty one, unmounting the lesson drawn there (issue 14).
                    { selection_card.unwrap_or_default() }
                    <SafetyPanel {lang} invariants={state.invariants.clone()} on_seek={on_seek.clone()} />
                    <NetworkPanel {lang} network={state.network.clone()} nodes={state.nodes.iter().map(|n| n.id).collect::<Vec<_>>()}
                        on_command={on_command.clone()} />
                    <NarrationPanel {lang} events={state.events.clone()} filter={ui.narration_filter.clone()}
                        {on_filter} on_seek={on_seek.clone()} />
                </aside>
            </main>
            <Controls {lang} time_ms={state.time_ms} end_ms={state.end_ms} playing={engine.playing()}
                speed={engine.speed()} {on_play_pause} {on_step_back} {on_step_forward}
                {on_speed} on_seek={on_seek.clone()} {on_restart} seed={state.seed}
                marks={engine.timeline_marks(state.end_ms, 200)} />
            <section class="lower">
                <LogView view={view.clone()} anchor={ui.log_anchor} on_scroll={on_scroll_log} {on_snapshot} />
                <KvPanel view={view.clone()} on_command={on_command.clone()} />
            </section>
            // The space-time diagram draws here (src/on_demand); this page leaves it empty.
            <div id="spacetime-slot" />
        </div>
    }
}

/// The tool bar's text buttons, in order: (data-action, label, title), translated where they are
/// shown. One `html!` element draws them all: each element costs the page's wasm about 200
/// bytes (docs/size.md).
const TOOLS: [(&str, &str, &str); 7] = [
    (
        "learn",
        key("Learn"),
        key("Guided lessons through Raft (g)"),
    ),
    (
        "spacetime",
        key("Space-time"),
        key("Space-time diagram: each server's life and every message along time (d)"),
    ),
    (
        "rules",
        key("Rules"),
        key("The rules of Raft, lit as they fire (r)"),
    ),
    ("scenarios", key("Scenarios"), key("Preset scenarios (o)")),
    ("settings", key("Settings"), key("Settings (s)")),
    ("share", key("Share"), key("Copy a link to this run (k)")),
    (
        "files",
        key("Export"),
        key("Save the run or the drawing, open a trace or scenario file (e)"),
    ),
];

/// A scenario a person chose in the picker (the second module's, which calls
/// `window.raftlab.watch`): it starts playing, its title and description are shown, and the run
/// pauses where its script ends.
fn watch_scenario(
    engine: Rc<Engine>,
    ui: UseReducerDispatcher<UiModel>,
) -> Callback<Trace, Result<(), String>> {
    Callback::from(move |scenario: Trace| {
        engine.load_to_watch(&scenario)?;
        tell_learn_mode_the_run_was_replaced();
        engine.set_playing(true);
        ui.dispatch(UiAction::ClearSelection);
        let (title, description) = scenario.title_and_description(crate::i18n::lang());
        let notice = fill(tr("{0}: {1}"), &[&title, &description]);
        ui.dispatch(UiAction::Notify(Notice::info(notice)));
        Ok(())
    })
}

/// The person loaded a scenario: an open lesson, whose run this was, closes. Learn mode runs as
/// a module of its own (src/on_demand) and listens for this event.
fn tell_learn_mode_the_run_was_replaced() {
    if let (Some(window), Ok(event)) = (
        web_sys::window(),
        web_sys::Event::new("raftlab-run-replaced"),
    ) {
        let _ = window.dispatch_event(&event);
    }
}

/// "+ Add server" and "+ Add learner" (thesis §4.2.1): a brand-new, empty server with the next
/// id joins through the leader. Ids are never reused, so the buttons stop at the largest cluster.
fn membership_tools(state: &State, on_command: &Callback<Command>) -> Html {
    let next = state.members.iter().max().map_or(1, |m| m + 1);
    let full = next > MAX_NODES;
    let add = |learner: bool| {
        on_command.reform(move |_: MouseEvent| Command::AddServer {
            node: next,
            learner,
        })
    };
    let title = if full {
        fill(
            tr("A cluster has at most {0} servers, and a removed server's id is not reused"),
            &[&MAX_NODES],
        )
    } else {
        fill(
            tr("S{0} joins through the leader, with an empty log"),
            &[&next],
        )
    };
    html! {
        <div class="membership-tools">
            <button data-action="add-server" disabled={full} title={title.clone()} onclick={add(false)}>{ tr("+ Add server") }</button>
            <button data-action="add-learner" disabled={full} {title} onclick={add(true)}>{ tr("+ Add learner") }</button>
        </div>
    }
}
