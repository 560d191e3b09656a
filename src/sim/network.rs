//! The simulated network: messages in flight as first-class objects, latency (global and per
//! link), random loss and duplication, partitions into groups and one-way cuts.
//!
//! Generic over the message type so it can be tested alone; the simulation uses it with the
//! Raft core's `Message`. Ordered collections only: iteration order is observable (the state
//! JSON, the trace hash).

use super::rng::{between, chance_ppm, ppm, SimRng};
use super::sorted_set::SortedSet;
use super::state::{LatencyState, LinkLatencyState, LinkState, NetworkState};
use litemap::LiteMap;

pub type NodeId = u64;

/// A message on the wire. It exists from its send until its delivery (or its loss).
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight<M> {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_ms: u64,
    /// When it arrives; for a message random loss takes, when it vanishes.
    pub deliver_ms: u64,
    /// Random loss took it: it travels half way, so it can be seen, and never arrives.
    pub lost: bool,
    pub msg: M,
}

/// A delay range in ms, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latency {
    pub min_ms: u64,
    pub max_ms: u64,
}

/// What became of a send: the copies put on the wire (none if blocked, two if duplicated).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sent {
    /// (message id, delivery time) of each copy; for a lost message, the time it vanishes.
    pub copies: Vec<(u64, u64)>,
    /// The link was cut or partitioned at send time.
    pub blocked: bool,
    /// Random loss took the message (its one copy vanishes half way).
    pub lost: bool,
}

#[derive(Debug, Clone)]
pub struct Network<M> {
    /// Messages on the wire by id: ids only grow, so a send appends.
    in_flight: LiteMap<u64, InFlight<M>>,
    next_id: u64,
    latency: Latency,
    /// Per-link overrides, by link.
    link_latency: LiteMap<(NodeId, NodeId), Latency>,
    drop_rate: f64,
    dup_rate: f64,
    /// The same rates in parts per million, as every send draws against them.
    drop_ppm: u64,
    dup_ppm: u64,
    /// The groups of the current partition, each sorted; empty when not partitioned.
    groups: Vec<Vec<NodeId>>,
    /// Directed cut links (from, to).
    cuts: SortedSet<(NodeId, NodeId)>,
}

impl<M: Clone> Network<M> {
    pub fn new(latency: Latency, drop_rate: f64, dup_rate: f64) -> Self {
        Network {
            in_flight: LiteMap::new_vec(),
            next_id: 1,
            latency,
            link_latency: LiteMap::new_vec(),
            drop_rate,
            dup_rate,
            drop_ppm: ppm(drop_rate),
            dup_ppm: ppm(dup_rate),
            groups: Vec::new(),
            cuts: SortedSet::new(),
        }
    }

    /// Whether a message from `from` can currently reach `to` (partitions and cuts only; a
    /// crashed receiver is the simulation's business).
    pub fn can_reach(&self, from: NodeId, to: NodeId) -> bool {
        if self.cuts.contains(&(from, to)) {
            return false;
        }
        self.groups.is_empty() || self.group_of(from) == self.group_of(to)
    }

    fn group_of(&self, node: NodeId) -> Option<usize> {
        self.groups.iter().position(|g| g.contains(&node))
    }

    /// Puts a message on the wire: a blocked link drops it at once; a message random loss takes
    /// travels half the link's mean delay and vanishes (so it can be seen); duplication sends a
    /// second copy with its own delay. Draws from `rng` in a fixed order (loss, then duplication
    /// and one delay per copy) so a run replays exactly; a lost message draws nothing more.
    pub fn send(&mut self, rng: &mut SimRng, now: u64, from: NodeId, to: NodeId, msg: M) -> Sent {
        if !self.can_reach(from, to) {
            return Sent {
                copies: Vec::new(),
                blocked: true,
                lost: false,
            };
        }
        if chance_ppm(rng, self.drop_ppm) {
            let latency = self.latency_of(from, to);
            let vanish_ms = now + (latency.min_ms + latency.max_ms) / 4;
            let id = self.put_on_wire(from, to, now, vanish_ms, true, msg);
            return Sent {
                copies: vec![(id, vanish_ms)],
                blocked: false,
                lost: true,
            };
        }
        let copies = if chance_ppm(rng, self.dup_ppm) { 2 } else { 1 };
        let latency = self.latency_of(from, to);
        let mut sent = Sent::default();
        let mut original = Some(msg);
        for copy in 0..copies {
            let deliver_ms = now + between(rng, latency.min_ms, latency.max_ms);
            // The last copy takes the message itself: no clone unless duplicated.
            let msg = if copy + 1 == copies {
                original.take()
            } else {
                original.clone()
            };
            let Some(msg) = msg else { break };
            let id = self.put_on_wire(from, to, now, deliver_ms, false, msg);
            sent.copies.push((id, deliver_ms));
        }
        sent
    }

