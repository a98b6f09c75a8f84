//! Names found by how a note about a person is put together (issue #13, sixth revision), for
//! given names the lists know only as rare or not at all:
//! - one to three name-like words, then where the person is from or lies: "Sipho from Mthatha",
//!   "Efua at Ridge", "Wanjiru (Nyeri)", "asked re Amina from Kano";
//! - a possessive word no list knows, owning something other than an eponym's noun: "Akosua's
//!   drain" ("Kikuchi's disease", "Bartter's or Gitelman's" stay);
//! - a listed given name opening a sentence and doing something: "Gurpreet posted…";
//! - EHR surnames written otherwise than "SURNAME, Given": "NDLOVU Thabo" (no comma), "DLAMINI,
//!   Zodwa" (neither on a list), "Adeyemi, Folake" (title case before a given name found);
//! - surname-first Chinese, Vietnamese and Korean names, with syllables that are also English
//!   words or month abbreviations: "Tan Mei Ling", "Nguyen Thi Lan", "Kim Min-jun", "Ken Tan";
//! - initials after "handed over": "Handed over JK in bay 4";
//! - the word opening a note, set off by a dash: "Kwabena - full name withheld - malaria";
//! - list items opening like their neighbours: "Ogunbiyi AKI; Hargreaves CAP; Thompson falls";
//! - a word no list knows right before a surname found: "Gbenga [Afolabi]".

use std::sync::LazyLock;

use regex::Regex;

use super::super::english;
use super::super::window_before;
use super::context::{drug_shaped, HANDED_OVER_BEFORE};
use super::tokens::{Gap, Shape, Token};
use super::{Evidence, Finder, ACTS_AFTER};

/// Where someone is from or lies, right after their name: "from Gisborne", "at Plot 5", "in
/// Cumbernauld", "(Nyeri)", "(Hamilton East)", ", Zaria:".
static WHERE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s+(?:from|at|in)\s+\p{Lu}|\s*\(\s*\p{Lu}[\p{Ll}ʻ'’-]+(?:\s+\p{Lu}[\p{Ll}ʻ'’-]+)?\s*[,)]|\s*,\s*\p{Lu}[\p{Ll}ʻ'’-]+\s*[:;])",
    )
    .expect("where-after compiles")
});

/// Words after which a person's name comes: "asked re Amina", "visit for Musa".
const PERSON_BEFORE: [&str; 5] = ["re", "for", "about", "regarding", "see"];

/// What follows an eponym named alone: "Bartter's or Gitelman's", "Sever's both".
const ALONE_AFTER: [&str; 9] = [
    "or", "and", "both", "nor", "vs", "versus", "with", "without", "is",
];

/// A note opening with a word set off by a dash or a colon: "Kwabena - malaria - …", "Ama:
/// sickle crisis …".
static SET_OFF_OPENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+[-–—:]\s").expect("set-off opening compiles"));

/// Endings of English nouns for people and things ("Fisherman", "Traveller", "Workarounds"),
/// which the word filter may not list in every spelling: such a word is no name on context alone.
const NOUN_ENDINGS: [&str; 14] = [
    "man", "men", "er", "ers", "or", "ors", "ist", "ess", "ing", "tion", "ness", "ment", "ity", "s",
];

fn noun_shaped(key: &str) -> bool {
    !key.ends_with("ss") && NOUN_ENDINGS.iter().any(|ending| key.ends_with(ending))
}

/// Romanised Chinese syllables (pinyin, Wade–Giles, Hokkien and Cantonese spellings): an optional
/// initial, one to three vowels, an optional final.
pub(in crate::domain::deidentify) static CHINESE_SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ng|(?:zh|ch|sh|ts|[bcdfghjklmnpqrstwxyz])h?[aeiouy]{1,3}(?:ng|n|m|h|k|p|t|w)?|[aeiou]{1,2}(?:ng|n|h)?)$")
        .expect("chinese syllable compiles")
});

