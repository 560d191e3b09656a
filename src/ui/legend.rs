//! The key to the drawing: role shapes and message glyphs. Each message is named twice, in the
//! paper's words and in etcd's; style.css shows the pair the page's `data-names` asks for.
//!
//! Static markup, so it is written as markup: one string costs the page far less than the code
//! `html!` would generate for forty fixed elements. Its words are put in with `fill`, in the
//! page's language (their Chinese holds no `<` or `&`: tests/zh_ui_keys.rs).

use crate::i18n::{fill, key, tr, Lang};
use std::fmt::Display;
use yew::prelude::*;

const LEGEND: &str = concat!(
    r#"<details class="legend" open><summary>{0}</summary><ul>"#,
    r#"<li class="node follower"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/></svg>{1}</li>"#,
    r#"<li class="node pre_candidate"><svg viewBox="-14 -14 28 28" aria-hidden="true"><polygon class="shape" points="0,-12 12,0 0,12 -12,0"/></svg>{2}</li>"#,
    r#"<li class="node candidate"><svg viewBox="-14 -14 28 28" aria-hidden="true"><polygon class="shape" points="0,-12 12,0 0,12 -12,0"/></svg>{3}</li>"#,
    r#"<li class="node leader"><svg viewBox="-14 -14 28 28" aria-hidden="true"><polygon class="shape" points="11,0 5.5,9.5 -5.5,9.5 -11,0 -5.5,-9.5 5.5,-9.5"/></svg>{4}</li>"#,
    r#"<li class="node crashed"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/><path class="crash-mark" d="M -6 -6 L 6 6 M 6 -6 L -6 6"/></svg>{5}</li>"#,
    r#"<li class="node"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="timer-track" r="11"/><circle class="timer election" r="11" pathLength="1" stroke-dasharray="0.75 1"/></svg>{6}</li>"#,
    r#"<li class="node"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="timer-track" r="11"/><circle class="timer heartbeat" r="11" pathLength="1" stroke-dasharray="0.75 1"/></svg>{7}</li>"#,
    r#"<li class="node follower learner"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/></svg>{8}</li>"#,
    r#"<li class="node follower outside"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/></svg>{9}</li>"#,
    r#"<li class="node follower leaving"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/></svg>{10}</li>"#,
    r#"<li class="node follower joining"><svg viewBox="-14 -14 28 28" aria-hidden="true"><circle class="shape" r="10"/></svg>{11}</li>"#,
    r#"</ul><ul>"#,
    r#"<li class="msg request-vote"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="5"/></svg><span class="paper">{12}</span><span class="etcd">MsgVote</span></li>"#,
    r#"<li class="msg pre-vote"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="5"/></svg><span class="paper">{13}</span><span class="etcd">MsgPreVote</span></li>"#,
    r#"<li class="msg request-vote-reply ok"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="4.5"/></svg><span class="paper">{14}</span><span class="etcd">MsgVoteResp</span></li>"#,
    r#"<li class="msg request-vote-reply no"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="4.5"/><path class="mark" d="M -2.5 -2.5 L 2.5 2.5 M 2.5 -2.5 L -2.5 2.5"/></svg><span class="paper">{15}</span><span class="etcd">MsgVoteResp (reject)</span></li>"#,
    r#"<li class="msg append-entries"><svg viewBox="-9 -9 18 18" aria-hidden="true"><rect class="glyph" x="-6" y="-6" width="12" height="12" rx="2"/></svg><span class="paper">{16}</span><span class="etcd">MsgApp</span></li>"#,
    r#"<li class="msg heartbeat"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="3.5"/></svg><span class="paper">{17}</span><span class="etcd">MsgHeartbeat</span></li>"#,
    r#"<li class="msg append-entries-reply ok"><svg viewBox="-9 -9 18 18" aria-hidden="true"><polygon class="glyph" points="-4,-4 5,0 -4,4"/></svg><span class="paper">{18}</span><span class="etcd">MsgAppResp</span></li>"#,
    r#"<li class="msg append-entries-reply no"><svg viewBox="-9 -9 18 18" aria-hidden="true"><polygon class="glyph" points="-4,-4 5,0 -4,4"/></svg><span class="paper">{19}</span><span class="etcd">MsgAppResp (reject)</span></li>"#,
    r#"<li class="msg timeout-now"><svg viewBox="-9 -9 18 18" aria-hidden="true"><polygon class="glyph" points="0,-7 2,-2 7,-2 3,1 5,7 0,3 -5,7 -3,1 -7,-2 -2,-2"/></svg><span class="paper">TimeoutNow</span><span class="etcd">MsgTimeoutNow</span></li>"#,
    r#"<li class="msg install-snapshot"><svg viewBox="-9 -9 18 18" aria-hidden="true"><path class="glyph" d="M -6 -7 H 3 L 7 -3 V 7 H -6 Z M 3 -7 V -3 H 7"/></svg><span class="paper">{20}</span><span class="etcd">MsgSnap</span></li>"#,
    r#"<li class="msg read-index"><svg viewBox="-9 -9 18 18" aria-hidden="true"><polygon class="glyph" points="0,-6 6,0 0,6 -6,0"/></svg><span class="paper">{21}</span><span class="etcd">MsgReadIndex</span></li>"#,
    r#"<li class="msg heartbeat lost"><svg viewBox="-9 -9 18 18" aria-hidden="true"><circle class="glyph" r="3.5"/></svg>{22}</li>"#,
    r#"</ul><ul class="marks">"#,
    r#"<li><b>T2</b>{23}</li>"#,
    r#"<li><b>{24}</b>{25}</li>"#,
    r#"<li><span class="cell t1"></span>{26}</li>"#,
    r#"<li><span class="cell t1 uncommitted"></span>{27}</li>"#,
    r#"<li><b>▾</b>{28}</li>"#,
    r#"<li><b>▸</b>{29}</li>"#,
    r#"<li><b>▴</b>{30}</li>"#,
    r#"</ul></details>"#,
);

