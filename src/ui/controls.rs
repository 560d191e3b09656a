//! Play/pause, step, speed and the timeline scrubber.

use super::engine::{MAX_SPEED, MIN_SPEED};
use crate::i18n::{fill, key, tr, Lang};
use crate::sim::decimal::Decimal;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The page's language: a switch draws this again even when nothing else changed.
    pub lang: Lang,
    pub time_ms: u64,
    pub end_ms: u64,
    pub playing: bool,
    pub speed: f64,
    pub on_play_pause: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_step_forward: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_seek: Callback<u64>,
    pub on_restart: Callback<()>,
    pub seed: u64,
    /// The commands given so far, drawn as ticks on the timeline: (time, what).
    pub marks: Vec<(u64, String)>,
}

const SLIDER_STEPS: f64 = 1000.0;

/// The speed slider is logarithmic: equal moves multiply the speed by equal factors.
pub fn speed_to_slider(speed: f64) -> f64 {
    ((speed / MIN_SPEED).ln() / (MAX_SPEED / MIN_SPEED).ln() * SLIDER_STEPS).round()
}

pub fn slider_to_speed(position: f64) -> f64 {
    MIN_SPEED * (MAX_SPEED / MIN_SPEED).powf(position / SLIDER_STEPS)
}

/// "0.05x", "1x", "12x".
pub fn speed_label(speed: f64) -> String {
    let places = if speed >= 10.0 {
        0
    } else if speed >= 1.0 {
        1
    } else if speed >= 0.1 {
        2
    } else {
        3
    };
    format!("{}×", Decimal::places(speed, places))
}

/// "12.345 s".
pub fn time_label(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

/// Where a command's mark sits on the timeline: "37.5%" of the way from 0 to `end_ms`.
fn mark_x(t: u64, end_ms: u64) -> String {
    let percent = t as f64 * 100.0 / end_ms.max(1) as f64;
    format!("{}%", Decimal::places(percent, 3))
}

fn input_value(e: &InputEvent) -> Option<f64> {
    e.target_dyn_into::<HtmlInputElement>()
        .map(|input| input.value_as_number())
        .filter(|v| v.is_finite())
}

/// A 20 x 20 icon drawn with one path (fonts lack the media symbols on many systems).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="btn-icon" viewBox="0 0 20 20" aria-hidden="true"><path d={path} /></svg>
    }
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let emit = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_speed = {
        let cb = props.on_speed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                cb.emit(slider_to_speed(v))
            }
        })
    };
    let on_seek = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                cb.emit(v.max(0.0) as u64)
            }
        })
    };
    let (play_icon, play_label) = if props.playing {
        (
            icon("M 5 3 h 4 v 14 h -4 z M 11 3 h 4 v 14 h -4 z"),
            key("Pause (space)"),
        )
    } else {
        (icon("M 5 3 L 17 10 L 5 17 z"), key("Play (space)"))
    };
    let play_label = tr(play_label);
    html! {
        <section class="controls" aria-label={tr("Playback")}>
            <button class="icon primary" title={play_label} aria-label={play_label}
                    data-action="play-pause" data-playing={props.playing.to_string()} onclick={emit(&props.on_play_pause)}>{ play_icon }</button>
            <button class="icon" title={tr("Step back one event (←)")} aria-label={tr("Step back one event")}
                    data-action="step-back" onclick={emit(&props.on_step_back)}>{ icon("M 4 3 h 3 v 14 h -3 z M 17 3 L 8 10 L 17 17 z") }</button>
            <button class="icon" title={tr("Step forward one event (→)")} aria-label={tr("Step forward one event")}
                    data-action="step-forward" onclick={emit(&props.on_step_forward)}>{ icon("M 3 3 L 12 10 L 3 17 z M 13 3 h 3 v 14 h -3 z") }</button>
            <output class="clock" data-sim-time={props.time_ms.to_string()} aria-label={tr("Simulated time")}>
                { time_label(props.time_ms) }
            </output>
            <div class="timeline">
                <input class="scrubber" type="range" min="0" max={props.end_ms.max(1).to_string()}
                       value={props.time_ms.to_string()} aria-label={tr("Timeline")} oninput={on_seek} />
                // SVG geometry, not a `style` attribute: a strict Content Security Policy
                // (style-src 'self') drops inline styles, and the marks would all sit at 0.
                <svg class="marks" aria-hidden="true">
                    { for props.marks.iter().map(|(t, what)| html! {
                        <rect class="mark" x={mark_x(*t, props.end_ms)} width="2" height="6">
                            <title>{ format!("{}: {what}", time_label(*t)) }</title>
                        </rect>
                    }) }
                </svg>
            </div>
            <label class="speed">
                <span>{ tr("Speed") }</span>
                <input type="range" min="0" max={Decimal::new(SLIDER_STEPS).to_string()}
                       value={Decimal::new(speed_to_slider(props.speed)).to_string()}
                       aria-label={tr("Speed")} oninput={on_speed} />
                <span class="speed-value">{ speed_label(props.speed) }</span>
            </label>
            <span class="seed" title={tr("The seed: the same seed and commands give the same run")}>{ fill(tr("seed {0}"), &[&props.seed]) }</span>
            <button class="text" title={tr("Start the same cluster again from time 0")} data-action="restart"
                    onclick={emit(&props.on_restart)}>{ tr("Restart") }</button>
        </section>
    }
}
