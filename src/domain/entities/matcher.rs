//! Finding variants in text. The text is folded once; from each place a word starts, the walk goes
//! word end by word end, looking each span up in the variant table (one hash, extended byte by
//! byte) and stopping at the first span no variant continues, so most words cost one lookup.
//! Plurals ("statins", "PPIs") are one trailing `s` past a variant; a possessive ("Ozempic's") needs
//! nothing special, since the apostrophe already ends the word. Every hit starts and ends on word
//! edges; the longest non-overlapping ones are kept.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::fold::{char_at, ends_word_in, is_word_char, Folded, ASCII_WORD, FOLD};
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
        let canonical = self.tables.entry(entry).0;
        let flags = self.tables.flags(entry);
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
        self.tables.flags(entry) & CURATED != 0
    }

    /// Whether an entry is a curated abbreviation with other senses ("MI", also Michigan).
    pub(super) fn is_ambiguous(&self, entry: u32) -> bool {
        self.tables.flags(entry) & AMBIGUOUS != 0
    }

    /// Appends every whole-word hit in `text`, in `text`'s byte offsets.
    pub(super) fn collect(&self, text: &str, out: &mut Vec<Candidate>) {
        if text.is_ascii() {
            // ASCII folds byte for byte: the text is folded on the fly, in its own offsets.
            self.collect_in(text.as_bytes(), text, |at| at, out);
        } else {
            let folded = Folded::new(text);
            let offset = |at| folded.original_offset(at);
            self.collect_in(folded.text.as_bytes(), text, offset, out);
        }
    }

    /// [`Matcher::collect`] over `haystack`, the bytes of `text` or of its folded form (whose
    /// offsets `offset` maps back to `text`'s); either is folded further byte by byte with
    /// [`FOLD`], which changes nothing in folded text.
    fn collect_in(
        &self,
        haystack: &[u8],
        text: &str,
        offset: impl Fn(usize) -> usize,
        out: &mut Vec<Candidate>,
    ) {
        let mut previous_is_word = false;
        let mut start = 0;
        while start < haystack.len() {
            let b = haystack[start];
            let (is_word, width) = if b < 0x80 {
                (ASCII_WORD[b as usize], 1)
            } else {
                let c = char_at(haystack, start).expect("a str's bytes");
                (is_word_char(c), c.len_utf8())
            };
            let starts = !previous_is_word && (is_word || self.tables.punctuated_start);
            previous_is_word = is_word;
            if starts {
                self.walk(haystack, start, |end, pattern, plural| {
                    let (o_start, o_end) = (offset(start), offset(end));
                    if let Some(entry) = self.pick_entry(pattern, &text[o_start..o_end], plural) {
                        out.push(Candidate {
                            start: o_start,
                            end: o_end,
                            entry,
                        });
                    }
                });
            }
            start += width;
        }
    }

    /// Calls `hit(end, pattern, plural)` for each variant starting at `start` and ending on a word
    /// edge, or one `s` before a word edge (`plural`, unless the stop list has the plural form);
    /// the plural of a span comes before the span itself, as the shorter match.
    #[inline]
    fn walk(&self, haystack: &[u8], start: usize, mut hit: impl FnMut(usize, u32, bool)) {
        let limit = haystack.len().min(start + self.tables.max_key + 1);
        let mut hash = KeyHash::new();
        let mut at = start;
        while at < limit {
            let before_last = hash;
            hash = hash.push(FOLD[haystack[at] as usize]);
            at += 1;
            if !ends_word_in(haystack, at) {
                continue;
            }
            if FOLD[haystack[at - 1] as usize] == b's' && at - 1 > start {
                let singular = &haystack[start..at - 1];
                if let Some(value) = self.tables.key(singular, before_last, &FOLD) {
                    let pattern = value & !CONTINUES;
                    if pattern != NO_PATTERN && !self.stoplisted(&haystack[start..at]) {
                        hit(at, pattern, true);
                    }
                }
            }
            let Some(value) = self.tables.key(&haystack[start..at], hash, &FOLD) else {
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

    /// Whether the stop list has `span` (bytes of a `str`, on character edges), once folded.
    fn stoplisted(&self, span: &[u8]) -> bool {
        let folded: Vec<u8> = span.iter().map(|&b| FOLD[b as usize]).collect();
        std::str::from_utf8(&folded).is_ok_and(|span| self.stoplist.contains(span))
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
    let overlaps = |k: &Candidate, c: &Candidate| k.start < c.end && k.end > c.start;
    if candidates.len() <= SMALL {
        // A post's few candidates: a scan of the kept ones is cheaper than a tree.
        let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            if !kept.iter().any(|k| overlaps(k, &candidate)) {
                kept.push(candidate);
            }
        }
        kept.sort_unstable_by_key(|c| c.start);
        return kept;
    }
    // start → end of every kept candidate, to test overlap in O(log n).
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    for candidate in candidates {
        let before = kept.range(..candidate.end).next_back();
        if before.is_some_and(|(_, k)| overlaps(k, &candidate)) {
            continue;
        }
        kept.insert(candidate.start, candidate);
    }
    kept.into_values().collect()
}

/// Up to this many candidates, [`select_longest`] scans instead of keeping a tree.
const SMALL: usize = 32;

#[cfg(test)]
mod tests {
    use super::super::fold::Folded;
    use super::super::Tagger;

    /// Folding ASCII text on the fly finds what matching its folded copy finds, on every labelled
    /// post and on forms that folding changes (case, tabs and line breaks, plurals in capitals).
    #[test]
    fn on_the_fly_folding_finds_what_the_folded_copy_finds() {
        let matcher = &Tagger::bundled().matcher;
        let labelled = [
            include_str!("../../../tests/tagging/posts.jsonl"),
            include_str!("../../../tests/tagging/diseases_tuning.jsonl"),
        ];
        let mut texts: Vec<String> = labelled
            .iter()
            .flat_map(|file| file.lines())
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let post: serde_json::Value = serde_json::from_str(line).expect("a labelled post");
                post["text"].as_str().expect("a text").to_owned()
            })
            .collect();
        texts.extend(
            [
                "TYPE 2\tDIABETES and Heart\nFailure on METFORMIN",
                "STATINS, PPIs and DOACs; Ozempic's price",
                "MI or mi? AFIB, afib, Afib",
                "#LongCovid #HeartFailureAwareness type 2 diabetes",
            ]
            .map(str::to_owned),
        );
        let mut compared = 0;
        for text in texts.iter().filter(|t| t.is_ascii()) {
            let mut fast = Vec::new();
            matcher.collect(text, &mut fast);
            let folded = Folded::new(text);
            let mut slow = Vec::new();
            matcher.collect_in(folded.text.as_bytes(), text, |at| at, &mut slow);
            assert_eq!(fast, slow, "{text}");
            compared += usize::from(!fast.is_empty());
        }
        assert!(compared > 100, "only {compared} texts had candidates");
    }
}
