//! Where the diagram sits (issue 15, "its own layout option beside the ring"): below the ring,
//! in place of the logs, or beside it, the ring on the left and the diagram on the right
//! sharing the width, the logs back under them. The switch in the diagram's header chooses;
//! the choice is remembered in local storage, and `?layout=beside` (or `below`) chooses for one
//! visit. The layout itself is www/spacetime.css's, keyed on the panel's `data-layout`.
//!
//! Beside needs room: two drawings and the side column in one row. A window narrower than
//! [`ROOM_FOR_BESIDE`] (a 1024x768 projector, a tablet, a phone) or an embedded page
//! (`?embed`, whose frame shows the drawing alone) shows the diagram below, whatever was
//! chosen, and the switch says why; it goes beside again when the window widens.

use crate::i18n::{key, tr};
use gloo_events::EventListener;
use yew::prelude::*;

/// The windows with room for the diagram beside the ring (the switch's title quotes it). The
/// height is the one-screen layout's (www/style.css): under it the page scrolls and the
/// diagram goes below.
const ROOM_FOR_BESIDE: &str = "(min-width: 1100px) and (min-height: 560px)";
/// Where the choice is kept between visits.
const STORAGE_KEY: &str = "raftlab.spacetime-layout";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// Under the ring, in place of the logs.
    #[default]
    Below,
    /// Right of the ring, the logs under both.
    Beside,
}

impl Placement {
    /// Its name in `data-layout`, the address and local storage.
    pub fn name(self) -> &'static str {
        match self {
            Placement::Below => "below",
            Placement::Beside => "beside",
        }
    }

    fn from_name(name: &str) -> Option<Placement> {
        [Placement::Below, Placement::Beside]
            .into_iter()
            .find(|p| p.name() == name)
    }

    /// The address's `layout=`, else the choice remembered, else below.
    pub fn chosen() -> Placement {
        let window = web_sys::window();
        let search = window.as_ref().and_then(|w| w.location().search().ok());
        let asked = search.and_then(|s| {
            (s.trim_start_matches('?').split('&'))
                .find_map(|pair| pair.strip_prefix("layout="))
                .and_then(Placement::from_name)
        });
        let storage = window.and_then(|w| w.local_storage().ok().flatten());
        let remembered = || {
            let name = storage?.get_item(STORAGE_KEY).ok().flatten()?;
            Placement::from_name(&name)
        };
        asked.or_else(remembered).unwrap_or_default()
    }

    /// Keeps the choice for the next visit; storage that is missing or full only forgets it.
    pub fn remember(self) {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        if let Some(storage) = storage {
            let _ = storage.set_item(STORAGE_KEY, self.name());
        }
    }
}

/// Whether the window has room for the diagram beside the ring, now and as it is resized.
#[hook]
pub fn use_room_for_beside() -> bool {
    let query = use_memo((), |_| {
        let window = web_sys::window()?;
        let embedded = (window.document()?.query_selector(".app.embed").ok()?).is_some();
        (!embedded)
            .then(|| window.match_media(ROOM_FOR_BESIDE).ok().flatten())
            .flatten()
    });
    let room = use_state(|| query.as_ref().as_ref().is_some_and(|q| q.matches()));
    {
        let room = room.setter();
        use_effect_with(query, move |query| {
            let listener = query.as_ref().as_ref().map(|q| {
                let asked = q.clone();
                EventListener::new(q, "change", move |_| room.set(asked.matches()))
            });
            move || drop(listener)
        });
    }
    *room
}

/// The header's switch: two small pictures of the layouts, the chosen one pressed. Without
/// room for beside, the diagram is below whatever was chosen, and the switch's title says so.
pub fn switch(chosen: Placement, room: bool, on_place: &Callback<Placement>) -> Html {
    let fallback = (chosen == Placement::Beside && !room).then_some("no-room");
    let title = tr(match room {
        true => key("Where the diagram sits: under the ring, in place of the logs, or beside it"),
        false => key("No room beside the ring here (it needs a window 1100 px wide and 560 high, not embedded): shown below"),
    });
    let button = |to: Placement, label: &'static str, title: &'static str| {
        html! {
            <button type="button" class="icon" aria-pressed={(chosen == to).to_string()} aria-label={tr(label)} {title}
                data-action={format!("st-{}", to.name())} onclick={on_place.reform(move |_: MouseEvent| to)}>
                { picture(to) }
            </button>
        }
    };
    let beside_title = match room {
        true => tr("Beside the ring, the logs back under both"),
        false => title,
    };
    html! {
        <div class={classes!("st-layout", fallback)} role="group" aria-label={tr("Where the diagram sits")} {title}>
            { button(Placement::Below, key("Below the ring"), tr("Under the ring, in place of the logs")) }
            { button(Placement::Beside, key("Beside the ring"), beside_title) }
        </div>
    }
}

/// A window in small: the ring a circle, the diagram three lanes under it or right of it.
fn picture(placement: Placement) -> Html {
    let (cx, cy, lanes) = match placement {
        Placement::Below => ("8", "5.5", "M3.5 10.5h9M3.5 12.5h9M3.5 14.5h9"),
        Placement::Beside => ("5", "8", "M9.5 5h5M9.5 8h5M9.5 11h5"),
    };
    html! {
        <svg class="btn-icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="0.75" y="0.75" width="14.5" height="14.5" rx="2" />
            <circle {cx} {cy} r="2.6" />
            <path d={lanes} />
        </svg>
    }
}
