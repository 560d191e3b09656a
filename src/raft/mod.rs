//! The Raft protocol: one node's state machine.
