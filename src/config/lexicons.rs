//! `[lexicons]`: where the operator's data files are read from at start, if not compiled in.

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconsSettings {
    /// A folder with the lexicon files (as in `config/lexicons/`) and optionally
    /// `source-tiers.toml` and `known-hashtags.txt`; empty uses the ones compiled in.
    pub dir: String,
}

impl LexiconsSettings {
    /// The folder to load from, `None` for the compiled-in data.
    pub fn dir(&self) -> Option<PathBuf> {
        let dir = self.dir.trim();
        (!dir.is_empty()).then(|| PathBuf::from(dir))
    }
}
