//! Running a lesson on a simulation: choosing the servers a step names, doing its "Show me"
//! action, and checking whether its condition holds, all on the simulation's own state (the
//! page asks; it never judges a step by what it draws).

use super::error::ScenarioError;
use super::eval::holds;
use super::expect::parse_condition;
use super::lesson::{with_nodes, Lesson, LessonAction, NodeRef, Until};
use super::lexer::lex;
use super::text::parse_action;
use super::Action;
use crate::i18n::{key, tr};
use crate::sim::request::Request;
use crate::sim::state::{Detail, RoleName, State};
use crate::sim::Simulation;

use super::cursor::Cursor;

/// Who is in the cluster right now, as far as choosing a server for a word goes: read from the
/// simulation's [`State`] (tests, the CLI) or from the state JSON (Learn mode, which runs apart
/// from the simulation and sees it through `window.raftlab.state()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub leader: Option<u64>,
    /// Each server's id, whether it is up, and whether it leads, in id order.
    pub nodes: Vec<(u64, bool, bool)>,
}

impl Roster {
    pub fn of(state: &State) -> Roster {
        Roster {
            leader: state.leader,
            nodes: (state.nodes.iter())
                .map(|n| (n.id, n.up, n.role == RoleName::Leader))
                .collect(),
        }
    }

    /// From the state JSON (`leader`, and `id`, `up`, `role` of each of `nodes`).
    pub fn from_json(state: &serde_json::Value) -> Roster {
        let nodes = state["nodes"].as_array().map_or(&[][..], Vec::as_slice);
        Roster {
            leader: state["leader"].as_u64(),
            nodes: (nodes.iter())
                .filter_map(|n| {
                    let leads = n["role"].as_str() == Some("leader");
                    Some((n["id"].as_u64()?, n["up"].as_bool()?, leads))
                })
                .collect(),
        }
    }
}

/// The server `node` stands for in `roster` (None: there is none right now).
pub fn pick(node: NodeRef, roster: &Roster) -> Option<u64> {
    let mut nodes = roster.nodes.iter();
    match node {
        NodeRef::Leader => roster.leader,
        NodeRef::Follower => nodes.find(|&&(_, up, leads)| up && !leads).map(|n| n.0),
        NodeRef::Crashed => nodes.find(|&&(_, up, _)| !up).map(|n| n.0),
        NodeRef::Node(id) => nodes.any(|n| n.0 == id).then_some(id),
    }
}

/// Why a server word stands for nobody now, in words a learner reads.
fn nobody(node: NodeRef) -> &'static str {
    match node {
        NodeRef::Leader => key("there is no leader right now: wait until one is elected"),
        NodeRef::Follower => key("no follower is up right now"),
        NodeRef::Crashed => key("no server is crashed right now"),
        NodeRef::Node(_) => key("that server does not exist"),
    }
}

/// The request "Show me" sends now for `action`.
pub fn action_request(action: &LessonAction, roster: &Roster) -> Result<Request, String> {
    let written = format!("do {}", action.text);
    let line = with_nodes(&written, |r| pick(r, roster)).ok_or_else(|| {
        let missing = [NodeRef::Leader, NodeRef::Follower, NodeRef::Crashed]
            .into_iter()
            .find(|&r| pick(r, roster).is_none() && action.text.contains(word(r)));
        tr(missing.map_or(key("a server it names is missing"), nobody)).to_string()
    })?;
    let nodes = roster.nodes.len() as u64;
    let toks = lex(&line, action.line).map_err(|e| e.to_string())?;
    let mut cur = Cursor::new(toks, action.line, line.chars().count(), nodes);
    cur.word("do").map_err(|e| e.to_string())?;
    match parse_action(&mut cur).map_err(|e| e.to_string())? {
        Action::Request(request) => Ok(request),
        Action::Report => Err(tr("\"report\" is not something to show").to_string()),
    }
}

fn word(node: NodeRef) -> &'static str {
    match node {
        NodeRef::Leader => "leader",
        NodeRef::Follower => "follower",
        NodeRef::Crashed => "crashed",
        NodeRef::Node(_) => "",
    }
}

/// Whether the step's condition holds on the simulation now.
pub fn step_done(until: &Until, sim: &Simulation) -> bool {
    holds(&until.condition, sim, &sim.state_with(Detail::LIGHT))
}

/// Whether a condition written in the `expect` vocabulary ("leader", "value x=1 on all") holds on
/// the simulation now. Learn mode runs apart from the simulation and asks the page this
/// (`window.raftlab.holds`), so a step is judged by the simulator, never by what is drawn.
pub fn condition_holds(text: &str, sim: &Simulation) -> Result<bool, ScenarioError> {
    let state = sim.state_with(Detail::LIGHT);
    let nodes = state.nodes.iter().map(|n| n.id).max().unwrap_or(0);
    let mut cur = Cursor::new(lex(text, 1)?, 1, text.chars().count(), nodes);
    let condition = parse_condition(&mut cur)?;
    cur.finish()?;
    Ok(holds(&condition, sim, &state))
}

/// What happened in one step when a lesson is played through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOutcome {
    /// When its condition held (or when it began, without one).
    pub done_ms: u64,
    /// The right answer to its question, if it asks one.
    pub answer: Option<u64>,
}

/// Plays a lesson as a learner who presses "Show me" at every step would: each action is done
/// at the step's start, then the simulation runs until the step's condition holds (at most
/// `patience_ms`). Fails on a step whose condition already holds before its action (it would
/// teach nothing) or never holds.
pub fn play_through(
    lesson: &Lesson,
    patience_ms: u64,
) -> Result<(Vec<StepOutcome>, Simulation), ScenarioError> {
    const SLICE_MS: u64 = 10;
    let scenario = &lesson.scenario;
    let fail = |line: usize, message: String| ScenarioError::at(line, 0, message);
    let mut sim = Simulation::replay(scenario.config.clone(), &scenario.commands())
        .map_err(|e| fail(0, e.to_string()))?;
    let mut outcomes = Vec::with_capacity(lesson.steps.len());
    for (n, step) in lesson.steps.iter().enumerate() {
        let number = n + 1;
        if !step.actions.is_empty() && step.until.as_ref().is_some_and(|u| step_done(u, &sim)) {
            let message = format!("step {number}: its condition holds before its action");
            return Err(fail(step.line, message));
        }
        for action in &step.actions {
            let request = action_request(action, &Roster::of(&sim.state_with(Detail::LIGHT)))
                .map_err(|e| fail(action.line, format!("step {number}: {e}")))?;
            sim.request(request)
                .map_err(|e| fail(action.line, format!("step {number}: {e}")))?;
        }
        if let Some(until) = &step.until {
            let deadline = sim.now().saturating_add(patience_ms);
            while !step_done(until, &sim) {
                if sim.now() >= deadline {
                    let message = format!(
                        "step {number}: \"until {}\" did not hold within {patience_ms} ms",
                        until.source
                    );
                    return Err(fail(step.line, message));
                }
                sim.advance(SLICE_MS);
            }
        }
        let state = sim.state_with(Detail::LIGHT);
        outcomes.push(StepOutcome {
            done_ms: sim.now(),
            answer: step
                .ask
                .as_ref()
                .and_then(|q| pick(q.answer, &Roster::of(&state))),
        });
    }
    Ok((outcomes, sim))
}
