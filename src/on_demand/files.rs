//! Files in and out of the page: a run saved as a trace file (docs/trace-format.md) and loaded
//! back, a scenario file loaded, and the drawing saved as SVG or PNG for slides.

use crate::i18n::{fill, tr};
use js_sys::{Array, Promise};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Document, Element, HtmlAnchorElement, Url};

/// The presentation attributes a saved drawing carries inline, read from the page's styles: the
/// file then looks the same in a browser and an editor without the page's style sheet.
const STYLED: [&str; 14] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "stroke-linecap",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "visibility",
];

fn document() -> Result<Document, String> {
    (web_sys::window().and_then(|w| w.document())).ok_or_else(|| tr("no document").to_string())
}

/// Offers `bytes` (a string or a blob) to the person as a download named `name`.
fn download(name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(|_| tr("cannot make a download"))?;
    let anchor: HtmlAnchorElement = (document()?.create_element("a").ok())
        .and_then(|a| a.dyn_into().ok())
        .ok_or(tr("cannot make a download"))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

fn text_blob(text: &str, mime: &str) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = Array::of1(&JsValue::from_str(text));
    Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| tr("cannot make a file").into())
}

/// Saves the run as a trace file, named after its time (`raftlab-run-12.3s.json`).
pub fn save_trace(history: bool) -> Result<(), String> {
    let (text, time_ms) = super::page::export_trace(history)?;
    let seconds = format!("{}.{}", time_ms / 1000, time_ms % 1000 / 100);
    download(
        &format!("raftlab-run-{seconds}s.json"),
        &text_blob(&text, "application/json")?,
    )
}

/// The file's text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await;
    text.ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| fill(tr("cannot read {0}"), &[&file.name()]))
}

/// Whether `text` is a lesson (docs/lesson-format.md): a line holding only `step` starts a
/// lesson's step, and no scenario has one.
pub fn is_lesson(text: &str) -> bool {
    text.lines().any(|line| line.trim() == "step")
}

/// Loads the text of a dropped or picked file named `name`: a trace (JSON with `raftlab_trace`,
/// or an older share link's JSON) replays to its time, paused; anything else is read as a
/// scenario (text or JSON lines) and plays. Returns what to tell the person.
pub fn open_run(name: &str, text: &str) -> Result<String, String> {
    // A trace names itself; an older share link's JSON has a list of commands.
    if text.contains("\"raftlab_trace\"") || text.contains("\"commands\"") {
        super::page::import_trace(text).map_err(|e| fill(tr("{0}: {1}"), &[&name, &e]))?;
        Ok(fill(
            tr("Opened {0}: the run replayed to where it was saved (paused). Press space to go on."),
            &[&name],
        ))
    } else {
        super::page::watch(text).map_err(|e| fill(tr("{0}: {1}"), &[&name, &e]))?;
        Ok(fill(tr("Opened the scenario {0}."), &[&name]))
    }
}

