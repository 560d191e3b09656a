//! The link between two servers: healthy, cut both ways, cut one way, or slow. Clicking cycles
//! healthy -> cut both ways -> cut a->b only -> cut b->a only -> healthy.

use super::geometry::{coordinate, lerp, Point};
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStatus {
    Healthy,
    Cut,
    /// Messages from the first node to the second are lost.
    OneWay {
        from: u64,
        to: u64,
    },
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub a: u64,
    pub b: u64,
    pub at_a: Point,
    pub at_b: Point,
    pub status: LinkStatus,
    pub slow: bool,
    pub on_click: Callback<(u64, u64)>,
}

#[component]
pub fn Link(props: &LinkProps) -> Html {
    let (a, b) = (props.a, props.b);
    let onclick = {
        let on_click = props.on_click.clone();
        Callback::from(move |_: MouseEvent| on_click.emit((a, b)))
    };
    let onkeydown = {
        let on_click = props.on_click.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_click.emit((a, b));
            }
        })
    };
    let (p, q) = (props.at_a, props.at_b);
    let state = match props.status {
        LinkStatus::Healthy => "healthy",
        LinkStatus::Cut => "cut",
        LinkStatus::OneWay { .. } => "oneway",
    };
    let class = classes!("link", state, props.slow.then_some("slow"));
    let line = |class: &'static str, p: Point, q: Point| {
        html! {
            <line class={class} x1={coordinate(p.x).to_string()} y1={coordinate(p.y).to_string()}
                  x2={coordinate(q.x).to_string()} y2={coordinate(q.y).to_string()} />
        }
    };
    let mid = lerp(p, q, 0.5);
    let detail = match props.status {
        LinkStatus::OneWay { from, to } => {
            // A cross on the cut direction's half, nearer the sender.
            let (s, r) = if from == a { (p, q) } else { (q, p) };
            let mark = lerp(s, r, 0.35);
            html! {
                <>
                    { line("seg-cut", s, mid) }
                    <text class="link-mark" x={coordinate(mark.x).to_string()} y={coordinate(mark.y).to_string()}>
                        { "✕" }
                    </text>
                    <title>{ format!("S{from} → S{to} is cut; S{to} → S{from} still works") }</title>
                </>
            }
        }
        LinkStatus::Cut => html! {
            <>
                <text class="link-mark" x={coordinate(mid.x).to_string()} y={coordinate(mid.y).to_string()}>{ "✕" }</text>
                <title>{ format!("S{a} and S{b} cannot reach each other") }</title>
            </>
        },
        LinkStatus::Healthy => html! { <title>{ format!("S{a} ↔ S{b}: click to cut") }</title> },
    };
    html! {
        <g {class} data-link={format!("{a}-{b}")} data-link-state={state} {onclick} {onkeydown}
           tabindex="0" role="button" aria-label={format!("Link S{a}–S{b}: {state}; Enter cuts or restores it")}>
            { line("hit", p, q) }
            { line("wire", p, q) }
            { detail }
        </g>
    }
}
