//! The tagger's lookup tables as one flat byte blob: `build.rs` writes the bundled lexicons' blob
//! at compile time and the binary reads it in place, so start-up builds nothing; a folder loaded at
//! run time goes through the same writer. Numbers are little-endian `u32`s, read where they lie.
//!
//! Two open-addressing hash tables (linear probing, a 32-bit tag per slot so that most misses never
//! touch a key) map folded text to values: every lexicon variant and every prefix of one that ends
//! where a word ends (so matching can stop as soon as no variant continues), and the "squashed"
//! variants (letters and digits only) for hashtag bodies. Beside them: each variant's entries, and
//! the canonical names.

use std::borrow::Cow;
use std::ops::Range;

const MAGIC: &[u8; 8] = b"RNDLEX01";

/// A key that is a proper prefix of a longer variant (in the value of the variant table).
pub(super) const CONTINUES: u32 = 1 << 31;
/// The value bits of a variant-table key that is only a prefix, not a variant itself.
pub(super) const NO_PATTERN: u32 = CONTINUES - 1;

/// The hash of `bytes`, one byte at a time so that matching can extend a key without rehashing it.
#[derive(Clone, Copy)]
pub(super) struct KeyHash(u64);

impl KeyHash {
    pub(super) const fn new() -> Self {
        Self(0x243f_6a88_85a3_08d3)
    }

    #[inline]
    pub(super) fn push(self, byte: u8) -> Self {
        Self(
            (self.0 ^ u64::from(byte))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(23),
        )
    }

    #[inline]
    fn finish(self, len: usize) -> u64 {
        let mut h = self.0 ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 31;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^ (h >> 29)
    }

    fn of(bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .fold(Self::new(), |h, &b| h.push(b))
            .finish(bytes.len())
    }
}

/// The two filter bits of a key's hash, from bits the table's slot index does not use.
#[inline]
fn filter_bits(hash: u64, mask: u64) -> [u64; 2] {
    [(hash >> 40) & mask, (hash >> 16) & mask]
}

/// Bytes compared as they are.
static IDENTITY: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b as u8;
        b += 1;
    }
    table
};

/// Sections of the blob, in order.
#[derive(Clone, Copy)]
enum Section {
    /// UTF-8 text of every key, canonical name and exact-case variant.
    Text,
    /// Variant table: slots of (tag, record + 1), then records of (text start, length, value).
    KeySlots,
    KeyRecords,
    /// Squashed-hashtag table, same layout; values are entry ids.
    SquashedSlots,
    SquashedRecords,
    /// Entries of pattern `p` are `first_entry[p]..first_entry[p + 1]`.
    FirstEntry,
    /// Per entry: canonical id, flags (kind in the low byte, curated, has exact, ambiguous), exact
    /// start, length.
    Entries,
    /// Per canonical name: text start, length.
    Canonicals,
    /// Whether some variant starts with a character that is not a letter or digit; longest key.
    Settings,
}

const SECTIONS: usize = 9;

pub(super) const CURATED: u32 = 1 << 8;
pub(super) const HAS_EXACT: u32 = 1 << 9;
/// A curated abbreviation with other senses, counted only in a clinical reading.
pub(super) const AMBIGUOUS: u32 = 1 << 10;

/// Writes the blob; `compile` fills it.
#[derive(Default)]
pub(super) struct Writer {
    text: String,
    keys: Vec<(Range<u32>, u32)>,
    squashed: Vec<(Range<u32>, u32)>,
    pub(super) first_entry: Vec<u32>,
    pub(super) entries: Vec<[u32; 4]>,
    canonicals: Vec<[u32; 2]>,
    pub(super) punctuated_start: bool,
    max_key: u32,
}

impl Writer {
    /// Appends `text` to the text section; returns where it lies.
    pub(super) fn text(&mut self, text: &str) -> Range<u32> {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        start..self.text.len() as u32
    }

    pub(super) fn key(&mut self, key: &str, value: u32) {
        self.max_key = self.max_key.max(key.len() as u32);
        let at = self.text(key);
        self.keys.push((at, value));
    }

    pub(super) fn squashed(&mut self, key: &str, entry: u32) {
        let at = self.text(key);
        self.squashed.push((at, entry));
    }

    pub(super) fn canonical(&mut self, name: &str) -> u32 {
        let at = self.text(name);
        self.canonicals.push([at.start, at.end - at.start]);
        (self.canonicals.len() - 1) as u32
    }

