//! The settings dialog: cluster size, timeouts, latency, PreVote, CheckQuorum, log compaction,
//! and the teaching quirks in a section marked unsafe. Applying restarts the cluster with the new configuration.
//! The message names (the paper's or etcd's) apply at once and are remembered in local storage,
//! where www/on-demand.js reads them when the page opens; so does the language (www/i18n.js).

use crate::i18n::{fill, tr, Lang};
use crate::raft::Naming;
use crate::sim::config::{Quirks, SimConfig};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub config: SimConfig,
    pub on_apply: Callback<SimConfig>,
    pub naming: Naming,
    pub on_naming: Callback<Naming>,
    /// The language spoken (the dialog renders again when it changes) and its switch.
    pub lang: Lang,
    pub on_lang: Callback<Lang>,
    pub on_close: Callback<()>,
}

/// Where the choice of message names is kept (www/on-demand.js reads the same key).
const NAMES_KEY: &str = "raftlab.names";

/// Keeps the choice for the next visit; storage that is missing or full only forgets it.
pub fn remember_naming(naming: Naming) {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if let Some(storage) = storage {
        let _ = storage.set_item(NAMES_KEY, naming.name());
    }
}

/// "Language: English / 中文" and "Message names: Raft paper / etcd": view settings, applied
/// at once.
fn view_choices(
    lang: Lang,
    on_lang: &Callback<Lang>,
    naming: Naming,
    on_naming: &Callback<Naming>,
) -> Html {
    let choice = |to: Naming, label: &'static str| {
        let on = to == naming;
        html! {
            <button type="button" role="radio" aria-checked={on.to_string()} class={classes!(on.then_some("on"))}
                    data-names={to.name()} onclick={on_naming.reform(move |_: MouseEvent| to)}>{ label }</button>
        }
    };
    // Each language is named in itself, in either language.
    let language = |to: Lang, label: &'static str| {
        let on = to == lang;
        html! {
            <button type="button" role="radio" aria-checked={on.to_string()} class={classes!(on.then_some("on"))}
                    lang={to.code()} data-lang={to.code()} onclick={on_lang.reform(move |_: MouseEvent| to)}>{ label }</button>
        }
    };
    html! {
        <fieldset>
            <legend>{ tr("View") }</legend>
            <span id="lang-label">{ tr("Language") }</span>
            <div class="segmented" role="radiogroup" aria-labelledby="lang-label" data-setting="lang">
                { language(Lang::En, "English") }
                { language(Lang::Zh, "中文") }
            </div>
            <span id="names-label">{ tr("Message names") }</span>
            <div class="segmented" role="radiogroup" aria-labelledby="names-label" data-setting="names">
                { choice(Naming::Paper, tr("Raft paper")) }
                { choice(Naming::Etcd, "etcd") }
            </div>
            <small>{ tr("etcd's raftpb names (MsgApp, MsgVote, …) in the legend, cards, narration and rules; applies at once") }</small>
        </fieldset>
    }
}

fn number_input(
    draft: &UseStateHandle<SimConfig>,
    set: fn(&mut SimConfig, u64),
) -> Callback<InputEvent> {
    let draft = draft.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(v) = e
            .target_dyn_into::<HtmlInputElement>()
            .and_then(|i| i.value().trim().parse::<u64>().ok())
        {
            let mut next = (*draft).clone();
            set(&mut next, v);
            draft.set(next);
        }
    })
}

fn checkbox(
    draft: &UseStateHandle<SimConfig>,
    set: impl Fn(&mut SimConfig, bool) + 'static,
) -> Callback<Event> {
    let draft = draft.clone();
    Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            let mut next = (*draft).clone();
            set(&mut next, input.checked());
            draft.set(next);
        }
    })
}