/// A standalone copy of the SVG drawing `selector` finds: the page's computed styles written as
/// attributes (where they differ from the parent's: inherited values are written once), the
/// page's background behind it, its size in pixels.
fn standalone_svg(selector: &str) -> Result<(String, f64, f64), String> {
    let document = document()?;
    let window = web_sys::window().ok_or(tr("no window"))?;
    let original = (document.query_selector(selector).ok().flatten())
        .ok_or(tr("there is no drawing to save"))?;
    let copy: Element = (original.clone_node_with_deep(true).ok())
        .and_then(|n| n.dyn_into().ok())
        .ok_or(tr("cannot copy the drawing"))?;
    let originals = original
        .query_selector_all("*")
        .map_err(|_| tr("cannot read the drawing"))?;
    let copies = copy
        .query_selector_all("*")
        .map_err(|_| tr("cannot read the drawing"))?;
    // One computed style per element (a live object: read it for every property).
    let style_of = |element: &Element| window.get_computed_style(element).ok().flatten();
    let value = |style: &Option<web_sys::CssStyleDeclaration>, name: &str| {
        style.as_ref().and_then(|s| s.get_property_value(name).ok())
    };
    // The root first (every property), then each element in document order (those it changes).
    let pairs = (0..originals.length()).filter_map(|i| {
        let from = originals.item(i)?.dyn_into::<Element>().ok()?;
        let to = copies.item(i)?.dyn_into::<Element>().ok()?;
        Some((from, to))
    });
    for (from, to) in std::iter::once((original.clone(), copy.clone())).chain(pairs) {
        let style = style_of(&from);
        if value(&style, "display").as_deref() == Some("none") {
            to.remove();
            continue;
        }
        let parent = from.parent_element().filter(|_| from != original);
        let parent_style = parent.as_ref().and_then(style_of);
        for name in STYLED {
            let inherited = value(&parent_style, name);
            if let Some(own) = value(&style, name).filter(|v| Some(v) != inherited.as_ref()) {
                let _ = to.set_attribute(name, &own);
            }
        }
        let _ = to.remove_attribute("class");
    }
    let rect = original.get_bounding_client_rect();
    let (width, height) = (rect.width().round(), rect.height().round());
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", &width.to_string());
    let _ = copy.set_attribute("height", &height.to_string());
    // The page's background, first (it is drawn behind the rest).
    let page = (document.query_selector(".app").ok().flatten())
        .or_else(|| document.body().map(Into::into));
    let background = page
        .and_then(|p| window.get_computed_style(&p).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_else(|| "white".into());
    if let Ok(rect) = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "rect") {
        for (name, value) in [
            ("x", "-1000"),
            ("y", "-1000"),
            ("width", "3000"),
            ("height", "3000"),
        ] {
            let _ = rect.set_attribute(name, value);
        }
        let _ = rect.set_attribute("fill", &background);
        let _ = copy.insert_before(&rect, copy.first_child().as_ref());
    }
    let text = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&copy))
        .map_err(|_| tr("cannot write the drawing"))?;
    Ok((text, width, height))
}

/// Saves the drawing `selector` finds as `name.svg`.
pub fn save_svg(selector: &str, name: &str) -> Result<(), String> {
    let (text, _, _) = standalone_svg(selector)?;
    download(&format!("{name}.svg"), &text_blob(&text, "image/svg+xml")?)
}

/// Saves the drawing `selector` finds as `name.png`, at twice its size on screen. The browser
/// draws the SVG through an image of a `blob:` address: a page whose Content Security Policy
/// does not allow `img-src blob:` can save SVG only, and is told so.
pub async fn save_png(selector: &str, name: &str) -> Result<(), String> {
    let (text, width, height) = standalone_svg(selector)?;
    let url = Url::create_object_url_with_blob(&text_blob(&text, "image/svg+xml")?)
        .map_err(|_| tr("cannot draw the drawing"))?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| tr("cannot draw the drawing"))?;
    let loaded = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || resolve.call0(&JsValue::NULL));
        let failed = Closure::once_into_js(move || reject.call0(&JsValue::NULL));
        image.set_onload(Some(ok.unchecked_ref()));
        image.set_onerror(Some(failed.unchecked_ref()));
    });
    image.set_src(&url);
    let drawn = JsFuture::from(loaded).await;
    let _ = Url::revoke_object_url(&url);
    drawn.map_err(|_| {
        tr("the browser would not draw it (this page's Content Security Policy may forbid blob: images); save it as SVG instead").to_string()
    })?;
    let canvas: web_sys::HtmlCanvasElement = (document()?.create_element("canvas").ok())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(tr("cannot draw the drawing"))?;
    let scale = 2.0;
    canvas.set_width((width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let context: web_sys::CanvasRenderingContext2d = (canvas.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(tr("cannot draw the drawing"))?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            width * scale,
            height * scale,
        )
        .map_err(|_| tr("cannot draw the drawing"))?;
    let blob = Promise::new(&mut |resolve, _| {
        let done = Closure::once_into_js(move |blob: JsValue| resolve.call1(&JsValue::NULL, &blob));
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    let blob: Blob = (JsFuture::from(blob).await.ok())
        .and_then(|b| b.dyn_into().ok())
        .ok_or(tr("cannot write the PNG"))?;
    download(&format!("{name}.png"), &blob)
}
