//! The Rules panel's words: each rule of Figure 2 and of the extensions in one line of our own
//! (not the paper's wording), with its section, and in a few words for when it fires ("higher
//! term in a message → become follower"); the boxes' headings. Messages are named in braces
//! ("{AppendEntries}") and take the page's naming, the paper's or etcd's, when drawn; every
//! line is a catalogue key, in the page's language when drawn (`crate::i18n`).

use crate::i18n::{fill, key, tr};
use crate::raft::{MessageKind, Naming, Rule, RuleGroup};

/// One line per rule: "when → then" where the rule reacts to something (in English: the key
/// [`rule_text`] translates).
fn line(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        PersistentState => key("currentTerm, votedFor and log[] reach stable storage before any reply; a server restarts from them, as a follower"),
        VolatileState => key("commitIndex (highest entry known committed) and lastApplied (highest applied) are kept in memory only"),
        LeaderState => key("a new leader sets each follower's nextIndex to its last index + 1 and matchIndex to 0"),
        VoteStaleTerm => key("the request's term is older than ours → refuse, and answer with our term"),
        GrantVote => key("no vote given to another candidate in this term → vote for this one, recorded before the reply"),
        UpToDateLog => key("… only if the candidate's log is at least as up to date: a later last term, or the same last term and at least as long"),
        AppendStaleTerm => key("the request's term is older than ours → refuse, and answer with our term"),
        LogMatching => key("no entry at prevLogIndex with prevLogTerm → refuse (with a hint where to retry)"),
        DeleteConflicts => key("an entry conflicts with a new one (same index, other term) → delete it and all that follow"),
        AppendNew => key("append the new entries not already in the log → answer success"),
        FollowerCommit => key("leaderCommit > commitIndex → commitIndex = min(leaderCommit, index of the last new entry)"),
        Apply => key("commitIndex > lastApplied → apply the next entry to the state machine"),
        HigherTerm => key("a request or reply carries a higher term → adopt it and become follower"),
        FollowerResponds => key("answer candidates and leaders; follow the leader heard from in its term"),
        FollowerTimeout => key("an election timeout without a word from the leader and without granting a vote → become candidate"),
        StartElection => key("on becoming candidate: next term, vote for itself, reset the election timer, send {RequestVote} to all others"),
        MajorityWins => key("votes from a majority → become leader"),
        LeaderFound => key("{AppendEntries} from the leader of its term → become follower"),
        CandidateTimeout => key("the election timeout passes with no winner (a split vote) → start a new election"),
        ElectionLost => key("a majority refused → it cannot win this term: back to follower (not in Figure 2; etcd does the same)"),
        Heartbeats => key("on election and whenever idle → send empty {AppendEntries} ({heartbeats}) so no timer fires; a leader has no election timer"),
        ClientCommand => key("a client's command → append it to its own log; answer once it is applied"),
        SendEntries => key("a follower's nextIndex is within the log → send {AppendEntries} with the entries from nextIndex"),
        UpdateProgress => key("success → raise the follower's matchIndex and nextIndex"),
        DecrementNext => key("refused for a mismatch → move nextIndex back (to the follower's hint) and retry"),
        LeaderCommit => key("an index N > commitIndex is stored on a majority and log[N] is of the current term → commitIndex = N"),
        PreVote => key("before campaigning, ask whether a majority would vote for it in the next term, without raising its term"),
        PreVoteWon => key("a majority would vote → start the real election"),
        PreVoteLost => key("a majority would not → back to follower, term unchanged: nobody was disturbed"),
        CheckQuorum => key("no word from a majority within an election timeout → the leader steps down"),
        IgnoreVoteRequests => key("heard from a leader less than an election timeout ago → ignore vote requests (unless the leader handed over with {TimeoutNow})"),
        ReadIndex => key("a read → once an entry of its term is committed, the leader notes commitIndex, confirms with a round a majority acknowledges, and answers once applied that far"),
        FollowerRead => key("a read at a follower → ask the leader for a read index ({ReadIndex}), apply that far, answer from its own state machine"),
        LocalRead => key("a local read answers from what this server applied, asking no one: it may be stale (Raftlab's unsafe mode, for contrast)"),
        LeaseRead => key("a majority acknowledged the leader within its lease (an election timeout, less clock drift) → answer reads at once; otherwise through ReadIndex"),
        LeasePromise => key("a lease may still count on this server (a leader heard recently, or a recent restart) → it helps elect no one until that expires"),
        TransferStart => key("handing leadership over → stop taking commands, bring the target's log up to date"),
        TimeoutNow => key("the target is up to date → send it {TimeoutNow}: it starts an election at once"),
        TransferAbort => key("no takeover within an election timeout, or the leader stepped down → the transfer ends, commands are taken again"),
        Compact => key("a server snapshots its applied state machine and discards the log entries the snapshot covers"),
        SendSnapshot => key("a follower needs entries the leader discarded → send it the snapshot ({InstallSnapshot})"),
        InstallSnapshot => key("a snapshot arrives, chunk by chunk → the state machine and commitIndex restart from it"),
        KeepSuffix => key("the log holds the snapshot's last entry (same index and term) → keep the entries after it"),
        DiscardLog => key("otherwise → discard the whole log"),
        LatestConfig => key("a server uses the latest configuration in its log, committed or not; when that entry goes, the one before"),
        OneAtATime => key("add or remove one server at a time, each change once the last is committed and the leader committed an entry of its term"),
        ConfigCommitted => key("the configuration entry is committed → the change is done; the next may start"),
        NonVoting => key("a learner, or a server outside the configuration, receives the log but neither votes nor campaigns"),
        LeaderRemoved => key("a leader not in the new configuration steps down once that configuration is committed"),
        JointConsensus => key("in C_old,new, every election and every commitment needs a majority of C_old and of C_new"),
        LeaveJoint => key("C_old,new committed → the leader appends C_new and goes on with it alone"),
    }
}

