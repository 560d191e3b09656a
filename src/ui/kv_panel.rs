//! The key-value store: each server's applied state, a client box to put and get through any
//! server with a chosen read mode, and the history of client operations.

use crate::i18n::{fill, key, tr};
use crate::sim::command::Command;
use crate::sim::history::ReadMode;
use crate::sim::sorted_set::SortedSet;
use crate::sim::state::State;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KvProps {
    pub view: super::View,
    pub on_command: Callback<Command>,
}

/// The read modes a person can pick: (value, label, translated where it is shown).
const READ_MODES: [(&str, &str); 4] = [
    ("read_index", key("ReadIndex (linearizable)")),
    ("follower", key("Follower read (linearizable)")),
    ("lease", key("Lease read (needs bounded clock drift)")),
    ("local", key("Local read (unsafe: may be stale)")),
];

fn read_mode(name: &str) -> ReadMode {
    match name {
        "follower" => ReadMode::Follower,
        "lease" => ReadMode::Lease,
        "local" => ReadMode::Local,
        _ => ReadMode::ReadIndex,
    }
}

#[component]
pub fn KvPanel(props: &KvProps) -> Html {
    let state: &State = &props.view.0;
    let key = use_node_ref();
    let value = use_node_ref();
    let node = use_node_ref();
    let mode = use_node_ref();
    let read_form = {
        let (key, value, node, mode) = (key.clone(), value.clone(), node.clone(), mode.clone());
        move || {
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let select = |r: &NodeRef| {
                r.cast::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default()
            };
            let node_id = select(&node).parse::<u64>().unwrap_or(1);
            (text(&key), text(&value), node_id, select(&mode))
        }
    };
    let on_put = {
        let cb = props.on_command.clone();
        let read_form = read_form.clone();
        Callback::from(move |_: MouseEvent| {
            let (key, value, node, _) = read_form();
            cb.emit(Command::Put { key, value, node });
        })
    };
    let on_get = {
        let cb = props.on_command.clone();
        Callback::from(move |_: MouseEvent| {
            let (key, _, node, mode) = read_form();
            cb.emit(Command::Get {
                key,
                node,
                read: read_mode(&mode),
            });
        })
    };
    // Every key any server holds.
    let mut keys = SortedSet::new();
    for key in state.nodes.iter().flat_map(|n| n.kv.keys()) {
        keys.insert(key);
    }
    let linearizable = !state
        .invariants
        .violations
        .iter()
        .any(|v| v.property == "Linearizability");
    html! {
        <section class="panel kv" aria-label={tr("Key-value store")}>
            <header><h2>{ tr("Key-value store") }</h2></header>
            <form class="client" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <input ref={key} value="x" aria-label={tr("Key")} size="4" />
                <input ref={value} value="1" aria-label={tr("Value")} size="4" />
                <select ref={node} aria-label={tr("Send to server")}>
                    { for state.nodes.iter().map(|n| html! {
                        <option value={n.id.to_string()} selected={state.leader == Some(n.id)}>{ fill(tr("via S{0}"), &[&n.id]) }</option>
                    }) }
                </select>
                <button type="button" data-action="client-put" onclick={on_put}>{ tr("Put") }</button>
                <select ref={mode} aria-label={tr("Read mode")}>
                    { for READ_MODES.iter().map(|(v, label)| html! {
                        // Yew inserts options last-first; name the default explicitly.
                        <option value={*v} selected={*v == "read_index"}>{ tr(label) }</option>
                    }) }
                </select>
                <button type="button" data-action="client-get" onclick={on_get}>{ tr("Get") }</button>
            </form>
            <table class="kv-table">
                <thead><tr><th>{ tr("server") }</th>{ for keys.iter().map(|k| html! { <th>{ k.as_str() }</th> }) }</tr></thead>
                <tbody>
                    { for state.nodes.iter().map(|n| html! {
                        <tr data-kv-node={n.id.to_string()}>
                            <th>{ format!("S{}", n.id) }</th>
                            { for keys.iter().map(|k| html! {
                                <td data-key={k.to_string()}>{ n.kv.get(k).cloned().unwrap_or_else(|| "—".into()) }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>
                { tr("History ") }
                <span class={if linearizable { "verdict ok" } else { "verdict bad" }}>
                    { if linearizable { tr("✓ linearizable so far") } else { tr("✕ not linearizable") } }
                </span>
            </h3>
            <ol class="history">
                { for state.history.iter().rev().take(30).map(|op| html! {
                    <li class={classes!(op.status.clone().unwrap_or_else(|| "pending".into()))}>{ &op.text }</li>
                }) }
            </ol>
        </section>
    }
}
