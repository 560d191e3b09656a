//! Configuration Overlap (thesis §4.1-4.3) on hand-made states: the simulator refuses unsafe
//! changes, so these feed the checker what a leader that made one would look like.
//!
//! A node's configuration is the latest configuration entry in its log, as in the core (§4.1):
//! entries written "voters 1,2,3" or "joint 1,2,3 -> 1,4,5" (C_old,new).

use raftlab::raft::{ConfigState, Membership, NodeSet};
use raftlab::sim::checker::{Checker, NodeObservation, Property, Role, VecLog};

struct Cluster {
    nodes: Vec<Node>,
    bootstrap: Membership,
    checker: Checker,
    time_ms: u64,
}

#[derive(Clone, Default)]
struct Node {
    up: bool,
    leader: bool,
    term: u64,
    commit: u64,
    log: VecLog,
}

fn set(ids: &str) -> NodeSet {
    ids.split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

/// The configuration a config entry's text carries, if it is one.
fn parse_config(text: &str) -> Option<Membership> {
    if let Some(ids) = text.strip_prefix("voters ") {
        return Some(Membership::with_voters(set(ids)));
    }
    let (old, new) = text.strip_prefix("joint ")?.split_once(" -> ")?;
    Some(Membership {
        outgoing: Some(set(old)),
        ..Membership::with_voters(set(new))
    })
}

impl Cluster {
    /// `n` servers; the first `voters` of them are the bootstrap configuration.
    fn new(n: usize, voters: u64) -> Self {
        let node = Node {
            up: true,
            ..Node::default()
        };
        Cluster {
            nodes: vec![node; n],
            bootstrap: Membership::with_voters((1..=voters).collect()),
            checker: Checker::new(),
            time_ms: 0,
        }
    }

    fn node(&mut self, id: u64) -> &mut Node {
        &mut self.nodes[id as usize - 1]
    }

    fn config_of(&self, node: &Node) -> ConfigState {
        let mut entries = node.log.entries.iter().enumerate().rev();
        entries
            .find_map(|(i, (_, text))| {
                let membership = parse_config(text.as_deref()?)?;
                Some(ConfigState {
                    membership,
                    index: i as u64 + 1,
                })
            })
            .unwrap_or(ConfigState {
                membership: self.bootstrap,
                index: 0,
            })
    }

    fn observe(&mut self, event: &str) {
        self.time_ms += 10;
        let configs: Vec<ConfigState> = self.nodes.iter().map(|n| self.config_of(n)).collect();
        let obs: Vec<NodeObservation<'_>> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeObservation {
                id: i as u64 + 1,
                up: n.up,
                role: if n.leader {
                    Role::Leader
                } else {
                    Role::Follower
                },
                current_term: n.term,
                commit_index: n.commit,
                last_applied: n.commit,
                lease_until: None,
                config: n.up.then_some(configs[i]),
                log: &n.log,
            })
            .collect();
        self.checker.observe(self.time_ms, event, &obs);
    }

    /// `id` wins `term` and appends its no-op.
    fn lead(&mut self, id: u64, term: u64) {
        for n in &mut self.nodes {
            n.leader = false;
        }
        let node = self.node(id);
        node.term = term;
        node.leader = true;
        node.log.push(term, None);
        self.observe(&format!("S{id} becomes leader of term {term}"));
    }

    fn append(&mut self, id: u64, text: &str) {
        let term = self.node(id).term;
        self.node(id).log.push(term, Some(text));
        self.observe(&format!("S{id} appends {text}"));
    }

    /// Copies `from`'s log to `to` and sets everyone's commit index to `commit`.
    fn replicate(&mut self, from: u64, to: &[u64], commit: u64) {
        let (log, term) = (self.node(from).log.clone(), self.node(from).term);
        for &id in to {
            let node = self.node(id);
            node.log = log.clone();
            node.term = term;
            node.commit = commit;
        }
        self.node(from).commit = commit;
        self.observe("replicate");
    }

    fn crash(&mut self, id: u64) {
        let node = self.node(id);
        node.up = false;
        node.leader = false;
        self.observe(&format!("crash S{id}"));
    }

    fn messages(&self) -> Vec<String> {
        let violations = self.checker.violations().iter();
        violations
            .filter(|v| v.property == Property::ConfigurationOverlap)
            .map(|v| v.message.to_string())
            .collect()
    }

    fn assert_quiet(&self) {
        assert!(self.checker.is_ok(), "{:?}", self.checker.violations());
    }
}

