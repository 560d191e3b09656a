//! The basic vocabulary of the protocol: server ids, terms, log indices, roles and read modes.

/// A server's id. Servers are numbered 1..=N and shown as "S1".."SN".
pub type NodeId = u64;

/// A term number (§5.1). Term 0 is the term of the empty-log sentinel; the first election is term 1.
pub type Term = u64;

/// A position in the log. The first real entry is index 1; index 0 (term 0) is the empty-log sentinel.
pub type LogIndex = u64;

named_enum! {
    /// The role a server plays in its current term (§5.1, plus the PreVote phase of §9.6).
    pub enum Role {
        Follower = "follower",
        /// Asking whether it could win an election, without raising its term (§9.6).
        PreCandidate = "pre_candidate",
        Candidate = "candidate",
        Leader = "leader",
    }
}

impl Role {
    /// The name in plain words, for narration.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// How a server is named to people: "S3".
pub fn server_name(id: NodeId) -> String {
    format!("S{id}")
}

named_enum! {
    /// How a read is made linearizable (§6.4).
    pub enum ReadMode {
        /// The leader confirms its leadership with a round of heartbeats, then serves (§6.4).
        ReadIndex = "read_index",
        /// A follower asks the leader for a read index, waits to apply that far, serves
        /// locally (§6.4).
        Follower = "follower",
        /// The leader serves while its lease holds, without a round trip (§6.4.1); needs
        /// CheckQuorum and bounded clock drift.
        Lease = "lease",
        /// Serve whatever this node has applied. UNSAFE: may be stale. Exists to show stale reads.
        Local = "local",
    }
}

impl ReadMode {
    pub fn describe(self) -> &'static str {
        match self {
            ReadMode::ReadIndex => "ReadIndex",
            ReadMode::Follower => "follower",
            ReadMode::Lease => "lease",
            ReadMode::Local => "local",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A role displays in the narration's words, which are not always its stable name.
    #[test]
    fn a_role_displays_in_plain_words() {
        let shown: Vec<String> = Role::ALL.iter().map(Role::to_string).collect();
        assert_eq!(shown, ["follower", "pre-candidate", "candidate", "leader"]);
        assert_eq!(Role::PreCandidate.name(), "pre_candidate");
    }
}
