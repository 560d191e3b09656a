//! The clients' state: each client's last write sequence number and the operation it waits
//! on. How the world serves them is in client.rs.

use super::history::{OpId, OpKind};

pub type ClientId = u64;

#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub id: ClientId,
    /// The last sequence number used for a write.
    pub seq: u64,
    pub op: Option<PendingOp>,
}

#[derive(Debug, Clone)]
pub(crate) struct PendingOp {
    pub op_id: OpId,
    pub request: OpKind,
    /// The write's sequence number (0 for a read).
    pub seq: u64,
    /// The node the latest attempt went to.
    pub node: u64,
    /// Attempts so far; timers and answers of older attempts (and of other operations) are
    /// ignored.
    pub attempt: u64,
    /// Redirects followed in a row.
    pub hops: u32,
    /// The node the operation was first sent to, and how many turns of the round robin that
    /// starts after it were taken (see [`PendingOp::another_server`]).
    pub first_node: u64,
    pub turns: u64,
}

impl PendingOp {
    /// A server other than `node`, in turn after the first one asked. The turn is kept per
    /// operation, not derived from `node`: two servers whose hints send the client back and
    /// forth cannot keep it from the others.
    pub(crate) fn another_server(&mut self, node: u64, nodes: u64) -> u64 {
        let mut next = node;
        while next == node && nodes > 1 {
            self.turns += 1;
            next = (self.first_node + self.turns - 1) % nodes + 1;
        }
        next
    }
}
