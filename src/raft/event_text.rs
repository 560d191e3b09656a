//! Events in plain words: the narration's sentences, kept apart from what the events are
//! (event.rs), as message_text.rs is for messages.
//!
//! Each sentence is one template in English, the catalogue's key (`tr`), with numbered places
//! for the event's values (`fill`), so that the Chinese can order them as Chinese does: a
//! sentence that differs by a clause is two templates, not a sentence and a piece.

use super::event::{CampaignCause, Event, FollowerCause, LeaseUnusable, TransferEnd};
use super::membership::ConfigChange;
use super::message::MessageKind;
use super::message_text::refusal_text;
use super::naming::Naming;
use super::types::{server_name as s, LogIndex, NodeId, ReadMode, Term};
use crate::i18n::{fill, tr};

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
            Event::Compacted { node, index, term } => fill(
                tr("{0} compacts its log up to index {1} (term {2}): a snapshot of its state machine replaces those entries"),
                &[&s(*node), index, term],
            ),
            Event::SnapshotSent { node, to, index, term, bytes, attempt: 1 } => fill(
                tr("{0} is too far behind: {1} sends it a snapshot{2} up to index {3} (term {4}), {5} bytes"),
                &[&s(*to), &s(*node), &tag(MessageKind::InstallSnapshot), index, term, bytes],
            ),
            Event::SnapshotSent { node, to, index, attempt, .. } => fill(
                tr("{0} has not answered: {1} sends its snapshot{2} up to index {3} again (attempt {4}), and goes on until it answers"),
                &[&s(*to), &s(*node), &tag(MessageKind::InstallSnapshot), index, attempt],
            ),
            Event::SnapshotInstalled { node, leader, index, term, kept_entries } => {
                let text = match *kept_entries {
                    true => tr("{0} installs {1}'s snapshot up to index {2} (term {3}) and keeps the entries after it"),
                    false => tr("{0} installs {1}'s snapshot up to index {2} (term {3}) in place of its log"),
                };
                fill(text, &[&s(*node), &s(*leader), index, term])
            }
            Event::BecameFollower { node, term, leader, cause } => describe_follower(*node, *term, *leader, *cause),
            Event::BecamePreCandidate { node, term, cause } => fill(
                tr("{0}: it becomes a pre-candidate and asks the others{1} whether they would vote for it in term {2}, without raising its term"),
                &[&campaign_opening(*node, *cause, naming), &tag(MessageKind::PreVote), term],
            ),
            Event::BecameCandidate { node, term, cause, .. } => fill(
                tr("{0}: it becomes a candidate for term {1} and asks the others for votes{2}"),
                &[&campaign_opening(*node, *cause, naming), term, &tag(MessageKind::RequestVote)],
            ),
            Event::BecameLeader { node, term, votes } => {
                let v: Vec<String> = votes.iter().map(|&n| s(n)).collect();
                fill(
                    tr("{0} wins the election for term {1} with votes from {2} and becomes leader; it appends a no-op entry{3}"),
                    &[&s(*node), term, &v.join(tr(", ")), &sent_to_followers(naming)],
                )
            }
            Event::LeaderKnown { node, term, leader } => {
                fill(tr("{0} now follows {1} in term {2}"), &[&s(*node), &s(*leader), term])
            }
            Event::Voted { node, candidate, term } => fill(
                tr("{0} votes for {1} in term {2} and records its vote{3}"),
                &[&s(*node), &s(*candidate), term, &tag(MessageKind::RequestVoteReply)],
            ),
            Event::VoteRefused { node, candidate, term, reason } => fill(
                tr("{0} refuses its vote to {1} for term {2}{3}{4}"),
                &[&s(*node), &s(*candidate), term, &tag(MessageKind::RequestVoteReply), &refusal_text(Some(*reason))],
            ),
            Event::VoteRequestIgnored { node, candidate, term, leader } => fill(
                tr("{0} ignores {1}'s vote request for term {2}: it heard from leader {3} less than an election timeout ago"),
                &[&s(*node), &s(*candidate), term, &s(*leader)],
            ),
            Event::VoteRequestIgnoredAfterRestart { node, candidate, term } => fill(
                tr("{0} ignores {1}'s vote request for term {2}: it restarted less than an election timeout ago, and a leader's lease may still count on it"),
                &[&s(*node), &s(*candidate), term],
            ),
            Event::TimeoutIgnored { node, term } => {
                fill(tr("{0} is the leader of term {1}; it has no election timer to fire"), &[&s(*node), term])
            }
            // §6.4.1: the condition first, as Chinese puts it, so each case is a whole sentence.
            Event::TimeoutDeferred { node, term, wait_ms, leader: Some(l) } => fill(
                tr("{0}'s election timer will fire in {1} ms, not now (term {2}): with CheckQuorum, it heard from leader {3} less than an election timeout ago, and {3}'s lease counts on it not helping elect anyone, itself included, until then (§6.4.1)"),
                &[&s(*node), wait_ms, term, &s(*l)],
            ),
            Event::TimeoutDeferred { node, term, wait_ms, leader: None } => fill(
                tr("{0}'s election timer will fire in {1} ms, not now (term {2}): with CheckQuorum, it restarted less than an election timeout ago, and a leader's lease may count on an acknowledgement it gave before crashing (§6.4.1)"),
                &[&s(*node), wait_ms, term],
            ),
            Event::Proposed { node, index, term } => fill(
                tr("{0} appends a client command at index {1} (term {2}){3}"),
                &[&s(*node), index, term, &sent_to_followers(naming)],
            ),
            Event::CommitAdvanced { node, from, to, told_by: None, .. } => fill(
                tr("{0} advances its commit index from {1} to {2}: a majority of the servers store the entries"),
                &[&s(*node), from, to],
            ),
            Event::CommitAdvanced { node, to, told_by: Some(leader), .. } => learned_commit(&[*node], *leader, *to),
            Event::EntriesTruncated { node, from, count } => {
                let text = match *count {
                    1 => tr("{0} discards {1} conflicting entry from index {2} to match the leader's log"),
                    _ => tr("{0} discards {1} conflicting entries from index {2} to match the leader's log"),
                };
                fill(text, &[&s(*node), count, from])
            }
            Event::CommittedEntryOverwritten { node, index, old_term, new_term } => fill(
                tr("SAFETY VIOLATION: {0} overwrites its COMMITTED entry {1} (term {2}) with one of term {3}"),
                &[&s(*node), index, old_term, new_term],
            ),
            Event::TransferStarted { node, target } => fill(
                tr("{0} starts handing leadership to {1}: it stops taking proposals and brings {1} up to date"),
                &[&s(*node), &s(*target)],
            ),
            Event::TransferAbandoned { node, target, reason } => {
                let text = match reason {
                    TransferEnd::TimedOut => tr("{0} abandons the transfer to {1}: it did not take over within an election timeout; proposals resume"),
                    TransferEnd::LeaderSteppedDown => tr("{0}'s transfer to {1} ends: {0} is no longer leader"),
                };
                fill(text, &[&s(*node), &s(*target)])
            }
            Event::ConfigChangeProposed { .. }
            | Event::ConfigAdopted { .. }
            | Event::ConfigReverted { .. }
            | Event::ConfigCommitted { .. }
            | Event::JointLeaving { .. }
            | Event::NotAVoter { .. } => describe_config_event(self),
            Event::LeaseFallback { node, id, reason } => fill(
                tr("{0} cannot serve lease read #{1} from its lease ({2}); it confirms with ReadIndex"),
                &[&s(*node), id, &lease_unusable(*reason)],
            ),
            Event::ReadServed { node, id, mode, read_index } => {
                let text = match mode {
                    ReadMode::ReadIndex => tr("{0} serves ReadIndex read #{1} at index {2}"),
                    ReadMode::Follower => tr("{0} serves follower read #{1} at index {2}"),
                    ReadMode::Lease => tr("{0} serves lease read #{1} at index {2}"),
                    ReadMode::Local => tr("{0} serves local read #{1} at index {2}"),
                };
                fill(text, &[&s(*node), id, read_index])
            }
            Event::ReadFailed { node, id, error } => {
                fill(tr("{0}'s read #{1} fails: {2}"), &[&s(*node), id, error])
            }
        }
    }
}

