//! The scenario picker: the presets by topic, in the order Raft is taught, or a scenario pasted
//! as text. The presets' texts are fetched when the picker opens; the one chosen goes to the page
//! as text (`window.raftlab.watch`), which shows its description and pauses where its script ends.

use super::page;
use crate::i18n::{fill, tr, Lang};
use crate::sim::scenario::presets::PRESET_TOPICS;
use crate::sim::scenario::Scenario;
use crate::ui::fetch::fetch_preset;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// A preset as the picker shows it: its text, and its title and description once parsed, in
/// English and in Chinese (`title.zh`, `about.zh`).
#[derive(Clone, PartialEq)]
struct Preset {
    id: &'static str,
    text: String,
    parsed: Result<[String; 4], String>,
}

async fn fetch_presets() -> Vec<Preset> {
    let mut list = Vec::new();
    for &id in PRESET_TOPICS.iter().flat_map(|(_, ids)| ids.iter()) {
        let text = fetch_preset(id).await;
        let parsed = (text.as_deref().map_err(Clone::clone))
            .and_then(|t| Scenario::parse(t).map_err(|e| e.to_string()))
            .map(|s| [s.title, s.description, s.title_zh, s.description_zh]);
        let text = text.unwrap_or_default();
        list.push(Preset { id, text, parsed });
    }
    list
}

#[derive(Properties, PartialEq)]
pub struct ScenarioPickerProps {
    /// The language spoken: the dialog renders again when it changes (`crate::i18n`).
    pub lang: Lang,
    /// The page took the scenario (the picker closes).
    pub on_done: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ScenarioPicker(props: &ScenarioPickerProps) -> Html {
    let error = use_state(|| None::<String>);
    let text = use_node_ref();
    // None while the presets are on their way.
    let presets = use_state(|| None::<Vec<Preset>>);
    {
        let presets = presets.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(
                async move { presets.set(Some(fetch_presets().await)) },
            );
        });
    }
    let watch = {
        let (error, on_done) = (error.clone(), props.on_done.clone());
        move |source: &str| match page::watch(source) {
            Ok(()) => on_done.emit(()),
            Err(e) => error.set(Some(e)),
        }
    };
    let run_pasted = {
        let (text, watch) = (text.clone(), watch.clone());
        Callback::from(move |_: MouseEvent| {
            let source = (text.cast::<HtmlTextAreaElement>()).map(|t| t.value());
            watch(&source.unwrap_or_default());
        })
    };
    let lang = props.lang;
    let entry = |preset: &Preset| match &preset.parsed {
        Ok([en_title, en_description, zh_title, zh_description]) => {
            let (title, description) = match lang {
                Lang::Zh if !zh_title.is_empty() => (zh_title, zh_description),
                _ => (en_title, en_description),
            };
            let (watch, text) = (watch.clone(), preset.text.clone());
            html! {
                <li>
                    <button class="preset" data-preset={preset.id}
                            onclick={Callback::from(move |_: MouseEvent| watch(&text))}>
                        <strong>{ title }</strong>
                        <span>{ description }</span>
                    </button>
                </li>
            }
        }
        Err(e) => html! { <li class="broken">{ fill(tr("{0}: {1}"), &[&preset.id, &e]) }</li> },
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="dialog scenarios" role="dialog" aria-modal="true" aria-label={tr("Scenarios")} tabindex="-1" data-focus-in="">
            <header>
                <h2>{ tr("Scenarios") }</h2>
                <button class="icon close" aria-label={tr("Close")} onclick={close}>{ "×" }</button>
            </header>
            if presets.is_none() { <p class="hint loading">{ tr("Loading the presets…") }</p> }
            <div class="preset-list">
                { for PRESET_TOPICS.iter().map(|(topic, ids)| html! {
                    <section class="topic">
                        // The topics are src/sim's (tests/i18n_catalogue.rs reads them there).
                        <h3>{ tr(topic) }</h3>
                        <ul>
                            { for presets.iter().flatten().filter(|p| ids.contains(&p.id)).map(entry) }
                        </ul>
                    </section>
                }) }
            </div>
            <details>
                <summary>{ tr("Paste a scenario") }</summary>
                <textarea ref={text} rows="8" aria-label={tr("Scenario text")}
                    placeholder={"nodes 5\nseed 7\nat 2s crash leader\nexpect leader within 3s"} />
                <button class="primary" onclick={run_pasted}>{ tr("Run it") }</button>
            </details>
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
        </section>
    }
}
