//! Each Raft invariant fires on a hand-made violating history and stays quiet on a correct one.

use raftlab::sim::checker::{
    fingerprint, AppliedEntry, Checker, NodeObservation, Property, Role, VecLog,
};

/// A hand-driven cluster: each node's visible state, observed after each step.
struct Cluster {
    nodes: Vec<Node>,
    checker: Checker,
    time_ms: u64,
}

#[derive(Clone)]
struct Node {
    up: bool,
    role: Role,
    term: u64,
    commit: u64,
    applied: u64,
    /// A leader's lease: the simulated time it holds until.
    lease_until: Option<u64>,
    log: VecLog,
}

impl Cluster {
    fn new(n: usize) -> Self {
        let node = Node {
            up: true,
            role: Role::Follower,
            term: 0,
            commit: 0,
            applied: 0,
            lease_until: None,
            log: VecLog::default(),
        };
        Cluster {
            nodes: vec![node; n],
            checker: Checker::new(),
            time_ms: 0,
        }
    }

    fn node(&mut self, id: u64) -> &mut Node {
        &mut self.nodes[id as usize - 1]
    }

    fn observe(&mut self, event: &str) {
        self.time_ms += 10;
        let obs: Vec<NodeObservation<'_>> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeObservation {
                id: i as u64 + 1,
                up: n.up,
                role: n.role,
                current_term: n.term,
                commit_index: n.commit,
                last_applied: n.applied,
                lease_until: n.lease_until,
                config: None, // Configuration Overlap: tests/checker_config_overlap.rs
                log: &n.log,
            })
            .collect();
        self.checker.observe(self.time_ms, event, &obs);
    }

    fn lead(&mut self, id: u64, term: u64) {
        for n in &mut self.nodes {
            n.term = n.term.max(term);
        }
        let node = self.node(id);
        node.role = Role::Leader;
        node.log.push(term, None);
        self.observe(&format!("S{id} becomes leader of term {term}"));
    }

    fn append(&mut self, id: u64, text: &str) {
        let term = self.node(id).term;
        self.node(id).log.push(term, Some(text));
        self.observe(&format!("S{id} appends {text}"));
    }

    /// Copies the leader's log to `to` and commits + applies `commit` everywhere listed.
    fn replicate(&mut self, from: u64, to: &[u64]) {
        let log = self.node(from).log.clone();
        for &id in to {
            self.node(id).log = log.clone();
        }
        self.observe("replicate");
    }

    fn commit(&mut self, ids: &[u64], upto: u64) {
        for &id in ids {
            let node = self.node(id);
            node.commit = upto;
            let entries: Vec<AppliedEntry> = ((node.applied + 1)..=upto)
                .map(|index| {
                    let (term, data) = &node.log.entries[index as usize - 1];
                    AppliedEntry {
                        index,
                        term: *term,
                        fingerprint: fingerprint(data.as_deref()),
                    }
                })
                .collect();
            node.applied = upto;
            for e in entries {
                self.checker.on_apply(id, &e);
            }
        }
        self.observe(&format!("commit up to {upto}"));
    }

    fn crash(&mut self, id: u64) {
        let node = self.node(id);
        node.up = false;
        node.role = Role::Follower;
        self.observe(&format!("crash S{id}"));
    }

    fn restart(&mut self, id: u64) {
        let node = self.node(id);
        node.up = true;
        node.commit = 0;
        node.applied = 0;
        self.checker.on_restart(id);
        self.observe(&format!("restart S{id}"));
    }

    fn fired(&self) -> Vec<Property> {
        let mut props: Vec<Property> = self
            .checker
            .violations()
            .iter()
            .map(|v| v.property)
            .collect();
        props.dedup();
        props
    }
}

/// A correct run: election, replication, commit, a crash, a new leader that truncates a
/// follower's uncommitted entry, and a restart that resets commit and applied.
fn correct_run() -> Cluster {
    let mut c = Cluster::new(3);
    c.lead(1, 1);
    c.append(1, "x=1");
    c.replicate(1, &[2, 3]);
    c.commit(&[1, 2, 3], 2);
    c.append(1, "x=2"); // never replicated: uncommitted
    c.crash(1);
    c.node(1).term = 1;
    c.lead(2, 2);
    c.append(2, "x=3");
    c.replicate(2, &[3]);
    c.commit(&[2, 3], 4);
    c.restart(1);
    c.replicate(2, &[1]); // S1 loses its uncommitted x=2: legal for a follower
    c.commit(&[1], 4);
    c
}

#[test]
fn a_correct_run_has_no_violation() {
    let c = correct_run();
    assert!(c.checker.is_ok(), "{:?}", c.checker.violations());
    assert!(c.checker.observations() > 10);
}

#[test]
fn election_safety_fires_on_two_leaders_in_one_term() {
    // Reference: §5.2 — at most one leader per term.
    let mut c = correct_run();
    c.node(1).role = Role::Leader;
    c.node(1).term = 2;
    c.observe("S1 wins an election in term 2 too");
    assert_eq!(c.fired(), vec![Property::ElectionSafety]);
    let v = &c.checker.violations()[0];
    assert_eq!(v.nodes, vec![2, 1]);
    assert_eq!(v.event.to_string(), "S1 wins an election in term 2 too");
    assert!(v.message.to_string().contains("term 2"), "{}", v.message);
}

#[test]
fn leader_append_only_fires_when_a_leader_truncates() {
    // Reference: §5.3 — a leader never overwrites or deletes its own entries.
    let mut c = Cluster::new(3);
    c.lead(1, 1);
    c.append(1, "a");
    c.append(1, "b");
    c.node(1).log.entries.truncate(1);
    c.observe("S1 drops its tail");
    assert_eq!(c.fired(), vec![Property::LeaderAppendOnly]);
}

