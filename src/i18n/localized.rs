//! A text kept for later in both languages: what the checker found stays readable after the
//! page switches language.

use serde::{Serialize, Serializer};
use std::fmt::{self, Display};

use super::{installed, lang, set_lang, Lang};

/// A sentence written once in English and, when the Chinese catalogue is installed, once in
/// Chinese; shown in the language spoken when it is read. For texts that outlive the moment they
/// were written (a violation is found once and shown for the rest of the run), where [`tr`]
/// alone would freeze the language of that moment.
///
/// [`tr`]: super::tr
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Localized {
    en: String,
    zh: Option<String>,
}

impl Localized {
    /// Runs `write` in each language Raftlab can speak now (English only, until a catalogue is
    /// installed), then puts the language back as it was.
    pub fn of(write: impl Fn() -> String) -> Self {
        Self::written_by(&write)
    }

    /// [`of`](Self::of), one copy in the binary however many closures call it.
    fn written_by(write: &dyn Fn() -> String) -> Self {
        let spoken = lang();
        set_lang(Lang::En);
        let en = write();
        let zh = installed().then(|| {
            set_lang(Lang::Zh);
            write()
        });
        set_lang(spoken);
        Localized { en, zh }
    }

    /// The text in the language spoken now.
    pub fn as_str(&self) -> &str {
        match (lang(), &self.zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.en,
        }
    }
}

impl From<String> for Localized {
    /// A text that is the same in every language (a name, or a text from outside Raftlab).
    fn from(en: String) -> Self {
        Localized { en, zh: None }
    }
}

impl Display for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Localized {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
