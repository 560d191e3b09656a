//! A violation is found once and shown for the rest of the run: after the page switches
//! language, the safety panel (fed by the state JSON) must show it in the new language, its
//! message and the event after which it was found alike.

use raftlab::i18n::{install, set_lang, Lang};
use raftlab::sim::scenario::{presets::presets, run_scenario, RunOptions, Scenario};
use raftlab::sim::state::ViolationState;

fn install_chinese() {
    if raftlab::i18n::installed() {
        return;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/i18n/zh.json");
    let json = std::fs::read_to_string(path).expect("www/i18n/zh.json");
    assert!(install(&json), "the catalogue is a JSON object");
}

/// The first violation of `property` in the preset's run, as the state JSON shows it in English
/// and then in Chinese. The run found it while the page spoke `found_in`: in English, before the
/// Chinese catalogue was installed (a page in English downloads it only when Chinese is chosen).
fn shown_in_both(preset: &str, property: &str, found_in: Lang) -> (ViolationState, ViolationState) {
    if found_in == Lang::Zh {
        install_chinese();
    }
    set_lang(found_in);
    let source = (presets().iter().find(|p| p.id == preset))
        .unwrap_or_else(|| panic!("no preset {preset}"))
        .source;
    let scenario = Scenario::parse(source).expect("presets parse");
    let (sim, _) = run_scenario(&scenario, RunOptions::default(), &mut |_| {}).expect("it runs");
    install_chinese();
    let first = |lang| {
        set_lang(lang);
        let state = sim.state();
        (state.invariants.violations.into_iter())
            .find(|v| v.property == property)
            .unwrap_or_else(|| panic!("{preset} violates {property}"))
    };
    let shown = (first(Lang::En), first(Lang::Zh));
    set_lang(Lang::En);
    shown
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn a_violation_found_in_english_reads_in_chinese_after_a_switch() {
    let (en, zh) = shown_in_both(
        "election-restriction-quirk",
        "Leader Completeness",
        Lang::En,
    );
    assert!(en.message.contains("lacks entry"), "{}", en.message);
    assert!(
        !has_chinese(&en.message) && !has_chinese(&en.event),
        "{en:?}"
    );
    assert!(has_chinese(&zh.message), "{}", zh.message);
    assert!(has_chinese(&zh.event), "{}", zh.event);
    // The same violation: the same servers, entries and time, the same values in the words.
    assert_eq!(
        (en.time_ms, &en.nodes, &en.entries),
        (zh.time_ms, &zh.nodes, &zh.entries)
    );
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    assert_eq!(
        digits(&en.message),
        digits(&zh.message),
        "{} / {}",
        en.message,
        zh.message
    );
}

#[test]
fn a_violation_found_in_chinese_reads_in_english_after_a_switch() {
    let (en, zh) = shown_in_both("stale-local-read", "Linearizability", Lang::Zh);
    assert!(en.message.contains("not linearizable"), "{}", en.message);
    assert!(en.event.contains("get x"), "{}", en.event);
    assert!(
        !has_chinese(&en.message) && !has_chinese(&en.event),
        "{en:?}"
    );
    assert!(has_chinese(&zh.message) && has_chinese(&zh.event), "{zh:?}");
}
