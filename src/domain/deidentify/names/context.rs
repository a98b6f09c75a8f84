//! Names found by what stands around them once the other rules have run: a given name joined by
//! "and" to a name already found ("Pippa and [Zara]"), a given name just before a surname already
//! found even when it is also a word ("April [Stevens]"), someone located on the ward ("Iris on
//! the ICU", "RT in bay B"), and a given name typed in lower case where only a person fits
//! ("tamara from the night team", "gave leon a dose").

use std::sync::LazyLock;

use regex::Regex;

use super::super::{window_after, window_before};
use super::tokens::{Gap, Shape, Token};
use super::{Evidence, Finder, CLINICAL_CONTEXT_AFTER};

/// Where a patient is on the ward: "in bay B", "on the ICU", "in side room 3".
static LOCATED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s+(?:(?:is|was|['’]s)\s+)?(?:back\s+|still\s+)?(?:in|on)\s+(?:the\s+)?(?:bay|bed|beds|side\s*room|siderooms?|cubicle|ward|icu|itu|hdu|ccu|cdu|amu|mau|sau|resus|unit)\b",
    )
    .expect("located-after compiles")
});

/// "from radiology says", "from the night team rang": someone from a team, saying something.
static FROM_TEAM_SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:from|in|at|on)\s+(?:the\s+)?[\p{L}&-]+(?:\s+[\p{L}&-]+)?\s+(?:says|said|rang|rings|called|calls|asked|asks|wants|wanted|thinks|messaged|texted|emailed|phoned|bleeped|reckons|told|is\s+asking)\b")
        .expect("from-team-says compiles")
});

/// How drug names end ("Tazocin", "Lansoprazole"), for words no lexicon knows: such a word is
/// not taken for a person on context alone.
const DRUG_ENDINGS: [&str; 36] = [
    "cin", "cillin", "mycin", "azole", "prazole", "pril", "sartan", "olol", "statin", "dipine",
    "parin", "xaban", "mab", "nib", "vir", "zepam", "azepam", "floxacin", "tide", "zide", "pam",
    "lam", "done", "profen", "oxin", "ium", "gliptin", "flozin", "triptan", "setron", "lukast",
    "dronate", "caine", "terol", "sone", "lone",
];

pub(in crate::domain::deidentify) fn drug_shaped(key: &str) -> bool {
    DRUG_ENDINGS
        .iter()
        .any(|ending| key.len() > ending.len() + 2 && key.ends_with(ending))
}

/// "Paris is 92 and…": a given name whose age over 89 is stated (the age goes too, see `ages`).
static AGE_STATED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:is|was|turns|turned|turning)\s+(?:9\d|1[01]\d)(?:\s*(?:[,.;!?]|$)|\s+(?:and|but|with|today|this|next|now|in|years?|yo)\b)")
        .expect("age-stated compiles")
});

/// Lower-case parts of surnames that open a name: "van der Merwe", "de la Cruz".
const PARTICLES: [&str; 18] = [
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "ibn",
    "ter", "dos", "dela", "delos",
];

/// "Bed 7 is", "bay 4:", "side room 2 =": what comes next is who lies there.
static BED_IS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:bed|bay|cubicle|side\s*room|room)\s*\d{1,3}[a-z]?\s*(?:is|=|:|-|–|—)\s*$")
        .expect("bed-is compiles")
});

/// A verb, at most two words, then "his" or "her": "keeps missing his", "refused her".
static HUMAN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+(?:keeps|kept|has|had|is|was|refuses|refused|wants|wanted|needs|needed|missed|misses|pulled|pulls|took|takes|came|went|got|gets|won['’]t|can['’]t|didn['’]t|doesn['’]t|isn['’]t|wasn['’]t)(?:\s+[\p{Ll}'’-]+){0,2}?\s+(?:his|her|him|he|she|himself|herself)\b",
    )
    .expect("human-after compiles")
});

/// "took over", "handed over": a patient comes next.
pub(super) static HANDED_OVER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:took|take|taking|takes|handed|hand|handing|hands)\s+over\s+$")
        .expect("handed-over compiles")
});

/// Only a bed, a bay or a side room locates a pair of capitals ("RT in bay B"); "CT on the ward"
/// is a scan.
static BED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[(,]?\s*(?:in|on)?\s*(?:bay|bed|side\s*room|cubicle)\b")
        .expect("bed-after compiles")
});

/// What follows a lower-case word opening a sentence that makes it someone: "tamara from the
/// night team", "aisling on the ward says…".
static PERSON_OPENING_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:from|on|at|in)\s+(?:the\s+|my\s+|our\s+)?\S")
        .expect("person-opening compiles")
});

/// What follows a lower-case given name opening a sentence that speaks of a person: a comma and a
/// description, "and her…", an age.
static PERSON_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s*,\s*(?:the|a|an|our|my|\d)|\s+and\s+(?:her|his|their)\b|\s*\(\d|\s+\d{1,3}\s*(?:[mf]\b|y|yo))")
        .expect("person-follows compiles")
});