#[test]
fn leader_append_only_finds_a_change_in_the_middle() {
    let mut c = Cluster::new(3);
    c.lead(1, 1);
    for i in 0..6 {
        c.append(1, &format!("v{i}"));
    }
    c.node(1).log.entries[2].1 = Some("changed".into());
    for _ in 0..10 {
        c.observe("heartbeat");
    }
    // The changed entry also has the index and term of the old one: Log Matching fires too.
    assert!(
        c.fired().contains(&Property::LeaderAppendOnly),
        "{:?}",
        c.fired()
    );
}

#[test]
fn log_matching_fires_on_same_entry_different_prefix() {
    // Reference: §5.3 — same index and term means identical logs up to there.
    let mut c = Cluster::new(3);
    c.node(1).log = VecLog::from_terms(&[1, 1, 2]);
    c.node(2).log = VecLog::from_terms(&[1, 3, 2]);
    c.observe("logs diverge");
    assert!(
        c.fired().contains(&Property::LogMatching),
        "{:?}",
        c.fired()
    );
}

#[test]
fn leader_completeness_fires_on_a_leader_missing_a_committed_entry() {
    // Reference: §5.4.1 — the election restriction keeps committed entries in new leaders.
    let mut c = Cluster::new(3);
    c.lead(1, 1);
    c.append(1, "x=1");
    c.replicate(1, &[2]);
    c.commit(&[1, 2], 2);
    c.crash(1);
    c.lead(3, 2); // S3 has nothing but wins (as with vote_without_log_check)
    assert_eq!(c.fired(), vec![Property::LeaderCompleteness]);
    let v = &c.checker.violations()[0];
    assert_eq!(v.nodes, vec![3, 1]);
    assert_eq!(v.entries[0].index, 1);
}

#[test]
fn state_machine_safety_fires_on_different_entries_applied_at_one_index() {
    // Reference: §5.4.3 — Figure 8: an entry committed by counting replicas is overwritten.
    let mut c = Cluster::new(3);
    c.node(1).log = VecLog::from_terms(&[1, 2]);
    c.node(2).log = VecLog::from_terms(&[1, 3]);
    c.commit(&[1], 2);
    c.commit(&[2], 2);
    assert!(
        c.fired().contains(&Property::StateMachineSafety),
        "{:?}",
        c.fired()
    );
}

#[test]
fn monotonic_term_fires_even_across_a_restart() {
    let mut c = correct_run();
    c.crash(3);
    c.node(3).term = 1;
    c.restart(3);
    assert_eq!(c.fired(), vec![Property::MonotonicTerm]);
}

#[test]
fn monotonic_commit_and_applied_fire_without_a_restart() {
    let mut c = correct_run();
    c.node(3).commit = 1;
    c.node(3).applied = 1;
    c.observe("S3 forgets");
    assert_eq!(
        c.fired(),
        vec![Property::MonotonicCommit, Property::MonotonicApplied]
    );
}

#[test]
fn a_restart_may_reset_commit_and_applied() {
    let mut c = correct_run();
    c.crash(3);
    c.node(3).commit = 0;
    c.node(3).applied = 0;
    c.observe("S3 is down");
    c.node(3).up = true; // restarted without an explicit on_restart: still not a violation
    c.observe("S3 is back");
    assert!(c.checker.is_ok(), "{:?}", c.checker.violations());
}

#[test]
fn commit_within_log_fires() {
    let mut c = Cluster::new(3);
    c.node(2).log = VecLog::from_terms(&[1]);
    c.node(2).commit = 3;
    c.observe("S2 commits beyond its log");
    assert_eq!(c.fired(), vec![Property::CommitWithinLog]);
}

/// §6.4.1: a leader elected while an older leader still holds its lease.
#[test]
fn lease_safety_fires_on_a_leader_elected_inside_an_older_leaders_lease() {
    let mut c = Cluster::new(3);
    c.node(1).role = Role::Leader;
    c.node(1).term = 1;
    c.node(1).lease_until = Some(500);
    c.observe("S1 leads term 1 and holds a lease");
    c.node(3).role = Role::Leader;
    c.node(3).term = 2;
    c.observe("S3 becomes leader of term 2");
    assert_eq!(c.fired(), vec![Property::LeaseSafety]);
    let v = &c.checker.violations()[0];
    assert_eq!(v.nodes, vec![1, 3]);
    assert!(
        v.message.to_string().contains("holds a lease until 500 ms"),
        "{}",
        v.message
    );
}

/// Once the lease has run out (or was never held), a new leader is fine.
#[test]
fn lease_safety_is_quiet_once_the_lease_has_run_out() {
    let mut c = Cluster::new(3);
    c.node(1).role = Role::Leader;
    c.node(1).term = 1;
    c.observe("S1 leads term 1 without a lease (or after it ran out)");
    c.node(3).role = Role::Leader;
    c.node(3).term = 2;
    c.observe("S3 becomes leader of term 2");
    assert!(c.checker.is_ok(), "{:?}", c.checker.violations());
}

#[test]
fn a_violation_is_reported_once() {
    let mut c = correct_run();
    c.node(1).role = Role::Leader;
    c.node(1).term = 2;
    for _ in 0..5 {
        c.observe("again");
    }
    assert_eq!(c.checker.total_violations(), 1);
    let report = serde_json::to_value(c.checker.report()).unwrap_or_default();
    assert_eq!(report["ok"], false);
    assert_eq!(report["violations"][0]["property"], "Election Safety");
}
