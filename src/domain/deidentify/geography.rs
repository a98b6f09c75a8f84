//! Places smaller than a state, which Safe Harbor removes along with street addresses: cities,
//! towns, counties and boroughs from the GeoNames gazetteer ("lives in Harrogate", "Cook County"),
//! streets without a house number ("on Cranbrook Road"), and the care homes where people live
//! ("Oakwood Lodge care home").
//!
//! A place that is also a word ("Reading", "Bath", "Hope") counts only after "in", "from",
//! "near"…; one followed by an eponym noun is medicine ("Hartford nomogram", "Padua score").

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::GAZETTEER;
use super::lexicon::LEXICON;
use super::names::tokens::{tokenize, Gap, Shape, Token};
use super::{window_after, Candidate, Identifier};

/// The longest place name looked up, in words ("Newcastle upon Tyne", "Barking and Dagenham").
const LONGEST_PLACE: usize = 4;

/// Lower-case words inside place names.
const CONNECTORS: [&str; 7] = ["upon", "on", "and", "of", "under", "le", "in"];

/// Words after which a word is where someone is, lives or comes from.
pub(super) const LOCATIVE: [&str; 12] = [
    "in", "from", "near", "to", "at", "outside", "around", "of", "towards", "via", "lives", "moved",
];

/// What follows a score's name and not a town's: "Epworth of 16", "Wells: 4".
static SCORE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s+of\s+|\s*[:=]\s*|\s+)\d+(?:\.\d+)?(?:\s*/\s*\d+)?\b(?:\s*(?:points?|pts)\b)?",
    )
    .expect("score value compiles")
});

/// Whether a score's value follows `pos` ("Epworth of 16"), not a date ("Letterkenny 14/07/2025",
/// "Killarney 3.4.25") or a postcode ("Rotorua 3010").
pub(super) fn score_value_after(text: &str, pos: usize) -> bool {
    let after = window_after(text, pos, 16);
    SCORE_VALUE.find(after).is_some_and(|m| {
        let rest = &after[m.end()..];
        let date_goes_on = rest.len() > 1
            && rest.starts_with(['/', '.', '-'])
            && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
        !date_goes_on && digits < 4
    })
}

/// Nouns after a place that say where, not which score: "the Meadowbank area".
const GEOGRAPHIC_NOUNS: [&str; 8] = [
    "area", "zone", "point", "island", "line", "space", "triangle", "ring",
];

/// A capitalised run ending in a street type: "Cranbrook Road", "Mill Lane".
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[A-Z][\p{Ll}'’-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Grove|Crescent|Close|Drive|Terrace|Boulevard|Mews|Square|Rd|Ave|Ln)\b",
    )
    .expect("street compiles")
});

/// A named residence: "Oakwood Lodge", "Elmhurst Care Home"; the kind of home, written in lower
/// case after the name, stays ("Sunnybrook Manor nursing home").
static RESIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[A-Z][\p{Ll}'’-]+\s+){1,3}(?:(?:Care|Nursing|Residential|Retirement|Rest)\s+(?:Home|Centre|Center)|Lodge|Manor|Hospice)\b",
    )
    .expect("residence compiles")
});

/// "Pinewood Court residential home": a name ending in Court, House or Gardens, then the kind of
/// home; only the name is taken.
static NAMED_HOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<p>(?:[A-Z][\p{Ll}'’-]+\s+){1,3}(?:Court|House|Gardens))\s+(?i:care|nursing|residential|retirement|rest)\s+home\b",
    )
    .expect("named home compiles")
});

/// Parks, commons and forests where someone was: "in Roundhay Park", "at the Arrowe Park bus stop".
static LANDMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:in|at|near|from|outside|by|on)\s+(?:the\s+)?(?P<p>(?:[A-Z][\p{Ll}'’-]+\s+){1,2}(?:Park|Forest|Common|Heath|Estate|Woods|Beach|Pier))\b",
    )
    .expect("landmark compiles")
});