/// The legend's words, in the order of LEGEND's `{0}`, `{1}` …, translated where they are shown.
const WORDS: [&str; 31] = [
    key("Legend"),
    key("follower"),
    key("pre-candidate"),
    key("candidate"),
    key("leader"),
    key("crashed"),
    key("election timer: when the ring runs out, the server campaigns"),
    key("leader's heartbeat timer"),
    key("learner: receives the log, does not vote"),
    key("not in the configuration"),
    key("joint consensus: in C_old only"),
    key("joint consensus: in C_new only"),
    key("vote request"),
    key("pre-vote request"),
    key("vote granted"),
    key("vote refused"),
    key("entries"),
    key("heartbeat"),
    key("append ok"),
    key("append refused"),
    key("snapshot"),
    key("read index"),
    key("lost (random loss)"),
    key("under a server: its current term"),
    "",
    key("under a server: whom it voted for in this term, how far it knows the log is committed, how far it has applied it"),
    key("log entry, committed"),
    key("log entry, not yet committed"),
    key("in the logs: applied up to here"),
    key("in the logs: the leader's next index for this server"),
    key("in the logs: the leader's match index for this server"),
];

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// The page's language: a switch draws the legend again.
    pub lang: Lang,
}

#[component]
pub fn Legend(_props: &LegendProps) -> Html {
    let mut words: Vec<String> = WORDS.iter().map(|w| tr(w).to_string()).collect();
    // {24}: a caption as the drawing writes it.
    words[24] = format!(
        "{} · {}",
        fill(tr("voted S{0}"), &[&2]),
        fill(tr("commit {0} · applied {1}"), &[&3, &3])
    );
    let args: Vec<&dyn Display> = words.iter().map(|w| w as &dyn Display).collect();
    let html = fill(LEGEND, &args);
    // Open where it sits under the drawing on a tall screen; folded on a phone and on a short
    // screen (a projector), where it opens over the drawing when its title is clicked or tapped.
    let folded = web_sys::window()
        .and_then(|w| {
            w.match_media("(max-width: 980px), (max-height: 960px)")
                .ok()
                .flatten()
        })
        .is_some_and(|q| q.matches());
    let html = if folded {
        html.replacen(" open>", ">", 1)
    } else {
        html
    };
    Html::from_html_unchecked(html.into())
}
