//! Events in plain words: the narration's sentences, kept apart from what the events are
//! (event.rs), as message_text.rs is for messages.

use super::event::{CampaignCause, Event, FollowerCause, TransferEnd};
use super::membership::ConfigChange;
use super::message::MessageKind;
use super::message_text::refusal_text;
use super::naming::Naming;
use super::types::{server_name as s, LogIndex, NodeId, Term};

impl Event {
    /// One line in plain words, with the paper's names.
    pub fn describe(&self) -> String {
        self.describe_in(Naming::Paper)
    }

    /// One line in plain words; with etcd's names, the messages a change sends are named too
    /// ("asks the others for votes (MsgVote)").
    pub fn describe_in(&self, naming: Naming) -> String {
        let tag = |kind| naming.tag(kind);
        match self {
            Event::Compacted { node, index, term } => format!(
                "{} compacts its log up to index {index} (term {term}): a snapshot of its state machine replaces those entries",
                s(*node)
            ),
            Event::SnapshotSent { node, to, index, term, bytes, attempt: 1 } => format!(
                "{} is too far behind: {} sends it a snapshot{} up to index {index} (term {term}), {bytes} bytes",
                s(*to),
                s(*node),
                tag(MessageKind::InstallSnapshot)
            ),
            Event::SnapshotSent { node, to, index, attempt, .. } => format!(
                "{} has not answered: {} sends its snapshot{} up to index {index} again (attempt {attempt}), and goes on until it answers",
                s(*to),
                s(*node),
                tag(MessageKind::InstallSnapshot)
            ),
            Event::SnapshotInstalled { node, leader, index, term, kept_entries } => format!(
                "{} installs {}'s snapshot up to index {index} (term {term}){}",
                s(*node),
                s(*leader),
                if *kept_entries { " and keeps the entries after it" } else { " in place of its log" }
            ),
            Event::BecameFollower { node, term, leader, cause } => describe_follower(*node, *term, *leader, *cause),
            Event::BecamePreCandidate { node, term, cause } => format!(
                "{}: it becomes a pre-candidate and asks the others{} whether they would vote for it in term {term}, without raising its term",
                campaign_opening(*node, *cause, naming),
                tag(MessageKind::PreVote)
            ),
            Event::BecameCandidate { node, term, cause, .. } => format!(
                "{}: it becomes a candidate for term {term} and asks the others for votes{}",
                campaign_opening(*node, *cause, naming),
                tag(MessageKind::RequestVote)
            ),
            Event::BecameLeader { node, term, votes } => {
                let v: Vec<String> = votes.iter().map(|&n| s(n)).collect();
                format!(
                    "{} wins the election for term {term} with votes from {} and becomes leader; it appends a no-op entry{}",
                    s(*node),
                    v.join(", "),
                    sent_to_followers(naming)
                )
            }
            Event::LeaderKnown { node, term, leader } => {
                format!("{} now follows {} in term {term}", s(*node), s(*leader))
            }
            Event::Voted { node, candidate, term } => format!(
                "{} votes for {} in term {term} and records its vote{}",
                s(*node),
                s(*candidate),
                tag(MessageKind::RequestVoteReply)
            ),
            Event::VoteRefused { node, candidate, term, reason } => format!(
                "{} refuses its vote to {} for term {term}{}{}",
                s(*node),
                s(*candidate),
                tag(MessageKind::RequestVoteReply),
                refusal_text(Some(*reason))
            ),
            Event::VoteRequestIgnored { node, candidate, term, leader } => format!(
                "{} ignores {}'s vote request for term {term}: it heard from leader {} less than an election timeout ago",
                s(*node),
                s(*candidate),
                s(*leader)
            ),
            Event::VoteRequestIgnoredAfterRestart {
                node,
                candidate,
                term,
            } => format!(
                "{} ignores {}'s vote request for term {term}: it restarted less than an election timeout ago, and a leader's lease may still count on it",
                s(*node),
                s(*candidate)
            ),
            Event::TimeoutIgnored { node, term } => {
                format!("{} is the leader of term {term}; it has no election timer to fire", s(*node))
            }
            Event::TimeoutDeferred { node, term, wait_ms, leader } => {
                let why = match leader {
                    Some(l) => format!(
                        "it heard from leader {} less than an election timeout ago, and {}'s lease counts on it not helping elect anyone, itself included, until then",
                        s(*l),
                        s(*l)
                    ),
                    None => "it restarted less than an election timeout ago, and a leader's lease may count on an acknowledgement it gave before crashing".to_string(),
                };
                format!(
                    "{}'s election timer will fire in {wait_ms} ms, not now (term {term}): with CheckQuorum, {why} (§6.4.1)",
                    s(*node)
                )
            }
            Event::Proposed { node, index, term } => format!(
                "{} appends a client command at index {index} (term {term}){}",
                s(*node),
                sent_to_followers(naming)
            ),
            Event::CommitAdvanced { node, from, to, told_by: None, .. } => format!(
                "{} advances its commit index from {from} to {to}: a majority of the servers store the entries",
                s(*node)
            ),
            Event::CommitAdvanced { node, to, told_by: Some(leader), .. } => {
                learned_commit(&s(*node), *leader, *to)
            }
            Event::EntriesTruncated { node, from, count } => format!(
                "{} discards {count} conflicting entr{} from index {from} to match the leader's log",
                s(*node),
                if *count == 1 { "y" } else { "ies" }
            ),
            Event::CommittedEntryOverwritten { node, index, old_term, new_term } => format!(
                "SAFETY VIOLATION: {} overwrites its COMMITTED entry {index} (term {old_term}) with one of term {new_term}",
                s(*node)
            ),
            Event::TransferStarted { node, target } => format!(
                "{} starts handing leadership to {}: it stops taking proposals and brings {} up to date",
                s(*node),
                s(*target),
                s(*target)
            ),
            Event::TransferAbandoned { node, target, reason } => match reason {
                TransferEnd::TimedOut => format!(
                    "{} abandons the transfer to {}: it did not take over within an election timeout; proposals resume",
                    s(*node),
                    s(*target)
                ),
                TransferEnd::LeaderSteppedDown => {
                    format!("{}'s transfer to {} ends: {} is no longer leader", s(*node), s(*target), s(*node))
                }
            },
            Event::ConfigChangeProposed { .. }
            | Event::ConfigAdopted { .. }
            | Event::ConfigReverted { .. }
            | Event::ConfigCommitted { .. }
            | Event::JointLeaving { .. }
            | Event::NotAVoter { .. } => describe_config_event(self),
            Event::LeaseFallback { node, id, reason } => {
                format!("{} cannot serve lease read #{id} from its lease ({}); it confirms with ReadIndex", s(*node), reason.describe())
            }
            Event::ReadServed { node, id, mode, read_index } => format!(
                "{} serves {} read #{id} at index {read_index}",
                s(*node),
                mode.describe()
            ),
            Event::ReadFailed { node, id, error } => format!("{}'s read #{id} fails: {error}", s(*node)),
        }
    }
}

