//! The Rules panel (issue 15, "The rules as they fire"): Figure 2 of the Raft paper, box by box,
//! then the extensions Raftlab implements, one line per rule; the rules that fired in the run's
//! newest change light up with the servers they fired on ("S3: term in the message is higher →
//! become follower §5.1"). In step mode (the page's → key) each
//! step's cause lights. The page is asked what happened a few times a second, through
//! `window.raftlab.state("light")`; [`super::fired`] finds what is new.

use super::fired::{Fired, Lit, Watch};
use super::page;
use super::panel::click;
use super::rule_words::{cite, heading, rule_short, rule_text};
use super::spacetime::replica;
use crate::i18n::{fill, tr, Lang};
use crate::raft::{Naming, Rule, RuleGroup};
use gloo_timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How often the page is asked what fired, in wall-clock ms: quick enough that each press of
/// the → key lights its own step.
const LOOK_EVERY_MS: u32 = 120;

#[derive(Properties, PartialEq)]
pub struct RulesPanelProps {
    /// The language spoken: the dialog renders again when it changes (`crate::i18n`).
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// "S1, S3" ("S1、S3" in Chinese: the catalogue's list separator, as the narration's).
fn servers(fired: &Fired) -> String {
    let names: Vec<String> = fired.servers.iter().map(|s| format!("S{s}")).collect();
    names.join(tr(", "))
}

/// "S3: term in the message is higher → become follower §5.1".
fn caption(fired: &Fired, naming: Naming) -> Html {
    let who = servers(fired);
    html! {
        <li data-fired={fired.rule.name()}>
            // "S3: " (a space after the colon in English, none after the Chinese full-width one).
            if !who.is_empty() { <b>{ fill(tr("{0}: "), &[&who]) }</b> }
            { rule_short(fired.rule, naming) }
            { " " }<cite>{ cite(fired.rule) }</cite>
        </li>
    }
}

fn rule_line(rule: Rule, lit: &Lit, naming: Naming) -> Html {
    let fired = lit.is_lit(rule);
    html! {
        <li data-rule={rule.name()} data-rule-active={fired.map(|_| "")}>
            if let Some(fired) = fired.filter(|f| !f.servers.is_empty()) {
                <b class="who">{ servers(fired) }</b>
            }
            <span>{ rule_text(rule, naming) }</span>
            { " " }<cite>{ cite(rule) }</cite>
        </li>
    }
}

fn group(group: RuleGroup, lit: &Lit, naming: Naming) -> Html {
    let rules = Rule::ALL.iter().filter(|r| r.group() == group);
    html! {
        // A box of its own, so that its heading sticks only while its rules are in view.
        <section data-rule-group={group.name()}>
            <h4>{ heading(group, naming) }</h4>
            <ul>{ for rules.map(|&r| rule_line(r, lit, naming)) }</ul>
        </section>
    }
}

/// Keeps the first lit rule in sight inside the panel's list (without scrolling the page): its
/// whole box from its heading when the box fits, else the rule just under the heading.
fn scroll_to_lit(list: &NodeRef) {
    use wasm_bindgen::JsCast;
    let Some(list) = list.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let lit = list.query_selector("[data-rule-active]").ok().flatten();
    let Some(lit) = lit.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let top_of = |el: &web_sys::HtmlElement| el.offset_top() - list.offset_top();
    let (top, bottom) = (top_of(&lit), top_of(&lit) + lit.offset_height());
    let (view, shown) = (list.scroll_top(), list.client_height());
    if top >= view && bottom <= view + shown {
        return;
    }
    let section = lit.closest("section").ok().flatten();
    let section = section.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let to = match section {
        Some(s) if top_of(&s) + shown >= bottom => top_of(&s),
        _ => top - shown / 4,
    };
    list.set_scroll_top(to.max(0));
}

#[component]
pub fn RulesPanel(props: &RulesPanelProps) -> Html {
    let lit = use_state(Lit::default);
    // The page's message names, asked with each look: Settings, `?names=` or a script may
    // change them at any time.
    let naming = use_state(Naming::default);
    let error = use_state(|| None::<String>);
    let list = use_node_ref();
    {
        let (lit, naming, error) = (lit.clone(), naming.clone(), error.clone());
        use_effect_with((), move |_| {
            let watch = Rc::new(RefCell::new(Watch::default()));
            // What was drawn last (a handle's own value stays the one of its render).
            let shown = Rc::new(RefCell::new((Lit::default(), Naming::default(), None)));
            let look = move || {
                let looked = replica::light_state().and_then(|state| {
                    let now = watch.borrow_mut().look(&state).clone();
                    Ok((now, page::naming()?))
                });
                let mut shown = shown.borrow_mut();
                match looked {
                    Ok((now, names)) => {
                        if shown.0 != now {
                            shown.0 = now.clone();
                            lit.set(now);
                        }
                        if shown.1 != names {
                            shown.1 = names;
                            naming.set(names);
                        }
                    }
                    Err(e) if shown.2.as_ref() != Some(&e) => {
                        shown.2 = Some(e.clone());
                        error.set(Some(e));
                    }
                    Err(_) => {}
                }
            };
            look();
            let interval = Interval::new(LOOK_EVERY_MS, look);
            move || drop(interval)
        });
    }
    {
        let list = list.clone();
        let key: Vec<Rule> = lit.fired.iter().map(|f| f.rule).collect();
        use_effect_with(key, move |_| scroll_to_lit(&list));
    }
    let naming = *naming;
    let when = if lit.fired.is_empty() {
        tr("Nothing has fired yet. Pause and press → to step one event at a time.").to_string()
    } else {
        let at = match lit.from_ms {
            from if from < lit.at_ms => format!("{from}–{} ms", lit.at_ms),
            _ => format!("{} ms", lit.at_ms),
        };
        match lit.at_ms == lit.now_ms {
            true => fill(tr("Fired at {0}:"), &[&at]),
            false => fill(
                tr("Fired at {0} (nothing since; now {1} ms):"),
                &[&at, &lit.now_ms],
            ),
        }
    };
    let (figure, extensions): (Vec<RuleGroup>, Vec<RuleGroup>) =
        RuleGroup::ALL.iter().partition(|g| g.in_figure_2());
    html! {
        <section class="panel rules" data-view="rules" aria-label={tr("The rules of Raft as they fire")}>
            <header>
                <h2>{ tr("Rules as they fire") }</h2>
                <button class="icon close" aria-label={tr("Close the rules")} title={tr("Close (r)")} onclick={click(&props.on_close)}>{ "×" }</button>
            </header>
            <div class="fired" role="status">
                <p class="when">{ when }</p>
                <ul>{ for lit.fired.iter().map(|f| caption(f, naming)) }</ul>
            </div>
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
            <div class="rule-list" ref={list} tabindex="0" aria-label={tr("Figure 2 and the extensions")}>
                <h3>{ tr("Figure 2 of the paper") }</h3>
                { for figure.into_iter().map(|g| group(g, &lit, naming)) }
                <h3>{ tr("Extensions in Raftlab") }</h3>
                { for extensions.into_iter().map(|g| group(g, &lit, naming)) }
            </div>
        </section>
    }
}
