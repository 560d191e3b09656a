//! The observers: everything that watches the run without changing it — the invariant
//! checker, the narration, the trace hash, the statistics and the space-time records. The world feeds them one record
//! per step: what the step was ([`Step`]) and the servers after it.

use super::checker::{Checker, LogView, NodeObservation};
use super::clock::Clock;
use super::config::MAX_NODES;
use super::fingerprint::entry_fingerprint;
use super::narration::Narrator;
use super::servers::{Life, NodeId, Servers};
use super::spacetime::record::Recorder;
use super::state::Stats;
use super::trace::TraceHash;
use crate::i18n::{fill, tr, Localized};
use crate::raft::{self, Event, MessageKind, Role};

/// The current step in words, written out on demand: deliveries and timers (nearly every step)
/// are kept as data and written out only if a violation names them; other steps write their
/// text into a reused buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Step {
    Receive {
        id: u64,
        kind: MessageKind,
        from: NodeId,
        to: NodeId,
    },
    Lost {
        id: u64,
        kind: MessageKind,
        from: NodeId,
        to: NodeId,
    },
    Timer(NodeId),
    /// A client sends its request to server `node`.
    ClientSend {
        client: u64,
        node: NodeId,
    },
    /// A client got no answer from `silent` and sends its request to `node` instead.
    ClientRetry {
        client: u64,
        silent: NodeId,
        node: NodeId,
    },
    /// Described by the observers' text buffer.
    #[default]
    Text,
}

/// A step and the text buffer it may refer to, in words when a violation names it.
struct StepText<'a>(Step, &'a str);

impl std::fmt::Display for StepText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self.0 {
            Step::Receive { id, kind, from, to } => fill(
                tr("S{0} receives message {1} ({2}) from S{3}"),
                &[&to, &id, &kind, &from],
            ),
            Step::Lost { id, kind, from, to } => fill(
                tr("message {0} ({1}) S{2}->S{3} lost"),
                &[&id, &kind, &from, &to],
            ),
            Step::Timer(id) => fill(tr("S{0}'s timer fires"), &[&id]),
            Step::ClientSend { client, node } => fill(
                tr("client {0} sends its request to S{1}"),
                &[&client, &node],
            ),
            Step::ClientRetry {
                client,
                silent,
                node,
            } => fill(
                tr("client {0} got no answer from S{1} and retries at S{2}"),
                &[&client, &silent, &node],
            ),
            Step::Text => return f.write_str(self.1),
        };
        f.write_str(&text)
    }
}

/// What kind of step the trace hash records, with the step's time (`now << 8 | tag`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TraceTag {
    Deliver = 1,
    Timer = 2,
    Command = 3,
    ClientTimeout = 4,
    ClientSend = 5,
}

#[derive(Debug, Clone)]
pub(crate) struct Observers {
    pub checker: Checker,
    pub narrator: Narrator,
    pub stats: Stats,
    pub trace: TraceHash,
    /// Notes what the space-time diagram draws (sim/spacetime).
    pub spacetime: Recorder,
    /// The highest commit index seen anywhere (to count each committed index once).
    max_commit: u64,
    step: Step,
    text: String,
}

impl Observers {
    pub fn new() -> Observers {
        Observers {
            checker: Checker::new(),
            narrator: Narrator::default(),
            stats: Stats::default(),
            trace: TraceHash::default(),
            spacetime: Recorder::default(),
            max_commit: 0,
            step: Step::Text,
            text: String::new(),
        }
    }

    /// A step begins: the trace records its kind and time.
    pub fn trace_step(&mut self, now: u64, tag: TraceTag) {
        self.trace.u64(now << 8 | tag as u64);
    }

    /// What the current step is (a delivery, a loss, a timer).
    pub fn set_step(&mut self, step: Step) {
        self.step = step;
    }

    /// The current step in words already written (kept, not copied).
    pub fn set_step_string(&mut self, text: String) {
        self.step = Step::Text;
        self.text = text;
    }

    /// A core event of a server: counted and told, unless it only repeats itself.
    pub fn core_event(&mut self, now: u64, event: Event) {
        if matches!(event, Event::BecameCandidate { .. }) {
            self.stats.elections += 1;
        }
        if !event.repeats_itself() {
            self.narrator.core(now, event);
        }
    }

    /// A server's commit index after a step: new indexes count as commits once.
    pub fn commit_index(&mut self, commit: u64) {
        if commit > self.max_commit {
            self.stats.commits += commit - self.max_commit;
            self.max_commit = commit;
        }
    }

    /// A step ended (the `steps`-th): let the checker look at every server.
    pub fn end_step(&mut self, now: u64, steps: u64, servers: &Servers) {
        self.stats.events = steps;
        let servers = servers.as_slice();
        // On the stack, not in a Vec: this runs after every event.
        let logs: [CoreLog<'_>; MAX_NODES as usize] =
            std::array::from_fn(|i| CoreLog(servers.get(i).map(|s| &s.persistent().log)));
        let observations: [NodeObservation<'_>; MAX_NODES as usize] = std::array::from_fn(|i| {
            let log = &logs[i];
            match servers.get(i).map(|s| (s.id, &s.life)) {
                Some((id, Life::Up(n))) => NodeObservation {
                    id,
                    up: true,
                    role: n.role(),
                    current_term: n.current_term(),
                    commit_index: n.commit_index(),
                    last_applied: n.last_applied(),
                    lease_until: lease_until(&servers[i].clock, now, n),
                    config: Some(*n.conf_state()),
                    log,
                },
                Some((id, Life::Down(p))) => NodeObservation {
                    id,
                    up: false,
                    role: Role::Follower,
                    current_term: p.current_term,
                    commit_index: 0,
                    last_applied: 0,
                    lease_until: None,
                    config: None,
                    log,
                },
                // Slots past the cluster's size; never shown to the checker.
                None => NodeObservation {
                    id: 0,
                    up: false,
                    role: Role::Follower,
                    current_term: 0,
                    commit_index: 0,
                    last_applied: 0,
                    lease_until: None,
                    config: None,
                    log,
                },
            }
        });
        let (step, text) = (self.step, &self.text);
        let event = || {
            let text = text.clone();
            Localized::new(move || StepText(step, &text).to_string())
        };
        (self.checker).observe_event(now, &event, &observations[..servers.len()]);
    }
}

/// Until when (simulated time) a leader's lease holds, if it holds one now: the lease runs on
/// the leader's own clock.
fn lease_until(clock: &Clock, now: u64, node: &raft::Node) -> Option<u64> {
    let expiry = node.lease_expiry()?;
    (clock.local(now) < expiry).then(|| clock.global_at(expiry, now))
}

/// The core's log as the checker reads it (`None`: an empty slot past the cluster's size).
struct CoreLog<'a>(Option<&'a raft::Log>);

impl LogView for CoreLog<'_> {
    fn first_index(&self) -> u64 {
        self.0.map_or(1, |l| l.first_index())
    }

    fn last_index(&self) -> u64 {
        self.0.map_or(0, |l| l.last_index())
    }

    fn entry_at(&self, index: u64) -> Option<(u64, u64)> {
        let entry = self.0?.entry(index)?;
        Some((entry.term, entry_fingerprint(&entry.data)))
    }

    fn revision(&self) -> Option<u64> {
        self.0.map(|l| l.revision())
    }

    fn lowest_truncation_since(&self, seen: u64) -> Option<u64> {
        self.0.map_or(Some(0), |l| l.lowest_truncation_since(seen))
    }
}
