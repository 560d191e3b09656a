//! Lessons (Learn mode): a scenario a learner goes through step by step. The text form extends
//! the scenario format (docs/lesson-format.md):
//!
//! ```text
//! title Leader election                  # the header is a scenario: title, about, cluster, at
//! title.zh 领导者选举
//! cluster nodes=5 seed=3
//!
//! step
//! say The leader has just been elected. Crash it: click it, then Crash.
//! say.zh 领导者刚刚选出。让它宕机：点击它，再点 Crash。
//! do crash leader                        # what "Show me" does (one or more lines; `leader`,
//!                                        #   `follower`, `crashed` stand for a server chosen
//!                                        #   when it is done)
//! until no leader                        # the step is done when this holds (expect vocabulary)
//! point leader                           # the servers to highlight meanwhile
//! ask Which server will lead next?       # a prediction: the learner clicks a server
//! answer leader                          # right if it leads when the step is done
//! then Nobody leads: each follower waits for its election timer.
//! ```
//!
//! Prose comes in English and Simplified Chinese (`.zh`); several lines of the same kind join
//! into one paragraph. A step's condition is evaluated by the simulator, on its own state.

use serde::Serialize;

use super::cursor::Cursor;
use super::error::ScenarioError;
use super::expect::{parse_condition, Condition};
use super::lexer::lex;
use super::text::{parse_action, parse_text};
use super::Scenario;
use crate::i18n::{fill, tr};

/// The languages lessons are written in: the one language of the whole page (src/i18n).
pub use crate::i18n::Lang;

/// A paragraph in each language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Prose {
    pub en: String,
    pub zh: String,
}

impl Prose {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }

    /// Adds a line to the paragraph: English lines join with a space, Chinese ones without.
    fn push(&mut self, lang: Lang, line: &str) {
        let (text, gap) = match lang {
            Lang::En => (&mut self.en, " "),
            Lang::Zh => (&mut self.zh, ""),
        };
        if !text.is_empty() {
            text.push_str(gap);
        }
        text.push_str(line.trim());
    }

    /// The languages this paragraph lacks (when it has any text at all).
    fn missing(&self) -> Option<Lang> {
        match (self.en.is_empty(), self.zh.is_empty()) {
            (false, true) => Some(Lang::Zh),
            (true, false) => Some(Lang::En),
            _ => None,
        }
    }
}

/// A server named by its part in the run, chosen when the step needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeRef {
    /// The current leader.
    Leader,
    /// The live follower with the lowest id.
    Follower,
    /// The crashed server with the lowest id.
    Crashed,
    Node(u64),
}

impl NodeRef {
    /// The words that stand for a server in `do`, `point` and `answer` lines.
    pub const WORDS: [&'static str; 3] = ["leader", "follower", "crashed"];

    fn parse(word: &str, nodes: u64) -> Option<NodeRef> {
        match word.to_ascii_lowercase().as_str() {
            "leader" => Some(NodeRef::Leader),
            "follower" => Some(NodeRef::Follower),
            "crashed" => Some(NodeRef::Crashed),
            w => w
                .strip_prefix('s')
                .and_then(|d| d.parse().ok())
                .filter(|id| (1..=nodes).contains(id))
                .map(NodeRef::Node),
        }
    }
}

/// What "Show me" does: a scenario command whose servers may be [`NodeRef`] words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonAction {
    pub line: usize,
    /// The command as written after `do`.
    pub text: String,
}

/// The condition that ends a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Until {
    pub condition: Condition,
    /// As written after `until`.
    pub source: String,
}

/// A prediction: the learner picks a server before the step runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub prompt: Prose,
    /// The right server, found when the step is done.
    pub answer: NodeRef,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LessonStep {
    /// The line of its `step` keyword.
    pub line: usize,
    /// What to look at or do.
    pub say: Prose,
    /// What "Show me" does, all at once.
    pub actions: Vec<LessonAction>,
    pub until: Option<Until>,
    /// Servers to highlight during the step.
    pub point: Vec<NodeRef>,
    pub ask: Option<Question>,
    /// What just happened, once the step is done.
    pub then: Prose,
}

