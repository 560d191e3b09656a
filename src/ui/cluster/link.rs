//! The link between two servers: healthy, cut both ways, cut one way, or slow. Clicking cycles
//! healthy -> cut both ways -> cut a->b only -> cut b->a only -> healthy.
//!
//! Drawn in two layers: the wire under the servers, and above them a wide invisible target (the
//! button: clicks, taps, focus) that stops short of the servers, so that Tab reaches the servers
//! before the links (focus follows the order of the document) and a server is never covered.

use super::geometry::{coordinate, lerp, Point, TIMER_RADIUS};
use crate::i18n::{fill, key, tr};
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

impl LinkStatus {
    fn name(self) -> &'static str {
        match self {
            LinkStatus::Healthy => "healthy",
            LinkStatus::Cut => "cut",
            LinkStatus::OneWay { .. } => "oneway",
        }
    }

    /// Its name in the page's language, for a screen reader.
    fn words(self) -> &'static str {
        tr(match self {
            LinkStatus::Healthy => key("healthy"),
            LinkStatus::Cut => key("cut"),
            LinkStatus::OneWay { .. } => key("oneway"),
        })
    }
}

/// One link as the drawing places it.
pub struct Link {
    pub a: u64,
    pub b: u64,
    pub at_a: Point,
    pub at_b: Point,
    pub status: LinkStatus,
    pub slow: bool,
}

fn line(class: &'static str, p: Point, q: Point) -> Html {
    html! {
        <line class={class} x1={coordinate(p.x).to_string()} y1={coordinate(p.y).to_string()}
              x2={coordinate(q.x).to_string()} y2={coordinate(q.y).to_string()} />
    }
}

impl Link {
    /// What the link looks like: a solid wire, dashed and crossed out where it is cut, dotted
    /// when slow. (Plain functions, not components: a component's code weighs more than
    /// redrawing ten lines.)
    pub fn wire(&self) -> Html {
        let (a, p, q) = (self.a, self.at_a, self.at_b);
        let state = self.status.name();
        let mid = lerp(p, q, 0.5);
        let mark = |at: Point| {
            html! {
                <text class="link-mark" x={coordinate(at.x).to_string()} y={coordinate(at.y).to_string()}>{ "✕" }</text>
            }
        };
        let detail = match self.status {
            // A cross on the cut direction's half, nearer the sender.
            LinkStatus::OneWay { from, .. } => {
                let (s, r) = if from == a { (p, q) } else { (q, p) };
                html! { <>{ line("seg-cut", s, mid) }{ mark(lerp(s, r, 0.35)) }</> }
            }
            LinkStatus::Cut => mark(mid),
            LinkStatus::Healthy => html! {},
        };
        html! {
            <g class={classes!("wire-of", state, self.slow.then_some("slow"))}>
                { line("wire", p, q) }
                { detail }
            </g>
        }
    }

    /// The link as a button: what a click, a tap, Enter or Space acts on (www/a11y.js), and what
    /// a screen reader names. Only the `first` link is a Tab stop; arrow keys move along the rest.
    pub fn target(&self, first: bool, on_click: &Callback<(u64, u64)>) -> Html {
        let (a, b, p, q) = (self.a, self.b, self.at_a, self.at_b);
        let onclick = on_click.reform(move |_: MouseEvent| (a, b));
        let state = self.status.name();
        let what = match self.status {
            LinkStatus::OneWay { from, to } => fill(
                tr("S{0} → S{1} is cut; S{1} → S{0} still works"),
                &[&from, &to],
            ),
            LinkStatus::Cut => fill(tr("S{0} and S{1} cannot reach each other"), &[&a, &b]),
            LinkStatus::Healthy => fill(tr("S{0} ↔ S{1}: click to cut"), &[&a, &b]),
        };
        // From just outside one server's timer ring to just outside the other's.
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let edge = ((TIMER_RADIUS + 3.0) / length).min(0.5);
        html! {
            <g class={classes!("link", state)} data-link={format!("{a}-{b}")} data-link-state={state}
               {onclick} tabindex={if first { "0" } else { "-1" }} role="button"
               aria-label={fill(tr("Link S{0}–S{1}: {2}"), &[&a, &b, &self.status.words()])}>
                <title>{ what }</title>
                { line("hit", lerp(p, q, edge), lerp(p, q, 1.0 - edge)) }
            </g>
        }
    }
}
