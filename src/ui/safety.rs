//! The live safety panel: Raft's properties and linearizability, each with a tick or a cross,
//! and what went wrong in plain words.

use super::controls::time_label;
use crate::i18n::{fill, tr};
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

/// A property's name in the page's language (in English, [`Property::name`]).
fn label(property: Property) -> &'static str {
    match property {
        Property::ElectionSafety => tr("Election Safety"),
        Property::LeaderAppendOnly => tr("Leader Append-Only"),
        Property::LogMatching => tr("Log Matching"),
        Property::LeaderCompleteness => tr("Leader Completeness"),
        Property::StateMachineSafety => tr("State Machine Safety"),
        Property::MonotonicTerm => tr("Monotonic Term"),
        Property::MonotonicCommit => tr("Monotonic Commit"),
        Property::MonotonicApplied => tr("Monotonic Applied"),
        Property::CommitWithinLog => tr("Commit Within Log"),
        Property::LeaseSafety => tr("Lease Safety"),
        Property::ConfigurationOverlap => tr("Configuration Overlap"),
        Property::Linearizability => tr("Linearizability"),
    }
}

/// A row's name in the page's language.
fn row_label(property: Property) -> &'static str {
    match row_of(property) {
        "Monotonic state" => tr("Monotonic state"),
        _ => label(property),
    }
}

/// The name a violation gives (`Violation::property`) in the page's language.
pub fn property_label(name: &str) -> &str {
    match Property::from_name(name) {
        Some(p) => label(p),
        None => name,
    }
}

/// The rows, in the order of [`Property::ALL`] (the checker's list is the one definition):
/// each row's English name and its name in the page's language.
fn rows() -> Vec<(&'static str, &'static str)> {
    let mut rows: Vec<_> = (Property::ALL.into_iter())
        .map(|p| (row_of(p), row_label(p)))
        .collect();
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
        <section class="panel safety" aria-label={tr("Safety")} data-ok={props.invariants.ok.to_string()}>
            <h2>{ tr("Safety") }</h2>
            <ul class="properties">
                { for rows().into_iter().map(|(name, shown)| {
                    let bad = violated(name);
                    // In another language the English name, as Raft's papers write it, is the
                    // tooltip.
                    html! {
                        <li class={if bad { "bad" } else { "ok" }} data-property={name}
                            title={(shown != name).then_some(name)}>
                            <span class="tick" role="img" aria-label={if bad { tr("violated:") } else { tr("holds:") }}>{ if bad { "✕" } else { "✓" } }</span>
                            { shown }
                        </li>
                    }
                }) }
            </ul>
            { for props.invariants.violations.iter().take(3).map(|v| {
                let cb = props.on_seek.clone();
                let t = v.time_ms;
                html! {
                    <div class="violation" role="alert">
                        <strong>{ fill(tr("{0} violated at {1}"), &[&property_label(&v.property), &time_label(v.time_ms)]) }</strong>
                        <p>{ &v.message }</p>
                        <p class="cause">{ fill(tr("After: {0}"), &[&v.event]) }</p>
                        <button onclick={Callback::from(move |_: MouseEvent| cb.emit(t))}>{ tr("Show the moment") }</button>
                    </div>
                }
            }) }
        </section>
    }
}
