//! Entity tagging: which drugs, diseases and manufacturers a text talks about, with their canonical
//! names and where they are. Tagging is whole-word and case-insensitive over the big lexicons,
//! exact-case for the curated abbreviations that need it ("MI", "PE"), and understands plurals,
//! possessives and camel-case hashtags. It is pure: the lexicons are given to it, either read from a
//! folder (`config/lexicons/`, which operators may edit) or compiled into the binary.

mod compile;
mod context;
mod curated;
pub mod display;
mod fold;
mod hashtags;
mod kind;
pub mod learned;
pub mod lexicon;
mod matcher;
mod nested;
mod senses;
mod spelling;
mod table;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Serialize, Serializer};

pub use kind::{EntityKind, LexiconSources, LoadLexiconError};
use matcher::{Candidate, Matcher};

/// The bundled lexicons' tables, compiled by `src/build.rs` from `config/lexicons/`.
static BUNDLED_TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-tables.bin"));

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

/// Finds entities in text. Build it once and share it: tagging takes `&self`. The bundled tagger
/// loads in milliseconds (its tables were compiled by `src/build.rs`); one read from a folder is
/// compiled when it is loaded, which takes longer.
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
        let tables = compile::compile(sources)?;
        let stoplist = lexicon::Stoplist::parse(sources.stoplist);
        let matcher = Matcher::new(Cow::Owned(tables), stoplist)
            .expect("tables written by compile are readable");
        Ok(Self { matcher })
    }

    /// The lexicons compiled into the binary, loaded on first use and shared, so the bot and the
    /// CLI tag the same way from any working folder. `src/build.rs` compiled them into tables that are
    /// read in place, so loading costs only the stop list and the canonical names (milliseconds).
    /// The bundled files are checked by this module's tests; should the tables be unreadable
    /// anyway, this panics with the reason.
    pub fn bundled() -> &'static Tagger {
        static BUNDLED: OnceLock<Tagger> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            let stoplist = lexicon::Stoplist::parse(LexiconSources::BUNDLED.stoplist);
            let matcher = Matcher::new(Cow::Borrowed(BUNDLED_TABLES), stoplist)
                .unwrap_or_else(|error| panic!("the bundled lexicon tables are invalid: {error}"));
            Tagger { matcher }
        })
    }

    /// How many distinct folded variants the tagger knows.
    pub fn variant_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    /// Bytes of the lookup tables (in the binary for the bundled lexicons), for memory reports.
    pub fn table_bytes(&self) -> usize {
        self.matcher.table_bytes()
    }

    /// The entities of `text`, sorted by start (the longer first on a tie). Where matches overlap
    /// the longest wins ("type 2 diabetes" over "diabetes"), with one exception: a disease named
    /// inside a vaccine's name ("Mpox" in "Mpox vaccine") is a mention of that disease too, so it
    /// is kept, nested, beside the vaccine.
    pub fn tag(&self, text: &str) -> Vec<Entity> {
        self.tag_reading(text, true)
    }

    /// The entities of a name typed on its own as a topic (`/digest setup … topics:MI`): the
    /// moderator chose it for the channel, so an abbreviation with other senses means its clinical
    /// one there, with no text around it to say so. Otherwise as [`Tagger::tag`].
    pub fn tag_topic(&self, text: &str) -> Vec<Entity> {
        self.tag_reading(text, false)
    }

    fn tag_reading(&self, text: &str, weigh_senses: bool) -> Vec<Entity> {
        let mut entities: Vec<Entity> = self
            .read(text, weigh_senses)
            .into_iter()
            .filter(|(_, kept)| *kept)
            .map(|(e, _)| e)
            .collect();
        // A learned model vetoes some diseases the rules keep; a topic typed alone has no words
        // around it to weigh.
        if weigh_senses {
            learned::veto(text, &mut entities);
        }
        entities
    }

    /// Every entity the lexicons find in `text` (overlaps resolved), each with whether the hand
    /// rules keep it: a disease word in an idiom, a name or another sense is found but not kept.
    fn read(&self, text: &str, weigh_senses: bool) -> Vec<(Entity, bool)> {
        let mut candidates = Vec::new();
        self.matcher.collect(text, &mut candidates);
        if text.contains('#') {
            hashtags::collect(&self.matcher, text, &mut candidates);
        }
        if candidates.is_empty() {
            return Vec::new();
        }
        // Only a text that names a vaccine needs the overlapped candidates back.
        let all = text.contains("accin").then(|| candidates.clone());
        let kept = matcher::select_longest(candidates, &self.matcher);
        let mut chosen: Vec<(Candidate, bool)> = kept
            .iter()
            .map(|&c| (c, self.matcher.is_ambiguous(c.entry)))
            .collect();
        if let Some(all) = all {
            chosen.extend(
                nested::diseases_in_vaccines(text, &kept, &all, &self.matcher).map(|c| (c, false)),
            );
            chosen.sort_by_key(|(c, _)| (c.start, std::cmp::Reverse(c.end)));
        }
        let entities: Vec<(Entity, bool)> = chosen
            .into_iter()
            .map(|(candidate, ambiguous)| (self.entity(candidate), ambiguous))
            .collect();
        let drugs: Vec<(usize, usize)> = entities
            .iter()
            .filter(|(e, _)| e.kind == EntityKind::Drug)
            .map(|(e, _)| (e.start, e.end))
            .collect();
        let starts: Vec<usize> = entities.iter().map(|(e, _)| e.start).collect();
        // Idioms, metaphors, organisation and product names and community hashtags name no disease.
        let entities: Vec<(Entity, bool, bool)> = entities
            .into_iter()
            .map(|(e, ambiguous)| {
                let kept = e.kind != EntityKind::Disease
                    || !(context::is_not_a_disease(text, e.start, e.end, &e.canonical)
                        || context::names_a_product(text, &drugs, &starts, e.start, e.end));
                (e, ambiguous, kept)
            })
            .collect();
        if !weigh_senses
            || !entities
                .iter()
                .any(|(_, ambiguous, kept)| *ambiguous && *kept)
        {
            return entities.into_iter().map(|(e, _, kept)| (e, kept)).collect();
        }
        // An abbreviation with other senses counts only where the text reads clinical; the other
        // entities found are part of that evidence.
        let others: Vec<(usize, usize)> = entities
            .iter()
            .filter(|(_, ambiguous, kept)| !ambiguous && *kept)
            .map(|(e, _, _)| (e.start, e.end))
            .collect();
        entities
            .into_iter()
            .map(|(e, ambiguous, kept)| {
                let kept =
                    kept && (!ambiguous || senses::reads_clinical(text, e.start, e.end, &others));
                (e, kept)
            })
            .collect()
    }

    fn entity(&self, candidate: Candidate) -> Entity {
        let (kind, canonical, _) = self.matcher.describe(candidate.entry);
        Entity {
            kind,
            canonical: canonical.clone(),
            start: candidate.start,
            end: candidate.end,
        }
    }
}
