//! A message in flight: a glyph per kind moving from sender to receiver.

use super::geometry::{translate, Point};
use crate::i18n::{fill, tr};
use crate::sim::state::MessageState;
use yew::prelude::*;

/// The outcome class of a reply: "ok" (granted / success), "no", or none for requests.
pub fn outcome(message: &MessageState) -> Option<&'static str> {
    message
        .granted
        .or(message.success)
        .map(|ok| if ok { "ok" } else { "no" })
}

/// A message's glyph at `at`. A plain function, not a component: it is redrawn on every frame
/// anyway (it moves), and a component's code weighs more (docs/size.md).
pub fn message_glyph(
    m: &MessageState,
    at: Point,
    selected: bool,
    on_click: &Callback<u64>,
) -> Html {
    let id = m.id;
    let onclick = on_click.reform(move |_: MouseEvent| id);
    let class = classes!(
        "msg",
        m.kind.replace('_', "-"),
        outcome(m),
        m.lost.then_some("lost"),
        selected.then_some("selected")
    );
    let title = if m.lost {
        fill(tr("{0} (lost: it will never arrive)"), &[&m.summary])
    } else {
        m.summary.clone()
    };
    // Its title is its accessible name: what the message says. (www/a11y.js makes Enter and
    // Space click it.)
    html! {
        <g key={id} {class} data-msg-kind={m.kind.clone()} data-msg-id={id.to_string()}
           transform={translate(at)} {onclick}
           tabindex="0" role="button">
            <title>{ title }</title>
            // A larger invisible target so a moving dot can be clicked or tapped.
            <circle class="hit" r="9" />
            { glyph(m) }
        </g>
    }
}

fn glyph(m: &MessageState) -> Html {
    match m.kind.as_str() {
        "append_entries" => html! {
            <>
                <rect class="glyph" x="-6" y="-6" width="12" height="12" rx="2" />
                <text class="count" dy="0.35em" aria-hidden="true">{ m.entries }</text>
            </>
        },
        "heartbeat" => html! { <circle class="glyph" r="3.5" /> },
        "timeout_now" => html! {
            <polygon class="glyph" points="0,-7 2,-2 7,-2 3,1 5,7 0,3 -5,7 -3,1 -7,-2 -2,-2" />
        },
        "read_index" | "read_index_reply" => html! {
            <polygon class="glyph" points="0,-6 6,0 0,6 -6,0" />
        },
        "append_entries_reply" | "install_snapshot_reply" => {
            html! { <polygon class="glyph" points="-4,-4 5,0 -4,4" /> }
        }
        // A page with a folded corner: the state machine's state, not log entries.
        "install_snapshot" => html! {
            <path class="glyph" d="M -6 -7 H 3 L 7 -3 V 7 H -6 Z M 3 -7 V -3 H 7" />
        },
        _ if m.kind.ends_with("_reply") => html! {
            <>
                <circle class="glyph" r="4.5" />
                if m.granted == Some(false) {
                    <path class="mark" d="M -2.5 -2.5 L 2.5 2.5 M 2.5 -2.5 L -2.5 2.5" />
                }
            </>
        },
        _ => html! { <circle class="glyph" r="5" /> },
    }
}
