//! The space-time diagram (issue 15): one lane per server and time from left to right, each
//! server's roles as bands, crashes as gaps, every message an arrow from its send to its
//! delivery (or a cross where it died), commits and applies as marks, and the clients'
//! operations on a lane of their own. Selecting an operation lights its whole life across the
//! lanes. It follows the run: a line marks the current time, a click anywhere seeks there.
//!
//! The records come from this module's own copy of the page's run ([`replica`]), for the
//! window of time shown only; the page's clock is read through `window.raftlab.now()` a few
//! dozen times a second, and the window drawn again only when something moved ([`draw`],
//! [`geometry`]). It is shown below the ring or beside it ([`slot`], [`placement`]).

mod draw;
mod geometry;
mod kinds;
mod placement;
pub mod replica;
mod slot;

use super::page;
use crate::i18n::{fill, tr, Lang};
use crate::sim::spacetime::life::life;
use crate::sim::spacetime::Window;
use draw::op_key;
use geometry::{time_words, Layout, MAX_CLIENT_ROWS};
use gloo_timers::callback::Interval;
use kinds::{Group, Shown, GROUPS};
pub use placement::Placement;
pub use slot::{Diagram, DiagramAction, SpacetimeSlot};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How often the clock is looked at, in wall-clock ms.
const POLL_MS: u32 = 40;
/// The widths of time a person can zoom between.
const SPANS_MS: [u64; 9] = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
/// Half a second: an election's messages (a hop takes 10 to 15 ms) stay apart on a laptop.
const DEFAULT_SPAN: usize = 2;
/// Where the current time sits when following the run: this far along the window.
const FOLLOW_AT: f64 = 0.85;

/// What the person chose to see.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    span: usize,
    /// The window follows the current time; otherwise it starts at `start_ms`.
    follow: bool,
    start_ms: u64,
    shown: Shown,
    /// The operation whose life is shown: (history id, invoke time).
    selected: Option<(u64, u64)>,
    /// The message under the pointer (its index in the window's records).
    hovered: Option<usize>,
}

impl Default for View {
    fn default() -> View {
        View {
            span: DEFAULT_SPAN,
            follow: true,
            start_ms: 0,
            shown: Shown::default(),
            selected: None,
            hovered: None,
        }
    }
}

pub enum ViewAction {
    Zoom(bool),
    /// Earlier (false) or later (true) by half a window, from the window shown.
    Pan(bool, u64),
    Follow(bool),
    Toggle(Group),
    Select(Option<(u64, u64)>),
    Hover(Option<usize>),
}

impl Reducible for View {
    type Action = ViewAction;

    fn reduce(self: Rc<View>, action: ViewAction) -> Rc<View> {
        let mut v = (*self).clone();
        match action {
            ViewAction::Zoom(wider) => {
                v.span = match wider {
                    true => (v.span + 1).min(SPANS_MS.len() - 1),
                    false => v.span.saturating_sub(1),
                }
            }
            ViewAction::Pan(later, from_ms) => {
                let half = SPANS_MS[v.span] / 2;
                v.follow = false;
                v.start_ms = match later {
                    true => from_ms + half,
                    false => from_ms.saturating_sub(half),
                };
            }
            ViewAction::Follow(follow) => v.follow = follow,
            ViewAction::Toggle(group) => v.shown = v.shown.toggled(group),
            ViewAction::Select(op) => v.selected = op,
            ViewAction::Hover(hovered) => v.hovered = hovered,
        }
        Rc::new(v)
    }
}

impl View {
    fn span_ms(&self) -> u64 {
        SPANS_MS[self.span]
    }

    /// The window's start when the run stands at `time_ms`.
    fn start_when(&self, time_ms: u64) -> u64 {
        match self.follow {
            true => time_ms.saturating_sub((self.span_ms() as f64 * FOLLOW_AT) as u64),
            false => self.start_ms,
        }
    }
}

/// What was asked of the page and what it answered: redrawn only when the question changes.
#[derive(Debug, Clone, PartialEq)]
struct Asked {
    from_ms: u64,
    span_ms: u64,
    heartbeats: bool,
    clock: page::Clock,
    size: (u32, u32),
}

