//! The tagger's vocabulary shared with `src/build.rs`, which compiles the bundled lexicons into lookup
//! tables with the same cleaning code the library runs on an operator's folder: what an entity is,
//! where the lexicon texts come from, and how loading them fails.

use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Drug,
    Disease,
    Manufacturer,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Drug => "drug",
            Self::Disease => "disease",
            Self::Manufacturer => "manufacturer",
        }
    }
}

impl FromStr for EntityKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "drug" => Ok(Self::Drug),
            "disease" => Ok(Self::Disease),
            "manufacturer" => Ok(Self::Manufacturer),
            _ => Err(()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadLexiconError {
    #[error("failed to read the lexicon file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {reason}")]
    Parse {
        file: String,
        line: usize,
        reason: String,
    },
}

impl LoadLexiconError {
    pub(crate) fn parse(file: &str, zero_based_line: usize, reason: &str) -> Self {
        Self::Parse {
            file: file.to_owned(),
            line: zero_based_line + 1,
            reason: reason.to_owned(),
        }
    }
}

/// The texts of the five lexicon files, however they were obtained.
#[derive(Debug, Clone, Copy)]
pub struct LexiconSources<'a> {
    pub drugs: &'a str,
    pub diseases: &'a str,
    pub abbreviations: &'a str,
    pub manufacturers: &'a str,
    pub stoplist: &'a str,
}

impl LexiconSources<'static> {
    /// The lexicons shipped in `config/lexicons/`, as they were when the binary was built.
    pub const BUNDLED: Self = Self {
        drugs: include_str!("../../../config/lexicons/drugs.tsv"),
        diseases: include_str!("../../../config/lexicons/diseases.tsv"),
        abbreviations: include_str!("../../../config/lexicons/abbreviations.tsv"),
        manufacturers: include_str!("../../../config/lexicons/manufacturers.tsv"),
        stoplist: include_str!("../../../config/lexicons/stoplist.txt"),
    };
}
