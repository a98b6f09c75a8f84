//! The small hand-made lists: clinicians' abbreviations and shorthand (`abbreviations.tsv`) and
//! pharmaceutical manufacturers (`manufacturers.tsv`). They skip the stop list, and their case is
//! meaningful: a variant written all in lower case matches in any case ("afib" finds AFib and
//! AFIB), one written with a capital matches only exactly as written ("MI" never finds "mi").
//! An abbreviation whose fourth column names other senses ("MI" is also Michigan) is ambiguous: it
//! counts only where the words around it read clinical (`super::senses`).

use std::str::FromStr;

use super::fold::fold_phrase;
use super::{EntityKind, LoadLexiconError};

/// One curated line, ready for the matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedEntry {
    /// As written in the file, trimmed: what an exact-case variant must equal.
    pub variant: String,
    pub folded: String,
    pub exact_case: bool,
    pub kind: EntityKind,
    pub canonical: String,
    /// Whether the variant also means something else in ordinary text ("MI", Michigan).
    pub ambiguous: bool,
}

impl CuratedEntry {
    fn new(variant: &str, kind: EntityKind, canonical: &str) -> Self {
        let variant = variant.trim().to_owned();
        Self {
            folded: fold_phrase(&variant),
            exact_case: variant.chars().any(char::is_uppercase),
            variant,
            kind,
            canonical: canonical.trim().to_owned(),
            ambiguous: false,
        }
    }
}

/// Parses `abbreviations.tsv`: a `variant<TAB>kind<TAB>canonical[<TAB>other senses]` header, then
/// rows of that shape. A non-empty fourth column (what else the variant means, for the reader)
/// marks the variant ambiguous.
pub fn parse_abbreviations(text: &str, file: &str) -> Result<Vec<CuratedEntry>, LoadLexiconError> {
    parse_rows(text, file, 3, |columns, number| {
        let kind = EntityKind::from_str(columns[1].trim()).map_err(|()| {
            LoadLexiconError::parse(file, number, "kind must be drug, disease or manufacturer")
        })?;
        let mut entry = CuratedEntry::new(columns[0], kind, columns[2]);
        entry.ambiguous = columns
            .get(3)
            .is_some_and(|senses| !senses.trim().is_empty());
        Ok(entry)
    })
}

/// Parses `manufacturers.tsv`: a `variant<TAB>canonical` header, then rows of that shape.
pub fn parse_manufacturers(text: &str, file: &str) -> Result<Vec<CuratedEntry>, LoadLexiconError> {
    parse_rows(text, file, 2, |columns, _| {
        Ok(CuratedEntry::new(
            columns[0],
            EntityKind::Manufacturer,
            columns[1],
        ))
    })
}

fn parse_rows(
    text: &str,
    file: &str,
    width: usize,
    build: impl Fn(&[&str], usize) -> Result<CuratedEntry, LoadLexiconError>,
) -> Result<Vec<CuratedEntry>, LoadLexiconError> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("variant\t") {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < width || columns.iter().take(width).any(|c| c.trim().is_empty()) {
            let reason = format!("expected {width} tab-separated, non-empty columns");
            return Err(LoadLexiconError::parse(file, number, &reason));
        }
        let entry = build(&columns, number)?;
        if entry.folded.is_empty() {
            return Err(LoadLexiconError::parse(
                file,
                number,
                "the variant is empty",
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}