    /// Puts a message on the wire with the next id.
    fn put_on_wire(
        &mut self,
        from: NodeId,
        to: NodeId,
        now: u64,
        deliver_ms: u64,
        lost: bool,
        msg: M,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let message = InFlight {
            id,
            from,
            to,
            sent_ms: now,
            deliver_ms,
            lost,
            msg,
        };
        self.in_flight.insert(id, message);
        id
    }

    fn latency_of(&self, from: NodeId, to: NodeId) -> Latency {
        self.link_latency
            .get(&(from, to))
            .copied()
            .unwrap_or(self.latency)
    }

    /// Takes a message off the wire at its delivery time. `None` if it was dropped by hand.
    /// The second value says whether the link still carries it (a partition or cut made after
    /// the send loses it).
    pub fn take(&mut self, id: u64) -> Option<(InFlight<M>, bool)> {
        let m = self.drop_message(id)?;
        let reachable = self.can_reach(m.from, m.to);
        Some((m, reachable))
    }

    /// Drops one message in flight by id.
    pub fn drop_message(&mut self, id: u64) -> Option<InFlight<M>> {
        self.in_flight.remove(&id)
    }

    pub fn get(&self, id: u64) -> Option<&InFlight<M>> {
        self.in_flight.get(&id)
    }

    /// Messages on the wire, by id.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight<M>> {
        self.in_flight.values()
    }

    pub fn in_flight_len(&self) -> usize {
        self.in_flight.len()
    }

    /// Replaces the partition; `groups` must already be normalized (each node at most once).
    pub fn partition(&mut self, groups: Vec<Vec<NodeId>>) {
        self.groups = groups;
    }

    /// A server joined the run: while the network is partitioned it stands alone, as a
    /// server named in no group does (its id is the largest, so the groups stay in order).
    pub fn server_joined(&mut self, id: NodeId) {
        if !self.groups.is_empty() {
            self.groups.push(vec![id]);
        }
    }

    pub fn cut(&mut self, from: NodeId, to: NodeId, oneway: bool) {
        self.cuts.insert((from, to));
        if !oneway {
            self.cuts.insert((to, from));
        }
    }

    pub fn uncut(&mut self, from: NodeId, to: NodeId, oneway: bool) {
        self.cuts.remove(&(from, to));
        if !oneway {
            self.cuts.remove(&(to, from));
        }
    }

    /// Removes every partition and cut (rates and latencies stay).
    pub fn heal(&mut self) {
        self.groups.clear();
        self.cuts.clear();
    }

    pub fn set_drop_rate(&mut self, p: f64) {
        self.drop_rate = p;
        self.drop_ppm = ppm(p);
    }

    pub fn set_dup_rate(&mut self, p: f64) {
        self.dup_rate = p;
        self.dup_ppm = ppm(p);
    }

    /// Sets the delay of every link (clearing per-link overrides) or of one direction of one link.
    pub fn set_latency(&mut self, latency: Latency, link: Option<(NodeId, NodeId)>) {
        match link {
            Some(link) => {
                self.link_latency.insert(link, latency);
            }
            None => {
                self.latency = latency;
                self.link_latency.clear();
            }
        }
    }

    pub fn is_partitioned(&self) -> bool {
        !self.groups.is_empty() || !self.cuts.is_empty()
    }

    /// The network part of the state snapshot.
    pub fn view(&self) -> NetworkState {
        NetworkState {
            partitions: self.groups.clone(),
            cuts: self
                .cuts
                .iter()
                .map(|&(from, to)| LinkState { from, to })
                .collect(),
            drop_rate: self.drop_rate,
            dup_rate: self.dup_rate,
            latency: LatencyState {
                min_ms: self.latency.min_ms,
                max_ms: self.latency.max_ms,
            },
            link_latency: self
                .link_latency
                .iter()
                .map(|(&(from, to), l)| LinkLatencyState {
                    from,
                    to,
                    min_ms: l.min_ms,
                    max_ms: l.max_ms,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::seeded;

    fn net() -> Network<&'static str> {
        Network::new(
            Latency {
                min_ms: 10,
                max_ms: 15,
            },
            0.0,
            0.0,
        )
    }

    #[test]
    fn delivers_within_latency() {
        let (mut n, mut r) = (net(), seeded(1));
        let s = n.send(&mut r, 100, 1, 2, "hi");
        assert_eq!(s.copies.len(), 1);
        let (id, at) = s.copies[0];
        assert!((110..=115).contains(&at));
        let (m, ok) = n.take(id).unwrap();
        assert!(ok && m.msg == "hi" && m.sent_ms == 100);
        assert!(n.take(id).is_none());
    }

    #[test]
    fn partitions_and_cuts_block() {
        let (mut n, mut r) = (net(), seeded(1));
        n.partition(vec![vec![1, 2], vec![3, 4, 5]]);
        assert!(n.can_reach(1, 2) && !n.can_reach(1, 3) && n.can_reach(4, 5));
        assert!(n.send(&mut r, 0, 1, 3, "x").blocked);
        n.heal();
        n.cut(1, 2, true);
        assert!(!n.can_reach(1, 2) && n.can_reach(2, 1));
        // A message in flight when the link is cut is lost at delivery.
        let id = n.send(&mut r, 0, 2, 1, "y").copies[0].0;
        n.cut(2, 1, true);
        assert!(!n.take(id).unwrap().1);
        n.uncut(1, 2, false);
        assert!(!n.is_partitioned());
    }

    #[test]
    fn loss_and_duplication() {
        let (mut n, mut r) = (net(), seeded(1));
        n.set_drop_rate(1.0);
        // Lost: on the wire until half the mean delay (10-15 ms) has passed, flagged lost.
        let lost = n.send(&mut r, 100, 1, 2, "x");
        assert!(lost.lost && !lost.blocked);
        assert_eq!(lost.copies.len(), 1);
        let (id, vanish_ms) = lost.copies[0];
        assert_eq!(vanish_ms, 106);
        assert!(n.get(id).is_some_and(|m| m.lost));
        n.set_drop_rate(0.0);
        n.set_dup_rate(1.0);
        let sent = n.send(&mut r, 0, 1, 2, "x");
        assert_eq!(sent.copies.len(), 2);
        assert!(!sent.lost);
        assert_eq!(n.in_flight_len(), 3);
        assert!(n.in_flight().filter(|m| m.id != id).all(|m| !m.lost));
    }

    #[test]
    fn per_link_latency() {
        let (mut n, mut r) = (net(), seeded(1));
        let slow = Latency {
            min_ms: 500,
            max_ms: 500,
        };
        n.set_latency(slow, Some((1, 2)));
        assert_eq!(n.send(&mut r, 0, 1, 2, "x").copies[0].1, 500);
        assert!(n.send(&mut r, 0, 2, 1, "x").copies[0].1 <= 15);
        assert_eq!(n.view().link_latency.len(), 1);
        // A second override of a link replaces the first; links are listed in order.
        n.set_latency(slow, Some((2, 1)));
        let fast = Latency {
            min_ms: 1,
            max_ms: 1,
        };
        n.set_latency(fast, Some((1, 2)));
        let links: Vec<_> = n
            .view()
            .link_latency
            .iter()
            .map(|l| (l.from, l.to, l.min_ms))
            .collect();
        assert_eq!(links, [(1, 2, 1), (2, 1, 500)]);
    }
}
