//! The cluster drawing: servers on a ring, the links between them and messages in flight.

pub mod geometry;
mod link;
mod message;
mod node;
pub mod standing;

use super::motion::{reduced_motion, stepped};
use crate::i18n::tr;
use crate::sim::command::Command;
use crate::sim::state::NetworkState;
use geometry::{drawn_progress, flight_progress, message_position, node_position, Point, VIEW_BOX};
use link::Link;
pub use link::LinkStatus;
use message::message_glyph;
use node::{node_glyph, NodeGlyph};
pub use node::{role_label, role_name};
use standing::{cluster_config, config_caption, Standing};
use yew::prelude::*;

use super::model::{DyingMessage, Selection, DYING_MS};

/// How much farther from the centre than the ring a server outside the configuration is drawn
/// (it still fits the view box at 12 o'clock).
const OUTSIDE_APART: f64 = 1.16;
use super::View;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub view: View,
    pub selection: Option<Selection>,
    pub on_node: Callback<u64>,
    pub on_message: Callback<u64>,
    pub on_link: Callback<(u64, u64)>,
    /// Messages a person dropped, shown dying where they were.
    pub dying: Vec<DyingMessage>,
}

#[component]
pub fn ClusterView(props: &ClusterProps) -> Html {
    let state = &props.view.0;
    let count = state.nodes.len();
    let config = cluster_config(state);
    // A server outside the configuration (removed, or not added yet) is drawn apart: out past
    // the ring, in its place on it (and faded, style.css).
    let position = |id: u64| -> Point {
        let index = state.nodes.iter().position(|n| n.id == id).unwrap_or(0);
        let at = node_position(index, count);
        match Standing::of(config, id) {
            Standing::Outside => Point {
                x: at.x * OUTSIDE_APART,
                y: at.y * OUTSIDE_APART,
            },
            _ => at,
        }
    };
    let flagged: Vec<u64> = state
        .invariants
        .violations
        .iter()
        .flat_map(|v| v.nodes.iter().copied())
        .collect();
    let slow = slow_links(&state.network);
    let pairs: Vec<(u64, u64)> = state
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(i, a)| state.nodes[i + 1..].iter().map(move |b| (a.id, b.id)))
        .collect();
    let links: Vec<Link> = pairs
        .iter()
        .map(|&(a, b)| Link {
            a,
            b,
            at_a: position(a),
            at_b: position(b),
            status: link_status(&state.network, a, b),
            slow: slow.contains(&(a, b)) || slow.contains(&(b, a)),
        })
        .collect();
    let reduced = reduced_motion();
    // Document order is Tab order and painting order: wires, servers, links (one Tab stop, arrow
    // keys along them), messages.
    html! {
        <svg class="cluster" viewBox={VIEW_BOX} role="group" aria-label={tr("The cluster")}>
            <g class="wires" aria-hidden="true">
                { for links.iter().map(Link::wire) }
            </g>
            <g class="nodes">
                { for state.nodes.iter().map(|n| node_glyph(&NodeGlyph {
                    node: n,
                    at: position(n.id),
                    now: state.time_ms,
                    selected: props.selection == Some(Selection::Node(n.id)),
                    flagged: flagged.contains(&n.id),
                    standing: Standing::of(config, n.id),
                }, &props.on_node)) }
            </g>
            if let Some(words) = config.and_then(config_caption) {
                <text class="config-caption" x="-156" y="-138" data-config="">{ words }</text>
            }
            <g class="links" role="group" aria-label={tr("Links (↑ ↓ move between them)")}
               data-roving=".link">
                { for links.iter().enumerate().map(|(i, l)| l.target(i == 0, &props.on_link)) }
            </g>
            <g class="messages">
                { for state.in_flight.iter().map(|m| {
                    let progress = if reduced {
                        stepped(flight_progress(m.sent_ms, m.deliver_ms, state.time_ms), m.lost)
                    } else {
                        drawn_progress(m, state.time_ms)
                    };
                    let at = message_position(position(m.from), position(m.to), progress);
                    message_glyph(m, at, props.selection == Some(Selection::Message(m.id)), &props.on_message)
                }) }
                { for props.dying.iter().filter(|d| js_sys::Date::now() - d.died_at < DYING_MS).map(|d| {
                    let at = message_position(position(d.from), position(d.to), d.progress);
                    html! {
                        <g key={format!("dying-{}", d.id)} class={classes!("msg", "dying", d.kind.replace('_', "-"))}
                           transform={geometry::translate(at)} aria-hidden="true">
                            <circle class="glyph" r="5" />
                            <path class="death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
                        </g>
                    }
                }) }
            </g>
        </svg>
    }
}

/// Whether `from` can send to `to`: not cut, and in the same partition group.
fn reaches(network: &NetworkState, from: u64, to: u64) -> bool {
    let cut = network.cuts.iter().any(|c| c.from == from && c.to == to);
    let apart = !network.partitions.is_empty()
        && !network
            .partitions
            .iter()
            .any(|group| group.contains(&from) && group.contains(&to));
    !cut && !apart
}

pub fn link_status(network: &NetworkState, a: u64, b: u64) -> LinkStatus {
    match (reaches(network, a, b), reaches(network, b, a)) {
        (true, true) => LinkStatus::Healthy,
        (false, false) => LinkStatus::Cut,
        (false, true) => LinkStatus::OneWay { from: a, to: b },
        (true, false) => LinkStatus::OneWay { from: b, to: a },
    }
}

fn slow_links(network: &NetworkState) -> Vec<(u64, u64)> {
    network
        .link_latency
        .iter()
        .filter(|l| l.min_ms > network.latency.max_ms)
        .map(|l| (l.from, l.to))
        .collect()
}

/// The commands that move a link one step along healthy -> cut -> a->b cut -> b->a cut -> healthy.
pub fn next_link_commands(status: LinkStatus, a: u64, b: u64) -> Vec<Command> {
    let one_way = |cut: bool, from: u64, to: u64| {
        if cut {
            Command::Cut {
                from,
                to,
                oneway: true,
            }
        } else {
            Command::Uncut {
                from,
                to,
                oneway: true,
            }
        }
    };
    match status {
        LinkStatus::Healthy => vec![Command::Cut {
            from: a,
            to: b,
            oneway: false,
        }],
        LinkStatus::Cut => vec![one_way(false, b, a)],
        LinkStatus::OneWay { from, to } if from == a => {
            vec![one_way(false, from, to), one_way(true, to, from)]
        }
        LinkStatus::OneWay { from, to } => vec![one_way(false, from, to)],
    }
}
