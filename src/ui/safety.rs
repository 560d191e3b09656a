//! The live safety panel: Raft's properties and linearizability, each with a tick or a cross,
//! and what went wrong in plain words.

use super::controls::time_label;
use crate::sim::state::Invariants;
use yew::prelude::*;

/// The properties the simulator checks after every event, as the paper names them.
pub const PROPERTIES: [&str; 8] = [
    "Election Safety",
    "Leader Append-Only",
    "Log Matching",
    "Leader Completeness",
    "State Machine Safety",
    "Monotonic state",
    "Lease Safety",
    "Linearizability",
];

#[derive(Properties, PartialEq)]
pub struct SafetyProps {
    pub invariants: Invariants,
    pub on_seek: Callback<u64>,
}

#[component]
pub fn SafetyPanel(props: &SafetyProps) -> Html {
    let violated = |name: &str| {
        props.invariants.violations.iter().any(|v| {
            v.property == name || (name == "Monotonic state" && v.property.starts_with("Monotonic"))
        })
    };
    html! {
        <section class="panel safety" aria-label="Safety" data-ok={props.invariants.ok.to_string()}>
            <h2>{ "Safety" }</h2>
            <ul class="properties">
                { for PROPERTIES.iter().map(|name| {
                    let bad = violated(name);
                    html! {
                        <li class={if bad { "bad" } else { "ok" }} data-property={*name}>
                            <span class="tick" aria-hidden="true">{ if bad { "✕" } else { "✓" } }</span>
                            { *name }
                        </li>
                    }
                }) }
            </ul>
            { for props.invariants.violations.iter().take(3).map(|v| {
                let cb = props.on_seek.clone();
                let t = v.time_ms;
                html! {
                    <div class="violation" role="alert">
                        <strong>{ format!("{} violated at {}", v.property, time_label(v.time_ms)) }</strong>
                        <p>{ &v.message }</p>
                        <p class="cause">{ format!("After: {}", v.event) }</p>
                        <button onclick={Callback::from(move |_: MouseEvent| cb.emit(t))}>{ "Show the moment" }</button>
                    </div>
                }
            }) }
        </section>
    }
}