fn campaign_opening(node: NodeId, cause: CampaignCause, naming: Naming) -> String {
    match cause {
        CampaignCause::ElectionTimeout => format!("{}'s election timer fired", s(node)),
        CampaignCause::Forced => format!("{}'s election timer was fired by hand", s(node)),
        CampaignCause::PreVoteWon => format!("A majority would vote for {}", s(node)),
        CampaignCause::TimeoutNow { from } => format!(
            "{} asked {} to take over{}",
            s(from),
            s(node),
            naming.tag(MessageKind::TimeoutNow)
        ),
    }
}

/// What the leader does with a new entry, in etcd's names only (the paper's sentence leaves it
/// implied).
fn sent_to_followers(naming: Naming) -> &'static str {
    match naming {
        Naming::Paper => "",
        Naming::Etcd => " and sends it to its followers (MsgApp)",
    }
}

fn describe_follower(
    node: NodeId,
    term: Term,
    leader: Option<NodeId>,
    cause: FollowerCause,
) -> String {
    let n = s(node);
    match cause {
        FollowerCause::Started => format!("{n} starts as a follower in term {term}"),
        FollowerCause::HigherTerm { from } if leader == Some(from) => {
            format!(
                "{n} hears from {}, the leader of term {term}, and becomes its follower",
                s(from)
            )
        }
        FollowerCause::HigherTerm { from } => {
            format!(
                "{n} sees term {term} from {} and becomes a follower in that term",
                s(from)
            )
        }
        FollowerCause::LeaderFound { leader } => {
            format!(
                "{n} hears from {}, the leader of term {term}, and becomes its follower",
                s(leader)
            )
        }
        FollowerCause::ElectionLost => {
            format!("{n} loses the election for term {term} and becomes a follower")
        }
        FollowerCause::PreVoteLost => {
            format!("{n} would not win an election (pre-votes refused) and goes back to being a follower in term {term}")
        }
        FollowerCause::CheckQuorum => {
            format!("{n} has not heard from a majority for an election timeout: it steps down to follower in term {term}")
        }
        FollowerCause::RemovedFromConfig { index } => format!(
            "{n} is no longer in the configuration (committed at index {index}) and steps down in term {term} (§4.2.2)"
        ),
    }
}

