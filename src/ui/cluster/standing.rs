//! Where each server stands in the configuration the cluster runs on (thesis chapter 4): a
//! voter, a learner (it receives the log but neither votes nor counts for a majority), or
//! outside (removed, or not added yet). During joint consensus (§4.3) a voter may be in C_old
//! only (leaving) or in C_new only (joining).

use crate::i18n::{fill, key, tr};
use crate::raft::describe_ids;
use crate::sim::state::{ConfigView, State};

/// The configuration the drawing shows: the leader's, else the newest any live server uses.
pub fn cluster_config(state: &State) -> Option<&ConfigView> {
    let leader = state
        .leader
        .and_then(|id| state.nodes.iter().find(|n| n.id == id));
    let newest = || {
        (state.nodes.iter().filter(|n| n.up))
            .max_by_key(|n| n.config.index)
            .map(|n| &n.config)
    };
    leader.map(|n| &n.config).or_else(newest)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Voter,
    /// In C_old only, during joint consensus: leaving.
    Leaving,
    /// In C_new only, during joint consensus: joining.
    Joining,
    Learner,
    Outside,
}

impl Standing {
    pub fn of(config: Option<&ConfigView>, id: u64) -> Standing {
        let Some(config) = config else {
            return Standing::Voter;
        };
        match &config.joint {
            Some(j) => match (j.old.contains(&id), j.new.contains(&id)) {
                (true, true) => return Standing::Voter,
                (true, false) => return Standing::Leaving,
                (false, true) => return Standing::Joining,
                (false, false) => {}
            },
            None if config.voters.contains(&id) => return Standing::Voter,
            None => {}
        }
        if config.learners.contains(&id) {
            Standing::Learner
        } else {
            Standing::Outside
        }
    }

    /// Its class on the drawing (none for a plain voter).
    pub fn class(self) -> Option<&'static str> {
        match self {
            Standing::Voter => None,
            Standing::Leaving => Some("leaving"),
            Standing::Joining => Some("joining"),
            Standing::Learner => Some("learner"),
            Standing::Outside => Some("outside"),
        }
    }

    /// What a screen reader adds to the server's name, in the page's language.
    pub fn words(self) -> &'static str {
        let words = match self {
            Standing::Voter => return "",
            Standing::Leaving => key(", leaving the configuration"),
            Standing::Joining => key(", joining the configuration"),
            Standing::Learner => key(", learner"),
            Standing::Outside => key(", not in the configuration"),
        };
        tr(words)
    }
}

/// The configuration in words, once it is not the cluster's first: "voters {1,2,3,4}, learners
/// {6} (entry 12)", or during joint consensus "joint: C_old {1,2,3} and C_new {1,2,6} (entry 12)".
pub fn config_caption(config: &ConfigView) -> Option<String> {
    if config.index == 0 {
        return None;
    }
    let mut words = match &config.joint {
        Some(j) => fill(
            tr("joint: C_old {0} and C_new {1}"),
            &[
                &describe_ids(j.old.iter().copied()),
                &describe_ids(j.new.iter().copied()),
            ],
        ),
        None => fill(
            tr("voters {0}"),
            &[&describe_ids(config.voters.iter().copied())],
        ),
    };
    if !config.learners.is_empty() {
        words.push_str(&fill(
            tr(", learners {0}"),
            &[&describe_ids(config.learners.iter().copied())],
        ));
    }
    Some(fill(tr("{0} (entry {1})"), &[&words, &config.index]))
}