/// The rule in a few words, for the line that tells it fired ("S3: higher term …"; in English,
/// the key [`rule_short`] translates).
fn short(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        PersistentState => key("restarts from its persistent state, as a follower"),
        VolatileState => key("commitIndex and lastApplied, in memory"),
        LeaderState => key("new leader: nextIndex = last index + 1, matchIndex = 0"),
        VoteStaleTerm => key("vote request of an older term → refuse"),
        GrantVote => key("one vote per term, first come first served"),
        UpToDateLog => key("candidate's log behind its own → refuse the vote"),
        AppendStaleTerm => key("{AppendEntries} of an older term → refuse"),
        LogMatching => key("no entry matching prevLogIndex and prevLogTerm → refuse"),
        DeleteConflicts => key("conflicting entry → delete it and all after it"),
        AppendNew => key("new entries appended → success"),
        FollowerCommit => key("leaderCommit → advance commitIndex"),
        Apply => key("committed → apply to the state machine"),
        HigherTerm => key("term in the message is higher → become follower"),
        FollowerResponds => key("hears from the leader of its term → follows it"),
        FollowerTimeout => key("election timeout, no leader heard → become candidate"),
        StartElection => key("new term, votes for itself, sends {RequestVote}"),
        MajorityWins => key("votes from a majority → become leader"),
        LeaderFound => key("the leader of its term appears → become follower"),
        CandidateTimeout => key("election timeout with no winner → new election"),
        ElectionLost => key("a majority refused → back to follower"),
        Heartbeats => key("leader sends {heartbeats}: no election needed"),
        ClientCommand => key("client command → append to its own log"),
        SendEntries => key("sends {AppendEntries} from nextIndex"),
        UpdateProgress => key("success → raise matchIndex and nextIndex"),
        DecrementNext => key("mismatch → move nextIndex back and retry"),
        LeaderCommit => key("an entry of its term on a majority → commit"),
        PreVote => key("asks for pre-votes, term unchanged"),
        PreVoteWon => key("a majority would vote → real election"),
        PreVoteLost => key("a majority would not → back to follower"),
        CheckQuorum => key("no word from a majority → the leader steps down"),
        IgnoreVoteRequests => key("a leader heard recently → vote request ignored"),
        ReadIndex => key("read confirmed by a majority, served at the read index"),
        FollowerRead => key("read at a follower, through the leader's read index"),
        LocalRead => key("local read: unconfirmed, may be stale"),
        LeaseRead => key("read under the leader's lease"),
        LeasePromise => key("a lease may count on it → helps elect no one yet"),
        TransferStart => key("hand-over: stop taking commands, bring the target up to date"),
        TimeoutNow => key("{TimeoutNow} → the target campaigns at once"),
        TransferAbort => key("no takeover in time → the transfer ends"),
        Compact => key("snapshot taken, the entries it covers discarded"),
        SendSnapshot => key("follower needs discarded entries → {InstallSnapshot}"),
        InstallSnapshot => key("snapshot installed → state machine restarts from it"),
        KeepSuffix => key("log holds the snapshot's last entry → keep what follows"),
        DiscardLog => key("log without the snapshot's last entry → discard it all"),
        LatestConfig => key("uses the latest configuration in its log"),
        OneAtATime => key("one server added or removed at a time"),
        ConfigCommitted => key("configuration committed → the change is done"),
        NonVoting => key("learner or outsider: no vote, no campaign"),
        LeaderRemoved => key("leader not in C_new → steps down"),
        JointConsensus => key("C_old,new: majorities of both"),
        LeaveJoint => key("C_old,new committed → append C_new"),
    }
}

