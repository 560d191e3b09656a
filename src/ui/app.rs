use yew::prelude::*;

const NODES: u64 = 5;

#[component]
pub fn App() -> Html {
    html! {
        <main class="app">
            <h1>{ "Raftlab" }</h1>
            <svg class="cluster" viewBox="-100 -100 200 200" role="img" aria-label="cluster">
                { for (1..=NODES).map(node) }
            </svg>
        </main>
    }
}

fn node(id: u64) -> Html {
    let angle = std::f64::consts::TAU * (id - 1) as f64 / NODES as f64 - std::f64::consts::FRAC_PI_2;
    let (x, y) = (70.0 * angle.cos(), 70.0 * angle.sin());
    html! {
        <g class="node" data-node-id={id.to_string()} transform={format!("translate({x:.1} {y:.1})")}>
            <circle r="16" />
            <text text-anchor="middle" dy="0.35em">{ format!("S{id}") }</text>
        </g>
    }
}
