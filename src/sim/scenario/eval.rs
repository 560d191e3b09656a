//! Evaluating one expectation's condition on the simulation as it stands. Each condition is
//! decided from facts gathered once ([`Facts`]); [`holds`] gives the verdict alone (what Learn
//! mode asks the page, many times a second), [`judge`] the verdict with its reason in plain
//! words (the scenario runner's report).

use super::expect::{Cmp, Condition, NodeScope, ReadExpect};
use crate::raft::describe_ids;
use crate::sim::checker::linearizability::{check_history, LinReport, Verdict};
use crate::sim::checker::Property;
use crate::sim::history::{OpKind, OpResult, Operation};
use crate::sim::state::{NodeState, RoleName, State};
use crate::sim::Simulation;

/// What a condition is decided on.
enum Facts<'a> {
    /// The live leaders that match, and whether the condition wants none.
    Leaders {
        found: Vec<&'a NodeState>,
        negated: bool,
    },
    /// The servers looked at, and those among them that do not match.
    Servers {
        looked_at: usize,
        wrong: Vec<&'a NodeState>,
    },
    /// The last matching read, and what it must return.
    Read {
        last: Option<&'a Operation>,
        expect: &'a ReadExpect,
    },
    /// A number compared (a term, a snapshot's last index), or None for a server that does not exist.
    Number {
        node: u64,
        value: Option<u64>,
        cmp: Cmp,
        want: u64,
    },
    /// The first invariant violation, and the whole-history linearizability check.
    InvariantsOk {
        first: Option<String>,
        lin: LinReport,
    },
    /// Linearizability, checked on the whole history.
    Linearizability(LinReport),
    /// Another property: violated (with the checker's words, if it kept them), or not (and
    /// which properties were).
    Violation {
        property: Property,
        violated: bool,
        words: Option<String>,
        others: Vec<Property>,
    },
}

fn facts<'a>(condition: &'a Condition, sim: &'a Simulation, state: &'a State) -> Facts<'a> {
    let node = |id: u64| state.nodes.iter().find(|n| n.id == id);
    match condition {
        Condition::Leader {
            among,
            negated,
            term,
        } => Facts::Leaders {
            found: (state.nodes.iter())
                .filter(|n| n.up && n.role == RoleName::Leader)
                .filter(|n| among.is_empty() || among.contains(&n.id))
                .filter(|n| term.is_none_or(|(cmp, t)| cmp.holds(n.term, t)))
                .collect(),
            negated: *negated,
        },
        Condition::Value { key, value, on } => {
            let want = value.as_deref();
            servers(state, on, |n| n.kv.get(key).map(String::as_str) == want)
        }
        Condition::Commit { cmp, value, on } => {
            servers(state, on, |n| cmp.holds(n.commit_index, *value))
        }
        Condition::Log { cmp, value, on } => {
            servers(state, on, |n| cmp.holds(n.last_log_index, *value))
        }
        Condition::Voters { voters, on } => servers(state, on, |n| {
            n.config.voters == *voters && n.config.joint.is_none()
        }),
        Condition::Read { key, via, expect } => Facts::Read {
            last: sim.history().operations().iter().rev().find(|op| {
                matches!(&op.op, OpKind::Get { key: k, .. } if k == key)
                    && via.is_none_or(|node| op.node == node)
            }),
            expect,
        },
        Condition::Term {
            node: id,
            cmp,
            value,
        } => Facts::Number {
            node: *id,
            value: node(*id).map(|n| n.term),
            cmp: *cmp,
            want: *value,
        },
        Condition::Snapshot {
            node: id,
            cmp,
            value,
        } => Facts::Number {
            node: *id,
            value: node(*id).map(|n| n.snapshot.map_or(0, |s| s.index)),
            cmp: *cmp,
            want: *value,
        },
        Condition::InvariantsOk => Facts::InvariantsOk {
            first: sim.checker().violations().first().map(|v| v.to_string()),
            lin: check_history(sim.history()),
        },
        Condition::Violation { property } if *property == Property::Linearizability => {
            Facts::Linearizability(check_history(sim.history()))
        }
        Condition::Violation { property } => {
            let checker = sim.checker();
            let kept = checker
                .violations()
                .iter()
                .find(|v| v.property == *property);
            Facts::Violation {
                property: *property,
                violated: kept.is_some() || checker.has_violated(*property),
                words: kept.map(|v| v.to_string()),
                others: checker.violations().iter().map(|v| v.property).collect(),
            }
        }
    }
}

/// The servers `on` names (live ones for "all"), and those of them that fail `right`.
fn servers<'a>(state: &'a State, on: &NodeScope, right: impl Fn(&NodeState) -> bool) -> Facts<'a> {
    let looked_at: Vec<&NodeState> = state.nodes.iter().filter(|n| on.includes(n)).collect();
    Facts::Servers {
        looked_at: looked_at.len(),
        wrong: looked_at.into_iter().filter(|n| !right(n)).collect(),
    }
}

/// What a read returned: a value or "no value" (None: it failed or has not returned).
fn read_value(op: &Operation) -> Option<&Option<String>> {
    match &op.result {
        Some(OpResult::Value { value }) => Some(value),
        _ => None,
    }
}

