//! The simulated world around the Raft nodes.
