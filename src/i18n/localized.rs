//! A text kept for later, written in the language spoken whenever it is read: what the checker
//! found stays readable after the page switches language.

use serde::{Serialize, Serializer};
use std::fmt::{self, Debug, Display};
use std::sync::Arc;

/// A sentence kept as the way to write it, not as the words of one language: [`tr`] alone
/// would freeze the language of the moment it was written, and a text such as a violation is
/// found once and shown for the rest of the run (a page in English downloads no Chinese, so
/// writing it in both languages at once is not possible either). `write` owns what it needs
/// (numbers, ids, copies), and runs each time the text is shown; compared, debugged and
/// serialized as its words in the language spoken now.
///
/// [`tr`]: super::tr
#[derive(Clone)]
pub struct Localized(Arc<dyn Fn() -> String + Send + Sync>);

impl Localized {
    pub fn new(write: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Localized(Arc::new(write))
    }
}

impl Default for Localized {
    fn default() -> Self {
        Localized::from(String::new())
    }
}

impl From<String> for Localized {
    /// A text that is the same in every language (a name, or a text from outside Raftlab).
    fn from(text: String) -> Self {
        Localized::new(move || text.clone())
    }
}

impl Display for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&(self.0)())
    }
}

impl Debug for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Debug::fmt(&(self.0)(), f)
    }
}

impl PartialEq for Localized {
    fn eq(&self, other: &Self) -> bool {
        (self.0)() == (other.0)()
    }
}

impl Eq for Localized {}

impl Serialize for Localized {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&(self.0)())
    }
}