/// Acronyms a bed or bay follows without naming anyone.
pub(super) const BEDSIDE_ACRONYMS: [&str; 16] = [
    "ct", "mri", "ecg", "ekg", "cxr", "abg", "vbg", "iv", "ng", "ngt", "picc", "cvc", "ett", "pca",
    "bp", "us",
];

/// Months that are also given names, which may start a full name before a surname.
const MONTH_NAMES: [&str; 4] = ["april", "may", "june", "august"];

impl Finder<'_> {
    pub(super) fn context_evidence(&mut self, text: &str) {
        self.rule = "context: surname particle";
        self.particle_surnames();
        self.rule = "context: bed or bay is";
        self.bed_is(text);
        self.rule = "context: located on the ward";
        self.located_on_ward(text);
        self.rule = "context: someone doing something to her or his";
        self.acting_on_themselves(text);
        self.rule = "context: lower-case given name";
        self.lower_case_given(text);
        // Run twice so that "Pippa and Zara Okafor" and "April Stevens and June" both settle.
        for _ in 0..2 {
            self.rule = "context: given name before a surname";
            self.given_before_marked();
            self.rule = "context: joined by and to a name";
            self.coordinated();
        }
    }

    /// Whether a listed given name, even one that is also a word ("Iris", "Daisy", "Patience").
    pub(super) fn listed_given(&self, token: &Token) -> bool {
        self.gazetteer.given(&token.key).is_some() || self.lexicon.is_given(&token.key)
    }

    /// A word no context can make a name: function words, titles, eponyms and name-like brands.
    pub(super) fn never_a_name(&self, token: &Token) -> bool {
        (self.lexicon.is_stopword(&token.key) && !MONTH_NAMES.contains(&token.key.as_str()))
            || self.lexicon.titles.contains(token.key.as_str())
            || self.lexicon.eponyms.contains(&token.key)
            || self.gazetteer.keep_extra.contains(&token.key)
    }

    fn located_on_ward(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if self.marked[i].is_some() {
                continue;
            }
            let after = window_after(text, token.end, 24);
            let written = &text[token.start..token.end];
            let person = match token.shape {
                // "Iris on the ICU"; a word no list knows too, opening a sentence ("Clemency
                // on the HDU"); "Mark from radiology says".
                Shape::Capitalised => {
                    !token.possessive
                        && (self.listed_given(token)
                            || token.sentence_start && !self.known_word(token))
                        && !self.never_a_name(token)
                        && (LOCATED_AFTER.is_match(after)
                            || FROM_TEAM_SAYS.is_match(window_after(text, token.end, 48))
                            || self.listed_given(token) && AGE_STATED_AFTER.is_match(after))
                }
                // "RT in bay B", "JS (bay 3)": initials run together, opening a sentence; "RT's
                // family": initials whose relatives are spoken of.
                Shape::Other => {
                    let initials = (2..=3).contains(&written.len())
                        && written.chars().all(|c| c.is_ascii_uppercase())
                        && !BEDSIDE_ACRONYMS.contains(&token.key.as_str())
                        && !self.lexicon.is_stopword(&token.key);
                    let relation = token.possessive
                        && self
                            .tokens
                            .get(i + 1)
                            .is_some_and(|n| self.lexicon.relations.contains(n.key.as_str()));
                    initials && (token.sentence_start && BED_AFTER.is_match(after) || relation)
                }
                _ => false,
            };
            if person {
                self.mark_range(i, i + 1, Evidence::Cue);
            }
        }
    }

    /// A word some list knows as something other than a given name: a word to keep, a place, a
    /// stop word or an eponym.
    pub(super) fn known_word(&self, token: &Token) -> bool {
        self.protected(token) || self.gazetteer.is_place(&token.key) || drug_shaped(&token.key)
    }

    /// "Bed 7 is Ottoline Marchbanks", "Bay 4: Fenella Crabtree": whoever a bed is, is a person;
    /// so is whoever was handed over ("took over Ignatius from nights"), unlike the "over" of
    /// "Xeomin over Botox".
    fn bed_is(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if token.shape == Shape::Capitalised
                && self.marked[i].is_none()
                && !self.never_a_name(token)
                && (BED_IS_BEFORE.is_match(window_before(text, token.start, 24))
                    || HANDED_OVER_BEFORE.is_match(window_before(text, token.start, 24)))
            {
                self.mark_chain(
                    i,
                    Evidence::Cue,
                    &[Gap::Space, Gap::Soft, Gap::Hard, Gap::Dot],
                );
            }
        }
    }

    /// "van der Merwe, Pieter", "de la Cruz": lower-case particles, then a capitalised word that
    /// is no eponym ("von Willebrand" stays).
    fn particle_surnames(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            // "De la Cruz", "Van der Merwe": a capitalised particle opens a sentence.
            let opening_particle = self.tokens[i].shape == Shape::Capitalised
                && PARTICLES.contains(&self.tokens[i].key.as_str())
                && self.tokens.get(i + 1).is_some_and(|n| {
                    n.shape == Shape::Lower && PARTICLES.contains(&n.key.as_str())
                });
            let mut end = if opening_particle { i + 1 } else { i };
            while end < self.tokens.len()
                && end - i < 3
                && self.tokens[end].shape == Shape::Lower
                && PARTICLES.contains(&self.tokens[end].key.as_str())
                && (end == i || self.tokens[end].gap == Gap::Space)
            {
                end += 1;
            }
            let surname = self.tokens.get(end).filter(|t| {
                end > i
                    && t.gap == Gap::Space
                    && t.shape == Shape::Capitalised
                    && !self.never_a_name(t)
                    && !self.gazetteer.keeps(&t.key)
            });
            if surname.is_some() {
                self.mark_range(i, end + 1, Evidence::Words);
                i = end + 1;
            } else {
                i = end.max(i + 1);
            }
        }
    }

    /// "Okeoghene keeps missing his depot": a capitalised word opening a sentence, then a verb and
    /// "his" or "her", is someone; drug and disease names are kept later by the lexicons.
    fn acting_on_themselves(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            let abstract_noun = ["ing", "tion", "ness", "ment", "ity", "ism"]
                .iter()
                .any(|suffix| token.key.ends_with(suffix));
            if token.shape == Shape::Capitalised
                && token.sentence_start
                && !token.possessive
                && self.marked[i].is_none()
                && !abstract_noun
                && !self.known_word(token)
                && !self.never_a_name(token)
                && HUMAN_AFTER.is_match(window_after(text, token.end, 48))
            {
                self.mark_range(i, i + 1, Evidence::Words);
            }
        }
    }

    /// A given name in lower case, not a word we know, where a person fits: opening a sentence
    /// before "from the…" or a verb people do, or after a verb that takes a person.
    fn lower_case_given(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if token.shape != Shape::Lower
                || self.marked[i].is_some()
                || token.key.chars().count() < 3
                || !self.listed_given(token)
                || self.protected(token)
            {
                continue;
            }
            let after = window_after(text, token.end, 40);
            // "zainab and her twin", "priyanka's INR", "mohamed, the guy", "pt in 14 is victoria
            // from": opening a sentence, or after "is", before what tells of a person.
            let introduced = i.checked_sub(1).is_some_and(|p| {
                matches!(
                    self.tokens[p].key.as_str(),
                    "is" | "was" | "named" | "called" | "meet" | "patient" | "pt"
                )
            });
            let opening = || {
                (token.sentence_start || introduced)
                    && (PERSON_OPENING_AFTER.is_match(after)
                        || token.possessive
                        || PERSON_FOLLOWS.is_match(after))
            };
            let acts =
                || !self.gazetteer.is_place(&token.key) && CLINICAL_CONTEXT_AFTER.is_match(after);
            let taken = i.checked_sub(1).is_some_and(|p| {
                matches!(
                    self.tokens[p].key.as_str(),
                    "gave" | "give" | "giving" | "gives" | "told" | "asked" | "saw" | "with"
                ) && self.tokens[i].gap == Gap::Space
            });
            if taken || opening() || acts() {
                self.mark_range(i, i + 1, Evidence::Cue);
            }
        }
    }

    /// "April Stevens", "Patience Owusu": a listed given name right before a surname already
    /// found is part of the name, even when it is also a word.
    fn given_before_marked(&mut self) {
        for i in 1..self.tokens.len() {
            let (previous, token) = (&self.tokens[i - 1], &self.tokens[i]);
            if self.marked[i].is_none()
                || self.marked[i - 1].is_some()
                || token.gap != Gap::Space
                || previous.possessive
                || previous.shape != Shape::Capitalised
                || !self.listed_given(previous)
                || self.never_a_name(previous)
                || super::after_saint(self.tokens, i - 1)
            {
                continue;
            }
            self.marked[i - 1] = Some(self.rule);
        }
    }

    /// "Pippa and Zara", "Daisy & Zahra": a listed given name joined by "and" to a name found.
    fn coordinated(&mut self) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if self.marked[i].is_some()
                || token.shape != Shape::Capitalised
                || !self.listed_given(token)
                || self.never_a_name(token)
            {
                continue;
            }
            let joined_to = |j: Option<usize>, and: Option<usize>| {
                let (Some(j), Some(and)) = (j, and) else {
                    return false;
                };
                self.tokens.get(and).is_some_and(|t| t.key == "and")
                    && self.tokens.get(j).is_some()
                    && self.marked[j].is_some()
                    && self.tokens[j].shape == Shape::Capitalised
            };
            let before = joined_to(i.checked_sub(2), i.checked_sub(1))
                && token.gap == Gap::Space
                && !self.tokens[i - 2].possessive;
            let after = joined_to(Some(i + 2), Some(i + 1))
                && !token.possessive
                && self.tokens.get(i + 1).is_some_and(|t| t.gap == Gap::Space);
            if before || after {
                self.marked[i] = Some(self.rule);
            }
        }
    }
}