/// Streets named with the street word first, as Irish, Welsh, French, Spanish, Portuguese,
/// Italian and Malay addresses are: "Bóthar na Trá", "Heol y Coleg", "Rue de la Paix", "Jalan
/// Ampang".
static STREET_WORD_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:Bóthar|Bothar|Sráid|Sraid|Ascaill|Heol|Ffordd|Stryd|Rue|Calle|Avenida|Rua|Via|Viale|Jalan|Jln)\s+(?:[\p{Ll}'’-]+\s+){0,2}[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?",
    )
    .expect("street word first compiles")
});

/// "Cook County", "County Kerry".
static COUNTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?:[A-Z][\p{Ll}'’-]+\s+){1,2}(?:County|Parish|Borough)|County\s+[A-Z][\p{Ll}]+)\b",
    )
    .expect("county compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    let tokens = tokenize(text);
    gazetteer_places(text, &tokens, found);
    unlisted::places(text, &tokens, found);
    unlisted::before_settlement(text, &tokens, found);
    for caps in LANDMARK.captures_iter(text) {
        if let Some(place) = caps.name("p") {
            found.push(
                Candidate::new(Identifier::Place, place.start(), place.end())
                    .by("park or landmark"),
            );
        }
    }
    for caps in NAMED_HOME.captures_iter(text) {
        if let Some(name) = caps.name("p") {
            let (start, end) = skip_leading_stopwords(text, name.start(), name.end());
            found.push(Candidate::new(Identifier::Place, start, end).by("care home or residence"));
        }
    }
    for (pattern, rule) in [
        (&*STREET, "street name"),
        (&*STREET_WORD_FIRST, "street name"),
        (&*RESIDENCE, "care home or residence"),
        (&*COUNTY, "county"),
    ] {
        for m in pattern.find_iter(text) {
            let (start, end) = skip_leading_stopwords(text, m.start(), m.end());
            if start < end {
                found.push(Candidate::new(Identifier::Place, start, end).by(rule));
            }
        }
    }
}

/// "The Cranbrook Road": a capitalised function word opening a sentence is not part of the name.
fn skip_leading_stopwords(text: &str, mut start: usize, end: usize) -> (usize, usize) {
    while let Some((word, rest)) = text[start..end].split_once(char::is_whitespace) {
        let key = super::lexicon::key(word);
        if LEXICON.is_stopword(&key)
            || LEXICON.titles.contains(key.as_str())
            || LOCATIVE.contains(&key.as_str())
        {
            start = end - rest.len();
        } else {
            break;
        }
    }
    (start, end)
}

fn gazetteer_places(text: &str, tokens: &[Token], found: &mut Vec<Candidate>) {
    let gazetteer = &*GAZETTEER;
    let mut i = 0;
    while i < tokens.len() {
        let Some(end) = longest_place(tokens, i) else {
            i += 1;
            continue;
        };
        let first = &tokens[i];
        let single = end == i + 1;
        let after_locative =
            i > 0 && LOCATIVE.contains(&tokens[i - 1].key.as_str()) && first.gap == Gap::Space;
        let is_word = single
            && (gazetteer.keeps_from_places(&first.key)
                || LEXICON.is_stopword(&first.key)
                || LEXICON.eponyms.contains(&first.key)
                || LEXICON.titles.contains(first.key.as_str()));
        let capitalised = first.shape == Shape::Capitalised;
        let counts = if capitalised {
            !is_word || after_locative || region_follows(tokens, end)
        } else {
            // "gerald from leicester": lower case only after a locative and never a word.
            // Short lower-case words ("next of kin") are words far more often than towns.
            first.shape == Shape::Lower
                && after_locative
                && !is_word
                && (end > i + 1 || first.key.chars().count() >= 4)
        };
        // "Hartford nomogram", "Ottawa ankle rules", "Edinburgh Postnatal Depression Scale",
        // "an Epworth of 16": a place naming a score or rule is medicine.
        // "in Naas appendicitis": after "in" or "from", a town that is no word is where the
        // person is, unless a noun that eponyms take follows ("in Lyme disease"); an ending like
        // "-itis" alone does not make a term of it.
        let where_someone_is = after_locative && !is_word && !LEXICON.eponyms.contains(&first.key);
        let medical = names_a_term(tokens, end, where_someone_is)
            || score_value_after(text, tokens[end - 1].end)
            || tokens[end - 1].possessive
                && single
                && (!after_locative || LEXICON.eponyms.contains(&first.key));
        if counts && !medical {
            let rule = if after_locative && is_word {
                "gazetteer: place after in/from/near"
            } else {
                "gazetteer: GeoNames place"
            };
            found
                .push(Candidate::new(Identifier::Place, first.start, tokens[end - 1].end).by(rule));
            i = end;
        } else {
            i += 1;
        }
    }
}

