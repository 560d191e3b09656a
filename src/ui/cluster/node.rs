//! One server on the ring: its role by shape and colour, term, vote, timer arc and votes.

use super::geometry::{coordinate, translate, Point, LEADER_HEXAGON, NODE_RADIUS, TIMER_RADIUS};
use crate::i18n::{fill, key, tr};
use crate::sim::decimal::Decimal;
use crate::sim::state::{NodeState, RoleName};
use crate::ui::motion::reduced_motion;
use yew::prelude::*;

/// A server as the drawing places it.
pub struct NodeGlyph<'a> {
    pub node: &'a NodeState,
    pub at: Point,
    pub now: u64,
    pub selected: bool,
    /// Highlighted by the safety panel.
    pub flagged: bool,
    /// Voter, learner, outside the configuration, or leaving / joining it.
    pub standing: super::standing::Standing,
}

pub fn role_name(node: &NodeState) -> &'static str {
    if !node.up {
        return "crashed";
    }
    match node.role {
        RoleName::Follower => "follower",
        RoleName::PreCandidate => "pre_candidate",
        RoleName::Candidate => "candidate",
        RoleName::Leader => "leader",
    }
}

/// Its role in words, in the page's language.
pub fn role_label(node: &NodeState) -> &'static str {
    tr(match role_name(node) {
        "crashed" => key("crashed"),
        "pre_candidate" => key("pre-candidate"),
        "candidate" => key("candidate"),
        "leader" => key("leader"),
        _ => key("follower"),
    })
}

/// A plain function, not a component: a server is redrawn on every frame anyway (its timer
/// drains), and a component's code weighs more (docs/size.md).
pub fn node_glyph(props: &NodeGlyph, on_click: &Callback<u64>) -> Html {
    let node = props.node;
    let id = node.id;
    let role = role_name(node);
    // Enter and Space click it (www/a11y.js).
    let onclick = on_click.reform(move |_: MouseEvent| id);
    let class = classes!(
        "node",
        role,
        props.selected.then_some("selected"),
        props.flagged.then_some("flagged"),
        props.standing.class()
    );
    // Its name says what the drawing shows by shape and colour ("S3, leader, term 4"), and the
    // title (a tooltip, and the name's description) what the caption under it says. The drawn
    // words are a sibling, not a child, hidden from screen readers: a button's visible words must
    // be part of its name (WCAG 2.5.3, axe's label-content-name-mismatch).
    let label = if node.up {
        fill(
            tr("S{0}, {1}, term {2}{3}"),
            &[&id, &role_label(node), &node.term, &props.standing.words()],
        )
    } else {
        fill(tr("S{0}, crashed{1}"), &[&id, &props.standing.words()])
    };
    let (vote, facts) = caption_lines(node);
    html! {
        <>
        <g {class} data-node-id={id.to_string()} data-role={role} data-term={node.term.to_string()}
           transform={translate(props.at)}
           tabindex="0" role="button" aria-label={label} {onclick}>
            <title>{ fill(tr("T{0} is its term; {1}; {2}{3}"), &[&node.term, &vote, &facts, &ring_words(node)]) }</title>
            { timer_arc(node, props.now, reduced_motion()) }
            { shape(role) }
        </g>
        <g class={classes!("node-words", role, props.standing.class())} transform={translate(props.at)} aria-hidden="true">
            <text class="node-name" y="-3">{ format!("S{id}") }</text>
            <text class="node-term" y="11">{ format!("T{}", node.term) }</text>
            { caption(node, vote, facts) }
            { votes(node) }
        </g>
        </>
    }
}

fn shape(role: &str) -> Html {
    let r = NODE_RADIUS;
    match role {
        "leader" => html! { <polygon class="shape" points={LEADER_HEXAGON} /> },
        "candidate" | "pre_candidate" => {
            let (d, minus_d) = (coordinate(r * 1.2), coordinate(-r * 1.2));
            html! { <polygon class="shape" points={format!("0,{minus_d} {d},0 0,{d} {minus_d},0")} /> }
        }
        "crashed" => html! {
            <>
                <circle class="shape" r={coordinate(r).to_string()} />
                <path class="crash-mark" d="M -12 -12 L 12 12 M 12 -12 L -12 12" />
            </>
        },
        _ => html! { <circle class="shape" r={coordinate(r).to_string()} /> },
    }
}

