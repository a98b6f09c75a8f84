//! What the asides settle once every detector has spoken: a word before a name that is its given
//! name ("Handed over Will [Pritchard]"), a given name before a town that an age says is a person
//! ("Dakota Whitehorse 22F"), the one-syllable given name after a Chinese surname ("Wang Jun,"); and
//! what is no identifier after all: greetings ("Kia ora", "Olá", "G'day"), a country taken for a
//! name ("Kenya here:"), a state after a town ("Sale, Vic"), a term of respect taken for a town
//! ("Baba Musa").

use std::sync::LazyLock;

use regex::Regex;

use super::super::gazetteer::GAZETTEER;
use super::super::lexicon::{key, LEXICON};
use super::super::names::openings::CHINESE_SYLLABLE;
use super::super::{Candidate, Identifier};
use super::{listed_given, HONORIFIC_NAME};

/// Greetings that open notes in the languages members write in, in lookup form.
const GREETINGS: [&str; 34] = [
    "aloha",
    "annyeong",
    "bawo",
    "bonjour",
    "bula",
    "ciao",
    "dumela",
    "gday",
    "habari",
    "hallo",
    "hei",
    "hej",
    "hola",
    "howdy",
    "jambo",
    "kedu",
    "kia ora",
    "konnichiwa",
    "kumusta",
    "mabuhay",
    "merhaba",
    "molo",
    "moin",
    "namaste",
    "ola",
    "salaam",
    "salam",
    "salut",
    "sannu",
    "sawubona",
    "selamat",
    "servus",
    "shalom",
    "talofa",
];

/// Australian states and territories written short, which may stay like any state.
pub(in crate::domain::deidentify) const STATES_SHORT: [&str; 8] =
    ["vic", "qld", "tas", "nsw", "wa", "sa", "nt", "act"];

/// What follows a person and not a town: an age and sex, or a bracket saying it is the patient.
static PERSON_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,?\s*\d{1,3}\s*(?:[MF]\b|y/?o\b|yrs?\b|years?\s+old)|\s*\((?:pt|patient)\b)")
        .expect("person after compiles")
});

/// The word just before `at`, with where it starts, when only one space separates them.
fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let before = text[..at].strip_suffix(' ')?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '\'' || *c == '’' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    Some((start, &before[start..]))
}

pub(in crate::domain::deidentify) fn settle(text: &str, accepted: &mut Vec<Candidate>) {
    accepted.retain(|c| !no_identifier(text, c));
    let mut previous_end = 0;
    for i in 0..accepted.len() {
        let span = accepted[i];
        if let Some((start, word)) = word_before(text, span.start) {
            let capitalised = word.starts_with(char::is_uppercase)
                && word.chars().skip(1).all(char::is_lowercase)
                && word.len() > 1;
            let k = key(word);
            let usable = capitalised
                && start >= previous_end
                && listed_given(word)
                && !LEXICON.eponyms.contains(&k)
                && !LEXICON.titles.contains(k.as_str());
            // Mid-sentence a capital says name: "over Will Pritchard".
            let mid_sentence = text[..start]
                .trim_end()
                .ends_with(|c: char| c.is_lowercase());
            let after = &text[span.end..];
            if usable && span.kind == Identifier::Name && mid_sentence {
                accepted[i].start = start;
            } else if usable && span.kind == Identifier::Place && PERSON_AFTER.is_match(after) {
                accepted[i] = Candidate::new(Identifier::Name, start, span.end)
                    .by("given name before a town, then an age");
            }
        }
        let span = accepted[i];
        if span.kind == Identifier::Name && !text[span.start..span.end].contains(' ') {
            let after = &text[span.end..];
            if let Some(rest) = after.strip_prefix(' ') {
                let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
                let next = rest[word.len()..].chars().next();
                let closes = next.is_none_or(|c| matches!(c, ',' | ';' | '(' | ')' | ':'));
                let free = accepted
                    .get(i + 1)
                    .is_none_or(|n| n.start >= span.end + 1 + word.len());
                // "Wang Jun," but not an acronym after a name ("Hargreaves CAP;").
                if word.starts_with(char::is_uppercase)
                    && word.chars().skip(1).all(char::is_lowercase)
                    && (2..=5).contains(&word.len())
                    && CHINESE_SYLLABLE.is_match(&key(&word))
                    && closes
                    && free
                {
                    accepted[i].end = span.end + 1 + word.len();
                }
            }
        }
        previous_end = accepted[i].end;
    }
}

fn no_identifier(text: &str, span: &Candidate) -> bool {
    if !matches!(span.kind, Identifier::Name | Identifier::Place) || span.rule == "title" {
        return false;
    }
    let words = &text[span.start..span.end];
    let k = key(words);
    if GREETINGS.contains(&k.as_str()) {
        return true;
    }
    let first = words.split_whitespace().next().unwrap_or_default();
    let rest_is_acronym = words[first.len()..]
        .split_whitespace()
        .all(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2);
    let by_list_alone = span.rule.starts_with("gazetteer");
    if span.kind == Identifier::Name
        && by_list_alone
        && GAZETTEER.regions.contains(&key(first))
        && rest_is_acronym
    {
        return true;
    }
    if span.kind == Identifier::Place
        && STATES_SHORT.contains(&k.as_str())
        && text[..span.start].trim_end().ends_with(',')
    {
        return true;
    }
    span.kind == Identifier::Place
        && HONORIFIC_NAME
            .find_at(text, span.start)
            .is_some_and(|m| m.start() == span.start)
}
