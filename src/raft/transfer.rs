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
        let me = self.id();
        let Some(leadership) = self.leadership() else {
            return Err(TransferError::NotLeader {
                leader_hint: self.leader_id,
            });
        };
        if to == me {
            return Err(TransferError::ToSelf(to));
        }
        if !self.is_voter(to) {
            return Err(TransferError::UnknownNode(to));
        }
        if let Some(t) = &leadership.transfer {
            return if t.target == to {
                Ok(())
            } else {
                Err(TransferError::InProgress { target: t.target })
            };
        }
        let deadline = now.saturating_add(self.config.election_timeout_ms);
        if let Some(leadership) = self.leadership_mut() {
            leadership.transfer = Some(Transfer {
                target: to,
                deadline,
            });
            if let Some(pr) = leadership.peers.get_mut(&to) {
                pr.probe_now();
            }
        }
        self.emit(Event::TransferStarted {
            node: me,
            target: to,
        });
        self.maybe_send_timeout_now(to);
        self.send_append(to);
        Ok(())
    }

    /// Once the target's log matches the leader's, tell it to start an election. Repeated on
    /// every acknowledgement while the transfer lasts (the message may be lost); duplicates are
    /// ignored by the target, whose term has moved on.
    pub(crate) fn maybe_send_timeout_now(&mut self, from: NodeId) {
        let last = self.log().last_index();
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        let target = leadership.transfer.as_ref().map(|t| t.target);
        let caught_up = leadership
            .peers
            .get(&from)
            .is_some_and(|p| p.match_index == last);
        if target == Some(from) && caught_up {
            // The successor's election ignores the §4.2.3 rule, so the lease cannot be trusted
            // any more in this term.
            leadership.lease_revoked = true;
            self.send(from, MessageBody::TimeoutNow);
        }
    }

    /// §3.10: abandon the transfer after an election timeout; proposals resume.
    pub(crate) fn check_transfer_deadline(&mut self, now: u64) {
        let Some(leadership) = self.leadership_mut() else {
            return;
        };
        let Some(t) = leadership.transfer.take_if(|t| now >= t.deadline) else {
            return;
        };
        let (node, target) = (self.id(), t.target);
        self.emit(Event::TransferAbandoned {
            node,
            target,
            reason: TransferEnd::TimedOut,
        });
    }

    /// The leader stepped down with `transfer` in progress: it ends.
    pub(crate) fn end_transfer_on_step_down(&mut self, transfer: Option<Transfer>) {
        if let Some(t) = transfer {
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
        if self.role() == Role::Leader || !self.is_voter(self.id()) {
            return;
        }
        self.become_candidate(now, rng, CampaignCause::TimeoutNow { from }, true);
    }
}