/// What made a server campaign, as the first half of the sentence.
fn campaign_opening(node: NodeId, cause: CampaignCause, naming: Naming) -> String {
    match cause {
        CampaignCause::ElectionTimeout => fill(tr("{0}'s election timer fired"), &[&s(node)]),
        CampaignCause::Forced => fill(tr("{0}'s election timer was fired by hand"), &[&s(node)]),
        CampaignCause::PreVoteWon => fill(tr("A majority would vote for {0}"), &[&s(node)]),
        CampaignCause::TimeoutNow { from } => fill(
            tr("{0} asked {1} to take over{2}"),
            &[&s(from), &s(node), &naming.tag(MessageKind::TimeoutNow)],
        ),
    }
}

/// What the leader does with a new entry, in etcd's names only (the paper's sentence leaves it
/// implied).
fn sent_to_followers(naming: Naming) -> &'static str {
    match naming {
        Naming::Paper => "",
        Naming::Etcd => tr(" and sends it to its followers (MsgApp)"),
    }
}

/// Why a leader cannot serve a lease read from its lease (§6.4.1).
fn lease_unusable(reason: LeaseUnusable) -> &'static str {
    match reason {
        LeaseUnusable::NoCheckQuorum => {
            tr("CheckQuorum is off, so followers may elect a new leader at any time")
        }
        LeaseUnusable::HandedOver => tr("it handed leadership over in this term"),
        LeaseUnusable::NothingCommittedInTerm => {
            tr("it has not yet committed an entry of its term")
        }
        LeaseUnusable::Expired => tr("its lease has expired"),
    }
}

