//! What the second module shows: the dialog open, the lesson being followed and its step, what
//! the learner answered. A pure reducer; the page is changed only by [`super::app`].

use crate::i18n::Lang;
use crate::sim::scenario::lesson::{Lesson, LessonStep};
use std::rc::Rc;
use yew::Reducible;

/// A lesson, compared by identity: a session holds the one it opened, and comparing the whole
/// text on every render would cost time for nothing.
#[derive(Debug, Clone)]
pub struct SharedLesson(pub Rc<Lesson>);

impl PartialEq for SharedLesson {
    fn eq(&self, other: &SharedLesson) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedLesson {
    type Target = Lesson;

    fn deref(&self) -> &Lesson {
        &self.0
    }
}

/// A lesson being followed.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonSession {
    pub id: String,
    pub lesson: SharedLesson,
    /// The current step, from 0.
    pub step: usize,
    /// The simulated time the step began at ("Back" returns there).
    pub step_start_ms: u64,
    /// The run as it stood when the step began, as a trace's JSON: every command given before,
    /// and the lesson's own script still ahead. "Back" loads it again (a rewind would discard
    /// the script's future with the step's actions).
    pub step_run: Rc<str>,
    /// "Show me" was pressed in this step (once: its actions done twice would spoil the step).
    pub shown: bool,
    /// Its condition held (or it has none).
    pub done: bool,
    /// The server the learner picked for the step's question.
    pub picked: Option<u64>,
    /// The right answer, found when the step was done.
    pub right: Option<u64>,
    /// The servers the step points at.
    pub focus: Vec<u64>,
    /// The step's question was answered by nobody: the presenter (PageDown) or the learner
    /// ("Show the answer") let the run show it.
    pub revealed: bool,
    /// The lesson was opened at its first step though the learner had got further: the step
    /// (from 0) that "Continue" returns to, offered until they move on.
    pub offer: Option<usize>,
}

impl LessonSession {
    /// A lesson at its first step, begun at `start_ms` on the run `run` (a trace's JSON).
    pub fn new(id: String, lesson: Lesson, start_ms: u64, run: Rc<str>) -> LessonSession {
        LessonSession::at(id, lesson, 0, start_ms, run)
    }

    /// A lesson at step `step` (from 0), begun at `start_ms` on the run `run`: where a learner
    /// who left it comes back to.
    pub fn at(
        id: String,
        lesson: Lesson,
        step: usize,
        start_ms: u64,
        run: Rc<str>,
    ) -> LessonSession {
        let mut session = LessonSession {
            id,
            lesson: SharedLesson(Rc::new(lesson)),
            step: 0,
            step_start_ms: 0,
            step_run: run.clone(),
            shown: false,
            done: false,
            picked: None,
            right: None,
            focus: Vec::new(),
            revealed: false,
            offer: None,
        };
        session.go_to(0, start_ms, Vec::new(), run.clone());
        session.go_to(step, start_ms, Vec::new(), run);
        session
    }

    pub fn current(&self) -> Option<&LessonStep> {
        self.lesson.steps.get(self.step)
    }

    pub fn is_last(&self) -> bool {
        self.step + 1 >= self.lesson.steps.len()
    }

    /// The step's question waits for the learner's answer (one click: the run then shows
    /// whether it was right, so the answer cannot change).
    pub fn awaits_answer(&self) -> bool {
        !self.done
            && self.picked.is_none()
            && !self.revealed
            && self.current().is_some_and(|s| s.ask.is_some())
    }

    fn go_to(&mut self, step: usize, start_ms: u64, focus: Vec<u64>, run: Rc<str>) {
        if let Some(next) = self.lesson.steps.get(step) {
            // A step with nothing to wait for is done as soon as it is read.
            self.done = next.until.is_none();
            self.step = step;
            self.step_start_ms = start_ms;
            self.step_run = run;
            self.shown = false;
            self.picked = None;
            self.right = None;
            self.revealed = false;
            self.focus = focus;
            if step > 0 {
                self.offer = None;
            }
        }
    }
}

