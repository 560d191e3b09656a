//! Where things go on the diagram: time along x (left to right), one lane per server from the
//! top, the client lane at the foot. Everything in CSS pixels of the drawing's own box, so
//! words keep their size whatever the width.

use crate::sim::spacetime::{Arrow, Fate};

/// The column of lane names on the left.
pub const LABELS_W: f64 = 40.0;
/// The time axis along the top.
pub const AXIS_H: f64 = 18.0;
/// One row of the client lane.
pub const CLIENT_ROW_H: f64 = 13.0;
pub const RIGHT_PAD: f64 = 10.0;

/// The drawing's layout for one window of time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub from_ms: u64,
    pub span_ms: u64,
    pub lanes: u64,
    pub lane_h: f64,
    /// Rows of the client lane (one per client seen, at most [`MAX_CLIENT_ROWS`]).
    pub client_rows: u64,
}

pub const MAX_CLIENT_ROWS: u64 = 4;

impl Layout {
    /// Lanes share the height the client lane and the axis leave, within readable bounds.
    pub fn new(
        width: f64,
        height: f64,
        from_ms: u64,
        span_ms: u64,
        lanes: u64,
        clients: u64,
    ) -> Layout {
        let client_rows = clients.clamp(1, MAX_CLIENT_ROWS);
        let lanes = lanes.max(1);
        let room = height - AXIS_H - Self::client_h(client_rows) - 4.0;
        let lane_h = (room / lanes as f64).clamp(16.0, 56.0);
        Layout {
            width: width.max(200.0),
            height,
            from_ms,
            span_ms: span_ms.max(1),
            lanes,
            lane_h,
            client_rows,
        }
    }

    fn client_h(rows: u64) -> f64 {
        rows as f64 * CLIENT_ROW_H + 10.0
    }

    pub fn plot_w(&self) -> f64 {
        self.width - LABELS_W - RIGHT_PAD
    }

    /// The x of simulated time `ms` (outside the plot when outside the window).
    pub fn x(&self, ms: u64) -> f64 {
        LABELS_W + (ms as f64 - self.from_ms as f64) * self.plot_w() / self.span_ms as f64
    }

    /// The time at `x` (a click), within the window.
    pub fn time_at(&self, x: f64) -> u64 {
        let fraction = ((x - LABELS_W) / self.plot_w()).clamp(0.0, 1.0);
        self.from_ms + (fraction * self.span_ms as f64).round() as u64
    }

    /// The middle of server `id`'s lane (S1 at the top).
    pub fn lane_y(&self, id: u64) -> f64 {
        AXIS_H + (id as f64 - 0.5) * self.lane_h
    }

    /// The top of the client lane.
    pub fn clients_top(&self) -> f64 {
        AXIS_H + self.lanes as f64 * self.lane_h + 4.0
    }

    /// The middle of client row `row` (from 0).
    pub fn client_y(&self, row: u64) -> f64 {
        self.clients_top() + 6.0 + (row as f64 + 0.5) * CLIENT_ROW_H
    }

    /// The bottom of everything drawn.
    pub fn bottom(&self) -> f64 {
        self.clients_top() + Self::client_h(self.client_rows)
    }

    pub fn right(&self) -> f64 {
        self.width - RIGHT_PAD
    }
}

/// How an arrow is drawn: from its send to where it ended, and what is at its tip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub tip: Tip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tip {
    /// Delivered: an arrowhead at the receiver.
    Head,
    /// Lost or dropped: a cross where it died.
    Cross,
    /// Still on its way (at the end of the records): nothing.
    None,
}

/// An arrow's segment: to the receiver's lane at its delivery; a message that died stops where
/// it died (random loss half way, a partition at the receiver's door, a drop by hand part way);
/// one in flight stops where it is at `end_ms`, the end of the records.
pub fn segment(layout: &Layout, a: &Arrow, end_ms: u64) -> Segment {
    let (y1, y_to) = (layout.lane_y(a.from), layout.lane_y(a.to));
    let x1 = layout.x(a.sent_ms);
    let toward = |at_ms: u64, tip| {
        let travel = a.due_ms.saturating_sub(a.sent_ms).max(1) as f64;
        let fraction = (at_ms.saturating_sub(a.sent_ms) as f64 / travel).clamp(0.0, 1.0);
        Segment {
            x1,
            y1,
            x2: layout.x(at_ms),
            y2: y1 + (y_to - y1) * fraction,
            tip,
        }
    };
    match (a.fate, a.end_ms) {
        (Some(Fate::Delivered), Some(at)) => Segment {
            x1,
            y1,
            x2: layout.x(at),
            y2: y_to,
            tip: Tip::Head,
        },
        // Random loss: it vanishes half way along its link (as on the ring).
        (Some(Fate::Lost), Some(at)) => Segment {
            x1,
            y1,
            x2: layout.x(at),
            y2: (y1 + y_to) / 2.0,
            tip: Tip::Cross,
        },
        // A partition stopped it at its send: a stub toward the receiver.
        (Some(Fate::Partitioned), Some(at)) if at == a.sent_ms => Segment {
            x1,
            y1,
            x2: x1 + 6.0,
            y2: y1 + (y_to - y1).signum() * 8.0,
            tip: Tip::Cross,
        },
        (Some(_), Some(at)) => toward(at, Tip::Cross),
        _ => toward(end_ms.min(a.due_ms), Tip::None),
    }
}

/// The points of an arrowhead at the segment's end, `size` px long.
pub fn head(s: &Segment, size: f64) -> [(f64, f64); 3] {
    let (dx, dy) = (s.x2 - s.x1, s.y2 - s.y1);
    let length = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / length, dy / length);
    let (bx, by) = (s.x2 - ux * size, s.y2 - uy * size);
    let (px, py) = (-uy * size * 0.45, ux * size * 0.45);
    [(s.x2, s.y2), (bx + px, by + py), (bx - px, by - py)]
}

/// A time in words for the axis and the captions: "850 ms", "1.25 s", "12 s".
pub fn time_words(ms: u64) -> String {
    match ms {
        _ if ms < 1_000 => format!("{ms} ms"),
        _ if ms % 1_000 == 0 => format!("{} s", ms / 1_000),
        _ if ms % 100 == 0 => format!("{}.{} s", ms / 1_000, ms % 1_000 / 100),
        _ if ms % 10 == 0 => format!("{}.{:02} s", ms / 1_000, ms % 1_000 / 10),
        _ => format!("{}.{:03} s", ms / 1_000, ms % 1_000),
    }
}

/// Tick marks for the axis: a round step (1, 2 or 5 times a power of ten ms) giving at most
/// `most` ticks across the window.
pub fn ticks(from_ms: u64, span_ms: u64, most: u64) -> Vec<u64> {
    let mut step = 1;
    'search: for scale in [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000] {
        for m in [1, 2, 5] {
            step = m * scale;
            if span_ms / step <= most {
                break 'search;
            }
        }
    }
    let first = from_ms.div_ceil(step) * step;
    (0..)
        .map(|i| first + i * step)
        .take_while(|&t| t <= from_ms + span_ms)
        .collect()
}
