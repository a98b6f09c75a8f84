//! What sits beside a name or place already found and belongs to it, read once the detectors
//! have settled: the particles and parts of a name ("de la Cruz", "van 't Hek", "Anand K",
//! "Pike III", a given name before it, a name set off after it in brackets or joined to it by
//! "and"), initials glossed by a name in brackets, and for places the quarter or district set
//! off before or after a town ("Bandra, Mumbai", "Leeds (Harehills)", "Praha 6") and a town
//! after its postcode.

use std::sync::LazyLock;

use regex::Regex;

use super::asides::{listed_given, listed_name, never_a_name, unknown, STATES_SHORT};
use super::gazetteer::GAZETTEER;
use super::lexicon::{key, LEXICON};
use super::{Candidate, Identifier};

mod places;
#[cfg(test)]
mod tests;

/// One capitalised word of a name or place, with hyphens and apostrophes.
pub(super) const WORD: &str = r"[\p{Lu}][\p{L}'’-]*[\p{L}]";

/// Particles that join the parts of a name.
const PARTICLES: &str = r"(?i:de|del|della|di|da|das|dos|du|la|le|los|las|van|von|der|den|ten|ter|'t|’t|y|bin|binti|ibn|al|el)";

static PARTICLES_THEN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:[\s-]+{PARTICLES}){{1,3}}\s+{WORD}")).expect("particles compile")
});

static PARTICLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[\s-]){PARTICLES}[\s-]$")).expect("particle before compiles")
});

static WORD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[\s(])(?P<w>{WORD})[\s-]$")).expect("word before compiles")
});

/// "Anand K,": an initial after a name.
static INITIAL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+[A-Z]\.?(?:\s*[,;)]|\s*$)").expect("initial compiles"));

pub(super) static WORD_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s(?P<w>{WORD})\b")).expect("word after compiles"));

/// A name or a place joined to the one found: ", ", " and ", " & ".
pub(super) static JOINED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<j>,|\s+and|\s+&|\s+y|\s+und|\s+et)\s+(?P<w>{WORD}(?:\s+{WORD})?)(?P<num>[\s-]\d{{1,2}}(?:e|er)?\b)?"
    ))
    .expect("joined after compiles")
});

pub(super) static JOINED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s(:])(?P<w>{WORD}(?:\s+{WORD})?(?:[\s-]\d{{1,2}}(?:e|er)?)?)(?P<j>,|\s+and|\s+&)\s+$"
    ))
    .expect("joined before compiles")
});

/// A bracket right after a name or place: one to three capitalised words, perhaps quoted, a
/// district number or "area".
pub(super) static BRACKET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*\(\s*['‘’\x22“]?(?P<w>(?:{WORD}|St\.)(?:[\s-](?:{WORD}|[A-Z]|\d{{1,3}}(?:e|er)?)){{0,2}})['’\x22”]?(?:\s+area)?\s*\)"
    ))
    .expect("bracket after compiles")
});

/// "MJ (" before a name in brackets.
static INITIALS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,:])(?P<w>[A-Z]{2,3})\s*\(\s*$").expect("initials before compiles")
});

/// "… not Brigid", "…, not Brigid": the name the writer corrected.
static NOT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^,?\s+not\s+(?P<w>{WORD})\b")).expect("not after compiles")
});

fn is_medical(start: usize, end: usize, medical: &[(usize, usize)]) -> bool {
    medical.iter().any(|&(a, b)| a <= start && end <= b)
}

/// A word that may be a name or place here: not a common word, not medicine.
fn open_word(word: &str) -> bool {
    let k = key(word);
    let lab_shaped = word.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_uppercase()
    });
    !lab_shaped
        && !STATES_SHORT.contains(&k.as_str())
        && !never_a_name(word)
        && !GAZETTEER.regions.contains(&k)
        && (unknown(word) || (listed_name(word) && !GAZETTEER.keeps(&k)) || GAZETTEER.is_place(&k))
}

