//! The scenario picker (presets, or a scenario pasted as text). The presets' texts are fetched
//! when the picker opens: the first screen does not need them.

use super::fetch::fetch_preset;
use crate::sim::scenario::presets::PRESET_TOPICS;
use crate::sim::scenario::Scenario;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioProps {
    pub on_load: Callback<Scenario>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ScenarioDialog(props: &ScenarioProps) -> Html {
    let error = use_state(|| None::<String>);
    let text = use_node_ref();
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // None while the presets are on their way.
    let parsed = use_state(|| None::<Vec<(&'static str, Result<Scenario, String>)>>);
    {
        let parsed = parsed.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let mut list = Vec::new();
                for &id in PRESET_TOPICS.iter().flat_map(|(_, ids)| ids.iter()) {
                    let scenario = match fetch_preset(id).await {
                        Ok(text) => Scenario::parse(&text).map_err(|e| e.to_string()),
                        Err(e) => Err(e),
                    };
                    list.push((id, scenario));
                }
                parsed.set(Some(list));
            });
        });
    }
    let load_text = {
        let (text, error, cb) = (text.clone(), error.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| {
            let source = text
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            match Scenario::parse(&source) {
                Ok(scenario) => cb.emit(scenario),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    html! {
        <section class="dialog scenarios" role="dialog" aria-modal="true" aria-label="Scenarios" tabindex="-1" data-focus-in="">
            <header>
                <h2>{ "Scenarios" }</h2>
                <button class="icon close" aria-label="Close" onclick={close}>{ "×" }</button>
            </header>
            if parsed.is_none() { <p class="hint loading">{ "Loading the presets…" }</p> }
            <div class="preset-list">
                { for PRESET_TOPICS.iter().map(|(topic, ids)| html! {
                    <section class="topic">
                        <h3>{ *topic }</h3>
                        <ul>
                            { for parsed.iter().flatten().filter(|(id, _)| ids.contains(id)).cloned().map(|(id, scenario)| match scenario {
                                Ok(scenario) => {
                                    let cb = props.on_load.clone();
                                    let s = scenario.clone();
                                    html! {
                                        <li>
                                            <button class="preset" data-preset={id}
                                                    onclick={Callback::from(move |_: MouseEvent| cb.emit(s.clone()))}>
                                                <strong>{ &scenario.title }</strong>
                                                <span>{ &scenario.description }</span>
                                            </button>
                                        </li>
                                    }
                                }
                                Err(e) => html! { <li class="broken">{ format!("{id}: {e}") }</li> },
                            }) }
                        </ul>
                    </section>
                }) }
            </div>
            <details>
                <summary>{ "Paste a scenario" }</summary>
                <textarea ref={text} rows="8" aria-label="Scenario text"
                    placeholder={"nodes 5\nseed 7\nat 2s crash leader\nexpect leader within 3s"} />
                if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
                <button class="primary" onclick={load_text}>{ "Run it" }</button>
            </details>
        </section>
    }
}