fn describe_follower(
    node: NodeId,
    term: Term,
    leader: Option<NodeId>,
    cause: FollowerCause,
) -> String {
    let n = s(node);
    let follows = |leader| {
        fill(
            tr("{0} hears from {1}, the leader of term {2}, and becomes its follower"),
            &[&n, &s(leader), &term],
        )
    };
    match cause {
        FollowerCause::Started => fill(tr("{0} starts as a follower in term {1}"), &[&n, &term]),
        FollowerCause::HigherTerm { from } if leader == Some(from) => follows(from),
        FollowerCause::HigherTerm { from } => fill(
            tr("{0} sees term {1} from {2} and becomes a follower in that term"),
            &[&n, &term, &s(from)],
        ),
        FollowerCause::LeaderFound { leader } => follows(leader),
        FollowerCause::ElectionLost => fill(
            tr("{0} loses the election for term {1} and becomes a follower"),
            &[&n, &term],
        ),
        FollowerCause::PreVoteLost => fill(
            tr("{0} would not win an election (pre-votes refused) and goes back to being a follower in term {1}"),
            &[&n, &term],
        ),
        FollowerCause::CheckQuorum => fill(
            tr("{0} has not heard from a majority for an election timeout: it steps down to follower in term {1}"),
            &[&n, &term],
        ),
        FollowerCause::RemovedFromConfig { index } => fill(
            tr("{0} is no longer in the configuration (committed at index {1}) and steps down in term {2} (§4.2.2)"),
            &[&n, &index, &term],
        ),
    }
}

/// The membership events (§4) in words.
fn describe_config_event(event: &Event) -> String {
    let which = |index: LogIndex| match index {
        0 => tr("the bootstrap configuration").to_string(),
        i => fill(tr("the configuration of index {0}"), &[&i]),
    };
    match event {
        Event::ConfigChangeProposed { node, index, term, entry, before_own_term_commit } => {
            let what = match entry.change {
                ConfigChange::AddVoter(id) => fill(tr("adding {0}"), &[&s(id)]),
                ConfigChange::AddLearner(id) => fill(tr("adding {0} as a learner"), &[&s(id)]),
                ConfigChange::Promote(id) => fill(tr("promoting {0} to voter"), &[&s(id)]),
                ConfigChange::Remove(id) => fill(tr("removing {0}"), &[&s(id)]),
                ConfigChange::ChangeVoters(_) | ConfigChange::LeaveJoint => {
                    fill(tr("a new configuration: {0}"), &[&entry.describe()])
                }
            };
            let joint = match entry.membership.outgoing {
                Some(old) => fill(
                    tr("; through C_old,new, decisions need a majority of {0} and of {1}"),
                    &[&old.describe(), &entry.membership.voters.describe()],
                ),
                None => String::new(),
            };
            let text = match *before_own_term_commit {
                true => tr("{0} proposes {1} (index {2}, term {3}) before committing an entry of its own term: the quirk skips the fix Ongaro posted to raft-dev in 2015{4}"),
                false => tr("{0} proposes {1} (index {2}, term {3}){4}"),
            };
            fill(text, &[&s(*node), &what, index, term, &joint])
        }
        Event::ConfigAdopted { node, index, membership } => fill(
            tr("{0} now uses {1}, committed or not (§4.1): {2}"),
            &[&s(*node), &which(*index), &membership.describe()],
        ),
        Event::ConfigReverted { node, index, membership, discarded } => fill(
            tr("{0} discarded its configuration entry {1} and goes back to {2}: {3}"),
            &[&s(*node), discarded, &which(*index), &membership.describe()],
        ),
        Event::ConfigCommitted { node, index, membership } => match membership.outgoing {
            Some(old) => fill(
                tr("C_old,new (index {0}) is committed on {1}: until C_new is, decisions need a majority of {2} and of {3}"),
                &[index, &s(*node), &old.describe(), &membership.voters.describe()],
            ),
            None => fill(
                tr("{0} commits the configuration of index {1}: {2}"),
                &[&s(*node), index, &membership.describe()],
            ),
        },
        Event::JointLeaving { node, index, voters } => fill(
            tr("{0} appends C_new (voters {1}) at index {2} to leave the joint configuration (§4.3)"),
            &[&s(*node), &voters.describe(), index],
        ),
        Event::NotAVoter { node, term, learner: true } => fill(
            tr("{0} is a learner in term {1}: it receives the log but does not vote or campaign"),
            &[&s(*node), term],
        ),
        Event::NotAVoter { node, term, .. } => fill(
            tr("{0} is not a voter of its configuration in term {1}: it does not campaign"),
            &[&s(*node), term],
        ),
        _ => String::new(),
    }
}

/// "S3 learns from S2 that the entries up to index 13 are committed" (or "S3, S4 and S1 learn
/// ..." for several followers).
pub fn learned_commit(who: &[NodeId], leader: NodeId, index: LogIndex) -> String {
    let text = match who.len() {
        1 => tr("{0} learns from {1} that the entries up to index {2} are committed"),
        _ => tr("{0} learn from {1} that the entries up to index {2} are committed"),
    };
    fill(text, &[&server_list(who), &s(leader), &index])
}

/// "S3", "S3 and S4", "S3, S4 and S1".
pub fn server_list(ids: &[NodeId]) -> String {
    let names: Vec<String> = ids.iter().map(|&id| s(id)).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            fill(tr("{0} and {1}"), &[&rest.join(tr(", ")), last])
        }
        _ => names.concat(),
    }
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
