//! Names found by the gazetteers rather than by a cue: a given name the Census or philter-ucsf
//! lists, followed by a capitalised word ("Margaret Holloway has…", "new admit Terrence Boyle");
//! a well-known given name alone ("her husband Clive"); the "SURNAME, Given" of an EHR copy-paste;
//! a lower-case given name and surname ("saw marcus delaney"); and initials ("J.S.").
//!
//! Every rule first asks the keep list: a word that is medicine or plain English as well as a
//! name ("Hope", "Heather", "Camila") needs more than the gazetteer to count.

use std::sync::LazyLock;

use regex::Regex;

use super::super::window_after;
use super::tokens::{Gap, Shape, Token};
use super::{Finder, CLINICAL_CONTEXT_AFTER};

/// A given name counted in more than this many per 100,000 people is common enough to stand alone
/// as a name; rarer ones need a surname beside them.
const COMMON_GIVEN: u32 = 5;

/// Two or three capital initials with full stops: "J.S.", "A.B.C.", "M.O'D.", "A.McG.".
static INITIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]\.\s?(?:Ma?c|O['’])?[A-Z](?:['’][A-Z])?\.(?:\s?[A-Z]\.)?")
        .expect("initials compile")
});

/// A bracket after a word that says who someone is: "(runner, 24)", "(sis of pt)", "(92)", their
/// ID or contact ("(ID 9203…)", "(Insta @…)"); a number only alone or after a comma, as "(dose
/// 2)" or "(step 3)" follow brands.
static PERSON_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\((?:(?:id|mrn|nhs|hosp|insta|instagram|ig|fb|facebook|whatsapp|tel|phone|mob|mobile|email|e-mail|snap|snapchat|tiktok|twitter)\b\s*(?:no\b|number\b)?\s*[:#]?\s*[@\w+]|(?:[^()]{0,30},\s*)?\d{1,3}\s*(?:[mf]|yo|y/o|yrs?)?\s*\)|[^()]{0,30}\b(?:sis|sister|bro|brother|son|daughter|mum|mother|dad|father|wife|husband|partner|carer|pt|patient|aunt|uncle|cousin|niece|nephew|friend|neighbou?r|grand\w*|twins?|triplets|siblings|kids|children)\s*(?:[,)]|\s+of\b))")
        .expect("person bracket compiles")
});

/// "is", "was still", "has": what may stand between a name and what the person does ("Thandeka
/// is refusing", "Tendai has complained").
static AUXILIARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:is|was|has|had|keeps|kept|has\s+been|had\s+been)(?:\s+(?:still|now|also|not|again))?\s")
        .expect("auxiliary compiles")
});

/// States only a person is in: "Tendai has had fevers", "Amara is pregnant", "Sipho is crying".
static PERSON_STATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:is|was)\s+(?:still\s+|now\s+)?(?:pregnant|breastfeeding|crying|wandering|confused|agitated|drowsy|asking|complaining|feeling|vomiting|refusing|screaming|asleep|awake|distressed|upset|anxious|scared|worried|keen|adamant|unhappy)\b|^\s+(?:has|had)\s+(?:had|got|fallen|been\s+(?:admitted|seen|discharged|reviewed|feeling|unwell|vomiting|crying))\b")
        .expect("person state compiles")
});

/// People a name may follow, bracketed or not: "her baby (Chidinma)", "sister Ife".
const RELATIVES: [&str; 22] = [
    "baby",
    "son",
    "daughter",
    "wife",
    "husband",
    "mother",
    "mum",
    "mom",
    "father",
    "dad",
    "sister",
    "brother",
    "sis",
    "bro",
    "partner",
    "carer",
    "grandson",
    "granddaughter",
    "niece",
    "nephew",
    "twin",
    "child",
];

/// Initials that are abbreviations, not people.
const NOT_INITIALS: [&str; 8] = [
    "U.S.", "U.K.", "N.B.", "P.S.", "A.M.", "P.M.", "D.C.", "E.U.",
];

