//! The narration: a bounded list of recent events in plain words, with their sim time.
//!
//! Core events, commands and what the simulator tells are kept as values and put into words only
//! when a view is built: a run that nobody watches (bench, chaos) pays no formatting cost per
//! event, and the words are in the language the page speaks when it shows them.

use super::command::Command;
use super::error::SimError;
use super::history::Operation;
use super::state::Narration;
use crate::i18n::{fill, tr};
#[cfg(feature = "replica")]
use crate::raft::Rule;
use crate::raft::{learned_commit, Event, Naming};
use std::collections::VecDeque;

/// How many events the narration keeps.
pub const NARRATION_LEN: usize = 200;

#[derive(Debug, Clone)]
enum Said {
    Core(Event),
    /// Followers that learned from `leader` that the entries up to `index` are committed
    /// (the first one's `rule`: from AppendEntries, or from a snapshot).
    Learned {
        leader: u64,
        index: u64,
        who: Vec<u64>,
        #[cfg(feature = "replica")]
        rule: Rule,
    },
    Command(Box<Command>),
    Told(Told),
}

/// What the simulator itself tells (not a server's core, not a command), as values.
#[derive(Debug, Clone)]
pub enum Told {
    /// A cluster of `nodes` servers starts.
    ClusterStarts { nodes: u64 },
    /// Server `node` answers a client: the operation as the history has it now.
    Answer { node: u64, op: Box<Operation> },
    /// A client got no answer from server `silent` and sends its request to `node` instead.
    Retry { client: u64, silent: u64, node: u64 },
    /// A scheduled command (`command`, its name) no longer fitted when its time came.
    Skipped {
        command: &'static str,
        reason: SimError,
    },
}

impl Told {
    /// In plain words.
    pub fn describe(&self) -> String {
        match self {
            Told::ClusterStarts { nodes } => fill(tr("a cluster of {0} servers starts"), &[nodes]),
            Told::Answer { node, op } => fill(tr("S{0} answers: {1}"), &[node, &op.describe()]),
            Told::Retry {
                client,
                silent,
                node,
            } => fill(
                tr("client {0} got no answer from S{1} and retries at S{2}"),
                &[client, silent, node],
            ),
            Told::Skipped { command, reason } => fill(
                tr("scheduled command skipped ({0}): {1}"),
                &[command, reason],
            ),
        }
    }
}

#[derive(Debug, Clone)]
struct Line {
    time_ms: u64,
    node: Option<u64>,
    said: Said,
}

#[derive(Debug, Clone, Default)]
pub struct Narrator {
    lines: VecDeque<Line>,
    /// Lines told since the run began (the list keeps the last [`NARRATION_LEN`]).
    told: u64,
}

impl Narrator {
    fn push(&mut self, line: Line) {
        if self.lines.len() == NARRATION_LEN {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
        self.told += 1;
    }

    /// How many lines were told since the run began: the newest `told() - n` of the list are
    /// the ones told since the count was `n`.
    pub fn told(&self) -> u64 {
        self.told
    }

    /// A state change reported by a node's core. Followers that learn the same commit index
    /// from the same leader within [`GROUP_MS`] of each other share one line ("S3, S4 and S1
    /// learn from S2 that the entries up to index 13 are committed"): one line per server would
    /// bury what matters. The line grows as they learn; [`Narrator::told`] counts lines, so a
    /// follower joining a line is not counted again.
    pub fn core(&mut self, time_ms: u64, event: Event) {
        if let Some((leader, index)) = event.learned_commit() {
            let node = event.node();
            if let Some(last) = self.lines.back_mut() {
                if let Said::Learned {
                    leader: l,
                    index: i,
                    who,
                    ..
                } = &mut last.said
                {
                    let same = (*l, *i) == (leader, index);
                    if same && time_ms.saturating_sub(last.time_ms) <= GROUP_MS {
                        who.push(node);
                        return;
                    }
                }
            }
            let said = Said::Learned {
                leader,
                index,
                who: vec![node],
                #[cfg(feature = "replica")]
                rule: event.rule(),
            };
            self.push(Line {
                time_ms,
                node: Some(node),
                said,
            });
            return;
        }
        self.push(Line {
            time_ms,
            node: Some(event.node()),
            said: Said::Core(event),
        });
    }

    /// A command, told in its own words.
    pub fn command(&mut self, time_ms: u64, node: Option<u64>, command: &Command) {
        self.push(Line {
            time_ms,
            node,
            said: Said::Command(Box::new(command.clone())),
        });
    }

    /// What the simulator tells ("a cluster of 5 servers starts", a client's answer).
    pub fn say(&mut self, time_ms: u64, node: Option<u64>, told: Told) {
        self.push(Line {
            time_ms,
            node,
            said: Said::Told(told),
        });
    }

    /// Oldest first, in the words of `naming`.
    pub fn view(&self, naming: Naming) -> Vec<Narration> {
        self.lines.iter().map(|l| l.view(naming)).collect()
    }

    /// The lines told since the count was `told`, oldest first (at most the kept ones), in the
    /// paper's words.
    pub fn view_since(&self, told: u64) -> Vec<Narration> {
        let new = self.told.saturating_sub(told).min(self.lines.len() as u64) as usize;
        let kept = self.lines.iter().skip(self.lines.len() - new);
        kept.map(|l| l.view(Naming::Paper)).collect()
    }
}

impl Line {
    fn view(&self, naming: Naming) -> Narration {
        let text = match &self.said {
            Said::Core(e) => e.describe_in(naming),
            Said::Learned {
                leader, index, who, ..
            } => learned_commit(who, *leader, *index),
            Said::Command(c) => c.describe(),
            Said::Told(t) => t.describe(),
        };
        Narration {
            time_ms: self.time_ms,
            node: self.node,
            text,
            #[cfg(feature = "replica")]
            rule: self.rule(),
        }
    }

    /// The rule of Raft behind the line: a server's state change has one; what the simulator
    /// tells (a crash, a command) has none.
    #[cfg(feature = "replica")]
    fn rule(&self) -> Option<Rule> {
        match &self.said {
            Said::Core(e) => Some(e.rule()),
            Said::Learned { rule, .. } => Some(*rule),
            Said::Command(_) | Said::Told(_) => None,
        }
    }
}

/// How far apart in time followers' lessons of one commit index are still told as one line.
pub const GROUP_MS: u64 = 50;
