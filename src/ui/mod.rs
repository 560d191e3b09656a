//! Yew components: they render views of the simulation and change it only by sending commands.

mod app;

pub use app::App;

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
