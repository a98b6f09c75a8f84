//! Names and places a note frames rather than names outright: a bracket that explains the word
//! before it ("Hope (surname …)", "Hunter (yes that's his name)", "Joy (head nurse)", "Little
//! Snoring (actual village in …)"), a bed, bay or side room that a patient's name follows, a
//! term of respect or kinship across cultures ("Ate Joy", "Baba Musa", "bà Lan", "Mzee Otieno"),
//! Malaysian and Indian patronymics ("Muthusamy a/l Ramasamy", "Ravi s/o Kumar"), names built
//! with an apostrophe or two given names ("Ja'Marcus", "Ellie-Mae", "Jun-Jun"), a person brought,
//! sent or referred from somewhere, and the district words, directions, prefixes, nicknames and
//! road numbers that locate a person ("Ernakulam district", "South Side", "KwaMashu", "Joburg",
//! "the A470").
//!
//! The capitalised word each rule takes must not be an eponym or a word of the stop list, and
//! drug and disease names are taken back afterwards as for every other rule.

mod places;
mod settle;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use regex::Regex;

use super::english;
use super::gazetteer::GAZETTEER;
use super::lexicon::{key, LEXICON};
use super::{Candidate, Identifier};
pub(super) use settle::{settle, STATES_SHORT};

/// A capitalised word followed by a bracket: the bracket is read by [`PERSON_ASIDE`] and
/// [`PLACE_ASIDE`]. One or two words before it ("Dawn Ferris (pt)").
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<w>(?:\b[\p{Lu}][\p{L}'’-]+\s+)?\b[\p{Lu}][\p{L}'’-]+)\s*\((?P<inside>[^()\n]{1,60})\)")
        .expect("bracketed compiles")
});

/// What a bracket says about a person: that the word is a name ("surname …", "real nickname",
/// "yes that's his name", "no relation"), who they are ("my HO", "head nurse", "Polish lad", "kid,
/// 7") or that they are the patient ("pt").
static PERSON_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:[\p{L}'’]+\s+){0,3}?
        (?:(?:sur|first|given|nick|middle|last|family|real|full)?\s*name[ds]?|nickname|surname|relation|related
          |lad|lass|kid|boy|girl|man|woman|guy|gent|gentleman|lady|chap|bloke|fella|teen|toddler|infant
          |son|daughter|wife|husband|mum|mom|mother|dad|father|grandma|grandpa|granny|nan|nana|gran
          |aunt|auntie|uncle|cousin|brother|sister|niece|nephew|partner|friend|neighbou?r|flatmate
          |nurse|ho|sho|fy1|fy2|f1|f2|intern|registrar|reg|consultant|attending|student|colleague|carer
          |caregiver|pt|patient|client|resident|midwife|porter|paramedic|gp|initials?|goes\s+by|aka|a\.k\.a|known\s+as|called)s?\b",
    )
    .expect("person aside compiles")
});

/// A bracket that opens with an age: "Ilse (93, Hamburg)", "Tomás (7yo)", "(ninety-seven, …)".
static AGE_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\d{1,3}\s*(?:y/?o|yrs?|[MF])?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ][a-z]+)?|(?:one|a)\s+hundred)\s*(?:,|$)")
        .expect("age aside compiles")
});

/// "SMITH, JOHN Q", "GARCIA-LOPEZ, ESPERANZA": an EHR's surname in capitals, a comma, the given
/// names in capitals and a middle initial.
static EHR_CAPITALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<s>[A-Z]{2,}(?:[-'’][A-Z]{2,})?),\s?(?P<g>[A-Z]{2,}(?:-[A-Z]{2,})?)(?:\s+[A-Z]{2,})?(?:\s+[A-Z]\b\.?)?")
        .expect("ehr capitals compiles")
});

/// A lower-case given name opening a note or sentence before where the person is from: "rosa
/// from Lima".
static LOWER_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[.!?]\s+)(?P<n>[a-z][a-z'’-]{2,})\s+(?:from|at|in|\()\s*(?P<next>\p{L})")
        .expect("lower opening compiles")
});

