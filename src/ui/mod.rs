//! Yew components: they render views of the simulation and change it only by sending commands.

mod actions;
pub mod animation;
mod announce;
pub mod api;
mod app;
pub mod bench;
pub mod boot;
pub mod cluster;
pub mod controls;
mod details;
pub mod engine;
pub mod fetch;
pub mod keyboard;
mod kv_panel;
mod legend;
mod log_view;
pub mod model;
mod motion;
pub mod narration;
mod network_panel;
mod safety;
pub mod share;

pub use app::App;

use crate::sim::state::State;
use std::rc::Rc;

/// The state a render shows. Every render builds a fresh one, so it compares by identity
/// rather than walking the whole snapshot.
#[derive(Clone)]
pub struct View(pub Rc<State>);

impl PartialEq for View {
    fn eq(&self, other: &View) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Mounts the app on the page body, in the language www/i18n.js chose (www/loader.js waited for
/// its catalogue).
pub fn start() {
    crate::i18n::browser::read();
    yew::Renderer::<App>::new().render();
}