impl Finder<'_> {
    pub(super) fn gazetteer_evidence(&mut self, text: &str) {
        self.rule = "gazetteer: given name + capitalised word";
        self.given_then_capitalised();
        self.rule = "gazetteer: common given name";
        self.common_given_alone();
        self.rule = "gazetteer: EHR SURNAME, Given";
        self.ehr_surname_given(text);
        self.rule = "gazetteer: lower-case given name + surname";
        self.lower_case_full_names();
        self.rule = "unknown word: no list knows it";
        self.unknown_capitalised(text);
    }

    /// A word no rule may take for a name: a stop word, title, eponym or a word on the keep list.
    pub(super) fn protected(&self, token: &Token) -> bool {
        self.lexicon.is_stopword(&token.key)
            || self.lexicon.titles.contains(token.key.as_str())
            || self.lexicon.eponyms.contains(&token.key)
            || self.gazetteer.keeps(&token.key)
    }

    fn is_given(&self, token: &Token) -> bool {
        self.gazetteer.given(&token.key).is_some() || self.lexicon.is_given(&token.key)
    }

    /// A listed surname; a double-barrelled one ("Okoye-Hart") when each part is.
    pub(super) fn is_surname(&self, token: &Token) -> bool {
        let listed = |key: &str| {
            self.gazetteer.surname(key).is_some() || self.lexicon.surnames.contains(key)
        };
        listed(&token.key) || (token.key.contains('-') && token.key.split('-').all(listed))
    }

    /// "Terrence Boyle", "Priyanka Desai", "Summer Blake": a listed given name, then one or two
    /// capitalised words. A given name that is also a word needs a listed surname after it.
    fn given_then_capitalised(&mut self) {
        for i in 0..self.tokens.len().saturating_sub(1) {
            let (first, next) = (&self.tokens[i], &self.tokens[i + 1]);
            // "Renee ashworth": a surname typed in lower case after a capitalised given name.
            // "Wendell rang", "Gemma called": a verb people do is no surname.
            let verb_next = next.shape == Shape::Lower && super::chain::is_verb(&next.key);
            let lower_surname = !verb_next
                && next.shape == Shape::Lower
                && self.gazetteer.surname(&next.key).is_some()
                && !self.protected(first);
            // Philter's whitelist lists some surnames ("ashworth"); after a capitalised given
            // name, a lower-case Census surname that is no word of the lexicons is the surname.
            let whitelisted_surname = !verb_next
                && next.shape == Shape::Lower
                && next.gap == Gap::Space
                && self.gazetteer.surname(&next.key).is_some_and(|n| n > 0)
                && !self.gazetteer.keeps_from_places(&next.key)
                && !self.lexicon.is_stopword(&next.key)
                && first.shape == Shape::Capitalised
                && !first.possessive
                && self.is_given(first)
                && !self.protected(first);
            if whitelisted_surname {
                self.mark_range(i, i + 2, super::Evidence::Words);
                continue;
            }
            if first.shape != Shape::Capitalised
                || first.possessive
                || !self.is_given(first)
                || !(next.shape == Shape::Capitalised || lower_surname)
                || next.gap != Gap::Space
                || self.protected(next)
            {
                continue;
            }
            let word_too = self.protected(first);
            // "Grace Houston", "Rose Jackson": a surname that is also a town counts when
            // both are common as names (10 in 100,000 or more in the Census).
            let common_pair = self.gazetteer.given(&first.key).is_some_and(|n| n >= 10)
                && self.gazetteer.surname(&next.key).is_some_and(|n| n >= 10)
                && !self.lexicon.is_stopword(&first.key)
                && !self.gazetteer.keeps(&next.key);
            let listed_surname =
                self.is_surname(next) && (!self.gazetteer.is_place(&next.key) || common_pair);
            if word_too && !listed_surname {
                continue;
            }
            let mut end = i + 2;
            if let Some(third) = self.tokens.get(end) {
                if !self.tokens[end - 1].possessive
                    && third.shape == Shape::Capitalised
                    && third.gap == Gap::Space
                    && !self.protected(third)
                    && self.is_surname(third)
                {
                    end += 1;
                }
            }
            self.mark_range(i, end, super::Evidence::Words);
        }
    }

    /// "her husband Clive", "Ngozi told me": a given name alone, when it is common in the Census
    /// or on the hand-made list and is not also a word or a place.
    fn common_given_alone(&mut self) {
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            if token.shape != Shape::Capitalised
                || self.marked[i].is_some()
                || self.protected(token)
            {
                continue;
            }
            let common = self
                .gazetteer
                .given(&token.key)
                .is_some_and(|n| n > COMMON_GIVEN)
                || self.lexicon.is_given(&token.key);
            if common && !self.gazetteer.is_place(&token.key) {
                self.mark_range(i, i + 1, super::Evidence::Words);
            }
        }
    }

    /// "KOWALCZYK, Tomasz", "O'SULLIVAN, Bridget", "NGUYEN, Thi Lan": a surname in capitals, a
    /// comma, then one or two capitalised given names.
    fn ehr_surname_given(&mut self, text: &str) {
        for i in 0..self.tokens.len().saturating_sub(1) {
            let (surname, given) = (&self.tokens[i], &self.tokens[i + 1]);
            let written = &text[surname.start..surname.end];
            // "[NAME], Mary": a placeholder left by an earlier pass is not a surname.
            let placeholder =
                text[..surname.start].ends_with('[') && text[surname.end..].starts_with(']');
            if placeholder {
                continue;
            }
            // Three letters at least: "NW, Washington" and "mL, Na" are not names.
            let in_capitals = surname.shape == Shape::Other
                && written.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && written
                    .chars()
                    .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '’'));
            // "KOWALCZYK, Tomasz" has its comma; "ICD (Boston Scientific" is no name.
            let comma = text[surname.end..given.start].contains(',');
            if !in_capitals || !comma || given.gap != Gap::Soft || given.shape != Shape::Capitalised
            {
                continue;
            }
            let listed = self.is_given(given)
                || surname
                    .key
                    .split('-')
                    .all(|part| self.gazetteer.surname(part).is_some());
            let given_word = self.protected(given) && !self.is_given(given);
            // "SMITH, Alan": a surname that is also a word needs a listed given name after it;
            // "CLL, Richter's" is an eponym after an acronym.
            let word_surname = self.gazetteer.keeps(&surname.key) && !self.is_given(given);
            if !listed || word_surname || given_word || self.lexicon.eponyms.contains(&given.key) {
                continue;
            }
            let mut end = i + 2;
            // "NGUYEN, Thi Lan": a second given name, even one that is also a word.
            if self.tokens.get(end).is_some_and(|t| {
                t.shape == Shape::Capitalised
                    && t.gap == Gap::Space
                    && (self.is_given(t) || !self.protected(t))
                    && !self.lexicon.is_stopword(&t.key)
            }) {
                end += 1;
            }
            for marked in &mut self.marked[i..end] {
                marked.get_or_insert(self.rule);
            }
        }
    }

    /// "marcus delaney", "agnes pickering": a listed given name and a listed surname, both lower
    /// case and neither an everyday word.
    fn lower_case_full_names(&mut self) {
        for i in 0..self.tokens.len().saturating_sub(1) {
            let (first, next) = (&self.tokens[i], &self.tokens[i + 1]);
            let lower = first.shape == Shape::Lower && next.shape == Shape::Lower;
            if !lower || next.gap != Gap::Space || self.protected(first) || self.protected(next) {
                continue;
            }
            if self.is_given(first)
                && next
                    .key
                    .split('-')
                    .all(|part| self.gazetteer.surname(part).is_some())
            {
                self.mark_range(i, i + 2, super::Evidence::Cue);
            }
        }
    }

    /// Whether no list knows `token` as English, medicine, a place or a word that ends a name:
    /// philter-ucsf's whitelist (`english.rs`), the keep, stop and eponym lists, the places and
    /// the shapes of drug names. Capitals inside ("TrakCare", "TRAb") or a part that is a word or
    /// a letter ("D-dimer", "Child-Pugh", "Norwalk-like") make it a term, not a name.
    pub(super) fn unknown(&self, token: &Token, text: &str) -> bool {
        let key = &token.key;
        let written = &text[token.start..token.end];
        let plain = written
            .split(['-', '\'', '’'])
            .all(|part| part.chars().skip(1).all(|c| !c.is_uppercase()));
        token.shape == Shape::Capitalised
            && plain
            && key.chars().count() >= 3
            && !self.protected(token)
            && !key.split('-').any(|part| {
                part.chars().count() < 2
                    || super::super::english::is_word(part)
                    || self.lexicon.eponyms.contains(part)
                    || self.gazetteer.keeps(part)
            })
            && !self.gazetteer.is_place(key)
            && !super::context::drug_shaped(key)
    }

    /// "Eilidh Fraser CHI…", "Kiprotich (runner, 24) wants…", "her baby (Chidinma)": a
    /// capitalised word that is no English or clinical word, place, drug or eponym is a name when
    /// something says it is a person: a second such word or a surname after it, what people do
    /// or an age or a relation after it, or a relative before it. Alone it may be a brand no list
    /// knows ("Pabrinex"), so it stays.
    fn unknown_capitalised(&mut self, text: &str) {
        for i in 0..self.tokens.len() {
            if self.marked[i].is_some() || !self.unknown(&self.tokens[i], text) {
                continue;
            }
            let mut end = i + 1;
            while let Some(next) = self.tokens.get(end) {
                let surname = next.shape == Shape::Capitalised
                    && next.gap == Gap::Space
                    && !self.tokens[end - 1].possessive
                    && (self.unknown(next, text)
                        || (self.is_surname(next)
                            && !self.lexicon.is_stopword(&next.key)
                            && !super::super::english::is_word(&next.key)));
                if !surname || end - i >= 3 {
                    break;
                }
                end += 1;
            }
            let after = window_after(text, self.tokens[end - 1].end, 40);
            let person_after = CLINICAL_CONTEXT_AFTER.is_match(after)
                || PERSON_BRACKET.is_match(after)
                || PERSON_STATE_AFTER.is_match(after)
                || AUXILIARY
                    .find(after)
                    .and_then(|aux| after[..aux.end()].char_indices().last())
                    .is_some_and(|(space, _)| CLINICAL_CONTEXT_AFTER.is_match(&after[space..]));
            let relative_before = i > 0
                && (RELATIVES.contains(&self.tokens[i - 1].key.as_str())
                    || self
                        .lexicon
                        .relations
                        .contains(self.tokens[i - 1].key.as_str()))
                && !self.tokens[i - 1].possessive
                && matches!(self.tokens[i].gap, Gap::Space | Gap::Soft);
            if end - i >= 2 || person_after || relative_before {
                self.mark_range(i, end, super::Evidence::Words);
            }
        }
    }
}

/// "J.S. on the AMU board": initials with full stops name a person; each match is one name, full
/// stops included.
pub(super) fn initials(text: &str) -> Vec<(usize, usize)> {
    INITIALS
        .find_iter(text)
        .filter(|m| !NOT_INITIALS.contains(&m.as_str().replace(' ', "").as_str()))
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Companies whose names are people's names, which the manufacturers lexicon lists
/// (`config/lexicons/manufacturers.tsv`): "Johnson & Johnson", "Merck Sharp & Dohme".
static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Johnson\s*(?:&|and)\s*Johnson|Merck\s+Sharp\s*&\s*Dohme|Procter\s*&\s*Gamble|Marks\s*&\s*Spencer|Boots)\b")
        .expect("company compiles")
});

/// Whether `start..end` lies inside a company's name.
pub(super) fn in_company_name(text: &str, start: usize, end: usize) -> bool {
    COMPANY
        .find_iter(text)
        .any(|m| m.start() <= start && end <= m.end())
}