/// The election timer drains as time passes (a leader shows its heartbeat timer instead); with
/// reduced motion it drains a quarter at a time instead of turning.
fn timer_arc(node: &NodeState, now: u64, reduced_motion: bool) -> Html {
    if !node.up {
        return html! {};
    }
    let (deadline, length, class) = match node.role {
        RoleName::Leader => match node.heartbeat_deadline_ms {
            Some(deadline) => (deadline, None, "timer heartbeat"),
            None => return html! {},
        },
        _ => match node.election_deadline_ms {
            Some(deadline) => (deadline, node.election_timeout_ms, "timer election"),
            None => return html! {},
        },
    };
    let remaining = deadline.saturating_sub(now) as f64;
    let mut fraction = match length {
        Some(length) if length > 0 => (remaining / length as f64).clamp(0.0, 1.0),
        _ => 1.0,
    };
    if reduced_motion {
        fraction = (fraction * 4.0).ceil() / 4.0;
    }
    html! {
        <>
            <circle class="timer-track" r={coordinate(TIMER_RADIUS).to_string()} />
            // A dash as long as the time left, on a circle whose length counts as 1,
            // starting at 12 o'clock and running clockwise.
            <circle class={class} r={coordinate(TIMER_RADIUS).to_string()} pathLength="1"
                    stroke-dasharray={format!("{} 1", Decimal::places(fraction, 4))}
                    transform="rotate(-90)" />
        </>
    }
}

fn campaigning(node: &NodeState) -> bool {
    node.up && matches!(node.role, RoleName::Candidate | RoleName::PreCandidate)
}

/// A candidate's votes as dots under it: one per voter of the configuration it campaigns in,
/// filled when that voter granted. In the joint phase (§4.3) a labelled row for C_old above
/// one for C_new: it needs a majority of each. Drawn with the words, which screen readers
/// skip: the labels are not part of the server's name. Markup, as the legend is: an `html!`
/// element costs about 300 bytes of wasm, and the page is at its budget (docs/size.md, U1).
fn votes(node: &NodeState) -> Html {
    if !campaigning(node) {
        return html! {};
    }
    let rows = match &node.config.joint {
        Some(j) => {
            vote_row("C_old", &j.old, &node.votes, 0) + &vote_row("C_new", &j.new, &node.votes, 9)
        }
        None => vote_row("", &node.config.voters, &node.votes, 0),
    };
    Html::from_html_unchecked(format!(r#"<g class="votes">{rows}</g>"#).into())
}

/// One row: its label, then a dot per voter, 7 apart and centred, `dy` below the first row.
fn vote_row(label: &str, voters: &[u64], granted: &[u64], dy: u32) -> String {
    let start = -(voters.len() as f64 - 1.0) * 3.5;
    let mut row = format!(
        r#"<g transform="translate({} {dy})"><text class="vote-label" x="-5" y="40">{label}</text>"#,
        coordinate(start)
    );
    for (k, v) in voters.iter().enumerate() {
        let class = if granted.contains(v) {
            "vote granted"
        } else {
            "vote"
        };
        row += &format!(
            r#"<circle class="{class}" cx="{}" cy="38" r="2.8"/>"#,
            7 * k
        );
    }
    row + "</g>"
}

/// What the ring around a live server is, for its tooltip (the legend says it too).
fn ring_words(node: &NodeState) -> &'static str {
    match node.role {
        _ if !node.up => "",
        RoleName::Leader => {
            tr(". The ring is its heartbeat timer: when it runs out, it sends heartbeats")
        }
        _ => tr(". The ring is its election timer: when it runs out, it campaigns"),
    }
}

/// What the caption under a node says: its vote (and clock drift), its commit and applied index.
fn caption_lines(node: &NodeState) -> (String, String) {
    let vote = node.voted_for.map_or_else(
        || tr("no vote").to_string(),
        |v| fill(tr("voted S{0}"), &[&v]),
    );
    let drift = if (node.clock_rate - 1.0).abs() > 1e-9 {
        fill(tr(" · clock {0}×"), &[&Decimal::new(node.clock_rate)])
    } else {
        String::new()
    };
    let facts = fill(
        tr("commit {0} · applied {1}"),
        &[&node.commit_index, &node.last_applied],
    );
    (format!("{vote}{drift}"), facts)
}

/// Vote and commit index under the node (and under its votes, one row or two).
fn caption(node: &NodeState, vote: String, facts: String) -> Html {
    let y = match (campaigning(node), node.config.joint.is_some()) {
        (false, _) => 42,
        (true, false) => 50,
        (true, true) => 59,
    };
    html! {
        <text class="node-caption" y={y.to_string()}>
            <tspan x="0">{ vote }</tspan>
            <tspan x="0" dy="9">{ facts }</tspan>
        </text>
    }
}
