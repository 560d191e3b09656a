//! The key to the drawing: role shapes and message glyphs.

use yew::prelude::*;

#[component]
pub fn Legend() -> Html {
    let role = |class: &'static str, label: &'static str, shape: Html| {
        html! {
            <li class={classes!("node", class)}>
                <svg viewBox="-14 -14 28 28" aria-hidden="true">{ shape }</svg>{ label }
            </li>
        }
    };
    let msg = |class: &'static str, label: &'static str, glyph: Html| {
        html! {
            <li class={classes!("msg", class)}>
                <svg viewBox="-9 -9 18 18" aria-hidden="true">{ glyph }</svg>{ label }
            </li>
        }
    };
    html! {
        <details class="legend" open=true>
            <summary>{ "Legend" }</summary>
            <ul>
                { role("follower", "follower", html! { <circle class="shape" r="10" /> }) }
                { role("pre_candidate", "pre-candidate", html! { <polygon class="shape" points="0,-12 12,0 0,12 -12,0" /> }) }
                { role("candidate", "candidate", html! { <polygon class="shape" points="0,-12 12,0 0,12 -12,0" /> }) }
                { role("leader", "leader", html! { <polygon class="shape" points="11,0 5.5,9.5 -5.5,9.5 -11,0 -5.5,-9.5 5.5,-9.5" /> }) }
                { role("crashed", "crashed", html! { <><circle class="shape" r="10" /><path class="crash-mark" d="M -6 -6 L 6 6 M 6 -6 L -6 6" /></> }) }
            </ul>
            <ul>
                { msg("request-vote", "vote request", html! { <circle class="glyph" r="5" /> }) }
                { msg("pre-vote", "pre-vote request", html! { <circle class="glyph" r="5" /> }) }
                { msg("request-vote-reply ok", "vote granted", html! { <circle class="glyph" r="4.5" /> }) }
                { msg("request-vote-reply no", "vote refused", html! { <><circle class="glyph" r="4.5" /><path class="mark" d="M -2.5 -2.5 L 2.5 2.5 M 2.5 -2.5 L -2.5 2.5" /></> }) }
                { msg("append-entries", "entries", html! { <rect class="glyph" x="-6" y="-6" width="12" height="12" rx="2" /> }) }
                { msg("heartbeat", "heartbeat", html! { <circle class="glyph" r="3.5" /> }) }
                { msg("append-entries-reply ok", "append ok", html! { <polygon class="glyph" points="-4,-4 5,0 -4,4" /> }) }
                { msg("append-entries-reply no", "append refused", html! { <polygon class="glyph" points="-4,-4 5,0 -4,4" /> }) }
                { msg("timeout-now", "TimeoutNow", html! { <polygon class="glyph" points="0,-7 2,-2 7,-2 3,1 5,7 0,3 -5,7 -3,1 -7,-2 -2,-2" /> }) }
                { msg("read-index", "read index", html! { <polygon class="glyph" points="0,-6 6,0 0,6 -6,0" /> }) }
                { msg("heartbeat lost", "lost (random loss)", html! { <circle class="glyph" r="3.5" /> }) }
            </ul>
        </details>
    }
}
