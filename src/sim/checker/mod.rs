//! Safety checkers: the Raft invariants and linearizability of the client history.
