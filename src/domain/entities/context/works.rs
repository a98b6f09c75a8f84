//! Capitalised disease words that name a thing made or run by people, recognised by the shape of
//! the name and by what the sentence says the thing is: a band, a film or a game's engine named
//! with "The" ("The Strokes were brilliant", "The Frostbite engine"), a sports team ("Malaria
//! FC"), a work by its author or director ("Hay Fever by Noël Coward") and a name said to be a
//! film, a beer or a dish ("Concussion, the Will Smith film", "Delirium Tremens is my favourite
//! Belgian beer"), a pet or a boat ("Measles the cat", "our dog Rabies"), a name given ("a team
//! called The Cold Sores") and a drink ("Malaria gin"). A clinician writes a disease in lower case, or capitalised at the start of a
//! sentence, and describes it as an illness, not as a film. Hand-made for Rounds; the lists name
//! kinds of things, not titles.

mod kinds;

use super::proper::title_case;
use kinds::{
    BREAKDOWNS, CLINICAL_KINDS, DRINKS, GENUS_ENDINGS, NAMED_KINDS, PETS, REMEDY_FORMS, TEAM_WORDS,
};

/// Words that may stand between a copula and what the name is said to be: "is my favourite
/// Belgian beer", "is not a film to watch", "was the name of".
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "my", "our", "his", "her", "their", "your", "not",
];

/// Particles inside a person's name ("Lars von Trier", "Guillermo del Toro").
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "da", "di", "del", "le", "la",
];

/// How many words a description may run before the kind of thing it names.
const DESCRIPTION_WORDS: usize = 4;

/// Whether the capitalised disease match `text[start..end]` names a thing made or run by people.
pub(super) fn named_thing(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !title_case(surface) {
        return false;
    }
    after_the(text, start, end)
        || team(text, end)
        || (by_someone(text, end) && !a_topic(text, start))
        || described(text, end)
        || pet(text, start, end)
        || called(text, start)
        || drink(text, start, end)
        || venue(text, start, end)
        || listed_band(text, start, end)
        || remedy(text, start, end)
}

/// "Three nights at Amnesia in Ibiza": a capitalised name in mid-sentence after "at", then "in"
/// and a capitalised place, is a venue (a club, a bar, a conference).
fn venue(text: &str, start: usize, end: usize) -> bool {
    let at = text[..start]
        .strip_suffix(" at ")
        .is_some_and(|head| head.chars().next_back().is_some_and(char::is_alphanumeric));
    // One capitalised place, then no more capitals: "in Young Adults clinic" names a service.
    let place = text[end..].strip_prefix(" in ").map(|rest| {
        let word = first_word(rest);
        let next = rest[word.len()..].trim_start_matches([',', ' ']);
        (title_case(word), first_word(next))
    });
    at && place.is_some_and(|(named, next)| named && !title_case(next))
}

/// What bands do on a bill: "Placebo and Anthrax all played Reading".
const BILL_VERBS: &[&str] = &[
    "played",
    "play",
    "headline",
    "headlined",
    "headlining",
    "toured",
    "tour",
    "touring",
    "gigged",
];

/// "The Smiths, Placebo and Anthrax all played Reading": the last of a list of capitalised names,
/// in mid-sentence, before what a band does.
fn listed_band(text: &str, start: usize, end: usize) -> bool {
    let Some(head) = text[..start]
        .strip_suffix(" and ")
        .or_else(|| text[..start].strip_suffix(" & "))
    else {
        return false;
    };
    let listed = head.rsplit(' ').next().is_some_and(title_case)
        && head.rsplit_once(' ').is_some_and(|(rest, _)| {
            rest.trim_end()
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == ',')
        });
    let mut words = text[end..].split(' ').filter(|w| !w.is_empty());
    let mut next = words.next().unwrap_or("");
    if matches!(next, "all" | "both") {
        next = words.next().unwrap_or("");
    }
    // Where they played follows, by its name: "played Reading", "played the Roundhouse"; "all
    // played a part" is no gig.
    let mut venue = words.next().unwrap_or("");
    while matches!(venue, "the" | "at" | "in") {
        venue = words.next().unwrap_or("");
    }
    listed
        && BILL_VERBS.contains(&next.trim_end_matches(|c: char| !c.is_alphabetic()))
        && title_case(venue.trim_end_matches(|c: char| !c.is_alphabetic()))
}