    pub(super) fn finish(self) -> Vec<u8> {
        let text = self.text.as_bytes();
        let (key_slots, key_records) = hash_table(text, &self.keys);
        let (sq_slots, sq_records) = hash_table(text, &self.squashed);
        let words = |v: &[u32]| v.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>();
        let sections: [Vec<u8>; SECTIONS] = [
            text.to_vec(),
            words(&key_slots),
            words(&key_records),
            words(&sq_slots),
            words(&sq_records),
            words(&self.first_entry),
            words(&self.entries.concat()),
            words(&self.canonicals.concat()),
            words(&[u32::from(self.punctuated_start), self.max_key]),
        ];
        let mut out = MAGIC.to_vec();
        for section in sections {
            out.extend((section.len() as u32).to_le_bytes());
            out.extend(&section);
            out.resize(out.len().next_multiple_of(4), 0);
        }
        out
    }
}

/// Slots (a power of two, at most 2/3 full) and records for `keys`.
fn hash_table(text: &[u8], keys: &[(Range<u32>, u32)]) -> (Vec<u32>, Vec<u32>) {
    let slot_count = (keys.len() * 3 / 2 + 1).next_power_of_two().max(2);
    let mask = slot_count - 1;
    let mut slots = vec![0u32; slot_count * 2];
    let mut records = Vec::with_capacity(keys.len() * 3);
    for (i, (at, value)) in keys.iter().enumerate() {
        let hash = KeyHash::of(&text[at.start as usize..at.end as usize]);
        let mut slot = hash as usize & mask;
        while slots[slot * 2 + 1] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot * 2] = (hash >> 32) as u32;
        slots[slot * 2 + 1] = i as u32 + 1;
        records.extend([at.start, at.end - at.start, *value]);
    }
    (slots, records)
}

/// The tables, read in place from a blob.
pub(super) struct Tables {
    blob: Cow<'static, [u8]>,
    sections: [Range<usize>; SECTIONS],
    key_mask: usize,
    squashed_mask: usize,
    /// A Bloom filter of the variant table's keys (two bits a key, from its hash), small enough to
    /// stay in cache: most words of a text start no variant, and are turned away here without a
    /// probe of the table.
    filter: Vec<u64>,
    filter_mask: u64,
    pub(super) punctuated_start: bool,
    pub(super) max_key: usize,
}

/// Why compiled lexicon tables could not be read: their layout is not the one [`super::compile`]
/// writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReadTablesError {
    #[error("the lexicon tables have an unknown format")]
    UnknownFormat,
    #[error("the lexicon tables are truncated")]
    Truncated,
    #[error("the lexicon tables have a malformed hash table")]
    MalformedHashTable,
}