/// §4.1 and §4.3: single-server changes, a learner (same voters), and a joint change through
/// C_old,new, each committed before the next. A stale server keeps the bootstrap
/// configuration all along, which no longer overlaps the last one: that is no violation.
#[test]
fn safe_changes_are_quiet() {
    let mut c = Cluster::new(7, 3);
    c.lead(1, 1);
    c.replicate(1, &[2], 1);
    c.append(1, "voters 1,2,3,4");
    c.replicate(1, &[2, 4], 2);
    c.append(1, "voters 1,2,4");
    c.replicate(1, &[2, 4], 3);
    c.append(1, "joint 1,2,4 -> 1,5,6");
    c.replicate(1, &[2, 4, 5, 6], 4);
    c.append(1, "voters 1,5,6");
    c.replicate(1, &[5, 6], 5);
    c.append(1, "voters 1,5,6,7");
    c.replicate(1, &[5, 6, 7], 6);
    c.assert_quiet();
    assert!(c.checker.observations() > 10);
}

/// Figure 4.2: switching directly from {1,2,3} to {1,4,5}: {2,3} and {4,5} can decide apart.
#[test]
fn fires_on_a_direct_jump() {
    let mut c = Cluster::new(5, 3);
    c.lead(1, 1);
    c.replicate(1, &[2, 3], 1);
    c.append(1, "voters 1,4,5");
    assert_eq!(c.checker.violations().len(), 1);
    let v = &c.checker.violations()[0];
    assert_eq!(v.property, Property::ConfigurationOverlap);
    assert_eq!(v.nodes, vec![1]);
    assert_eq!(v.time_ms, 30, "named at the append");
    assert_eq!(
        v.message.to_string(),
        "S1, leader of term 1, started using voters {1,4,5} (index 2) while it still uses \
         voters {1,2,3} (index 0): quorums {1,4} of the one and {2,3} of the other share no server"
    );
}

/// Leaving C_old,new for anything but C_new.
#[test]
fn fires_on_leaving_the_joint_phase_elsewhere() {
    let mut c = Cluster::new(6, 3);
    c.lead(1, 1);
    c.replicate(1, &[2, 3], 1);
    c.append(1, "joint 1,2,3 -> 1,4,5");
    c.replicate(1, &[2, 3, 4, 5], 2);
    c.assert_quiet();
    c.append(1, "voters 2,3,6");
    assert_eq!(c.messages().len(), 1, "{:?}", c.messages());
}

/// §4.1 "one change at a time": two single-server steps, the first not yet committed, add up
/// to {1,2,3} -> {1,2,3,4,5}, which does not overlap.
#[test]
fn fires_on_a_second_change_before_the_first_is_committed() {
    let mut c = Cluster::new(5, 3);
    c.lead(1, 1);
    c.replicate(1, &[2, 3], 1);
    c.append(1, "voters 1,2,3,4");
    c.assert_quiet();
    c.append(1, "voters 1,2,3,4,5");
    let messages = c.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("while it still uses voters {1,2,3} (index 0)"));
}

/// The same two steps with the first committed in between: quiet.
#[test]
fn two_committed_steps_are_quiet() {
    let mut c = Cluster::new(5, 3);
    c.lead(1, 1);
    c.replicate(1, &[2, 3], 1);
    c.append(1, "voters 1,2,3,4");
    c.replicate(1, &[2, 3, 4], 2);
    c.append(1, "voters 1,2,3,4,5");
    c.assert_quiet();
}

/// The run of Ongaro's 2015 report (the `config_change_without_own_term_commit` quirk): S1
/// adds S5, which only S5 receives; S2 leads term 2 and adds S6 before its no-op is
/// committed. {1,4,5} is a majority of {1,2,3,4,5} and {2,3,6} of {1,2,3,4,6}: caught at
/// S2's append, before any second leader of a term.
#[test]
fn fires_on_a_change_before_committing_in_the_leaders_term() {
    let mut c = ongaro_prefix();
    c.append(2, "voters 1,2,3,4,6");
    let v = &c.checker.violations()[0];
    assert_eq!(c.checker.violations().len(), 1);
    assert_eq!(v.property, Property::ConfigurationOverlap);
    assert_eq!(v.nodes, vec![2, 1]);
    assert!(
        v.message.to_string().contains(
            "before committing an entry of its term, while S1 uses voters \
                            {1,2,3,4,5} (index 2), which S2's log lacks"
        ),
        "{}",
        v.message
    );
}

/// With Ongaro's fix S2 commits its no-op through {1,2,3,4} first (S4 now refuses S1): the
/// same two configurations exist, but S1's can no longer decide. Quiet.
#[test]
fn the_same_change_after_committing_in_the_leaders_term_is_quiet() {
    let mut c = ongaro_prefix();
    c.replicate(2, &[3, 4], 2);
    c.append(2, "voters 1,2,3,4,6");
    c.assert_quiet();
}

/// S1 leads term 1 of {1,2,3,4}, commits its no-op, appends "add S5" that only S5 gets, and
/// crashes; S2 leads term 2 (its no-op at index 2 is not committed).
fn ongaro_prefix() -> Cluster {
    let mut c = Cluster::new(6, 4);
    c.lead(1, 1);
    c.replicate(1, &[2, 3, 4], 1);
    c.append(1, "voters 1,2,3,4,5");
    c.replicate(1, &[5], 1);
    c.crash(1);
    c.lead(2, 2);
    c.assert_quiet();
    c
}
