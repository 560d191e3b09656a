//! Whose words name the messages in what a person reads: the Raft paper's (RequestVote,
//! AppendEntries) or etcd's (raftpb's MsgVote, MsgApp), so that a reader moving on to etcd's
//! code finds the same words. A view is built with one (the narration, the message summaries);
//! the core itself keeps no naming.

use super::message::MessageKind;
use crate::i18n::{fill, tr};

named_enum! {
    /// The paper's names or etcd's (`window.raftlab.names`, `?names=etcd`).
    #[derive(Default)]
    pub enum Naming {
        #[default]
        Paper = "paper",
        Etcd = "etcd",
    }
}

impl Naming {
    /// In etcd's naming, the message a sentence implies, as an aside: " (MsgVote)" (in
    /// Chinese "（MsgVote）"); nothing in the paper's, whose sentences say it in words.
    pub fn tag(self, kind: MessageKind) -> String {
        match self {
            Naming::Paper => String::new(),
            Naming::Etcd => fill(tr(" ({0})"), &[&kind.etcd_name()]),
        }
    }
}

impl MessageKind {
    /// etcd's `raftpb.MessageType` for this kind. Where the designs differ: Raftlab's
    /// heartbeat is an AppendEntries without entries and is answered like one (MsgAppResp, not
    /// MsgHeartbeatResp); its snapshot goes out in chunks, each answered, where etcd sends one
    /// MsgSnap and the follower answers MsgAppResp once it has restored it.
    pub fn etcd_name(self) -> &'static str {
        match self {
            MessageKind::PreVote => "MsgPreVote",
            MessageKind::PreVoteReply => "MsgPreVoteResp",
            MessageKind::RequestVote => "MsgVote",
            MessageKind::RequestVoteReply => "MsgVoteResp",
            MessageKind::AppendEntries => "MsgApp",
            MessageKind::Heartbeat => "MsgHeartbeat",
            MessageKind::AppendEntriesReply | MessageKind::InstallSnapshotReply => "MsgAppResp",
            MessageKind::TimeoutNow => "MsgTimeoutNow",
            MessageKind::ReadIndex => "MsgReadIndex",
            MessageKind::ReadIndexReply => "MsgReadIndexResp",
            MessageKind::InstallSnapshot => "MsgSnap",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are raftpb's own (raft.proto, `enum MessageType`).
    #[test]
    fn etcd_names_are_raftpbs() {
        let names: Vec<&str> = MessageKind::ALL.iter().map(|k| k.etcd_name()).collect();
        assert_eq!(
            names,
            [
                "MsgPreVote",
                "MsgPreVoteResp",
                "MsgVote",
                "MsgVoteResp",
                "MsgApp",
                "MsgHeartbeat",
                "MsgAppResp",
                "MsgTimeoutNow",
                "MsgReadIndex",
                "MsgReadIndexResp",
                "MsgSnap",
                "MsgAppResp",
            ]
        );
        assert_eq!(Naming::Etcd.tag(MessageKind::RequestVote), " (MsgVote)");
        assert_eq!(Naming::Paper.tag(MessageKind::RequestVote), "");
        assert_eq!(Naming::default(), Naming::Paper);
    }
}