#[component]
pub fn Settings(props: &SettingsProps) -> Html {
    let draft = use_state(|| props.config.clone());
    // The names apply at once (the page is told on each click); the dialog shows the last one.
    let naming = use_state(|| props.naming);
    let on_naming = {
        let (naming, cb) = (naming.clone(), props.on_naming.clone());
        Callback::from(move |n: Naming| {
            naming.set(n);
            cb.emit(n);
        })
    };
    let c = (*draft).clone();
    let apply = {
        let (draft, cb) = (draft.clone(), props.on_apply.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit((*draft).clone());
        })
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let sizes = [3u64, 5, 7];
    html! {
        // The dialog holds the form: a form cannot take the dialog role.
        <section class="dialog settings" role="dialog" aria-modal="true" aria-label={tr("Settings")} tabindex="-1" data-focus-in="">
        <form onsubmit={apply}>
            <header>
                <h2>{ tr("Settings") }</h2>
                <button type="button" class="icon close" aria-label={tr("Close")} onclick={close.clone()}>{ "×" }</button>
            </header>
            <fieldset>
                <legend>{ tr("Cluster") }</legend>
                <div class="segmented" role="radiogroup" aria-label={tr("Servers")}>
                    { for sizes.iter().map(|&n| {
                        let draft = draft.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let mut next = (*draft).clone();
                            next.nodes = n;
                            draft.set(next);
                        });
                        html! {
                            <button type="button" role="radio" aria-checked={(c.nodes == n).to_string()}
                                    class={classes!((c.nodes == n).then_some("on"))} {onclick}>
                                { fill(tr("{0} servers"), &[&n]) }
                            </button>
                        }
                    }) }
                </div>
                <label>{ tr("Seed") }
                    <input type="number" min="0" value={c.seed.to_string()}
                        oninput={number_input(&draft, |c, v| c.seed = v)} /></label>
            </fieldset>
            <fieldset>
                <legend>{ tr("Timing (ms)") }</legend>
                <label>{ tr("Election timeout, at least") }
                    <input type="number" min="10" value={c.election_ms[0].to_string()}
                        oninput={number_input(&draft, |c, v| c.election_ms = [v, v.saturating_mul(2)])} />
                    <small>{ fill(tr("drawn in [{0}, {1})"), &[&c.election_ms[0], &c.election_ms[1]]) }</small></label>
                <label>{ tr("Heartbeat every") }
                    <input type="number" min="1" value={c.heartbeat_ms.to_string()}
                        oninput={number_input(&draft, |c, v| c.heartbeat_ms = v)} /></label>
                <label>{ tr("Latency from") }
                    <input type="number" min="0" value={c.latency_ms[0].to_string()}
                        oninput={number_input(&draft, |c, v| c.latency_ms[0] = v)} /></label>
                <label>{ tr("to") }
                    <input type="number" min="0" value={c.latency_ms[1].to_string()}
                        oninput={number_input(&draft, |c, v| c.latency_ms[1] = v)} /></label>
            </fieldset>
            <fieldset>
                <legend>{ tr("Protocol") }</legend>
                <label class="check"><input type="checkbox" checked={c.prevote}
                    onchange={checkbox(&draft, |c, v| c.prevote = v)} />
                    { tr("PreVote (§9.6): a rejoining server cannot disrupt the cluster") }</label>
                <label class="check"><input type="checkbox" checked={c.check_quorum}
                    onchange={checkbox(&draft, |c, v| c.check_quorum = v)} />
                    { tr("CheckQuorum: a leader that loses its majority steps down") }</label>
            </fieldset>
            <fieldset>
                <legend>{ tr("Log compaction (§7)") }</legend>
                <label>{ tr("Snapshot every") }
                    <input type="number" min="0" max="100000" value={c.snapshot_every.to_string()} data-setting="snapshot_every"
                        oninput={number_input(&draft, |c, v| c.snapshot_every = v)} />
                    <small>{ tr("applied entries (0: never)") }</small></label>
                <label>{ tr("Send snapshots in chunks of") }
                    <input type="number" min="1" max="1048576" value={c.snapshot_chunk.to_string()} data-setting="snapshot_chunk"
                        oninput={number_input(&draft, |c, v| c.snapshot_chunk = v)} />
                    <small>{ tr("bytes") }</small></label>
            </fieldset>
            { view_choices(props.lang, &props.on_lang, *naming, &on_naming) }
            <fieldset class="unsafe">
                <legend>{ tr("⚠ Unsafe teaching quirks — each breaks one rule of Raft") }</legend>
                { for Quirks::ALL.iter().map(|&quirk| html! {
                    <label class="check"><input type="checkbox" checked={quirk.is_on(&c.quirks)}
                        onchange={checkbox(&draft, move |c, v| quirk.switch(&mut c.quirks, v))} />
                        // The labels are src/raft's (tests/i18n_catalogue.rs reads them there).
                        { tr(quirk.label) }</label>
                }) }
            </fieldset>
            <footer>
                <button type="button" onclick={close}>{ tr("Cancel") }</button>
                <button type="submit" class="primary" data-action="apply-settings">{ tr("Restart with these settings") }</button>
            </footer>
        </form>
        </section>
    }
}