/// What a bracket says about a place: "actual village in …", "a suburb of …", "town".
static PLACE_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:(?:an?|the|actual|real|small|tiny|little|rural|remote|my|our|his|her|their|a\s+real)\s+){0,2}
        (?:village|town|city|suburb|township|hamlet|settlement|neighbou?rhood|district|county|parish
          |barangay|municipality|borough|island|estate|kampung|locality)\b",
    )
    .expect("place aside compiles")
});

/// A bed, bay, cubicle or side room, then the patient in it: "bed 4 is grace adebayo", "side rm
/// Abernethy -", "bay 2: Okoro".
static BED_THEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:\b(?:bed|bay|cubicle|cube|trolley|side\s*(?:room|rm)|sr)\s*(?:[a-z]?\d{1,3}[a-z]?\b)?)\s*(?:is\s+|[:=–-]\s*)?(?P<run>[\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+){0,2})",
    )
    .expect("bed compiles")
});

/// Terms of respect and kinship that come before a given name: Filipino, Hausa and Yoruba,
/// Swahili, Afrikaans, Spanish and Portuguese, Polish, German, French, Vietnamese, Māori and
/// South Asian ones.
static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:Ate|Kuya|Tita|Tito|Lola|Lolo|Manang|Manong|Nanay|Tatay|Baba|Mama|Mallam|Malam|Alhaji|Alhaja|Hajiya|Hajia|Mzee|Bibi|Bwana|Iya|Oom|Tannie|Tante|Onkel|Doña|Dona|Seu|Pani|Herr|Frau|Signora|Madame|Monsieur|Mme|Mlle|Bà|Ông|Chị|Chú|Cô|bà|ông|chị|chú|cô|bé|Whaea|Matua|Koro|Kuia|Aunty|Auntie|Smt|Shri|Sri|Thiru|Tmt|Begum)\.?\s+(?P<n>[\p{Lu}][\p{L}'’-]+)",
    )
    .expect("honorific name compiles")
});

/// Malaysian "a/l" and "a/p" (son and daughter of), Indian "s/o", "d/o", "w/o", Malay "binti":
/// the whole "Given a/l Father" is the name.
static PATRONYMIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[\p{Lu}][\p{L}'’-]+\s+(?:a/l|a/p|A/L|A/P|s/o|d/o|w/o|S/O|D/O|W/O|binti|bte|bt\.?)\s+[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?")
        .expect("patronymic compiles")
});

/// "Ja'Marcus", "D'Andre", "O'Dea": a capital, up to two letters, an apostrophe, a capital.
static APOSTROPHE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z][a-z]{0,2}['’][A-Z][a-z]{2,}\b").expect("apostrophe name compiles")
});

/// Two capitalised halves joined by a hyphen: a name when both are given names ("Ellie-Mae") or
/// the same word twice ("Jun-Jun").
static HYPHEN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[A-Z][a-z]+)-(?P<b>[A-Z][a-z]+)\b").expect("hyphen pair compiles")
});

/// A verb that moves or sees a patient, then a person, then where from or what happened.
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:brought|bringing|brings|transferred|sent|referred|discharged|clerked|bring|admitted|admit)\s+(?P<n>[A-Z][\p{Ll}'’-]+)\s+(?:from|in|to|at|with|after|who|because|for)\b",
    )
    .expect("moved compiles")
});

/// "pt Gwenllian", "Paciente João": a word no list knows right after the patient.
static PATIENT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:pt|Pt|patient|Patient|paciente|Paciente|patiente|Patientin)\s+(?P<n>[\p{Lu}][\p{Ll}'’-]{2,})")
        .expect("patient word compiles")
});

fn name(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Name, start, end).by(rule)
}

fn place(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Place, start, end).by(rule)
}

/// A word that can never be a name whatever frames it: the stop list and the eponyms.
pub(super) fn never_a_name(word: &str) -> bool {
    let key = key(word);
    LEXICON.is_stopword(&key) || LEXICON.eponyms.contains(&key) || LEXICON.is_eponym_noun(&key)
}

