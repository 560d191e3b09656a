//! Where things are on the drawing: nodes on a ring, messages along links, timer arcs.

use crate::sim::config::MAX_NODES;
use crate::sim::decimal::Decimal;
use crate::sim::state::MessageState;
use std::f64::consts::FRAC_1_SQRT_2;

/// The drawing's coordinate system: a 320 x 300 box centred on the ring.
pub const VIEW_BOX: &str = "-160 -150 320 300";
pub const RING_RADIUS: f64 = 105.0;
pub const NODE_RADIUS: f64 = 24.0;
pub const TIMER_RADIUS: f64 = 29.0;

/// The leader's shape: a regular hexagon around the origin, radius 1.08 x NODE_RADIUS, a corner
/// at 3 o'clock. Written out, so no frame formats it (a wasm test checks it against the radius).
pub const LEADER_HEXAGON: &str =
    "25.92,0 12.96,22.45 -12.96,22.45 -25.92,0 -12.96,-22.45 12.96,-22.45";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// cos and sin of a turn of 2π/n, for n = 1..=9 servers on the ring: the drawing needs no
/// trigonometry, which saves the browser build the code of `sin` and `cos`.
const STEP: [(f64, f64); MAX_NODES as usize] = [
    (1.0, 0.0),
    (-1.0, 0.0),
    (-0.5, 0.866_025_403_784_438_6),
    (0.0, 1.0),
    (0.309_016_994_374_947_45, 0.951_056_516_295_153_5),
    (0.5, 0.866_025_403_784_438_6),
    (0.623_489_801_858_733_6, 0.781_831_482_468_029_8),
    (FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    (0.766_044_443_118_978, 0.642_787_609_686_539_3),
];

/// Node `index` (0-based) of `count`, clockwise from the top.
pub fn node_position(index: usize, count: usize) -> Point {
    let count = count.clamp(1, STEP.len());
    let (cos, sin) = STEP[count - 1];
    // Start at 12 o'clock and turn clockwise (y points down) `index` steps.
    let (mut x, mut y) = (0.0, -1.0);
    for _ in 0..index % count {
        (x, y) = (x * cos - y * sin, x * sin + y * cos);
    }
    Point {
        x: RING_RADIUS * x,
        y: RING_RADIUS * y,
    }
}

/// A message's position: the fraction of its flight done, along the link from sender to
/// receiver, shifted sideways so the two directions of a link do not overlap.
pub fn message_position(from: Point, to: Point, progress: f64) -> Point {
    let progress = progress.clamp(0.0, 1.0);
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    // Start and end at the nodes' edges, not their centres.
    let start = NODE_RADIUS / length;
    let t = start + (1.0 - 2.0 * start) * progress;
    let side = 4.0;
    Point {
        x: from.x + dx * t - dy / length * side,
        y: from.y + dy * t + dx / length * side,
    }
}

/// How far along its link a message is drawn at `now`: a message random loss took travels
/// half way and vanishes there.
pub fn drawn_progress(m: &MessageState, now: u64) -> f64 {
    let progress = flight_progress(m.sent_ms, m.deliver_ms, now);
    if m.lost {
        progress / 2.0
    } else {
        progress
    }
}

/// How far along its flight a message is at `now`.
pub fn flight_progress(sent_ms: u64, deliver_ms: u64, now: u64) -> f64 {
    if deliver_ms <= sent_ms {
        return 1.0;
    }
    (now.saturating_sub(sent_ms)) as f64 / (deliver_ms - sent_ms) as f64
}

/// A coordinate in SVG attributes: two decimals are finer than any screen.
pub fn coordinate(x: f64) -> Decimal {
    Decimal::places(x, 2)
}

/// An SVG `transform` that moves the origin to `at`.
pub fn translate(at: Point) -> String {
    format!("translate({} {})", coordinate(at.x), coordinate(at.y))
}

/// A point part-way between two points.
pub fn lerp(a: Point, b: Point, t: f64) -> Point {
    Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    }
}