/// The rule in a few words, messages named as the page names them.
pub fn rule_short(rule: Rule, naming: Naming) -> String {
    named(tr(short(rule)), naming)
}

/// Message names in braces, in the paper's words or etcd's.
fn named(text: &str, naming: Naming) -> String {
    let word = |paper: &'static str, kind: MessageKind| match naming {
        Naming::Paper => paper,
        Naming::Etcd => kind.etcd_name(),
    };
    text.replace(
        "{RequestVote}",
        word("RequestVote", MessageKind::RequestVote),
    )
    .replace(
        "{AppendEntries}",
        word("AppendEntries", MessageKind::AppendEntries),
    )
    .replace(
        "{heartbeats}",
        word(tr("heartbeats"), MessageKind::Heartbeat),
    )
    .replace("{TimeoutNow}", word("TimeoutNow", MessageKind::TimeoutNow))
    .replace("{ReadIndex}", word("ReadIndex", MessageKind::ReadIndex))
    .replace(
        "{InstallSnapshot}",
        word("InstallSnapshot", MessageKind::InstallSnapshot),
    )
}

/// The rule in one line, messages named as the page names them.
pub fn rule_text(rule: Rule, naming: Naming) -> String {
    named(tr(line(rule)), naming)
}

/// "§5.1", or "Fig. 2" for the state.
pub fn cite(rule: Rule) -> String {
    match rule.section() {
        "Figure 2" => tr("Fig. 2").to_string(),
        section => format!("§{section}"),
    }
}

/// A box's heading.
pub fn heading(group: RuleGroup, naming: Naming) -> String {
    use RuleGroup::*;
    let text = match group {
        State => key("State"),
        RequestVote | AppendEntries => {
            let (paper, kind) = match group {
                RequestVote => ("RequestVote RPC", MessageKind::RequestVote),
                _ => ("AppendEntries RPC", MessageKind::AppendEntries),
            };
            let name = match naming {
                Naming::Paper => paper,
                Naming::Etcd => kind.etcd_name(),
            };
            return fill(tr("{0}, receiver"), &[&name]);
        }
        AllServers => key("All servers"),
        Followers => key("Followers (§5.2)"),
        Candidates => key("Candidates (§5.2)"),
        Leaders => key("Leaders"),
        PreVote => key("PreVote (§9.6)"),
        CheckQuorum => key("CheckQuorum (§6.2)"),
        DisruptiveServers => key("Disruptive servers (§4.2.3)"),
        ReadIndex => key("ReadIndex (§6.4)"),
        Leases => key("Leases (§6.4.1)"),
        Transfer => key("Leadership transfer (§3.10)"),
        Compaction => key("Log compaction (§7)"),
        Membership => key("Membership change (§4)"),
    };
    named(tr(text), naming)
}
