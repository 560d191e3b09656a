//! The live safety panel: Raft's properties and linearizability, each with a tick or a cross,
//! and what went wrong in plain words.

use super::controls::time_label;
use crate::i18n::{fill, key, tr, Lang};
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
    tr(match property {
        Property::ElectionSafety => key("Election Safety"),
        Property::LeaderAppendOnly => key("Leader Append-Only"),
        Property::LogMatching => key("Log Matching"),
        Property::LeaderCompleteness => key("Leader Completeness"),
        Property::StateMachineSafety => key("State Machine Safety"),
        Property::MonotonicTerm => key("Monotonic Term"),
        Property::MonotonicCommit => key("Monotonic Commit"),
        Property::MonotonicApplied => key("Monotonic Applied"),
        Property::CommitWithinLog => key("Commit Within Log"),
        Property::LeaseSafety => key("Lease Safety"),
        Property::ConfigurationOverlap => key("Configuration Overlap"),
        Property::Linearizability => key("Linearizability"),
    })
}

/// A row's name in the page's language.
fn row_label(property: Property) -> &'static str {
    match row_of(property) {
        "Monotonic state" => tr(key("Monotonic state")),
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
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
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
                            <span class="tick" role="img" aria-label={tr(if bad { key("violated:") } else { key("holds:") })}>{ if bad { "✕" } else { "✓" } }</span>
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