fn verdict(facts: &Facts) -> bool {
    match facts {
        Facts::Leaders { found, negated } => found.is_empty() == *negated,
        Facts::Servers { looked_at, wrong } => *looked_at > 0 && wrong.is_empty(),
        Facts::Read { last: None, .. } => false,
        Facts::Read {
            last: Some(op),
            expect,
        } => match (expect, read_value(op)) {
            (ReadExpect::Value(want), Some(value)) => value == want,
            (ReadExpect::Value(_), None) => false,
            (ReadExpect::Fails, got) => got.is_none(),
        },
        Facts::Number {
            value, cmp, want, ..
        } => value.is_some_and(|v| cmp.holds(v, *want)),
        Facts::InvariantsOk { first, lin } => {
            first.is_none() && lin.verdict != Verdict::NotLinearizable
        }
        Facts::Linearizability(lin) => lin.verdict == Verdict::NotLinearizable,
        Facts::Violation { violated, .. } => *violated,
    }
}

/// Whether the condition holds now.
pub fn holds(condition: &Condition, sim: &Simulation, state: &State) -> bool {
    verdict(&facts(condition, sim, state))
}

/// Whether the condition holds now, and why (in plain words).
pub fn judge(condition: &Condition, sim: &Simulation, state: &State) -> (bool, String) {
    let facts = facts(condition, sim, state);
    (verdict(&facts), reason(condition, &facts))
}

fn reason(condition: &Condition, facts: &Facts) -> String {
    match facts {
        Facts::Leaders { found, .. } => leader_words(condition, found),
        Facts::Servers { looked_at: 0, .. } => "no node to look at (none is up)".to_string(),
        Facts::Servers { looked_at, wrong } if wrong.is_empty() => match condition {
            Condition::Value { key, value, .. } => {
                let shown = value.as_deref().unwrap_or("none");
                format!("{key}={shown} on {looked_at} node(s)")
            }
            Condition::Voters { voters, .. } => {
                format!(
                    "voters {} on {looked_at} node(s)",
                    describe_ids(voters.iter().copied())
                )
            }
            Condition::Commit { cmp, value, .. } => format!(
                "commit index {} {value} on {looked_at} node(s)",
                cmp.symbol()
            ),
            Condition::Log { cmp, value, .. } => format!(
                "last log index {} {value} on {looked_at} node(s)",
                cmp.symbol()
            ),
            _ => String::new(),
        },
        Facts::Servers { wrong, .. } => {
            let words: Vec<String> = wrong.iter().map(|n| wrong_words(condition, n)).collect();
            words.join("; ")
        }
        Facts::Read { last: None, .. } => match condition {
            Condition::Read { key, .. } => format!("no get of {key} was sent"),
            _ => String::new(),
        },
        Facts::Read {
            last: Some(op),
            expect,
        } => match (expect, read_value(op)) {
            (ReadExpect::Value(_), None) => format!("last read has no value: {}", op.describe()),
            _ => format!("last read: {}", op.describe()),
        },
        Facts::Number {
            node, value: None, ..
        } => format!("no node S{node}"),
        Facts::Number {
            node,
            value: Some(v),
            ..
        } => match condition {
            Condition::Snapshot { .. } => format!("S{node}'s snapshot covers up to index {v}"),
            _ => format!("S{node}'s term is {v}"),
        },
        Facts::InvariantsOk {
            first: Some(first), ..
        } => first.clone(),
        Facts::InvariantsOk { first: None, lin } => match lin.verdict {
            Verdict::Linearizable => "every invariant holds; history linearizable".into(),
            Verdict::Unknown => format!("every invariant holds; linearizability {}", lin.summary()),
            Verdict::NotLinearizable => lin.summary(),
        },
        Facts::Linearizability(lin) if lin.verdict == Verdict::NotLinearizable => lin.summary(),
        Facts::Linearizability(lin) => format!("history is {}", lin.summary()),
        Facts::Violation {
            words: Some(words), ..
        } => words.clone(),
        Facts::Violation {
            property,
            violated: true,
            ..
        } => format!("{property} violated"),
        Facts::Violation {
            property, others, ..
        } => {
            let seen = if others.is_empty() {
                "no violation at all".to_string()
            } else {
                let names: Vec<&str> = others.iter().map(|p| p.name()).collect();
                format!("only: {}", names.join(", "))
            };
            format!("{property} was not violated ({seen})")
        }
    }
}

fn leader_words(condition: &Condition, found: &[&NodeState]) -> String {
    let Condition::Leader { among, term, .. } = condition else {
        return String::new();
    };
    let mut scope = if among.is_empty() {
        String::new()
    } else {
        let ids: Vec<String> = among.iter().map(|i| format!("S{i}")).collect();
        format!(" among {}", ids.join(", "))
    };
    if let Some((cmp, t)) = term {
        scope.push_str(&format!(" with term {} {t}", cmp.symbol()));
    }
    if found.is_empty() {
        return format!("no leader{scope}");
    }
    let leaders: Vec<String> = (found.iter())
        .map(|n| format!("S{} (term {})", n.id, n.term))
        .collect();
    format!("leader{scope}: {}", leaders.join(", "))
}

/// Why server `n` does not match a value or voters condition.
fn wrong_words(condition: &Condition, n: &NodeState) -> String {
    match condition {
        Condition::Value { key, .. } => match n.kv.get(key) {
            Some(v) => format!("S{} has {key}={v}", n.id),
            None => format!("S{} has no value for {key}", n.id),
        },
        Condition::Commit { .. } => format!("S{}'s commit index is {}", n.id, n.commit_index),
        Condition::Log { .. } => format!("S{}'s log ends at index {}", n.id, n.last_log_index),
        _ => match &n.config.joint {
            Some(j) => format!(
                "S{} is joint: {} and {}",
                n.id,
                describe_ids(j.old.iter().copied()),
                describe_ids(j.new.iter().copied())
            ),
            None => format!(
                "S{} uses voters {}",
                n.id,
                describe_ids(n.config.voters.iter().copied())
            ),
        },
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
