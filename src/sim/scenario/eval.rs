//! Evaluating one expectation's condition on the simulation as it stands.

use super::expect::{Cmp, Condition, NodeScope, ReadExpect};
use crate::sim::checker::linearizability::{check_history, Verdict};
use crate::sim::checker::Property;
use crate::sim::history::{OpKind, OpResult};
use crate::sim::state::{NodeState, RoleName, State};
use crate::sim::Simulation;

/// Whether the condition holds now, and why (in plain words).
pub fn holds(condition: &Condition, sim: &Simulation, state: &State) -> (bool, String) {
    match condition {
        Condition::Leader {
            among,
            negated,
            term,
        } => leader(state, among, *negated, *term),
        Condition::Value { key, value, on } => value_on(state, key, value.as_deref(), on),
        Condition::Read { key, via, expect } => read(sim, key, *via, expect),
        Condition::Term { node, cmp, value } => match state.nodes.iter().find(|n| n.id == *node) {
            Some(n) => (
                cmp.holds(n.term, *value),
                format!("S{node}'s term is {}", n.term),
            ),
            None => (false, format!("no node S{node}")),
        },
        Condition::Snapshot { node, cmp, value } => {
            match state.nodes.iter().find(|n| n.id == *node) {
                Some(n) => {
                    let index = n.snapshot.map_or(0, |s| s.index);
                    let reason = format!("S{node}'s snapshot covers up to index {index}");
                    (cmp.holds(index, *value), reason)
                }
                None => (false, format!("no node S{node}")),
            }
        }
        Condition::Voters { voters, on } => voters_on(state, voters, on),
        Condition::InvariantsOk => invariants_ok(sim),
        Condition::Violation { property } => violation(sim, *property),
    }
}

fn leader(state: &State, among: &[u64], negated: bool, term: Option<(Cmp, u64)>) -> (bool, String) {
    let leaders: Vec<String> = state
        .nodes
        .iter()
        .filter(|n| n.up && n.role == RoleName::Leader)
        .filter(|n| among.is_empty() || among.contains(&n.id))
        .filter(|n| term.is_none_or(|(cmp, t)| cmp.holds(n.term, t)))
        .map(|n| format!("S{} (term {})", n.id, n.term))
        .collect();
    let mut scope = if among.is_empty() {
        String::new()
    } else {
        let ids: Vec<String> = among.iter().map(|i| format!("S{i}")).collect();
        format!(" among {}", ids.join(", "))
    };
    if let Some((cmp, t)) = term {
        scope.push_str(&format!(" with term {} {t}", cmp.symbol()));
    }
    let found = !leaders.is_empty();
    let reason = if found {
        format!("leader{scope}: {}", leaders.join(", "))
    } else {
        format!("no leader{scope}")
    };
    (found != negated, reason)
}

fn value_on(state: &State, key: &str, want: Option<&str>, on: &NodeScope) -> (bool, String) {
    let nodes: Vec<_> = state.nodes.iter().filter(|n| on.includes(n)).collect();
    let wrong: Vec<String> = nodes
        .iter()
        .filter(|n| n.kv.get(key).map(String::as_str) != want)
        .map(|n| match n.kv.get(key) {
            Some(v) => format!("S{} has {key}={v}", n.id),
            None => format!("S{} has no value for {key}", n.id),
        })
        .collect();
    if nodes.is_empty() {
        return (false, "no node to look at (none is up)".to_string());
    }
    if wrong.is_empty() {
        let shown = want.unwrap_or("none");
        (true, format!("{key}={shown} on {} node(s)", nodes.len()))
    } else {
        (false, wrong.join("; "))
    }
}

/// Every scoped node uses exactly `voters`, out of the joint phase.
fn voters_on(state: &State, voters: &[u64], on: &NodeScope) -> (bool, String) {
    let set = |ids: &[u64]| {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        format!("{{{}}}", ids.join(","))
    };
    let nodes: Vec<_> = state.nodes.iter().filter(|n| on.includes(n)).collect();
    if nodes.is_empty() {
        return (false, "no node to look at (none is up)".to_string());
    }
    let wrong: Vec<String> = nodes
        .iter()
        .filter(|n| n.config.voters != voters || n.config.joint.is_some())
        .map(|n| match &n.config.joint {
            Some(j) => format!("S{} is joint: {} and {}", n.id, set(&j.old), set(&j.new)),
            None => format!("S{} uses voters {}", n.id, set(&n.config.voters)),
        })
        .collect();
    if wrong.is_empty() {
        let count = nodes.len();
        (true, format!("voters {} on {count} node(s)", set(voters)))
    } else {
        (false, wrong.join("; "))
    }
}

fn read(sim: &Simulation, key: &str, via: Option<u64>, expect: &ReadExpect) -> (bool, String) {
    let last = sim.history().operations().iter().rev().find(|op| {
        matches!(&op.op, OpKind::Get { key: k, .. } if k == key)
            && via.is_none_or(|node| op.node == node)
    });
    let Some(op) = last else {
        return (false, format!("no get of {key} was sent"));
    };
    let got = match &op.result {
        Some(OpResult::Value { value }) => Some(value.clone()),
        _ => None,
    };
    let shown = op.describe();
    match (expect, got) {
        (ReadExpect::Value(want), Some(value)) => (value == *want, format!("last read: {shown}")),
        (ReadExpect::Value(_), None) => (false, format!("last read has no value: {shown}")),
        (ReadExpect::Fails, got) => (got.is_none(), format!("last read: {shown}")),
    }
}

impl NodeScope {
    fn includes(&self, node: &NodeState) -> bool {
        match self {
            NodeScope::AllLive => node.up,
            NodeScope::Nodes(ids) => ids.contains(&node.id),
        }
    }
}

fn invariants_ok(sim: &Simulation) -> (bool, String) {
    let checker = sim.checker();
    if let Some(v) = checker.violations().first() {
        return (false, v.to_string());
    }
    let lin = check_history(sim.history());
    match lin.verdict {
        Verdict::Linearizable => (true, "every invariant holds; history linearizable".into()),
        Verdict::Unknown => (
            true,
            format!("every invariant holds; linearizability {}", lin.summary()),
        ),
        Verdict::NotLinearizable => (false, lin.summary()),
    }
}

fn violation(sim: &Simulation, property: Property) -> (bool, String) {
    if property == Property::Linearizability {
        let lin = check_history(sim.history());
        let caught = lin.verdict == Verdict::NotLinearizable;
        let reason = if caught {
            lin.summary()
        } else {
            format!("history is {}", lin.summary())
        };
        return (caught, reason);
    }
    let checker = sim.checker();
    match checker.violations().iter().find(|v| v.property == property) {
        Some(v) => (true, v.to_string()),
        None if checker.has_violated(property) => (true, format!("{property} violated")),
        None => {
            let others: Vec<String> = checker
                .violations()
                .iter()
                .map(|v| v.property.name().to_string())
                .collect();
            let seen = if others.is_empty() {
                "no violation at all".to_string()
            } else {
                format!("only: {}", others.join(", "))
            };
            (false, format!("{property} was not violated ({seen})"))
        }
    }
}