pub(super) fn words_open(words: &str) -> bool {
    // "BLL 48", "JE vaccine": capitals alone are an acronym, not a quarter or a name.
    if !words.chars().any(char::is_lowercase) {
        return false;
    }
    let mut parts = words
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()));
    let last_ok = words
        .split_whitespace()
        .rfind(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .is_some_and(open_word);
    // "HIV-exposed": a word in title case only.
    let titled = |w: &str| {
        w.chars()
            .nth(1)
            .is_some_and(|c| c.is_lowercase() || "'’".contains(c))
    };
    last_ok && parts.all(|w| titled(w) && !LEXICON.is_stopword(&key(w)) && !never_a_name(w))
}

/// "Wells score": a word naming a term after the words makes them the term's eponym.
pub(super) fn term_follows(text: &str, at: usize) -> bool {
    let next = text[at..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    text[at..].starts_with(' ') && LEXICON.is_eponym_noun(&key(next))
}

fn overlaps(accepted: &[Candidate], start: usize, end: usize, except: usize) -> bool {
    accepted
        .iter()
        .enumerate()
        .any(|(i, c)| i != except && c.start < end && start < c.end)
}

/// Grows and adds spans beside names and places until nothing more joins.
pub(super) fn join(text: &str, accepted: &mut Vec<Candidate>, medical: &[(usize, usize)]) {
    for _ in 0..3 {
        let before = accepted.clone();
        for i in 0..accepted.len() {
            grow(text, accepted, i, medical);
        }
        let mut more = Vec::new();
        for (i, span) in accepted.iter().enumerate() {
            beside(text, accepted, i, span, medical, &mut more);
        }
        for c in more {
            if !overlaps(accepted, c.start, c.end, usize::MAX) {
                accepted.push(c);
            }
        }
        accepted.sort_by_key(|c| c.start);
        if *accepted == before {
            break;
        }
    }
    super::holidays::festivals::same_age_again(text, accepted);
}

/// Widens a name over its particles, initials, generation, a given name before it and words no
/// list knows after it.
fn grow(text: &str, accepted: &mut [Candidate], i: usize, medical: &[(usize, usize)]) {
    let span = accepted[i];
    if span.kind != Identifier::Name && span.kind != Identifier::Place {
        return;
    }
    let (mut start, mut end) = (span.start, span.end);
    let mut kind = span.kind;
    if span.kind == Identifier::Name {
        if let Some(m) = PARTICLES_THEN_WORD.find(&text[end..]) {
            end += m.end();
        }
        if let Some(m) = INITIAL_AFTER.find(&text[end..]) {
            end += m.as_str().trim_end_matches([',', ';', ')', ' ']).len();
        }
        // Particles before, each with the word before it: "De Vries-Van den Berg".
        while let Some(m) = PARTICLE_BEFORE.find(&text[..start]) {
            let mut at = m.start();
            at += text[at..].len() - text[at..].trim_start_matches([' ', '-']).len();
            let word = WORD_BEFORE
                .captures(&text[..at])
                .and_then(|c| c.name("w"))
                .filter(|w| {
                    w.as_str().starts_with(char::is_uppercase) && !never_a_name(w.as_str())
                });
            start = word.map_or(at, |w| w.start());
            if word.is_none() {
                break;
            }
        }
        // Words no list knows after the name: "Trần Văn Bảy".
        while let Some(caps) = WORD_AFTER.captures(&text[end..]) {
            let w = caps.name("w").expect("word");
            // Only a word that ends the name: "Kawasaki day 8" is a term after a name.
            let next = text[end + w.end()..].chars().next();
            let ends = next.is_none_or(|c| ",.;:)!?".contains(c))
                || text[end + w.end()..].starts_with(' ')
                    && text[end + w.end()..]
                        .trim_start()
                        .starts_with(char::is_uppercase);
            if unknown(w.as_str())
                && !w.as_str().contains('-')
                && ends
                && !is_medical(end + w.start(), end + w.end(), medical)
            {
                end += w.end();
            } else {
                break;
            }
        }
    }
    // A listed given name right before: "Will Ferris-Oduya"; before a place it makes a person.
    if let Some(caps) = WORD_BEFORE.captures(&text[..start]) {
        let w = caps.name("w").expect("word");
        let joined_by_space = text[w.end()..start].chars().all(|c| c == ' ');
        if joined_by_space
            && listed_given(w.as_str())
            && !LEXICON.is_stopword(&key(w.as_str()))
            && !LEXICON.titles.contains(&key(w.as_str()))
            && !GAZETTEER.is_place(&key(&text[w.start()..end]))
            && !GAZETTEER.regions.contains(&key(&text[w.start()..end]))
            && !is_medical(w.start(), w.end(), medical)
            && w.as_str().chars().skip(1).any(char::is_lowercase)
        {
            start = w.start();
            kind = Identifier::Name;
        }
    }
    if (start, end) != (span.start, span.end) && !overlaps(accepted, start, end, i) {
        accepted[i] = Candidate::new(kind, start, end).by(if kind == span.kind {
            span.rule
        } else {
            "given name before a place"
        });
    }
}

/// New spans beside a found name or place.
fn beside(
    text: &str,
    accepted: &[Candidate],
    i: usize,
    span: &Candidate,
    medical: &[(usize, usize)],
    more: &mut Vec<Candidate>,
) {
    let kind = span.kind;
    let mut add = |start: usize, end: usize, kind: Identifier, rule: &'static str| {
        if !overlaps(accepted, start, end, i) && !is_medical(start, end, medical) {
            more.push(Candidate::new(kind, start, end).by(rule));
        }
    };
    let after = &text[span.end..];
    let before = &text[..span.start];
    match kind {
        Identifier::Name => {
            if let Some(caps) = JOINED_AFTER.captures(after) {
                let w = caps.name("w").expect("words");
                let comma = &caps["j"] == ",";
                let next = text[span.end + w.end()..].trim_start().chars().next();
                let name_like =
                    !comma || next.is_none_or(|c| ",.;:)(".contains(c) || c.is_ascii_digit());
                let term = term_follows(text, span.end + w.end());
                if words_open(w.as_str()) && caps.name("num").is_none() && name_like && !term {
                    add(
                        span.end + w.start(),
                        span.end + w.end(),
                        kind,
                        "name joined to a name",
                    );
                }
            }
            if let Some(caps) = JOINED_BEFORE.captures(before) {
                let w = caps.name("w").expect("words");
                if words_open(w.as_str()) && !w.as_str().ends_with(char::is_numeric) {
                    add(w.start(), w.end(), kind, "name joined to a name");
                }
            }
            if let Some(caps) = BRACKET_AFTER.captures(after) {
                let w = caps.name("w").expect("words");
                let all_caps = w
                    .as_str()
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                if words_open(w.as_str()) && !all_caps {
                    let k = key(w.as_str());
                    let kind = if GAZETTEER.is_place(&k) {
                        Identifier::Place
                    } else {
                        kind
                    };
                    add(
                        span.end + w.start(),
                        span.end + w.end(),
                        kind,
                        "bracket after a name",
                    );
                }
            }
            if let Some(caps) = NOT_AFTER.captures(after) {
                let w = caps.name("w").expect("word");
                if listed_given(w.as_str()) || unknown(w.as_str()) {
                    add(
                        span.end + w.start(),
                        span.end + w.end(),
                        kind,
                        "name corrected",
                    );
                }
            }
            if text[span.end..].trim_start().starts_with(')') {
                if let Some(caps) = INITIALS_BEFORE.captures(before) {
                    let w = caps.name("w").expect("initials");
                    add(w.start(), w.end(), kind, "initials glossed by a name");
                }
            }
        }
        Identifier::Place | Identifier::Zip => places::beside(text, span, &mut add),
        _ => {}
    }
}
