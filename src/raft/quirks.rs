//! Teaching quirks: each switch in [`Quirks`](super::Quirks) breaks exactly one rule, so the
//! simulator's checkers can be seen catching the consequence. All are off by default and unsafe.
//!
//! | quirk | rule broken | where | what goes wrong |
//! |---|---|---|---|
//! | `commit_old_term_by_counting` | §5.4.2 (Figure 8) | `commit.rs` `maybe_commit` | an earlier-term entry is committed by counting replicas, then overwritten by a leader elected without it: State Machine Safety fails |
//! | `vote_without_log_check` | §5.4.1 | `election.rs` `vote_refusal` | a candidate missing committed entries can win, and its log overwrites them: Leader Completeness fails |
//! | `forget_vote_on_restart` | Figure 2 persistent `votedFor` | `node.rs` `Node::new` | a restarted server votes again in the same term: two leaders in one term (Election Safety) |
//! | `unsafe_leader_local_read` | §6.4 | `read_only.rs` `leader_read`, `lease_read` | a deposed leader that does not know it yet answers reads from stale state: linearizability fails |
//!
//! The core never panics because of a quirk: for example a follower told to overwrite a
//! committed entry does so and reports `Event::CommittedEntryOverwritten`.