/// A parsed lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lesson {
    pub title: Prose,
    pub about: Prose,
    /// The cluster and any timed lines of the header.
    pub scenario: Scenario,
    /// The header as scenario text, its lesson-only lines blanked: what Learn mode, which runs
    /// apart from the simulation, asks the page to load (`window.raftlab.load`).
    pub header: String,
    pub steps: Vec<LessonStep>,
}

/// Parses a lesson; every error names its line (and column where it can).
pub fn parse_lesson(source: &str) -> Result<Lesson, ScenarioError> {
    let mut lesson = Lesson::default();
    // The header goes to the scenario parser with the lesson's own lines blanked, so its
    // errors keep their line numbers.
    let mut header = String::new();
    let mut lines = source.lines().enumerate().peekable();
    while let Some((_, raw)) = lines.next_if(|(_, l)| !is_keyword(l.trim_start(), "step")) {
        let trimmed = raw.trim_start();
        let prose = [
            ("title", Lang::En),
            ("title.zh", Lang::Zh),
            ("about", Lang::En),
            ("about.zh", Lang::Zh),
        ];
        let mut taken = false;
        for (keyword, lang) in prose {
            if let Some(rest) = strip_keyword(trimmed, keyword) {
                let into = if keyword.starts_with("title") {
                    &mut lesson.title
                } else {
                    &mut lesson.about
                };
                into.push(lang, rest);
                taken = true;
                break;
            }
        }
        if !taken {
            header.push_str(raw);
        }
        header.push('\n');
    }
    lesson.scenario = parse_text(&header)?;
    lesson.header = header;
    lesson.scenario.title = lesson.title.en.clone();
    lesson.scenario.description = lesson.about.en.clone();
    let nodes = lesson.scenario.config.nodes;
    for (i, raw) in lines {
        let line = i + 1;
        let trimmed = raw.trim_start();
        let col = raw.len() - trimmed.len() + 1;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if is_keyword(trimmed, "step") {
            if strip_keyword(trimmed, "step").is_some_and(|r| !r.trim().is_empty()) {
                return Err(ScenarioError::at(
                    line,
                    col,
                    tr("\"step\" stands alone on its line"),
                ));
            }
            finish_step(lesson.steps.last())?;
            lesson.steps.push(LessonStep {
                line,
                ..LessonStep::default()
            });
            continue;
        }
        let step = lesson
            .steps
            .last_mut()
            .expect("the header ends at a step line");
        step_line(step, raw, line, col, nodes)?;
    }
    finish_step(lesson.steps.last())?;
    if lesson.steps.is_empty() {
        return Err(ScenarioError::at(
            0,
            0,
            tr("a lesson needs at least one \"step\""),
        ));
    }
    for (what, prose) in [("title", &lesson.title), ("about", &lesson.about)] {
        if let Some(lang) = prose.missing() {
            let message = fill(tr("the {0} has no {1} text"), &[&what, &lang.code()]);
            return Err(ScenarioError::at(0, 0, message));
        }
    }
    Ok(lesson)
}

