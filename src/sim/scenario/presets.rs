//! The preset scenarios shipped with the app (www/scenarios/*.txt), compiled into the binary so
//! the browser build can offer them.

/// A preset: its file name and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The file name without `.txt` (stable: used in links).
    pub id: &'static str,
    pub source: &'static str,
}

/// Every preset, in the order the picker shows them.
pub fn presets() -> &'static [Preset] {
    &[]
}
