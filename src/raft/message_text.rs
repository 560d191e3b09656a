//! Messages in plain words, for the narration, the message cards and the CLI: one line per
//! message ("S3 grants its vote to S1 for term 4"), and entry ranges ("entries 5..7 (term 3)").

use super::log::Entry;
use super::message::{
    AppendEntries, AppendEntriesReply, InstallSnapshot, Message, MessageBody, PreVote, ReadIndex,
    ReadIndexReply, RequestVote, VoteRefusal, VoteReply,
};
use super::types::server_name as s;
use crate::i18n::{fill, tr};

impl Message {
    /// One line in plain words, e.g. "S3 grants its vote to S1 for term 4".
    pub fn describe(&self) -> String {
        let (from, to, term) = (s(self.from), s(self.to), self.term);
        match &self.body {
            MessageBody::PreVote(PreVote { last_log_index, last_log_term }) => fill(
                tr("{0} asks {1} for a pre-vote for term {2} (its log ends at {3}/{4})"),
                &[&from, &to, &term, last_log_index, last_log_term],
            ),
            MessageBody::PreVoteReply(VoteReply { granted: true, .. }) => {
                fill(tr("{0} grants a pre-vote to {1} for term {2}"), &[&from, &to, &term])
            }
            MessageBody::PreVoteReply(VoteReply { granted: false, refusal }) => fill(
                tr("{0} refuses a pre-vote to {1} (term {2}){3}"),
                &[&from, &to, &term, &refusal_text(*refusal)],
            ),
            MessageBody::RequestVote(RequestVote { last_log_index, last_log_term, leadership_transfer }) => {
                let text = match leadership_transfer {
                    true => tr("{0} asks {1} for its vote for term {2} (its log ends at {3}/{4}), to take over leadership"),
                    false => tr("{0} asks {1} for its vote for term {2} (its log ends at {3}/{4})"),
                };
                fill(text, &[&from, &to, &term, last_log_index, last_log_term])
            }
            MessageBody::RequestVoteReply(VoteReply { granted: true, .. }) => {
                fill(tr("{0} grants its vote to {1} for term {2}"), &[&from, &to, &term])
            }
            MessageBody::RequestVoteReply(VoteReply { granted: false, refusal }) => fill(
                tr("{0} refuses its vote to {1} for term {2}{3}"),
                &[&from, &to, &term, &refusal_text(*refusal)],
            ),
            MessageBody::AppendEntries(AppendEntries { prev_log_index, prev_log_term, entries, leader_commit, .. }) => {
                if entries.is_empty() {
                    fill(
                        tr("{0} sends a heartbeat to {1} (term {2}): prev {3}/{4}, commit {5}"),
                        &[&from, &to, &term, prev_log_index, prev_log_term, leader_commit],
                    )
                } else {
                    fill(
                        tr("{0} sends AppendEntries to {1}: {2}, prev {3}/{4}, commit {5}"),
                        &[&from, &to, &describe_entries(entries), prev_log_index, prev_log_term, leader_commit],
                    )
                }
            }
            MessageBody::AppendEntriesReply(AppendEntriesReply { success: true, match_index, .. }) => fill(
                tr("{0} accepts {1}'s AppendEntries (term {2}): its log matches up to {3}"),
                &[&from, &to, &term, match_index],
            ),
            MessageBody::AppendEntriesReply(AppendEntriesReply {
                success: false,
                rejected_index,
                conflict_index,
                conflict_term,
                last_log_index,
                request_term,
                ..
            }) => match conflict_term {
                _ if *request_term != term => fill(
                    tr("{0} rejects {1}'s AppendEntries of term {2}: {0} is in term {3}"),
                    &[&from, &to, request_term, &term],
                ),
                Some(ct) => fill(
                    tr("{0} rejects {1}'s AppendEntries (term {2}): its entry {3} has term {4}; its first entry of term {4} is {5}"),
                    &[&from, &to, &term, rejected_index, ct, conflict_index],
                ),
                None => fill(
                    tr("{0} rejects {1}'s AppendEntries (term {2}): it has no entry {3}; its log ends at {4}"),
                    &[&from, &to, &term, rejected_index, last_log_index],
                ),
            },
            MessageBody::TimeoutNow => fill(
                tr("{0} tells {1} to start an election now and take over leadership (term {2})"),
                &[&from, &to, &term],
            ),
            MessageBody::ReadIndex(ReadIndex { request_id }) => fill(
                tr("{0} asks leader {1} for a read index for read #{2} (term {3})"),
                &[&from, &to, request_id, &term],
            ),
            MessageBody::ReadIndexReply(ReadIndexReply { request_id, read_index: Some(i) }) => fill(
                tr("{0} tells {1} that read #{2} may be served once index {3} is applied"),
                &[&from, &to, request_id, i],
            ),
            MessageBody::ReadIndexReply(ReadIndexReply { request_id, read_index: None }) => fill(
                tr("{0} cannot give {1} a read index for read #{2}: it is not the leader"),
                &[&from, &to, request_id],
            ),
            MessageBody::InstallSnapshot(m) => {
                let InstallSnapshot { last_included_index: i, last_included_term: t, offset, data, done, .. } = m;
                let size = data.len();
                if *offset == 0 && *done {
                    fill(
                        tr("{0} sends {1} its snapshot up to index {2} (term {3}), {4} bytes"),
                        &[&from, &to, i, t, &size],
                    )
                } else {
                    let text = match done {
                        true => tr("{0} sends {1} bytes {2}..{3} of its snapshot up to index {4} (term {5}), the last part"),
                        false => tr("{0} sends {1} bytes {2}..{3} of its snapshot up to index {4} (term {5})"),
                    };
                    fill(text, &[&from, &to, offset, &offset.saturating_add(size as u64), i, t])
                }
            }
            MessageBody::InstallSnapshotReply(m) if m.done => fill(
                tr("{0} tells {1} it has the snapshot up to index {2} (term {3})"),
                &[&from, &to, &m.last_included_index, &term],
            ),
            MessageBody::InstallSnapshotReply(m) => fill(
                tr("{0} tells {1} it has {2} bytes of the snapshot up to index {3} (term {4})"),
                &[&from, &to, &m.bytes_received, &m.last_included_index, &term],
            ),
        }
    }
}

