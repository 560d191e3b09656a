//! Browser tests of the UI, run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_draws_five_nodes() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<raftlab::ui::App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    let nodes = root.query_selector_all("svg [data-node-id]").unwrap();
    assert_eq!(nodes.length(), 5);
}
