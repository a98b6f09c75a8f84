//! Finding variants in text: one Aho-Corasick automaton over every folded variant, run once over the
//! folded text, keeping only hits that start and end on word edges, then choosing the longest
//! non-overlapping ones. Plurals ("statins", "PPIs") are one trailing `s` past a variant; a
//! possessive ("Ozempic's") needs nothing special, since the apostrophe already ends the word.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use super::curated::CuratedEntry;
use super::fold::{ends_word, starts_word, Folded};
use super::lexicon::{LexiconRow, Stoplist};
use super::EntityKind;

/// Hashtag bodies are matched whole against variants with their spaces and hyphens removed
/// ("#LongCovid" → "longcovid"); longer keys would only ever match hashtags nobody writes.
const MAX_SQUASHED_BYTES: usize = 40;

/// What a pattern can stand for. Several entries share a pattern when a curated line and a lexicon
/// line fold alike; curated entries come first and win ties.
#[derive(Debug)]
struct Entry {
    kind: EntityKind,
    canonical: u32,
    /// For exact-case curated variants: the text must read exactly this.
    exact: Option<Box<str>>,
    curated: bool,
}

/// A possible entity, in byte offsets of the text it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) entry: u32,
}

pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// Entries of pattern `p` are `entries[first_entry[p]..first_entry[p + 1]]`.
    first_entry: Vec<u32>,
    entries: Vec<Entry>,
    canonicals: Vec<Arc<str>>,
    /// Squashed variant (letters and digits only) → entry, for whole hashtag bodies.
    squashed: HashMap<Box<str>, u32>,
    stoplist: Stoplist,
}

impl Matcher {
    pub(super) fn build(
        lexicon: Vec<LexiconRow>,
        curated: Vec<CuratedEntry>,
        stoplist: Stoplist,
    ) -> Result<Self, aho_corasick::BuildError> {
        let mut canonical_ids: HashMap<Arc<str>, u32> = HashMap::new();
        let mut canonicals: Vec<Arc<str>> = Vec::new();
        let mut intern = |name: Arc<str>| -> u32 {
            *canonical_ids.entry(name.clone()).or_insert_with(|| {
                canonicals.push(name);
                (canonicals.len() - 1) as u32
            })
        };
        let mut pending: Vec<(String, Entry)> = Vec::with_capacity(lexicon.len() + curated.len());
        for entry in curated {
            let canonical = intern(Arc::from(entry.canonical));
            let exact = entry.exact_case.then(|| entry.variant.into_boxed_str());
            let kind = entry.kind;
            pending.push((
                entry.folded,
                Entry {
                    kind,
                    canonical,
                    exact,
                    curated: true,
                },
            ));
        }
        for row in lexicon {
            let canonical = intern(row.canonical);
            let entry = Entry {
                kind: row.kind,
                canonical,
                exact: None,
                curated: false,
            };
            pending.push((row.variant, entry));
        }
        // Stable sort: per pattern, curated before lexicon, file order otherwise.
        pending.sort_by(|(a, x), (b, y)| a.cmp(b).then(y.curated.cmp(&x.curated)));

        let mut patterns: Vec<String> = Vec::new();
        let mut first_entry = Vec::new();
        let mut entries = Vec::with_capacity(pending.len());
        let mut squashed = HashMap::new();
        for (pattern, entry) in pending {
            if patterns.last() != Some(&pattern) {
                first_entry.push(entries.len() as u32);
                if pattern.contains(|c: char| !c.is_alphanumeric()) {
                    let key = squash(&pattern);
                    if key.len() <= MAX_SQUASHED_BYTES {
                        squashed
                            .entry(key.into_boxed_str())
                            .or_insert(entries.len() as u32);
                    }
                }
                patterns.push(pattern);
            }
            entries.push(entry);
        }
        first_entry.push(entries.len() as u32);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)?;
        Ok(Self {
            automaton,
            first_entry,
            entries,
            canonicals,
            squashed,
            stoplist,
        })
    }

    /// Heap bytes held by the automaton (the largest part of a loaded tagger).
    pub(super) fn automaton_bytes(&self) -> usize {
        self.automaton.memory_usage()
    }

    pub(super) fn pattern_count(&self) -> usize {
        self.first_entry.len() - 1
    }

    pub(super) fn describe(&self, entry: u32) -> (EntityKind, &Arc<str>, bool) {
        let entry = &self.entries[entry as usize];
        (
            entry.kind,
            &self.canonicals[entry.canonical as usize],
            entry.curated,
        )
    }

    /// Appends every whole-word hit in `text`, in `text`'s byte offsets.
    pub(super) fn collect(&self, text: &str, out: &mut Vec<Candidate>) {
        let folded = Folded::new(text);
        let haystack = folded.text.as_str();
        for hit in self.automaton.find_overlapping_iter(haystack) {
            let (start, end) = (hit.start(), hit.end());
            if !starts_word(haystack, start) {
                continue;
            }
            let end = if ends_word(haystack, end) {
                end
            } else if haystack.as_bytes()[end] == b's'
                && ends_word(haystack, end + 1)
                && !self.stoplist.contains(&haystack[start..end + 1])
            {
                end + 1
            } else {
                continue;
            };
            let (o_start, o_end) = (folded.original_offset(start), folded.original_offset(end));
            let plural = end != hit.end();
            if let Some(entry) =
                self.pick_entry(hit.pattern().as_usize(), &text[o_start..o_end], plural)
            {
                out.push(Candidate {
                    start: o_start,
                    end: o_end,
                    entry,
                });
            }
        }
    }

    /// The best entry of a pattern that accepts the original `surface` text.
    fn pick_entry(&self, pattern: usize, surface: &str, plural: bool) -> Option<u32> {
        let range = self.first_entry[pattern]..self.first_entry[pattern + 1];
        range
            .into_iter()
            .find(|&id| match &self.entries[id as usize].exact {
                None => true,
                Some(exact) if plural => surface.strip_suffix('s') == Some(&**exact),
                Some(exact) => surface == &**exact,
            })
    }

    /// The entry a whole hashtag body names once its separators are gone, if any.
    pub(super) fn lookup_squashed(&self, body: &str) -> Option<u32> {
        let mut folded = String::with_capacity(body.len());
        for c in body.chars() {
            super::fold::push_folded(&mut folded, c);
        }
        let id = *self.squashed.get(squash(&folded).as_str())?;
        // Exact-case entries keep their case here too: "#pe" is not "PE".
        let first_of_pattern = self.first_entry.partition_point(|&f| f <= id) - 1;
        let range = id..self.first_entry[first_of_pattern + 1];
        range
            .into_iter()
            .find(|&id| match &self.entries[id as usize].exact {
                None => true,
                Some(exact) => squash_keep_case(exact) == squash_keep_case(body),
            })
    }
}

fn squash(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn squash_keep_case(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Keeps the longest candidates that do not overlap (curated before lexicon on equal length, then
/// the leftmost), returned in text order.
pub(super) fn select_longest(mut candidates: Vec<Candidate>, matcher: &Matcher) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        let curated = |c: &Candidate| matcher.entries[c.entry as usize].curated;
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(curated(b).cmp(&curated(a)))
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
