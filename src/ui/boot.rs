//! What the page starts with: a shared link's run, a preset named in the address
//! (`?scenario=figure-8`), or a fresh five-server cluster (`?seed=N` chooses its seed); `?embed`
//! drops the chrome, `?speed=0.25` sets the speed, `?autoplay=0` starts paused, `?theme=dark` or
//! `light` the theme (docs/embedding.md).

use super::engine::Engine;
use super::model::Notice;
use super::share;
use crate::i18n::{fill, tr};
use crate::sim::config::SimConfig;
use crate::sim::decimal::parse_decimal;
use crate::sim::Simulation;
use std::rc::Rc;

pub struct Booted {
    pub engine: Rc<Engine>,
    pub notice: Option<Notice>,
    pub embed: bool,
    /// `?theme=dark|light` (None: the system's).
    pub dark: Option<bool>,
}

fn query_param(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| v.to_string())
    })
}

fn fresh_cluster(seed: Option<u64>) -> Simulation {
    let seed = seed.unwrap_or_else(|| (js_sys::Math::random() * 1_000_000.0) as u64);
    let config = SimConfig {
        seed,
        ..SimConfig::default()
    };
    // The default configuration starts with any seed (a config.rs test checks it), so this
    // cannot fail; `unreachable!` rather than `expect` keeps error Debug printing out of the page.
    Simulation::new(config)
        .unwrap_or_else(|_| unreachable!("the default configuration is valid with any seed"))
}

/// The text of the preset named in the address, fetched by www/loader.js (None: there is none
/// by that name).
fn preloaded_preset() -> Option<String> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"raftlabPreset".into())
        .ok()?
        .as_string()
}

pub fn boot() -> Booted {
    // The tab's title in the page's language (index.html has the English).
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(tr("Raftlab — a Raft consensus playground"));
    }
    let location = web_sys::window().map(|w| w.location());
    let hash = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let embed = query_param(&search, "embed").is_some();
    let dark = match query_param(&search, "theme").as_deref() {
        Some("dark") => Some(true),
        Some("light") => Some(false),
        _ => None,
    };
    let seed = query_param(&search, "seed").and_then(|s| s.parse().ok());
    let booted = |engine: Rc<Engine>, notice| {
        // Out-of-range speeds are clamped; words that are not numbers are ignored.
        if let Some(speed) = query_param(&search, "speed").and_then(|s| parse_decimal(&s)) {
            engine.set_speed(speed);
        }
        if query_param(&search, "autoplay").as_deref() == Some("0") {
            engine.set_playing(false);
        }
        Booted {
            engine,
            notice,
            embed,
            dark,
        }
    };
    match share::decode(&hash) {
        Ok(Some((sim, _))) => {
            let engine = Rc::new(Engine::new(sim));
            engine.set_playing(false);
            let replayed = tr("Replayed from a shared link (paused). Press space to go on.");
            let notice = Notice::info(replayed);
            return booted(engine, Some(notice));
        }
        Err(e) => {
            let notice = Notice::error(fill(tr("{0}. Started a normal cluster instead."), &[&e]));
            return booted(Rc::new(Engine::new(fresh_cluster(seed))), Some(notice));
        }
        Ok(None) => {}
    }
    let engine = Rc::new(Engine::new(fresh_cluster(seed)));
    let mut notice = None;
    if let Some(id) = query_param(&search, "scenario") {
        // www/loader.js fetched the preset before the app started: its script as a trace
        // (www/scenarios/NAME.json, made from NAME.txt), which the page reads without the
        // scenario parser.
        match preloaded_preset() {
            Some(source) => match super::share::read(&source) {
                Ok(scenario) => {
                    notice = Some(match engine.load_to_watch(&scenario) {
                        Ok(()) => {
                            let (title, description) =
                                scenario.title_and_description(crate::i18n::lang());
                            Notice::info(fill(tr("{0}: {1}"), &[&title, &description]))
                        }
                        Err(e) => Notice::error(e),
                    });
                }
                Err(e) => notice = Some(Notice::error(fill(tr("preset {0}: {1}"), &[&id, &e]))),
            },
            None => {
                notice = Some(Notice::error(fill(
                    tr("There is no preset scenario called \"{0}\"."),
                    &[&id],
                )))
            }
        }
    }
    booted(engine, notice)
}
