//! Leadership transfer (§3.10): the leader stops taking proposals, brings the target up to date,
//! then sends it TimeoutNow; the target starts an election at once. Abandoned after an election
//! timeout, after which proposals resume.

use rand::Rng;

use super::error::TransferError;
use super::event::{CampaignCause, Event, TransferEnd};
use super::message::MessageBody;
use super::types::{NodeId, Role};
use super::Node;

/// A transfer in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Transfer {
    pub target: NodeId,
    /// Local time at which the transfer is abandoned (start + E).
    pub deadline: u64,
}

impl Node {
    /// Asks the leader to hand leadership to `to`. Asking again for the same target is a no-op.
    pub fn transfer_leadership(&mut self, now: u64, to: NodeId) -> Result<(), TransferError> {
        if self.role != Role::Leader {
            return Err(TransferError::NotLeader {
                leader_hint: self.leader_id,
            });
        }
        if to == self.id() {
            return Err(TransferError::ToSelf(to));
        }
        if !self.is_voter(to) {
            return Err(TransferError::UnknownNode(to));
        }
        if let Some(t) = &self.transfer {
            return if t.target == to {
                Ok(())
            } else {
                Err(TransferError::InProgress { target: t.target })
            };
        }
        let deadline = now.saturating_add(self.config.election_timeout_ms);
        self.transfer = Some(Transfer {
            target: to,
            deadline,
        });
        let node = self.id();
        self.emit(Event::TransferStarted { node, target: to });
        if let Some(pr) = self.peers.get_mut(&to) {
            pr.probe_now();
        }
        self.maybe_send_timeout_now(to);
        self.send_append(to);
        Ok(())
    }

    /// Once the target's log matches the leader's, tell it to start an election. Repeated on
    /// every acknowledgement while the transfer lasts (the message may be lost); duplicates are
    /// ignored by the target, whose term has moved on.
    pub(crate) fn maybe_send_timeout_now(&mut self, from: NodeId) {
        let Some(t) = &self.transfer else { return };
        if t.target != from {
            return;
        }
        let caught_up = self
            .peers
            .get(&from)
            .is_some_and(|p| p.match_index == self.log().last_index());
        if caught_up {
            // The successor's election ignores the §4.2.3 rule, so the lease cannot be trusted
            // any more in this term.
            self.lease_revoked = true;
            self.send(from, MessageBody::TimeoutNow);
        }
    }

    /// §3.10: abandon the transfer after an election timeout; proposals resume.
    pub(crate) fn check_transfer_deadline(&mut self, now: u64) {
        let Some(t) = &self.transfer else { return };
        if now < t.deadline {
            return;
        }
        let target = t.target;
        self.transfer = None;
        let node = self.id();
        self.emit(Event::TransferAbandoned {
            node,
            target,
            reason: TransferEnd::TimedOut,
        });
    }

    pub(crate) fn end_transfer_on_step_down(&mut self) {
        if let Some(t) = self.transfer.take() {
            let node = self.id();
            self.emit(Event::TransferAbandoned {
                node,
                target: t.target,
                reason: TransferEnd::LeaderSteppedDown,
            });
        }
    }

    /// The target of a transfer starts an election at once, skipping PreVote, and its vote
    /// requests are marked so voters do not ignore them under §4.2.3.
    pub(crate) fn handle_timeout_now<R: Rng + ?Sized>(
        &mut self,
        now: u64,
        rng: &mut R,
        from: NodeId,
    ) {
        if self.role == Role::Leader || !self.is_voter(self.id()) {
            return;
        }
        self.become_candidate(now, rng, CampaignCause::TimeoutNow { from }, true);
    }
}
