//! Entity tagging: which drugs, diseases and manufacturers a text talks about, with their canonical
//! names and where they are. Tagging is whole-word and case-insensitive over the big lexicons,
//! exact-case for the curated abbreviations that need it ("MI", "PE"), and understands plurals,
//! possessives and camel-case hashtags. It is pure: the lexicons are given to it, either read from a
//! folder (`config/lexicons/`, which operators may edit) or compiled into the binary.

mod curated;
mod fold;
mod hashtags;
pub mod lexicon;
mod matcher;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize, Serializer};

use matcher::Matcher;

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

/// One entity found in a text: its canonical name (the lexicon's, e.g. "Semaglutide" for
/// "Ozempic") and the byte range `start..end` of the words that named it. A possessive `'s` is
/// not part of the range; a plural `s` is; for a hashtag the range is its body, without the `#`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    #[serde(serialize_with = "serialize_str")]
    pub canonical: Arc<str>,
    pub start: usize,
    pub end: usize,
}

fn serialize_str<S: Serializer>(value: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value)
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
    #[error("failed to build the entity matcher: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

impl LoadLexiconError {
    fn parse(file: &str, zero_based_line: usize, reason: &str) -> Self {
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
        drugs: include_str!("../../config/lexicons/drugs.tsv"),
        diseases: include_str!("../../config/lexicons/diseases.tsv"),
        abbreviations: include_str!("../../config/lexicons/abbreviations.tsv"),
        manufacturers: include_str!("../../config/lexicons/manufacturers.tsv"),
        stoplist: include_str!("../../config/lexicons/stoplist.txt"),
    };
}

/// Finds entities in text. Build it once (loading takes a fraction of a second in release builds)
/// and share it: tagging takes `&self`.
pub struct Tagger {
    matcher: Matcher,
}

impl Tagger {
    /// Loads `drugs.tsv`, `diseases.tsv`, `abbreviations.tsv`, `manufacturers.tsv` and
    /// `stoplist.txt` from `dir` (normally `config/lexicons/`).
    pub fn from_dir(dir: &Path) -> Result<Self, LoadLexiconError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| LoadLexiconError::Read { path, source })
        };
        let (drugs, diseases) = (read("drugs.tsv")?, read("diseases.tsv")?);
        let (abbreviations, manufacturers) =
            (read("abbreviations.tsv")?, read("manufacturers.tsv")?);
        let stoplist = read("stoplist.txt")?;
        Self::from_sources(LexiconSources {
            drugs: &drugs,
            diseases: &diseases,
            abbreviations: &abbreviations,
            manufacturers: &manufacturers,
            stoplist: &stoplist,
        })
    }

    /// Builds a tagger from file contents, applying the cleaning rules of [`lexicon`].
    pub fn from_sources(sources: LexiconSources<'_>) -> Result<Self, LoadLexiconError> {
        let stoplist = lexicon::Stoplist::parse(sources.stoplist);
        let mut rows = lexicon::clean_rows(
            lexicon::parse_lexicon(sources.drugs, "drugs.tsv")?,
            EntityKind::Drug,
        );
        rows.extend(lexicon::clean_rows(
            lexicon::parse_lexicon(sources.diseases, "diseases.tsv")?,
            EntityKind::Disease,
        ));
        let mut rows = lexicon::drop_ambiguous(rows);
        rows.retain(|row| !stoplist.stops(&row.variant, row.kind));
        let mut curated = curated::parse_abbreviations(sources.abbreviations, "abbreviations.tsv")?;
        curated.extend(curated::parse_manufacturers(
            sources.manufacturers,
            "manufacturers.tsv",
        )?);
        let matcher = Matcher::build(rows, curated, stoplist)?;
        Ok(Self { matcher })
    }

    /// The lexicons compiled into the binary, loaded on first use and shared, so the bot and the
    /// CLI tag the same way from any working folder. The bundled files are checked by this module's
    /// tests; should they ever fail to load anyway, this panics with the reason.
    pub fn bundled() -> &'static Tagger {
        static BUNDLED: OnceLock<Tagger> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Tagger::from_sources(LexiconSources::BUNDLED)
                .unwrap_or_else(|error| panic!("the bundled lexicons are invalid: {error}"))
        })
    }

    /// How many distinct folded variants the tagger knows.
    pub fn variant_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    /// Heap bytes held by the matching automaton, for memory reports.
    pub fn automaton_bytes(&self) -> usize {
        self.matcher.automaton_bytes()
    }

    /// The entities of `text`, sorted by start, never overlapping; where matches overlap the
    /// longest wins ("type 2 diabetes" over "diabetes").
    pub fn tag(&self, text: &str) -> Vec<Entity> {
        let mut candidates = Vec::new();
        self.matcher.collect(text, &mut candidates);
        if text.contains('#') {
            hashtags::collect(&self.matcher, text, &mut candidates);
        }
        matcher::select_longest(candidates, &self.matcher)
            .into_iter()
            .map(|candidate| {
                let (kind, canonical, _) = self.matcher.describe(candidate.entry);
                Entity {
                    kind,
                    canonical: canonical.clone(),
                    start: candidate.start,
                    end: candidate.end,
                }
            })
            .collect()
    }
}
