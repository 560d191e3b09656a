//! The selected node's actions and facts, or the selected message's fields with a drop button.

use super::cluster::role_label;
use super::cluster::standing::Standing;
use crate::i18n::{fill, key, tr, Lang};
use crate::raft::{describe_ids, MessageKind, Naming};
use crate::sim::command::Command;
use crate::sim::decimal::Decimal;
use crate::sim::kv::KvMap;
use crate::sim::state::{MessageState, NodeState, ProgressState, RoleName, State};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
    pub node: NodeState,
    pub leader: Option<u64>,
    /// Every server's id (to isolate this one from the rest).
    pub cluster: Vec<u64>,
    pub next_value: u64,
    /// Where it stands in the cluster's configuration.
    pub standing: Standing,
    /// What its snapshot holds, if it has one.
    pub snapshot: Option<KvMap>,
    /// The paper's words or etcd's for a leader's followers' progress.
    pub naming: Naming,
    pub on_command: Callback<Command>,
    pub on_close: Callback<()>,
}

/// How many of a snapshot's pairs the card lists.
const PAIRS_SHOWN: usize = 24;

const DRIFT_RATES: [f64; 6] = [0.5, 0.8, 1.0, 1.25, 1.5, 2.0];

#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let n = &props.node;
    let id = n.id;
    let send = |command: Command| {
        let cb = props.on_command.clone();
        Callback::from(move |_: MouseEvent| cb.emit(command.clone()))
    };
    let on_drift = {
        let cb = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(rate) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| usize::try_from(s.selected_index()).ok())
                .and_then(|i| DRIFT_RATES.get(i).copied())
            {
                cb.emit(Command::ClockDrift { node: id, rate });
            }
        })
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let put = Command::Put {
        key: "x".into(),
        value: props.next_value.to_string(),
        node: id,
    };
    let can_transfer = n.up && props.leader.is_some_and(|l| l != id);
    let can_compact = n.last_applied > n.snapshot.map_or(0, |s| s.index);
    let isolate = Command::Partition {
        groups: vec![
            vec![id],
            props.cluster.iter().copied().filter(|&o| o != id).collect(),
        ],
    };
    // One button that crashes or restarts: it stays the same element, so the focus stays on it.
    let (crash_or_restart, verb, command) = if n.up {
        ("crash", key("Crash"), Command::Crash { node: id })
    } else {
        ("restart", key("Restart"), Command::Restart { node: id })
    };
    html! {
        <section class="card node-card" aria-label={fill(tr("Server S{0}"), &[&id])} tabindex="-1" data-focus-in={id.to_string()}>
            <header>
                <h2>{ format!("S{id}") }<span class={classes!("role-tag", super::cluster::role_name(n))}>{ role_label(n) }</span></h2>
                <button class="icon close" aria-label={tr("Close")} onclick={close}>{ "×" }</button>
            </header>
            <dl class="facts">
                { for facts(n, props.naming).into_iter().map(|(name, value, class)| html! {
                    <><dt>{ tr(name) }</dt><dd {class}>{ value }</dd></>
                }) }
            </dl>
            { snapshot_contents(props.snapshot.as_ref()) }
            <div class="actions">
                { action(crash_or_restart, None, tr(verb).into(), false, send(command)) }
                if n.up {
                    { action("timeout", Some(key("Fire its election timer now")), tr("Time out").into(),
                        false, send(Command::Timeout { node: id })) }
                    { action("put", Some(key("A client writes x through this server")),
                        fill(tr("Put x={0}"), &[&props.next_value]).into(), false, send(put)) }
                    { action("isolate", Some(key("Cut it off from every other server")), tr("Isolate").into(),
                        false, send(isolate)) }
                    { action("snapshot", Some(if can_compact {
                            key("Compact its log: a snapshot of its state machine replaces the applied entries")
                        } else {
                            key("Nothing applied since its last snapshot")
                        }), tr("Take snapshot").into(), !can_compact, send(Command::Snapshot { node: id })) }
                    if can_transfer {
                        { action("transfer", None, tr("Make leader").into(), false, send(Command::Transfer { to: id })) }
                    }
                }
                if props.standing != Standing::Outside {
                    { action("remove-server", Some(key("Take it out of the configuration (the leader proposes the change)")),
                        tr("Remove from cluster").into(), false, send(Command::RemoveServer { node: id })) }
                }
                if props.standing == Standing::Learner {
                    { action("promote", Some(key("Make it a voter (the leader proposes the change)")),
                        tr("Promote").into(), false, send(Command::Promote { node: id })) }
                }
                <label class="drift">{ tr("Clock ") }
                    <select onchange={on_drift} aria-label={tr("Clock rate")}>
                        { for DRIFT_RATES.iter().map(|r| html! {
                            <option value={Decimal::new(*r).to_string()} selected={(*r - n.clock_rate).abs() < 1e-9}>
                                { format!("{}×", Decimal::new(*r)) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
        </section>
    }
}

/// The card's facts about a server: (name, a key translated where it is shown; value; the value's
/// class). One `html!` pair draws them all, as [`action`] does the buttons.
fn facts(n: &NodeState, naming: Naming) -> [(&'static str, String, Option<&'static str>); 7] {
    let voted_for = n.voted_for.map_or("—".to_string(), |v| format!("S{v}"));
    let leader = (n.leader_hint).map_or(tr("unknown").to_string(), |v| {
        format!("S{v}{}", progress_text(&n.progress, naming))
    });
    let snapshot = n.snapshot.map_or(tr("none").to_string(), |s| {
        fill(
            tr("up to #{0} (term {1}), {2} bytes"),
            &[&s.index, &s.term, &s.size],
        )
    });
    [
        (key("term"), n.term.to_string(), None),
        (key("voted for"), voted_for, None),
        (key("leader"), leader, Some("progress")),
        (
            key("commit / applied"),
            format!("{} / {}{}", n.commit_index, n.last_applied, commit_tally(n)),
            None,
        ),
        (key("log"), fill(tr("{0} entries"), &[&n.log.len()]), None),
        (key("snapshot"), snapshot, None),
        (
            key("clock"),
            fill(tr("{0}× real time"), &[&Decimal::new(n.clock_rate)]),
            None,
        ),
    ]
}

/// One of the card's action buttons, its title (a key) translated here. One `html!` element
/// draws them all: each element costs the page's wasm about 200 bytes (docs/size.md).
fn action(
    name: &'static str,
    title: Option<&'static str>,
    label: AttrValue,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    let title = title.map(tr);
    html! { <button data-action={name} {title} {disabled} {onclick}>{ label }</button> }
}

/// A leader in the joint phase (§4.3): the next entry it waits to commit, and which voters of
/// C_old and of C_new store it, from its match indexes (its own log for itself, as
/// `Node::maybe_commit` counts). Empty for anyone else. In the commit line, not a line of its
/// own: the page is at its weight budget (docs/size.md).
fn commit_tally(n: &NodeState) -> String {
    let Some(joint) = n
        .config
        .joint
        .as_ref()
        .filter(|_| n.role == RoleName::Leader)
    else {
        return String::new();
    };
    let index = (n.commit_index + 1).min(n.last_log_index);
    let stored = |voters: &Vec<u64>| {
        let mut ids = Vec::new();
        for &v in voters {
            let peer = n.progress.iter().find(|p| p.peer == v);
            let matched = if v == n.id {
                n.last_log_index
            } else {
                peer.map_or(0, |p| p.match_index)
            };
            if matched >= index {
                ids.push(v);
            }
        }
        describe_ids(ids.iter().copied())
    };
    fill(
        tr(" · entry {0} needs a majority of C_old and of C_new: stored on {1} and {2}"),
        &[&index, &stored(&joint.old), &stored(&joint.new)],
    )
}

/// With etcd's names, a leader's view of its followers after its own name, a line each, as
/// etcd's `Progress.String()` says it ("S3 StateReplicate match=4 next=5"), for a reader moving on
/// to etcd's code (with the paper's, the logs' marks show next and match). Empty otherwise. In
/// the leader line, not a line of its own: the page is at its weight budget (docs/size.md).
fn progress_text(progress: &[ProgressState], naming: Naming) -> String {
    let mut text = String::new();
    for p in progress.iter().filter(|_| naming == Naming::Etcd) {
        let (peer, state) = (p.peer, p.state.etcd_name());
        text += &format!(
            "\nS{peer} {state} match={} next={}",
            p.match_index, p.next_index
        );
    }
    text
}

/// The key-value pairs a snapshot holds: the state machine a server restarts from.
fn snapshot_contents(pairs: Option<&KvMap>) -> Html {
    let Some(pairs) = pairs else {
        return html! {};
    };
    let more = pairs.len().saturating_sub(PAIRS_SHOWN);
    html! {
        <div class="snapshot-contents">
            <h3>{ tr("In its snapshot") }</h3>
            if pairs.is_empty() {
                <p class="hint">{ tr("no keys yet: only no-ops were applied") }</p>
            } else {
                <ul class="pairs">
                    { for pairs.iter().take(PAIRS_SHOWN).map(|(k, v)| html! { <li><code>{ format!("{k}={v}") }</code></li> }) }
                    if more > 0 { <li class="hint">{ fill(tr("… and {0} more"), &[&more]) }</li> }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MessageCardProps {
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
    pub message: MessageState,
    pub naming: Naming,
    pub on_command: Callback<Command>,
    pub on_close: Callback<()>,
}

#[component]
pub fn MessageCard(props: &MessageCardProps) -> Html {
    let m = &props.message;
    let drop = {
        let cb = props.on_command.clone();
        let id = m.id;
        Callback::from(move |_: MouseEvent| cb.emit(Command::DropMessage { id }))
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section class="card message-card" aria-label={tr("Message")} tabindex="-1" data-focus-in={m.id.to_string()}>
            <header>
                <h2>{ match (props.naming, MessageKind::from_name(&m.kind)) {
                    (Naming::Etcd, Some(kind)) => kind.etcd_name().to_string(),
                    _ => m.kind.replace('_', " "),
                } }</h2>
                <button class="icon close" aria-label={tr("Close")} onclick={close}>{ "×" }</button>
            </header>
            <p class="summary">{ &m.summary }</p>
            <dl class="facts">
                <dt>{ tr("from → to") }</dt><dd>{ format!("S{} → S{}", m.from, m.to) }</dd>
                <dt>{ tr("term") }</dt><dd>{ m.term }</dd>
                if let Some(size) = m.size {
                    <dt>{ tr("carries") }</dt><dd>{ fill(tr("{0} bytes of snapshot data"), &[&size]) }</dd>
                }
                <dt>{ tr(if m.lost { key("sent / vanishes") } else { key("sent / arrives") }) }</dt>
                <dd>{ format!("{} ms / {} ms", m.sent_ms, m.deliver_ms) }</dd>
            </dl>
            if m.lost {
                <p class="lost-note">{ tr("Random loss took this message: it vanishes half way and never arrives.") }</p>
            } else {
                <div class="actions">
                    <button class="danger" data-action="drop" onclick={drop}>{ tr("Drop this message") }</button>
                </div>
            }
        </section>
    }
}

/// The node a selection points at, if it still exists.
pub fn find_node(state: &State, id: u64) -> Option<&NodeState> {
    state.nodes.iter().find(|n| n.id == id)
}

pub fn find_message(state: &State, id: u64) -> Option<&MessageState> {
    state.in_flight.iter().find(|m| m.id == id)
}
