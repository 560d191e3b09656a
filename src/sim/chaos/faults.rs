//! The kinds of fault a chaos run can inject, as one table: each kind's name is written once,
//! here, and a set of kinds is a bitset. Membership changes are opt-in (`--membership`, or
//! `membership` in `--faults`): "all" leaves them out, so that the seeds of a plan without
//! them draw exactly what they drew before they existed.

use crate::sim::error::{Result, SimError};

macro_rules! faults {
    ($($kind:ident => $name:literal: $what:literal,)*) => {
        /// One kind of fault.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Fault {
            $(#[doc = $what] $kind,)*
        }

        impl Fault {
            pub const ALL: &'static [Fault] = &[$(Fault::$kind),*];

            /// The name used by `--faults` and in reports.
            pub fn name(self) -> &'static str {
                match self {
                    $(Fault::$kind => $name,)*
                }
            }
        }
    };
}

faults! {
    Crash => "crash": "Servers crash and restart.",
    Partition => "partition": "The network splits into two groups.",
    Cut => "cut": "One link is cut, one way or both.",
    Loss => "loss": "Random message loss, up to 20%.",
    Dup => "dup": "Random message duplication, up to 20%.",
    Reorder => "reorder": "A wide latency range for every link, so messages overtake each other.",
    Spike => "spike": "One link's latency jumps to between 0.1 and 3 s.",
    Timeout => "timeout": "A server's election timer is fired by hand.",
    Transfer => "transfer": "The leader is asked to hand leadership to a server.",
    Drift => "drift": "A server's clock runs up to 4% fast or slow (within the lease's bound).",
    Membership => "membership": "The leader is asked to add a server (voter or learner), promote a learner, remove a server, or change several voters at once (§4).",
}

impl Fault {
    /// Not in [`Faults::all`]: a plan names it.
    pub fn is_opt_in(self) -> bool {
        self == Fault::Membership
    }
}

/// A set of fault kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Faults(u16);

impl Faults {
    pub fn none() -> Faults {
        Faults(0)
    }

    /// Every kind but the opt-in ones.
    pub fn all() -> Faults {
        let kinds = Fault::ALL.iter().filter(|f| !f.is_opt_in());
        kinds.fold(Faults::none(), |s, &f| s.with(f))
    }

    pub fn with(self, fault: Fault) -> Faults {
        Faults(self.0 | 1 << fault as u16)
    }

    pub fn has(self, fault: Fault) -> bool {
        self.0 & 1 << fault as u16 != 0
    }

    /// The kinds in the set, in table order.
    pub fn iter(self) -> impl Iterator<Item = Fault> {
        Fault::ALL.iter().copied().filter(move |&f| self.has(f))
    }

    /// Parses a comma-separated list ("crash,partition,loss"); "all" and "none" too.
    pub fn parse(list: &str) -> Result<Faults> {
        let mut faults = Faults::none();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            faults = match name {
                "all" => Faults::all(),
                "none" => faults,
                _ => match Fault::ALL.iter().find(|f| f.name() == name) {
                    Some(&f) => faults.with(f),
                    None => {
                        let names: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
                        let expected = format!("a list of {} (or all, none)", names.join(", "));
                        return Err(SimError::range("faults", &expected, format!("\"{name}\"")));
                    }
                },
            };
        }
        Ok(faults)
    }
}

impl std::fmt::Display for Faults {
    /// "crash,spike,transfer", or "none".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.iter().map(Fault::name).collect();
        if names.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&names.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_parses_and_prints_back() {
        let f = Faults::parse("spike, crash").unwrap();
        assert!(f.has(Fault::Crash) && f.has(Fault::Spike) && !f.has(Fault::Loss));
        assert_eq!(f.to_string(), "crash,spike");
        assert_eq!(Faults::parse(&Faults::all().to_string()), Ok(Faults::all()));
        assert_eq!(Faults::parse("none").unwrap().to_string(), "none");
        assert!(!Faults::all().has(Fault::Membership), "opt-in");
        let with = Faults::parse("all,membership").unwrap();
        assert!(with.has(Fault::Membership) && with.has(Fault::Drift));
        let err = Faults::parse("crash,meteor").unwrap_err().to_string();
        assert!(
            err.contains("\"meteor\"") && err.contains("transfer"),
            "{err}"
        );
    }
}
