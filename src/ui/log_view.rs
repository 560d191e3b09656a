//! The logs side by side: one row per server, entries coloured by term, committed entries solid
//! and uncommitted ones hatched, the applied point marked, the leader's next/match index for
//! each follower, entries named by a safety violation outlined, and entries a follower had to
//! throw away (a conflicting suffix, §5.3) shown struck out for a moment.
//!
//! A node that compacted its log (§7) starts its row with a snapshot block (its last index and
//! term; a click shows what it holds) and the indexes it covers are drawn empty and faint. When a
//! snapshot grows, the entries it now covers fold into the block.

use crate::i18n::{fill, tr};
use crate::raft::node_map::NodeMap;
use crate::sim::state::{EntryRef, NodeState, State};
use litemap::LiteMap;
use yew::prelude::*;

/// How many log indexes are drawn at once (the newest, unless scrolled back).
pub const WINDOW: u64 = 48;
/// How long a truncated entry stays visible, in simulated ms.
const GHOST_MS: u64 = 1_500;
/// How many indexes that every server compacted away stay drawn before the first entry.
const COMPACTED_SHOWN: u64 = 2;
/// How long entries a new snapshot covers are drawn folding into it, in wall-clock ms (the
/// animation itself is CSS; this only has to outlast it).
const FOLD_MS: f64 = 1_200.0;

#[derive(Properties, PartialEq)]
pub struct LogViewProps {
    pub view: super::View,
    /// The last index shown when the person scrolled back; `None` follows the newest entries.
    pub anchor: Option<u64>,
    pub on_scroll: Callback<Option<u64>>,
    /// A click on a node's snapshot block (to show what it holds).
    pub on_snapshot: Callback<u64>,
}

/// An entry a node removed from its log: (index, term).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ghost {
    index: u64,
    term: u64,
    at_ms: u64,
}

/// Indexes a new snapshot covers, `after` (exclusive) to `to`, drawn folding into the block.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fold {
    after: u64,
    to: u64,
    at_wall_ms: f64,
}

impl Fold {
    fn covers(&self, index: u64) -> bool {
        self.after < index && index <= self.to
    }
}

/// What the log view remembers between renders to spot truncations and new snapshots.
#[derive(Default)]
struct Memory {
    time_ms: u64,
    logs: NodeMap<Vec<(u64, u64)>>,
    ghosts: NodeMap<Vec<Ghost>>,
    snapshots: LiteMap<u64, u64>,
    folds: LiteMap<u64, Fold>,
}

impl Memory {
    /// Compares each log with the last render's: entries that vanished or changed term were
    /// truncated. Going back in time (the timeline) is not a truncation: it starts afresh.
    ///
    /// Logs only grow at the end or lose a suffix, and two entries with the same index and term
    /// are preceded by identical logs (Log Matching), so only the tail past the last entry the two
    /// versions share needs a look: usually nothing at all.
    ///
    /// Entries a snapshot now covers were compacted, not truncated: they fold into the block.
    fn update(&mut self, state: &State, wall_ms: f64) {
        if state.time_ms < self.time_ms {
            *self = Memory::default();
        }
        for node in &state.nodes {
            let covered = node.snapshot.map_or(0, |s| s.index);
            if let Some(&before) = self.snapshots.get(&node.id) {
                if covered > before {
                    let fold = Fold {
                        after: before,
                        to: covered,
                        at_wall_ms: wall_ms,
                    };
                    self.folds.insert(node.id, fold);
                }
            }
            self.snapshots.insert(node.id, covered);
            if self
                .folds
                .get(&node.id)
                .is_some_and(|f| wall_ms - f.at_wall_ms > FOLD_MS)
            {
                self.folds.remove(&node.id);
            }
            let now: Vec<(u64, u64)> = node.log.iter().map(|e| (e.index, e.term)).collect();
            let ghosts = self.ghosts.get_or_default(node.id);
            if let Some(before) = self.logs.get(&node.id) {
                let shared = before
                    .iter()
                    .rev()
                    .find(|&&(index, term)| entry_at(&now, index) == Some(term))
                    .map_or(0, |&(index, _)| index);
                let first = now.first().map_or(1, |&(i, _)| i);
                for &(index, term) in before.iter().rev().take_while(|&&(i, _)| i > shared) {
                    if index >= first && index > covered {
                        ghosts.push(Ghost {
                            index,
                            term,
                            at_ms: state.time_ms,
                        });
                    }
                }
            }
            ghosts.retain(|g| state.time_ms.saturating_sub(g.at_ms) < GHOST_MS);
            self.logs.insert(node.id, now);
        }
        self.time_ms = state.time_ms;
    }
}