/// "The Cold & Flu tablets": capitalised names joined by "&" before the form a remedy is sold in.
fn remedy(text: &str, start: usize, end: usize) -> bool {
    let joined = text[..start]
        .strip_suffix(" & ")
        .map(|head| head.rsplit(' ').next().unwrap_or(""))
        .is_some_and(title_case);
    joined
        && text[end..]
            .strip_prefix(' ')
            .map(first_word)
            .is_some_and(|w| REMEDY_FORMS.contains(&w))
}

/// "Measles the cat", "our dog Rabies", "my horse Gout": a pet's name.
fn pet(text: &str, start: usize, end: usize) -> bool {
    let named_after = text[end..].strip_prefix(" the ").is_some_and(|rest| {
        let word = first_word(rest);
        PETS.contains(&word)
            && rest[word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    let owned = text[..start]
        .strip_suffix(' ')
        .map(|head| head.rsplit(' ').next().unwrap_or(""))
        .is_some_and(|w| PETS.contains(&w));
    named_after || owned
}

/// "My cat is called Mumps", "a quiz team called The Cold Sores": a name given.
fn called(text: &str, start: usize) -> bool {
    let head = &text[..start];
    let head = head.strip_suffix("The ").unwrap_or(head);
    let Some(rest) = [
        "called ",
        "named ",
        "nicknamed ",
        "dubbed ",
        "name to ",
        "renamed ",
    ]
    .iter()
    .find_map(|c| head.strip_suffix(c)) else {
        return false;
    };
    let kind = rest
        .trim_end()
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    !rest.is_empty()
        && !rest.ends_with(char::is_alphanumeric)
        && !CLINICAL_KINDS.iter().any(|k| kind.eq_ignore_ascii_case(k))
}

fn drink(text: &str, start: usize, end: usize) -> bool {
    let mid_sentence = text[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ',');
    // "Sepsis Stout from the brewery": a capitalised drink word makes a product's name anywhere.
    let next = text[end..].strip_prefix(' ').map_or("", first_word);
    (mid_sentence && DRINKS.contains(&next))
        || (title_case(next) && DRINKS.contains(&next.to_lowercase().as_str()))
}

/// "The Strokes were brilliant", "Heard The Cramps on the radio", "The Frostbite engine": a
/// capitalised "The" right before a plural name followed by what a band does or where it plays,
/// or before a name followed by the kind of thing it names. "The Lupus clinic", "The Measles
/// outbreak" are about the disease.
fn after_the(text: &str, start: usize, end: usize) -> bool {
    // "the Frostbite engine": after a lower-case "the", a capitalised name needs its kind after.
    if let Some(head) = text[..start].strip_suffix("the ") {
        let next = text[end..].strip_prefix(' ').map_or("", first_word);
        return !head.ends_with(char::is_alphanumeric) && NAMED_KINDS.contains(&next);
    }
    let Some(head) = text[..start].strip_suffix("The ") else {
        return false;
    };
    if head.ends_with(char::is_alphanumeric) {
        return false;
    }
    let rest = &text[end..];
    let plural = text[start..end].ends_with('s');
    if rest.starts_with(['\'', '’']) {
        return plural;
    }
    let next = rest.strip_prefix(' ').map_or("", first_word);
    // "saw The Strokes last night": a capital "The" after a lower-case word is part of a name.
    let previous = head.trim_end().rsplit(' ').next().unwrap_or("");
    let inside = previous.starts_with(char::is_lowercase) && head.ends_with(' ');
    (plural && (BAND_NEXT.contains(&next) || inside)) || NAMED_KINDS.contains(&next)
}

/// Words after a band's plural name: what it does, where and when it plays.
const BAND_NEXT: &[&str] = &[
    "are", "were", "at", "on", "played", "play", "playing", "live", "tonight", "headline",
];

/// "Malaria FC", "Sepsis United": a team word right after.
fn team(text: &str, end: usize) -> bool {
    text[end..]
        .strip_prefix(' ')
        .map(first_word)
        .is_some_and(|w| TEAM_WORDS.contains(&w))
}

/// Titles of a speaker, after "by": a talk, not a work.
const SPEAKER_TITLES: &[&str] = &["Dr ", "Dr. ", "Prof ", "Prof. ", "Professor ", "Doctor "];

/// "A grand round on Sepsis by …", "a talk about Stroke by …": the disease is a talk's topic.
fn a_topic(text: &str, start: usize) -> bool {
    let head = text[..start].trim_end();
    let word = head.rsplit(' ').next().unwrap_or("");
    ["on", "about", "of", "re", "regarding", "in", "for"]
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

/// "Melancholia by Lars von Trier", "Hay Fever by Noël Coward": "by" and a person's name of two
/// or more capitalised words; "pneumonia by Streptococcus pneumoniae" names a cause.
fn by_someone(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(" by ") else {
        return false;
    };
    // "Sepsis by Dr Jane Smith": a talk by a speaker, about the disease.
    if SPEAKER_TITLES.iter().any(|t| rest.starts_with(t)) {
        return false;
    }
    // "Stroke by Age Group": a table's breakdown, not a person.
    if BREAKDOWNS
        .iter()
        .any(|b| first_word(rest).eq_ignore_ascii_case(b))
    {
        return false;
    }
    let mut names = 0;
    let mut last = "";
    for word in rest.split(' ').take(4) {
        let bare = word.trim_end_matches(|c: char| !c.is_alphabetic());
        if title_case(bare) {
            names += 1;
            last = bare;
        } else if !(names > 0 && NAME_PARTICLES.contains(&bare)) {
            break;
        }
        if bare.len() != word.len() {
            break;
        }
    }
    // "Nausea by Sartre": one surname will do when it is no microbe's genus and a sentence or a
    // verb, not a species' epithet, follows it.
    let single = names == 1 && !GENUS_ENDINGS.iter().any(|e| last.ends_with(e)) && {
        let after = rest.split_once(last).map_or("", |(_, tail)| tail);
        let next = after.trim_start().split(' ').next().unwrap_or("");
        after.is_empty()
            || after.starts_with(['.', ',', '!', '?', ';', ':'])
            || matches!(next, "was" | "is" | "and" | "on" | "for" | "in")
    };
    names >= 2 || single
}

/// "Concussion, the Will Smith film", "a Cholera last night, the Swiss leek pie", "Delirium
/// Tremens is my favourite Belgian beer", "Black Plague is the name of a server": the name is
/// said to be a kind of named thing.
fn described(text: &str, end: usize) -> bool {
    let after = &text[end..super::ceil_boundary(text, end + super::CONTEXT_BYTES)];
    // A name may carry its own exclamation mark ("Malaria! were a band").
    let after = after
        .strip_prefix('!')
        .filter(|rest| rest.starts_with(' '))
        .unwrap_or(after);
    let clause = after
        .split(['.', '!', '?', ';', ':', '\n', '(', ')'])
        .next()
        .unwrap_or("");
    // An apposition after at most three words: ", the Will Smith film".
    if let Some((lead, rest)) = clause.split_once(", ") {
        if lead.split_whitespace().count() <= 3
            && (names_a_kind(rest, true) || a_pet_in_apposition(rest))
        {
            return true;
        }
    }
    // A copula: "is my favourite Belgian beer".
    ["is ", "was ", "are ", "were ", "'s ", "’s "]
        .iter()
        .find_map(|c| clause.strip_prefix(' ').unwrap_or(clause).strip_prefix(c))
        .is_some_and(|rest| names_a_kind(rest, false))
}

/// "Mumps, my neighbour's goat, escaped": an apposition that ends in an animal ("Toxoplasmosis,
/// the cat parasite" ends in the parasite).
fn a_pet_in_apposition(rest: &str) -> bool {
    let apposition = rest.split(',').next().unwrap_or("");
    let mut words = apposition.split_whitespace();
    let first = words.next().unwrap_or("");
    let last = words.next_back().unwrap_or("");
    DETERMINERS.contains(&first)
        && apposition.split_whitespace().count() <= 4
        && PETS.contains(&last)
}

/// Whether `words` begin with a determiner and, within a few words, name a kind of thing.
fn names_a_kind(words: &str, apposition: bool) -> bool {
    let mut words = words.split([' ', ',']).filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    if !DETERMINERS.iter().any(|d| first.eq_ignore_ascii_case(d)) {
        return false;
    }
    let mut seen = 0;
    while let Some(word) = words.next() {
        if !apposition && DETERMINERS.contains(&word) && seen == 0 {
            continue;
        }
        if NAMED_KINDS.iter().any(|k| word.eq_ignore_ascii_case(k)) {
            // "the name of the game" is an idiom; "the name of a disease" is the disease's.
            return !(word == "name"
                && (words.clone().take(3).eq(["of", "the", "game"])
                    || words.clone().take(3).any(|w| CLINICAL_KINDS.contains(&w))));
        }
        seen += 1;
        if seen >= DESCRIPTION_WORDS {
            return false;
        }
    }
    false
}

fn first_word(text: &str) -> &str {
    let word = text.split(' ').next().unwrap_or("");
    word.trim_end_matches(|c: char| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests;