/// A word neither English, nor medicine, nor a listed name or place: only a name or place
/// could be written so.
pub(super) fn unknown(word: &str) -> bool {
    let key = key(word);
    !never_a_name(word) && !GAZETTEER.keeps(&key) && !english::is_word(&key)
}

pub(super) fn listed_given(word: &str) -> bool {
    let key = key(word);
    LEXICON.is_given(&key) || GAZETTEER.given(&key).is_some()
}

pub(super) fn listed_name(word: &str) -> bool {
    let key = key(word);
    listed_given(word) || LEXICON.is_surname(&key) || GAZETTEER.surname(&key).is_some()
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    bracketed(text, found);
    beds(text, found);
    for caps in HONORIFIC_NAME.captures_iter(text) {
        let n = caps.name("n").expect("name");
        // "Sri Lanka", "Don Mueang": a country or town written like a title and a name.
        let whole = key(caps.get(0).expect("whole").as_str());
        let somewhere = GAZETTEER.regions.contains(&whole) || GAZETTEER.is_place(&whole);
        if !never_a_name(n.as_str()) && !somewhere {
            found.push(name(n.start(), n.end(), "term of respect before a name"));
        }
    }
    for m in PATRONYMIC.find_iter(text) {
        found.push(name(m.start(), m.end(), "patronymic"));
    }
    for m in APOSTROPHE_NAME.find_iter(text) {
        if !never_a_name(m.as_str()) {
            found.push(name(m.start(), m.end(), "apostrophe name"));
        }
    }
    for caps in HYPHEN_PAIR.captures_iter(text) {
        let (a, b, m) = (&caps["a"], &caps["b"], caps.get(0).expect("whole"));
        let alone = !text[..m.start()].ends_with('-') && !text[m.end()..].starts_with('-');
        // "Harris-Benedict equation", "Stokes-Adams attack": a noun after the pair names a term.
        let next = text[m.end()..]
            .split_whitespace()
            .next()
            .unwrap_or_default();
        let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
        let noun_after = next.starts_with(char::is_lowercase) && !LEXICON.is_stopword(&key(next))
            || LEXICON.is_eponym_noun(&key(next));
        let given =
            (listed_given(a) && listed_given(b) && !never_a_name(a) && !never_a_name(b)) || a == b;
        if alone && given && !noun_after {
            found.push(name(m.start(), m.end(), "two given names hyphenated"));
        }
    }
    for caps in MOVED.captures_iter(text) {
        let n = caps.name("n").expect("name");
        let w = n.as_str();
        if unknown(w) || (listed_given(w) && !GAZETTEER.keeps(&key(w)) && !never_a_name(w)) {
            found.push(name(n.start(), n.end(), "person brought or sent"));
        }
    }
    for caps in PATIENT_WORD.captures_iter(text) {
        let n = caps.name("n").expect("name");
        // A name goes on to a surname, a pause or an age; "pt Hypotensive after…" is a state.
        let next = text[n.end()..].trim_start().chars().next();
        let name_like_next =
            next.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || ",(:;".contains(c));
        if unknown(n.as_str()) && !GAZETTEER.is_place(&key(n.as_str())) && name_like_next {
            found.push(name(n.start(), n.end(), "word no list knows after pt"));
        }
    }
    for caps in EHR_CAPITALS.captures_iter(text) {
        let (surname, given) = (key(&caps["s"]), key(&caps["g"]));
        let listed = |k: &str| {
            k.split(['-', '\'', '’'])
                .any(|part| GAZETTEER.surname(part).is_some() || LEXICON.is_surname(part))
        };
        let words_ok = !LEXICON.is_stopword(&surname) && !LEXICON.is_stopword(&given);
        let m = caps.get(0).expect("whole");
        // "CAP, CURB-65": a code runs on after the second word.
        let runs_on = text[m.end()..].starts_with(|c: char| c == '-' || c.is_ascii_digit());
        if words_ok && !runs_on && given.len() >= 3 && listed(&surname) && listed_given(&caps["g"])
        {
            found.push(name(m.start(), m.end(), "EHR capitals with the given name"));
        }
    }
    for caps in LOWER_OPENING.captures_iter(text) {
        let n = caps.name("n").expect("name");
        let k = key(n.as_str());
        // Opening the whole note, a given name the Census counts may also be a word ("rosa").
        let opens_note = text[..n.start()].trim().is_empty();
        // Mid-note the place after must be capitalised; opening the note it may not be ("rosa
        // from pasay").
        if !opens_note && !caps["next"].starts_with(char::is_uppercase) {
            continue;
        }
        let common = GAZETTEER.given(&k).is_some_and(|count| count > 0);
        let no_word = !GAZETTEER.keeps(&k) && !english::is_word(&k);
        if listed_given(n.as_str())
            && !never_a_name(n.as_str())
            && (no_word || opens_note && common)
        {
            found.push(name(
                n.start(),
                n.end(),
                "lower-case given name opening, then where from",
            ));
        }
    }
    places::find(text, found);
}

