//! Fetching a text that is not part of the page's first download (a preset scenario), relative
//! to the page so that it works from any directory.

use crate::i18n::{fill, tr};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The text at `url`, or why not in words.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = || fill(tr("could not load {0}"), &[&url]);
    let window = web_sys::window().ok_or_else(failed)?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed())?;
    if !response.ok() {
        return Err(format!("{} (HTTP {})", failed(), response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    text.as_string().ok_or_else(failed)
}

/// The preset `id`'s text, from `scenarios/ID.txt`.
pub async fn fetch_preset(id: &str) -> Result<String, String> {
    fetch_text(&format!("scenarios/{id}.txt")).await
}
