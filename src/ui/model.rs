//! The page's own state (what is selected, which dialog is open, the last notice), kept apart
//! from the simulation. A pure reducer, tested without a browser's DOM.

use std::rc::Rc;
use yew::Reducible;

/// What the person has picked on the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Node(u64),
    Message(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Settings,
    Help,
    Scenario,
}

/// A message for the person: the result of their last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiModel {
    pub selection: Option<Selection>,
    pub dialog: Option<Dialog>,
    pub notice: Option<Notice>,
    pub narration_filter: String,
    pub dark: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    Select(Selection),
    /// Clicking the selected thing again unselects it.
    Toggle(Selection),
    ClearSelection,
    Open(Dialog),
    CloseDialog,
    Notify(Notice),
    DismissNotice,
    FilterNarration(String),
    SetDark(bool),
    /// The node or message shown may have gone (cluster restarted, message delivered).
    Forget(Selection),
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
            UiAction::Open(dialog) => self.dialog = Some(dialog),
            UiAction::CloseDialog => self.dialog = None,
            UiAction::Notify(notice) => self.notice = Some(notice),
            UiAction::DismissNotice => self.notice = None,
            UiAction::FilterNarration(filter) => self.narration_filter = filter,
            UiAction::SetDark(dark) => self.dark = Some(dark),
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