/// Words before a bracket that says they name a person or a place.
fn bracketed(text: &str, found: &mut Vec<Candidate>) {
    for caps in BRACKETED.captures_iter(text) {
        let w = caps.name("w").expect("words");
        let inside = &caps["inside"];
        let words: Vec<(usize, &str)> = w
            .as_str()
            .split_whitespace()
            .map(|s| (s.as_ptr() as usize - text.as_ptr() as usize, s))
            .collect();
        // Two words only when the first could start a name or is a term of respect.
        let (start, _) = match words.as_slice() {
            [(at, first), _] if (listed_given(first) || unknown(first)) && !never_a_name(first) => {
                (*at, *first)
            }
            [_, last] | [last] => *last,
            _ => continue,
        };
        let last = words.last().expect("one word").1;
        let listed_stopword = listed_given(last) && !LEXICON.eponyms.contains(&key(last));
        if (never_a_name(last) && !listed_stopword) || last.chars().skip(1).all(char::is_uppercase)
        {
            continue;
        }
        let aged = AGE_ASIDE.is_match(inside) && (listed_given(last) || unknown(last));
        // "Pregnant (pt, 32)", "Sickle (kid, 7)": only a name or a word no list knows is a person.
        let person_word = listed_name(last) || unknown(last);
        if person_word && (PERSON_ASIDE.is_match(inside) || aged) && !PLACE_ASIDE.is_match(inside) {
            found.push(name(start, w.end(), "bracket says a person"));
        } else if PLACE_ASIDE.is_match(inside) {
            found.push(place(start, w.end(), "bracket says a place"));
        }
    }
}

/// The words after a bed, bay or side room that are a patient's name.
fn beds(text: &str, found: &mut Vec<Candidate>) {
    for caps in BED_THEN.captures_iter(text) {
        let run = caps.name("run").expect("run");
        let words: Vec<(usize, &str)> = run
            .as_str()
            .split_whitespace()
            .map(|s| (s.as_ptr() as usize - text.as_ptr() as usize, s))
            .collect();
        let mut end = None;
        for (i, (at, word)) in words.iter().enumerate() {
            let next_is_name = words.get(i + 1).is_some_and(|(_, n)| {
                listed_name(n) && !never_a_name(n) && !english::is_word(&key(n))
            });
            let capitalised = word.starts_with(char::is_uppercase)
                && word.chars().skip(1).any(char::is_lowercase);
            let lower_name = word.chars().all(char::is_lowercase)
                && listed_name(word)
                && !never_a_name(word)
                && (next_is_name
                    || (!english::is_word(&key(word)) && !GAZETTEER.keeps(&key(word))));
            let capital_name = capitalised
                && !LEXICON.is_stopword(&key(word))
                && (listed_name(word) || unknown(word) || LEXICON.eponyms.contains(&key(word)))
                && (!GAZETTEER.keeps(&key(word)) || next_is_name)
                // "bay 3: Awaiting CT": an English word needs a surname after it.
                && (!english::is_word(&key(word)) || next_is_name);
            if lower_name || capital_name {
                end = Some(at + word.len());
            } else {
                break;
            }
        }
        if let Some(end) = end {
            found.push(name(run.start(), end, "patient in a bed or bay"));
        }
    }
}
