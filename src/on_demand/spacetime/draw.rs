//! The diagram's pieces as plain functions returning `Html` (all of it is redrawn whenever the
//! window moves, so components would only add props comparisons: docs/size.md U3). Colours and
//! patterns come from www/spacetime.css through classes; SVG attributes place things (a strict
//! Content Security Policy drops inline style attributes).

use super::geometry::{
    head, segment, ticks, time_words, Layout, Tip, AXIS_H, LABELS_W, MAX_CLIENT_ROWS,
};
use super::kinds::{group_of, paper_name, Shown};
use crate::i18n::{fill, key, tr};
use crate::raft::Naming;
use crate::sim::spacetime::life::{status_words, Life};
use crate::sim::spacetime::{Arrow, Band, ClientOp, Fate, LaneState, Mark, MarkKind, Window};
use yew::prelude::*;

/// A coordinate as an attribute: a tenth of a pixel is plenty.
fn px(v: f64) -> AttrValue {
    AttrValue::from(format!("{v:.1}"))
}

fn points(ps: &[(f64, f64)]) -> AttrValue {
    let text: Vec<String> = ps.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    AttrValue::from(text.join(" "))
}

/// The time axis: round ticks with their times, and faint lines down the plot.
pub fn axis(layout: &Layout) -> Html {
    let most = (layout.plot_w() / 90.0).max(2.0) as u64;
    let bottom = layout.bottom();
    html! {
        <g class="st-axis" aria-hidden="true">
            { for ticks(layout.from_ms, layout.span_ms, most).into_iter().map(|t| {
                let x = px(layout.x(t));
                html! {
                    <g>
                        <line class="st-grid" x1={x.clone()} x2={x.clone()} y1={px(AXIS_H - 3.0)} y2={px(bottom)} />
                        <text x={x} y={px(AXIS_H - 6.0)}>{ time_words(t) }</text>
                    </g>
                }
            }) }
        </g>
    }
}

/// A lane's state in words (the catalogue's role names).
fn state_words(state: LaneState) -> &'static str {
    tr(match state {
        LaneState::Follower => key("follower"),
        LaneState::PreCandidate => key("pre-candidate"),
        LaneState::Candidate => key("candidate"),
        LaneState::Leader => key("leader"),
        LaneState::Crashed => key("crashed"),
        LaneState::Absent => key("not a member"),
    })
}

fn state_class(state: LaneState) -> &'static str {
    match state {
        LaneState::Follower => "follower",
        LaneState::PreCandidate => "pre_candidate",
        LaneState::Candidate => "candidate",
        LaneState::Leader => "leader",
        LaneState::Crashed => "crashed",
        LaneState::Absent => "absent",
    }
}

