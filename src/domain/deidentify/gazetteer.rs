//! The gazetteers shipped under `config/deidentify/` (see its README for sources and licences):
//! given names and surnames with how common they are, cities, towns and counties, and the words to
//! keep because they are medicine or plain English as well as a name or a place.
//!
//! Each list is a sorted file compiled into the binary and searched in place, so loading costs one
//! pass over the text and four bytes a word, not a hash set of owned strings.

use std::sync::LazyLock;

/// A sorted list of words, each optionally followed by a tab and a count.
pub(super) struct Words {
    text: &'static str,
    /// Byte offset of each line's start; lines are sorted by their word.
    starts: Vec<u32>,
}

impl Words {
    fn parse(text: &'static str) -> Self {
        let mut starts = Vec::new();
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            if !line.starts_with('#') && !line.trim().is_empty() {
                starts.push(u32::try_from(offset).expect("a gazetteer is under 4 GiB"));
            }
            offset += line.len();
        }
        Self { text, starts }
    }

    fn line(&self, i: usize) -> (&'static str, u32) {
        let rest = &self.text[self.starts[i] as usize..];
        let line = rest.split('\n').next().unwrap_or_default();
        match line.split_once('\t') {
            Some((word, count)) => (word, count.trim().parse().unwrap_or(0)),
            None => (line.trim_end(), 0),
        }
    }

    /// The count stored with `key` (0 when none is), or `None` when `key` is not listed.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.starts
            .binary_search_by(|&start| {
                let rest = &self.text[start as usize..];
                let end = rest.find(['\t', '\n']).unwrap_or(rest.len());
                rest[..end].trim_end().cmp(key)
            })
            .ok()
            .map(|i| self.line(i).1)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the lines are in the order binary search needs.
    #[cfg(test)]
    fn is_sorted(&self) -> bool {
        (1..self.len()).all(|i| self.line(i - 1).0 < self.line(i).0)
    }
}

pub(super) struct Gazetteer {
    /// Given names; the count is people per 100,000 in the 1990 US Census (0: not in the Census).
    pub given: Words,
    /// Surnames, counted the same way.
    pub surnames: Words,
    /// Cities, towns, counties, boroughs; multi-word places are joined by single spaces.
    pub places: Words,
    /// Medical and common words that are also names or places, and brands that look like names.
    pub keep: Words,
    pub keep_extra: Words,
    /// Countries, US states and UK nations, which may stay but say the word before is a town.
    pub regions: Words,
}

pub(super) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer {
    given: Words::parse(include_str!("../../../config/deidentify/given-names.tsv")),
    surnames: Words::parse(include_str!("../../../config/deidentify/surnames.tsv")),
    places: Words::parse(include_str!("../../../config/deidentify/places.txt")),
    keep: Words::parse(include_str!("../../../config/deidentify/keep-words.txt")),
    keep_extra: Words::parse(include_str!("../../../config/deidentify/keep-extra.txt")),
    regions: Words::parse(include_str!("../../../config/deidentify/regions.txt")),
});

impl Gazetteer {
    /// A word that is medicine or ordinary English, whatever else it is: never a name on the
    /// gazetteers' word alone.
    pub fn keeps(&self, key: &str) -> bool {
        self.keep.contains(key) || self.keep_extra.contains(key)
    }

    /// A word the lexicons or the common-English stop list know (marked 1 in `keep-words.txt`):
    /// never a place on the gazetteer's word alone. philter-ucsf's whitelist alone does not count
    /// here, as it lists big cities.
    pub fn keeps_from_places(&self, key: &str) -> bool {
        self.keep.get(key).is_some_and(|mark| mark == 1) || self.keep_extra.contains(key)
    }

    /// How many in 100,000 people have this given name: `None` if it is not a name, `Some(0)` if
    /// it is a name the Census did not count.
    pub fn given(&self, key: &str) -> Option<u32> {
        self.given.get(key)
    }

    pub fn surname(&self, key: &str) -> Option<u32> {
        self.surnames.get(key)
    }

    pub fn is_place(&self, key: &str) -> bool {
        self.places.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_loaded_sorted_and_looked_up_exactly() {
        let g = &*GAZETTEER;
        for (name, words, at_least) in [
            ("given", &g.given, 50_000),
            ("surnames", &g.surnames, 100_000),
            ("places", &g.places, 30_000),
            ("keep", &g.keep, 5_000),
            ("keep extra", &g.keep_extra, 100),
        ] {
            assert!(words.len() >= at_least, "{name}: {}", words.len());
            assert!(words.is_sorted(), "{name} is not sorted");
        }
        assert!(g.given("margaret").is_some_and(|n| n > 100));
        assert!(g.surname("smith").is_some_and(|n| n > 500));
        assert!(g.is_place("manchester") && g.is_place("cook county"));
        assert!(!g.is_place("texas"), "a state may stay (Safe Harbor)");
        assert!(g.keeps("hope") && g.keeps("camila"));
        assert_eq!(g.given("zzzz"), None);
        assert_eq!(g.surname(""), None);
    }
}
