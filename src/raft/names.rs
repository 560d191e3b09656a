//! Enums whose variants each have one stable snake_case name (in the state JSON, commands,
//! `data-role` and `data-msg-kind`), written once: serde uses it, `name()` returns it, `ALL`
//! lists the variants and `from_name` reads a name back.

/// Declares such an enum: `pub enum Role { Follower = "follower", ... }`.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident {
            $($(#[$vmeta:meta])* $variant:ident = $name:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize,
        )]
        pub enum $ty {
            $($(#[$vmeta])* #[serde(rename = $name)] $variant,)*
        }

        // Written as its name: one table of names serves `name()` and serde (a derived
        // `Serialize` repeats every name in a match arm of its own).
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The stable name.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }

            /// The variant a name from [`Self::name`] stands for.
            pub fn from_name(name: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::raft::{MessageKind, ReadMode, Role};

    /// The name serde writes is the one `name()` gives, and `from_name` reads it back.
    #[test]
    fn one_name_per_variant_everywhere() {
        fn check<T: serde::Serialize + Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(T) -> &'static str,
            from_name: fn(&str) -> Option<T>,
        ) {
            for &v in all {
                let json = serde_json::to_value(v).unwrap();
                assert_eq!(json, name(v), "{v:?}");
                assert_eq!(from_name(name(v)), Some(v));
            }
            assert_eq!(from_name("nope"), None);
        }
        check(Role::ALL, Role::name, Role::from_name);
        check(ReadMode::ALL, ReadMode::name, ReadMode::from_name);
        check(MessageKind::ALL, MessageKind::name, MessageKind::from_name);
        assert_eq!(MessageKind::ALL.len(), 12);
    }
}