/// Each server's lane: its name, its line, and a band per role held (follower, pre-candidate,
/// candidate, leader: colour and pattern as on the ring) with the term; a crash is a gap,
/// marked with a cross where it began. Bands still held reach `end_ms`, the end of the records.
pub fn lanes(layout: &Layout, bands: &[Band], end_ms: u64) -> Html {
    let (left, right) = (LABELS_W, layout.right());
    let band_h = (layout.lane_h * 0.42).clamp(6.0, 18.0);
    let lane = |id: u64| {
        let y = layout.lane_y(id);
        html! {
            <g class="st-lane">
                <text class="st-lane-name" x="6" y={px(y + 4.0)}>{ format!("S{id}") }</text>
                <line class="st-lane-line" x1={px(left)} x2={px(right)} y1={px(y)} y2={px(y)} />
            </g>
        }
    };
    let band = |b: &Band| {
        let x1 = layout.x(b.from_ms).max(left);
        let x2 = layout.x(b.to_ms.unwrap_or(end_ms)).min(right);
        let y = layout.lane_y(b.server);
        let state = state_class(b.state);
        if b.state == LaneState::Crashed {
            let at = layout.x(b.from_ms);
            let cross = (at >= left).then(|| {
                let d = 5.0;
                let path = format!(
                    "M{:.1},{:.1}l{d},{d}m0,-{d}l-{d},{d}",
                    at - d / 2.0,
                    y - d / 2.0
                );
                html! { <path class="st-crash-mark" d={path} /> }
            });
            return html! {
                <g class="st-band crashed" data-lane-state="crashed">
                    <line class="st-gap" x1={px(x1)} x2={px(x2.max(x1))} y1={px(y)} y2={px(y)} />
                    { for cross }
                    <title>{ fill(tr("S{0} is down (crashed) from {1}"), &[&b.server, &time_words(b.from_ms)]) }</title>
                </g>
            };
        }
        let width = (x2 - x1).max(0.0);
        let label = (width > 30.0 && layout.lane_h >= 20.0).then(|| html! {
            <text class="st-term" x={px(x1 + 3.0)} y={px(y - band_h / 2.0 - 2.0)}>{ format!("T{}", b.term) }</text>
        });
        html! {
            <g class={classes!("st-band", state)} data-lane-state={state}>
                <rect x={px(x1)} y={px(y - band_h / 2.0)} width={px(width)} height={px(band_h)} rx="2" />
                { for label }
                <title>{ fill(tr("S{0}: {1} in term {2} from {3}"), &[&b.server, &state_words(b.state), &b.term, &time_words(b.from_ms)]) }</title>
            </g>
        }
    };
    html! {
        <g class="st-lanes">
            { for (1..=layout.lanes).map(lane) }
            { for bands.iter().map(band) }
        </g>
    }
}

/// A message in words, named as `naming` names messages: the caption when it is hovered.
pub fn describe(a: &Arrow, naming: Naming) -> String {
    let name = match naming {
        Naming::Paper => paper_name(a.kind),
        Naming::Etcd => a.kind.etcd_name(),
    };
    let what = match (a.kind.name(), a.success) {
        (_, Some(true)) if a.kind.is_reply() => fill(tr("{0} (yes)"), &[&name]),
        (_, Some(false)) => fill(tr("{0} (no)"), &[&name]),
        _ if a.entries > 0 => fill(
            tr("{0}: entries {1}..{2}"),
            &[&name, &(a.index + 1 - a.entries), &a.index],
        ),
        _ => name.to_string(),
    };
    // (The time first, so that one fill serves every fate.)
    let (end, at) = match (a.fate, a.end_ms) {
        (Some(Fate::Delivered), Some(t)) => (key("delivered at {0}"), t),
        (Some(Fate::Lost), Some(t)) => (key("lost half way at {0} (random loss)"), t),
        (Some(Fate::Partitioned), Some(t)) if t == a.sent_ms => {
            (key("stopped by the partition at its send"), t)
        }
        (Some(Fate::Partitioned), Some(t)) => (key("lost at {0}: a partition cut the link"), t),
        (Some(Fate::SenderDown), Some(t)) => (key("lost at {0}: its sender had crashed"), t),
        (Some(Fate::ReceiverDown), Some(t)) => (key("lost at {0}: S{1} was down"), t),
        (Some(Fate::Dropped), Some(t)) => (key("dropped at {0}"), t),
        _ => (key("in flight, due at {0}"), a.due_ms),
    };
    let end = fill(tr(end), &[&time_words(at), &a.to]);
    fill(
        tr("S{0} → S{1} · {2}, term {3} · sent at {4} · {5}"),
        &[&a.from, &a.to, &what, &a.term, &time_words(a.sent_ms), &end],
    )
}