/// "Nice in France", "Reading, Berkshire", "Street (Somerset)": a county, state, country or
/// nation right after a town's name says the word is the town, even when it is also a word.
fn region_follows(tokens: &[Token], end: usize) -> bool {
    let mut next = end;
    if tokens
        .get(next)
        .is_some_and(|t| t.gap == Gap::Space && t.key == "in")
    {
        next += 1;
    } else if !tokens.get(next).is_some_and(|t| t.gap == Gap::Soft) {
        return false;
    }
    let Some(first) = tokens.get(next) else {
        return false;
    };
    if first.shape != Shape::Capitalised || (next > end && first.gap != Gap::Space) {
        return false;
    }
    let mut key = String::new();
    for t in tokens[next..].iter().take(3) {
        if !key.is_empty() {
            if t.gap != Gap::Space || t.shape != Shape::Capitalised {
                break;
            }
            key.push(' ');
        }
        key.push_str(&t.key);
        if GAZETTEER.regions.contains(&key)
            || (GAZETTEER.is_place(&key) && !GAZETTEER.keeps_from_places(&key))
        {
            return true;
        }
    }
    false
}

/// Whether the words after a place name make it part of a medical term: an eponym noun right
/// after it, or after words that belong to the term ("San Francisco syncope rule"), but never
/// through a function word ("Wakefield with hepatitis"). With `listed_nouns_only`, only the
/// eponym list's nouns count, not endings such as "-itis".
pub(super) fn names_a_term(tokens: &[Token], end: usize, listed_nouns_only: bool) -> bool {
    for next in tokens[end..].iter().take(3) {
        if next.gap != Gap::Space || next.sentence_start {
            return false;
        }
        let noun = if listed_nouns_only {
            LEXICON.eponym_nouns.contains(&next.key)
        } else {
            LEXICON.is_eponym_noun(&next.key)
        };
        if noun {
            return !GEOGRAPHIC_NOUNS.contains(&next.key.as_str());
        }
        if LEXICON.stopwords.contains(&next.key) {
            return false;
        }
    }
    false
}

/// The end (exclusive) of the longest place name starting at token `i`, if any.
fn longest_place(tokens: &[Token], i: usize) -> Option<usize> {
    let first = &tokens[i];
    if !matches!(first.shape, Shape::Capitalised | Shape::Lower) {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for end in i + 1..=(i + LONGEST_PLACE).min(tokens.len()) {
        let token = &tokens[end - 1];
        if end > i + 1 {
            let joined = token.gap == Gap::Space && !tokens[end - 2].possessive;
            let fits = token.shape == first.shape
                || (first.shape == Shape::Capitalised && CONNECTORS.contains(&token.key.as_str()));
            if !joined || !fits {
                break;
            }
            key.push(' ');
        }
        key.push_str(&token.key);
        let ends_well = end == i + 1 || token.shape == first.shape;
        if ends_well && GAZETTEER.is_place(&key) {
            best = Some(end);
        }
    }
    best
}

mod unlisted;

#[cfg(test)]
mod tests;