/// The module's dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Lessons,
    Scenarios,
    Files,
    Settings,
    Help,
}

/// Learn mode and the dialogs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learn {
    pub dialog: Option<Dialog>,
    pub session: Option<LessonSession>,
    /// The lesson finished last, and its id, until another opens ("Lesson complete").
    pub finished: Option<(String, SharedLesson)>,
    /// Why the last thing asked of Learn mode failed.
    pub error: Option<String>,
    /// What the last dialog did ("The cluster restarted with the new settings.").
    pub told: Option<String>,
    pub lang: Lang,
    /// The Rules panel is open.
    pub rules: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LearnAction {
    Open(Dialog),
    CloseDialog,
    /// A lesson opens at its first step (or replaces the one open).
    Begin(LessonSession),
    /// Go to a step of the open lesson (the next one, or the same one again), from `start_ms`.
    Step {
        step: usize,
        start_ms: u64,
        focus: Vec<u64>,
        run: Rc<str>,
    },
    /// The learner pressed "Show me".
    Shown,
    /// The learner picked a server for the step's question.
    Pick(u64),
    /// The step's question is answered by the run itself (no pick).
    Reveal,
    /// The learner chose to start over rather than continue: the offer goes.
    DropOffer,
    /// The step's condition held; `right` answers its question; `focus` is where its servers are now.
    Done {
        right: Option<u64>,
        focus: Vec<u64>,
    },
    /// The last step is behind the learner.
    Finish,
    /// The lesson closes (the learner closed it, or the run it was on was replaced).
    Close,
    Failed(String),
    /// Tell the person what a dialog did (None: dismissed).
    Tell(Option<String>),
    SetLang(Lang),
    /// Open the Rules panel, or close it.
    ToggleRules,
    CloseRules,
}

impl Learn {
    pub fn apply(&mut self, action: LearnAction) {
        match action {
            LearnAction::Open(dialog) => {
                self.dialog = Some(dialog);
                self.error = None;
            }
            LearnAction::CloseDialog => self.dialog = None,
            LearnAction::Begin(session) => {
                self.session = Some(session);
                self.dialog = None;
                self.finished = None;
                self.error = None;
            }
            LearnAction::Step {
                step,
                start_ms,
                focus,
                run,
            } => {
                if let Some(s) = &mut self.session {
                    s.go_to(step, start_ms, focus, run);
                }
                self.error = None;
            }
            LearnAction::Shown => {
                if let Some(s) = &mut self.session {
                    s.shown = true;
                }
            }
            LearnAction::Pick(node) => {
                if let Some(s) = self.session.as_mut().filter(|s| s.awaits_answer()) {
                    s.picked = Some(node);
                }
            }
            LearnAction::Reveal => {
                if let Some(s) = self.session.as_mut().filter(|s| s.awaits_answer()) {
                    s.revealed = true;
                }
            }
            LearnAction::DropOffer => {
                if let Some(s) = &mut self.session {
                    s.offer = None;
                }
            }
            LearnAction::Done { right, focus } => {
                if let Some(s) = &mut self.session {
                    s.done = true;
                    s.right = right;
                    s.focus = focus;
                }
            }
            LearnAction::Finish => {
                self.finished = self.session.take().map(|s| (s.id, s.lesson));
            }
            LearnAction::Close => {
                self.session = None;
                self.finished = None;
                self.error = None;
            }
            LearnAction::Failed(error) => self.error = Some(error),
            LearnAction::Tell(text) => self.told = text,
            LearnAction::SetLang(lang) => self.lang = lang,
            LearnAction::ToggleRules => self.rules = !self.rules,
            LearnAction::CloseRules => self.rules = false,
        }
    }
}

impl Reducible for Learn {
    type Action = LearnAction;

    fn reduce(self: Rc<Self>, action: LearnAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}
