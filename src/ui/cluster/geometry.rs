//! Where things are on the drawing: nodes on a ring, messages along links, timer arcs.

use crate::sim::decimal::Decimal;
use std::f64::consts::{FRAC_PI_2, TAU};

/// The drawing's coordinate system: a 320 x 300 box centred on the ring.
pub const VIEW_BOX: &str = "-160 -150 320 300";
pub const RING_RADIUS: f64 = 105.0;
pub const NODE_RADIUS: f64 = 24.0;
pub const TIMER_RADIUS: f64 = 29.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Node `index` (0-based) of `count`, clockwise from the top.
pub fn node_position(index: usize, count: usize) -> Point {
    let angle = TAU * index as f64 / count.max(1) as f64 - FRAC_PI_2;
    Point {
        x: RING_RADIUS * angle.cos(),
        y: RING_RADIUS * angle.sin(),
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

/// How far along its flight a message is at `now`.
pub fn flight_progress(sent_ms: u64, deliver_ms: u64, now: u64) -> f64 {
    if deliver_ms <= sent_ms {
        return 1.0;
    }
    (now.saturating_sub(sent_ms)) as f64 / (deliver_ms - sent_ms) as f64
}

/// An SVG path for an arc around the origin, starting at 12 o'clock and sweeping clockwise over
/// `fraction` of the circle.
pub fn arc_path(radius: f64, fraction: f64) -> String {
    let fraction = fraction.clamp(0.0, 0.9999);
    let angle = TAU * fraction - FRAC_PI_2;
    let (x, y) = (radius * angle.cos(), radius * angle.sin());
    let large = i32::from(fraction > 0.5);
    let (r, x, y) = (coordinate(radius), coordinate(x), coordinate(y));
    format!("M 0 {} A {r} {r} 0 {large} 1 {x} {y}", coordinate(-radius))
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
