//! The Export dialog: save the run as a trace file, save the drawing as SVG or PNG, open a
//! trace or a scenario file (src/on_demand/files.rs does the work).

use super::files::{save_png, save_svg, save_trace};
use crate::i18n::{fill, key, tr, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The drawings that can be saved: (CSS selector, file name, what the buttons say).
const DRAWINGS: [(&str, &str, &str); 2] = [
    ("svg.cluster", "raftlab-cluster", key("the cluster")),
    (
        "[data-view=\"spacetime\"] svg.st-svg",
        "raftlab-space-time",
        key("the space-time diagram"),
    ),
];

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    /// The language spoken: the dialog renders again when it changes (`crate::i18n`).
    pub lang: Lang,
    /// Something was done: what to tell the person (the dialog closes).
    pub on_done: Callback<String>,
    /// A file chosen to open, and where to say what came of it (a lesson opens in Learn mode,
    /// a trace or a scenario replaces the run).
    pub on_file: Callback<(web_sys::File, Callback<Result<String, String>>)>,
    pub on_close: Callback<()>,
}

#[component]
pub fn FilesDialog(props: &FilesProps) -> Html {
    let history = use_state(|| true);
    let error = use_state(|| None::<String>);
    let report = {
        let (error, on_done) = (error.clone(), props.on_done.clone());
        Callback::from(move |result: Result<String, String>| match result {
            Ok(told) => on_done.emit(told),
            Err(e) => error.set(Some(e)),
        })
    };
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                state.set(input.checked());
            }
        })
    };
    let save_run = {
        let (history, report) = (history.clone(), report.clone());
        Callback::from(move |_: MouseEvent| {
            let saved = save_trace(*history);
            report.emit(saved.map(|()| tr("The run is saved as a trace file.").to_string()));
        })
    };
    let open = {
        let (report, on_file) = (report.clone(), props.on_file.clone());
        Callback::from(move |e: Event| {
            let file = (e.target_dyn_into::<HtmlInputElement>())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                on_file.emit((file, report.clone()));
            }
        })
    };
    let shown = |selector: &str| {
        (web_sys::window().and_then(|w| w.document()))
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .is_some()
    };
    let drawing = |&(selector, name, what): &(&'static str, &'static str, &'static str)| {
        let svg = {
            let report = report.clone();
            Callback::from(move |_: MouseEvent| {
                let saved = (save_svg(selector, name))
                    .map(|()| fill(tr("Saved {0}."), &[&format!("{name}.svg")]));
                report.emit(saved);
            })
        };
        let png = {
            let report = report.clone();
            Callback::from(move |_: MouseEvent| {
                let report = report.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let saved = save_png(selector, name).await;
                    report.emit(saved.map(|()| fill(tr("Saved {0}."), &[&format!("{name}.png")])));
                });
            })
        };
        html! {
            <p class="save-drawing">
                <span>{ tr(what) }</span>
                <button data-export="svg" data-drawing={name} onclick={svg}>{ tr("Save as SVG") }</button>
                <button data-export="png" data-drawing={name} onclick={png}>{ tr("Save as PNG") }</button>
            </p>
        }
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="dialog files" role="dialog" aria-modal="true" aria-label={tr("Export and import")} tabindex="-1" data-focus-in="">
            <header>
                <h2>{ tr("Export and import") }</h2>
                <button class="icon close" aria-label={tr("Close")} onclick={close}>{ "×" }</button>
            </header>
            <h3>{ tr("This run") }</h3>
            <p class="hint">{ tr("A trace file holds the seed, the configuration and every command with its time. Opened here, or by raftlab-cli run FILE, it replays to the same state (raftlab-cli run FILE --trace-out T --trace-events adds the whole narration).") }</p>
            <label><input type="checkbox" checked={*history} onchange={toggle(&history)} data-option="history" />
                { " " }{ tr("with the client history (Porcupine's format)") }</label>
            <p><button class="primary" data-export="trace" onclick={save_run}>{ tr("Save the run (.json)") }</button></p>
            <h3>{ tr("The drawing, for slides") }</h3>
            { for DRAWINGS.iter().filter(|(selector, _, _)| shown(selector)).map(drawing) }
            <h3>{ tr("Open a file") }</h3>
            <input type="file" accept=".json,.jsonl,.txt" aria-label={tr("A trace or a scenario file")} data-import="" onchange={open} />
            <p class="hint">{ tr("Or drop a trace or a scenario file anywhere on the page.") }</p>
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
        </section>
    }
}