/// The messages shown: a line from the send to the end, an arrowhead if it arrived, a cross
/// where it died. `life`: indexes of the messages of the selected request.
pub fn arrows(layout: &Layout, window: &Window, shown: Shown, life: &[usize]) -> Html {
    let arrow = |(i, a): (usize, &Arrow)| {
        if !shown.contains(group_of(a)) && !life.contains(&i) {
            return Html::default();
        }
        let s = segment(layout, a, window.end_ms);
        let reply = match a.success {
            Some(true) => Some("ok"),
            Some(false) => Some("no"),
            None => None,
        };
        let class = classes!(
            "st-msg",
            format!("k-{}", a.kind.name()),
            reply,
            a.heartbeat.then_some("hb"),
            matches!(s.tip, Tip::Cross).then_some("died"),
            life.contains(&i).then_some("life"),
        );
        let tip = match s.tip {
            Tip::Head => html! { <polygon class="st-head" points={points(&head(&s, 6.0))} /> },
            Tip::Cross => {
                let d = 3.5;
                let path = format!(
                    "M{:.1},{:.1}l{},{}m0,-{}l-{},{}",
                    s.x2 - d,
                    s.y2 - d,
                    2.0 * d,
                    2.0 * d,
                    2.0 * d,
                    2.0 * d,
                    2.0 * d
                );
                html! { <path class="st-cross" d={path} /> }
            }
            Tip::None => Html::default(),
        };
        let (x1, y1, x2, y2) = (px(s.x1), px(s.y1), px(s.x2), px(s.y2));
        html! {
            <g {class} data-msg-kind={a.kind.name()} data-msg={i.to_string()}>
                <line class="st-hit" x1={x1.clone()} y1={y1.clone()} x2={x2.clone()} y2={y2.clone()} />
                <line class="st-shaft" {x1} {y1} {x2} {y2} />
                { tip }
            </g>
        }
    };
    html! { <g class="st-msgs">{ for window.messages.iter().enumerate().map(arrow) }</g> }
}

/// Commit marks (a filled diamond above the lane's line) and apply marks (a ring below it).
pub fn marks(layout: &Layout, marks: &[Mark]) -> Html {
    let off = (layout.lane_h * 0.32).clamp(5.0, 12.0);
    let mark = |m: &Mark| {
        let (x, y) = (layout.x(m.at_ms), layout.lane_y(m.server));
        let range = match m.from_index == m.index {
            true => format!("{}", m.index),
            false => format!("{}..{}", m.from_index, m.index),
        };
        match m.kind {
            MarkKind::Commit => html! {
                <polygon class="st-mark commit" points={points(&[(x, y - off - 3.5), (x + 3.0, y - off), (x, y - off + 3.5), (x - 3.0, y - off)])}>
                    <title>{ fill(tr("S{0} commits {1} at {2}"), &[&m.server, &range, &time_words(m.at_ms)]) }</title>
                </polygon>
            },
            MarkKind::Apply => html! {
                <circle class="st-mark apply" cx={px(x)} cy={px(y + off)} r="2.6">
                    <title>{ fill(tr("S{0} applies {1} at {2}"), &[&m.server, &range, &time_words(m.at_ms)]) }</title>
                </circle>
            },
        }
    };
    html! { <g class="st-marks">{ for marks.iter().map(mark) }</g> }
}

/// The key of a client operation (ids start again after a restart in place).
pub fn op_key(op: &ClientOp) -> (u64, u64) {
    (op.operation.id, op.operation.invoke_ms)
}

