//! Teaching quirks: each switch in [`Quirks`](super::Quirks) breaks exactly one rule, so the
//! simulator's checkers can be seen catching the consequence. All are off by default and unsafe.
//!
//! | quirk | rule broken | where | what goes wrong |
//! |---|---|---|---|
//! | `commit_old_term_by_counting` | §5.4.2 (Figure 8) | `commit.rs` `maybe_commit` | an earlier-term entry is committed by counting replicas, then overwritten by a leader elected without it: State Machine Safety fails |
//! | `vote_without_log_check` | §5.4.1 | `election.rs` `vote_refusal` | a candidate missing committed entries can win, and its log overwrites them: Leader Completeness fails |
//! | `forget_vote_on_restart` | Figure 2 persistent `votedFor` | `node.rs` `Node::new` | a restarted server votes again in the same term: two leaders in one term (Election Safety) |
//! | `unsafe_leader_local_read` | §6.4 | `read_only.rs` `leader_read`, `lease_read` | a deposed leader that does not know it yet answers reads from stale state: linearizability fails |
//! | `config_change_without_own_term_commit` | §4.1 with Ongaro's fix (raft-dev, 2015) | `config_change.rs` `propose_config_change` | a leader changes the configuration before committing in its term; an older uncommitted change elsewhere leaves two configurations without overlap: two leaders in one term (Election Safety) |
//!
//! The core never panics because of a quirk: for example a follower told to overwrite a
//! committed entry does so and reports `Event::CommittedEntryOverwritten`.

use serde::{Deserialize, Serialize};

/// The quirks, one line each: the field, its words for a person, and what it breaks. Adding a
/// quirk is a line here and its behaviour where the rule lives; files, JSON, the settings
/// dialog and the simulator all read this table.
macro_rules! quirks {
    ($($(#[doc = $doc:literal])* $name:ident: $label:literal,)*) => {
        /// Teaching quirks: each switch breaks exactly one rule of the protocol, so that the
        /// simulator's checkers can be seen catching it. All are off by default and UNSAFE when
        /// on (see the table above).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Quirks {
            $($(#[doc = $doc])* pub $name: bool,)*
        }

        impl Quirks {
            /// Every quirk, in the table's order.
            pub const ALL: &'static [Quirk] = &[$(Quirk {
                name: stringify!($name),
                label: $label,
                get: |q| q.$name,
                set: |q, on| q.$name = on,
            },)*];
        }
    };
}

quirks! {
    /// Breaks §5.4.2: the leader commits an entry from an earlier term as soon as a majority
    /// stores it (Figure 8 shows how such an entry can later be overwritten).
    commit_old_term_by_counting: "Commit an earlier term's entry by counting replicas (Figure 8)",
    /// Breaks §5.4.1: votes (and pre-votes) are granted without checking that the candidate's
    /// log is at least as up to date as the voter's.
    vote_without_log_check: "Grant votes without the up-to-date log check (§5.4.1)",
    /// Breaks persistence (§5.2, Figure 2 "persistent state"): `voted_for` is forgotten on
    /// restart, so a server can vote twice in one term.
    forget_vote_on_restart: "Forget the vote on restart",
    /// Breaks §6.4: the leader answers ReadIndex (and lease) reads from its own state without
    /// confirming it is still the leader.
    unsafe_leader_local_read: "Leader serves reads without confirming it still leads",
    /// Skips Ongaro's fix to single-server changes (raft-dev, 2015): a new leader may change
    /// the configuration before it has committed an entry of its own term, so two
    /// configurations that do not overlap can each elect a leader in one term.
    config_change_without_own_term_commit: "Change the configuration before committing an entry of one's own term (Ongaro's 2015 fix skipped)",
}

/// One quirk of the table: its name (in files and JSON), its words, and its switch.
#[derive(Clone, Copy)]
pub struct Quirk {
    pub name: &'static str,
    pub label: &'static str,
    get: fn(&Quirks) -> bool,
    set: fn(&mut Quirks, bool),
}

impl Quirk {
    /// The quirk of this name.
    pub fn named(name: &str) -> Option<Quirk> {
        Quirks::ALL.iter().copied().find(|q| q.name == name)
    }

    pub fn is_on(self, quirks: &Quirks) -> bool {
        (self.get)(quirks)
    }

    pub fn switch(self, quirks: &mut Quirks, on: bool) {
        (self.set)(quirks, on)
    }
}

impl Quirks {
    /// True when any rule is switched off.
    pub fn any(&self) -> bool {
        Quirks::ALL.iter().any(|q| q.is_on(self))
    }

    /// "commit_old_term_by_counting, vote_without_log_check, ...": the names, for messages.
    pub fn names() -> String {
        let names: Vec<&str> = Quirks::ALL.iter().map(|q| q.name).collect();
        names.join(", ")
    }

    /// The quirks of a comma-separated list of names ("none": no quirk), as
    /// `raftlab-cli chaos --quirks` takes them.
    pub fn parse_list(text: &str) -> Result<Quirks, String> {
        let mut quirks = Quirks::default();
        for name in text.split(',').map(str::trim) {
            match Quirk::named(name) {
                Some(quirk) => quirk.switch(&mut quirks, true),
                None if name == "none" => {}
                None => {
                    let names = Quirks::names();
                    return Err(format!("unknown quirk \"{name}\" (one of: {names}, none)"));
                }
            }
        }
        Ok(quirks)
    }

    /// The names of the quirks switched on, comma-separated ("" for none).
    pub fn list(&self) -> String {
        let on: Vec<&str> = Quirks::ALL
            .iter()
            .filter(|q| q.is_on(self))
            .map(|q| q.name)
            .collect();
        on.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_quirk_switches_its_own_field_only() {
        for q in Quirks::ALL {
            let mut quirks = Quirks::default();
            q.switch(&mut quirks, true);
            assert!(q.is_on(&quirks) && quirks.any());
            let on: Vec<&str> = Quirks::ALL
                .iter()
                .filter(|o| o.is_on(&quirks))
                .map(|o| o.name)
                .collect();
            assert_eq!(on, vec![q.name]);
            assert_eq!(Quirk::named(q.name).map(|n| n.name), Some(q.name));
            let json = serde_json::to_value(quirks).unwrap();
            assert_eq!(json[q.name], true, "the serde name is the table's");
        }
        assert!(Quirk::named("nope").is_none());
    }

    #[test]
    fn a_list_of_names_reads_back() {
        let quirks = Quirks::parse_list("forget_vote_on_restart, vote_without_log_check").unwrap();
        assert!(quirks.forget_vote_on_restart && quirks.vote_without_log_check);
        assert_eq!(
            quirks.list(),
            "vote_without_log_check,forget_vote_on_restart"
        );
        assert_eq!(Quirks::parse_list(&quirks.list()), Ok(quirks));
        assert_eq!(Quirks::parse_list("none"), Ok(Quirks::default()));
        assert_eq!(Quirks::default().list(), "");
        let e = Quirks::parse_list("fast").unwrap_err();
        assert!(
            e.starts_with("unknown quirk \"fast\" (one of: commit_old_term"),
            "{e}"
        );
    }
}