/// The term of the entry at `index` in a log of consecutive indexes.
fn entry_at(log: &[(u64, u64)], index: u64) -> Option<u64> {
    let first = log.first()?.0;
    let offset = usize::try_from(index.checked_sub(first)?).ok()?;
    log.get(offset).map(|&(_, term)| term)
}

#[component]
pub fn LogView(props: &LogViewProps) -> Html {
    let state: &State = &props.view.0;
    let memory = use_mut_ref(Memory::default);
    memory.borrow_mut().update(state, js_sys::Date::now());
    let memory = memory.borrow();
    let newest = state
        .nodes
        .iter()
        .map(|n| n.last_log_index)
        .chain(memory.ghosts.values().flatten().map(|g| g.index))
        .max()
        .unwrap_or(0);
    // The window follows the newest entries unless the person scrolled back to older ones.
    let last = props
        .anchor
        .map_or(newest, |a| a.clamp(WINDOW.min(newest), newest));
    let mut first = last.saturating_sub(WINDOW - 1).max(1);
    // Indexes every server compacted away tell nothing more: when following the newest, the
    // window starts just before the lowest snapshot (entries still folding stay in view).
    let floor = state
        .nodes
        .iter()
        .map(|n| n.snapshot.map_or(0, |s| s.index))
        .chain(memory.folds.values().map(|f| f.after))
        .min()
        .unwrap_or(0);
    if props.anchor.is_none() && floor > 0 {
        first = first
            .max((floor + 1).saturating_sub(COMPACTED_SHOWN))
            .min(last);
    }
    let on_scroll = {
        let cb = props.on_scroll.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u64>().ok())
            {
                cb.emit((v < newest).then_some(v));
            }
        })
    };
    let leader = state
        .leader
        .and_then(|id| state.nodes.iter().find(|n| n.id == id));
    let flagged: Vec<EntryRef> = state
        .invariants
        .violations
        .iter()
        .flat_map(|v| v.entries.iter().copied())
        .collect();
    let rows = state.nodes.iter().map(|n| {
        let ghosts = memory.ghosts.get(&n.id).map(Vec::as_slice).unwrap_or(&[]);
        let fold = memory.folds.get(&n.id).copied();
        let on_snapshot = props.on_snapshot.clone();
        let drawn = Row {
            first,
            last,
            ghosts,
            fold,
            flagged: &flagged,
        };
        drawn.html(n, leader, on_snapshot)
    });
    html! {
        <section class="panel logs" aria-label={tr("Logs")}>
            <header>
                <h2>{ tr("Logs") }</h2>
                <span class="hint">{ tr("solid: committed · hatched: not yet · ▾ applied · ▸ leader's next · ▴ match · struck out: truncated · ▣ snapshot") }</span>
            </header>
            if newest > WINDOW {
                <label class="log-window">
                    <span>{ fill(tr("entries {0}–{1} of {2}"), &[&first, &last, &newest]) }</span>
                    <input type="range" min={WINDOW.to_string()} max={newest.to_string()} value={last.to_string()}
                           aria-label={tr("Scroll the logs")} oninput={on_scroll} />
                </label>
            }
            <div class="log-scroll">
                <table class="log-grid">
                    <thead>
                        <tr>
                            <th scope="col">{ if first > 1 { format!("…{}", first - 1) } else { tr("server").to_string() } }</th>
                            <th scope="col" class="snap-head">{ tr("snapshot") }</th>
                            { for (first..=last).map(|i| html! { <th scope="col">{ i }</th> }) }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}

/// What a client write's cell shows under its term: the key and value ("x=1"), from the
/// entry's words ("put x=1 (C1#3)", sim/view.rs `entry_text`); nothing for other entries.
fn written(text: &str) -> &str {
    let write = text.strip_prefix("put ").unwrap_or_default();
    write.split(" (").next().unwrap_or(write)
}