/// The client lane: each operation an interval from its invoke to its answer (one row per
/// client), clickable to follow its life.
pub fn clients(
    layout: &Layout,
    ops: &[ClientOp],
    end_ms: u64,
    selected: Option<(u64, u64)>,
) -> Html {
    let top = layout.clients_top();
    let op = |op: &ClientOp| {
        let o = &op.operation;
        let row = (o.client - 1) % MAX_CLIENT_ROWS;
        let y = layout.client_y(row);
        let x1 = layout.x(o.invoke_ms).max(LABELS_W);
        let x2 = layout
            .x(o.complete_ms.unwrap_or(end_ms))
            .min(layout.right())
            .max(x1 + 3.0);
        let what = match &o.value {
            Some(value) => format!("{} {}={value}", o.op, o.key),
            None => format!("{} {}", o.op, o.key),
        };
        let status = o.status.clone().unwrap_or_else(|| "pending".into());
        let said = status_words(o.status.as_deref());
        let key = op_key(op);
        let label = (x2 - x1 > 44.0).then(|| {
            html! {
                <text x={px(x1 + 3.0)} y={px(y + 3.5)}>{ what.clone() }</text>
            }
        });
        let class = classes!(
            "st-op",
            status.clone(),
            (selected == Some(key)).then_some("selected")
        );
        html! {
            <g {class} role="button" tabindex="0" data-op={format!("{}-{}", key.0, key.1)}
                aria-label={fill(tr("client {0}: {1}, {2}; follow its life"), &[&o.client, &what, &said])}>
                <rect x={px(x1)} y={px(y - 5.0)} width={px(x2 - x1)} height="10" rx="3" />
                { for label }
            </g>
        }
    };
    html! {
        <g class="st-clients">
            <text class="st-lane-name" x="4" y={px(layout.client_y(0) + 4.0)}>{ tr("clients") }</text>
            <line class="st-lane-line" x1={px(LABELS_W)} x2={px(layout.right())} y1={px(top)} y2={px(top)} />
            { for ops.iter().map(op) }
        </g>
    }
}

/// The selected request's life: its steps as numbered dots joined in order of time, across the
/// lanes (its messages are lit by [`arrows`]).
pub fn life(layout: &Layout, life: &Life, row: u64) -> Html {
    let at = |server: u64, at_ms: u64| {
        let y = match server {
            0 => layout.client_y(row),
            s => layout.lane_y(s),
        };
        (layout.x(at_ms), y)
    };
    let path: Vec<String> = (life.steps.iter().enumerate())
        .map(|(i, s)| {
            let (x, y) = at(s.server, s.at_ms);
            format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" })
        })
        .collect();
    html! {
        <g class="st-life" aria-hidden="true">
            <path class="st-life-path" d={path.join(" ")} />
            { for life.steps.iter().enumerate().map(|(i, s)| {
                let (x, y) = at(s.server, s.at_ms);
                html! {
                    <g class="st-life-step">
                        <circle cx={px(x)} cy={px(y)} r="6" />
                        <text x={px(x)} y={px(y + 3.0)}>{ (i + 1).to_string() }</text>
                        <title>{ s.text.clone() }</title>
                    </g>
                }
            }) }
        </g>
    }
}

/// The current time as a line across every lane; after a seek back, the records ahead of it
/// (the future the run will replay) are shaded; before the records kept, a note.
pub fn now_and_shades(layout: &Layout, window: &Window) -> Html {
    let (top, bottom) = (AXIS_H - 2.0, layout.bottom());
    let clip = |x: f64| x.clamp(LABELS_W, layout.right());
    let now = layout.x(window.time_ms);
    let future = (window.end_ms > window.time_ms).then(|| {
        let (x1, x2) = (clip(now), clip(layout.x(window.end_ms)));
        html! { <rect class="st-future" x={px(x1)} y={px(top)} width={px(x2 - x1)} height={px(bottom - top)} /> }
    });
    let unkept = (window.from_ms < window.recorded_from_ms).then(|| {
        let x2 = clip(layout.x(window.recorded_from_ms));
        html! {
            <g class="st-unkept">
                <rect x={px(LABELS_W)} y={px(top)} width={px(x2 - LABELS_W)} height={px(bottom - top)} />
                <text x={px(LABELS_W + 4.0)} y={px(top + 14.0)}>{ tr("older records let go") }</text>
            </g>
        }
    });
    let line = (now >= LABELS_W && now <= layout.right()).then(|| {
        html! {
            <g class="st-now" data-now-ms={window.time_ms.to_string()}>
                <line x1={px(now)} x2={px(now)} y1={px(top)} y2={px(bottom)} />
                <text x={px(now)} y={px(AXIS_H + 8.0)}>{ tr("now") }</text>
            </g>
        }
    });
    html! { <>{ for unkept }{ for future }{ for line }</> }
}