/// The membership events (§4) in words.
fn describe_config_event(event: &Event) -> String {
    let which = |index: LogIndex| match index {
        0 => "the bootstrap configuration".to_string(),
        i => format!("the configuration of index {i}"),
    };
    match event {
        Event::ConfigChangeProposed { node, index, term, entry, before_own_term_commit } => {
            let what = match entry.change {
                ConfigChange::AddVoter(id) => format!("adding {}", s(id)),
                ConfigChange::AddLearner(id) => format!("adding {} as a learner", s(id)),
                ConfigChange::Promote(id) => format!("promoting {} to voter", s(id)),
                ConfigChange::Remove(id) => format!("removing {}", s(id)),
                ConfigChange::ChangeVoters(_) | ConfigChange::LeaveJoint => {
                    format!("a new configuration: {}", entry.describe())
                }
            };
            let joint = match entry.membership.outgoing {
                Some(old) => format!(
                    "; through C_old,new, decisions need a majority of {} and of {}",
                    old.describe(),
                    entry.membership.voters.describe()
                ),
                None => String::new(),
            };
            let early = if *before_own_term_commit {
                " before committing an entry of its own term: the quirk skips the fix Ongaro posted to raft-dev in 2015"
            } else {
                ""
            };
            format!("{} proposes {what} (index {index}, term {term}){early}{joint}", s(*node))
        }
        Event::ConfigAdopted { node, index, membership } => format!(
            "{} now uses {}, committed or not (§4.1): {}",
            s(*node),
            which(*index),
            membership.describe()
        ),
        Event::ConfigReverted { node, index, membership, discarded } => format!(
            "{} discarded its configuration entry {discarded} and goes back to {}: {}",
            s(*node),
            which(*index),
            membership.describe()
        ),
        Event::ConfigCommitted { node, index, membership } => match membership.outgoing {
            Some(old) => format!(
                "C_old,new (index {index}) is committed on {}: until C_new is, decisions need a majority of {} and of {}",
                s(*node),
                old.describe(),
                membership.voters.describe()
            ),
            None => format!(
                "{} commits the configuration of index {index}: {}",
                s(*node),
                membership.describe()
            ),
        },
        Event::JointLeaving { node, index, voters } => format!(
            "{} appends C_new (voters {}) at index {index} to leave the joint configuration (§4.3)",
            s(*node),
            voters.describe()
        ),
        Event::NotAVoter { node, term, learner: true } => format!(
            "{} is a learner in term {term}: it receives the log but does not vote or campaign",
            s(*node)
        ),
        Event::NotAVoter { node, term, .. } => format!(
            "{} is not a voter of its configuration in term {term}: it does not campaign",
            s(*node)
        ),
        _ => String::new(),
    }
}