impl Tables {
    /// Checks the blob's layout (not its contents: it is our own writer's output).
    pub(super) fn read(blob: Cow<'static, [u8]>) -> Result<Self, ReadTablesError> {
        if blob.get(..8) != Some(&MAGIC[..]) {
            return Err(ReadTablesError::UnknownFormat);
        }
        let mut at = 8;
        let mut sections: [Range<usize>; SECTIONS] = Default::default();
        for section in &mut sections {
            let len = blob
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize)
                .ok_or(ReadTablesError::Truncated)?;
            let start = at + 4;
            if blob.len() < start + len {
                return Err(ReadTablesError::Truncated);
            }
            *section = start..start + len;
            at = (start + len).next_multiple_of(4);
        }
        let slots = |s: Section| sections[s as usize].len() / 8;
        let (key_slots, squashed_slots) = (slots(Section::KeySlots), slots(Section::SquashedSlots));
        if !key_slots.is_power_of_two() || !squashed_slots.is_power_of_two() {
            return Err(ReadTablesError::MalformedHashTable);
        }
        let mut tables = Self {
            blob,
            sections,
            key_mask: key_slots - 1,
            squashed_mask: squashed_slots - 1,
            filter: Vec::new(),
            filter_mask: 0,
            punctuated_start: false,
            max_key: 0,
        };
        tables.build_filter();
        tables.punctuated_start = tables.word(Section::Settings, 0) != 0;
        tables.max_key = tables.word(Section::Settings, 1) as usize;
        Ok(tables)
    }

    /// About eight bits a key, a power of two.
    fn build_filter(&mut self) {
        let keys = self.sections[Section::KeyRecords as usize].len() / 12;
        let bits = (keys * 8).next_power_of_two().max(64);
        let mut filter = vec![0u64; bits / 64];
        let mask = bits as u64 - 1;
        for r in 0..keys {
            let (start, len) = (
                self.word(Section::KeyRecords, r * 3),
                self.word(Section::KeyRecords, r * 3 + 1),
            );
            let hash = KeyHash::of(self.text_bytes(start, len));
            for bit in filter_bits(hash, mask) {
                filter[(bit / 64) as usize] |= 1 << (bit % 64);
            }
        }
        self.filter = filter;
        self.filter_mask = mask;
    }

    /// Whether the variant table may hold a key of this (finished) hash.
    #[inline]
    fn may_hold(&self, hash: u64) -> bool {
        filter_bits(hash, self.filter_mask)
            .iter()
            .all(|&bit| self.filter[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }

    /// Bytes of the blob.
    pub(super) fn bytes(&self) -> usize {
        self.blob.len()
    }

    #[inline]
    fn word(&self, section: Section, index: usize) -> u32 {
        let at = self.sections[section as usize].start + index * 4;
        u32::from_le_bytes(self.blob[at..at + 4].try_into().expect("4 bytes"))
    }

    fn text(&self, start: u32, len: u32) -> &str {
        let base = self.sections[Section::Text as usize].start;
        let bytes = &self.blob[base + start as usize..base + (start + len) as usize];
        // Written from `&str`s at char boundaries by `Writer`.
        std::str::from_utf8(bytes).unwrap_or("")
    }

    fn text_bytes(&self, start: u32, len: u32) -> &[u8] {
        let base = self.sections[Section::Text as usize].start;
        &self.blob[base + start as usize..base + (start + len) as usize]
    }

    /// The value of the key equal to `key` once each of its bytes is looked up in `fold` (a key
    /// is stored folded; `fold` folds the text it is compared with on the fly, or is the identity).
    #[inline]
    fn lookup(
        &self,
        (slots, records): (Section, Section),
        mask: usize,
        key: &[u8],
        hash: u64,
        fold: &[u8; 256],
    ) -> Option<u32> {
        let tag = (hash >> 32) as u32;
        let mut slot = hash as usize & mask;
        loop {
            let record = self.word(slots, slot * 2 + 1);
            if record == 0 {
                return None;
            }
            if self.word(slots, slot * 2) == tag {
                let r = (record - 1) as usize * 3;
                let (start, len) = (self.word(records, r), self.word(records, r + 1));
                let stored = self.text_bytes(start, len);
                if stored.len() == key.len()
                    && stored.iter().zip(key).all(|(&s, &k)| s == fold[k as usize])
                {
                    return Some(self.word(records, r + 2));
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The variant table's value for `key` folded by `fold` (see [`super::fold::FOLD`]), whose
    /// [`KeyHash`] (of the folded bytes) is `hash` (before `finish`).
    #[inline]
    pub(super) fn key(&self, key: &[u8], hash: KeyHash, fold: &[u8; 256]) -> Option<u32> {
        let hash = hash.finish(key.len());
        if !self.may_hold(hash) {
            return None;
        }
        let sections = (Section::KeySlots, Section::KeyRecords);
        self.lookup(sections, self.key_mask, key, hash, fold)
    }

    /// The first entry of the variant whose squashed form is `key`.
    pub(super) fn squashed(&self, key: &str) -> Option<u32> {
        let hash = KeyHash::of(key.as_bytes());
        let sections = (Section::SquashedSlots, Section::SquashedRecords);
        self.lookup(
            sections,
            self.squashed_mask,
            key.as_bytes(),
            hash,
            &IDENTITY,
        )
    }

    pub(super) fn pattern_count(&self) -> usize {
        self.sections[Section::FirstEntry as usize].len() / 4 - 1
    }

    /// Entry ids of `pattern`.
    pub(super) fn entries_of(&self, pattern: u32) -> Range<u32> {
        let p = pattern as usize;
        self.word(Section::FirstEntry, p)..self.word(Section::FirstEntry, p + 1)
    }

    /// The pattern an entry belongs to.
    pub(super) fn pattern_of(&self, entry: u32) -> u32 {
        let (mut low, mut high) = (0, self.pattern_count());
        // The last pattern whose first entry is at or before `entry`.
        while high - low > 1 {
            let mid = (low + high) / 2;
            if self.word(Section::FirstEntry, mid) <= entry {
                low = mid;
            } else {
                high = mid;
            }
        }
        low as u32
    }

    /// The flags of an entry (kind in the low byte, [`CURATED`], [`HAS_EXACT`], [`AMBIGUOUS`]).
    #[inline]
    pub(super) fn flags(&self, entry: u32) -> u32 {
        self.word(Section::Entries, entry as usize * 4 + 1)
    }

    /// (canonical id, flags, exact-case text) of an entry.
    pub(super) fn entry(&self, entry: u32) -> (u32, u32, Option<&str>) {
        let e = entry as usize * 4;
        let flags = self.word(Section::Entries, e + 1);
        let exact = (flags & HAS_EXACT != 0).then(|| {
            self.text(
                self.word(Section::Entries, e + 2),
                self.word(Section::Entries, e + 3),
            )
        });
        (self.word(Section::Entries, e), flags, exact)
    }

    /// Every canonical name, in id order.
    pub(super) fn canonicals(&self) -> impl Iterator<Item = &str> {
        let count = self.sections[Section::Canonicals as usize].len() / 8;
        (0..count).map(|c| {
            self.text(
                self.word(Section::Canonicals, c * 2),
                self.word(Section::Canonicals, c * 2 + 1),
            )
        })
    }
}
