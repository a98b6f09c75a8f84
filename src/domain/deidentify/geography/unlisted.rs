//! Places no list knows, found by where they stand: a capitalised word shaped like an English town
//! after "in", "from" or "near" ("lives near Saltburn"), a neighbourhood named with "the" ("from
//! the Gorbals"), and a word no English or clinical list knows after a word that says where
//! someone lives ("resident of Koramangala", "from Neiafu visiting…").

use super::super::gazetteer::GAZETTEER;
use super::super::lexicon::LEXICON;
use super::super::names::tokens::{Gap, Shape, Token};
use super::super::{Candidate, Identifier};
use super::{names_a_term, score_value_after, LOCATIVE};

/// How town names end in English ("Felpham", "Saltburn", "Wetherby"): an unlisted capitalised
/// word with one of these endings after "in", "from", "near"… is taken for a place.
const PLACE_ENDINGS: [&str; 42] = [
    "ham", "ton", "ford", "by", "burn", "bury", "borough", "brough", "burgh", "field", "wick",
    "worth", "minster", "mouth", "pool", "chester", "caster", "cester", "stead", "ley", "thorpe",
    "dale", "port", "ville", "bridge", "well", "wood", "moor", "mere", "combe", "church", "stow",
    "hurst", "cliffe", "ness", "sea", "holme", "ington", "shire", "haven", "worthy", "bank",
];

/// Words that may follow a place no list knows: "from Thrissur with fever".
const PLACE_FOLLOWERS: [&str; 21] = [
    "visiting",
    "with",
    "and",
    "but",
    "for",
    "since",
    "last",
    "yesterday",
    "today",
    "who",
    "where",
    "when",
    "after",
    "before",
    "until",
    "area",
    "district",
    "village",
    "town",
    "city",
    "region",
];

/// "lives near Saltburn", "rang from Felpham": a capitalised word no list knows, shaped like an
/// English town, right after a word that says where someone is.
pub(super) fn places(text: &str, tokens: &[Token], found: &mut Vec<Candidate>) {
    let gazetteer = &*GAZETTEER;
    for i in 1..tokens.len() {
        let token = &tokens[i];
        if token.shape != Shape::Capitalised || token.gap != Gap::Space {
            continue;
        }
        let word = &token.key;
        let after_locative = LOCATIVE.contains(&tokens[i - 1].key.as_str());
        let town_shaped = || {
            PLACE_ENDINGS
                .iter()
                .any(|ending| word.len() >= ending.len() + 3 && word.ends_with(ending))
        };
        // "from the Tenderloin", "in the Gorbals": a neighbourhood named with "the".
        let the_neighbourhood = i >= 2
            && tokens[i - 1].key == "the"
            && matches!(
                tokens[i - 2].key.as_str(),
                "in" | "from" | "near" | "around" | "outside"
            )
            && !tokens
                .get(i + 1)
                .is_some_and(|n| n.gap == Gap::Space && n.shape != Shape::Lower);
        // "resident of Koramangala", "lives in Thrissur": after a word that says where someone
        // lives, a capitalised word that is no English or clinical word, nor shaped like a drug.
        let plain = text[token.start..token.end]
            .chars()
            .skip(1)
            .all(|c| !c.is_uppercase());
        let dwelling = matches!(
            tokens[i - 1].key.as_str(),
            "in" | "from" | "near" | "outside"
        ) || (tokens[i - 1].key == "of"
            && i >= 2
            && matches!(
                tokens[i - 2].key.as_str(),
                "resident" | "native" | "outskirts"
            ))
            || (i >= 2
                && matches!(
                    tokens[i - 2].key.as_str(),
                    "lives" | "living" | "moved" | "based"
                ));
        let unknown_word = dwelling
            && plain
            && word.chars().count() >= 4
            && !super::super::english::is_word(word)
            && !word.split('-').any(super::super::english::is_word)
            && !super::super::names::drug_shaped(word)
            // "lives in Koramangala, Bengaluru", "from Thrissur with fever"; not "in Pabrinex
            // then thiamine" or "in Lokelma users".
            && tokens.get(i + 1).is_none_or(|next| {
                next.gap != Gap::Space || PLACE_FOLLOWERS.contains(&next.key.as_str())
            });
        if !(after_locative && town_shaped() || the_neighbourhood || unknown_word) {
            continue;
        }
        let known = gazetteer.keeps(word)
            || gazetteer.given(word).is_some_and(|n| n > 0)
            || LEXICON.is_stopword(word)
            || LEXICON.eponyms.contains(word)
            || LEXICON.titles.contains(word.as_str())
            || gazetteer.is_place(word);
        if !known && !names_a_term(tokens, i + 1, false) && !score_value_after(text, token.end) {
            let rule = if the_neighbourhood {
                "neighbourhood after in/from the"
            } else {
                "town-shaped word after in/from/near"
            };
            found.push(Candidate::new(Identifier::Place, token.start, token.end).by(rule));
        }
    }
}

/// Kinds of settlement written after their name: "Khayelitsha township", "Mathare slum".
const SETTLEMENTS: [&str; 10] = [
    "township",
    "village",
    "suburb",
    "settlement",
    "slum",
    "compound",
    "barangay",
    "location",
    "kampung",
    "pueblo",
];

/// "from Khayelitsha township", "Ndumo village": a capitalised word no list knows, right before the
/// kind of settlement it is.
pub(super) fn before_settlement(text: &str, tokens: &[Token], found: &mut Vec<Candidate>) {
    let gazetteer = &*GAZETTEER;
    for pair in tokens.windows(2) {
        let (word, kind) = (&pair[0], &pair[1]);
        let plain = text[word.start..word.end]
            .chars()
            .skip(1)
            .all(|c| !c.is_uppercase());
        if word.shape == Shape::Capitalised
            && plain
            && !word.possessive
            && kind.gap == Gap::Space
            && SETTLEMENTS.contains(&kind.key.as_str())
            && word.key.chars().count() >= 4
            && !super::super::english::is_word(&word.key)
            && !gazetteer.keeps(&word.key)
            && !LEXICON.is_stopword(&word.key)
            && !LEXICON.eponyms.contains(&word.key)
            && !super::super::names::drug_shaped(&word.key)
        {
            found.push(
                Candidate::new(Identifier::Place, word.start, word.end)
                    .by("word before township/village"),
            );
        }
    }
}
