//! Finding variants in text. The text is folded once; from each place a word starts, the walk goes
//! word end by word end, looking each span up in the variant table (one hash, extended byte by
//! byte) and stopping at the first span no variant continues, so most words cost one lookup.
//! Plurals ("statins", "PPIs") are one trailing `s` past a variant; a possessive ("Ozempic's") needs
//! nothing special, since the apostrophe already ends the word. Every hit starts and ends on word
//! edges; the longest non-overlapping ones are kept.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::fold::{ends_word, is_word_char, Folded};
use super::lexicon::Stoplist;
use super::table::{KeyHash, ReadTablesError, Tables, AMBIGUOUS, CONTINUES, CURATED, NO_PATTERN};
use super::EntityKind;

/// A possible entity, in byte offsets of the text it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) entry: u32,
}

pub(super) struct Matcher {
    tables: Tables,
    canonicals: Vec<Arc<str>>,
    stoplist: Stoplist,
}

impl Matcher {
    /// Reads tables written by [`super::compile`]; `stoplist` is the one they were compiled with.
    pub(super) fn new(
        blob: Cow<'static, [u8]>,
        stoplist: Stoplist,
    ) -> Result<Self, ReadTablesError> {
        let tables = Tables::read(blob)?;
        let canonicals = tables.canonicals().map(Arc::from).collect();
        Ok(Self {
            tables,
            canonicals,
            stoplist,
        })
    }

    /// Bytes of the lookup tables (the largest part of a loaded tagger).
    pub(super) fn table_bytes(&self) -> usize {
        self.tables.bytes()
    }

    pub(super) fn pattern_count(&self) -> usize {
        self.tables.pattern_count()
    }

    pub(super) fn describe(&self, entry: u32) -> (EntityKind, &Arc<str>, bool) {
        let (canonical, flags, _) = self.tables.entry(entry);
        let kind = match flags & 0xff {
            0 => EntityKind::Drug,
            1 => EntityKind::Disease,
            _ => EntityKind::Manufacturer,
        };
        (
            kind,
            &self.canonicals[canonical as usize],
            flags & CURATED != 0,
        )
    }

    fn is_curated(&self, entry: u32) -> bool {
        self.tables.entry(entry).1 & CURATED != 0
    }

    /// Whether an entry is a curated abbreviation with other senses ("MI", also Michigan).
    pub(super) fn is_ambiguous(&self, entry: u32) -> bool {
        self.tables.entry(entry).1 & AMBIGUOUS != 0
    }

    /// Appends every whole-word hit in `text`, in `text`'s byte offsets.
    pub(super) fn collect(&self, text: &str, out: &mut Vec<Candidate>) {
        let folded = Folded::new(text);
        let haystack = folded.text.as_str();
        let mut previous_is_word = false;
        for (start, c) in haystack.char_indices() {
            let is_word = is_word_char(c);
            let starts = !previous_is_word && (is_word || self.tables.punctuated_start);
            previous_is_word = is_word;
            if !starts {
                continue;
            }
            self.walk(haystack, start, |end, pattern, plural| {
                let (o_start, o_end) = (folded.original_offset(start), folded.original_offset(end));
                if let Some(entry) = self.pick_entry(pattern, &text[o_start..o_end], plural) {
                    out.push(Candidate {
                        start: o_start,
                        end: o_end,
                        entry,
                    });
                }
            });
        }
    }

    /// Calls `hit(end, pattern, plural)` for each variant starting at `start` and ending on a word
    /// edge, or one `s` before a word edge (`plural`, unless the stop list has the plural form);
    /// the plural of a span comes before the span itself, as the shorter match.
    fn walk(&self, haystack: &str, start: usize, mut hit: impl FnMut(usize, u32, bool)) {
        let bytes = haystack.as_bytes();
        let limit = bytes.len().min(start + self.tables.max_key + 1);
        let mut hash = KeyHash::new();
        let mut at = start;
        while at < limit {
            let before_last = hash;
            hash = hash.push(bytes[at]);
            at += 1;
            if !ends_word(haystack, at) {
                continue;
            }
            if bytes[at - 1] == b's' && at - 1 > start {
                let singular = &bytes[start..at - 1];
                if let Some(value) = self.tables.key(singular, before_last) {
                    let pattern = value & !CONTINUES;
                    if pattern != NO_PATTERN && !self.stoplist.contains(&haystack[start..at]) {
                        hit(at, pattern, true);
                    }
                }
            }
            let Some(value) = self.tables.key(&bytes[start..at], hash) else {
                return;
            };
            if value & !CONTINUES != NO_PATTERN {
                hit(at, value & !CONTINUES, false);
            }
            if value & CONTINUES == 0 {
                return;
            }
        }
    }

    /// The best entry of a pattern that accepts the original `surface` text.
    fn pick_entry(&self, pattern: u32, surface: &str, plural: bool) -> Option<u32> {
        self.tables
            .entries_of(pattern)
            .find(|&id| match self.tables.entry(id).2 {
                None => true,
                Some(exact) if plural => surface.strip_suffix('s') == Some(exact),
                Some(exact) => surface == exact,
            })
    }

    /// The entry a whole hashtag body names once its separators are gone, if any.
    pub(super) fn lookup_squashed(&self, body: &str) -> Option<u32> {
        let mut folded = String::with_capacity(body.len());
        for c in body.chars() {
            super::fold::push_folded(&mut folded, c);
        }
        let id = self.tables.squashed(&squash(&folded))?;
        // Exact-case entries keep their case here too: "#pe" is not "PE".
        let range = id..self.tables.entries_of(self.tables.pattern_of(id)).end;
        range.into_iter().find(|&id| match self.tables.entry(id).2 {
            None => true,
            Some(exact) => squash(exact) == squash(body),
        })
    }
}

/// Letters and digits only: the same for a folded variant and a hashtag body.
fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Keeps the longest candidates that do not overlap (curated before lexicon on equal length, then
/// the leftmost), returned in text order.
pub(super) fn select_longest(mut candidates: Vec<Candidate>, matcher: &Matcher) -> Vec<Candidate> {
    if candidates.len() <= 1 {
        return candidates;
    }
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then_with(|| {
                matcher
                    .is_curated(b.entry)
                    .cmp(&matcher.is_curated(a.entry))
            })
            .then(a.start.cmp(&b.start))
    });
    // start → end of every kept candidate, to test overlap in O(log n).
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    for candidate in candidates {
        let before = kept.range(..candidate.end).next_back();
        if before.is_some_and(|(_, k)| k.end > candidate.start) {
            continue;
        }
        kept.insert(candidate.start, candidate);
    }
    kept.into_values().collect()
}