#[derive(Debug, PartialEq)]
struct Frame {
    asked: Asked,
    window: Window,
    layout: Layout,
}

/// One look at the clock and the drawing's box: the frame to draw, if anything changed since
/// `last` (or an error in words).
fn refresh(view: &View, plot: &NodeRef, last: Option<&Asked>) -> Option<Result<Frame, String>> {
    let clock = match page::clock() {
        Ok(clock) => clock,
        Err(error) => return Some(Err(cannot_read(error))),
    };
    let size = plot.cast::<web_sys::Element>().map_or((0, 0), |el| {
        (el.client_width() as u32, el.client_height() as u32)
    });
    let asked = Asked {
        from_ms: view.start_when(clock.time_ms),
        span_ms: view.span_ms(),
        // A request's life may go through heartbeats (a read's confirmation round).
        heartbeats: view.shown.contains(Group::Heartbeats) || view.selected.is_some(),
        clock,
        size,
    };
    if last == Some(&asked) || size.0 == 0 {
        return None;
    }
    let to_ms = asked.from_ms + asked.span_ms;
    let heartbeats = asked.heartbeats;
    let window = replica::with_run(clock, |sim| {
        sim.spacetime_with(asked.from_ms, to_ms, heartbeats)
    });
    Some(window.map_err(cannot_read).map(|window| {
        let clients = (window.ops.iter().map(|o| o.operation.client).max()).unwrap_or(1);
        let (w, h) = (f64::from(size.0), f64::from(size.1));
        let layout = Layout::new(w, h, asked.from_ms, asked.span_ms, window.servers, clients);
        Frame {
            asked,
            window,
            layout,
        }
    }))
}

/// Why the run could not be read, in a sentence of the page's language (the reason stays as the
/// page or the replica gave it).
fn cannot_read(reason: String) -> String {
    fill(tr("The diagram cannot read the run: {0}"), &[&reason])
}

#[derive(Properties, PartialEq)]
pub struct SpacetimeProps {
    /// The language spoken: the panel renders again when it changes (`crate::i18n`), paused too.
    pub lang: Lang,
    /// Where the person wants it; without room for beside, it is below all the same.
    pub placement: Placement,
    pub on_place: Callback<Placement>,
    pub on_close: Callback<()>,
}

/// The diagram's panel, drawn in the page's `#spacetime-slot`.
#[component]
pub fn SpacetimePanel(props: &SpacetimeProps) -> Html {
    let room = placement::use_room_for_beside();
    let shown = match room {
        true => props.placement,
        false => Placement::Below,
    };
    let view = use_reducer_eq(View::default);
    let frame = use_state(|| None::<Rc<Frame>>);
    let error = use_state(|| None::<String>);
    let plot = use_node_ref();
    // The interval reads the view as it is now, not as it was when the interval started.
    let current = use_mut_ref(View::default);
    *current.borrow_mut() = (*view).clone();
    {
        let (frame, error, plot, current) = (
            frame.setter(),
            error.setter(),
            plot.clone(),
            current.clone(),
        );
        use_effect_with((), move |_| {
            let last: RefCell<Option<Asked>> = RefCell::new(None);
            let tick = move || {
                let view = current.borrow().clone();
                let refreshed = refresh(&view, &plot, last.borrow().as_ref());
                match refreshed {
                    None => {}
                    Some(Ok(f)) => {
                        *last.borrow_mut() = Some(f.asked.clone());
                        frame.set(Some(Rc::new(f)));
                        error.set(None);
                    }
                    Some(Err(e)) => error.set(Some(e)),
                }
            };
            tick();
            let interval = Interval::new(POLL_MS, tick);
            move || drop(interval)
        });
    }
    let dispatch = |action: fn() -> ViewAction| {
        let view = view.dispatcher();
        Callback::from(move |_: MouseEvent| view.dispatch(action()))
    };
    let place = placement::switch(props.placement, room, &props.on_place);
    let header = header(&view, frame.as_deref(), place, &props.on_close, &dispatch);
    let body = frame.as_deref().map(|f| diagram(&view, f));
    let life_list = (frame.as_deref()).and_then(|f| life_list(&view, f));
    let caption = caption(&view, frame.as_deref());
    let error = (*error)
        .clone()
        .map(|e| html! { <p class="notice error" role="alert">{ e }</p> });
    html! {
        <section class="spacetime panel" data-view="spacetime" data-layout={shown.name()} aria-label={tr("Space-time diagram")}>
            { header }
            { for error }
            <div class={classes!("st-body", life_list.is_some().then_some("with-life"))}>
                <div class="st-plot" ref={plot}>{ for body }</div>
                { for life_list }
            </div>
            <p class="st-caption">{ caption }</p>
        </section>
    }
}

