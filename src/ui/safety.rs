//! The live safety panel: Raft's properties and linearizability, each with a tick or a cross,
//! and what went wrong in plain words.

use super::controls::time_label;
use crate::sim::checker::Property;
use crate::sim::state::Invariants;
use yew::prelude::*;

/// The panel's row for a property: each has its own, except the sanity rules on a server's
/// own state (monotonic term, commit and applied index; commit within the log), which share one.
fn row_of(property: Property) -> &'static str {
    match property {
        Property::MonotonicTerm
        | Property::MonotonicCommit
        | Property::MonotonicApplied
        | Property::CommitWithinLog => "Monotonic state",
        p => p.name(),
    }
}

/// The rows, in the order of [`Property::ALL`] (the checker's list is the one definition).
fn rows() -> Vec<&'static str> {
    let mut rows: Vec<&'static str> = Property::ALL.into_iter().map(row_of).collect();
    rows.dedup();
    rows
}

#[derive(Properties, PartialEq)]
pub struct SafetyProps {
    pub invariants: Invariants,
    pub on_seek: Callback<u64>,
}

#[component]
pub fn SafetyPanel(props: &SafetyProps) -> Html {
    let violated = |row: &str| {
        props
            .invariants
            .violations
            .iter()
            .any(|v| Property::from_name(&v.property).map(row_of) == Some(row))
    };
    html! {
        <section class="panel safety" aria-label="Safety" data-ok={props.invariants.ok.to_string()}>
            <h2>{ "Safety" }</h2>
            <ul class="properties">
                { for rows().into_iter().map(|name| {
                    let bad = violated(name);
                    html! {
                        <li class={if bad { "bad" } else { "ok" }} data-property={name}>
                            <span class="tick" role="img" aria-label={if bad { "violated:" } else { "holds:" }}>{ if bad { "✕" } else { "✓" } }</span>
                            { name }
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