/// One line inside a step.
fn step_line(
    step: &mut LessonStep,
    raw: &str,
    line: usize,
    col: usize,
    nodes: u64,
) -> Result<(), ScenarioError> {
    let trimmed = raw.trim_start();
    let keyword = trimmed.split_whitespace().next().unwrap_or_default();
    let rest = trimmed[keyword.len()..].trim();
    let at = |message: String| ScenarioError::at(line, col, message);
    match keyword {
        "say" => step.say.push(Lang::En, rest),
        "say.zh" => step.say.push(Lang::Zh, rest),
        "then" => step.then.push(Lang::En, rest),
        "then.zh" => step.then.push(Lang::Zh, rest),
        "ask" | "ask.zh" => {
            let lang = if keyword == "ask" { Lang::En } else { Lang::Zh };
            let question = step.ask.get_or_insert(Question {
                prompt: Prose::default(),
                answer: NodeRef::Leader,
            });
            question.prompt.push(lang, rest);
        }
        "answer" => {
            let question = step
                .ask
                .as_mut()
                .ok_or_else(|| at(tr("\"answer\" follows an \"ask\" line").into()))?;
            question.answer =
                NodeRef::parse(rest, nodes).ok_or_else(|| at(not_a_server(rest, nodes)))?;
        }
        "point" => {
            for word in rest.split_whitespace() {
                let node =
                    NodeRef::parse(word, nodes).ok_or_else(|| at(not_a_server(word, nodes)))?;
                step.point.push(node);
            }
        }
        "do" => {
            // Checked now with every server word standing for S1; chosen for real when done.
            let standin = with_nodes(raw, |_| Some(1));
            let mut cur = cursor(&standin.unwrap_or_default(), line, nodes)?;
            cur.word("do")?;
            parse_action(&mut cur)?;
            step.actions.push(LessonAction {
                line,
                text: rest.to_string(),
            });
        }
        "until" => {
            if step.until.is_some() {
                return Err(at(tr("a step has one \"until\" line").into()));
            }
            let mut cur = cursor(raw, line, nodes)?;
            cur.word("until")?;
            let condition = parse_condition(&mut cur)?;
            cur.finish()?;
            step.until = Some(Until {
                condition,
                source: rest.to_string(),
            });
        }
        _ => {
            return Err(at(fill(
                tr(
                    "unknown step line \"{0}\" (a step has say, do, until, point, ask, answer \
                    and then lines, each with a .zh twin for prose)",
                ),
                &[&keyword],
            )))
        }
    }
    Ok(())
}

/// A finished step must be complete in both languages.
fn finish_step(step: Option<&LessonStep>) -> Result<(), ScenarioError> {
    let Some(step) = step else {
        return Ok(());
    };
    let prose = [("say", &step.say), ("then", &step.then)];
    let asked = step.ask.iter().map(|q| ("ask", &q.prompt));
    for (what, text) in prose.into_iter().chain(asked) {
        if let Some(lang) = text.missing() {
            let words = tr("the step's \"{0}\" has no {1} text");
            let message = fill(words, &[&what, &lang.code()]);
            return Err(ScenarioError::at(step.line, 0, message));
        }
    }
    if step.say.is_empty() {
        return Err(ScenarioError::at(
            step.line,
            0,
            tr("a step needs a \"say\" line"),
        ));
    }
    if step.ask.is_some() && step.until.is_none() {
        let message =
            tr("a step with a question needs an \"until\" line (when to tell the answer)");
        return Err(ScenarioError::at(step.line, 0, message));
    }
    Ok(())
}

/// `line` with every [`NodeRef`] word replaced by the server `pick` chooses for it ("S2"),
/// except as an option's value (`read=follower`); None if `pick` has none for a word that
/// appears.
pub(crate) fn with_nodes(line: &str, pick: impl Fn(NodeRef) -> Option<u64>) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        // A value after `=` (`read=follower`) is an option, not a server.
        let option_value = out.ends_with('=');
        let node = match NodeRef::parse(word, 0) {
            Some(r) if NodeRef::WORDS.contains(&word) && !option_value => Some(pick(r)?),
            _ => None,
        };
        match node {
            Some(id) => out.push_str(&format!("S{id}")),
            None => out.push_str(word),
        }
        rest = &rest[end..];
    }
    Some(out)
}

/// "\"S9\" is not a server (S1..S5, leader, follower or crashed)".
fn not_a_server(word: &str, nodes: u64) -> String {
    let words = tr("\"{0}\" is not a server (S1..S{1}, leader, follower or crashed)");
    fill(words, &[&word, &nodes])
}

fn cursor(raw: &str, line: usize, nodes: u64) -> Result<Cursor, ScenarioError> {
    Ok(Cursor::new(
        lex(raw, line)?,
        line,
        raw.chars().count(),
        nodes,
    ))
}

fn is_keyword(line: &str, keyword: &str) -> bool {
    strip_keyword(line, keyword).is_some()
}

/// `rest` if `line` is `keyword` followed by whitespace (or nothing).
fn strip_keyword<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(keyword)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}