/// "S3 learns from S2 that the entries up to index 13 are committed" (or "S3, S4 and S1 learn
/// ..." for `who` naming several followers).
pub fn learned_commit(who: &str, leader: NodeId, index: LogIndex) -> String {
    let verb = if who.contains(' ') { "learn" } else { "learns" };
    format!(
        "{who} {verb} from {} that the entries up to index {index} are committed",
        s(leader)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::event::LeaseUnusable;
    use crate::raft::membership::{ConfigEntry, Membership};
    use crate::raft::node_set::NodeSet;
    use crate::raft::types::ReadMode;

    #[test]
    fn election_timer_narration() {
        let e = Event::BecameCandidate {
            node: 2,
            term: 4,
            cause: CampaignCause::ElectionTimeout,
            again: false,
        };
        assert_eq!(
            e.describe(),
            "S2's election timer fired: it becomes a candidate for term 4 and asks the others for votes"
        );
        assert_eq!(e.node(), 2);
    }

    /// Reference: §5.1 (step down on any higher term). When the message with the higher term
    /// came from the leader of that term, the node follows it at once, and the narration says so;
    /// from anyone else (a candidate, say) it only learns the term.
    #[test]
    fn a_higher_term_from_its_leader_reads_apart_from_one_from_another_server() {
        let stepped_down = |leader| Event::BecameFollower {
            node: 2,
            term: 5,
            leader,
            cause: FollowerCause::HigherTerm { from: 1 },
        };
        assert_eq!(
            stepped_down(Some(1)).describe(),
            "S2 hears from S1, the leader of term 5, and becomes its follower"
        );
        assert_eq!(
            stepped_down(None).describe(),
            "S2 sees term 5 from S1 and becomes a follower in that term"
        );
    }

    /// Reference: §6.4. The narration names how a served read was made linearizable (or not).
    #[test]
    fn a_served_read_names_its_read_mode() {
        let served = |mode| Event::ReadServed {
            node: 1,
            id: 3,
            mode,
            read_index: 7,
        };
        assert_eq!(
            served(ReadMode::ReadIndex).describe(),
            "S1 serves ReadIndex read #3 at index 7"
        );
        assert_eq!(
            served(ReadMode::Local).describe(),
            "S1 serves local read #3 at index 7"
        );
    }

    /// Reference: thesis §4.1-§4.3. The narration says what a configuration change does and
    /// which majorities decide in the joint phase.
    #[test]
    fn membership_events_in_plain_words() {
        let set = |ids: &[NodeId]| ids.iter().copied().collect::<NodeSet>();
        let joint = Membership {
            voters: set(&[1, 2, 6]),
            outgoing: Some(set(&[1, 2, 3])),
            learners: NodeSet::new(),
        };
        let proposed = Event::ConfigChangeProposed {
            node: 1,
            index: 12,
            term: 3,
            entry: ConfigEntry {
                change: ConfigChange::AddVoter(6),
                membership: Membership::with_voters(set(&[1, 2, 3, 6])),
            },
            before_own_term_commit: false,
        };
        assert_eq!(
            proposed.describe(),
            "S1 proposes adding S6 (index 12, term 3)"
        );
        let committed = Event::ConfigCommitted {
            node: 1,
            index: 12,
            membership: joint,
        };
        assert_eq!(
            committed.describe(),
            "C_old,new (index 12) is committed on S1: until C_new is, decisions need a majority of {1,2,3} and of {1,2,6}"
        );
        let removed = Event::BecameFollower {
            node: 1,
            term: 3,
            leader: None,
            cause: FollowerCause::RemovedFromConfig { index: 14 },
        };
        assert_eq!(
            removed.describe(),
            "S1 is no longer in the configuration (committed at index 14) and steps down in term 3 (§4.2.2)"
        );
        let reverted = Event::ConfigReverted {
            node: 3,
            index: 0,
            membership: Membership::with_voters(set(&[1, 2, 3])),
            discarded: 12,
        };
        assert_eq!(
            reverted.describe(),
            "S3 discarded its configuration entry 12 and goes back to the bootstrap configuration: voters {1,2,3}"
        );
        let learner = Event::NotAVoter {
            node: 7,
            term: 3,
            learner: true,
        };
        assert_eq!(
            learner.describe(),
            "S7 is a learner in term 3: it receives the log but does not vote or campaign"
        );
    }

    /// Reference: thesis §4.1 and Ongaro's fix (raft-dev, July 2015). A change proposed before
    /// the leader committed an entry of its own term (only the quirk
    /// `config_change_without_own_term_commit` allows it) says so, from the event's own field.
    #[test]
    fn a_change_proposed_before_an_own_term_commit_names_the_skipped_fix() {
        let set = |ids: &[NodeId]| ids.iter().copied().collect::<NodeSet>();
        let proposed = |before_own_term_commit| Event::ConfigChangeProposed {
            node: 2,
            index: 3,
            term: 2,
            entry: ConfigEntry {
                change: ConfigChange::AddVoter(6),
                membership: Membership::with_voters(set(&[1, 2, 3, 4, 6])),
            },
            before_own_term_commit,
        };
        assert_eq!(
            proposed(true).describe(),
            "S2 proposes adding S6 (index 3, term 2) before committing an entry of its own term: \
             the quirk skips the fix Ongaro posted to raft-dev in 2015"
        );
        assert_eq!(
            proposed(false).describe(),
            "S2 proposes adding S6 (index 3, term 2)"
        );
    }

    /// Reference: §6.4.1. The narration says why a lease read fell back to ReadIndex.
    #[test]
    fn a_lease_fallback_says_why_the_lease_cannot_be_used() {
        let fallback = |reason| Event::LeaseFallback {
            node: 1,
            id: 7,
            reason,
        };
        assert_eq!(
            fallback(LeaseUnusable::NoCheckQuorum).describe(),
            "S1 cannot serve lease read #7 from its lease (CheckQuorum is off, so followers may \
             elect a new leader at any time); it confirms with ReadIndex"
        );
        assert_eq!(
            fallback(LeaseUnusable::Expired).describe(),
            "S1 cannot serve lease read #7 from its lease (its lease has expired); it confirms \
             with ReadIndex"
        );
    }
}