fn marks(node: &NodeState, leader: Option<&NodeState>, index: u64) -> String {
    let mut marks = String::new();
    if index == node.last_applied {
        marks.push('▾');
    }
    let progress = leader
        .filter(|l| l.id != node.id)
        .and_then(|l| l.progress.iter().find(|p| p.peer == node.id));
    if let Some(p) = progress {
        if index == p.next_index {
            marks.push('▸');
        }
        if index == p.match_index {
            marks.push('▴');
        }
    }
    marks
}

/// One row's drawing parameters: the window, and what the memory holds for that node.
struct Row<'a> {
    first: u64,
    last: u64,
    ghosts: &'a [Ghost],
    fold: Option<Fold>,
    flagged: &'a [EntryRef],
}

impl Row<'_> {
    fn html(
        &self,
        node: &NodeState,
        leader: Option<&NodeState>,
        on_snapshot: Callback<u64>,
    ) -> Html {
        let covered = node.snapshot.map_or(0, |s| s.index);
        let cells = (self.first..=self.last).map(|index| {
            let entry = node
                .log
                .first()
                .and_then(|f| usize::try_from(index.checked_sub(f.index)?).ok())
                .and_then(|offset| node.log.get(offset));
            let ghost = self.ghosts.iter().rev().find(|g| g.index == index);
            let mut class = classes!("cell");
            let mut title = None;
            let body = match (entry, ghost) {
                (Some(e), _) => {
                    class.push(format!("entry t{}", e.term % 8));
                    class.push(if index <= node.commit_index {
                        "committed"
                    } else {
                        "uncommitted"
                    });
                    if self
                        .flagged
                        .iter()
                        .any(|f| f.index == e.index && f.term == e.term)
                    {
                        class.push("flagged");
                    }
                    if ghost.is_some() {
                        class.push("replaced");
                    }
                    if e.config {
                        class.push("config");
                    }
                    title = Some(fill(
                        tr("#{0} term {1}: {2}"),
                        &[&e.index, &e.term, &e.text],
                    ));
                    let write = written(&e.text);
                    html! {
                        <>
                            <span class="term">{ e.term }</span>
                            if !write.is_empty() { <span class="cmd">{ write }</span> }
                        </>
                    }
                }
                (None, Some(g)) => {
                    class.push(format!("entry truncated t{}", g.term % 8));
                    title = Some(fill(
                        tr("#{0} term {1}: removed (it conflicted with the leader's log)"),
                        &[&g.index, &g.term],
                    ));
                    html! { <span class="term">{ g.term }</span> }
                }
                (None, None) if index <= covered => {
                    class.push("compacted");
                    if self.fold.is_some_and(|f| f.covers(index)) {
                        class.push("folding");
                    }
                    title = Some(fill(
                        tr("#{0}: compacted into S{1}'s snapshot"),
                        &[&index, &node.id],
                    ));
                    html! {}
                }
                (None, None) => html! {},
            };
            let marks = marks(node, leader, index);
            html! {
                <td class={class} {title} data-index={index.to_string()}>
                    { body }
                    if !marks.is_empty() { <span class="marks">{ marks }</span> }
                </td>
            }
        });
        html! {
            <tr class={classes!(super::cluster::role_name(node))} data-log-node={node.id.to_string()}>
                <th scope="row">{ format!("S{}", node.id) }</th>
                <td class="snap">{ snapshot_block(node, self.fold.is_some(), on_snapshot) }</td>
                { for cells }
            </tr>
        }
    }
}

/// The block that stands for the entries a node compacted: its last index and term.
fn snapshot_block(node: &NodeState, grew: bool, on_snapshot: Callback<u64>) -> Html {
    let Some(snapshot) = node.snapshot else {
        return html! {};
    };
    let id = node.id;
    let onclick = Callback::from(move |_: MouseEvent| on_snapshot.emit(id));
    let class = classes!(
        "snapshot-block",
        format!("t{}", snapshot.term % 8),
        grew.then_some("grew")
    );
    let title = fill(
        tr("S{0}'s snapshot: the state machine after entries 1–{1} (term {2}), {3} bytes. Click to see what it holds."),
        &[&id, &snapshot.index, &snapshot.term, &snapshot.size],
    );
    html! {
        <button type="button" {class} {title} {onclick} data-snapshot-index={snapshot.index.to_string()}>
            <span aria-hidden="true">{ "▣" }</span>
            { format!("≤{}", snapshot.index) }
            <small>{ format!("t{}", snapshot.term) }</small>
        </button>
    }
}
