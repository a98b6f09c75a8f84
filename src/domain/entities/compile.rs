//! From lexicon texts to lookup tables: the cleaning rules of [`lexicon`], the curated lists, then
//! every variant (and each of its prefixes that ends where a word ends) into [`table`]'s blob. Runs
//! in `src/build.rs` for the bundled lexicons and at run time for a folder given by an operator.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::fold::is_word_char;
use super::table::{Writer, AMBIGUOUS, CONTINUES, CURATED, HAS_EXACT, NO_PATTERN};
use super::{curated, lexicon, spelling, EntityKind, LexiconSources, LoadLexiconError};

/// Hashtag bodies are matched whole against variants with their spaces and hyphens removed
/// ("#LongCovid" → "longcovid"); longer keys would only ever match hashtags nobody writes.
const MAX_SQUASHED_BYTES: usize = 40;

/// What a pattern can stand for. Several entries share a pattern when a curated line and a lexicon
/// line fold alike; curated entries come first and win ties.
struct Entry {
    kind: EntityKind,
    canonical: Arc<str>,
    /// For exact-case curated variants: the text must read exactly this.
    exact: Option<String>,
    curated: bool,
    ambiguous: bool,
}

/// The tables for `sources`, cleaned as [`lexicon`] and [`curated`] say.
pub fn compile(sources: LexiconSources<'_>) -> Result<Vec<u8>, LoadLexiconError> {
    let stoplist = lexicon::Stoplist::parse(sources.stoplist);
    let mut rows = lexicon::clean_rows(
        lexicon::parse_lexicon(sources.drugs, "drugs.tsv")?,
        EntityKind::Drug,
    );
    rows.extend(lexicon::clean_rows(
        lexicon::parse_lexicon(sources.diseases, "diseases.tsv")?,
        EntityKind::Disease,
    ));
    let known: HashSet<String> = rows.iter().map(|row| row.variant.clone()).collect();
    let mut rows = lexicon::drop_ambiguous(rows);
    rows.retain(|row| !stoplist.stops(&row.variant, row.kind));
    let british = british_spellings(&rows, &known);
    rows.extend(british);
    // Two American names with one British spelling: neither is guessed.
    let mut rows = lexicon::drop_ambiguous(rows);
    rows.retain(|row| !stoplist.stops(&row.variant, row.kind));
    let mut curated = curated::parse_abbreviations(sources.abbreviations, "abbreviations.tsv")?;
    curated.extend(curated::parse_manufacturers(
        sources.manufacturers,
        "manufacturers.tsv",
    )?);

    let mut pending: Vec<(String, Entry)> = Vec::with_capacity(rows.len() + curated.len());
    for entry in curated {
        pending.push((
            entry.folded,
            Entry {
                kind: entry.kind,
                canonical: Arc::from(entry.canonical),
                exact: entry.exact_case.then_some(entry.variant),
                curated: true,
                ambiguous: entry.ambiguous,
            },
        ));
    }
    for row in rows {
        let entry = Entry {
            kind: row.kind,
            canonical: row.canonical,
            exact: None,
            curated: false,
            ambiguous: false,
        };
        pending.push((row.variant, entry));
    }
    // Stable sort: per pattern, curated before lexicon, file order otherwise.
    pending.sort_by(|(a, x), (b, y)| a.cmp(b).then(y.curated.cmp(&x.curated)));
    Ok(write(pending))
}

/// The British spellings of the disease variants ("anaemia" for "anemia"), where the lexicon does
/// not list them already (`known`, before ambiguous variants were dropped): a spelling it lists
/// keeps its own meaning, or stays dropped.
fn british_spellings(
    rows: &[lexicon::LexiconRow],
    known: &HashSet<String>,
) -> Vec<lexicon::LexiconRow> {
    let mut added = Vec::new();
    for row in rows.iter().filter(|row| row.kind == EntityKind::Disease) {
        if let Some(variant) = spelling::british(&row.variant) {
            if !known.contains(&variant) {
                added.push(lexicon::LexiconRow {
                    variant,
                    kind: row.kind,
                    canonical: row.canonical.clone(),
                });
            }
        }
    }
    added
}

fn write(pending: Vec<(String, Entry)>) -> Vec<u8> {
    let mut out = Writer::default();
    let mut canonical_ids: HashMap<Arc<str>, u32> = HashMap::new();
    // Key → value in the variant table: a pattern id, and whether a longer variant continues it.
    let mut keys: HashMap<String, u32> = HashMap::new();
    let mut squashed: HashMap<String, u32> = HashMap::new();
    let mut last: Option<String> = None;
    let mut patterns = 0u32;
    for (pattern, entry) in pending {
        let entry_id = out.entries.len() as u32;
        if last.as_ref() != Some(&pattern) {
            out.first_entry.push(entry_id);
            out.punctuated_start |= !pattern.chars().next().is_some_and(is_word_char);
            // Matching walks the text word end by word end and stops at the first prefix no
            // variant has, so every prefix that ends where a word could end is a key.
            for (at, c) in pattern.char_indices().skip(1) {
                if !is_word_char(c) {
                    *keys.entry(pattern[..at].to_owned()).or_insert(NO_PATTERN) |= CONTINUES;
                }
            }
            let value = keys.entry(pattern.clone()).or_insert(NO_PATTERN);
            *value = (*value & CONTINUES) | patterns;
            patterns += 1;
            if pattern.contains(|c: char| !c.is_alphanumeric()) {
                let key: String = pattern.chars().filter(|c| c.is_alphanumeric()).collect();
                if key.len() <= MAX_SQUASHED_BYTES {
                    squashed.entry(key).or_insert(entry_id);
                }
            }
            last = Some(pattern);
        }
        let canonical = match canonical_ids.get(&entry.canonical) {
            Some(&id) => id,
            None => {
                let id = out.canonical(&entry.canonical);
                canonical_ids.insert(entry.canonical.clone(), id);
                id
            }
        };
        let mut flags = entry.kind as u32;
        if entry.curated {
            flags |= CURATED;
        }
        if entry.ambiguous {
            flags |= AMBIGUOUS;
        }
        let exact = match &entry.exact {
            Some(exact) => {
                flags |= HAS_EXACT;
                out.text(exact)
            }
            None => 0..0,
        };
        out.entries
            .push([canonical, flags, exact.start, exact.end - exact.start]);
    }
    out.first_entry.push(out.entries.len() as u32);
    // Sorted, so that the same lexicons always make the same blob.
    let mut keys: Vec<(String, u32)> = keys.into_iter().collect();
    keys.sort_unstable();
    for (key, value) in keys {
        out.key(&key, value);
    }
    let mut squashed: Vec<(String, u32)> = squashed.into_iter().collect();
    squashed.sort_unstable();
    for (key, entry) in squashed {
        out.squashed(&key, entry);
    }
    out.finish()
}
