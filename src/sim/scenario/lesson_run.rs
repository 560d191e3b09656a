//! Running a lesson on a simulation: choosing the servers a step names, doing its "Show me"
//! action, and checking whether its condition holds, all on the simulation's own state (the
//! page asks; it never judges a step by what it draws).

use super::error::ScenarioError;
use super::eval::holds;
use super::lesson::{with_nodes, Lesson, LessonAction, NodeRef, Until};
use super::lexer::lex;
use super::text::parse_action;
use super::Action;
use crate::sim::request::Request;
use crate::sim::state::{Detail, RoleName, State};
use crate::sim::Simulation;

use super::cursor::Cursor;

/// The server `node` stands for in `state` (None: there is none right now).
pub fn pick(node: NodeRef, state: &State) -> Option<u64> {
    match node {
        NodeRef::Leader => state.leader,
        NodeRef::Follower => state
            .nodes
            .iter()
            .find(|n| n.up && n.role != RoleName::Leader)
            .map(|n| n.id),
        NodeRef::Crashed => state.nodes.iter().find(|n| !n.up).map(|n| n.id),
        NodeRef::Node(id) => state.nodes.iter().any(|n| n.id == id).then_some(id),
    }
}

/// Why a server word stands for nobody now, in words a learner reads.
fn nobody(node: NodeRef) -> &'static str {
    match node {
        NodeRef::Leader => "there is no leader right now: wait until one is elected",
        NodeRef::Follower => "no follower is up right now",
        NodeRef::Crashed => "no server is crashed right now",
        NodeRef::Node(_) => "that server does not exist",
    }
}

/// The request "Show me" sends now for `action`.
pub fn action_request(action: &LessonAction, state: &State) -> Result<Request, String> {
    let written = format!("do {}", action.text);
    let line = with_nodes(&written, |r| pick(r, state)).ok_or_else(|| {
        let missing = [NodeRef::Leader, NodeRef::Follower, NodeRef::Crashed]
            .into_iter()
            .find(|&r| pick(r, state).is_none() && action.text.contains(word(r)));
        missing
            .map_or("a server it names is missing", nobody)
            .to_string()
    })?;
    let nodes = state.nodes.len() as u64;
    let toks = lex(&line, action.line).map_err(|e| e.to_string())?;
    let mut cur = Cursor::new(toks, action.line, line.chars().count(), nodes);
    cur.word("do").map_err(|e| e.to_string())?;
    match parse_action(&mut cur).map_err(|e| e.to_string())? {
        Action::Request(request) => Ok(request),
        Action::Report => Err("\"report\" is not something to show".to_string()),
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
    holds(&until.condition, sim, &sim.state_with(Detail::LIGHT)).0
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
            let request = action_request(action, &sim.state_with(Detail::LIGHT))
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
            answer: step.ask.as_ref().and_then(|q| pick(q.answer, &state)),
        });
    }
    Ok((outcomes, sim))
}
