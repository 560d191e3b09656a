//! The logs side by side: one row per server, entries coloured by term, committed entries solid
//! and uncommitted ones hatched, the applied point marked, and the leader's next/match index
//! for each follower.

use crate::sim::state::{NodeState, State};
use yew::prelude::*;

/// How many of the latest log indexes are drawn (older ones scroll out of view).
const WINDOW: u64 = 48;

#[derive(Properties, PartialEq)]
pub struct LogViewProps {
    pub view: super::View,
}

#[component]
pub fn LogView(props: &LogViewProps) -> Html {
    let state: &State = &props.view.0;
    let last = state
        .nodes
        .iter()
        .filter_map(|n| n.log.last().map(|e| e.index))
        .max()
        .unwrap_or(0);
    let first = last.saturating_sub(WINDOW - 1).max(1);
    let leader = state
        .leader
        .and_then(|id| state.nodes.iter().find(|n| n.id == id));
    html! {
        <section class="panel logs" aria-label="Logs">
            <header>
                <h2>{ "Logs" }</h2>
                <span class="hint">{ "solid: committed · hatched: not yet · ▾ applied · ▸ leader's next · ▴ match" }</span>
            </header>
            <div class="log-scroll">
                <table class="log-grid">
                    <thead>
                        <tr>
                            <th scope="col">{ if first > 1 { format!("…{}", first - 1) } else { String::new() } }</th>
                            { for (first..=last).map(|i| html! { <th scope="col">{ i }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for state.nodes.iter().map(|n| row(n, leader, first, last)) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn row(node: &NodeState, leader: Option<&NodeState>, first: u64, last: u64) -> Html {
    let progress = leader
        .filter(|l| l.id != node.id)
        .and_then(|l| l.progress.iter().find(|p| p.peer == node.id));
    let cells = (first..=last).map(|index| {
        let entry = node.log.iter().find(|e| e.index == index);
        let mut class = classes!("cell");
        let mut marks = String::new();
        if index == node.last_applied {
            marks.push('▾');
        }
        if let Some(p) = progress {
            if index == p.next_index {
                marks.push('▸');
            }
            if index == p.match_index {
                marks.push('▴');
            }
        }
        let body = match entry {
            Some(e) => {
                class.push(format!("entry t{}", e.term % 8));
                class.push(if index <= node.commit_index {
                    "committed"
                } else {
                    "uncommitted"
                });
                html! {
                    <>
                        <span class="term">{ e.term }</span>
                        <span class="text">{ &e.text }</span>
                    </>
                }
            }
            None => html! {},
        };
        let title = entry.map(|e| format!("#{} term {}: {}", e.index, e.term, e.text));
        html! {
            <td class={class} {title} data-index={index.to_string()}>
                { body }
                if !marks.is_empty() { <span class="marks">{ marks }</span> }
            </td>
        }
    });
    html! {
        <tr class={classes!(super::cluster::role_name(node))} data-log-node={node.id.to_string()}>
            <th scope="row">{ format!("S{}", node.id) }</th>
            { for cells }
        </tr>
    }
}
