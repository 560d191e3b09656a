//! The space-time records switched off (the Cargo feature `replica` off: the page's own
//! binary). The same names as record.rs and store.rs, keeping
//! nothing, so that the world and the simulation read the same either way.

pub mod record {
    use super::super::{Accept, Fate};
    use crate::raft::{Message, MessageKind};
    use crate::sim::history::OpId;
    use crate::sim::servers::Servers;

    /// Notes nothing.
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Recorder {}

    /// A message about to be sent, as noted: nothing.
    pub(crate) struct Sending {}

    impl Recorder {
        pub fn observe_lanes(&mut self, _now: u64, _servers: &Servers) {}
        pub fn end_step(&mut self, _now: u64, _position: u64, _servers: &Servers) {}
        pub fn delivering(&mut self, _kind: MessageKind) {}
        pub fn sending(&self, _now: u64, _msg: &Message) -> Sending {
            Sending {}
        }
        pub fn sent(&mut self, _sending: Sending, _copies: &[(u64, u64)]) {}
        pub fn ended(&mut self, _id: u64, _at_ms: u64, _fate: Fate) {}
        pub fn server_stepped(&mut self, _: u64, _: u64, _: u64, _: Option<(u64, u64)>) {}
        pub fn accepted(&mut self, _op: OpId, _accept: Accept) {}
        pub fn cluster_restarted(&mut self, _now: u64) {}
    }
}

pub mod store {
    use super::super::Window;
    use super::record::Recorder;
    use crate::sim::history::History;

    /// Keeps nothing: every window is empty.
    #[derive(Debug, Clone, Default)]
    pub struct Spacetime {}

    impl Spacetime {
        pub(crate) fn take_from(&mut self, _recorder: &mut Recorder) {}
        pub(crate) fn truncate_after(&mut self, _position: u64) {}
        pub fn window(&self, from_ms: u64, to_ms: u64, _: bool, _: &History) -> Window {
            Window {
                from_ms,
                to_ms,
                time_ms: 0,
                end_ms: 0,
                recorded_from_ms: 0,
                servers: 0,
                bands: Vec::new(),
                messages: Vec::new(),
                marks: Vec::new(),
                ops: Vec::new(),
            }
        }
    }
}
