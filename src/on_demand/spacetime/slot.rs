//! Whether the diagram is shown, and where: it draws in the page's `#spacetime-slot`, below
//! the ring or beside it ([`Placement`]).

use super::placement::Placement;
use super::SpacetimePanel;
use crate::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

/// The page's Space-time button and the d key toggle the diagram, `?view=spacetime` opens it;
/// the switch in its header places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Diagram {
    pub open: bool,
    pub placement: Placement,
}

impl Diagram {
    /// Closed, placed as the address or the last visit chose.
    pub fn new() -> Diagram {
        Diagram {
            open: false,
            placement: Placement::chosen(),
        }
    }
}

pub enum DiagramAction {
    Toggle,
    Open,
    Close,
    Place(Placement),
}

impl Reducible for Diagram {
    type Action = DiagramAction;

    fn reduce(self: Rc<Diagram>, action: DiagramAction) -> Rc<Diagram> {
        let mut d = *self;
        match action {
            DiagramAction::Toggle => d.open = !d.open,
            DiagramAction::Open => d.open = true,
            DiagramAction::Close => d.open = false,
            DiagramAction::Place(placement) => d.placement = placement,
        }
        Rc::new(d)
    }
}

#[derive(Properties, PartialEq)]
pub struct SlotProps {
    /// The language spoken, passed on to the panel (`crate::i18n`).
    pub lang: Lang,
    pub open: bool,
    pub placement: Placement,
    pub on_place: Callback<Placement>,
    pub on_close: Callback<()>,
}

/// The diagram in the page's slot while it is open, and the page's button pressed.
#[component]
pub fn SpacetimeSlot(props: &SlotProps) -> Html {
    let open = props.open;
    use_effect_with(open, |&open| {
        let button = (web_sys::window().and_then(|w| w.document())).and_then(|d| {
            d.query_selector("[data-action=\"spacetime\"]")
                .ok()
                .flatten()
        });
        if let Some(button) = button {
            let _ = button.set_attribute("aria-pressed", if open { "true" } else { "false" });
        }
    });
    let slot = (web_sys::window().and_then(|w| w.document()))
        .and_then(|d| d.get_element_by_id("spacetime-slot"));
    match slot.filter(|_| open) {
        Some(slot) => create_portal(
            html! {
                <SpacetimePanel lang={props.lang} placement={props.placement} on_place={props.on_place.clone()}
                    on_close={props.on_close.clone()} />
            },
            slot,
        ),
        None => Html::default(),
    }
}
