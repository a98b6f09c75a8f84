//! The hand-written word lists behind name detection, compiled into the binary.
//!
//! `names.txt` holds common given names and surnames from many languages. Names that are also
//! ordinary English words ("Grace", "Mark", "Brown", "Hill") sit in the `-ambiguous` sections and
//! count only next to another name or after a title. `cues.txt` holds the titles and words that
//! announce a name ("Dr", "patient named", "her son"). `eponyms.txt` holds the people whose names
//! became diseases, signs and scores, and the nouns that follow such an eponym ("disease",
//! "sign", "score"). `stopwords.txt` holds capitalised words that are never part of a name.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub(super) struct Lexicon {
    pub given: HashSet<String>,
    pub given_ambiguous: HashSet<String>,
    pub surnames: HashSet<String>,
    pub surnames_ambiguous: HashSet<String>,
    pub eponyms: HashSet<String>,
    pub eponym_nouns: HashSet<String>,
    pub stopwords: HashSet<String>,
    pub titles: HashSet<String>,
    pub noun_titles: HashSet<String>,
    pub person_cues: HashSet<String>,
    pub verb_cues: HashSet<String>,
    pub speech_verbs: HashSet<String>,
    pub fillers: HashSet<String>,
    pub particles: HashSet<String>,
    pub relations: HashSet<String>,
}

pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let names = sections(include_str!("names.txt"));
    let eponyms = sections(include_str!("eponyms.txt"));
    let stopwords = sections(include_str!("stopwords.txt"));
    let cues = sections(include_str!("cues.txt"));
    let take = |sections: &[(String, HashSet<String>)], name: &str| {
        sections
            .iter()
            .find(|(section, _)| section == name)
            .map(|(_, words)| words.clone())
            .unwrap_or_default()
    };
    Lexicon {
        given: take(&names, "given"),
        given_ambiguous: take(&names, "given-ambiguous"),
        surnames: take(&names, "surname"),
        surnames_ambiguous: take(&names, "surname-ambiguous"),
        eponyms: take(&eponyms, "eponym"),
        eponym_nouns: take(&eponyms, "noun"),
        stopwords: take(&stopwords, "stopword"),
        titles: take(&cues, "title"),
        noun_titles: take(&cues, "noun-title"),
        person_cues: take(&cues, "person"),
        verb_cues: take(&cues, "verb"),
        speech_verbs: take(&cues, "speech"),
        fillers: take(&cues, "filler"),
        particles: take(&cues, "particle"),
        relations: take(&cues, "relation"),
    }
});

impl Lexicon {
    /// A given name that is not also an everyday word.
    pub fn is_given(&self, key: &str) -> bool {
        self.given.contains(key)
    }

    /// Any personal name, ambiguous or not.
    pub fn is_any_name(&self, key: &str) -> bool {
        self.given.contains(key)
            || self.given_ambiguous.contains(key)
            || self.surnames.contains(key)
            || self.surnames_ambiguous.contains(key)
    }

    pub fn is_surname(&self, key: &str) -> bool {
        self.surnames.contains(key) || self.surnames_ambiguous.contains(key)
    }

    /// A word that ends a name, or can never start one.
    pub fn is_stopword(&self, key: &str) -> bool {
        self.stopwords.contains(key) || self.eponym_nouns.contains(key)
    }

    /// A noun that turns the name before it into an eponym: "disease", "sign", "-ectomy"…
    pub fn is_eponym_noun(&self, key: &str) -> bool {
        const SUFFIXES: [&str; 10] = [
            "ectomy", "otomy", "ostomy", "plasty", "pexy", "rrhaphy", "scopy", "itis", "oma",
            "pathy",
        ];
        self.eponym_nouns.contains(key)
            || SUFFIXES
                .iter()
                .any(|suffix| key.len() > suffix.len() + 2 && key.ends_with(suffix))
    }
}

/// The form a word is looked up by: accents stripped, apostrophes dropped, lower case, so that
/// "O’Brien", "OBrien" and "obrien" are one name and "Zoë" is "zoe".
pub(super) fn key(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c) && !matches!(c, '\'' | '’' | '‘' | '`'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a list file into `[section]`s of words; `#` starts a comment, words are separated by
/// white space.
fn sections(source: &str) -> Vec<(String, HashSet<String>)> {
    let mut out: Vec<(String, HashSet<String>)> = Vec::new();
    for line in source.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            out.push((name.to_owned(), HashSet::new()));
        } else if let Some((_, words)) = out.last_mut() {
            words.extend(line.split_whitespace().map(key));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_apostrophes() {
        assert_eq!(key("O’Brien"), "obrien");
        assert_eq!(key("Zoë"), "zoe");
        assert_eq!(key("Wiśniewski"), "wisniewski");
    }

    #[test]
    fn every_section_is_loaded_and_lists_do_not_contradict_each_other() {
        let lexicon = &*LEXICON;
        assert!(
            lexicon.given.len() >= 300,
            "given names: {}",
            lexicon.given.len()
        );
        assert!(
            lexicon.surnames.len() >= 300,
            "surnames: {}",
            lexicon.surnames.len()
        );
        assert!(!lexicon.given_ambiguous.is_empty() && !lexicon.surnames_ambiguous.is_empty());
        assert!(lexicon.eponyms.contains("parkinson") && lexicon.eponym_nouns.contains("syndrome"));
        assert!(lexicon.titles.contains("dr") && lexicon.person_cues.contains("patient"));
        assert!(lexicon.noun_titles.is_subset(&lexicon.titles));
        let clashes: Vec<&String> = lexicon
            .given
            .iter()
            .chain(&lexicon.surnames)
            .filter(|name| lexicon.is_stopword(name) || lexicon.eponyms.contains(*name))
            .collect();
        assert!(
            clashes.is_empty(),
            "listed both as a name and as a non-name: {clashes:?}"
        );
    }
}
