//! The page's own state (what is selected, the last notice), kept apart
//! from the simulation. A pure reducer, tested without a browser's DOM.

use std::rc::Rc;
use yew::Reducible;

/// What the person has picked on the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Node(u64),
    Message(u64),
}

/// A message for the person: the result of their last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// A message a person dropped: drawn where it was, fading out, for a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct DyingMessage {
    pub id: u64,
    pub kind: String,
    pub from: u64,
    pub to: u64,
    /// How far along its flight it was, 0..1.
    pub progress: f64,
    /// Wall-clock time of the drop (ms since the epoch).
    pub died_at: f64,
}

/// How long a dropped message stays on screen, in wall-clock ms.
pub const DYING_MS: f64 = 900.0;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiModel {
    pub dying: Vec<DyingMessage>,
    pub selection: Option<Selection>,
    pub notice: Option<Notice>,
    pub narration_filter: String,
    /// The log view's last shown index when scrolled back (None: follow the newest).
    pub log_anchor: Option<u64>,
    pub dark: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    Select(Selection),
    /// Clicking the selected thing again unselects it.
    Toggle(Selection),
    ClearSelection,
    Notify(Notice),
    DismissNotice,
    FilterNarration(String),
    ScrollLog(Option<u64>),
    SetDark(bool),
    /// The node or message shown may have gone (cluster restarted, message delivered).
    Forget(Selection),
    /// A dropped message starts its death animation; older ones are forgotten.
    MessageDied(DyingMessage),
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            is_error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            is_error: true,
        }
    }
}

impl UiModel {
    pub fn reduce(mut self, action: UiAction) -> UiModel {
        match action {
            UiAction::Select(selection) => self.selection = Some(selection),
            UiAction::Toggle(selection) => {
                self.selection = (self.selection != Some(selection)).then_some(selection);
            }
            UiAction::ClearSelection => self.selection = None,
            UiAction::Notify(notice) => self.notice = Some(notice),
            UiAction::DismissNotice => self.notice = None,
            UiAction::FilterNarration(filter) => self.narration_filter = filter,
            UiAction::ScrollLog(anchor) => self.log_anchor = anchor,
            UiAction::SetDark(dark) => self.dark = Some(dark),
            UiAction::MessageDied(message) => {
                let now = message.died_at;
                self.dying.retain(|d| now - d.died_at < DYING_MS);
                self.dying.push(message);
            }
            UiAction::Forget(selection) => {
                if self.selection == Some(selection) {
                    self.selection = None;
                }
            }
        }
        self
    }
}

impl Reducible for UiModel {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        Rc::new((*self).clone().reduce(action))
    }
}