fn header(
    view: &UseReducerHandle<View>,
    frame: Option<&Frame>,
    place: Html,
    on_close: &Callback<()>,
    dispatch: &dyn Fn(fn() -> ViewAction) -> Callback<MouseEvent>,
) -> Html {
    let from_ms = frame.map_or(0, |f| f.asked.from_ms);
    let pan = |later: bool| {
        let view = view.dispatcher();
        Callback::from(move |_: MouseEvent| view.dispatch(ViewAction::Pan(later, from_ms)))
    };
    let follow = {
        let (view, on) = (view.dispatcher(), view.follow);
        Callback::from(move |_: MouseEvent| view.dispatch(ViewAction::Follow(!on)))
    };
    let close = on_close.reform(|_: MouseEvent| ());
    let kinds = GROUPS.iter().map(|&(group, words, title)| {
        let toggle = {
            let view = view.dispatcher();
            Callback::from(move |_: Event| view.dispatch(ViewAction::Toggle(group)))
        };
        let name = format!("{group:?}").to_ascii_lowercase();
        html! {
            <label title={tr(title)}>
                <input type="checkbox" checked={view.shown.contains(group)} onchange={toggle} data-kind-filter={name} />
                { tr(words) }
            </label>
        }
    });
    html! {
        <header>
            <h2>{ tr("Space-time") }</h2>
            <div class="st-controls" role="group" aria-label={tr("Time shown")}>
                <button class="icon" aria-label={tr("Earlier")} title={tr("Earlier")} onclick={pan(false)}>{ "◀" }</button>
                <button class="icon" aria-label={tr("Later")} title={tr("Later")} onclick={pan(true)}>{ "▶" }</button>
                <button aria-pressed={view.follow.to_string()} title={tr("Keep the current time in view")} onclick={follow} data-action="st-follow">{ tr("Follow") }</button>
                <button class="icon" aria-label={tr("Show less time")} title={tr("Zoom in")} onclick={dispatch(|| ViewAction::Zoom(false))}>{ "+" }</button>
                <span class="st-span">{ time_words(view.span_ms()) }</span>
                <button class="icon" aria-label={tr("Show more time")} title={tr("Zoom out")} onclick={dispatch(|| ViewAction::Zoom(true))}>{ "−" }</button>
            </div>
            <fieldset class="st-kinds">
                <legend class="sr-only">{ tr("Messages shown") }</legend>
                { for kinds }
            </fieldset>
            { place }
            <button class="icon close" aria-label={tr("Close the space-time diagram")} onclick={close}>{ "×" }</button>
        </header>
    }
}

