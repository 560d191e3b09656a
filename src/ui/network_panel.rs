//! Network-wide faults: random loss, duplication, latency, and one button to heal everything.

use crate::sim::command::Command;
use crate::sim::state::NetworkState;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub network: NetworkState,
    pub on_command: Callback<Command>,
}

fn slider(on_command: &Callback<Command>, make: fn(f64) -> Command) -> Callback<Event> {
    let cb = on_command.clone();
    Callback::from(move |e: Event| {
        if let Some(v) = e
            .target_dyn_into::<HtmlInputElement>()
            .and_then(|i| i.value().parse::<f64>().ok())
        {
            cb.emit(make(v));
        }
    })
}

#[component]
pub fn NetworkPanel(props: &NetworkProps) -> Html {
    let n = &props.network;
    let heal = {
        let cb = props.on_command.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Command::Heal))
    };
    let troubled = !n.partitions.is_empty() || !n.cuts.is_empty();
    let latency_max = n.latency.max_ms;
    html! {
        <section class="panel network" aria-label="Network">
            <header>
                <h2>{ "Network" }</h2>
                <button data-action="heal" class={classes!(troubled.then_some("primary"))} onclick={heal}
                        title="Remove every partition and cut (h)">{ "Heal all" }</button>
            </header>
            <label>
                <span>{ format!("Loss {:.0}%", n.drop_rate * 100.0) }</span>
                <input type="range" min="0" max="0.5" step="0.01" value={n.drop_rate.to_string()}
                    aria-label="Message loss" onchange={slider(&props.on_command, |p| Command::DropRate { p })} />
            </label>
            <label>
                <span>{ format!("Duplicates {:.0}%", n.dup_rate * 100.0) }</span>
                <input type="range" min="0" max="0.5" step="0.01" value={n.dup_rate.to_string()}
                    aria-label="Message duplication" onchange={slider(&props.on_command, |p| Command::DupRate { p })} />
            </label>
            <label>
                <span>{ format!("Latency {}–{} ms", n.latency.min_ms, latency_max) }</span>
                <input type="range" min="1" max="200" step="1" value={latency_max.to_string()}
                    aria-label="Message latency" onchange={slider(&props.on_command, |v| {
                        let max_ms = v.round() as u64;
                        Command::Latency { min_ms: max_ms * 2 / 3, max_ms, from: None, to: None }
                    })} />
            </label>
        </section>
    }
}