/// Why a vote was refused, as the end of a sentence (": it already voted for S3").
pub(crate) fn refusal_text(refusal: Option<VoteRefusal>) -> String {
    match refusal {
        None => String::new(),
        Some(VoteRefusal::StaleTerm) => tr(": the request is from an older term").to_string(),
        Some(VoteRefusal::AlreadyVoted(v)) => fill(tr(": it already voted for {0}"), &[&s(v)]),
        Some(VoteRefusal::LeaderKnown(l)) => fill(tr(": it already follows leader {0}"), &[&s(l)]),
        Some(VoteRefusal::LeaderAlive(l)) => fill(
            tr(": it heard from leader {0} less than an election timeout ago"),
            &[&s(l)],
        ),
        Some(VoteRefusal::RecentlyRestarted) => {
            tr(": it restarted less than an election timeout ago").to_string()
        }
        Some(VoteRefusal::LogNotUpToDate) => {
            tr(": the candidate's log is not as up to date as its own").to_string()
        }
    }
}

/// "entries 5..7 (term 3)", "entry 5 (term 3)", "entries 5..7 (terms 2-3)".
pub fn describe_entries(entries: &[Entry]) -> String {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return tr("no entries").to_string();
    };
    let terms = if first.term == last.term {
        fill(tr("term {0}"), &[&first.term])
    } else {
        fill(tr("terms {0}-{1}"), &[&first.term, &last.term])
    };
    if entries.len() == 1 {
        fill(tr("entry {0} ({1})"), &[&first.index, &terms])
    } else {
        fill(
            tr("entries {0}..{1} ({2})"),
            &[&first.index, &last.index, &terms],
        )
    }
}
