//! Browser tests of the UI, run by wasm-bindgen-test in headless Chromium: the page model's
//! reducer, the pieces of logic behind the controls, and the mounted app itself.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use raftlab::sim::command::Command;
use raftlab::sim::config::SimConfig;
use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::Scenario;
use raftlab::sim::trace_file::Trace;
use raftlab::sim::Simulation;
use raftlab::ui::cluster::{link_status, next_link_commands, LinkStatus};
use raftlab::ui::controls::{slider_to_speed, speed_to_slider};
use raftlab::ui::engine::Engine;
use raftlab::ui::keyboard::{action_for, KeyAction};
use raftlab::ui::model::{Notice, Selection, UiAction, UiModel};
use raftlab::ui::share;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn clicking_the_selected_node_again_unselects_it() {
    let model = UiModel::default().reduce(UiAction::Toggle(Selection::Node(2)));
    assert_eq!(model.selection, Some(Selection::Node(2)));
    let model = model.reduce(UiAction::Toggle(Selection::Node(3)));
    assert_eq!(model.selection, Some(Selection::Node(3)));
    let model = model.reduce(UiAction::Toggle(Selection::Node(3)));
    assert_eq!(model.selection, None);
}

#[wasm_bindgen_test]
fn notices_show_and_dismiss() {
    let model = UiModel::default().reduce(UiAction::Notify(Notice::error("bad")));
    assert!(model.notice.as_ref().is_some_and(|n| n.is_error));
    let model = model.reduce(UiAction::DismissNotice);
    assert_eq!(model.notice, None);
}

#[wasm_bindgen_test]
fn forgetting_a_delivered_message_clears_only_that_selection() {
    let model = UiModel::default().reduce(UiAction::Select(Selection::Message(7)));
    assert_eq!(
        model
            .clone()
            .reduce(UiAction::Forget(Selection::Message(8)))
            .selection,
        Some(Selection::Message(7))
    );
    assert_eq!(
        model
            .reduce(UiAction::Forget(Selection::Message(7)))
            .selection,
        None
    );
}

#[wasm_bindgen_test]
fn keys_map_to_actions() {
    assert_eq!(action_for(" "), Some(KeyAction::PlayPause));
    assert_eq!(
        action_for("."),
        Some(KeyAction::PlayPause),
        "presenter remotes send '.'"
    );
    assert_eq!(action_for("ArrowLeft"), Some(KeyAction::StepBack));
    assert_eq!(action_for("3"), Some(KeyAction::SelectNode(3)));
    assert_eq!(action_for("0"), None);
    assert_eq!(action_for("x"), None);
}

#[wasm_bindgen_test]
fn the_speed_slider_is_logarithmic_and_round_trips() {
    for speed in [0.01, 0.05, 1.0, 10.0] {
        let back = slider_to_speed(speed_to_slider(speed));
        assert!((back / speed - 1.0).abs() < 0.01, "{speed} -> {back}");
    }
    let (a, b, c) = (
        slider_to_speed(0.0),
        slider_to_speed(500.0),
        slider_to_speed(1000.0),
    );
    assert!(
        ((b / a) / (c / b) - 1.0).abs() < 1e-9,
        "equal steps multiply equally"
    );
}

#[wasm_bindgen_test]
fn clicking_a_link_cycles_cut_one_way_and_back() {
    let mut sim = Simulation::new(SimConfig::default()).unwrap();
    let mut seen = Vec::new();
    for _ in 0..4 {
        let status = link_status(&sim.state().network, 1, 2);
        seen.push(status);
        for command in next_link_commands(status, 1, 2) {
            sim.apply(command).unwrap();
        }
    }
    assert_eq!(
        seen,
        vec![
            LinkStatus::Healthy,
            LinkStatus::Cut,
            LinkStatus::OneWay { from: 1, to: 2 },
            LinkStatus::OneWay { from: 2, to: 1 },
        ]
    );
    assert_eq!(link_status(&sim.state().network, 1, 2), LinkStatus::Healthy);
}

#[wasm_bindgen_test]
fn a_share_link_replays_the_same_run() {
    let mut sim = Simulation::new(SimConfig {
        seed: 5,
        ..SimConfig::default()
    })
    .unwrap();
    sim.advance(1200);
    sim.apply(Command::Crash { node: 2 }).unwrap();
    sim.advance(800);
    // A restart in place with another configuration: the link starts from the first one.
    sim.restart(SimConfig {
        nodes: 3,
        seed: 9,
        ..SimConfig::default()
    })
    .unwrap();
    sim.advance(700);
    let fragment = share::encode(&raftlab::sim::trace_file::Trace::of(&sim));
    let (replayed, t) = share::decode(&fragment).unwrap().unwrap();
    assert_eq!(t, 2700);
    assert_eq!(replayed.state(), sim.state());
    assert_eq!(replayed.start_config().nodes, 5);
}

#[wasm_bindgen_test]
fn a_share_link_without_cmd_in_its_config_still_opens() {
    // The form links had before the configuration was written as a `config` command.
    let json = r#"{"config":{"nodes":3,"seed":4},"commands":[{"at_ms":100,"cmd":"crash","node":2}],"t":500}"#;
    let fragment = format!("#run={}", String::from(js_sys::encode_uri_component(json)));
    let (sim, t) = share::decode(&fragment).unwrap().unwrap();
    assert_eq!(
        (t, sim.now(), sim.config().nodes, sim.config().seed),
        (500, 500, 3, 4)
    );
    assert!(!sim.state().nodes[1].up);
}