/// What follows initials that stand for a patient: where they lie, a pause, or who they are
/// ("RT in bay 2", "RT, NSTEMI"), not a noun ("CT results").
static PATIENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:[,.;:)]|$)|\s+(?:in|on|with|who|from)\b)")
        .expect("patient after compiles")
});

impl Finder<'_> {
    pub(super) fn openings(&mut self, text: &str) {
        self.rule = "context: name, then where from";
        self.name_then_where(text);
        self.rule = "context: unknown word owning something";
        self.unknown_possessive();
        self.rule = "context: given name opening a sentence, acting";
        self.given_acting(text);
        self.rule = "context: EHR surname in capitals";
        self.capitals_surname(text);
        self.rule = "context: Chinese name order";
        self.chinese_order();
        self.rule = "context: initials handed over";
        self.initials_handed_over(text);
        self.rule = "context: name opening a note, set off";
        self.set_off_opening(text);
        self.rule = "context: list item like its neighbours";
        self.parallel_list_items(text);
        self.rule = "context: unknown word before a surname found";
        self.unknown_before_marked(text);
    }

    /// A word that is no English, clinical or place word, or a listed given name that is not
    /// also a word: what may be a person's name on context.
    fn name_like(&self, token: &Token, text: &str) -> bool {
        !token.possessive
            && !self.never_a_name(token)
            && (self.unknown(token, text) && !noun_shaped(&token.key)
                || (self.listed_given(token)
                    && !self.protected(token)
                    && !drug_shaped(&token.key)
                    && (token.shape == Shape::Capitalised || token.sentence_start)))
    }

    fn name_then_where(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if self.marked[i].is_some() || !self.name_like(token, text) {
                continue;
            }
            let person_before = i > 0
                && PERSON_BEFORE.contains(&self.tokens[i - 1].key.as_str())
                && token.gap == Gap::Space;
            if !(token.sentence_start || person_before) {
                continue;
            }
            // "Nomvula Zungu from Soweto": a second name-like word or a listed surname may follow.
            let mut end = i + 1;
            while let Some(next) = self.tokens.get(end) {
                let joined = next.gap == Gap::Space
                    && next.shape == Shape::Capitalised
                    && !self.tokens[end - 1].possessive
                    && (self.name_like(next, text)
                        || (self.is_surname(next) && !self.never_a_name(next)));
                if !joined || end - i >= 3 {
                    break;
                }
                end += 1;
            }
            if WHERE_AFTER.is_match(&text[self.tokens[end - 1].end..]) {
                self.mark_range(i, end, Evidence::Cue);
            }
        }
    }

    fn unknown_possessive(&mut self) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if self.marked[i].is_some() || !token.possessive || token.shape != Shape::Capitalised {
                continue;
            }
            let mut plain = token.clone();
            plain.possessive = false;
            let owned = self.tokens.get(i + 1);
            // "Bartter's or Gitelman's", "Sever's both": an eponym no list knows, named alone.
            let eponym_noun = owned.is_some_and(|n| {
                self.lexicon.is_eponym_noun(&n.key) || ALONE_AFTER.contains(&n.key.as_str())
            });
            let name = self.unknown_key(&plain)
                || (self.listed_given(&plain)
                    && !self.protected(&plain)
                    && !self.gazetteer.is_place(&plain.key));
            if name && !eponym_noun && owned.is_some_and(|n| n.gap == Gap::Space) {
                self.mark_range(i, i + 1, Evidence::Words);
            }
        }
    }

    /// `unknown` for a token whose written form may carry a possessive.
    fn unknown_key(&self, token: &Token) -> bool {
        let key = &token.key;
        key.chars().count() >= 3
            && !self.protected(token)
            && !self.gazetteer.is_place(key)
            && !drug_shaped(key)
            && !key.split('-').any(|part| {
                part.chars().count() < 2
                    || english::is_word(part)
                    || self.lexicon.eponyms.contains(part)
                    || self.gazetteer.keeps(part)
            })
    }

    /// "Gurpreet posted in our group", "Winston had…": a given name the lists know, opening a
    /// sentence, then a verb.
    fn given_acting(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            let given = token.shape == Shape::Capitalised
                && token.sentence_start
                && self.marked[i].is_none()
                && self.listed_given(token)
                && !self.known_word(token)
                && !self.never_a_name(token)
                && !token.possessive;
            if given && ACTS_AFTER.is_match(super::super::window_after(text, token.end, 24)) {
                self.mark_range(i, i + 1, Evidence::Words);
            }
        }
    }

    /// A word in capitals that no list knows, long enough not to be a usual acronym.
    fn capitals_unknown(&self, token: &Token, text: &str) -> bool {
        let written = &text[token.start..token.end];
        token.shape == Shape::Other
            && written.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && written
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '’'))
            && !english::is_word(&token.key)
            && !self.protected(token)
            && !self.gazetteer.is_place(&token.key)
            && !drug_shaped(&token.key)
    }

    /// "NDLOVU Thabo", "DLAMINI, Zodwa", "Adeyemi, Folake": a surname first, the given name after.
    fn capitals_surname(&mut self, text: &str) {
        for i in 0..self.tokens.len().saturating_sub(1) {
            let (surname, given) = (&self.tokens[i], &self.tokens[i + 1]);
            if given.shape != Shape::Capitalised || given.possessive {
                continue;
            }
            let given_ok = self.unknown(given, text)
                || (self.listed_given(given) && !self.never_a_name(given));
            let capitals = self.capitals_unknown(surname, text)
                && given_ok
                && matches!(given.gap, Gap::Space | Gap::Soft)
                && (surname.sentence_start || given.gap == Gap::Soft);
            // "Oyelaran, Folake": a word no list knows opening a note, a comma, a given name found.
            let title_case = surname.shape == Shape::Capitalised
                && surname.sentence_start
                && given.gap == Gap::Soft
                && text[surname.end..given.start].trim() == ","
                && self.marked[i + 1].is_some()
                && self.listed_given(given)
                && self.unknown(surname, text);
            if capitals || title_case {
                self.mark_range(i, i + 2, Evidence::Cue);
            }
        }
    }

    /// "Tan Mei Ling", "Nguyen Thi Lan", "Kim Min-jun": a listed surname and two
    /// Chinese, Vietnamese or Korean syllables (or one hyphenated pair); "Ken Tan": a given name,
    /// then a listed surname that is such a syllable, even one that is also a word.
    fn chinese_order(&mut self) {
        let syllable = |t: &Token| {
            t.shape == Shape::Capitalised
                && !t.possessive
                && t.key
                    .split('-')
                    .all(|part| (2..=5).contains(&part.len()) && CHINESE_SYLLABLE.is_match(part))
                && !self.lexicon.eponyms.contains(&t.key)
                && !self.lexicon.titles.contains(t.key.as_str())
        };
        for i in 0..self.tokens.len() {
            let three = self.tokens.get(i..i + 3).is_some_and(|run| {
                run.iter().all(syllable)
                    && run[1].gap == Gap::Space
                    && run[2].gap == Gap::Space
                    && !run[..2].iter().any(|t| t.possessive)
                    && self.gazetteer.surname(&run[0].key).is_some()
                    && run.iter().filter(|t| self.on_a_name_list(t)).count() >= 2
                    && run.iter().any(|t| !english::is_word(&t.key))
            });
            if three {
                self.mark_range(i, i + 3, Evidence::Words);
                continue;
            }
            // "Kim Min-jun", "Park Ji-hoon": a listed surname, then a hyphenated pair of syllables.
            let hyphenated = self.tokens.get(i..i + 2).is_some_and(|run| {
                run.iter().all(syllable)
                    && run[1].gap == Gap::Space
                    && !run[0].possessive
                    && run[1].key.contains('-')
                    && self.gazetteer.surname(&run[0].key).is_some()
                    && !english::is_word(&run[1].key.replace('-', ""))
            });
            if hyphenated {
                self.mark_range(i, i + 2, Evidence::Words);
                continue;
            }
            let pair = self.tokens.get(i..i + 2).is_some_and(|run| {
                self.marked[i].is_some()
                    && self.marked[i + 1].is_none()
                    && run[0].shape == Shape::Capitalised
                    && !run[0].possessive
                    && self.listed_given(&run[0])
                    && syllable(&run[1])
                    && run[1].gap == Gap::Space
                    && self.gazetteer.surname(&run[1].key).is_some_and(|n| n > 0)
                    && !self.lexicon.is_stopword(&run[1].key)
            });
            if pair {
                self.marked[i + 1] = self.marked[i];
            }
        }
    }

    /// A listed given name or surname, whatever else the word is.
    fn on_a_name_list(&self, token: &Token) -> bool {
        self.listed_given(token) || self.gazetteer.surname(&token.key).is_some()
    }

    /// "Handed over RT in bay 2": initials run together after "handed over" are a patient.
    fn initials_handed_over(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            let written = &text[token.start..token.end];
            let initials = token.shape == Shape::Other
                && (2..=3).contains(&written.len())
                && written.chars().all(|c| c.is_ascii_uppercase())
                && !self.lexicon.is_stopword(&token.key)
                && !super::context::BEDSIDE_ACRONYMS.contains(&token.key.as_str())
                && PATIENT_AFTER.is_match(&text[token.end..]);
            if initials
                && self.marked[i].is_none()
                && HANDED_OVER_BEFORE.is_match(window_before(text, token.start, 24))
            {
                self.marked[i] = Some(self.rule);
            }
        }
    }

    /// "Kwabena - malaria - parasitaemia 6%", "Ama: sickle crisis": the first word of the whole text,
    /// no list knows it, set off by a dash or a colon, is whom the note is about.
    fn set_off_opening(&mut self, text: &str) {
        let Some(token) = self.tokens.first() else {
            return;
        };
        if self.marked[0].is_none()
            && token.start == text.len() - text.trim_start().len()
            && !noun_shaped(&token.key)
            && (self.unknown(token, text) || self.listed_given(token) && !self.protected(token))
            && SET_OFF_OPENING.is_match(&text[token.end..])
        {
            self.mark_range(0, 1, Evidence::Cue);
        }
    }

    /// "Clinic list: Abernethy hypothyroid f/u; Quigley T2DM new; Okonkwo HTN review": in a list
    /// whose items open with a name in two places or more, a surname or a word no list knows
    /// opening another item is a name too.
    fn parallel_list_items(&mut self, text: &str) {
        let mut openers = Vec::new();
        let mut item_start = true;
        for (i, token) in self.tokens.iter().enumerate() {
            let between = if i == 0 {
                ""
            } else {
                &text[self.tokens[i - 1].end..token.start]
            };
            if i > 0 && (between.contains(';') || between.contains('\n') || between.contains(':')) {
                item_start = true;
            }
            if item_start {
                openers.push(i);
                item_start = false;
            }
        }
        let named = openers
            .iter()
            .filter(|&&i| self.marked[i].is_some())
            .count();
        if named < 2 {
            return;
        }
        for i in openers {
            let token = &self.tokens[i];
            let surname = self.gazetteer.surname(&token.key).is_some()
                && !english::is_word(&token.key)
                && !self.never_a_name(token);
            if self.marked[i].is_none()
                && token.shape == Shape::Capitalised
                && (surname || self.unknown(token, text))
            {
                self.mark_range(i, i + 1, Evidence::Cue);
            }
        }
    }

    /// "Gbenga [Afolabi] 47M": a word no list knows right before a name found is its given name.
    fn unknown_before_marked(&mut self, text: &str) {
        for i in 1..self.tokens.len() {
            let (previous, token) = (&self.tokens[i - 1], &self.tokens[i]);
            if self.marked[i].is_some()
                && self.marked[i - 1].is_none()
                && token.gap == Gap::Space
                && token.shape == Shape::Capitalised
                && !previous.possessive
                && !noun_shaped(&previous.key)
                && self.unknown(previous, text)
            {
                self.marked[i - 1] = Some(self.rule);
            }
        }
    }
}

#[cfg(test)]
mod tests;
