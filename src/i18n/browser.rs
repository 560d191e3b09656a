//! The language in the browser: read at start, switched in the page.
//!
//! www/i18n.js decides the language before any wasm starts (`?lang=`, then the choice stored in
//! local storage, then the browser's), sets `<html lang>`, and when it is Chinese fetches
//! `i18n/zh.json`. It leaves `window.raftlabLang` ("en" or "zh"), `window.raftlabCatalogue` (a
//! promise, resolved once the catalogue is in or has failed) and, once it is in,
//! `window.raftlabCatalogueText`. A binary that starts before the catalogue may be in awaits
//! [`start`] before its first render; one whose loader awaited `window.raftlabCatalogue` calls
//! [`read`] (no future: lighter). A language switch in the page goes through [`switch`], which
//! sets the globals again and fires `raftlab-lang` on the window: a module that did not make the
//! switch calls [`read`] on that event and renders again.

use super::{install, installed, query_with_lang, set_lang, Lang};
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the choice is remembered (www/i18n.js reads the same key).
const STORED: &str = "raftlab.lang";
/// The Chinese catalogue, relative to the page (index.html copies www/i18n/ to dist/).
const CATALOGUE_URL: &str = "i18n/zh.json";

/// `window[name]` (undefined when it is not there).
fn global(window: &web_sys::Window, name: &str) -> JsValue {
    Reflect::get(window, &name.into()).unwrap_or_default()
}

/// Speaks the language www/i18n.js chose (or the last [`switch`]), with the catalogue if it is
/// in; English when the script is not there. Without a catalogue (offline, a 404) the words stay
/// in English.
pub fn read() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let lang = (global(&window, "raftlabLang").as_string())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    if lang != Lang::En {
        if let Some(text) = global(&window, "raftlabCatalogueText").as_string() {
            install(&text);
        }
    }
    set_lang(lang);
}

/// [`read`], once www/i18n.js's catalogue is in (or failed). Await it before the first render.
pub async fn start() {
    let promise = web_sys::window().map(|w| global(&w, "raftlabCatalogue"));
    if let Some(promise) = promise.and_then(|p| p.dyn_into::<Promise>().ok()) {
        let _ = JsFuture::from(promise).await;
    }
    read();
}

/// Switches the page to `lang`: fetches the catalogue the first time Chinese is chosen, then
/// remembers the choice for the next visit, sets `<html lang>`, keeps a `?lang=` in the address
/// in step (a shared link opens in the language shown), and fires `raftlab-lang`. Render again
/// once it resolves.
pub async fn switch(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if lang != Lang::En && !installed() {
        // (The one fetch helper both modules share; it depends on nothing else in src/ui.)
        if let Ok(text) = crate::ui::fetch::fetch_text(CATALOGUE_URL).await {
            install(&text);
            let _ = Reflect::set(&window, &"raftlabCatalogueText".into(), &text.into());
        }
    }
    set_lang(lang);
    let code = lang.code();
    let _ = Reflect::set(&window, &"raftlabLang".into(), &code.into());
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(STORED, code);
    }
    let location = window.location();
    let query = (location.search().ok()).and_then(|search| query_with_lang(&search, code));
    if let Some((query, history)) = query.zip(window.history().ok()) {
        let url = format!("{query}{}", location.hash().unwrap_or_default());
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
    if let Ok(event) = web_sys::Event::new("raftlab-lang") {
        let _ = window.dispatch_event(&event);
    }
}
