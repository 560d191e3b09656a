//! What the first screen does not show: Learn mode (issue 14: guided lessons on the live
//! simulation), the scenario picker, the space-time diagram and the Rules panel (issue 15),
//! Settings, the keyboard help and the Export dialog. It is a WebAssembly module of its own, fetched
//! the first time one of them is opened (www/on-demand.js), so the page's first download does
//! not carry it (docs/size.md). It sees and drives the simulation only through the page's API,
//! `window.raftlab` ([`page`]), as an embedding page would, and keeps its own copy of the run
//! (`spacetime::replica`, replayed from the page's trace), on which the simulator judges each
//! lesson step (`holds`) and the diagram is recorded.
//!
//! - [`app`]: the root: opening lessons and dialogs, judging steps, answers by click, highlights;
//! - [`rules`]: Figure 2 and the extensions, the rules lit as they fire ([`fired`] finds which,
//!   [`rule_words`] says them);
//! - [`scenarios`], [`settings`] and [`help`]: the other dialogs; [`files_dialog`] and
//!   [`files`]: a run saved and opened as a trace file, the drawing saved as SVG or PNG;
//! - [`session`]: where the learner is (a pure reducer);
//! - [`panel`] and [`picker`]: what is drawn (their words, like every other word of this
//!   module, through `crate::i18n`: English in the code, Chinese in www/i18n/zh.json);
//! - [`progress`]: steps done, kept in local storage;
//! - [`spacetime`]: the space-time diagram, drawn from this module's own copy of the page's run
//!   (the page's simulator does not record what it needs);
//! - [`scenario_calls`]: `window.raftlab.load` and `watch` that take a scenario's text (the
//!   page's own take a trace: it has no scenario parser).

mod app;
mod files;
mod files_dialog;
mod fired;
mod help;
mod page;
mod panel;
mod picker;
mod progress;
mod rule_words;
mod rules;
mod scenario_calls;
mod scenarios;
pub mod session;
mod settings;
mod spacetime;

/// How many trees the page's own Yew app may number (its root; it makes no portals).
const TREES_OF_THE_PAGE: usize = 4;

#[yew::component]
fn Nothing() -> yew::Html {
    yew::Html::default()
}

/// Mounts the module in the page's lesson slot (`#lesson-slot`, which the page leaves empty).
///
/// Yew numbers the trees of an app from 1 and, in the capture phase at each tree's root, matches
/// every event to the tree whose number the target's elements carry. The page is a Yew app of
/// its own, numbered from 1 too, and the lesson panel sits inside the page's markup: sharing a
/// number, the page took the panel's events for its own and ran its handler of the same index
/// (a click on "Next" opened the help dialog). So this module first uses up the page's numbers
/// with empty trees that are never shown (tests/e2e/learn.test.mjs checks the clicks).
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for _ in 0..TREES_OF_THE_PAGE {
        if let Ok(unseen) = document.create_element("div") {
            yew::Renderer::<Nothing>::with_root(unseen)
                .render()
                .destroy();
        }
    }
    spacetime::replica::install();
    scenario_calls::install();
    // The words are in the page's language from the first render (the Chinese catalogue, if
    // that is the language, is on its way or there already: www/i18n.js).
    wasm_bindgen_futures::spawn_local(async move {
        crate::i18n::browser::start().await;
        if let Some(slot) = document.get_element_by_id("lesson-slot") {
            yew::Renderer::<app::OnDemandApp>::with_root(slot).render();
        }
    });
}