#[wasm_bindgen_test]
fn a_malformed_share_link_is_a_clear_error() {
    let error = share::decode("#run=%7B%22config%22%3A%7B%22nodes%22%3A42%7D%7D").unwrap_err();
    assert!(error.contains("nodes"), "{error}");
    assert!(share::decode("#run=%E0%A4%A").is_err());
    assert!(share::decode("#something-else").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_app_draws_the_cluster_and_opens_a_node_card() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<raftlab::ui::App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    let nodes = root.query_selector_all("svg [data-node-id]").unwrap();
    assert_eq!(nodes.length(), 5);
    let first = root
        .query_selector("svg .node[data-node-id='1']")
        .unwrap()
        .unwrap();
    assert!(first.get_attribute("data-role").is_some());
    assert!(first.get_attribute("data-term").is_some());
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    first.dispatch_event(&event).unwrap();
    TimeoutFuture::new(50).await;
    let card = root.query_selector(".node-card h2").unwrap().unwrap();
    assert!(card.text_content().unwrap_or_default().starts_with("S1"));
    assert!(root.query_selector("[data-sim-time]").unwrap().is_some());
    let _ = root
        .dyn_into::<web_sys::HtmlElement>()
        .map(|el| el.remove());
}

#[path = "common/determinism.rs"]
mod determinism;

#[wasm_bindgen_test]
fn the_browser_build_replays_the_reference_run_bit_for_bit() {
    assert_eq!(
        determinism::reference_run(),
        determinism::EXPECTED_TRACE_HASH,
        "the wasm build's trace differs from the native one (tests/determinism.rs)"
    );
}

#[wasm_bindgen_test]
fn servers_sit_evenly_on_the_ring_clockwise_from_the_top() {
    use raftlab::ui::cluster::geometry::{node_position, RING_RADIUS};
    for count in 1..=9 {
        for index in 0..count {
            let angle =
                std::f64::consts::TAU * index as f64 / count as f64 - std::f64::consts::FRAC_PI_2;
            let p = node_position(index, count);
            let (x, y) = (RING_RADIUS * angle.cos(), RING_RADIUS * angle.sin());
            assert!(
                (p.x - x).abs() < 1e-9 && (p.y - y).abs() < 1e-9,
                "{index}/{count}"
            );
        }
    }
}

/// `window.raftlab.state()` is the JSON contract as plain JS values. A seed a JS number holds
/// exactly is a number; a larger one is a decimal string, exact (sim/seed.rs), and a command
/// made from it in JS restarts with the same seed.
#[wasm_bindgen_test]
fn a_huge_seed_reaches_js_exactly_and_comes_back() {
    let huge = u64::MAX - 58;
    for (seed, shown) in [
        (7, JsValue::from_f64(7.0)),
        (huge, JsValue::from_str(&huge.to_string())),
    ] {
        let sim = Simulation::new(SimConfig {
            seed,
            ..SimConfig::default()
        })
        .unwrap();
        let state = raftlab::ui::api::to_js(&sim.state());
        let got = js_sys::Reflect::get(&state, &"seed".into()).unwrap();
        assert_eq!(got, shown);
        let nodes = js_sys::Reflect::get(&state, &"nodes".into()).unwrap();
        assert_eq!(js_sys::Array::from(&nodes).length(), 5);
        // What a script would send back: {cmd: "config", seed: state.seed}.
        let command = js_sys::Object::new();
        js_sys::Reflect::set(&command, &"cmd".into(), &"config".into()).unwrap();
        js_sys::Reflect::set(&command, &"seed".into(), &got).unwrap();
        match raftlab::ui::api::command_from_js(&command) {
            Ok(raftlab::sim::request::Request::Restart(config)) => assert_eq!(config.seed, seed),
            other => panic!("{other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn the_leader_hexagon_follows_the_node_radius() {
    use raftlab::ui::cluster::geometry::{coordinate, LEADER_HEXAGON, NODE_RADIUS};
    let r = NODE_RADIUS * 1.08;
    let corners: Vec<String> = (0..6)
        .map(|k| {
            let angle = std::f64::consts::TAU * f64::from(k) / 6.0;
            format!(
                "{},{}",
                coordinate(r * angle.cos()),
                coordinate(r * angle.sin())
            )
        })
        .collect();
    assert_eq!(LEADER_HEXAGON, corners.join(" "));
}

/// Issue 11: a preset looks the same however a person reaches a moment. The engine used to
/// keep a loaded scenario's commands in a script of its own: seek(1000) on a fresh Figure 8
/// showed no leader in term 0, and a step from 290 ms jumped past the partition at 300 ms and
/// the put at 310 ms, which play then applied late, at 330 ms.
#[wasm_bindgen_test]
fn a_preset_reached_by_play_seek_or_steps_is_the_same_run() {
    let figure8 = presets()
        .iter()
        .find(|p| p.id == "figure8")
        .and_then(|p| Scenario::parse(p.source).ok())
        .and_then(|scenario| Trace::of_scenario(&scenario).ok())
        .expect("the figure8 preset parses");
    let load = || {
        let engine = Engine::new(Simulation::new(SimConfig::default()).unwrap());
        engine.load(&figure8).unwrap();
        engine
    };
    let played = load();
    played.advance(1000);
    let sought = load();
    sought.seek(1000);
    assert_eq!(sought.state(), played.state());
    assert_eq!(played.state().leader, Some(5), "S5 leads term 4 at 1 s");

    let stepped = load();
    while stepped.now() < 290 {
        assert!(stepped.step_forward());
    }
    while stepped.now() <= 310 {
        assert!(stepped.step_forward());
    }
    let put = &stepped.state().history[0];
    assert_eq!(
        put.invoke_ms, 310,
        "the put is invoked at its time: {put:?}"
    );
    stepped.advance(1000 - stepped.now());
    assert_eq!(stepped.state(), played.state());
}
