//! Messages in plain words, for the narration, the message cards and the CLI: one line per
//! message ("S3 grants its vote to S1 for term 4"), and entry ranges ("entries 5..7 (term 3)").

use super::log::Entry;
use super::message::{
    AppendEntries, AppendEntriesReply, InstallSnapshot, Message, MessageBody, PreVote, ReadIndex,
    ReadIndexReply, RequestVote, VoteRefusal, VoteReply,
};
use super::types::server_name as s;

impl Message {
    /// One line in plain words, e.g. "S3 grants its vote to S1 for term 4".
    pub fn describe(&self) -> String {
        let (from, to, term) = (s(self.from), s(self.to), self.term);
        match &self.body {
            MessageBody::PreVote(PreVote { last_log_index, last_log_term }) => format!(
                "{from} asks {to} for a pre-vote for term {term} (its log ends at {last_log_index}/{last_log_term})"
            ),
            MessageBody::PreVoteReply(VoteReply { granted: true, .. }) => {
                format!("{from} grants a pre-vote to {to} for term {term}")
            }
            MessageBody::PreVoteReply(VoteReply { granted: false, refusal }) => format!(
                "{from} refuses a pre-vote to {to} (term {term}){}",
                refusal_text(*refusal)
            ),
            MessageBody::RequestVote(RequestVote { last_log_index, last_log_term, leadership_transfer }) => format!(
                "{from} asks {to} for its vote for term {term} (its log ends at {last_log_index}/{last_log_term}){}",
                if *leadership_transfer { ", to take over leadership" } else { "" }
            ),
            MessageBody::RequestVoteReply(VoteReply { granted: true, .. }) => {
                format!("{from} grants its vote to {to} for term {term}")
            }
            MessageBody::RequestVoteReply(VoteReply { granted: false, refusal }) => format!(
                "{from} refuses its vote to {to} for term {term}{}",
                refusal_text(*refusal)
            ),
            MessageBody::AppendEntries(AppendEntries { prev_log_index, prev_log_term, entries, leader_commit, .. }) => {
                if entries.is_empty() {
                    format!(
                        "{from} sends a heartbeat to {to} (term {term}): prev {prev_log_index}/{prev_log_term}, commit {leader_commit}"
                    )
                } else {
                    format!(
                        "{from} sends AppendEntries to {to}: {}, prev {prev_log_index}/{prev_log_term}, commit {leader_commit}",
                        describe_entries(entries)
                    )
                }
            }
            MessageBody::AppendEntriesReply(AppendEntriesReply { success: true, match_index, .. }) => {
                format!("{from} accepts {to}'s AppendEntries (term {term}): its log matches up to {match_index}")
            }
            MessageBody::AppendEntriesReply(AppendEntriesReply {
                success: false,
                rejected_index,
                conflict_index,
                conflict_term,
                last_log_index,
                request_term,
                ..
            }) => match conflict_term {
                _ if *request_term != term => format!(
                    "{from} rejects {to}'s AppendEntries of term {request_term}: {from} is in term {term}"
                ),
                Some(ct) => format!(
                    "{from} rejects {to}'s AppendEntries (term {term}): its entry {rejected_index} has term {ct}; its first entry of term {ct} is {conflict_index}"
                ),
                None => format!(
                    "{from} rejects {to}'s AppendEntries (term {term}): it has no entry {rejected_index}; its log ends at {last_log_index}"
                ),
            },
            MessageBody::TimeoutNow => {
                format!("{from} tells {to} to start an election now and take over leadership (term {term})")
            }
            MessageBody::ReadIndex(ReadIndex { request_id }) => {
                format!("{from} asks leader {to} for a read index for read #{request_id} (term {term})")
            }
            MessageBody::ReadIndexReply(ReadIndexReply { request_id, read_index: Some(i) }) => {
                format!("{from} tells {to} that read #{request_id} may be served once index {i} is applied")
            }
            MessageBody::ReadIndexReply(ReadIndexReply { request_id, read_index: None }) => {
                format!("{from} cannot give {to} a read index for read #{request_id}: it is not the leader")
            }
            MessageBody::InstallSnapshot(m) => {
                let InstallSnapshot { last_included_index: i, last_included_term: t, offset, data, done, .. } = m;
                let size = data.len();
                if *offset == 0 && *done {
                    format!("{from} sends {to} its snapshot up to index {i} (term {t}), {size} bytes")
                } else {
                    format!("{from} sends {to} bytes {offset}..{} of its snapshot up to index {i} (term {t}){}", offset.saturating_add(size as u64), if *done { ", the last part" } else { "" })
                }
            }
            MessageBody::InstallSnapshotReply(m) if m.done => {
                format!("{from} tells {to} it has the snapshot up to index {} (term {term})", m.last_included_index)
            }
            MessageBody::InstallSnapshotReply(m) => {
                format!("{from} tells {to} it has {} bytes of the snapshot up to index {} (term {term})", m.bytes_received, m.last_included_index)
            }
        }
    }
}

/// Why a vote was refused, as the end of a sentence (": it already voted for S3").
pub(crate) fn refusal_text(refusal: Option<VoteRefusal>) -> String {
    match refusal {
        None => String::new(),
        Some(VoteRefusal::StaleTerm) => ": the request is from an older term".to_string(),
        Some(VoteRefusal::AlreadyVoted(v)) => format!(": it already voted for {}", s(v)),
        Some(VoteRefusal::LeaderKnown(l)) => format!(": it already follows leader {}", s(l)),
        Some(VoteRefusal::LeaderAlive(l)) => {
            format!(
                ": it heard from leader {} less than an election timeout ago",
                s(l)
            )
        }
        Some(VoteRefusal::RecentlyRestarted) => {
            ": it restarted less than an election timeout ago".to_string()
        }
        Some(VoteRefusal::LogNotUpToDate) => {
            ": the candidate's log is not as up to date as its own".to_string()
        }
    }
}

/// "entries 5..7 (term 3)", "entry 5 (term 3)", "entries 5..7 (terms 2-3)".
pub fn describe_entries(entries: &[Entry]) -> String {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return "no entries".to_string();
    };
    let terms = if first.term == last.term {
        format!("term {}", first.term)
    } else {
        format!("terms {}-{}", first.term, last.term)
    };
    if entries.len() == 1 {
        format!("entry {} ({terms})", first.index)
    } else {
        format!("entries {}..{} ({terms})", first.index, last.index)
    }
}