/// The drawing itself: a click on an operation selects it, anywhere else seeks there.
fn diagram(view: &UseReducerHandle<View>, f: &Frame) -> Html {
    let (layout, window) = (&f.layout, &f.window);
    let selected = view
        .selected
        .and_then(|key| window.ops.iter().find(|o| op_key(o) == key));
    let lit = selected.map(|op| life(window, op));
    let onclick = {
        let (view, layout) = (view.dispatcher(), *layout);
        Callback::from(move |e: MouseEvent| on_click(&e, &layout, &view))
    };
    let onmouseover = {
        let (view, hovered) = (view.dispatcher(), view.hovered);
        Callback::from(move |e: MouseEvent| {
            let msg = target_data(&e, "data-msg").and_then(|i| i.parse().ok());
            if msg != hovered {
                view.dispatch(ViewAction::Hover(msg));
            }
        })
    };
    let onmouseleave = {
        let view = view.dispatcher();
        Callback::from(move |_: MouseEvent| view.dispatch(ViewAction::Hover(None)))
    };
    let row = selected.map_or(0, |o| (o.operation.client - 1) % MAX_CLIENT_ROWS);
    let (w, h) = (layout.width, layout.height);
    let label = fill(
        tr("Space-time diagram from {0} to {1}"),
        &[
            &time_words(layout.from_ms),
            &time_words(layout.from_ms + layout.span_ms),
        ],
    );
    html! {
        <svg class={classes!("st-svg", lit.is_some().then_some("has-life"))} width={format!("{w}")} height={format!("{h}")}
            viewBox={format!("0 0 {w} {h}")} role="group" aria-label={label} {onclick} {onmouseover} {onmouseleave}
            data-from-ms={layout.from_ms.to_string()} data-to-ms={(layout.from_ms + layout.span_ms).to_string()}>
            <defs>
                <pattern id="st-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect class="st-stripe-bg" width="6" height="6" />
                    <line class="st-stripe" x1="0" y1="0" x2="0" y2="6" />
                </pattern>
            </defs>
            <rect class="st-bg" x="0" y="0" width={format!("{w}")} height={format!("{h}")} />
            { draw::axis(layout) }
            { draw::lanes(layout, &window.bands, window.end_ms) }
            { draw::marks(layout, &window.marks) }
            { draw::clients(layout, &window.ops, window.end_ms, view.selected) }
            { draw::arrows(layout, window, view.shown, lit.as_ref().map_or(&[], |l| &l.messages)) }
            { for lit.as_ref().map(|l| draw::life(layout, l, row)) }
            { draw::now_and_shades(layout, window) }
        </svg>
    }
}

/// The `attribute` of the closest element under the event's target that has one.
fn target_data(e: &MouseEvent, attribute: &str) -> Option<String> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let found = target.closest(&format!("[{attribute}]")).ok()??;
    found.get_attribute(attribute)
}

fn on_click(e: &MouseEvent, layout: &Layout, view: &UseReducerDispatcher<View>) {
    if let Some(op) = target_data(e, "data-op") {
        let key = op
            .split_once('-')
            .and_then(|(id, at)| Some((id.parse().ok()?, at.parse().ok()?)));
        view.dispatch(ViewAction::Select(key));
        return;
    }
    // Not the event's current target: Yew hands events over from the root it listens at.
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(svg) = target.and_then(|t| t.closest("svg.st-svg").ok().flatten()) else {
        return;
    };
    let x = f64::from(e.client_x()) - svg.get_bounding_client_rect().left();
    let at = layout.time_at(x);
    // Seeking pauses the run, as the timeline's scrubber does, so the moment stays in view.
    if let Err(error) = page::pause().and_then(|()| page::seek(at)) {
        web_sys::console::warn_1(&error.into());
    }
}

/// The selected operation's life, step by step, beside the drawing.
fn life_list(view: &UseReducerHandle<View>, f: &Frame) -> Option<Html> {
    let key = view.selected?;
    let op = f.window.ops.iter().find(|o| op_key(o) == key)?;
    let steps = life(&f.window, op).steps;
    let close = {
        let view = view.dispatcher();
        Callback::from(move |_: MouseEvent| view.dispatch(ViewAction::Select(None)))
    };
    Some(html! {
        <aside class="st-life-list" aria-label={tr("The request's life")}>
            <header>
                <h3>{ op.operation.text.clone() }</h3>
                <button class="icon" aria-label={tr("Stop following this request")} onclick={close}>{ "×" }</button>
            </header>
            <ol>
                { for steps.iter().map(|s| html! {
                    <li><time>{ time_words(s.at_ms) }</time>{ s.text.clone() }</li>
                }) }
            </ol>
        </aside>
    })
}

fn caption(view: &View, frame: Option<&Frame>) -> String {
    let hovered = view
        .hovered
        .zip(frame)
        .and_then(|(i, f)| f.window.messages.get(i));
    match hovered {
        // The page's message names: the paper's or etcd's (Settings → Message names).
        Some(a) => draw::describe(a, page::naming().unwrap_or_default()),
        None => tr("◆ commit  ○ apply  ✕ lost, or crashed · Click anywhere to go to that moment; point at a message to read it; click a client request to follow its life.").into(),
    }
}
