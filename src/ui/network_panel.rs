//! Network-wide faults: random loss, duplication, latency, and one button to heal everything.

use crate::i18n::{fill, tr, Lang};
use crate::sim::command::Command;
use crate::sim::decimal::Decimal;
use crate::sim::sorted_set::SortedSet;
use crate::sim::state::NetworkState;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
    pub network: NetworkState,
    /// Every server's id, for the partition builder.
    pub nodes: Vec<u64>,
    pub on_command: Callback<Command>,
}

fn slider(on_command: &Callback<Command>, make: fn(f64) -> Command) -> Callback<Event> {
    let cb = on_command.clone();
    Callback::from(move |e: Event| {
        if let Some(v) = e
            .target_dyn_into::<HtmlInputElement>()
            .map(|i| i.value_as_number())
            .filter(|v| v.is_finite())
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
    // The partition builder: servers picked here go to one side, the rest to the other.
    let picked = use_state(SortedSet::<u64>::new);
    let split = {
        let (cb, picked, nodes) = (
            props.on_command.clone(),
            picked.clone(),
            props.nodes.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (side, rest): (Vec<u64>, Vec<u64>) =
                nodes.iter().partition(|id| picked.contains(id));
            if !side.is_empty() && !rest.is_empty() {
                cb.emit(Command::Partition {
                    groups: vec![side, rest],
                });
            }
        })
    };
    let can_split = !picked.is_empty() && picked.len() < props.nodes.len();
    let latency_max = n.latency.max_ms;
    html! {
        <section class="panel network" aria-label={tr("Network")}>
            <header>
                <h2>{ tr("Network") }</h2>
                <button data-action="heal" class={classes!(troubled.then_some("primary"))} onclick={heal}
                        title={tr("Remove every partition and cut (h)")}>{ tr("Heal all") }</button>
            </header>
            <div class="splitter" role="group" aria-label={tr("Partition builder")}>
                <span>{ tr("Split off") }</span>
                { for props.nodes.iter().map(|&id| {
                    let on = picked.contains(&id);
                    let picked = picked.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        let mut next = (*picked).clone();
                        if !next.remove(&id) {
                            next.insert(id);
                        }
                        picked.set(next);
                    });
                    html! {
                        <button class={classes!("chip", on.then_some("on"))} aria-pressed={on.to_string()} {onclick}>
                            { format!("S{id}") }
                        </button>
                    }
                }) }
                <button data-action="split" disabled={!can_split} onclick={split}
                        title={tr("Partition the picked servers from the others")}>{ tr("Split") }</button>
            </div>
            <label>
                <span>{ fill(tr("Loss {0}%"), &[&Decimal::places(n.drop_rate * 100.0, 0)]) }</span>
                <input type="range" min="0" max="0.5" step="0.01" value={Decimal::new(n.drop_rate).to_string()}
                    aria-label={tr("Message loss")} onchange={slider(&props.on_command, |p| Command::DropRate { p })} />
            </label>
            <label>
                <span>{ fill(tr("Duplicates {0}%"), &[&Decimal::places(n.dup_rate * 100.0, 0)]) }</span>
                <input type="range" min="0" max="0.5" step="0.01" value={Decimal::new(n.dup_rate).to_string()}
                    aria-label={tr("Message duplication")} onchange={slider(&props.on_command, |p| Command::DupRate { p })} />
            </label>
            <label>
                <span>{ fill(tr("Latency {0}–{1} ms"), &[&n.latency.min_ms, &latency_max]) }</span>
                <input type="range" min="1" max="200" step="1" value={latency_max.to_string()}
                    aria-label={tr("Message latency")} onchange={slider(&props.on_command, |v| {
                        let max_ms = v.round() as u64;
                        Command::Latency { min_ms: max_ms * 2 / 3, max_ms, from: None, to: None }
                    })} />
            </label>
        </section>
    }
}
